"""Booklet imposition and n-up sheets, checked on small PDFs drawn with ReportLab."""

from __future__ import annotations

import io

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.pagesizes import A5, A6
from reportlab.pdfgen import canvas

from metier.assemble.impose import A4, booklet, n_up, padded_count, saddle_stitch_order

A4_LANDSCAPE = (A4[1], A4[0])


def make_pdf(labels: list[str], sizes: list[tuple[float, float]] | None = None) -> bytes:
    """A PDF with one page per label (A5 unless *sizes* says), the label drawn big in the middle."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5, invariant=True)
    pdf.setTitle("Brochure")
    pdf.setAuthor("metier tests")
    for index, text in enumerate(labels):
        width, height = sizes[index] if sizes else A5
        pdf.setPageSize((width, height))
        pdf.setFont("Helvetica-Bold", 72)
        pdf.drawCentredString(width / 2, height / 2, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def labels(count: int) -> list[str]:
    """["P1", "P2", ...]."""
    return [f"P{number}" for number in range(1, count + 1)]


def sheets(pdf: bytes) -> list[PageObject]:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def texts(page: PageObject) -> list[tuple[float, float, str, float]]:
    """(x, y, text, horizontal scale) of each piece of text on *page*, in page coordinates."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((x, y, text.strip(), cm[0] * tm[0]))

    page.extract_text(visitor_text=visit)
    return found


