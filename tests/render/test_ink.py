"""One layout, two files: the screen and press files of a document written from one layout."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from PIL import ImageChops
from pypdf import PdfReader

from metier.build.targets import plan
from metier.build.worker import Job, paired
from metier.load.workspace import load_workspace
from metier.press.variant import SCREEN, variant_for
from metier.model.project import Press
from metier.render.brochure import BrochureRenderer
from metier.render.ink import has_gradients, shareable
from metier.render.sheet import SheetRenderer
from tests.conftest import override_sheet_block

MM = 72 / 25.4


def words(pdf: bytes, trim_offset: float = 0.0) -> list[tuple[str, tuple[int, ...]]]:
    """Every word of *pdf* with its page and box, in points from the trimmed page's corner (rounded to 0.01 pt)."""
    document = pypdfium2.PdfDocument(pdf)
    found = []
    for number in range(len(document)):
        page = document[number]
        text = page.get_textpage()
        for index in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(index)
            box = tuple(round((v - trim_offset) * 100) for v in (left, bottom, right, top))
            found.append((text.get_text_bounded(left, bottom, right, top).strip(), (number, *box)))
    return found


def pixels(pdf: bytes, number: int, trim_offset: float = 0.0):
    """Page *number* of *pdf* as an RGB image at 50 dpi, cropped to its trimmed page."""
    page = pypdfium2.PdfDocument(pdf)[number]
    image = page.render(scale=50 / 72).to_pil().convert("RGB")
    if trim_offset:
        inset = round(trim_offset * 50 / 72)
        image = image.crop((inset, inset, image.width - inset, image.height - inset))
    return image


@pytest.fixture(scope="module")
def sheets(sample_readonly):
    """The seed sheet of Lyon: screen alone, press alone, and both from one layout."""
    renderer = SheetRenderer(load_workspace(sample_readonly))
    screen = renderer.render("prompt-engineer", "lyon")
    press = renderer.render("prompt-engineer", "lyon", variant="press")
    both = renderer.render_variants("prompt-engineer", "lyon", variants=("screen", "press"))
    return screen, press, both, renderer


def test_both_files_come_from_one_layout(sheets):
    """A screen and a press file are laid out together, and the layout says so."""
    _, _, _, renderer = sheets
    hows = (SCREEN, renderer.documents.variant("press", renderer.ws.campus("lyon")[1]))
    html = renderer.html("prompt-engineer", "lyon")
    assert renderer.documents.lay_out(renderer.layout_name, "lyon", html, hows).shared


def test_text_is_laid_out_at_the_same_positions_in_both_files(sheets):
    """Every word of the press file sits where it sits in the screen file, measured from the trimmed corner."""
    _, _, (screen, press), _ = sheets
    bleed = 3 * MM  # the press file's media starts at the slug: its TrimBox is where the screen page is
    reader = pypdfium2.PdfDocument(press.pdf)
    left, bottom, _, _ = reader[0].get_trimbox()
    media_left, media_bottom, _, _ = reader[0].get_mediabox()
    assert left - media_left > bleed  # marks outside the bleed
    screen_words = words(screen.pdf)
    press_words = words(press.pdf, trim_offset=left)  # text positions are in user space, where the trim starts
    assert len(screen_words) > 250
    assert screen_words == press_words


def test_the_press_file_is_the_one_its_own_layout_gives(sheets):
    """Written from the shared layout, the press file prints what the press file laid out alone prints:
    the same boxes, words at the same places, the same inks (pixels) on every page."""
    _, alone, (_, press), _ = sheets
    assert press.pages == alone.pages == 4
    assert words(press.pdf) == words(alone.pdf)
    a, b = pypdfium2.PdfDocument(alone.pdf), pypdfium2.PdfDocument(press.pdf)
    for number in range(press.pages):
        assert a[number].get_mediabox() == b[number].get_mediabox()
        assert a[number].get_trimbox() == b[number].get_trimbox()
        assert ImageChops.difference(pixels(alone.pdf, number), pixels(press.pdf, number)).getbbox() is None
    assert b"/DeviceRGB" not in press.pdf and b"/DeviceCMYK" in press.pdf


