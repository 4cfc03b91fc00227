"""What a laid-out document's pages hold: overflow past a page budget, headings left alone, blocks split.

WeasyPrint lays a document out into pages of boxes before it writes the PDF.
This module reads those boxes, so a page count over budget can be explained
in the terms a writer can act on: *which* part of the profile crossed the last
allowed page, and *how much* text lies beyond it (in millimetres and lines).
It also checks two rules of good pagination that CSS asks for but cannot
always obtain: no heading is the last thing on a page, and no block marked
``break-inside: avoid`` (a summary box, a table row, a testimonial) is split
over two pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

from metier.messages import msg

PX_TO_MM = 25.4 / 96
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SECTIONING = frozenset({"section", "figure", "footer", "header", "aside", "table", "address", "article"})
_NOT_IN_FLOW = (boxes.MarginBox,)


@dataclass(frozen=True)
class Overflow:
    """How a document runs past its page budget."""

    pages: int
    budget: int
    section: str
    """The part that crossed the last allowed page (its heading, or its class)."""
    split: bool
    """True when that part starts within the budget and runs on past it; False when it starts after."""
    mm: float
    """Height of the content laid out beyond the budget, in millimetres."""
    lines: int
    """Lines of text laid out beyond the budget."""

    @property
    def amount(self) -> str:
        """How much is too much, in words: millimetres and lines."""
        return msg("overflow_amount", mm=f"{self.mm:.0f}", lines=self.lines)

    def message(self, tried: list[str] = ()) -> str:
        """The over-budget warning: pages, budget, the part that crossed, by how much, and the *tried* fitting steps."""
        steps = msg("fit_tried", steps=", ".join(tried)) if tried else ""
        return msg("over_budget_split" if self.split else "over_budget_after", pages=self.pages, budget=self.budget,
                   section=self.section, amount=self.amount, tried=steps)

    def as_dict(self) -> dict:
        """The overflow as plain data, for the build report, the cache and the contact sheet."""
        return {"pages": self.pages, "budget": self.budget, "section": self.section, "split": self.split,
                "mm": self.mm, "lines": self.lines, "amount": self.amount}


@dataclass(frozen=True)
class PageProblem:
    """A pagination rule a page breaks: a heading alone at its bottom, or a block split over two pages."""

    kind: str  # "lonely heading" or "split block"
    page: int
    what: str

    def message(self) -> str:
        """The warning a writer or layout designer reads."""
        if self.kind == "lonely heading":
            return msg("lonely_heading", heading=self.what, page=self.page)
        return msg("split_block", what=self.what, page=self.page, next=self.page + 1)


def overflow(pages, budget: int | None) -> Overflow | None:
    """How the laid-out *pages* (WeasyPrint's ``document.pages``) run past *budget*, or None when they fit."""
    if not budget or len(pages) <= budget:
        return None
    beyond = [_body(page) for page in pages[budget:]]
    first = _top_level(beyond[0])[:1]
    if not first:
        return None
    element = _named_part(first[0])
    on_last_allowed = {id(box.element) for box in _descendants(_body(pages[budget - 1])) if box.element is not None}
    mm = 0.0
    lines = 0
    for page, body in zip(pages[budget:], beyond):
        top = page._page_box.content_box_y()
        bottom = max((child.position_y + child.margin_height() for child in _top_level(body)), default=top)
        mm += max(0.0, bottom - top) * PX_TO_MM
        lines += sum(1 for box in _descendants(body) if isinstance(box, boxes.LineBox) and _has_text(box))
    return Overflow(pages=len(pages), budget=budget, section=_name(element), split=id(element) in on_last_allowed,
                    mm=round(mm, 1), lines=lines)


def page_problems(pages) -> list[PageProblem]:
    """Headings left alone at the bottom of a page, and unbreakable blocks split over pages, in page order."""
    problems: list[PageProblem] = []
    seen: dict[int, tuple[int, object]] = {}  # element id -> (first page, element) of blocks that must not split
    reported: set[int] = set()
    for number, page in enumerate(pages, 1):
        body = _body(page)
        if number < len(pages):
            heading = _last_heading(body)
            if heading is not None:
                problems.append(PageProblem("lonely heading", number, _text(heading)))
        for box in _descendants(body):
            element = box.element
            if element is None or not isinstance(box, boxes.BlockLevelBox) and not isinstance(box, boxes.TableRowBox):
                continue
            if box.style["break_inside"] not in ("avoid", "avoid-page") or box.element_tag in HEADINGS:
                continue
            first = seen.setdefault(id(element), (number, element))[0]
            if first != number and id(element) not in reported:
                reported.add(id(element))
                problems.append(PageProblem("split block", first, _name(element)))
    return problems


def _body(page):
    """The body box of a laid-out page (or the root box when there is no body)."""
    root = next(child for child in page._page_box.children if not isinstance(child, _NOT_IN_FLOW))
    for child in getattr(root, "children", ()):
        if child.element_tag == "body":
            return child
    return root


def _top_level(body) -> list:
    """The in-flow children of *body* on one page, down through single wrappers (a ``<main>``, a ``<div>``)."""
    children = [c for c in getattr(body, "children", ()) if not isinstance(c, _NOT_IN_FLOW)]
    while len(children) == 1 and children[0].element_tag in ("main", "div") and getattr(children[0], "children", None):
        children = list(children[0].children)
    return children


def _named_part(box):
    """The outermost sectioning element on the first-child chain from *box*: what a writer calls a section."""
    chain = box
    while chain is not None:
        element = chain.element
        if element is not None and (element.tag in SECTIONING or "section" in (element.get("class") or "").split()):
            return element
        children = getattr(chain, "children", None)
        chain = children[0] if children else None
    return box.element


def _name(element) -> str:
    """A part's name for a writer: its first heading's text, else its class, else its tag."""
    if element is None:
        return "?"
    for heading in element.iter():
        if heading.tag in HEADINGS or heading.tag == "figcaption":
            text = _text(heading)
            if text:
                return text
    if element.tag in HEADINGS:
        return _text(element)
    classes = [c for c in (element.get("class") or "").split() if c != "section"]
    return classes[0] if classes else element.tag


def _text(element) -> str:
    text = " ".join("".join(element.itertext()).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _descendants(box, into_lines: bool = False):
    """*box* and the boxes under it, in document order, margin boxes left out; the inline content of line
    boxes only *into_lines*."""
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        children = getattr(current, "children", None)
        if children and (into_lines or not isinstance(current, boxes.LineBox)):
            stack.extend(reversed([c for c in children if not isinstance(c, _NOT_IN_FLOW)]))


def _has_text(line) -> bool:
    return any(isinstance(box, boxes.TextBox) and box.text.strip() for box in _descendants(line, into_lines=True))


def _last_heading(body):
    """The heading element that is the last in-flow block of a page, if it is one."""
    box = body
    while True:
        if box.element_tag in HEADINGS:
            return box.element
        children = [c for c in getattr(box, "children", ()) or ()
                    if not isinstance(c, (boxes.LineBox, *_NOT_IN_FLOW)) and c.style["position"] not in ("absolute", "fixed")
                    and c.style["float"] == "none"]
        if not children or isinstance(box, (boxes.TableBox, boxes.FlexContainerBox)):
            return None
        box = children[-1]
