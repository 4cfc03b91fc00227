"""Pages that fill well: the fill measure, the warning, and the flyer and campus page that fill."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from weasyprint import HTML

from metier.build.targets import targets
from metier.load.workspace import load_workspace
from metier.render.brochure import BrochureRenderer
from metier.render.fill import MIN_FILL, measure, underfilled
from metier.scaffold import new_profile

BEFORE = Path(__file__).parent / "data" / "flyer-before"


def _pages(html: str):
    return HTML(string=html).render().pages


def test_a_page_of_one_line_is_reported_but_a_cover_or_the_last_page_is_not():
    pages = _pages("<style>@page { size: A5; margin: 10mm } .c { page: cover }</style>"
                   "<p>Une ligne.</p><div class=c style='break-before: page'>Couverture</div>"
                   "<p style='break-before: page'>Une autre ligne.</p><p style='break-before: page'>Fin.</p>")
    fills = [measure(page)[0] for page in pages]
    assert len(pages) == 4 and all(fill < 0.1 for fill in fills)
    assert [(u.page, u.message()) for u in underfilled(pages, fills)] == [
        (1, "page 1 is only 3 % filled (under 60 %): give it more content, or let the layout grow its pictures"),
        (3, "page 3 is only 3 % filled (under 60 %): give it more content, or let the layout grow its pictures")]


def test_a_coloured_block_and_a_picture_count_as_filled_and_white_space_below_is_measured():
    page = _pages("<style>@page { size: 100mm 100mm; margin: 0 }</style>"
                  "<div style='height: 40mm; background: #0b4f8a'></div><p style='margin: 0'>Texte</p>")[0]
    fill, left = measure(page)
    assert 0.4 < fill < 0.5 and 50 < left < 60


@pytest.fixture
def skeleton(sample):
    """The sample with a profile as `metier new profile` writes it, and the flyer as it was laid out before."""
    new_profile(sample, "data-analyst")
    shutil.copytree(BEFORE, sample / "layouts/flyer-before")
    return load_workspace(sample)


def test_a_short_flyer_was_underfilled_before_and_fills_now(skeleton):
    flyers = targets(skeleton)["flyers"]
    renderer = BrochureRenderer(skeleton)
    before = renderer.flyer("flyers", flyers.model_copy(update={"layout": "flyer-before"}), "lyon", "data-analyst")
    assert before.pages == 1 and before.rendered.fill[0] < MIN_FILL
    assert [w for w in before.warnings if "filled" in w] == [
        f"page 1 is only {before.rendered.fill[0] * 100:.0f} % filled (under 60 %): give it more content, "
        "or let the layout grow its pictures"]
    after = renderer.flyer("flyers", flyers, "lyon", "data-analyst")
    assert after.pages == 1 and after.warnings == [] and after.rendered.fill[0] > 0.8
    assert after.rendered.space_left[0] < 6  # the band grew into the white space


def test_every_sample_flyer_fills_its_page(sample_readonly):
    ws = load_workspace(sample_readonly)
    flyers, renderer = targets(ws)["flyers"], BrochureRenderer(ws)
    for pid in ws.profiles:
        result = renderer.flyer("flyers", flyers, "paris", pid)
        assert result.pages == 1 and result.warnings == [] and result.rendered.fill[0] > 0.75, pid


def test_a_long_pitch_is_cut_at_a_sentence_with_the_full_profile_address(sample):
    import yaml

    path = sample / "profiles/ciso.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["introduction"] = " ".join(f"Phrase numéro {i} du texte, qui en dit un peu plus." for i in range(40))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    ws = load_workspace(sample)
    renderer = BrochureRenderer(ws)
    html = renderer.flyer_html("flyers", targets(ws)["flyers"], "lyon", "ciso")
    assert "plus. …</p>" in html and "Phrase numéro 39" not in html
    assert 'Lire la suite dans la fiche complète' in html and "example.org/lyon/metiers/ciso</a>" in html
    assert renderer.flyer("flyers", targets(ws)["flyers"], "lyon", "ciso").pages == 1


def _colours(image, box) -> int:
    """How many distinct colours the part *box* (fractions of the page) of *image* has: a photo has many."""
    w, h = image.size
    part = image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h))).tobytes()
    return len({part[i:i + 3] for i in range(0, len(part), 3)})


def test_pixels_the_flyer_opens_on_the_photo(sample_readonly):
    ws = load_workspace(sample_readonly)
    result = BrochureRenderer(ws).flyer("flyers", targets(ws)["flyers"], "lyon", "prompt-engineer")
    page = pdfium.PdfDocument(result.pdf)[0].render(scale=0.5).to_pil().convert("RGB")
    assert _colours(page, (0, 0, 1, 0.2)) > 500  # the top of the page is the photo, to its edges
    assert page.getpixel((1, 1)) != (255, 255, 255) and page.getpixel((page.width - 2, 1)) != (255, 255, 255)


def test_pixels_the_campus_page_shows_the_campus_photo(sample_readonly):
    ws = load_workspace(sample_readonly)
    target = targets(ws)["brochure"]
    result = BrochureRenderer(ws).render("brochure", target, "lyon", sorted(ws.profiles))
    assert result.warnings == []
    document = pdfium.PdfDocument(result.pdf)
    cover = document[0].render(scale=0.4).to_pil().convert("RGB")
    campus = document[1].render(scale=0.4).to_pil().convert("RGB")
    assert _colours(cover, (0, 0, 1, 0.35)) > 300
    assert _colours(campus, (0.1, 0.12, 0.9, 0.35)) > 300
