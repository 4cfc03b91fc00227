"""Building targets: booklets imposed for the printer, flyer sheets, failures kept to their output."""

from __future__ import annotations


import pypdfium2
import pytest
from PIL import ImageChops
from pypdf import PdfReader

from metier.build.run import build
from metier.load.workspace import load_workspace
from tests.conftest import copy_sample, edit_yaml
from tests.render.test_ink import pixels, words

A5_SPREAD = (839.06, 595.28)  # two A5 pages side by side: 296 × 210 mm, trimmed out of the printer's sheet


def _half_text(page, left: bool) -> str:
    """Text drawn on the left or right half of an imposed sheet."""
    width = float(page.mediabox.width)
    parts = []

    def visit(text, cm, tm, *_):
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        if text.strip() and ((x < width / 2) == left):
            parts.append(text)
    page.extract_text(visitor_text=visit)
    return " ".join(parts).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def booklet_build(tmp_path_factory):
    from tests.conftest import copy_sample

    ws = copy_sample(tmp_path_factory.mktemp("booklet") / "ws")
    result = build(ws, targets_=["livret", "brochure"], campuses=["lyon"])
    return ws, result


def test_booklet_is_the_a5_brochure_imposed_in_saddle_stitch_order(booklet_build):
    ws, result = booklet_build
    (booklet,) = [o for o in result.outputs if o.kind == "booklet"]
    assert booklet.status == "built" and booklet.pages % 4 == 0
    reader = PdfReader(ws / booklet.path)
    assert len(reader.pages) == booklet.pages // 2
    bleed = 3 * 72 / 25.4
    for page in reader.pages:  # the booklet is press only: each A4 sheet is trimmed out of a larger one
        assert (round(float(page.trimbox.width), 2), round(float(page.trimbox.height), 2)) == A5_SPREAD
        assert round(float(page.bleedbox.width) - float(page.trimbox.width), 2) == round(2 * bleed, 2)
        assert float(page.mediabox.width) > float(page.bleedbox.width)  # room for the crop marks
    first = reader.pages[0]
    assert "Nous contacter" in _half_text(first, left=True)  # the back cover, last page of the booklet
    assert "Fiches métiers" in _half_text(first, left=False)  # the cover
    second = reader.pages[1]
    assert "Le campus de Lyon" in _half_text(second, left=True)  # page 2
    texts = [_half_text(p, left) for p in reader.pages for left in (True, False)]
    assert sum("Notes" in t and len(t) < 20 for t in texts) == booklet.pages - booklet_source_pages(ws)


def booklet_source_pages(ws) -> int:
    from metier.build.targets import select, targets
    from metier.render.brochure import BrochureRenderer

    loaded = load_workspace(ws)
    target = targets(loaded)["livret"]
    return BrochureRenderer(loaded).render("livret", target, "lyon", select(loaded, target), booklet=True).pages


def test_screen_brochure_is_a4(booklet_build):
    ws, result = booklet_build
    (brochure,) = [o for o in result.outputs if o.kind == "brochure" and o.variant == "screen"]
    page = PdfReader(ws / brochure.path).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert PdfReader(ws / brochure.path).metadata.title.startswith("Fiches métiers – École Exemple Cybersécurité, Lyon")


def test_thick_booklet_is_reported(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["livret"].update(staple_limit="8", campus="paris"))
    result = build(sample, targets_=["livret"])
    (output,) = result.outputs
    assert output.status == "built"
    (warning,) = output.warnings
    assert f"{output.pages} pages, over the staple limit of 8" in warning
    result = build(sample, targets_=["livret"], strict=True)
    assert result.outputs[0].status == "failed"


def test_flyer_sheet_four_up(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["flyers"].update(n_up="4", campus="lyon"))
    result = build(sample, targets_=["flyers"])
    assert [o.status for o in result.outputs] == ["built"] * 7
    sheet = PdfReader(sample / "out/flyers/lyon/flyers-4up.pdf")
    assert len(sheet.pages) == 2
    assert (round(float(sheet.pages[0].mediabox.width)), round(float(sheet.pages[0].mediabox.height))) == (595, 842)


def test_broken_campus_override_fails_only_that_target(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["salon-lyon"].update(overrides={"labels": {"kicker": None}, "website": "example.org"}))
    ws = load_workspace(sample)
    assert ws.fatal  # an override that is not a web address is invalid in metier.yaml itself
    assert any(i.field == "targets.salon-lyon.overrides.website" for i in ws.issues)


