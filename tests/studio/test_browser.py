"""The studio in a real browser (Playwright driving Debian's Chromium): the scenarios a user goes through.

Skipped only when /usr/bin/chromium is absent (CI installs the ``chromium``
package, so they run there). The server runs in a thread on a free port of
127.0.0.1 and is stopped within seconds at the end.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from metier.cli.studio import free_port
from metier.studio.app import create_app

CHROMIUM = "/usr/bin/chromium"
PROFILE = "profiles/prompt-engineer.yaml"
TOKEN = "browser-test-token"
DOCS = Path(__file__).resolve().parents[2] / "docs"

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists(),
                                reason="Debian's chromium (/usr/bin/chromium) is not installed")


@pytest.fixture
def server(sample):
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(sample, TOKEN), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run"])
        yield chromium
        chromium.close()


def test_token(server, browser):
    page = browser.new_page()
    assert page.goto(server + "/").status == 401
    assert "token" in page.content()
    page.goto(f"{server}/?token={TOKEN}")
    assert page.url == server + "/"
    assert page.get_by_role("link", name="Prompt Engineer").is_visible()


def test_edit_salary_error_save_preview_conflict_undo(server, browser, sample, update_golden):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/?token={TOKEN}")
    page.get_by_role("link", name="Prompt Engineer").click()
    preview = page.locator("#preview img").first
    expect(preview).to_be_visible(timeout=30_000)
    first_image = preview.get_attribute("src")
    before = (sample / PROFILE).read_text("utf-8")

    amount = page.locator('[name="summary.salary_starting.amount"]')
    amount.fill("5 850 €")
    slot = page.locator("#err-summary__salary_starting__amount")
    expect(slot).to_contain_text("expected a number", timeout=15_000)
    started = time.perf_counter()
    amount.fill("4100")
    expect(page.locator("#preview img").first).not_to_have_attribute("src", first_image, timeout=15_000)
    refresh = time.perf_counter() - started  # includes htmx's 400 ms typing delay
    expect(slot).not_to_contain_text("expected a number")
    if update_golden:  # the README's picture, in 256 colours to stay small
        import io

        from PIL import Image

        DOCS.mkdir(exist_ok=True)
        shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        shot.quantize(256, method=Image.Quantize.MEDIANCUT).save(DOCS / "studio.png", optimize=True)
        assert (DOCS / "studio.png").stat().st_size < 300_000
    page.locator("#save").click()
    expect(page.locator("#status")).to_contain_text("Saved", timeout=15_000)
    after = (sample / PROFILE).read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("    amount: 5850", "    amount: 4100")]
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in before.splitlines() if line.lstrip().startswith("#")]
    print(f"preview refreshed {refresh:.2f} s after the change (400 ms of it htmx's typing delay)")

    # a second tab saves first: this tab's next save is a conflict, shown with both versions
    other = context.new_page()
    other.goto(f"{server}/edit/{PROFILE}")
    other.locator('[name="category"]').fill("IA générative")
    other.locator("#save").click()
    expect(other.locator("#status")).to_contain_text("Saved", timeout=15_000)
    page.reload()
    page.locator('[name="title"]').fill("Prompt Engineer (onglet 1)")
    other.locator('[name="title"]').fill("Prompt Engineer (onglet 2)")
    other.locator("#save").click()
    expect(other.locator("#status")).to_contain_text("Saved", timeout=15_000)
    page.locator("#save").click()
    expect(page.locator("#conflict")).to_be_visible(timeout=15_000)
    expect(page.locator("#conflict")).to_contain_text("(onglet 2)")
    assert "(onglet 2)" in (sample / PROFILE).read_text("utf-8")
    page.locator("#keep-mine").click()
    # the page reloads to show the file as saved, and keeps the status line across the reload
    expect(page.locator("#status")).to_contain_text("Saved", timeout=15_000)
    expect(page.locator("#conflict")).to_have_count(0)
    expect(page.locator('[name="title"]')).to_have_value("Prompt Engineer (onglet 1)")
    assert "(onglet 1)" in (sample / PROFILE).read_text("utf-8")

    # undo the last save: tab 2's version comes back
    page.locator("#undo").click()
    page.wait_for_load_state()
    expect(page.locator('[name="title"]')).to_have_value("Prompt Engineer (onglet 2)", timeout=15_000)
    expect(page.locator("#status")).to_contain_text("Restored the version", timeout=15_000)
    assert "(onglet 2)" in (sample / PROFILE).read_text("utf-8")
    context.close()


def test_build_a_brochure_from_the_page_and_download_it(server, browser, sample, tmp_path):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/?token={TOKEN}")
    page.locator("#build-target").select_option("brochure")
    page.locator("#build-campus").select_option("lyon")
    page.locator("#build-button").click()
    expect(page.locator("#build-button")).to_be_disabled(timeout=5_000)
    expect(page.locator("#build-summary")).to_contain_text("Terminé", timeout=120_000)
    expect(page.locator("#build-progress li")).to_have_count(2)  # the screen and press files, as they were done
    expect(page.locator("#build-button")).to_be_enabled()
    expect(page.locator("#targets")).to_contain_text("brochure (brochure) : 4 fichier(s), 2 à refaire")
    link = page.get_by_role("link", name="brochure/lyon/brochure-lyon.pdf")
    page.screenshot(path=str(tmp_path / "build.png"), full_page=True)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "downloaded.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes() == (sample / "out/brochure/lyon/brochure-lyon.pdf").read_bytes()
    from pypdf import PdfReader

    assert len(PdfReader(saved).pages) >= 8
    with page.expect_popup() as popup:
        page.get_by_role("link", name="brochure / lyon : contact-sheet.png").click()
    expect(popup.value.locator("img")).to_be_visible()
    context.close()


MAGENTA_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">'
                '<rect width="300" height="120" fill="#ff00ff"/></svg>')


def magenta_pixels(png: bytes) -> int:
    """How many pixels of the PNG image *png* are the logo's pure magenta (give or take a little)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, (r, g, b) in image.getcolors(1 << 24) if r > 230 and g < 40 and b > 230)


