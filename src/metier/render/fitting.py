"""Fit a document into its page budget: the opt-in fitting steps and the stylesheet each adds.

A target may allow metier to make an overflowing sheet or flyer fit, with
``fit: [spacing, size, optional]`` in ``metier.yaml``. The allowed steps are
tried in this order, each on top of the previous ones, and the first result
that fits is kept:

1. ``spacing``: the layout's ``fit-spacing.css`` (tighter leading and gaps
   between blocks; the base layout has one, a layout may bring its own);
2. ``size``: a smaller body text, by steps of 0.2 pt, never below the layout's
   ``fit.min_body_size``;
3. ``optional``: the sections the layout lists in ``fit.optional`` are left out.

Each step applied is reported with the output, so a reviewer knows why a
sheet looks tighter than its neighbours; a document that still does not fit
is reported as over budget, with the steps tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from metier.render.environment import ASSET_ROOT

STEPS = ("spacing", "size", "optional")
SIZE_STEP_PT = 0.2
SPACING_SHEET = "fit-spacing.css"


@dataclass
class Fitted:
    """The result of fitting: the rendered document and the steps that were applied, in words."""

    rendered: object
    steps: list[str]


@dataclass
class Budgeted:
    """A document rendered within its page budget if it could be: what to write, and what to report."""

    rendered: object
    fitted: list[str]
    """The fitting steps the kept rendering used (empty when it needed none, or when none was enough)."""
    warnings: list[str]
    """The rendering's warnings, and the over-budget warning naming the part that crossed the last page."""
    budget: int | None = None
    """The page budget it was measured against."""

    @property
    def pdf(self) -> bytes:
        """The PDF bytes of the kept rendering."""
        return self.rendered.pdf

    @property
    def pages(self) -> int:
        """Its page count."""
        return self.rendered.pages

    @property
    def overflow(self) -> dict | None:
        """How it runs past its budget, as plain data (None when it fits)."""
        return self.rendered.overflow.as_dict() if self.rendered.overflow else None


def within_budget(render: Callable[[str], object], html: str, budget: int | None, allowed, settings) -> Budgeted:
    """Render *html* and, when it runs past *budget* and the target *allowed* fitting steps, try them.

    *settings* are the layout's fitting limits (:class:`~metier.model.layout.Fit`).
    When no step makes the document fit, the unfitted rendering is kept (it
    is what the writer wrote) and the warning says which steps were tried.
    """
    first = render(html)
    rendered, steps = first, []
    if first.overflow is not None and allowed:
        fitted = fit(render, html, first, allowed, settings.min_body_size, settings.optional)
        if fitted.rendered.overflow is None:
            rendered = fitted.rendered
        steps = fitted.steps
    warnings = list(rendered.warnings)
    if rendered.overflow is not None:
        warnings.append(rendered.overflow.message(steps))
    return Budgeted(rendered, steps if rendered is not first else [], warnings, budget)


def written(budgeted: Budgeted, date=None) -> list[Budgeted]:
    """A :class:`Budgeted` laid-out document (:class:`~metier.render.document.Laid`) written as each of its
    variants, every file with the warnings of its writing and the over-budget warning of the layout."""
    laid = budgeted.rendered
    extra = [w for w in budgeted.warnings if w not in laid.warnings]  # the over-budget message, if any
    return [Budgeted(rendered, budgeted.fitted, rendered.warnings + extra, budgeted.budget)
            for rendered in laid.write(date)]


def fit(render: Callable[[str], object], html: str, first, allowed, min_body_size: float | None,
        optional: list[str]) -> Fitted:
    """Render *html* again with the *allowed* fitting steps, in order, until it fits its budget.

    *render* lays out an HTML string and returns an object with ``overflow``
    (None when it fits) and ``body_size`` (pt) attributes; *first* is the
    unfitted rendering of *html*.
    """
    best = first
    body_size = first.body_size
    extra: list[str] = []
    steps: list[str] = []
    optional = [key for key in optional if f"section {key}" in html]

    def again(markup: str):
        return render(html.replace("</head>", markup + "</head>", 1))

    for step in STEPS:
        if step not in allowed or best.overflow is None:
            continue
        if step == "spacing":
            extra.append(f'<link rel="stylesheet" href="{ASSET_ROOT}{SPACING_SHEET}">')
            steps.append("tighter spacing")
            best = again("".join(extra))
        elif step == "size" and body_size and min_body_size and body_size - SIZE_STEP_PT >= min_body_size - 1e-6:
            size = body_size
            while best.overflow is not None and size - SIZE_STEP_PT >= min_body_size - 1e-6:
                size = round(size - SIZE_STEP_PT, 1)
                best = again("".join(extra) + f"<style>html {{ font-size: {size}pt; }}</style>")
            extra.append(f"<style>html {{ font-size: {size}pt; }}</style>")
            steps.append(f"body text {_pt(body_size)} → {_pt(size)} pt")
        elif step == "optional" and optional:
            selectors = ", ".join(f".section.{key}" for key in optional)
            extra.append(f"<style>{selectors} {{ display: none; }}</style>")
            steps.append("left out: " + ", ".join(optional))
            best = again("".join(extra))
    return Fitted(best, steps)


def _pt(size: float) -> str:
    return f"{size:.1f}"
