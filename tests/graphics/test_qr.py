"""QR codes as inline SVG, and the binary band."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
import pytest
import weasyprint

from metier.graphics.qr import QUIET_ZONE, binary_groups, qr_svg

URL = "https://example.org/metiers/developpeur-web"
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def side(root: ET.Element) -> int:
    """Modules per side, quiet zone included (one viewBox unit per module)."""
    x, y, width, height = (int(value) for value in root.get("viewBox").split())
    assert (x, y) == (0, 0) and width == height
    return width


def test_an_inline_svg_element():
    svg = qr_svg(URL)
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert "<image" not in svg
    assert 'width="25mm"' in svg and 'height="25mm"' in svg
    assert " id=" not in svg  # no ids to clash with another code in the same page


def test_size_in_millimetres():
    root = parse(qr_svg(URL, size_mm=30.5))
    assert (root.get("width"), root.get("height")) == ("30.5mm", "30.5mm")


def test_deterministic():
    assert qr_svg(URL, colour="#1A2B3C", label="Fiche") == qr_svg(URL, colour="#1A2B3C", label="Fiche")


def test_accessible_name_is_the_label_or_the_data():
    root = parse(qr_svg(URL))
    assert root.get("role") == "img"
    assert root.get("aria-label") == root.find(f"{SVG}title").text == URL
    root = parse(qr_svg(URL, label='Fiche "développeur" & co'))
    assert root.get("aria-label") == root.find(f"{SVG}title").text == 'Fiche "développeur" & co'


def test_modules_are_whole_unit_rects_in_the_colour_inside_the_quiet_zone():
    root = parse(qr_svg(URL, colour="#1A2B3C"))
    n = side(root)
    (group,) = root.findall(f"{SVG}g")
    assert group.get("fill") == "#1a2b3c"
    rects = group.findall(f"{SVG}rect")
    assert len(rects) > 100
    for rect in rects:
        x, y, width, height = (int(rect.get(name)) for name in ("x", "y", "width", "height"))
        assert height == 1 and width >= 1
        assert QUIET_ZONE <= x and x + width <= n - QUIET_ZONE
        assert QUIET_ZONE <= y and y + height <= n - QUIET_ZONE
    assert any(int(rect.get("width")) > 1 for rect in rects)  # a row's dark modules are merged


@pytest.mark.parametrize("colour", ["red", "#fff", "#12345g", "1a2b3c", "#1a2b3c4d"])
def test_colour_must_be_hex_rrggbb(colour):
    with pytest.raises(ValueError, match="#rrggbb"):
        qr_svg(URL, colour=colour)


def test_nothing_to_encode():
    with pytest.raises(ValueError):
        qr_svg("")


def test_embeds_in_weasyprint_and_draws_the_finder_patterns():
    """WeasyPrint lays it out without a warning (conftest fails the test on one), right side up.

    The three finder patterns sit in the top-left, top-right and bottom-left
    corners: a dark ring, a light ring, a dark centre, 4 modules from the edge.
    """
    svg = qr_svg(URL)
    n = side(parse(svg))
    html = f"<style>@page {{ size: 25mm; margin: 0 }} body {{ margin: 0 }} svg {{ display: block }}</style>{svg}"
    pdf = weasyprint.HTML(string=html).write_pdf()
    image = pdfium.PdfDocument(pdf)[0].render(scale=4, grayscale=True).to_pil()
    pixels_per_module = image.width / n

    def dark(column: float, row: float) -> bool:
        return image.getpixel((int(column * pixels_per_module), int(row * pixels_per_module))) < 128

    assert not dark(QUIET_ZONE / 2, QUIET_ZONE / 2)
    for corner_column, corner_row in [(0, 0), (1, 0), (0, 1)]:
        def at(offset: float) -> tuple[float, float]:
            column = QUIET_ZONE + offset if corner_column == 0 else n - QUIET_ZONE - offset
            row = QUIET_ZONE + offset if corner_row == 0 else n - QUIET_ZONE - offset
            return column, row

        assert dark(*at(0.5)) and not dark(*at(1.5)) and dark(*at(3.5))


def test_binary_groups():
    assert binary_groups("Si") == "01010011 01101001"


def test_binary_groups_of_non_ascii_text_are_its_utf8_bytes():
    assert binary_groups("é") == "11000011 10101001"