def test_upload_a_logo_and_see_it_on_the_cover(server, browser, sample, tmp_path):
    from playwright.sync_api import expect

    logo = tmp_path / "nouveau-logo.svg"
    logo.write_text(MAGENTA_LOGO, "utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/?token={TOKEN}")
    page.get_by_role("link", name="Lyon").click()
    cover = page.locator('#preview img[alt="couverture de la brochure"]')
    expect(cover).to_be_visible(timeout=30_000)
    before = page.request.get(server + cover.get_attribute("src")).body()
    assert magenta_pixels(before) == 0
    page.locator("#logo-file").set_input_files(str(logo))
    page.locator("#logo-send").click()
    expect(page.locator("#status")).to_contain_text("Logo stored as campuses/lyon/logo-", timeout=15_000)
    expect(page.locator("#f-logo")).to_have_value(re.compile(r"campuses/lyon/logo-[0-9a-f]{12}\.svg"))
    cover = page.locator('#preview img[alt="couverture de la brochure"]')
    expect(cover).to_be_visible(timeout=30_000)
    after = page.request.get(server + cover.get_attribute("src")).body()
    assert magenta_pixels(after) > 200
    page.screenshot(path=str(tmp_path / "campus.png"), full_page=False)
    assert "logo: campuses/lyon/logo-" in (sample / "campuses/lyon.yaml").read_text("utf-8")
    context.close()


def test_new_profile_from_the_home_page_then_filter_and_download_its_sheet(server, browser, sample, tmp_path):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/?token={TOKEN}")
    page.locator("#new-title").fill("Architecte cloud")
    page.locator("#new-button").click()
    page.wait_for_url(f"{server}/edit/profiles/architecte-cloud.yaml", timeout=15_000)
    expect(page.locator("#f-title")).to_have_value("Architecte cloud")
    expect(page.locator("#preview img").first).to_be_visible(timeout=30_000)
    page.locator("#preview-campus").select_option("paris")
    page.locator("#preview-variant").select_option("press")
    expect(page.locator("#preview h3")).to_contain_text("paris, imprimeur", timeout=30_000)
    page.screenshot(path=str(tmp_path / "press-preview.png"))
    with page.expect_download() as info:
        page.locator("#pdf-press").click()
    assert info.value.suggested_filename == "architecte-cloud-press.pdf"
    saved = tmp_path / "press.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes()[:5] == b"%PDF-"

    page.goto(server + "/")
    expect(page.locator("#profiles tbody tr")).to_have_count(7)
    page.locator("#filter-category").select_option("Audit et test")
    page.wait_for_url(re.compile(r".*category=Audit.*"))
    expect(page.locator("#profiles tbody tr")).to_have_count(1)
    expect(page.locator("#profiles tbody tr")).to_contain_text("Pentesteur")
    context.close()


