"""A job sheet: HTML from the layout's template, then PDF, then its checks.

:meth:`SheetRenderer.html` is the HTML stage (snapshotted by the golden tests);
:meth:`SheetRenderer.render` goes on to PDF and returns the bytes with the page
count and every warning (WeasyPrint's, and a page count over the layout's budget).
"""

from __future__ import annotations

from pathlib import Path

from metier.load.workspace import Workspace
from metier.render.document import DocumentRenderer
from metier.render.fitting import Budgeted, within_budget, written
from metier.render.layouts import ResolvedLayout
from metier.resolve import sheet_context

DEFAULT_TEMPLATE = "sheet.html.j2"


SheetResult = Budgeted
"""A rendered sheet: PDF bytes, pages, budget, warnings (layout and budget), overflow and fitting steps."""


class SheetRenderer:
    """Renders the job sheets of one workspace, sharing fonts and layouts across a batch."""

    def __init__(self, ws: Workspace, documents: DocumentRenderer | None = None, layout: str | None = None):
        self.ws = ws
        self.documents = documents or DocumentRenderer(ws)
        self.layout_name = layout or ws.project.sheet_layout

    def layout(self, campus_id: str | None) -> tuple[ResolvedLayout, object]:
        """The job-sheet layout of *campus_id* and its Jinja environment (cached per campus)."""
        return self.documents.layout(self.layout_name, campus_id)

    def html(self, profile_id: str, campus_id: str | None = None, campus=None, language: str | None = None) -> str:
        """The HTML of the sheet of *profile_id* at *campus_id* (*campus*: its data, when overridden), in *language*."""
        context = sheet_context(self.ws, profile_id, campus_id, campus, language)
        layout, _ = self.layout(context.campus_id)
        return self.documents.html(self.layout_name, context.campus_id, context.as_template_vars(),
                                   layout.settings.template or DEFAULT_TEMPLATE)

    def render(self, profile_id: str, campus_id: str | None = None, campus=None, variant: str = "screen",
               fit=(), language: str | None = None, remote_images: bool = False) -> SheetResult:
        """The PDF of the sheet of *profile_id* at *campus_id* as *variant* (screen or press), with its warnings.

        A sheet over the layout's page budget is reported with the section that
        crossed the last page; the *fit* steps a target allows are tried first.
        *language* (default: the project's) sets labels, number and date
        formats and hyphenation; *remote_images* lets images at http(s)
        addresses be fetched (a target's ``remote_images``).
        """
        return self.render_variants(profile_id, campus_id, campus, (variant,), fit, language, remote_images)[0]

    def render_variants(self, profile_id: str, campus_id: str | None = None, campus=None, variants=("screen",),
                        fit=(), language: str | None = None, remote_images: bool = False) -> list[SheetResult]:
        """The sheet as each of *variants* ("screen", "press"), laid out once for both where that can be done
        (see :mod:`metier.render.ink`), fitted once; the results in the order of *variants*."""
        from metier.resolve import build_date

        campus_id = campus_id or self.ws.default_campus
        html = self.html(profile_id, campus_id, campus, language)
        data = campus or self.ws.campus(campus_id)[1]
        hows = tuple(self.documents.variant(variant, data) for variant in variants)
        settings = self.layout(campus_id)[0].settings
        budget = settings.page_budget
        laid = within_budget(lambda h: self.documents.lay_out(self.layout_name, campus_id, h, hows, budget,
                                                               remote_images=remote_images),
                             html, budget, fit, settings.fit)
        return written(laid, build_date())


def render_sheet(workspace: Workspace | Path | str, profile_id: str, campus_id: str | None = None) -> SheetResult:
    """Render one job sheet; *workspace* is a loaded :class:`Workspace` or its folder."""
    if not isinstance(workspace, Workspace):
        from metier.load.workspace import load_workspace

        workspace = load_workspace(workspace)
    return SheetRenderer(workspace).render(profile_id, campus_id)
