"""The PDF stage: within budget, the seed's facts on the page, fonts embedded, metadata set."""

import io

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from metier.load.workspace import load_workspace
from metier.render.sheet import SheetRenderer

SEED_FACTS = [
    "Prompt Engineer", "EN RÉSUMÉ", "Bac+5", "Scientifique", "Très bonne",
    "5 850 € brut / mois", "16 150 € brut / mois", "M1802", "Expertise et support en systèmes d’information",
    "M2Z", "Informatique et Télécommunications", "Olivier P.", "GAFAM",
    "Bachelor Cybersécurité", "Titre école bachelor (bac +3)", "8 unités thématiques",
    "Master Expert cybersécurité", "Titre école MSc (bac +5)", "3 semaines en entreprise",
    "Ubisoft", "SQUAD", "Gameloft", "BNP Paribas", "La Poste", "Natixis", "Thales", "Renault", "Eraneos",
    "AI Builders", "LinkedIn", "Indeed.com", "Cyberjobs.fr", "Apec", "3 100 €", "6 800 €",
    "Chief Information Security Officer", "ChatGPT", "Batman", "Robin", "30 à 50 heures", "8 socles",
    "C++", "Python", "HTML5", "MySQL", "DevSecOps", "IAM", "forensique", "santé", "assurance", "automobile",
    "RNCP", "Bac +5", "cryptographie",
]


@pytest.fixture(scope="module")
def workspace(sample_readonly):
    return load_workspace(sample_readonly)


@pytest.fixture(scope="module")
def seed_sheet(workspace):
    return SheetRenderer(workspace).render("prompt-engineer", "lyon")


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_seed_sheet_fits_its_budget_without_warnings(seed_sheet):
    assert seed_sheet.warnings == []
    assert seed_sheet.budget == 4
    assert 3 <= seed_sheet.pages <= 4


def test_every_sample_sheet_fits_its_budget(workspace):
    renderer = SheetRenderer(workspace)
    for profile in workspace.profiles:
        result = renderer.render(profile, "paris")
        assert result.warnings == [], (profile, result.warnings)
        assert result.pages <= result.budget, profile


def test_seed_facts_are_printed(seed_sheet):
    text = " ".join(page_texts(seed_sheet.pdf)).replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("\u2010 ", "").replace("- ", "-")  # words hyphenated at a line end
    missing = [fact for fact in SEED_FACTS if fact not in text]
    assert missing == []


def test_footer_has_page_numbers_and_contacts(seed_sheet):
    texts = page_texts(seed_sheet.pdf)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} / {len(texts)}" in text
        assert "admissions.lyon@example.org" in text


def test_fonts_embedded_and_metadata(seed_sheet):
    reader = PdfReader(io.BytesIO(seed_sheet.pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
                else font.get("/FontDescriptor")
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("Inter" in name for name in fonts), fonts
    assert reader.metadata.title.startswith("Prompt Engineer")
    assert reader.metadata.author == "École Exemple Cybersécurité"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_same_input_gives_identical_bytes(workspace, seed_sheet):
    again = SheetRenderer(workspace).render("prompt-engineer", "lyon")
    assert again.pdf == seed_sheet.pdf


def _colour_share(image, colour, box, tolerance=6):
    """The share of pixels of *box* (fractions of the page) close to *colour*."""
    width, height = image.size
    region = image.crop((int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height)))
    data = region.tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    close = [p for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour))]
    return len(close) / len(pixels)


def test_title_band_and_summary_box_are_on_page_one(seed_sheet):
    """Pixels: the campus colour fills the top of page 1 (the profile's photo its outer part), the summary box's
    tint sits below it."""
    document = pdfium.PdfDocument(seed_sheet.pdf)
    page1 = document[0].render(scale=0.5).to_pil().convert("RGB")
    primary = (0x0B, 0x4F, 0x8A)  # campuses/lyon.yaml
    tint = (0xF3, 0xF5, 0xF7)  # the summary box background
    assert _colour_share(page1, primary, (0, 0, 0.55, 0.12)) > 0.6
    photo = page1.crop((int(0.66 * page1.width), 0, page1.width, int(0.12 * page1.height)))
    assert _colour_share(page1, primary, (0.66, 0, 1, 0.12)) < 0.05 and len({photo.tobytes()[i:i + 3] for i in range(0, len(photo.tobytes()), 3)}) > 200
    assert _colour_share(page1, tint, (0.1, 0.2, 0.9, 0.9)) > 0.1
    page2 = document[1].render(scale=0.5).to_pil().convert("RGB")
    assert _colour_share(page2, primary, (0, 0, 1, 0.12)) < 0.05
    assert _colour_share(page2, tint, (0.1, 0.1, 0.9, 0.9)) < 0.03
    first_page_text = page_texts(seed_sheet.pdf)[0]
    assert "EN RÉSUMÉ" in first_page_text and "Prompt Engineer" in first_page_text