def test_the_screen_file_looks_like_the_one_its_own_layout_gives(sheets):
    """Page by page the screen files look the same, except inside page 1's full-bleed title band: its photo
    is cropped as in the press file (its frame runs into the bleed), and the band reaches the page's very edge."""
    alone, _, (screen, _), _ = sheets
    assert screen.pages == alone.pages
    for number in range(screen.pages):
        a, b = pixels(alone.pdf, number), pixels(screen.pdf, number)
        difference = ImageChops.difference(a, b).getbbox()
        if number > 0:
            assert difference is None, (number, difference)
        elif difference is not None:  # within the band: the top 60 mm, the photo's half of it
            assert difference[1] == 0 and difference[3] <= 60 / 25.4 * 50 and difference[0] >= a.width / 2, difference
    reader = pypdfium2.PdfDocument(screen.pdf)
    assert reader[0].get_mediabox() == pypdfium2.PdfDocument(alone.pdf)[0].get_mediabox()


def test_the_screen_file_of_a_shared_layout_carries_no_output_profile(sheets):
    """No ICC profile and no bleed leak into the screen file: it stays PDF/UA in RGB."""
    alone, _, (screen, _), _ = sheets
    assert b"/ICCBased" not in screen.pdf and b"/DeviceCMYK" not in screen.pdf
    root = PdfReader(io.BytesIO(screen.pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and "/OutputIntents" not in root
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    assert abs(len(screen.pdf) - len(alone.pdf)) < len(alone.pdf) * 0.02


def test_flyers_share_their_layout_too(sample_readonly):
    """The flyer's screen and press files: one layout, the press file the same as when laid out alone."""
    ws = load_workspace(sample_readonly)
    target_id = next(t for t, target in ws.project.targets.items() if target.kind == "flyers")
    target = ws.project.targets[target_id]
    renderer = BrochureRenderer(ws)
    screen, press = renderer.flyer_variants(target_id, target, "lyon", "ciso", ("screen", "press"))
    alone = renderer.flyer(target_id, target, "lyon", "ciso", "press").pdf
    assert words(press.pdf) == words(alone)
    assert ImageChops.difference(pixels(alone, 0), pixels(press.pdf, 0)).getbbox() is None
    assert words(screen.pdf) and screen.pages == press.pages == 1


def test_pdf_x_1a_is_laid_out_once_per_file():
    """PDF/X-1a mixes translucent colours with white in the stylesheets: it cannot share a screen layout."""
    x4, x1a = variant_for("press", Press()), variant_for("press", Press(standard="pdf/x-1a"))
    assert shareable((SCREEN, x4))
    assert not shareable((SCREEN, x1a))
    assert not shareable((SCREEN,)) and not shareable((x4,))


def test_a_gradient_gives_the_press_file_its_own_layout(sample):
    """A layout that paints a CSS gradient is laid out twice (WeasyPrint paints gradients as shadings)."""
    override_sheet_block(sample, "page_css", "{{ super() }} .band { background: linear-gradient(#0b4f8a, #2a7fc0); }")
    ws = load_workspace(sample)
    renderer = SheetRenderer(ws)
    hows = (SCREEN, renderer.documents.variant("press", ws.campus("lyon")[1]))
    laid = renderer.documents.lay_out(renderer.layout_name, "lyon", renderer.html("ciso", "lyon"), hows)
    assert not laid.shared
    assert has_gradients(laid._laids[0].document) and has_gradients(laid._laids[1].document)
    assert laid._laids[0].variant is SCREEN and laid._laids[1].variant.press


def test_the_build_pairs_the_screen_and_press_files_of_a_document(sample_readonly):
    """One job per sheet, flyer and brochure makes both of its files; booklets and flyer sheets keep a job each."""
    ws = load_workspace(sample_readonly)
    outputs = plan(ws)
    jobs = paired(outputs)
    assert sum(len(job.outputs) for job in jobs) == len(outputs)
    twins = [job for job in jobs if job.twins]
    assert twins and {"sheet", "brochure"} <= {job.output.kind for job in twins} <= {"sheet", "flyer", "brochure"}
    assert all({o.variant for o in job.outputs} == {"screen", "press"} for job in twins)
    assert all(not job.twins for job in jobs if job.output.kind in ("booklet", "flyer-sheet"))
    assert isinstance(jobs[0], Job)
