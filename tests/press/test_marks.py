"""Printer's marks on small PDFs: trim, bleed and media boxes, crop and fold marks outside the bleed."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen import canvas

from metier.press.marks import MARK_LENGTH, MM, add_marks, mark_lines, slug

BLEED = 3 * MM
SEGMENT = re.compile(rb"(-?[\d.]+)\s+(-?[\d.]+)\s+m\s+(-?[\d.]+)\s+(-?[\d.]+)\s+l\s+S\b")
TOLERANCE = 0.01


def small_pdf(pages: int = 2, size=A6) -> bytes:
    """A little PDF made with reportlab: *pages* pages of *size* with a filled square and a line of text."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=size, invariant=1)
    for number in range(1, pages + 1):
        pdf.setFillColorCMYK(1, 0.6, 0, 0.2)
        pdf.rect(20, 20, 60, 60, fill=1, stroke=0)
        pdf.setFillColorCMYK(0, 0, 0, 1)
        pdf.drawString(20, size[1] - 40, f"Page {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def boxes(page) -> dict[str, tuple[float, float, float, float]]:
    """The page's boxes as (left, bottom, right, top) tuples, by name."""
    return {name: tuple(float(v) for v in (box.left, box.bottom, box.right, box.top))
            for name, box in (("media", page.mediabox), ("crop", page.cropbox), ("bleed", page.bleedbox),
                              ("trim", page.trimbox))}


def segments(page) -> list[tuple[float, float, float, float]]:
    """Every stroked ``x0 y0 m x1 y1 l S`` segment of the page's content (how the marks are drawn)."""
    data = page.get_contents().get_data()
    return [tuple(float(v) for v in match) for match in SEGMENT.findall(data)]


def inside(inner, outer) -> bool:
    """Whether box *inner* lies within box *outer*."""
    return (inner[0] >= outer[0] - TOLERANCE and inner[1] >= outer[1] - TOLERANCE
            and inner[2] <= outer[2] + TOLERANCE and inner[3] <= outer[3] + TOLERANCE)


def strictly_inside(inner, outer) -> bool:
    """Whether box *inner* lies within box *outer* without touching any of its edges."""
    return inner[0] > outer[0] and inner[1] > outer[1] and inner[2] < outer[2] and inner[3] < outer[3]


def outside(segment, box) -> bool:
    """Whether a segment lies wholly outside the box (it may touch the box's line at most)."""
    x0, y0, x1, y1 = segment
    left, bottom, right, top = box
    return (max(x0, x1) <= left + TOLERANCE or min(x0, x1) >= right - TOLERANCE
            or max(y0, y1) <= bottom + TOLERANCE or min(y0, y1) >= top - TOLERANCE)


@pytest.fixture(scope="module")
def marked() -> PdfReader:
    """The small PDF with 3 mm bleed and crop marks."""
    return PdfReader(io.BytesIO(add_marks(small_pdf(), BLEED)))


def test_media_is_bigger_than_bleed_which_is_bigger_than_trim(marked):
    """MediaBox ⊃ BleedBox ⊃ TrimBox on every page, each strictly larger; the CropBox is the media."""
    for page in marked.pages:
        box = boxes(page)
        assert strictly_inside(box["trim"], box["bleed"]) and strictly_inside(box["bleed"], box["media"])
        assert box["crop"] == pytest.approx(box["media"])


def test_trim_is_the_original_page_and_bleed_is_3mm_each_side(marked):
    """The TrimBox is the page as made (A6 at the origin); the BleedBox is 3 mm (8.50 pt) larger on each side."""
    width, height = A6
    for page in marked.pages:
        box = boxes(page)
        assert box["trim"] == pytest.approx((0, 0, width, height), abs=TOLERANCE)
        assert box["bleed"] == pytest.approx((-8.5039, -8.5039, width + 8.5039, height + 8.5039), abs=TOLERANCE)
        assert box["media"] == pytest.approx((-slug(BLEED), -slug(BLEED), width + slug(BLEED), height + slug(BLEED)),
                                             abs=TOLERANCE)


def test_crop_marks_lie_outside_the_bleed_and_inside_the_media(marked):
    """Eight crop-mark segments per page, 5 mm long, none reaching into the bleed, all on the media."""
    for page in marked.pages:
        box = boxes(page)
        lines = segments(page)
        assert len(lines) == 8
        for line in lines:
            assert outside(line, box["bleed"]), line
            assert inside((min(line[0], line[2]), min(line[1], line[3]), max(line[0], line[2]), max(line[1], line[3])),
                          box["media"]), line
            assert abs(line[2] - line[0]) + abs(line[3] - line[1]) == pytest.approx(MARK_LENGTH, abs=0.02)


def test_crop_marks_line_up_with_the_trimmed_edges(marked):
    """Each mark continues a trim edge: horizontal marks at the trim's bottom and top, vertical ones at its sides."""
    width, height = A6
    for page in marked.pages:
        for x0, y0, x1, y1 in segments(page):
            if y0 == y1:
                assert y0 == pytest.approx(0, abs=TOLERANCE) or y0 == pytest.approx(height, abs=TOLERANCE)
            else:
                assert x0 == x1
                assert x0 == pytest.approx(0, abs=TOLERANCE) or x0 == pytest.approx(width, abs=TOLERANCE)


def test_marks_are_drawn_in_registration_colour(marked):
    """The marks are stroked with all four inks (1 1 1 1 K), so every printing plate carries them."""
    for page in marked.pages:
        assert b"1 1 1 1 K" in page.get_contents().get_data()


def test_page_content_and_text_are_kept(marked):
    """The page's own drawing is still there: its text can be extracted, one page per page."""
    assert len(marked.pages) == 2
    assert [page.extract_text().strip() for page in marked.pages] == ["Page 1", "Page 2"]


def test_marked_pdf_passes_qpdf_check(tmp_path):
    """qpdf --check finds no error or warning in the marked file."""
    path = tmp_path / "marked.pdf"
    path.write_bytes(add_marks(small_pdf(), BLEED))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def test_without_marks_the_media_stops_at_the_bleed():
    """marks=False: the media is the bleed box and nothing is drawn."""
    reader = PdfReader(io.BytesIO(add_marks(small_pdf(pages=1), BLEED, marks=False)))
    box = boxes(reader.pages[0])
    assert box["media"] == pytest.approx(box["bleed"])
    assert segments(reader.pages[0]) == []


def test_fold_marks_on_the_vertical_middle_outside_the_bleed():
    """folds=True adds two marks on the spine, above and below the bleed."""
    width, height = A6
    reader = PdfReader(io.BytesIO(add_marks(small_pdf(pages=1), BLEED, folds=True)))
    lines = segments(reader.pages[0])
    assert len(lines) == 10
    folds = [line for line in lines if line[0] == line[2] == pytest.approx(width / 2, abs=TOLERANCE)]
    assert len(folds) == 2
    bleed = boxes(reader.pages[0])["bleed"]
    assert all(outside(line, bleed) for line in folds)
    assert sorted(min(line[1], line[3]) < 0 for line in folds) == [False, True]  # one below, one above


def test_a_wider_bleed_moves_the_marks_out():
    """With a 5 mm bleed the marks still start past the bleed and the media grows with it."""
    bleed = 5 * MM
    reader = PdfReader(io.BytesIO(add_marks(small_pdf(pages=1), bleed)))
    box = boxes(reader.pages[0])
    assert box["bleed"][0] == pytest.approx(-bleed, abs=TOLERANCE)
    assert all(outside(line, box["bleed"]) for line in segments(reader.pages[0]))
    assert box["media"][0] == pytest.approx(-slug(bleed), abs=TOLERANCE) and slug(bleed) > slug(BLEED)


def test_an_existing_trim_box_is_kept_as_the_trim():
    """A page laid out with its bleed (media larger than its TrimBox, as WeasyPrint writes) keeps that trim."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=400)
    page.mediabox.lower_left, page.mediabox.upper_right = (-8.5, -8.5), (308.5, 408.5)
    page.trimbox.lower_left, page.trimbox.upper_right = (0, 0), (300, 400)
    out = io.BytesIO()
    writer.write(out)
    box = boxes(PdfReader(io.BytesIO(add_marks(out.getvalue(), BLEED))).pages[0])
    assert box["trim"] == pytest.approx((0, 0, 300, 400), abs=TOLERANCE)


def test_pdf_version_is_kept():
    """A PDF 1.6 file (as PDF/X-4 requires) stays PDF 1.6 after the marks are added."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(small_pdf(pages=1))))
    writer.pdf_header = b"%PDF-1.6"
    out = io.BytesIO()
    writer.write(out)
    assert add_marks(out.getvalue(), BLEED).startswith(b"%PDF-1.6")


def test_mark_lines_count_and_length():
    """mark_lines gives two 5 mm segments per corner, plus two fold marks when asked."""
    trim = (0.0, 0.0, 100.0, 200.0)
    assert len(mark_lines(trim, BLEED)) == 8
    assert len(mark_lines(trim, BLEED, folds=True)) == 10
    for x0, y0, x1, y1 in mark_lines(trim, BLEED, folds=True):
        assert abs(x1 - x0) + abs(y1 - y0) == pytest.approx(MARK_LENGTH)


def test_pages_have_a_trim_box_but_no_art_box(marked):
    """A PDF/X page carries a TrimBox or an ArtBox, never both: the press pages keep only the TrimBox."""
    for page in marked.pages:
        assert "/TrimBox" in page and "/ArtBox" not in page