def _bitmaps(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=1).to_pil().tobytes() for i in range(len(document))]


@pytest.mark.parametrize("kind", ["sheet", "brochure", "flyer"])
def test_pre_parsed_stylesheets_give_the_pages_of_a_plain_render(workspace, kind):
    """Stylesheets taken out of the HTML and parsed once must not change a single pixel."""
    from weasyprint import HTML

    from metier.build.targets import find_target
    from metier.render.brochure import BrochureRenderer
    from metier.render.document import DocumentRenderer
    from metier.render.environment import ASSET_ROOT
    from metier.render.fetcher import ConfinedFetcher

    documents = DocumentRenderer(workspace)
    brochures = BrochureRenderer(workspace, documents)
    if kind == "sheet":
        layout, html = "job-sheet", SheetRenderer(workspace, documents).html("ciso", "paris")
    elif kind == "brochure":
        profiles = ["pentester", "soc-analyst"]
        layout, html = "brochure", brochures.html("brochure", find_target(workspace, "brochure"), "paris", profiles)
    else:
        layout, html = "flyer", brochures.flyer_html("flyers", find_target(workspace, "flyers"), "paris", "ciso")
    twice = [documents.render(layout, "paris", html).pdf for _ in range(2)]  # the second from the caches
    fetcher = ConfinedFetcher(documents.layout(layout, "paris")[0], workspace.root)
    plain = HTML(string=html, base_url=ASSET_ROOT, url_fetcher=fetcher).write_pdf()
    assert _bitmaps(twice[0]) == _bitmaps(plain)
    assert twice[1] == twice[0]


def test_a_stylesheet_edited_between_two_renders_is_parsed_again(sample):
    from metier.build.targets import find_target
    from metier.render.brochure import BrochureRenderer

    ws = load_workspace(sample)
    brochures = BrochureRenderer(ws)
    target = find_target(ws, "brochure")
    before = brochures.render("brochure", target, "paris", ["ciso"]).pdf
    assert brochures.render("brochure", target, "paris", ["ciso"]).pdf == before
    css = sample / "campuses/paris/layouts/brochure/custom.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nbody { color: #ff0000; }\n", encoding="utf-8")
    assert brochures.render("brochure", target, "paris", ["ciso"]).pdf != before


def test_stylesheets_for_other_media_are_left_out(workspace):
    from metier.render.environment import ASSET_ROOT
    from metier.render.pdf import PdfRenderer

    class Fetcher:
        def __call__(self, url, **kwargs):  # pragma: no cover - nothing may be fetched
            raise AssertionError(url)

    html = (f'<html><head><link rel="stylesheet" media="screen" href="{ASSET_ROOT}screen.css">'
            '<style media="screen">p { color: red }</style><style>p { margin: 0 }</style></head>'
            '<body><p>Texte</p></body></html>')
    from weasyprint import HTML

    parsed = HTML(string=html, base_url=ASSET_ROOT)
    sheets = PdfRenderer()._take_stylesheets(parsed, Fetcher())
    assert len(sheets) == 2  # the print <style>, then the variant's own (bleed: 0 on screen)
    assert not list(parsed.etree_element.iter("style")) and not list(parsed.etree_element.iter("link"))


def test_the_photo_credit_stays_inside_the_trimmed_page(workspace):
    """The band photo runs into the bleed; its credit line ends at least 3 mm inside the trim, screen and press."""
    results = SheetRenderer(workspace).render_variants("prompt-engineer", "lyon", None, ("screen", "press"))
    for variant, result in zip(("screen", "press"), results):
        page = pdfium.PdfDocument(result.pdf)[0]
        trim_right = float(PdfReader(io.BytesIO(result.pdf)).pages[0].trimbox.right)
        textpage = page.get_textpage()
        credits = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            if "CC0" in textpage.get_text_bounded(left, bottom, right, top):
                credits.append(right)  # user space, as the TrimBox
        assert credits, variant
        assert max(credits) <= trim_right - 3 * 72 / 25.4, (variant, max(credits), trim_right)
