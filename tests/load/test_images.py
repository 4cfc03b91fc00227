"""Images checked at load time: each bad logo is one located issue, and only what shows it is set aside."""

from __future__ import annotations

import base64
import io
import os
import struct
import zlib

import pytest
from PIL import Image

from metier.load.images import MAX_PIXELS, css_references, image_file_problem, image_problem
from metier.load.workspace import load_workspace
from tests.conftest import edit_yaml

SVG = "image/svg+xml"
PNG = "image/png"
OK_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'


def raster(fmt: str = "PNG", size=(32, 24)) -> bytes:
    """A small sound image in *fmt*."""
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(out, fmt)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims *width* × *height* pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _chunk(b"IEND", b""))


def damaged_png() -> bytes:
    """A PNG with one byte of its pixel data changed (its checksum no longer matches)."""
    data = bytearray(raster())
    data[data.index(b"IDAT") + 6] ^= 0xFF
    return bytes(data)


# --- one image, one message -------------------------------------------------------

@pytest.mark.parametrize("data, media_type, message", [
    (b"", PNG, '"logo.png" is empty (0 bytes); copy or export the image again'),
    (b"<html>not a picture</html>", PNG,
     '"logo.png" is not a PNG or JPEG image (its content is something else); export it again as PNG, JPEG or SVG'),
    (raster()[:30], PNG, '"logo.png" is a damaged PNG image: its header cannot be read; copy or export it again'),
    (damaged_png(), PNG,
     '"logo.png" is a damaged PNG image (broken PNG file (bad header checksum in b\'IDAT\')); copy or export it again'),
    (raster()[:-40], PNG, '"logo.png" is a truncated PNG image: the file ends before the picture does; copy or export it again'),
    (raster("JPEG")[:-60], PNG,
     '"logo.png" is a truncated JPEG image: the file ends before the picture does; copy or export it again'),
    (png_claiming(10_000, 6_000), PNG,
     '"logo.png" has 60.0 megapixels (10000 × 6000 pixels), over the limit of 50 megapixels (decoding it would take '
     'too much memory); scale it down: 3000 pixels across is plenty for a printed page'),
    (png_claiming(20_000, 20_000), PNG,
     '"logo.png" has 400.0 megapixels, over the limit of 50 megapixels (decoding it would take too much memory); '
     'scale it down: 3000 pixels across is plenty for a printed page'),
])
def test_bad_raster_images(data, media_type, message):
    assert image_problem(data, "logo.png", media_type) == message


def test_sound_images_pass():
    for fmt in ("PNG", "JPEG", "GIF", "WEBP"):
        assert image_problem(raster(fmt), "logo.png", PNG) is None
    assert MAX_PIXELS == 50_000_000
    at_limit = image_problem(png_claiming(5_000, 10_000), "logo.png", PNG)  # decoded, and found short of its pixels
    assert "megapixels" not in at_limit and "truncated" in at_limit
    assert "has 50.0 megapixels (5000 × 10001 pixels), over the limit" in image_problem(png_claiming(5_000, 10_001), "logo.png", PNG)
    assert image_problem(OK_SVG, "logo.svg", SVG) is None


def test_only_png_jpeg_gif_and_webp_are_decoded():
    """Pillow is never asked to try its other decoders (EPS would run Ghostscript, for one)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "BMP")
    assert "is not a PNG or JPEG image" in image_problem(out.getvalue(), "logo.png", PNG)


DOCTYPE = '"logo.svg" has a <!DOCTYPE> or <!ENTITY> declaration, which metier refuses (entities can read other files ' \
          'or grow without end); export it again as plain SVG'


def external(ref: str) -> str:
    """The message for an SVG named logo.svg that refers to *ref*."""
    return (f'"logo.svg" refers to another file or address ("{ref}"); metier prints only self-contained SVG images: '
            "embed that image in the SVG, or export it again")


def data_svg(svg: bytes) -> str:
    """*svg* as a base64 data: URL."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


NESTED = data_svg(b"<svg xmlns='http://www.w3.org/2000/svg'><image href='x.png'/></svg>")


