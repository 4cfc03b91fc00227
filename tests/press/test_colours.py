"""CMYK conversion for press files: the Converter, stylesheets, inline styles, SVG files and raster images."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from metier.press.colours import (
    Converter,
    bundled_profile,
    cmyk_css,
    cmyk_declarations,
    cmyk_raster,
    cmyk_svg,
    rgb_of,
)

REPO = Path(__file__).resolve().parents[2]
CAMPUS_BLUE = (11, 79, 138)  # #0b4f8a, the Lyon campus's primary colour
LAYOUT_INK = (29, 35, 41)  # #1d2329, the layouts' dark blue-grey text colour (--ink)
DEVICE_CMYK = re.compile(r"device-cmyk\(([^)]*)\)")


@pytest.fixture(scope="module")
def converter() -> Converter:
    """A converter through the bundled FOGRA39 profile, without campus colours."""
    return Converter()


def inks(text: str) -> list[tuple[float, ...]]:
    """The ink values of every ``device-cmyk(c m y k [/ a])`` in *text*."""
    found = []
    for inside in DEVICE_CMYK.findall(text):
        found.append(tuple(float(v) for v in inside.replace("/", " ").split()))
    return found


# --- Converter ----------------------------------------------------------------

def test_white_paper_takes_no_ink(converter):
    """Pure white is 0 0 0 0: nothing printed."""
    assert converter.cmyk((255, 255, 255)) == (0.0, 0.0, 0.0, 0.0)


def test_black_and_greys_use_black_ink_only_darker_means_more_k(converter):
    """Black and greys are K only (C = M = Y = 0), K growing as the grey darkens."""
    assert converter.cmyk((0, 0, 0)) == (0.0, 0.0, 0.0, 1.0)
    greys = [(v, v, v) for v in (0, 51, 102, 128, 153, 204, 250)]
    results = [converter.cmyk(g) for g in greys]
    assert all(c == m == y == 0.0 for c, m, y, _ in results), results
    blacks = [k for *_, k in results]
    assert blacks == sorted(blacks, reverse=True) and len(set(blacks)) == len(blacks)
    assert converter.cmyk((128, 128, 128))[3] == pytest.approx(0.5, abs=0.01)


def test_near_grey_layout_ink_is_black_only_but_a_real_tint_is_not(converter):
    """The layouts' blue-grey text colour prints with one plate; a colour past the near-grey limit does not."""
    c, m, y, k = converter.cmyk(LAYOUT_INK)
    assert (c, m, y) == (0.0, 0.0, 0.0) and k > 0.8
    assert converter.cmyk((30, 41, 59))[:3] != (0.0, 0.0, 0.0)  # channels 29 apart: a colour, not a grey


def test_saturated_colours_convert_to_plausible_inks(converter):
    """A blue is mostly cyan with no yellow, a red magenta and yellow without cyan, all inks within 0-1."""
    c, m, y, k = converter.cmyk((0, 0, 255))
    assert c > 0.8 and y < 0.1 and c > m
    c, m, y, k = converter.cmyk((255, 0, 0))
    assert m > 0.8 and y > 0.8 and c < 0.1
    c, m, y, k = converter.cmyk(CAMPUS_BLUE)
    assert c > m > y and y < 0.1 and 0 < k < 0.5
    for rgb in ((0, 0, 255), (255, 0, 0), (0, 128, 0), (242, 165, 65), CAMPUS_BLUE):
        assert all(0.0 <= v <= 1.0 for v in converter.cmyk(rgb)), rgb


def test_campus_exact_cmyk_wins_over_the_conversion():
    """A colour the campus gives in CMYK is used as given; other colours are still converted."""
    exact = Converter(exact={CAMPUS_BLUE: (1.0, 0.6, 0.0, 0.2)})
    assert exact.cmyk(CAMPUS_BLUE) == (1.0, 0.6, 0.0, 0.2)
    assert exact.css_colour(CAMPUS_BLUE) == "device-cmyk(1 0.6 0 0.2)"
    assert Converter().cmyk(CAMPUS_BLUE) != (1.0, 0.6, 0.0, 0.2)
    assert exact.cmyk((255, 0, 0)) == Converter().cmyk((255, 0, 0))
    assert cmyk_css("h1 { color: #0b4f8a; }", exact) == "h1 { color: device-cmyk(1 0.6 0 0.2); }"