def cell_texts(page: PageObject, columns: int, rows: int) -> list[str]:
    """The text in each cell of a columns x rows grid on *page*, left to right, top to bottom."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    cells = [[] for _ in range(columns * rows)]
    for x, y, text, _ in texts(page):
        column = int(x // (width / columns))
        row = int((height - y) // (height / rows))
        cells[row * columns + column].append(text)
    return [" ".join(cell) for cell in cells]


def scales(pages: list[PageObject]) -> list[float]:
    """The scale of every piece of text on *pages*."""
    return [scale for page in pages for *_, scale in texts(page)]


def size(page: PageObject) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def assert_size(page: PageObject, expected: tuple[float, float]) -> None:
    assert size(page) == pytest.approx(expected, abs=0.5)


# Page order -------------------------------------------------------------------------------


def test_order_of_4_pages():
    assert saddle_stitch_order(4) == [(4, 1), (2, 3)]


def test_order_of_8_pages():
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_order_of_12_pages():
    assert saddle_stitch_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]


def test_order_of_16_pages_pairs_pages_adding_up_to_17_and_uses_each_once():
    order = saddle_stitch_order(16)
    assert order[:2] == [(16, 1), (2, 15)]
    assert order[-1] == (8, 9)  # the centre spread
    assert all(left + right == 17 for left, right in order)
    assert sorted(number for side in order for number in side) == list(range(1, 17))


@pytest.mark.parametrize("pages", [0, 5, -4])
def test_order_needs_a_positive_multiple_of_4(pages):
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_stitch_order(pages)


@pytest.mark.parametrize(("pages", "padded"), [(0, 4), (1, 4), (4, 4), (5, 8), (12, 12), (13, 16)])
def test_padded_count(pages, padded):
    assert padded_count(pages) == padded


# Booklets ---------------------------------------------------------------------------------


def expected_sides(count: int, padded: int, padding: list[str] | None = None) -> list[list[str]]:
    """Labels on (left, right) of each sheet side: padding before the last page (after a lone page)."""
    pages = labels(count)
    padding = padding if padding is not None else [""] * (padded - count)
    sequence = pages + padding if count == 1 else pages[:-1] + padding + pages[-1:]
    return [[sequence[left - 1], sequence[right - 1]] for left, right in saddle_stitch_order(padded)]


@pytest.mark.parametrize(("count", "padded"), [(1, 4), (4, 4), (5, 8), (8, 8), (12, 12), (13, 16)])
def test_booklet_pads_and_imposes(count, padded):
    result = booklet(make_pdf(labels(count)))
    assert (result.source_pages, result.padded_pages, result.sheets) == (count, padded, padded // 4)
    pages = sheets(result.pdf)
    assert len(pages) == padded // 2
    for page in pages:
        assert_size(page, A4_LANDSCAPE)
    assert [cell_texts(page, 2, 1) for page in pages] == expected_sides(count, padded)


def test_booklet_of_5_pages_keeps_the_back_cover_last():
    pages = sheets(booklet(make_pdf(labels(5))).pdf)
    assert [cell_texts(page, 2, 1) for page in pages] == [["P5", "P1"], ["P2", ""], ["", "P3"], ["P4", ""]]


def test_booklet_can_pad_after_the_last_page():
    pages = sheets(booklet(make_pdf(labels(5)), keep_last=False).pdf)
    assert [cell_texts(page, 2, 1) for page in pages] == [["", "P1"], ["P2", ""], ["", "P3"], ["P4", "P5"]]


def test_booklet_pads_with_notes_pages():
    pages = sheets(booklet(make_pdf(labels(5)), filler=make_pdf(["NOTES"])).pdf)
    assert [cell_texts(page, 2, 1) for page in pages] == expected_sides(5, 8, ["NOTES"] * 3)


def test_booklet_reuses_notes_pages_in_turn():
    pages = sheets(booklet(make_pdf(labels(5)), filler=make_pdf(["N1", "N2"])).pdf)
    assert [cell_texts(page, 2, 1) for page in pages] == expected_sides(5, 8, ["N1", "N2", "N1"])


def test_booklet_pages_meet_on_the_fold_unscaled():
    (page, *_) = sheets(booklet(make_pdf(labels(4))).pdf)
    (left, right) = sorted(texts(page))
    assert left[3] == right[3] == pytest.approx(1)
    # Same spot on each page: the pages are A5 wide and touch the middle of the A4 sheet.
    assert right[0] - left[0] == pytest.approx(A5[0])
    assert left[0] + A5[0] / 2 < A4_LANDSCAPE[0] / 2 < right[0]


def test_booklet_sheets_of_other_sizes_are_twice_as_wide():
    pages = sheets(booklet(make_pdf(labels(4), sizes=[A6] * 4)).pdf)
    for page in pages:
        assert_size(page, (2 * A6[0], A6[1]))
    assert [cell_texts(page, 2, 1) for page in pages] == [["P4", "P1"], ["P2", "P3"]]


def test_booklet_is_deterministic_and_keeps_metadata():
    source = make_pdf(labels(6))
    first, second = booklet(source), booklet(source)
    assert first.pdf == second.pdf
    metadata = PdfReader(io.BytesIO(first.pdf)).metadata
    assert (metadata.title, metadata.author) == ("Brochure", "metier tests")


def test_booklet_refuses_pages_of_unequal_sizes():
    with pytest.raises(ValueError, match="page 2 is"):
        booklet(make_pdf(labels(2), sizes=[A5, A6]))


def test_booklet_refuses_an_empty_pdf():
    empty = io.BytesIO()
    PdfWriter().write(empty)
    with pytest.raises(ValueError, match="no pages"):
        booklet(empty.getvalue())
    with pytest.raises(ValueError, match="not a readable PDF"):
        booklet(b"")


# n-up -------------------------------------------------------------------------------------


def test_2_up_puts_pages_side_by_side_on_a4_landscape():
    pages = sheets(n_up(make_pdf(labels(5)), 2))
    assert len(pages) == 3
    for page in pages:
        assert_size(page, A4_LANDSCAPE)
    assert [cell_texts(page, 2, 1) for page in pages] == [["P1", "P2"], ["P3", "P4"], ["P5", ""]]
    assert scales(pages) == pytest.approx([1] * 5)


def test_4_up_fills_a_grid_on_a4_portrait_with_a6_pages():
    pages = sheets(n_up(make_pdf(labels(5)), 4))
    assert len(pages) == 2
    for page in pages:
        assert_size(page, A4)
    assert [cell_texts(page, 2, 2) for page in pages] == [["P1", "P2", "P3", "P4"], ["P5", "", "", ""]]
    assert scales(pages) == pytest.approx([2**-0.5] * 5, abs=1e-3)  # A5 -> A6


def test_n_up_draws_light_grey_cut_lines():
    (page,) = sheets(n_up(make_pdf(labels(4)), 4))
    content = page.get_contents().get_data()
    assert content.count(b"0.75 G") == 2  # one vertical line, one horizontal


def test_n_up_is_deterministic():
    source = make_pdf(labels(3))
    assert n_up(source, 4) == n_up(source, 4)


def test_n_up_takes_2_or_4_pages_per_sheet():
    with pytest.raises(ValueError, match="2 or 4"):
        n_up(make_pdf(labels(3)), 3)
