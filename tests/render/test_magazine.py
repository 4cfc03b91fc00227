"""The ``job-sheet-magazine`` layout: the job sheet's content in two columns.

Every sample profile fits its page budget on screen and in press; the PDF
shows two columns of text, the photo to the sheet's edges (and into the
bleed of the press file), a pull quote and the summary as a sidebar beside
the lead; a sparse last page gives its white space to the opening; the HTML
of the seed is a golden file (``pytest --update-golden``), and the job
sheet the magazine extends is unchanged.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from metier.load.workspace import load_workspace
from metier.model.layout import Layout
from metier.render.fitting import Budgeted
from metier.render.sheet import GROW_SPARE, SheetRenderer, grown
from tests.conftest import check_golden, edit_yaml

MAGAZINE = "job-sheet-magazine"
GOLDEN = Path(__file__).parent / "golden"
MM = 72 / 25.4
A4_WIDTH = 210 * MM
PROFILES = ("ciso", "devsecops-engineer", "pentester", "prompt-engineer", "security-architect", "soc-analyst")


@pytest.fixture(scope="module")
def ws(sample_readonly):
    return load_workspace(sample_readonly)


@pytest.fixture(scope="module")
def magazine(ws):
    return SheetRenderer(ws, layout=MAGAZINE)


@pytest.fixture(scope="module")
def seed(magazine):
    """The seed's magazine sheet at Lyon, screen and press."""
    return magazine.render_variants("prompt-engineer", "lyon", None, ("screen", "press"))


def text_rects(pdf: bytes, index: int) -> list[tuple[float, float, float, float, str]]:
    """(left, bottom, right, top, text) of each text rectangle of page *index*, in points from the lower left
    (no-break spaces read as spaces)."""
    page = pdfium.PdfDocument(pdf)[index]
    textpage = page.get_textpage()
    rects = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\u00a0", " ").replace("\u202f", " ")
        rects.append((left, bottom, right, top, text))
    return rects


