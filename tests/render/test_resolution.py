"""The print resolution of the photos of the data, measured on the laid-out press file."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from metier.errors import Advisory
from metier.load.workspace import load_workspace
from metier.render.resolution import ERROR_PPI, WARN_PPI, Printed
from metier.render.sheet import SheetRenderer
from tests.conftest import edit_yaml


def jpeg(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_ppi_is_that_of_the_side_that_needs_the_most_pixels():
    # 1000 × 1000 pixels covering a 100 × 50 mm frame: scaled to the width, 254 ppi
    assert Printed("photo", "a.jpg", (1000, 1000), (100, 50)).ppi == pytest.approx(254)
    assert Printed("photo", "a.jpg", (3000, 1000), (100, 50)).ppi == pytest.approx(508)


def test_under_300_ppi_is_advice_and_under_150_a_warning_that_strict_fails():
    sharp = Printed("photo", "a.jpg", (1200, 600), (100, 50))
    soft = Printed("photo", "a.jpg", (1000, 500), (100, 50))
    blurred = Printed("testimonials[0].portrait", "b.jpg", (400, 400), (100, 50))
    assert sharp.ppi >= WARN_PPI and sharp.warning() is None
    assert isinstance(soft.warning(), Advisory)
    assert soft.warning() == ('photo: "a.jpg" prints at 254 ppi in its 100 × 50 mm frame, below the 300 ppi a printed '
                              "photo needs; use a picture of at least 1182 × 591 pixels")
    assert blurred.ppi < ERROR_PPI and not isinstance(blurred.warning(), Advisory)
    assert blurred.warning() == ('testimonials[0].portrait: "b.jpg" prints at 102 ppi in its 100 × 50 mm frame, below '
                                 "150 ppi: it will look blurred (an error with --strict); use a picture of at least "
                                 "1182 × 591 pixels")


@pytest.fixture(scope="module")
def press_sheet(sample_readonly):
    return SheetRenderer(load_workspace(sample_readonly)).render("prompt-engineer", "lyon", variant="press")


def test_the_sample_photos_print_sharp_and_in_cmyk(press_sheet):
    assert press_sheet.warnings == []
    reader = PdfReader(io.BytesIO(press_sheet.pdf))
    spaces, seen = [], set()
    for page in reader.pages:
        for reference in (page["/Resources"].get("/XObject") or {}).values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Image" and xobject["/Width"] >= 600:  # the photo and the portrait
                space = xobject["/ColorSpace"]
                space = space[0] + "/" + str(space[1].get_object()["/N"]) if isinstance(space, list) else space
                spaces.append(space)
    assert len(spaces) == 2 and set(spaces) <= {"/DeviceCMYK", "/ICCBased/4"}, spaces


@pytest.mark.parametrize("size, advice", [((900, 600), True), ((640, 400), False)])
def test_a_photo_too_small_for_its_frame_is_named_with_its_field_in_the_press_file_only(sample, size, advice):
    (sample / "assets/small.jpg").write_bytes(jpeg(size))  # sound, but few pixels for the sheet's band photo

    def change(d):
        d["photo"] = {"file": "assets/small.jpg", "alt": "Un bureau."}
    edit_yaml(sample / "profiles/ciso.yaml", change)
    renderer = SheetRenderer(load_workspace(sample))
    assert [w for w in renderer.render("ciso", "lyon").warnings if "ppi" in w] == []  # the screen file: no check
    (warning,) = [w for w in renderer.render("ciso", "lyon", variant="press").warnings if "ppi" in w]
    assert warning.startswith('photo: "assets/small.jpg" prints at ')
    ppi = int(warning.split(" prints at ")[1].split()[0])
    assert (150 <= ppi < 300) == advice and isinstance(warning, Advisory) == advice
