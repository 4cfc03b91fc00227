"""Pages placed on bigger sheets: saddle-stitched booklets and n-up sheets.

A brochure is printed as a booklet: sheets printed on both sides, stacked,
folded once and stapled on the fold. Each sheet side carries two pages in an
order that only makes sense once folded (for 8 pages: 8|1, 2|7, 6|3, 4|5), and
the page count must be a multiple of 4, so blank or "Notes" pages are added,
before the back cover, which has to stay last. n-up sheets are the cheap
option: 2 or 4 pages per A4 sheet, to cut apart.

Pages are merged as PDF content with pypdf, never rasterised: text stays
searchable and vector art stays sharp. The output is deterministic (no dates,
no random document ID), so identical input gives identical bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError
from pypdf.generic import DecodedStreamObject, NameObject, RectangleObject

A4 = (595.2756, 841.8898)
"""A4 portrait (210 x 297 mm), width and height in PostScript points."""

A5 = (419.5276, 595.2756)
"""A5 portrait (148 x 210 mm), width and height in PostScript points."""

A4_LANDSCAPE = (A4[1], A4[0])

SIZE_TOLERANCE = 0.5
"""Two page sizes closer than this (in points, on each side) are the same size."""

N_UP_LAYOUTS = {2: (2, 1, A4_LANDSCAPE), 4: (2, 2, A4)}
"""Pages per sheet -> (columns, rows, sheet size)."""

CUT_LINE = "q 0.75 G 0.25 w {x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S Q\n"
"""A thin light-grey line (PDF content operators) between n-up cells."""

Box = tuple[float, float, float, float]  # x, y, width, height
Line = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Booklet:
    """An imposed booklet: the PDF of its sheet sides and how it was padded."""

    pdf: bytes
    source_pages: int
    padded_pages: int
    sheets: int
    """Physical sheets of paper, each printed on both sides: padded_pages / 4."""


def padded_count(pages: int) -> int:
    """The page count of a booklet holding *pages* pages: the next multiple of 4 (at least 4)."""
    if pages < 0:
        raise ValueError(f"a page count cannot be negative: {pages}")
    return max(4, -(-pages // 4) * 4)


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """The (left, right) page numbers (1-based) of each sheet side, in printing order.

    Front of sheet 1, back of sheet 1, front of sheet 2... For 8 pages:
    ``[(8, 1), (2, 7), (6, 3), (4, 5)]``.
    """
    if pages <= 0 or pages % 4:
        raise ValueError(f"a saddle-stitched booklet has a positive multiple of 4 pages, not {pages}")
    order = []
    for side in range(pages // 2):
        low, high = side + 1, pages - side
        order.append((high, low) if side % 2 == 0 else (low, high))
    return order


def booklet(pdf: bytes, *, filler: bytes | None = None, keep_last: bool = True, press=None) -> Booklet:
    """Impose *pdf* (pages of one size W x H) as a saddle-stitched booklet, 2 pages per sheet side.

    The document is padded to a multiple of 4 pages with blank pages, or with
    the pages of *filler* ("Notes" pages, reused in turn when there are fewer),
    inserted before the last page when *keep_last* (the back cover stays last)
    and after it otherwise or for a single page. Sheets are 2W x H, except that
    A5 pages go on A4 landscape, the paper they are printed on (1 mm wider
    than two A5 pages: the pages meet on the fold, the spare half-millimetres
    are on the outer edges).

    With *press* (the project's press settings), pages are press pages with a
    bleed: see :func:`_press_booklet`.
    """
    reader = _read(pdf)
    pages = list(reader.pages)
    if press is not None:
        return _press_booklet(reader, pages, filler, keep_last, press)
    width, height = _common_size(pages)
    sequence, padded = _sequence(pages, filler, keep_last)
    sheet_width, sheet_height = A4_LANDSCAPE if _same_size((width, height), A5) else (2 * width, height)
    half = sheet_width / 2
    writer = PdfWriter()
    for left, right in saddle_stitch_order(padded):
        sheet = _new_sheet(writer, sheet_width, sheet_height)
        _place(sheet, sequence[left - 1], (0, 0, half, sheet_height), align=1)  # against the fold
        _place(sheet, sequence[right - 1], (half, 0, half, sheet_height), align=0)
    return Booklet(_write(writer, reader), len(pages), padded, padded // 4)


def _sequence(pages, filler, keep_last):
    """The pages in reading order, padded with *filler* pages to a multiple of four (before the back cover
    when *keep_last*), and the padded count."""
    padded = padded_count(len(pages))
    padding = _padding(filler, padded - len(pages))
    if keep_last and len(pages) > 1:
        return pages[:-1] + padding + pages[-1:], padded
    return pages + padding, padded


def _press_booklet(reader: PdfReader, pages: list[PageObject], filler, keep_last: bool, press) -> Booklet:
    """Impose press pages (trimmed size W x H, with bleed) on sheets whose trim is the open spread, 2W x H.

    Each page keeps its bleed on its three outer edges and is cut at the fold,
    where it meets its neighbour; the sheet gets the spread's TrimBox and
    BleedBox, crop marks at its corners and fold marks on the spine, and the
    source's PDF/X output intent and metadata.
    """
    from metier.press.marks import MM, draw, mark_lines, set_boxes
    from metier.press.pdfx import condition_of, finish

    bleed = press.bleed * MM
    width, height = _common_size(pages, size=lambda page: _trim(page)[2:])
    sequence, padded = _sequence(pages, filler, keep_last)
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    spread = (0.0, 0.0, 2 * width, height)
    for left, right in saddle_stitch_order(padded):
        sheet = _new_sheet(writer, 2 * width, height)
        set_boxes(sheet, spread, bleed, marks=press.marks)
        for page, x, clip in ((sequence[left - 1], 0.0, (-bleed, -bleed, width + bleed, height + 2 * bleed)),
                              (sequence[right - 1], width, (width, -bleed, width + bleed, height + 2 * bleed))):
            if page is not None:
                _place_clipped(sheet, page, x, clip)
        if press.marks:
            draw(sheet, mark_lines(spread, bleed, folds=True))
    root = reader.trailer["/Root"]
    for name in ("/OutputIntents", "/Metadata"):
        if name in root:
            writer._root_object[NameObject(name)] = root.raw_get(name).clone(writer)  # a reference, as read
    if reader.metadata:
        writer.add_metadata(reader.metadata)
    seed = repr(press).encode() + b"".join(page.get_contents().get_data() for page in writer.pages
                                           if page.get_contents() is not None)
    finish(writer, seed, condition=condition_of(press), flatten=press.standard == "pdf/x-1a")
    return Booklet(_write(writer, deduplicate=True), len(pages), padded, padded // 4)


def _trim(page: PageObject) -> Box:
    box = page.trimbox
    return float(box.left), float(box.bottom), float(box.width), float(box.height)


def _place_clipped(sheet: PageObject, page: PageObject, x: float, clip: Box) -> None:
    """Merge *page* with its trim's lower left corner at (*x*, 0), showing only *clip* (x0, y0, width, height)."""
    left, bottom, _, _ = _trim(page)
    holder = PageObject.create_blank_page(width=float(sheet.mediabox.width), height=float(sheet.mediabox.height))
    # pypdf clips what it merges to the merged page's media box: the holder's must be the sheet's, which
    # starts below and left of the trim, or the bleed on the left and bottom edges would be cut off.
    holder.mediabox = RectangleObject(sheet.mediabox)
    holder.merge_transformed_page(page, Transformation().translate(x - left, -bottom))
    content = holder.get_contents()
    data = content.get_data() if content is not None else b""
    x0, y0, w, h = clip
    stream = DecodedStreamObject()
    stream.set_data(f"q {x0:.3f} {y0:.3f} {w:.3f} {h:.3f} re W n\n".encode() + data + b"\nQ\n")
    holder.replace_contents(stream)
    sheet.merge_page(holder)


def n_up(pdf: bytes, n: int) -> bytes:
    """Put *n* (2 or 4) pages of *pdf* on each A4 sheet, for cheap printing.

    2-up: two pages side by side on A4 landscape (A5 pages keep their size).
    4-up: a 2 x 2 grid on A4 portrait (A5 pages shrink to A6), filled left to
    right, top to bottom. Each page is scaled to fit its cell and centred; thin
    light-grey lines mark the cuts, drawn under the pages so they never cross
    coloured artwork. The last sheet may be partly empty.
    """
    if n not in N_UP_LAYOUTS:
        raise ValueError(f"n-up takes 2 or 4 pages per sheet, not {n}")
    columns, rows, (sheet_width, sheet_height) = N_UP_LAYOUTS[n]
    cell_width, cell_height = sheet_width / columns, sheet_height / rows
    cells = [
        (column * cell_width, sheet_height - (row + 1) * cell_height, cell_width, cell_height)
        for row in range(rows)
        for column in range(columns)
    ]
    cut_lines: list[Line] = [(x * cell_width, 0, x * cell_width, sheet_height) for x in range(1, columns)]
    cut_lines += [(0, y * cell_height, sheet_width, y * cell_height) for y in range(1, rows)]
    reader = _read(pdf)
    pages = list(reader.pages)
    writer = PdfWriter()
    for start in range(0, len(pages), n):
        sheet = _new_sheet(writer, sheet_width, sheet_height)
        _draw_lines(sheet, cut_lines)
        for page, cell in zip(pages[start : start + n], cells):
            _place(sheet, page, cell)
    return _write(writer, reader)


def _read(pdf: bytes) -> PdfReader:
    """A reader on *pdf*, which must have pages; page rotations are moved into the content."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages = list(reader.pages)
    except PdfReadError as error:
        raise ValueError(f"not a readable PDF: {error}") from error
    if not pages:
        raise ValueError("the PDF has no pages")
    for page in pages:
        if page.rotation:
            page.transfer_rotation_to_content()
    return reader


def _size(page: PageObject) -> tuple[float, float]:
    """The visible size (crop box) of *page*, in points."""
    return float(page.cropbox.width), float(page.cropbox.height)


def _same_size(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= SIZE_TOLERANCE and abs(a[1] - b[1]) <= SIZE_TOLERANCE


def _common_size(pages: list[PageObject], size=None) -> tuple[float, float]:
    """The size shared by all *pages* (their media box, or what *size* measures of a page); ValueError naming
    the first page that differs."""
    measure = size or _size
    first = measure(pages[0])
    for number, page in enumerate(pages[1:], start=2):
        size = measure(page)
        if not _same_size(size, first):
            raise ValueError(
                f"a booklet needs pages of one size: page {number} is {size[0]:.1f} x {size[1]:.1f} pt, "
                f"page 1 is {first[0]:.1f} x {first[1]:.1f} pt"
            )
    return first


def _padding(filler: bytes | None, count: int) -> list[PageObject | None]:
    """*count* padding pages: blank (None), or the pages of *filler* taken in turn."""
    if filler is None or count == 0:
        return [None] * count
    notes = list(_read(filler).pages)
    return [notes[i % len(notes)] for i in range(count)]


def _new_sheet(writer: PdfWriter, width: float, height: float) -> PageObject:
    """A blank sheet added to *writer* (merging onto it then also carries links over)."""
    return writer.add_page(PageObject.create_blank_page(width=width, height=height))


def _place(sheet: PageObject, page: PageObject | None, box: Box, align: float = 0.5) -> None:
    """Merge *page* onto *sheet*, scaled to fit *box* and centred vertically.

    *align* places it horizontally when narrower than the box: 0 left, 0.5 centre, 1 right.
    None is a blank page: nothing to draw.
    """
    if page is None:
        return
    x, y, width, height = box
    page_width, page_height = _size(page)
    scale = min(width / page_width, height / page_height)
    tx = x + (width - page_width * scale) * align - float(page.cropbox.left) * scale
    ty = y + (height - page_height * scale) / 2 - float(page.cropbox.bottom) * scale
    sheet.merge_transformed_page(page, Transformation().scale(scale, scale).translate(tx, ty))


def _draw_lines(sheet: PageObject, lines: list[Line]) -> None:
    """Draw cut lines over *sheet*."""
    overlay(sheet, "".join(CUT_LINE.format(x0=x0, y0=y0, x1=x1, y1=y1) for x0, y0, x1, y1 in lines))


def overlay(page: PageObject, content: str) -> None:
    """Draw the PDF content operators *content* over *page*, in its coordinates (cut lines, printer's marks)."""
    layer = PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
    layer.mediabox = page.mediabox
    stream = DecodedStreamObject()
    stream.set_data(content.encode())
    layer[NameObject("/Contents")] = stream
    page.merge_page(layer)


def _write(writer: PdfWriter, source: PdfReader | None = None, *, deduplicate: bool = False) -> bytes:
    """The bytes of *writer*'s document, with compressed pages and *source*'s metadata.

    With *deduplicate*, objects written several times (the fonts and colour
    profile of every page placed on a booklet sheet) are written once.
    """
    if source is not None and source.metadata:
        writer.add_metadata(source.metadata)
    for page in writer.pages:  # one content stream per page, before any deduplication: shared streams would be lost
        page.compress_content_streams()
    if deduplicate:
        writer.compress_identical_objects()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
