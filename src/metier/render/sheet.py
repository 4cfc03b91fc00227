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

GROW_SPARE = 4.0
"""Millimetres of the last page's white space never given to the opening (column balancing moves lines)."""

GROW_GAP = 12.0
"""A larger opening is refused if it leaves more white space than this (mm) at the foot of an earlier page."""


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

    def html(self, profile_id: str, campus_id: str | None = None, campus=None, language: str | None = None,
             grow_mm: float = 0) -> str:
        """The HTML of the sheet of *profile_id* at *campus_id* (*campus*: its data, when overridden), in *language*;
        *grow_mm* more for its opening (see :func:`grown`), which the template receives as ``grow_mm``."""
        context = sheet_context(self.ws, profile_id, campus_id, campus, language)
        layout, _ = self.layout(context.campus_id)
        variables = context.as_template_vars()
        if grow_mm:
            variables["grow_mm"] = grow_mm
        return self.documents.html(self.layout_name, context.campus_id, variables,
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
        def render(h):
            return self.documents.lay_out(self.layout_name, campus_id, h, hows, budget, remote_images=remote_images)

        laid = within_budget(render, html, budget, fit, settings.fit)
        laid = grown(laid, settings, lambda mm: within_budget(
            render, self.html(profile_id, campus_id, campus, language, grow_mm=mm), budget, (), settings.fit))
        return written(laid, build_date())


def grown(first: Budgeted, settings, again) -> Budgeted:
    """*first*, or the sheet laid out *again* (a function of the millimetres) with a larger opening.

    When the layout lets its opening grow (``grow_opening`` in ``layout.yaml``)
    and the last page of a sheet of several pages is filled under the
    layout's ``fill_min``, the white space at the foot of that page, up to
    ``grow_opening``, is given to the opening of page 1 (its photo or title
    band): the text moves down and the last page fills. The larger layout is
    kept only when it has as many pages, no overflow, and no earlier page
    left with a gap at its foot (over :data:`GROW_GAP`, a block pushed on to
    the next page); a fitted sheet is never grown (it is already tight).
    """
    rendered = first.rendered
    if (not settings.grow_opening or first.fitted or rendered.overflow is not None or first.pages < 2
            or not rendered.fill or rendered.fill[-1] >= settings.fill_min):
        return first
    space = min(settings.grow_opening, rendered.space_left[-1] - GROW_SPARE)
    if space <= 0:
        return first
    larger = again(round(space, 1))
    if larger.pages != first.pages or larger.rendered.overflow is not None:
        return first
    before, after = rendered.space_left[:-1], larger.rendered.space_left[:-1]
    if any(gap > max(GROW_GAP, was) for gap, was in zip(after, before)):
        return first  # a block that no longer fits at the foot of a page went on to the next one
    return larger


def render_sheet(workspace: Workspace | Path | str, profile_id: str, campus_id: str | None = None) -> SheetResult:
    """Render one job sheet; *workspace* is a loaded :class:`Workspace` or its folder."""
    if not isinstance(workspace, Workspace):
        from metier.load.workspace import load_workspace

        workspace = load_workspace(workspace)
    return SheetRenderer(workspace).render(profile_id, campus_id)
