"""Brochures and flyers: many profiles of one campus in one document, or one teaser page each.

A brochure is one WeasyPrint document (cover, campus page, contents, a divider
per category, a condensed entry per profile, programmes, back cover) so that
the table of contents gets real page numbers from ``target-counter()`` and the
PDF outline from the headings' bookmark levels. After layout, the page of every
entry is read back from the document's anchors to check each entry against its
page budget. A flyer is one A5 page per profile from the ``flyer`` layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from metier.load.workspace import Workspace
from metier.messages import msg
from metier.model.project import Target
from metier.render.document import DocumentRenderer, Rendered
from metier.render.fitting import Budgeted, within_budget, written
from metier.resolve import brochure_context, build_date, entry_anchor

NOTES_TEMPLATE = "notes.html.j2"
DEFAULT_ENTRY_BUDGET = 2


@dataclass
class BrochureResult:
    """A rendered brochure: PDF, page count, the pages of each entry, and warnings."""

    pdf: bytes
    pages: int
    entry_pages: dict[str, tuple[int, int]] = field(default_factory=dict)  # profile id -> first, last page
    warnings: list[str] = field(default_factory=list)


GROW_FROM = 6.0
"""White space (mm, below a flyer's foot) from which a flyer is laid out again to give it to its photo or band."""

GROW_SPARE = 2.0
"""What is left of that white space, in mm, against rounding (so the grown flyer never runs over)."""


class BrochureRenderer:
    """Renders the brochures, notes pages and flyers of one workspace."""

    def __init__(self, ws: Workspace, documents: DocumentRenderer | None = None):
        self.ws = ws
        self.documents = documents or DocumentRenderer(ws)

    def _layout(self, target: Target) -> str:
        return target.layout_name(self.ws.project.sheet_layout)

    def _context(self, target_id: str, target: Target, campus_id: str, profile_ids, page_size: str):
        return brochure_context(self.ws, target_id, target, campus_id, list(profile_ids), page_size)

    def page_size(self, target: Target, campus_id: str, *, booklet: bool = False) -> str:
        """The paper size of a target's brochure: A5 for a booklet, else the target's or the layout's."""
        if booklet:
            return "A5"
        layout, _ = self.documents.layout(self._layout(target), campus_id)
        return target.page_size or layout.settings.page_size

    def html(self, target_id: str, target: Target, campus_id: str, profile_ids, *, booklet: bool = False) -> str:
        """The HTML of a target's brochure at *campus_id*."""
        context = self._context(target_id, target, campus_id, profile_ids, self.page_size(target, campus_id, booklet=booklet))
        return self.documents.html(self._layout(target), campus_id, context.as_template_vars())

    def _variant(self, variant: str, target_id: str, target: Target, campus_id: str, booklet: bool = False):
        """The variant to write; a booklet's pages get no crop marks of their own (its sheets get them)."""
        from dataclasses import replace

        from metier.resolve import target_campus

        if variant != "press":
            return self.documents.variant(variant)
        how = self.documents.variant(variant, target_campus(self.ws, target_id, target, campus_id))
        return replace(how, marks=False) if booklet else how

    def render(self, target_id: str, target: Target, campus_id: str, profile_ids, *, booklet: bool = False,
               variant: str = "screen") -> BrochureResult:
        """The brochure PDF as *variant*, with a warning for each entry over its page budget."""
        return self.render_variants(target_id, target, campus_id, profile_ids, (variant,), booklet=booklet)[0]

    def render_variants(self, target_id: str, target: Target, campus_id: str, profile_ids, variants=("screen",),
                        *, booklet: bool = False) -> list[BrochureResult]:
        """The brochure as each of *variants*, laid out once for a screen and a press file
        (:mod:`metier.render.ink`); each with a warning for each entry over its page budget."""
        return self.render_documents(campus_id, profile_ids,
                                     [(target_id, target, variant, booklet) for variant in variants])

    def render_documents(self, campus_id: str, profile_ids, wanted) -> list[BrochureResult]:
        """The brochures of the same entries that *wanted* lists, as (target id, target, variant, booklet),
        one result each, in that order.

        Requests whose HTML is the same (a booklet and an A5 brochure of the same
        profiles, titles and layout) are laid out once and written for each, so
        that a build never lays the same document out twice.
        """
        groups: dict[tuple, list[int]] = {}
        for index, (target_id, target, _, booklet) in enumerate(wanted):
            html = self.html(target_id, target, campus_id, profile_ids, booklet=booklet)
            groups.setdefault((self._layout(target), html, target.remote_images), []).append(index)
        results: list = [None] * len(wanted)
        for (name, html, remote), indexes in groups.items():
            hows = tuple(self._variant(wanted[i][2], wanted[i][0], wanted[i][1], campus_id, wanted[i][3])
                         for i in indexes)
            laid = self.documents.lay_out(name, campus_id, html, hows, remote_images=remote)
            for index, rendered in zip(indexes, laid.write(build_date())):
                results[index] = self._result(rendered, wanted[index][1], name, campus_id, profile_ids)
        return results

    def _result(self, rendered, target: Target, name: str, campus_id: str, profile_ids) -> BrochureResult:
        """*rendered* as a brochure result, with a warning for each entry over the target's page budget."""
        layout, _ = self.documents.layout(name, campus_id)
        budget = target.entry_budget or layout.settings.entry_budget or DEFAULT_ENTRY_BUDGET
        pages = entry_pages(rendered, [entry_anchor(p) for p in profile_ids])
        result = BrochureResult(rendered.pdf, rendered.pages, {}, list(rendered.warnings))
        for pid, (first, last) in zip(profile_ids, pages):
            result.entry_pages[pid] = (first, last)
            if last - first + 1 > budget:
                result.warnings.append(msg("entry_over_budget", profile=pid, pages=last - first + 1, budget=budget))
        return result

    def notes(self, target_id: str, target: Target, campus_id: str, variant: str = "screen") -> bytes:
        """One A5 "Notes" page in the brochure's style, to pad a booklet to a multiple of four pages."""
        name = self._layout(target)
        context = self._context(target_id, target, campus_id, [], "A5")
        html = self.documents.html(name, campus_id, context.as_template_vars(), NOTES_TEMPLATE)
        return self.documents.render(name, campus_id, html, self._variant(variant, target_id, target, campus_id, True),
                                     build_date(), remote_images=target.remote_images).pdf

    def flyer_html(self, target_id: str, target: Target, campus_id: str, profile_id: str, grow_mm: float = 0,
                   room: str | None = None) -> str:
        """The HTML of the A5 flyer of *profile_id* at *campus_id*; *grow_mm* more for its photo or title band,
        *room* ("roomy", "regular", "tight") instead of what the template guesses from the text's length."""
        context = self._context(target_id, target, campus_id, [profile_id], "A5")
        variables = context.as_template_vars()
        variables["entry"] = variables["entries"][0]
        variables["grow_mm"] = grow_mm
        if room:
            variables["room"] = room
        return self.documents.html(self._layout(target), campus_id, variables)

    def flyer(self, target_id: str, target: Target, campus_id: str, profile_id: str,
              variant: str = "screen") -> Budgeted:
        """The A5 flyer of *profile_id* as *variant*, fitted into its one page if the target allows it.

        A flyer over the layout's page budget (one page) is reported with the
        part that crossed the page; the target's ``fit`` steps are tried first.
        A flyer that fits with white space to spare (over :data:`GROW_FROM` mm
        below its foot) is laid out again with that space given to its photo
        or title band (``grow_mm``), so that the page fills; if that one ran
        over, the first is kept.
        """
        return self.flyer_variants(target_id, target, campus_id, profile_id, (variant,))[0]

    def flyer_variants(self, target_id: str, target: Target, campus_id: str, profile_id: str,
                       variants=("screen",)) -> list[Budgeted]:
        """The flyer as each of *variants*, laid out and fitted once for a screen and a press file."""
        name = self._layout(target)
        hows = tuple(self._variant(variant, target_id, target, campus_id) for variant in variants)
        settings = self.documents.layout(name, campus_id)[0].settings
        budget = settings.page_budget or 1

        def render(html):
            return self.documents.lay_out(name, campus_id, html, hows, budget, remote_images=target.remote_images)

        html = partial(self.flyer_html, target_id, target, campus_id, profile_id)
        room = None
        first = within_budget(render, html(), budget, (), settings.fit)
        if first.rendered.overflow:  # the template's guess was too generous: the fewest facts, the smallest photo
            room = "tight"
            first = within_budget(render, html(room=room), budget, target.fit, settings.fit)
        space = first.rendered.space_left[0] if first.rendered.space_left and first.pages == 1 else 0
        if space >= GROW_FROM and not first.fitted:
            grown = within_budget(render, html(space - GROW_SPARE, room), budget, (), settings.fit)
            if not grown.rendered.overflow:
                first = grown
        return written(first, build_date())


def entry_pages(rendered: Rendered, anchors: list[str]) -> list[tuple[int, int]]:
    """First and last page of each anchored entry: an entry ends where the next anchored part begins."""
    starts = sorted(rendered.anchors[a] for a in rendered.anchors if a.startswith(("profile-", "part-", "section-")))
    out = []
    for anchor in anchors:
        first = rendered.anchors.get(anchor, 0)
        following = [s for s in starts if s > first]
        out.append((first, (following[0] - 1) if following else rendered.pages))
    return out