def test_empty_selection_fails_that_output(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["salon-lyon"].update(tags=["no-such-tag"]))
    result = build(sample, targets_=["salon-lyon"])
    assert len(result.outputs) == 2  # screen and press
    for output in result.outputs:
        assert output.status == "failed" and output.error == "target salon-lyon selects no profile for campus lyon"
        assert not (sample / output.path).exists()
    assert any(i.severity == "warning" and "no-such-tag" in i.message for i in result.issues)


@pytest.mark.parametrize("size, status", [((900, 600), "built"), ((640, 400), "failed")])
def test_strict_lets_a_photo_under_300_ppi_pass_but_fails_one_under_150(sample, size, status):
    """Under 300 ppi a photo is advice (reported, even with --strict); under 150 ppi it fails the output with --strict."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    (sample / "assets/small.jpg").write_bytes(out.getvalue())
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(photo={"file": "assets/small.jpg", "alt": "Un bureau."}))
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["sheets"].update(variants=["press"]))
    result = build(sample, targets_=["sheets"], profiles=["ciso"], campuses=["lyon"], strict=True)
    (output,) = result.outputs
    assert output.status == status, output.error
    assert any('photo: "assets/small.jpg" prints at' in w for w in output.warnings) or status == "failed"
    if status == "failed":
        assert 'photo: "assets/small.jpg" prints at' in output.error and "blurred" in output.error


def _count_layouts(monkeypatch) -> list:
    """Record every WeasyPrint layout the build makes (one entry per laid-out document)."""
    from metier.render.pdf import PdfRenderer

    laid, original = [], PdfRenderer.lay_out

    def counting(self, html, *args, **kwargs):
        laid.append(html)
        return original(self, html, *args, **kwargs)
    monkeypatch.setattr(PdfRenderer, "lay_out", counting)
    return laid


def test_booklet_reuses_the_layout_of_an_a5_brochure_of_the_same_entries(tmp_path, monkeypatch):
    both, alone = copy_sample(tmp_path / "both"), copy_sample(tmp_path / "alone")
    for ws in (both, alone):
        edit_yaml(ws / "metier.yaml", lambda d: d["targets"]["brochure"].update(page_size="A5"))
    laid = _count_layouts(monkeypatch)
    first = build(alone, targets_=["livret"], campuses=["lyon"])
    alone_layouts = len(laid)
    laid.clear()
    second = build(both, targets_=["livret", "brochure"], campuses=["lyon"])
    assert {o.status for o in first.outputs + second.outputs} == {"built"}
    # The A5 brochure's screen and press files and the booklet come from one layout (the notes page is another).
    assert len(laid) == alone_layouts
    (booklet,) = [o for o in second.outputs if o.kind == "booklet"]
    # The same booklet as the one laid out alone: the same sheets, boxes, words at the same places and inks.
    shared, single = (both / booklet.path).read_bytes(), (alone / booklet.path).read_bytes()
    assert words(shared) == words(single)
    a, b = pypdfium2.PdfDocument(single), pypdfium2.PdfDocument(shared)
    assert len(a) == len(b) == booklet.pages // 2
    for number in range(len(a)):
        assert a[number].get_mediabox() == b[number].get_mediabox()
        assert a[number].get_trimbox() == b[number].get_trimbox()
        assert ImageChops.difference(pixels(single, number), pixels(shared, number)).getbbox() is None
    assert b"/DeviceRGB" not in shared
    brochures = [o for o in second.outputs if o.kind == "brochure"]
    assert {o.variant for o in brochures} == {"screen", "press"}
    assert all(PdfReader(both / o.path).pages[0].trimbox.width < 430 for o in brochures)  # A5 pages


def test_booklet_and_a4_brochure_are_laid_out_each(tmp_path, monkeypatch):
    ws = copy_sample(tmp_path / "ws")
    laid = _count_layouts(monkeypatch)
    result = build(ws, targets_=["livret", "brochure"], campuses=["lyon"])
    assert {o.status for o in result.outputs} == {"built"}
    entries = [html for html in laid if 'class="entry' in html or "entry-" in html]
    assert len(entries) == 2  # the A4 brochure (screen and press share one) and the A5 booklet
