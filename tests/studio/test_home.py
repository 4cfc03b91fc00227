"""The home page: profiles filtered by text, category, campus and status; new profiles; the sheet's PDFs."""

from __future__ import annotations

import re

import pytest

from tests.conftest import edit_yaml
from tests.studio.helpers import HEADERS, client


@pytest.fixture
def studio(sample):
    return client(sample)


def titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/edit/profiles/[a-z0-9-]+\.yaml">([^<]+)</a>', html)


def test_every_profile_without_filters(studio):
    html = studio.get("/").text
    assert len(titles(html)) == 6 and "Fiches métiers (6)" in html


def test_filter_by_category(studio):
    html = studio.get("/", params={"category": "Audit et test"}).text
    assert titles(html) == ["Pentesteur"]
    assert "Fiches métiers (1 sur 6)" in html
    assert '<option value="Audit et test" selected>' in html


def test_filter_by_campus(studio, sample):
    edit_yaml(sample / "metier.yaml", lambda d: d.update(targets={
        "sheets": {"kind": "sheets", "campus": "paris"},
        "salon": {"kind": "brochure", "campus": "lyon", "profiles": ["ciso"]}}))
    c = client(sample)
    assert titles(c.get("/", params={"campus": "lyon"}).text) == ["Chief Information Security Officer (CISO)"]
    assert len(titles(c.get("/", params={"campus": "paris"}).text)) == 6
    assert titles(c.get("/", params={"campus": "mars"}).text) == []


def test_filter_by_status_and_text(studio, sample):
    edit_yaml(sample / "profiles/pentester.yaml", lambda d: d["summary"]["salary_starting"].update(amount="beaucoup"))
    c = client(sample)
    assert titles(c.get("/", params={"status": "errors"}).text) == ["pentester"]  # an invalid profile: its id
    assert "Pentesteur" not in titles(c.get("/", params={"status": "ok"}).text)
    assert titles(c.get("/", params={"q": "prompt"}).text) == ["Prompt Engineer"]
    assert titles(c.get("/", params={"q": "<script>", "status": "nonsense"}).text) == []
    assert "&lt;script&gt;" in c.get("/", params={"q": "<script>"}).text


def test_new_profile_from_the_template_opens_in_the_editor(studio, sample):
    response = studio.post("/new/profile", data={"title": "Architecte cloud"}, headers=HEADERS)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/edit/profiles/architecte-cloud.yaml"
    assert 'title: "Architecte cloud"' in (sample / "profiles/architecte-cloud.yaml").read_text("utf-8")
    row = re.search(r"<tr[^>]*>\s*<td><a href=\"/edit/profiles/architecte-cloud.yaml\">.*?</tr>", studio.get("/").text, re.S)
    todo = re.findall(r"<td>(\d*)</td>", row.group(0))
    assert todo and int(todo[0]) > 0  # the template's TODO markers are counted
    assert studio.get("/edit/profiles/architecte-cloud.yaml").status_code == 200


def test_new_profile_refusals_write_nothing(studio, sample):
    before = sorted(p.name for p in (sample / "profiles").iterdir())
    ciso = (sample / "profiles/ciso.yaml").read_bytes()
    exists = studio.post("/new/profile", data={"title": "X", "id": "ciso"}, headers=HEADERS)
    assert exists.status_code == 400 and "already exists" in exists.text
    bad = studio.post("/new/profile", data={"title": "X", "id": "../../evil"}, headers=HEADERS)
    assert bad.status_code == 400 and "evil" in bad.text
    empty = studio.post("/new/profile", data={"title": "  "}, headers=HEADERS)
    assert empty.status_code == 400 and "Write the job&#39;s title first" in empty.text
    assert studio.post("/new/profile", data={"title": "X"}, headers={"Origin": HEADERS["Origin"]}).status_code == 403
    assert sorted(p.name for p in (sample / "profiles").iterdir()) == before
    assert (sample / "profiles/ciso.yaml").read_bytes() == ciso


@pytest.mark.parametrize("variant, name", [("screen", "prompt-engineer.pdf"), ("press", "prompt-engineer-press.pdf")])
def test_the_previewed_sheet_downloads_as_screen_and_press_pdf(studio, variant, name):
    preview = studio.get("/preview/profiles/prompt-engineer.yaml").text
    link = re.search(rf'href="(/pdf/profiles/prompt-engineer\.yaml\?campus=lyon&amp;variant={variant}&amp;what=sheet)"',
                     preview)
    response = studio.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    if variant == "press":
        assert b"/TrimBox" in response.content


@pytest.mark.parametrize("address", ["/pdf/profiles/nobody.yaml", "/pdf/profiles/ciso.yaml?variant=gold",
                                     "/pdf/campuses/lyon.yaml", "/pdf/../metier.yaml"])
def test_no_pdf_for_what_is_not_a_sheet(studio, address):
    assert studio.get(address).status_code == 404
