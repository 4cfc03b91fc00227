"""The studio's routes without a browser: every refusal, saves that keep the file the user's, conflicts, undo."""

from __future__ import annotations

import re

import pytest

from tests.studio.helpers import HEADERS, ORIGIN, TOKEN, client, page_form
from tests.studio.test_edit import SAMPLES

PROFILE = "profiles/prompt-engineer.yaml"


@pytest.fixture
def studio(sample):
    return client(sample)


def test_no_token_is_refused(sample):
    c = client(sample, token=False)
    response = c.get("/")
    assert response.status_code == 401
    assert "token" in response.text
    assert c.get("/?token=wrong").status_code == 401
    assert c.get(f"/edit/{PROFILE}").status_code == 401


def test_token_link_sets_a_cookie_and_leaves_the_address(sample):
    c = client(sample, token=False)
    response = c.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert "httponly" in response.headers["set-cookie"].lower()
    assert c.get("/").status_code == 200


def test_other_host_is_refused(studio):
    assert studio.get("/", headers={"Host": "evil.example:8000"}).status_code == 403


@pytest.mark.parametrize("headers", [{}, {"Origin": "http://evil.example"}, {"Origin": ORIGIN},
                                     {"X-CSRF-Token": HEADERS["X-CSRF-Token"], "Origin": "http://evil.example"}])
def test_changes_need_origin_and_csrf(studio, sample, headers):
    before = (sample / PROFILE).read_bytes()
    response = studio.post(f"/save/{PROFILE}", data={"mode": "yaml", "yaml": "title: X\n"}, headers=headers)
    assert response.status_code == 403
    assert (sample / PROFILE).read_bytes() == before


@pytest.mark.parametrize("path", ["../outside.yaml", "profiles/../../x.yaml", "layouts/base/layout.yaml",
                                  "profiles/x.txt", "out/build-report.json"])
def test_path_escape_is_refused(studio, path):
    assert studio.get(f"/edit/{path}").status_code in (400, 404)
    response = studio.post(f"/save/{path}", data={"mode": "yaml", "yaml": "a: 1\n"}, headers=HEADERS)
    assert response.status_code in (400, 404)


def test_oversized_form_is_refused(studio, sample):
    before = (sample / PROFILE).read_bytes()
    response = studio.post(f"/save/{PROFILE}", data={"mode": "yaml", "yaml": "x" * 2_100_000}, headers=HEADERS)
    assert response.status_code == 400 and "larger than" in response.text
    assert (sample / PROFILE).read_bytes() == before


def test_home_lists_everything(studio):
    html = studio.get("/").text
    for text in ("Prompt Engineer", "Lyon", "Paris", "brochure", "/edit/programmes/bachelor-cybersecurite.yaml",
                 "/edit/metier.yaml"):
        assert text in html


@pytest.mark.parametrize("name", SAMPLES)
def test_form_save_without_change_keeps_the_file(studio, sample, name):
    before = (sample / name).read_bytes()
    page = studio.get(f"/edit/{name}")
    assert page.status_code == 200
    response = studio.post(f"/save/{name}", data=page_form(page.text), headers=HEADERS)
    assert response.status_code == 200, response.text
    assert "Nothing changed" in response.text
    assert (sample / name).read_bytes() == before


def test_bad_value_shown_beside_its_field_then_saved(studio, sample):
    form = page_form(studio.get(f"/edit/{PROFILE}").text)
    form["summary.salary_starting.amount"] = "5 850 €"
    checked = studio.post(f"/check/{PROFILE}", data={**form, "preview": "off"}, headers=HEADERS).text
    slot = re.search(r'<div class="issues" id="err-summary__salary_starting__amount" hx-swap-oob="true">(.*?)</div>',
                     checked).group(1)
    assert "expected a number" in slot
    refused = studio.post(f"/save/{PROFILE}", data=form, headers=HEADERS)
    assert refused.status_code == 422
    before = (sample / PROFILE).read_text("utf-8")
    form["summary.salary_starting.amount"] = "4100"
    assert studio.post(f"/save/{PROFILE}", data=form, headers=HEADERS).status_code == 200
    after = (sample / PROFILE).read_text("utf-8")
    diff = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert diff == [("    amount: 5850", "    amount: 4100")]
    assert len(before.splitlines()) == len(after.splitlines())


def test_broken_yaml_in_the_text_tab_is_refused(studio, sample):
    before = (sample / PROFILE).read_bytes()
    response = studio.post(f"/save/{PROFILE}", data={"mode": "yaml", "yaml": "title: [unclosed\n"}, headers=HEADERS)
    assert response.status_code == 422
    assert f"{PROFILE}:" in response.text
    assert (sample / PROFILE).read_bytes() == before