@pytest.mark.parametrize("svg, message", [
    (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
     b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>', DOCTYPE),
    (b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', DOCTYPE),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
     DOCTYPE),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg"/>'.encode("utf-16"),
     DOCTYPE),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
     b'<image xlink:href="../../secret.png" width="4" height="4"/></svg>', external("../../secret.png")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', external("file:///etc/passwd")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#shape"/></svg>', external("other.svg#shape")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://example.org/p.png)"/></svg>',
     external("https://example.org/p.png")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(&quot;paint.svg#p&quot;)"/></svg>', external("paint.svg#p")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "theme.css";</style></svg>', external("theme.css")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style><![CDATA[rect { fill: u\\72l(p.png) }]]></style></svg>',
     external("p.png")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@font-face { font-family: F; src: url(/usr/share/fonts/f.ttf) }'
     b'</style></svg>', external("/usr/share/fonts/f.ttf")),
    (b'<?xml-stylesheet href="theme.css"?><svg xmlns="http://www.w3.org/2000/svg"/>', external("<?xml-stylesheet ...?>")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="' + NESTED.encode() + b'"/></svg>', external("x.png")),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
     '"logo.svg" is not a valid SVG file (mismatched tag, line 1); export it again as plain SVG'),
    (b'<html><body/></html>', '"logo.svg" is not an SVG image: its first element is "html", not svg; export it again as plain SVG'),
])
def test_bad_svg_images(svg, message):
    assert image_problem(svg, "logo.svg", SVG) == message


def test_an_image_inside_a_data_url_is_checked_too():
    png = "data:image/png;base64," + base64.b64encode(raster()[:-40]).decode()
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{png}"/></svg>'.encode()
    assert image_problem(svg, "logo.svg", SVG) == ('"logo.svg" is a truncated PNG image: the file ends before the '
                                                   "picture does; copy or export it again")


def test_self_contained_svg_passes():
    png = "data:image/png;base64," + base64.b64encode(raster()).decode()
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
           '<path id="p" d="M0 0L4 4"/></defs><style>.a { fill: url(#g) }</style>'
           f'<use xlink:href="#p"/><rect class="a" fill="url(#g)" style="stroke: url(\'#g\')"/>'
           f'<image href="{png}"/><a href="https://example.org"><rect/></a></svg>').encode()
    assert image_problem(svg, "logo.svg", SVG) is None


def test_css_references_are_read_as_weasyprint_reads_them():
    assert css_references("fill: url(#g); stroke: URL( 'a.svg' )") == ["#g", "a.svg"]
    assert css_references('@import url("a.css"); @import "b.css"; p { background: u\\72l(c.png) }',
                          stylesheet=True) == ["a.css", "b.css", "c.png"]


# --- files of the workspace ------------------------------------------------------