def test_switch_the_forms_to_english_and_back(server, browser, tmp_path):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/edit/{PROFILE}?token={TOKEN}")
    level = page.locator('.field:has([name="summary.study_level"])')
    expect(level.locator("label")).to_have_text("Niveau d’études")
    expect(level.locator(".help")).to_contain_text("Nombre d’années d’études après le bac (5 pour un Bac+5)")
    page.locator("#lang-en").click()
    page.wait_for_url(f"{server}/edit/{PROFILE}")
    expect(level.locator("label")).to_have_text("Study level")
    expect(level.locator(".help")).to_contain_text("Years of study after the baccalauréat usually required")
    level.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "english.png"))
    page.goto(server + "/")  # the choice holds on every page, until switched back
    page.get_by_role("link", name="Prompt Engineer").click()
    expect(page.locator('.field:has([name="title"]) label')).to_contain_text("Title")
    page.locator("#lang-fr").click()
    expect(page.locator('.field:has([name="title"]) label')).to_contain_text("Intitulé du métier")
    context.close()


def test_import_from_onisep_on_the_home_page(server, browser, sample, tmp_path):
    from playwright.sync_api import expect

    export = Path(__file__).resolve().parents[1] / "data" / "onisep-ideo-metiers-sample.csv"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/?token={TOKEN}")
    expect(page.locator("#profiles tbody tr")).to_have_count(6)
    page.locator("#import-file").set_input_files(str(export))
    page.locator("#import-button").click()
    expect(page.locator("#import-summary")).to_contain_text("24 written", timeout=30_000)
    expect(page.locator("#profiles tbody tr")).to_have_count(30)  # the list is brought up to date at once
    expect(page.locator("#profile-heading")).to_have_text("Fiches métiers (30)")
    expect(page.locator('#profiles a[href="/edit/profiles/chef-de-rayon.yaml"]')).to_have_text("Chef de rayon")
    page.screenshot(path=str(tmp_path / "import.png"))
    page.reload()  # and it stays so
    expect(page.locator("#profiles tbody tr")).to_have_count(30)
    page.locator("#import-file").set_input_files(str(tmp_path / "import.png"))  # not a CSV file
    page.locator("#import-button").click()
    expect(page.locator("#import-result #status")).to_contain_text("import.png is not a CSV file", timeout=15_000)
    page.get_by_role("link", name="Chef de rayon").click()
    expect(page.locator("#f-title")).to_have_value("Chef de rayon")
    context.close()


def test_markdown_preview_beside_the_text_area(server, browser, tmp_path):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/edit/{PROFILE}?token={TOKEN}")
    job = page.locator("#f-job")
    shown = page.locator('.md:has(#f-job) .md-preview')
    expect(shown.locator("p").first).to_be_visible(timeout=15_000)  # rendered when the page opens
    job.fill("Un métier **très** demandé.\n\n- écrire des *prompts*\n- <script>alert(1)</script>")
    expect(shown.locator("strong")).to_have_text("très", timeout=15_000)
    expect(shown.locator("li em")).to_have_text("prompts")
    expect(shown).to_contain_text("<script>alert(1)</script>")  # shown as text, never run
    expect(shown.locator("script")).to_have_count(0)
    job.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "markdown.png"))
    # a text area added to a list gets its preview too
    technical = page.locator('fieldset.list[data-path="skills.technical"]')
    technical.get_by_role("button", name="+ Ajouter").click()
    added = technical.locator(".items > .item").last
    added.locator("textarea").fill("Le **RAG**")
    expect(added.locator(".md-preview strong")).to_have_text("RAG", timeout=15_000)
    context.close()


def test_flyer_preview_of_a_profile(server, browser, tmp_path):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/edit/{PROFILE}?token={TOKEN}")
    expect(page.locator("#preview h3")).to_contain_text("Aperçu de la fiche", timeout=30_000)
    page.locator("#preview-what").select_option("flyer")
    expect(page.locator("#preview h3")).to_contain_text("Aperçu du flyer (lyon, écran, 1 page(s)", timeout=30_000)
    expect(page.locator("#preview img")).to_have_count(1)
    expect(page.locator("#pdf-screen")).to_have_attribute("href", re.compile(r"what=flyer"))
    first = page.locator("#preview img").first.get_attribute("src")
    page.locator("#f-title").fill("Ingénieur du prompt")
    expect(page.locator("#preview img").first).not_to_have_attribute("src", first, timeout=15_000)
    expect(page.locator("#preview h3")).to_contain_text("Aperçu du flyer")
    page.screenshot(path=str(tmp_path / "flyer.png"))
    context.close()
