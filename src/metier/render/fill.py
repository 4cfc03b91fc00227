"""How well a laid-out page is filled: the share of its height that holds something.

A page is measured from WeasyPrint's boxes: every line of text, every picture
or inline SVG (a QR code, a chart), and every block with a visible background
(a title band, a summary box) covers a horizontal stripe of the page; the
stripes are merged, clipped to the page's content area (inside its margins),
and their total height is divided by that area's height. A flyer whose pitch
ends half-way down, above a footer pinned to the bottom, is 50 % filled: the
white void between them counts as empty, as a reader sees it.

Pages meant to be sparse are not measured: the named pages of
:data:`EXEMPT_PAGES` (covers, dividers, the back cover, notes, a table of
contents), the last measured page of a document of several pages, and the
page where an element marked ``data-fill="ends"`` ends (a brochure's entry of
one profile): the end of a text falls where it falls, on a sheet's last page
as on the last page of each entry. See :func:`underfilled`.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

from metier.messages import msg

MIN_FILL = 0.6
"""Below this share of its height filled, a page is reported (a layout may set its own ``fill.min``)."""

EXEMPT_PAGES = frozenset({"cover", "divider", "back", "notes", "contents"})
"""Named pages (CSS ``page:``) that are sparse by design."""


@dataclass(frozen=True)
class Underfilled:
    """A page filled under the layout's minimum."""

    page: int
    fill: float
    limit: float

    def message(self) -> str:
        """The layout warning, as an overflow is reported."""
        return msg("page_underfilled", page=self.page, percent=f"{self.fill * 100:.0f}", limit=f"{self.limit * 100:.0f}")


def page_fill(page) -> float:
    """The share (0 to 1) of the content area's height of WeasyPrint *page* that holds text, pictures or colour."""
    return _measure(page)[0]


def space_left(page) -> float:
    """The height, in millimetres, of the empty stripe between the last content of WeasyPrint *page* and its bottom margin."""
    return _measure(page)[1] * 25.4 / 96


def _measure(page) -> tuple[float, float]:
    """The filled share of *page*'s content height, and the empty height below its last content (CSS px)."""
    box = page._page_box
    top = box.content_box_y()
    bottom = top + box.height
    if bottom <= top:
        return 1.0, 0.0
    stripes = []
    for child in box.children:
        if isinstance(child, boxes.MarginBox):
            continue  # running headers and footers are not content
        stripes.extend(_stripes(child))
    covered, end = 0.0, top
    for start, stop in sorted((max(a, top), min(b, bottom)) for a, b in stripes):
        if stop <= end:
            continue
        covered += stop - max(start, end)
        end = stop
    return covered / (bottom - top), max(0.0, bottom - end)


def measure(page) -> tuple[float, float]:
    """:func:`page_fill` and :func:`space_left` of WeasyPrint *page*, measured in one walk of its boxes."""
    fill, left = _measure(page)
    return fill, left * 25.4 / 96


def underfilled(pages, fills, limit: float = MIN_FILL, exempt=EXEMPT_PAGES) -> list[Underfilled]:
    """The pages of laid-out *pages* whose *fills* are under *limit*, but for named pages in *exempt* and a last page."""
    ends = _text_ends(pages)
    measured = [number for number, page in enumerate(pages, 1)
                if getattr(page._page_box.page_type, "name", None) not in exempt and number not in ends]
    if len(pages) > 1 and measured:
        measured.pop()  # the last page of the text
    found = []
    for number in measured:
        fill = fills[number - 1]
        if fill < limit:
            found.append(Underfilled(number, round(fill, 3), limit))
    return found


def _text_ends(pages) -> set[int]:
    """The numbers of the pages where an element marked ``data-fill="ends"`` has its last box."""
    last: dict[int, int] = {}
    for number, page in enumerate(pages, 1):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = box.element
            if element is not None and element.get("data-fill") == "ends":
                last[id(element)] = number
                continue
            if not isinstance(box, boxes.LineBox):
                stack.extend(getattr(box, "children", ()) or ())
    return set(last.values())


def _stripes(root):
    """The (top, bottom) of every box under *root* that shows something."""
    stack = [root]
    while stack:
        box = stack.pop()
        box = getattr(box, "_box", box)  # an absolutely positioned box, behind its placeholder
        if isinstance(box, boxes.LineBox):
            if _has_content(box):
                yield box.position_y, box.position_y + box.margin_height()
            continue
        if isinstance(box, boxes.ReplacedBox) or _painted(box):
            y = box.border_box_y() if hasattr(box, "border_box_y") else box.position_y
            yield y, y + box.border_height()
            if isinstance(box, boxes.ReplacedBox):
                continue
        stack.extend(getattr(box, "children", ()) or ())


def _painted(box) -> bool:
    """Whether *box* paints a background colour or image that is not transparent."""
    style = box.style
    colour = style["background_color"]
    if getattr(colour, "alpha", 0) > 0:
        return True
    images = style["background_image"]
    return any(kind != "none" for kind, _ in images)


def _has_content(line) -> bool:
    stack = list(line.children)
    while stack:
        box = stack.pop()
        box = getattr(box, "_box", box)  # an absolutely positioned box, behind its placeholder
        if isinstance(box, boxes.TextBox) and box.text.strip():
            return True
        if isinstance(box, boxes.ReplacedBox) or isinstance(box, boxes.InlineBlockBox):
            return True
        stack.extend(getattr(box, "children", ()) or ())
    return False