def test_files_outside_the_workspace_are_refused(sample, tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(raster())
    os.symlink(outside, sample / "assets" / "link.png")
    os.symlink("loop.png", sample / "assets" / "loop.png")
    shown = '(it uses "..", or a symbolic link leads out of the workspace); copy the image into the workspace, ' \
            "e.g. under assets/, and write its path from there"
    assert image_file_problem(sample, "assets/link.png") == f'"assets/link.png" is not a path inside the workspace {shown}'
    assert image_file_problem(sample, "../outside.png") == f'"../outside.png" is not a path inside the workspace {shown}'
    assert image_file_problem(sample, "assets/../assets/logo.svg").startswith('"assets/../assets/logo.svg" is not a path inside')
    assert image_file_problem(sample, "assets/loop.png") == (
        '"assets/loop.png" cannot be read (it is a symbolic link that leads back to itself); check the file')
    assert image_file_problem(sample, "assets/a\0.png") == (
        '"assets/a\0.png" cannot be read (its name holds a character no file name can); check the file')
    os.symlink(sample / "assets" / "logo.svg", sample / "assets" / "inside.svg")
    assert image_file_problem(sample, "assets/inside.svg") is None  # a link that stays inside is fine


def test_an_oversized_file_is_refused_before_it_is_read(sample):
    with open(sample / "assets" / "huge.png", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: nothing is written, nothing should be read
    assert image_file_problem(sample, "assets/huge.png") == (
        '"assets/huge.png" is 21 MB, over the limit of 20 MB for an image; export it smaller')


# --- located issues, and what is set aside ----------------------------------------------

def _set_campus_logo(sample, campus: str, name: str, data: bytes | None):
    """Make *name* (written with *data*, unless None) the logo of *campus*."""
    if data is not None:
        (sample / name).write_bytes(data)
    edit_yaml(sample / f"campuses/{campus}.yaml", lambda d: d.update(logo=name))


def test_a_bad_campus_logo_sets_aside_that_campus_only(sample):
    _set_campus_logo(sample, "lyon", "assets/lyon.png", raster()[:-40])
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert issue.path == "campuses/lyon.yaml" and issue.field == "logo" and issue.severity == "error"
    assert issue.line == next(i for i, line in enumerate((sample / "campuses/lyon.yaml").read_text("utf-8").splitlines(), 1)
                              if line.startswith("logo:"))
    assert issue.message == ('"assets/lyon.png" is a truncated PNG image: the file ends before the picture does; '
                             "copy or export it again")
    assert "lyon" in ws.invalid["campuses"] and set(ws.campuses) == {"paris"} and not ws.fatal


@pytest.mark.parametrize("data, message", [
    (None, 'file "assets/none.png" does not exist (looked in the workspace)'),
    (b"", '"assets/none.png" is empty (0 bytes); copy or export the image again'),
])
def test_missing_and_empty_campus_logos(sample, data, message):
    _set_campus_logo(sample, "paris", "assets/none.png", data)
    ws = load_workspace(sample)
    assert [(i.path, i.field, i.message) for i in ws.issues] == [("campuses/paris.yaml", "logo", message)]
    assert set(ws.campuses) == {"lyon"}


def test_a_bad_default_logo_is_reported_once_where_it_is_written(sample):
    (sample / "assets/default.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="x.png"/></svg>')
    edit_yaml(sample / "metier.yaml", lambda d: d["campus_defaults"].update(logo="assets/default.svg"))
    edit_yaml(sample / "campuses/paris.yaml", lambda d: d.pop("logo"))
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert issue.path == "metier.yaml" and issue.field == "logo"
    lines = (sample / "metier.yaml").read_text("utf-8").splitlines()
    assert lines[issue.line - 1].strip() == "logo: assets/default.svg"
    assert issue.message == ('"assets/default.svg" refers to another file or address ("x.png"); metier prints only '
                             "self-contained SVG images: embed that image in the SVG, or export it again")
    assert ws.invalid["campuses"] == {"lyon", "paris"}


def test_a_bad_logo_in_target_overrides_sets_aside_that_target(sample):
    (sample / "assets/salon.png").write_bytes(png_claiming(20_000, 20_000))
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["salon-lyon"].update(overrides={"logo": "assets/salon.png"}))
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert (issue.path, issue.field) == ("metier.yaml", "targets.salon-lyon.overrides.logo")
    assert issue.message.startswith('"assets/salon.png" has 400.0 megapixels, over the limit of 50 megapixels')
    assert ws.invalid["targets"] == {"salon-lyon"} and set(ws.campuses) == {"lyon", "paris"}


def test_a_bad_school_logo_stops_the_build_as_a_missing_one_does(sample):
    (sample / "assets/logo.svg").write_bytes(b'<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg"/>')
    _set_campus_logo(sample, "lyon", "assets/empty.png", b"")
    ws = load_workspace(sample)
    assert ws.fatal
    assert [(i.path, i.field, i.message) for i in ws.issues] == [
        ("metier.yaml", "school.logo", '"assets/logo.svg" has a <!DOCTYPE> or <!ENTITY> declaration, which metier '
                                       "refuses (entities can read other files or grow without end); export it again as plain SVG"),
        ("campuses/lyon.yaml", "logo", '"assets/empty.png" is empty (0 bytes); copy or export the image again'),
    ]


def test_a_logo_linked_out_of_the_workspace_is_located(sample, tmp_path):
    (tmp_path / "elsewhere.svg").write_bytes(OK_SVG)
    os.symlink(tmp_path / "elsewhere.svg", sample / "assets" / "lyon.svg")
    _set_campus_logo(sample, "lyon", "assets/lyon.svg", None)
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert issue.path == "campuses/lyon.yaml" and issue.field == "logo"
    assert issue.message.startswith('"assets/lyon.svg" is not a path inside the workspace')


def test_a_symbolic_link_loop_is_an_issue_not_a_traceback(sample):
    os.symlink("loop.svg", sample / "assets" / "loop.svg")
    _set_campus_logo(sample, "lyon", "assets/loop.svg", None)
    edit_yaml(sample / "metier.yaml", lambda d: d["press"].update(profile="assets/loop.icc"))
    os.symlink("loop.icc", sample / "assets" / "loop.icc")
    ws = load_workspace(sample)
    assert sorted((i.path, i.field, i.message) for i in ws.issues) == [
        ("campuses/lyon.yaml", "logo",
         '"assets/loop.svg" cannot be read (it is a symbolic link that leads back to itself); check the file'),
        ("metier.yaml", "press.profile", 'file "assets/loop.icc" does not exist (looked in the workspace)'),
    ]


def test_truncation_is_found_though_weasyprint_lets_pillow_accept_it():
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process; the check turns it off, then back on."""
    import weasyprint.images  # noqa: F401 - sets ImageFile.LOAD_TRUNCATED_IMAGES
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    assert image_problem(raster()[:-40], "logo.png", PNG) == (
        '"logo.png" is a truncated PNG image: the file ends before the picture does; copy or export it again')
    assert image_problem(damaged_png(), "logo.png", PNG).startswith('"logo.png" is a damaged PNG image (broken PNG file')
    assert ImageFile.LOAD_TRUNCATED_IMAGES