def test_translucent_colour_keeps_its_alpha_in_pdf_x4(converter):
    """Without flatten (PDF/X-4), alpha is written after a slash."""
    assert converter.css_colour((0, 0, 0), 0.5) == "device-cmyk(0 0 0 1 / 0.5)"
    assert converter.css_colour((0, 0, 0)) == "device-cmyk(0 0 0 1)"


def test_flatten_mixes_alpha_with_white_paper():
    """In flatten mode (PDF/X-1a) a translucent colour becomes the opaque colour it makes on white."""
    flat = Converter(flatten=True)
    assert flat.css_colour((0, 0, 0), 0.5) == flat.css_colour((128, 128, 128))  # half black on white: mid grey
    assert "/" not in flat.css_colour((0, 0, 0), 0.5)
    assert flat.css_colour((255, 255, 255), 0.6) == "device-cmyk(0 0 0 0)"
    mixed = flat.css_colour(CAMPUS_BLUE, 0.25)
    lighter = tuple(round(0.25 * c + 0.75 * 255) for c in CAMPUS_BLUE)
    assert mixed == flat.css_colour(lighter)
    assert flat.css_colour(CAMPUS_BLUE) == Converter().css_colour(CAMPUS_BLUE)  # opaque colours are unchanged


def test_flatten_drops_opacity_only_in_flatten_mode(converter):
    """PDF/X-1a has no transparency: ``opacity`` becomes 1; PDF/X-4 keeps it."""
    assert "opacity:1" in cmyk_declarations("opacity: 0.55", Converter(flatten=True)).replace(" ", "")
    assert "0.55" in cmyk_declarations("opacity: 0.55", converter)
    assert "opacity:1" in cmyk_css(".x { opacity: .85 }", Converter(flatten=True)).replace(" ", "")


def test_rgb_of_reads_css_colours():
    """rgb_of gives 0-255 channels for a CSS colour and None for anything else."""
    assert rgb_of("#0b4f8a") == CAMPUS_BLUE
    assert rgb_of("#fff") == (255, 255, 255)
    assert rgb_of("navy") == (0, 0, 128)
    assert rgb_of("rgb(11 79 138)") == CAMPUS_BLUE
    assert rgb_of("") is None and rgb_of("currentColor") is None and rgb_of("4mm") is None


# --- stylesheets and style attributes ---------------------------------------------

STYLESHEET = """\
:root { --primary: #0b4f8a; --pad: 4mm; --accent: rgb(242 165 65); }
body { color: black; background: url(paper.png) no-repeat; margin: 10mm 12mm; border-top: 1px solid red; }
@media print { h1 { color: #ff0000; font-size: 12pt; } }
@page { background: white; size: A4; @top-center { color: navy; content: "x"; } }
.keep { color: currentColor; background-color: transparent; width: calc(100% - 2mm); }
.shadow { box-shadow: 0 0 2px rgba(0, 0, 0, 0.5); }
.hsl { color: hsl(210, 85%, 29%); }
"""