def image_bounds(pdf: bytes, index: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each image drawn on page *index*."""
    page = pdfium.PdfDocument(pdf)[index]
    return [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_sample_profile_fits_its_budget_on_screen_and_in_press(magazine, profile):
    screen, press = magazine.render_variants(profile, "lyon", None, ("screen", "press"))
    for result in (screen, press):
        assert 2 <= result.pages <= 4, (profile, result.pages)
        assert result.overflow is None
        assert result.warnings == [], result.warnings
    assert screen.pages == press.pages


def test_the_target_setting_selects_the_layout(sample):
    """``layout: job-sheet-magazine`` on a sheets target builds its sheets with the magazine layout."""
    from metier.build.run import build

    def change(data):
        data["targets"] = {"magazine": {"kind": "sheets", "layout": MAGAZINE, "profiles": ["security-architect"],
                                        "variants": ["screen"]}}
    edit_yaml(sample / "metier.yaml", change)
    result = build(sample, targets_=["magazine"])
    assert result.failed == [] and len(result.built) == 2  # Lyon and Paris
    pdf = (sample / "out" / "magazine" / "lyon" / "security-architect.pdf").read_bytes()
    sidebar = [r for r in text_rects(pdf, 0) if "RÉSUMÉ" in r[4].replace(" ", "").upper()]
    assert sidebar and sidebar[0][0] > A4_WIDTH * 0.55  # the magazine's sidebar, not the job sheet's box


def test_two_columns_of_text(seed):
    """Lines of text start at two x positions on a page of the flow: the inner margin and the second column."""
    screen = seed[0]
    for index in (1, 2):  # a right page and a left page
        rects = [r for r in text_rects(screen.pdf, index) if len(r[4].strip()) > 20]
        starts = sorted(round(r[0] / MM) for r in rects)
        left = [x for x in starts if x < 105]
        right = [x for x in starts if x >= 105]
        assert len(left) > 15 and len(right) > 15, starts
        assert max(r[2] for r in rects if round(r[0] / MM) in left) < 105 * MM  # the first column stops before the middle
        assert min(right) - min(left) > 80  # a column and a gap apart


def test_the_photo_runs_to_the_edges_of_page_one_and_into_the_press_bleed(seed):
    screen, press = seed
    page = pdfium.PdfDocument(screen.pdf)[0]
    width, height = page.get_size()
    photos = [b for b in image_bounds(screen.pdf, 0) if b[2] - b[0] > width * 0.9]
    assert photos, image_bounds(screen.pdf, 0)
    left, bottom, right, top = photos[0]
    assert left <= 0.5 and right >= width - 0.5 and top >= height - 0.5
    assert top - bottom >= 100 * MM

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(press.pdf))
    box = reader.pages[0].bleedbox
    trim = reader.pages[0].trimbox
    photos = [b for b in image_bounds(press.pdf, 0) if b[2] - b[0] > float(trim.width) * 0.9]
    assert photos
    left, bottom, right, top = photos[0]
    tolerance = 0.5
    assert left <= float(box.left) + tolerance and right >= float(box.right) - tolerance
    assert top >= float(box.top) - tolerance
    assert float(box.left) < float(trim.left) - 8  # a real 3 mm bleed (8.5 pt) around the trimmed page


def test_a_pull_quote_in_the_columns(magazine, seed):
    html = magazine.html("prompt-engineer", "lyon")
    flow = html.split('<div class="flow">', 1)[1]
    assert '<figure class="testimonial has-portrait">' in flow
    page = next(i for i in range(seed[0].pages)
                if "joue Batman" in "".join(r[4] for r in text_rects(seed[0].pdf, i)))
    quote = [r for r in text_rects(seed[0].pdf, page) if "Batman" in r[4]][0]
    body = [r for r in text_rects(seed[0].pdf, page) if "Olivier P. a longtemps" in r[4] or "Poser des" in r[4]]
    assert body and (quote[3] - quote[1]) > 1.2 * (body[0][3] - body[0][1])  # set larger than the text


def test_the_summary_is_a_sidebar_beside_the_lead(magazine, seed):
    html = magazine.html("prompt-engineer", "lyon")
    assert '<div class="sidebar"><section class="summary"' in html
    rects = text_rects(seed[0].pdf, 0)
    title = [r for r in rects if "RÉSUMÉ" in r[4].replace(" ", "").upper()][0]
    lead = [r for r in rects if r[4].startswith("Longtemps")][0]
    assert title[0] > A4_WIDTH * 0.6 and lead[2] < title[0]  # the lead on the left, the sidebar on the right
    assert abs(title[3] - lead[3]) < 8 * MM  # side by side, their tops level
    facts = [r for r in rects if "brut / mois" in r[4]]
    assert len(facts) == 2 and all(r[0] > A4_WIDTH * 0.6 for r in facts)


def test_golden_html(magazine, update_golden):
    check_golden(GOLDEN / "magazine-prompt-engineer-lyon.html", magazine.html("prompt-engineer", "lyon"),
                 update_golden)


def test_the_job_sheet_is_unchanged(ws):
    """The magazine extends sheet.html.j2 through its blocks; the job sheet's own HTML is its golden file."""
    html = SheetRenderer(ws).html("prompt-engineer", "lyon")
    assert html == (GOLDEN / "prompt-engineer-lyon.html").read_text(encoding="utf-8")
    assert "magazine" not in html and "--grow" not in html


def test_the_magazine_shares_the_job_sheets_sections(magazine, ws):
    """Every section of the job sheet is in the magazine, in the same order, with the same markup; only the
    salary chart is drawn narrower, for a column."""
    def sections(html):
        body = html.split('<section class="section job ', 1)[1].split('<footer class="colophon">')[0]
        body = body.rsplit("</section>", 1)[0]  # the magazine closes its columns after the last section
        return re.sub(r'<figure class="salary-chart">.*?</figure>', "", body, flags=re.S).strip()

    sheet = SheetRenderer(ws).html("ciso", "paris")
    mag = magazine.html("ciso", "paris")
    assert sections(sheet) == sections(mag) and len(sections(sheet)) > 5000
    assert 'width="170mm"' in sheet and 'width="100mm"' in mag


def test_a_sparse_last_page_gives_its_space_to_the_opening(magazine):
    """The short sheet's last page is filled under 60 %: the title band grows and the last page fills."""
    laid = magazine.render("security-architect", "lyon")
    plain = magazine.html("security-architect", "lyon")
    assert "--grow: 0.0mm" in plain
    from metier.render.fitting import within_budget

    settings = magazine.layout("lyon")[0].settings
    first = within_budget(lambda h: magazine.documents.lay_out(MAGAZINE, "lyon", h, (magazine.documents.variant("screen"),), 4),
                          plain, 4, (), settings.fit)
    assert first.rendered.fill[-1] < settings.fill_min
    assert laid.pages == first.pages
    assert laid.rendered.fill[-1] > first.rendered.fill[-1] + 0.1


class _Rendered:
    def __init__(self, pages, fill, space_left, overflow=None):
        self.pages, self.fill, self.space_left, self.overflow = pages, fill, space_left, overflow


def _budgeted(pages, last_fill, space, fitted=(), overflow=None):
    rendered = _Rendered(pages, [0.9] * (pages - 1) + [last_fill], [5.0] * (pages - 1) + [space], overflow)
    return Budgeted(rendered, list(fitted), [], 4)


SETTINGS = Layout(name="x", description="x", grow_opening=60)


def test_grown_asks_for_the_white_space_up_to_the_layouts_limit():
    asked = []

    def again(mm):
        asked.append(mm)
        return _budgeted(3, 0.7, 20.0)

    result = grown(_budgeted(3, 0.3, 180.0), SETTINGS, again)
    assert asked == [60] and result.rendered.fill[-1] == 0.7
    grown(_budgeted(3, 0.5, 40.0), SETTINGS, again)
    assert asked[-1] == 40.0 - GROW_SPARE


@pytest.mark.parametrize("first, settings", [
    (_budgeted(3, 0.7, 60.0), SETTINGS),                         # filled well enough
    (_budgeted(1, 0.3, 180.0), SETTINGS),                        # one page: nothing follows the opening
    (_budgeted(3, 0.3, 180.0, fitted=["spacing"]), SETTINGS),    # fitted: already tight
    (_budgeted(3, 0.3, 180.0), Layout(name="x", description="x")),  # the layout does not grow (the job sheet)
])
def test_grown_leaves_alone(first, settings):
    def again(mm):
        raise AssertionError("laid out again")

    assert grown(first, settings, again) is first


def test_grown_keeps_the_first_layout_when_the_larger_one_takes_a_page_more():
    first = _budgeted(3, 0.3, 180.0)
    assert grown(first, SETTINGS, lambda mm: _budgeted(4, 0.1, 250.0)) is first


def test_grown_keeps_the_first_layout_when_an_earlier_page_is_left_with_a_gap():
    """A block pushed from page 2 to page 3 by the larger opening leaves white space at the foot of page 2."""
    first = _budgeted(3, 0.3, 180.0)
    pushed = _budgeted(3, 0.7, 40.0)
    pushed.rendered.space_left[1] = 35.0
    assert grown(first, SETTINGS, lambda mm: pushed) is first
    pushed.rendered.space_left[1] = 8.0  # lines moved, no block pushed on
    assert grown(first, SETTINGS, lambda mm: pushed) is pushed


@pytest.mark.parametrize("profile, size", [("security-architect", "lead-short"), ("ciso", "lead-medium"),
                                           ("prompt-engineer", "lead-long")])
def test_the_lead_stands_about_as_tall_as_the_sidebar(magazine, profile, size):
    """A short lead is set larger, so that no wide gap opens under it beside the sidebar."""
    assert f'<div class="opening {size}">' in magazine.html(profile, "lyon")
    rects = text_rects(magazine.render(profile, "lyon").pdf, 0)
    columns_top = [r for r in rects if r[4].strip() == "Le métier"][0][3]
    above = [r for r in rects if r[1] > columns_top]
    lead = min(r[1] for r in above if r[2] < A4_WIDTH * 0.6)
    sidebar = min(r[1] for r in above if r[0] > A4_WIDTH * 0.6)
    assert abs(lead - sidebar) < 40 * MM, (lead - sidebar) / MM  # 70 mm and more with the lead in 11 pt
