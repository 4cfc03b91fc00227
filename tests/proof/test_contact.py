"""Contact sheets: one thumbnail per page, overruns framed in red, failures shown, long targets paginated."""

from __future__ import annotations

from PIL import Image

from metier.proof.contact import (
    FRAME, RED, SHEET_SIZE, Entry, contact_sheet, ellipsize, font, save_contact_sheet, sheet_names, wrap,
)
from metier.text.typography import NBSP

A4_PAGE = (210, 297)
LANDSCAPE = (297, 210)


def pages(n: int, size=A4_PAGE, colour=(240, 240, 255)) -> list[Image.Image]:
    return [Image.new("RGB", size, colour) for _ in range(n)]


def is_red(pixel) -> bool:
    return pixel == RED


def frame_pixel(sheet, thumb):
    """A pixel in the middle of the left edge of the red frame around *thumb*."""
    left, top, _, bottom = thumb.box
    return sheet.images[thumb.sheet].getpixel((left - FRAME // 2 - 1, (top + bottom) // 2))


def test_one_thumbnail_per_page_grouped_by_document():
    entries = [Entry("Architecte sécurité", "a.pdf", pages(3)), Entry("Flyer", "f.pdf", pages(1)),
               Entry("Livret", "l.pdf", pages(4, LANDSCAPE))]
    sheet = contact_sheet(entries, "Lyon · sheets", "École Exemple")
    assert len(sheet.images) == 1 and sheet.images[0].size == SHEET_SIZE
    assert len(sheet.pages) == 8 and sheet.thumbs == sheet.pages
    assert [(t.entry, t.page) for t in sheet.pages] == [(0, 1), (0, 2), (0, 3), (1, 1)] + [(2, n) for n in range(1, 5)]
    boxes = [t.box for t in sheet.pages]
    for left, top, right, bottom in boxes:
        assert 0 < left < right < SHEET_SIZE[0] and 0 < top < bottom < SHEET_SIZE[1]
        assert bottom - top == 180
    landscape = boxes[-1]
    assert landscape[2] - landscape[0] > landscape[3] - landscape[1]
    for i, a in enumerate(boxes):  # no two thumbnails overlap
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert not any(t.over_budget for t in sheet.thumbs)
    assert not any(is_red(frame_pixel(sheet, t)) for t in sheet.pages)


def test_pages_beyond_the_budget_are_framed_in_red():
    overflow = {"pages": 5, "budget": 4, "section": "Salaire", "amount": "12 mm"}
    entries = [Entry("Pentesteur", "p.pdf", pages(3), budget=4),
               Entry("RSSI", "ciso.pdf", pages(5), overflow=overflow),  # the budget from the overflow record
               Entry("Analyste SOC", "soc.pdf", pages(4), budget=2)]
    sheet = contact_sheet(entries, "Lyon · sheets")
    red = [(t.entry, t.page) for t in sheet.pages if t.over_budget]
    assert red == [(1, 5), (2, 3), (2, 4)]
    for thumb in sheet.pages:
        assert is_red(frame_pixel(sheet, thumb)) == thumb.over_budget
    assert [e.over_budget for e in entries] == [False, True, True]


def test_an_overrun_inside_a_brochure_marks_the_label_not_the_pages():
    # A brochure's budget is per entry: its 16 pages are not 14 pages over.
    entry = Entry("Brochure", "brochure-lyon.pdf", pages(16), overflow={"pages": 3, "budget": 2, "section": "ciso"})
    sheet = contact_sheet([entry], "Lyon · brochure")
    assert entry.over_budget and entry.first_over is None
    assert len(sheet.pages) == 16 and not any(t.over_budget for t in sheet.pages)


def test_a_failed_output_is_a_placeholder_with_its_error():
    entries = [Entry("Analyste SOC", "soc.pdf", error="template sheet.html.j2, line 3: no_such_field"),
               Entry("Pentesteur", "p.pdf", pages(2))]
    sheet = contact_sheet(entries, "Lyon · sheets")
    placeholders = [t for t in sheet.thumbs if t.placeholder]
    assert [(t.entry, t.page) for t in placeholders] == [(0, 0)]
    assert [(t.entry, t.page) for t in sheet.pages] == [(1, 1), (1, 2)]
    left, top, right, bottom = placeholders[0].box
    image = sheet.images[0]
    assert is_red(image.getpixel((left + 1, (top + bottom) // 2)))  # its red border
    # The error is written beside it: red text in the band to its right.
    band = image.crop((right + 4, top, min(right + 400, SHEET_SIZE[0]), top + 30))
    assert any(r > 150 and g < 100 and b < 100 for _, (r, g, b) in band.getcolors(1 << 20))


def test_a_long_campus_gets_several_readable_pages():
    entries = [Entry(f"Métier {i}", f"m{i}.pdf", pages(4), budget=3 if i == 17 else None) for i in range(30)]
    sheet = contact_sheet(entries, "Lyon · sheets")
    assert len(sheet.pages) == 120
    assert 2 <= len(sheet.images) <= 5
    assert all(image.size == SHEET_SIZE for image in sheet.images)
    assert {t.sheet for t in sheet.pages} == set(range(len(sheet.images)))
    per_entry = {}
    for thumb in sheet.pages:
        per_entry.setdefault(thumb.entry, set()).add(thumb.sheet)
        assert thumb.box[3] < SHEET_SIZE[1] - 48
    assert all(len(sheets) == 1 for sheets in per_entry.values())  # a sheet is never cut in two
    assert [(t.entry, t.page) for t in sheet.pages if t.over_budget] == [(17, 4)]


def test_a_document_longer_than_a_page_continues_on_the_next():
    sheet = contact_sheet([Entry("Brochure", "b.pdf", pages(120))], "Lyon · brochure")
    assert len(sheet.pages) == 120 and len(sheet.images) > 1
    assert [t.page for t in sheet.pages] == list(range(1, 121))


def test_saved_files_are_deterministic_and_stale_pages_go(tmp_path):
    sheet = contact_sheet([Entry(f"M{i}", "m.pdf", pages(4)) for i in range(30)], "Lyon · sheets")
    written = save_contact_sheet(sheet, tmp_path)
    names = sheet_names("contact-sheet", len(sheet.images))
    assert [p.name for p in written] == names + ["contact-sheet.pdf"]
    assert written[-1].read_bytes().startswith(b"%PDF")
    again = contact_sheet([Entry(f"M{i}", "m.pdf", pages(4)) for i in range(30)], "Lyon · sheets")
    assert [p.read_bytes() for p in save_contact_sheet(again, tmp_path / "again")] == [p.read_bytes() for p in written]
    small = contact_sheet([Entry("M", "m.pdf", pages(1))], "Lyon · sheets")
    save_contact_sheet(small, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("contact-sheet*")) == ["contact-sheet.pdf", "contact-sheet.png"]


def test_wrapping_keeps_no_break_spaces_and_ellipsizes():
    face = font(20)
    lines = wrap(f"Salaire débutant{NBSP}: 3{NBSP}200{NBSP}€ par mois et bien plus encore", face, 200, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 200 for line in lines)
    assert not any(line.endswith(f"3{NBSP}") or line.startswith("200") for line in lines)
    assert ellipsize("Court", face, 200) == "Court"
    assert wrap("x" * 200, face, 100, 3)[-1].endswith("…")