def test_cmyk_css_rewrites_hex_rgb_and_named_colours_everywhere(converter):
    """Declarations, custom properties, @media and @page (with its margin boxes) all get device-cmyk()."""
    out = cmyk_css(STYLESHEET, converter)
    blue, orange = converter.css_colour(CAMPUS_BLUE), converter.css_colour((242, 165, 65))
    assert f"--primary: {blue}" in out and f"--accent: {orange}" in out
    assert "color: device-cmyk(0 0 0 1)" in out  # black
    assert f"border-top: 1px solid {converter.css_colour((255, 0, 0))}" in out
    assert f"h1 {{ color: {converter.css_colour((255, 0, 0))}; font-size: 12pt; }}" in out  # inside @media
    assert "background: device-cmyk(0 0 0 0)" in out  # @page white
    assert f"@top-center {{ color: {converter.css_colour((0, 0, 128))}" in out  # margin box
    assert "box-shadow: 0 0 2px device-cmyk(0 0 0 1 / 0.5)" in out
    assert "color: device-cmyk(" in out.split(".hsl", 1)[1]
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsl\(|\b(black|red|white|navy)\b", out), out


def test_cmyk_css_leaves_non_colour_values_alone(converter):
    """URLs, lengths, keywords such as currentColor and transparent, calc() and sizes are kept as written."""
    out = cmyk_css(STYLESHEET, converter)
    for kept in ("--pad: 4mm", "url(paper.png) no-repeat", "margin: 10mm 12mm", "size: A4", 'content: "x"',
                 "color: currentColor", "background-color: transparent", "width: calc(100% - 2mm)"):
        assert kept in out, kept


def test_cmyk_css_on_the_sample_layouts_leaves_no_rgb_colour():
    """Every stylesheet of the sample layouts comes out with colours only as device-cmyk()."""
    converter = Converter()
    sheets = sorted((REPO / "layouts").rglob("*.css"))
    assert sheets
    for path in sheets:
        out = cmyk_css(path.read_text(encoding="utf-8"), converter)
        assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", out), path.name
        assert all(len(values) in (4, 5) for values in inks(out)), path.name


def test_cmyk_declarations_converts_a_style_attribute(converter):
    """An inline ``style`` attribute keeps its other declarations and gets CMYK colours."""
    out = cmyk_declarations("color: #fff; margin: 0; border-left: 0.6pt solid rgba(255, 255, 255, 0.6)", converter)
    assert out.startswith("color: device-cmyk(0 0 0 0);")
    assert "margin: 0" in out
    assert "border-left: 0.6pt solid device-cmyk(0 0 0 0 / 0.6)" in out


# --- SVG files ------------------------------------------------------------------

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
       b'<rect fill="#ff0000" stroke="rgb(0,0,255)" width="2" height="2"/>'
       b'<path style="fill: #00ff00; stroke:blue" d="M0 0 H4"/>'
       b'<circle fill="none" stroke="url(#g)" r="1"/>'
       b'<stop offset="0" stop-color="#0b4f8a"/></svg>')


def test_cmyk_svg_adds_a_default_black_fill_in_cmyk(converter):
    """SVG's implicit black fill becomes an explicit device-cmyk(0 0 0 1) on the root element."""
    out = cmyk_svg(SVG, converter).decode()
    root = re.match(r"<svg\b[^>]*>", out).group(0)
    assert 'fill="device-cmyk(0 0 0 1)"' in root
    assert 'xmlns="http://www.w3.org/2000/svg"' in root and 'viewBox="0 0 4 4"' in root


def test_cmyk_svg_keeps_a_root_fill_of_its_own(converter):
    """A root element that has a fill keeps it (converted), with no second fill added."""
    out = cmyk_svg(b'<svg xmlns="http://www.w3.org/2000/svg" fill="red"><rect/></svg>', converter).decode()
    assert out.count("fill=") == 1
    assert f'fill="{converter.css_colour((255, 0, 0))}"' in out


def test_cmyk_svg_converts_fill_stroke_and_stop_colours(converter):
    """fill and stroke attributes, style properties and gradient stops become device-cmyk()."""
    out = cmyk_svg(SVG, converter).decode()
    assert f'fill="{converter.css_colour((255, 0, 0))}"' in out
    assert f'stroke="{converter.css_colour((0, 0, 255))}"' in out
    assert f"fill: {converter.css_colour((0, 255, 0))}" in out and f"stroke:{converter.css_colour((0, 0, 255))}" in out
    assert f'stop-color="{converter.css_colour(CAMPUS_BLUE)}"' in out
    assert 'fill="none"' in out and 'stroke="url(#g)"' in out  # not colours: kept
    assert not re.search(r"#[0-9a-fA-F]{6}\b|rgb\(|\bblue\b", out)


def test_cmyk_svg_sample_logo_has_no_rgb_left(converter):
    """The sample workspace's logo comes out with CMYK paints only (white strokes and fills included)."""
    out = cmyk_svg((REPO / "assets" / "logo.svg").read_bytes(), converter).decode()
    assert "#ffffff" not in out and 'stroke="device-cmyk(0 0 0 0)"' in out
    assert out.startswith('<svg fill="device-cmyk(0 0 0 1)"')


