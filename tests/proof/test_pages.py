"""PDF pages as PNG files: one per page, named in page order, at the pixel size of the resolution."""

from __future__ import annotations

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen.canvas import Canvas

from metier.proof.pages import UnreadablePDF, page_images, page_name, pixel_size, remove_pages, write_pages


def make_pdf(path, sizes) -> None:
    """A PDF with one page of each size (points), each with its number written on it."""
    canvas = Canvas(str(path), invariant=1)
    for number, size in enumerate(sizes, start=1):
        canvas.setPageSize(size)
        canvas.setFont("Helvetica", 48)
        canvas.drawString(72, size[1] / 2, f"Page {number}")
        canvas.showPage()
    canvas.save()


def test_one_png_per_page_at_the_size_of_the_dpi(tmp_path):
    pdf = tmp_path / "ciso.pdf"
    make_pdf(pdf, [A4, A4, landscape(A4), A5])
    paths = write_pages(pdf, tmp_path / "preview", dpi=36)
    assert [p.name for p in paths] == ["ciso-p01.png", "ciso-p02.png", "ciso-p03.png", "ciso-p04.png"]
    expected = [(pixel_size(w, 36), pixel_size(h, 36)) for w, h in (A4, A4, landscape(A4), A5)]
    assert expected[0] == (298, 421)
    sizes = []
    for path in paths:
        with Image.open(path) as image:
            sizes.append(image.size)
            assert image.mode == "RGB"
    assert sizes == expected
    assert [image.size for image in page_images(pdf, 36)] == expected


def test_same_pdf_same_bytes_and_stale_pages_removed(tmp_path):
    pdf, folder = tmp_path / "soc.pdf", tmp_path / "preview"
    make_pdf(pdf, [A5, A5, A5])
    first = [p.read_bytes() for p in write_pages(pdf, folder, dpi=24)]
    assert [p.read_bytes() for p in write_pages(pdf, folder, dpi=24)] == first
    neighbour = folder / "soc-pilot-p01.png"  # another document whose name starts the same
    neighbour.write_bytes(b"x")
    make_pdf(pdf, [A5, A5])
    paths = write_pages(pdf, folder, dpi=24)
    assert sorted(p.name for p in folder.iterdir()) == ["soc-p01.png", "soc-p02.png", "soc-pilot-p01.png"]
    assert paths[0].read_bytes() == first[0]
    assert remove_pages(folder, "soc") == paths and neighbour.exists()


def test_page_names_sort_in_page_order():
    assert page_name("brochure-lyon", 7, 24) == "brochure-lyon-p07.png"
    assert page_name("big", 7, 120) == "big-p007.png"


def test_an_unreadable_pdf_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 half a file")
    with pytest.raises(UnreadablePDF, match="bad.pdf"):
        write_pages(bad, tmp_path / "preview")
    with pytest.raises(UnreadablePDF, match="missing.pdf"):
        write_pages(tmp_path / "missing.pdf", tmp_path / "preview")
    assert not (tmp_path / "preview").exists() or not list((tmp_path / "preview").iterdir())


def test_pdf_bytes_give_the_same_pages_as_the_file(tmp_path):
    pdf = tmp_path / "ciso.pdf"
    make_pdf(pdf, [A4, A5])
    from metier.proof.pages import iter_page_images

    from_bytes = list(iter_page_images(pdf.read_bytes(), 36))
    assert [i.size for i in from_bytes] == [i.size for i in page_images(pdf, 36)]
    assert [i.tobytes() for i in from_bytes] == [i.tobytes() for i in page_images(pdf, 36)]
    with pytest.raises(UnreadablePDF, match="PDF"):
        list(iter_page_images(b"%PDF-1.7 half a file", 36))
