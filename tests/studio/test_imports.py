"""Import from ONISEP in the studio: the export the user picks made into profiles, every refusal writing nothing."""

from __future__ import annotations

import pytest

from metier.studio.imports import MAX_EXPORT_BYTES, check_export
from tests.conftest import REPO
from tests.studio.helpers import HEADERS, client

EXPORT = REPO / "tests" / "data" / "onisep-ideo-metiers-sample.csv"


@pytest.fixture
def studio(sample):
    return client(sample)


def send(studio, data: bytes, name: str = "ideo-metiers.csv", headers=HEADERS):
    return studio.post("/import/onisep", files={"export": (name, data, "text/csv")}, headers=headers)


def everything(sample) -> dict:
    """Every file of the workspace with its bytes: what a refused import must leave as it was."""
    return {p.relative_to(sample).as_posix(): p.read_bytes() for p in sample.rglob("*") if p.is_file()}


def test_the_export_becomes_profiles_listed_with_links_and_on_the_home_page(studio, sample):
    before = set(everything(sample))
    response = send(studio, EXPORT.read_bytes())
    assert response.status_code == 200, response.text
    text = response.text
    assert "ideo-metiers.csv: 24 rows, 24 selected: 24 written, 0 replaced, 0 updated, 0 unchanged, 0 skipped." in text
    assert '<a href="/edit/profiles/chef-de-rayon.yaml">Wrote profiles/chef-de-rayon.yaml (MET.299, line' in text
    assert "ONISEP gives several ROME codes" in text  # the note of a profile written with a code to choose
    assert "Next: write what is marked « À RÉDIGER »" in text
    assert '<table id="profiles" hx-swap-oob="true">' in text and ">Chef de rayon</a>" in text
    new = set(everything(sample)) - before
    assert "profiles/chef-de-rayon.yaml" in new and all(p.startswith("profiles/") for p in new)
    assert not (sample / "out" / ".studio" / "imports").exists()  # the upload itself is never stored
    home = studio.get("/").text
    assert '<a href="/edit/profiles/chef-de-rayon.yaml">Chef de rayon</a>' in home
    assert studio.get("/edit/profiles/chef-de-rayon.yaml").status_code == 200


def test_importing_again_changes_nothing(studio, sample):
    send(studio, EXPORT.read_bytes())
    after = everything(sample)
    response = send(studio, EXPORT.read_bytes())
    assert "0 written, 0 replaced, 0 updated, 24 unchanged, 0 skipped." in response.text
    assert everything(sample) == after


def test_a_row_skipped_is_listed_with_its_reason(studio):
    lines = EXPORT.read_bytes().splitlines(keepends=True)
    response = send(studio, b"".join(lines) + lines[1])  # the first métier once more: another publication of it
    assert "25 rows, 25 selected: 24 written, 0 replaced, 0 updated, 0 unchanged, 1 skipped." in response.text
    assert 'data-status="skipped">Skipped line 26 (MET.7904 administrateur / administratrice du Sénat): ' \
        "same métier as line 2" in response.text


def test_a_profile_the_user_edited_is_kept(studio, sample):
    send(studio, EXPORT.read_bytes())
    edited = sample / "profiles" / "chef-de-rayon.yaml"
    edited.write_text(edited.read_text("utf-8").replace("À RÉDIGER", "Écrit à la main", 1), "utf-8")
    mine = edited.read_bytes()
    response = send(studio, EXPORT.read_bytes())
    assert "profiles/chef-de-rayon.yaml was edited since it was imported; it is kept" in response.text
    assert edited.read_bytes() == mine


@pytest.mark.parametrize(("name", "data", "status", "words"), [
    ("metiers.xlsx", b"PK\x03\x04 a spreadsheet", 422,
     "metiers.xlsx is not a CSV file (.csv); download ONISEP&#39;s Idéo-métiers file as CSV"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 422, "photo.csv is not text, so not a CSV export"),
    ("contacts.csv", "nom;prénom;téléphone\nMartin;Anne;0400000000\n".encode(), 422,
     "contacts.csv is not an ONISEP Idéo-métiers export: it lacks the column(s) libellé métier, lien site onisep.fr"),
    ("vide.csv", b"", 422, "vide.csv holds no header row: it is empty"),
    ("../../etc/passwd.csv", b"a;b\n1;2\n", 422, "passwd.csv is not an ONISEP Idéo-métiers export"),
])
def test_refused_files_write_nothing_and_say_why(studio, sample, name, data, status, words):
    before = everything(sample)
    response = send(studio, data, name)
    assert response.status_code == status, response.text
    assert words in response.text
    assert "etc/" not in response.text
    assert everything(sample) == before


def test_an_export_over_20_mb_is_refused_before_it_is_read(studio, sample):
    before = everything(sample)
    response = send(studio, EXPORT.read_bytes() + b"x" * (MAX_EXPORT_BYTES + 100 * 1024))
    assert response.status_code == 413
    assert "larger than the 20.0 MB an ONISEP export may be" in response.text
    assert everything(sample) == before


def test_an_export_just_over_the_limit_in_a_small_body_is_refused_too():
    from metier.errors import MetierError

    with pytest.raises(MetierError, match="larger than the 20.0 MB"):
        check_export("big.csv", b"a" * (MAX_EXPORT_BYTES + 1))
    assert check_export("C:\\Users\\anne\\Idéo.CSV", b"a;b\n") == "Idéo.CSV"


def test_no_file_is_refused(studio, sample):
    before = everything(sample)
    response = studio.post("/import/onisep", data={"export": "not a file"}, headers=HEADERS)
    assert response.status_code == 400
    assert "No file was sent: choose the ONISEP export" in response.text
    assert everything(sample) == before


def test_an_import_needs_the_studios_own_page(sample):
    c = client(sample)
    before = everything(sample)
    response = send(c, EXPORT.read_bytes(), headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert everything(sample) == before


def test_the_home_page_offers_the_import(studio):
    html = studio.get("/").text
    assert 'hx-post="/import/onisep"' in html and 'name="export"' in html
    assert "Importer depuis l’ONISEP" in html