def test_conflict_then_undo(studio, sample):
    page = studio.get(f"/edit/{PROFILE}").text
    form = page_form(page)
    original = (sample / PROFILE).read_text("utf-8")
    (sample / PROFILE).write_text(original.replace("title: Prompt Engineer", "title: Prompt Engineer (disque)"), "utf-8")
    form["category"] = "IA"
    conflict = studio.post(f"/save/{PROFILE}", data=form, headers=HEADERS)
    assert conflict.status_code == 409
    assert "Prompt Engineer (disque)" in conflict.text and "category: IA" in conflict.text
    assert "(disque)" in (sample / PROFILE).read_text("utf-8")
    mine = re.search(r'<textarea name="yaml" hidden>(.*?)</textarea>', conflict.text, re.S).group(1)
    import html

    kept = studio.post(f"/save/{PROFILE}", data={"mode": "yaml", "force": "1", "yaml": html.unescape(mine)},
                       headers=HEADERS)
    assert kept.status_code == 200
    assert "category: IA" in (sample / PROFILE).read_text("utf-8")
    assert list((sample / "out/.studio/history").glob("profiles__prompt-engineer.yaml/*.yaml"))
    undone = studio.post(f"/undo/{PROFILE}", headers=HEADERS)
    assert undone.status_code == 200
    assert "(disque)" in (sample / PROFILE).read_text("utf-8")
    assert studio.post(f"/undo/{PROFILE}", headers=HEADERS).status_code == 409


def test_preview_renders_the_sheet_pages(studio):
    html = studio.get(f"/preview/{PROFILE}").text
    names = re.findall(r'src="/page/([^"]+)"', html)
    assert len(names) == 4
    image = studio.get(f"/page/{names[0]}")
    assert image.headers["content-type"] == "image/png" and image.content[:4] == b"\x89PNG"
    assert studio.get("/page/nothing.png").status_code == 404


def test_campus_preview_shows_the_cover_the_campus_page_and_a_sheet(studio):
    html = studio.get("/preview/campuses/lyon.yaml").text
    alts = re.findall(r'alt="([^"]+)"', html)
    assert alts[:2] == ["couverture de la brochure", "page du campus"]
    assert re.fullmatch(r"fiche « [^»]+ », page 1", alts[2]) and len(alts) == 3
    names = re.findall(r'src="/page/([^"]+)"', html)
    assert all(studio.get(f"/page/{n}").content[:4] == b"\x89PNG" for n in names)


def test_campus_colours_have_a_picker_and_cmyk_boxes_saved_as_one_list(studio, sample):
    page = studio.get("/edit/campuses/lyon.yaml").text
    assert re.search(r'<input type="color" value="#0b4f8a"', page)
    assert len(re.findall(r'name="colours\.primary_cmyk\.[0-3]"', page)) == 4
    assert 'id="logo-form"' in page and 'hx-encoding="multipart/form-data"' in page
    form = page_form(page)
    before = (sample / "campuses/lyon.yaml").read_text("utf-8")
    form.update({"colours.primary_cmyk.0": "100", "colours.primary_cmyk.1": "60", "colours.primary_cmyk.2": "0",
                 "colours.primary_cmyk.3": "20", "colours.primary": "#123456"})
    response = studio.post("/save/campuses/lyon.yaml", data=form, headers=HEADERS)
    assert response.status_code == 200, response.text
    after = (sample / "campuses/lyon.yaml").read_text("utf-8")
    assert after == before.replace('  primary: "#0b4f8a"\n  accent: "#f2a541"\n',
                                   '  primary: "#123456"\n  accent: "#f2a541"\n  primary_cmyk:\n'
                                   '    - 100\n    - 60\n    - 0\n    - 20\n')


def test_cmyk_with_a_box_left_empty_is_an_error_beside_the_colour(studio, sample):
    form = page_form(studio.get("/edit/campuses/lyon.yaml").text)
    form.update({"colours.primary_cmyk.0": "100", "colours.primary_cmyk.1": "60", "colours.primary_cmyk.2": "0"})
    checked = studio.post("/check/campuses/lyon.yaml", data={**form, "preview": "off"}, headers=HEADERS).text
    assert re.search(r'id="err-colours__primary_cmyk" hx-swap-oob="true"><p class="error">[^<]*4', checked)
    assert studio.post("/save/campuses/lyon.yaml", data=form, headers=HEADERS).status_code == 422


def test_preview_for_another_campus_and_the_press_variant(studio):
    import io

    from PIL import Image

    def first_page_size(html):  # fetched at once: the next preview replaces the images
        name = re.search(r'src="/page/([^"]+)"', html).group(1)
        return Image.open(io.BytesIO(studio.get(f"/page/{name}").content)).size

    form = page_form(studio.get(f"/edit/{PROFILE}").text)
    assert form["campus"] == "lyon" and form["variant"] == "screen"
    screen = studio.post(f"/check/{PROFILE}", data=form, headers=HEADERS).text
    assert "Aperçu de la fiche (lyon, écran, 4 page(s)" in screen
    small = first_page_size(screen)
    press = studio.post(f"/check/{PROFILE}", data={**form, "campus": "paris", "variant": "press"}, headers=HEADERS).text
    assert "Aperçu de la fiche (paris, imprimeur, 4 page(s)" in press
    big = first_page_size(press)
    assert big[0] > small[0] and big[1] > small[1]  # the press page has its bleed (and marks)
    odd = studio.post(f"/check/{PROFILE}", data={**form, "campus": "<mars>", "variant": "gold"}, headers=HEADERS).text
    assert "Aperçu de la fiche (lyon, écran, 4 page(s)" in odd


