"""Printer's marks: crop marks and fold marks drawn outside the bleed, on a page grown to hold them.

WeasyPrint lays a press page out with its bleed (the page box plus 3 mm on
each side, where backgrounds run on) and sets the TrimBox and BleedBox. Its
own crop marks would be drawn inside that narrow bleed, over the artwork, so
metier draws its own after layout: the MediaBox grows by a slug around the
bleed, and thin registration-colour lines (all four inks) mark the trimmed
edges at each corner, starting just outside the bleed, as printers expect.
A folded booklet sheet also gets fold marks at the middle of its top and
bottom edges.

Pages are changed with pypdf: content, fonts and the document's PDF/X output
intent and metadata are kept as they are.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, RectangleObject

MM = 72 / 25.4
"""PostScript points per millimetre."""

MARK_LENGTH = 5 * MM
MARK_GAP = 1 * MM
"""Crop marks are 5 mm long and start 1 mm past the bleed (never closer than 3 mm to the trim)."""

LINE = 0.25
"""Mark line width, in points (a hairline that still prints)."""

Box = tuple[float, float, float, float]  # left, bottom, right, top


def slug(bleed: float) -> float:
    """How far (points) the media reaches past the trim to hold the bleed and marks."""
    return _offset(bleed) + MARK_LENGTH + MARK_GAP


def add_marks(pdf: bytes, bleed: float, *, marks: bool = True, folds: bool = False, condition: str | None = None,
              flatten: bool = False) -> bytes:
    """*pdf* with every page's media grown around its TrimBox, crop marks (and fold marks) drawn.

    *bleed* is in points. The TrimBox is the page as trimmed, the BleedBox the
    trim plus *bleed*, the MediaBox and CropBox the trim plus :func:`slug`.
    Without *marks* the media stops at the bleed. The file is then made
    PDF/X again (:func:`metier.press.pdfx.finish`): *condition* names the
    output intent's printing condition, *flatten* is for PDF/X-1a.
    """
    from metier.press.pdfx import finish

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # PDF/X-4 is PDF 1.6
    for page in writer.pages:
        trim = _box(page.trimbox)
        set_boxes(page, trim, bleed, marks=marks)
        if marks:
            draw(page, mark_lines(trim, bleed, folds=folds))
    finish(writer, pdf, condition=condition, flatten=flatten)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def set_boxes(page: PageObject, trim: Box, bleed: float, *, marks: bool = True) -> None:
    """Set *page*'s TrimBox to *trim*, its BleedBox to *trim* + *bleed*, its media to hold the marks."""
    outer = slug(bleed) if marks else bleed
    page.trimbox = RectangleObject(_grow(trim, 0))
    page.bleedbox = RectangleObject(_grow(trim, bleed))
    if "/ArtBox" in page:  # PDF/X: a page has a TrimBox or an ArtBox, not both
        del page[NameObject("/ArtBox")]
    page.mediabox = RectangleObject(_grow(trim, outer))
    page.cropbox = RectangleObject(_grow(trim, outer))


def mark_lines(trim: Box, bleed: float, *, folds: bool = False) -> list[tuple[float, float, float, float]]:
    """The crop mark segments (x0, y0, x1, y1) around *trim*, and fold marks on its vertical middle."""
    left, bottom, right, top = trim
    start, end = _offset(bleed), _offset(bleed) + MARK_LENGTH
    lines = []
    for x, side in ((left, -1), (right, 1)):
        for y, vertical in ((bottom, -1), (top, 1)):
            lines.append((x + side * start, y, x + side * end, y))  # horizontal, in line with the edge y
            lines.append((x, y + vertical * start, x, y + vertical * end))  # vertical, in line with x
    if folds:
        middle = (left + right) / 2
        lines.append((middle, bottom - start, middle, bottom - end))
        lines.append((middle, top + start, middle, top + end))
    return lines


def draw(page: PageObject, lines) -> None:
    """Stroke *lines* over *page* in registration colour (all four inks), so every plate carries them."""
    from metier.assemble.impose import overlay

    ops = [f"q {LINE:.2f} w 1 1 1 1 K"]
    ops += [f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S" for x0, y0, x1, y1 in lines]
    ops.append("Q")
    overlay(page, "\n".join(ops))


def _offset(bleed: float) -> float:
    return max(bleed, 3 * MM) + MARK_GAP


def _box(rect) -> Box:
    return float(rect.left), float(rect.bottom), float(rect.right), float(rect.top)


def _grow(box: Box, by: float) -> ArrayObject:
    left, bottom, right, top = box
    return ArrayObject([FloatObject(round(v, 4)) for v in (left - by, bottom - by, right + by, top + by)])
