"""A job sheet: HTML from the layout's template, then PDF, then its checks.

:func:`sheet_html` is the HTML stage (snapshotted by the golden tests);
:func:`render_sheet` goes on to PDF and returns the bytes with the page count
and every warning (WeasyPrint's, and a page count over the layout's budget).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from metier.errors import MetierError
from metier.load.workspace import Workspace
from metier.messages import msg
from metier.render.environment import make_environment, template_location
from metier.render.layouts import ResolvedLayout, resolve_layout
from metier.resolve import sheet_context

DEFAULT_TEMPLATE = "sheet.html.j2"


@dataclass
class SheetResult:
    """A rendered sheet: PDF bytes, pages, and warnings (layout and budget)."""

    pdf: bytes
    pages: int
    budget: int | None
    warnings: list[str] = field(default_factory=list)


class SheetRenderer:
    """Renders the job sheets of one workspace, sharing fonts and layouts across a batch."""

    def __init__(self, ws: Workspace):
        from metier.render.pdf import PdfRenderer  # WeasyPrint is imported only to render

        self.ws = ws
        self.pdf = PdfRenderer()
        self._layouts: dict[str | None, tuple[ResolvedLayout, object]] = {}

    def layout(self, campus_id: str | None) -> tuple[ResolvedLayout, object]:
        """The job-sheet layout of *campus_id* and its Jinja environment (cached per campus)."""
        if campus_id not in self._layouts:
            layout = resolve_layout(self.ws.project.sheet_layout, self.ws.root, campus_id)
            self._layouts[campus_id] = (layout, make_environment(layout, self.ws.project.language))
        return self._layouts[campus_id]

    def html(self, profile_id: str, campus_id: str | None = None) -> str:
        """The HTML of the sheet of *profile_id* at *campus_id*."""
        context = sheet_context(self.ws, profile_id, campus_id)
        layout, env = self.layout(context.campus_id)
        name = layout.settings.template or DEFAULT_TEMPLATE
        try:
            return env.get_template(name).render(**context.as_template_vars())
        except TemplateNotFound as exc:
            raise MetierError(msg("template_not_found", name=exc.name,
                                  path=", ".join(template_location(p, self.ws.root) for p in layout.search_path)))
        except TemplateSyntaxError as exc:
            raise MetierError(msg("template_error", name=template_location(exc.filename or name, self.ws.root),
                                  line=exc.lineno, problem=exc.message))
        except TemplateError as exc:
            raise MetierError(msg("template_error", name=name, line="?", problem=str(exc)))

    def render(self, profile_id: str, campus_id: str | None = None) -> SheetResult:
        """The PDF of the sheet of *profile_id* at *campus_id*, with its warnings."""
        from metier.render.fetcher import ConfinedFetcher

        html = self.html(profile_id, campus_id)
        campus_id = campus_id or self.ws.default_campus
        layout, _ = self.layout(campus_id)
        rendered = self.pdf.render(html, ConfinedFetcher(layout, self.ws.root))
        warnings = [msg("weasyprint_warning", message=w) for w in rendered.warnings]
        budget = layout.settings.page_budget
        if budget and rendered.pages > budget:
            warnings.append(msg("over_budget", pages=rendered.pages, budget=budget))
        return SheetResult(rendered.pdf, rendered.pages, budget, warnings)


def render_sheet(workspace: Workspace | Path | str, profile_id: str, campus_id: str | None = None) -> SheetResult:
    """Render one job sheet; *workspace* is a loaded :class:`Workspace` or its folder."""
    if not isinstance(workspace, Workspace):
        from metier.load.workspace import load_workspace

        workspace = load_workspace(workspace)
    return SheetRenderer(workspace).render(profile_id, campus_id)