def test_language_switch_keeps_english_in_a_cookie_and_goes_back(studio):
    french = studio.get(f"/edit/{PROFILE}").text
    assert "Nombre d’années d’études après le bac (5 pour un Bac+5)" in french
    assert f'href="/language/en?next=/edit/{PROFILE}"' in french
    response = studio.get(f"/language/en?next=/edit/{PROFILE}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/edit/{PROFILE}"
    assert "metier_studio_lang=en" in response.headers["set-cookie"]
    english = studio.get(f"/edit/{PROFILE}").text
    assert "Years of study after the baccalauréat usually required (5 for Bac+5)" in english
    assert ">Study level" in english and "Intitulé du métier" not in english
    assert 'href="/language/fr?next=' in english
    assert 'id="lang-en"' not in english
    home_page = studio.get("/?category=Audit+et+test").text
    assert 'href="/language/fr?next=/%3Fcategory%3DAudit%2Bet%2Btest"' in home_page
    back = studio.get("/language/fr", params={"next": "/?q=a%26b&status=ok"}, follow_redirects=False)
    assert back.headers["location"] == "/?q=a%26b&status=ok"  # a search with "&" in it comes back whole
    studio.get("/language/en?next=/")
    assert 'href="/language/fr?next=/%3Fq%3Da%2526b%26status%3Dok"' in studio.get("/?q=a%26b&status=ok").text
    studio.get("/language/fr?next=/")
    assert "Intitulé du métier" in studio.get(f"/edit/{PROFILE}").text


@pytest.mark.parametrize("back", ["//evil.example/", "http://evil.example/", "/\\evil.example", "evil", ""])
def test_language_switch_never_leaves_the_studio(studio, back):
    response = studio.get("/language/en", params={"next": back}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_unknown_language_is_refused(studio):
    response = studio.get("/language/de?next=/", follow_redirects=False)
    assert response.status_code == 400
    assert "de is not a language of the studio; choose one of: fr, en" in response.text
    assert "set-cookie" not in response.headers


def test_flyer_preview_of_a_profile_follows_the_draft(studio):
    form = page_form(studio.get(f"/edit/{PROFILE}").text)
    assert form["what"] == "sheet"
    flyer = studio.post(f"/check/{PROFILE}", data={**form, "what": "flyer"}, headers=HEADERS).text
    assert "Aperçu du flyer (lyon, écran, 1 page(s)" in flyer
    assert f'href="/pdf/{PROFILE}?campus=lyon&amp;variant=screen&amp;what=flyer"' in flyer
    assert 'id="pdf-press"' not in flyer  # the flyers target makes screen files only
    first = re.search(r'src="/page/([^"]+)"', flyer).group(1)
    png = studio.get(f"/page/{first}").content
    retitled = studio.post(f"/check/{PROFILE}", data={**form, "what": "flyer", "title": "Ingénieur du prompt"},
                           headers=HEADERS).text
    again = re.search(r'src="/page/([^"]+)"', retitled).group(1)
    assert studio.get(f"/page/{again}").content != png  # rendered again from the draft, nothing saved
    assert "Aperçu du flyer" in studio.get(f"/preview/{PROFILE}?what=flyer").text
    assert "Aperçu de la fiche" in studio.get(f"/preview/{PROFILE}?what=<script>").text


def test_flyer_pdf_downloads_and_a_workspace_without_flyers_says_so(studio, sample):
    response = studio.get(f"/pdf/{PROFILE}?campus=lyon&variant=screen&what=flyer")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert 'filename="prompt-engineer' in response.headers["content-disposition"]
    assert studio.get(f"/pdf/{PROFILE}?campus=lyon&variant=press&what=flyer").status_code == 404
    assert studio.get(f"/pdf/{PROFILE}?what=brochure").status_code == 404
    text = (sample / "metier.yaml").read_text("utf-8")
    start = text.index("  flyers:\n")
    end = text.index("  salon-lyon:\n")
    (sample / "metier.yaml").write_text(text[:start] + text[end:], "utf-8")
    c = client(sample)
    html = c.get(f"/preview/{PROFILE}?what=flyer").text
    assert "Aucune production de flyers pour le campus lyon" in html


def test_a_language_cookie_the_studio_did_not_set_is_french(studio):
    studio.cookies.set("metier_studio_lang", "<script>")
    html = studio.get(f"/edit/{PROFILE}").text
    assert "Intitulé du métier" in html and '<strong aria-current="true">FR</strong>' in html
    assert "Study level" in studio.get(f"/edit/{PROFILE}?lang=en").text
