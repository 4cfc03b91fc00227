"""A job sheet: HTML from the layout's template, then PDF, then its checks.

:meth:`SheetRenderer.html` is the HTML stage (snapshotted by the golden tests);
:meth:`SheetRenderer.render` goes on to PDF and returns the bytes with the page
count and every warning (WeasyPrint's, and a page count over the layout's budget).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from metier.load.workspace import Workspace
from metier.messages import msg
from metier.render.document import DocumentRenderer
from metier.render.layouts import ResolvedLayout
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

    def __init__(self, ws: Workspace, documents: DocumentRenderer | None = None, layout: str | None = None):
        self.ws = ws
        self.documents = documents or DocumentRenderer(ws)
        self.layout_name = layout or ws.project.sheet_layout

    def layout(self, campus_id: str | None) -> tuple[ResolvedLayout, object]:
        """The job-sheet layout of *campus_id* and its Jinja environment (cached per campus)."""
        return self.documents.layout(self.layout_name, campus_id)

    def html(self, profile_id: str, campus_id: str | None = None, campus=None) -> str:
        """The HTML of the sheet of *profile_id* at *campus_id* (*campus*: its data, when overridden)."""
        context = sheet_context(self.ws, profile_id, campus_id, campus)
        layout, _ = self.layout(context.campus_id)
        return self.documents.html(self.layout_name, context.campus_id, context.as_template_vars(),
                                   layout.settings.template or DEFAULT_TEMPLATE)

    def render(self, profile_id: str, campus_id: str | None = None, campus=None, variant: str = "screen") -> SheetResult:
        """The PDF of the sheet of *profile_id* at *campus_id* as *variant* (screen or press), with its warnings."""
        from metier.resolve import build_date

        campus_id = campus_id or self.ws.default_campus
        html = self.html(profile_id, campus_id, campus)
        how = self.documents.variant(variant, campus or self.ws.campus(campus_id)[1])
        rendered = self.documents.render(self.layout_name, campus_id, html, how, build_date())
        budget = self.layout(campus_id)[0].settings.page_budget
        warnings = list(rendered.warnings)
        if budget and rendered.pages > budget:
            warnings.append(msg("over_budget", pages=rendered.pages, budget=budget))
        return SheetResult(rendered.pdf, rendered.pages, budget, warnings)


def render_sheet(workspace: Workspace | Path | str, profile_id: str, campus_id: str | None = None) -> SheetResult:
    """Render one job sheet; *workspace* is a loaded :class:`Workspace` or its folder."""
    if not isinstance(workspace, Workspace):
        from metier.load.workspace import load_workspace

        workspace = load_workspace(workspace)
    return SheetRenderer(workspace).render(profile_id, campus_id)