def test_cmyk_svg_adds_default_fill_when_root_has_only_fill_rule(converter):
    """A root with fill-rule but no fill still gets the CMYK default black fill."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" fill-rule="evenodd"><path d="M0 0 H4 V4 Z"/></svg>'
    root = re.match(r"<svg\b[^>]*>", cmyk_svg(svg, converter).decode()).group(0)
    assert 'fill="device-cmyk(0 0 0 1)"' in root


def test_cmyk_svg_converts_hsl_paints(converter):
    """An hsl() fill in an SVG file is converted like in a stylesheet."""
    out = cmyk_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="hsl(0, 100%, 50%)"/></svg>', converter)
    assert b"hsl(" not in out


# --- raster images ----------------------------------------------------------------

def _png(mode: str, colour, size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format="PNG")
    return out.getvalue()


def test_cmyk_raster_gives_a_cmyk_jpeg_with_the_converted_colour(converter):
    """An RGB PNG becomes a CMYK JPEG whose pixels are the converter's inks (within JPEG loss)."""
    data = cmyk_raster(_png("RGB", CAMPUS_BLUE))
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.mode == "CMYK"
        pixel = image.getpixel((4, 4))
        profile = image.info.get("icc_profile")
    expected = [round(v * 255) for v in converter.cmyk(CAMPUS_BLUE)]
    assert all(abs(a - b) <= 6 for a, b in zip(pixel, expected)), (pixel, expected)
    assert profile, "the output profile is embedded in the JPEG"
    assert ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile.xcolor_space.strip() == "CMYK"


@pytest.mark.parametrize("mode, colour", [("RGBA", (0, 0, 255, 0)), ("LA", (0, 0)), ("P", 3), ("L", 128)])
def test_cmyk_raster_converts_every_mode_and_flattens_alpha_on_white(mode, colour):
    """Transparent pixels come out as white paper; palette and grey images are converted too."""
    with Image.open(io.BytesIO(cmyk_raster(_png(mode, colour)))) as image:
        assert image.mode == "CMYK"
        pixel = image.getpixel((4, 4))
    if mode in ("RGBA", "LA"):
        assert all(v <= 3 for v in pixel), pixel  # fully transparent: no ink


def test_cmyk_raster_keeps_a_cmyk_image_as_it_is():
    """A CMYK image is already in inks: its bytes are returned unchanged."""
    out = io.BytesIO()
    Image.new("CMYK", (4, 4), (10, 20, 30, 40)).save(out, format="JPEG")
    assert cmyk_raster(out.getvalue()) == out.getvalue()


def test_cmyk_raster_uses_the_given_profile():
    """The profile passed in is the one embedded in the JPEG."""
    data = cmyk_raster(_png("RGB", (255, 0, 0)), bundled_profile())
    with Image.open(io.BytesIO(data)) as image:
        assert image.info.get("icc_profile") == bundled_profile()


def test_data_url_images_are_converted_in_press_files_too(sample_readonly):
    """An image given inline as a data: URL is printed in CMYK like a file, and checked like one."""
    import base64

    from metier.model.project import Press
    from metier.press.variant import variant_for
    from metier.render.fetcher import ConfinedFetcher
    from metier.render.layouts import resolve_layout

    fetcher = ConfinedFetcher(resolve_layout("job-sheet", sample_readonly), sample_readonly,
                              variant_for("press", Press()))
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 79, 138)).save(png, format="PNG")
    response = fetcher.fetch("data:image/png;base64," + base64.b64encode(png.getvalue()).decode())
    assert response.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(response.read())).mode == "CMYK"
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4" fill="#0b4f8a"/></svg>'
    response = fetcher.fetch("data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode())
    text = response.read().decode()
    assert "device-cmyk(" in text and "#0b4f8a" not in text
    css = fetcher.fetch("data:text/css,p%7Bcolor:red%7D")
    assert css.read() == b"p{color:red}"  # not an image: passed through
