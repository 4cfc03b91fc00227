"""The bundled ROME content: read from the published files as they are, and in agreement with them.

``tests/data/rome-v460/`` and ``tests/data/fap/`` hold excerpts of the
published files (every file the derivation reads, the rows of four codes of
three families, byte for byte): deriving them must give the bundle's entries
for those codes, and those entries must say what the published rows say.
"""

from __future__ import annotations

import csv
import io
import lzma
import shutil

import pytest

from metier.errors import MetierError
from metier.refdata import bundled_dir, read_table
from metier.refdata.derive import BUNDLE_NAME, ROME_FILES, bundle_bytes, clean_text, derive, flag
from metier.refdata.rome import RomeContent, accented, bundled_content, load_content
from tests.conftest import REPO

EXCERPT = REPO / "tests" / "data" / "rome-v460"
FAP = REPO / "tests" / "data" / "fap"
CODES = ("M1802", "M1819", "A1101", "J1506")
"""The codes of the excerpt: an IT expert, a ROME 4.0 code under it, a farm machine driver, a nurse."""


@pytest.fixture(scope="module")
def derived() -> RomeContent:
    return RomeContent(derive(EXCERPT, FAP, retrieved="2026-12-07"))


def _published(name: str) -> list[dict]:
    text = (EXCERPT / name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_published_file_reads_as_it_is():
    for role, name in ROME_FILES.items():
        table = read_table(EXCERPT / name.format(v="460"))
        assert table.encoding == "utf-8" and table.separator == ",", name
        assert table.rows, name
    crosswalk = read_table(FAP / "fap225_rome.csv")
    assert crosswalk.encoding == "cp1252" and crosswalk.separator == ";"
    assert any("forestière" in row["intitule_rome"] for row in crosswalk.rows)  # é, è decoded from cp1252
    salaries = read_table(FAP / "salaire_median_3niv.csv")
    assert salaries.separator == "," and salaries.header == ("Fap3", "Annee", "Salaire_median")


def test_the_excerpt_derives_the_bundled_entries(derived):
    bundle = bundled_content()
    for code in CODES:
        assert derived.fiche(code) == bundle.fiche(code), code
        fap = derived.fiche(code).fap[0]
        assert derived.salary(fap) == bundle.salary(fap)


def test_the_bundle_says_what_the_published_files_say():
    bundle = bundled_content()
    texts = _published("unix_texte_v460_utf8.csv")
    labels = {row["code_rome"]: row["libelle_rome"] for row in _published("unix_referentiel_code_rome_v460_utf8.csv")}
    for code in CODES:
        fiche = bundle.fiche(code)
        assert fiche.label == labels[code]
        rows = sorted((int(r["position_phrase"]), r["libelle_texte"]) for r in texts
                      if r["code_rome"] == code and r["libelle_type_texte"] == "definition")
        assert list(fiche.definition) == [accented(clean_text(text)) for _, text in rows]
        targets = [r["code_rome_cible"] for r in sorted(_published("unix_rubrique_mobilite_v460_utf8.csv"),
                                                         key=lambda r: int(r["numero_ordre"])) if r["code_rome"] == code]
        assert list(fiche.mobility) == list(dict.fromkeys(targets))
        links = [r for r in _published("unix_liens_rome_referentiels_v460_utf8.csv") if r["code_rome"] == code]
        assert len(fiche.savoir_faire) == sum(r["code_compo_bloc"] == "5" and r["code_rubrique"] == "1" for r in links)
        assert len(fiche.knowledge) == sum(r["code_compo_bloc"] == "5" and r["code_rubrique"] == "3" for r in links)
        assert len(fiche.contexts) == sum(r["code_compo_bloc"] == "6" for r in links)


def test_published_quirks_are_repaired():
    fiche = bundled_content().fiche("M1802")
    published = [r["libelle_texte"] for r in _published("unix_texte_v460_utf8.csv") if r["code_rome"] == "M1802"]
    assert any("l''" in text for text in published)  # as published
    assert "l'optimisation" in fiche.definition[0] and not any("''" in t for t in fiche.definition + fiche.access)
    assert clean_text("L''Expert  a\n un rôle") == "L'Expert a un rôle"
    assert [flag(v) for v in ("oui", "O", "Principale", "non", "N", "", "Émergente")] == [True] * 3 + [False] * 4
    # M1802 is listed twice in its sector (with its sub-sector, "non"; without, "oui"): one sector, principal
    rows = [r for r in _published("unix_arborescence_secteur_activite_v460_utf8.csv") if r["code_rome"] == "M1802"]
    assert sorted(r["principal"] for r in rows) == ["non", "oui"]
    assert [(s.label, s.sub, s.principal) for s in fiche.sectors] == [
        ("Informatique et télécommunication", ("Informatique",), True)]


def test_a_fiche_has_titles_skills_fap_and_salary():
    bundle = bundled_content()
    fiche = bundle.fiche("m1802")
    assert (fiche.title.masculine, fiche.title.feminine) == ("Expert systèmes et réseaux informatiques",
                                                            "Experte systèmes et réseaux informatiques")
    assert fiche.domain == "M18" and fiche.domain_label
    assert fiche.savoir_faire[0].core and not fiche.savoir_faire[-1].core
    assert fiche.savoir_etre and fiche.access and fiche.titles
    assert fiche.fap == ("M2Z90",)
    salary = bundle.salary("M2Z90")
    assert (salary.fap, salary.period, salary.amount, salary.year) == ("M2Z", "2017-2019", 3120, 2019)
    assert bundle.fiche("M1819").fap == ("M2Z90",)  # a ROME 4.0 code takes its classic fiche's families
    assert bundle.salary("W9Z") is None  # no such family
    with pytest.raises(MetierError, match="M9999 is not a code of the ROME 4.60 referential"):
        bundle.fiche("M9999")


def test_bundle_is_small_attributed_and_reproducible():
    path = bundled_dir() / BUNDLE_NAME
    assert path.stat().st_size < 1_000_000
    bundle = bundled_content()
    assert len(bundle.codes()) == 1584
    rome, dares = bundle.attribution["rome"], bundle.attribution["dares"]
    assert rome["publisher"] == "France Travail" and rome["version"] == "4.60" and rome["retrieved"]
    assert rome["licence"] == "Licence Ouverte / Open Licence 2.0" and rome["notice"] == "Source : France Travail, ROME v4.60"
    assert dares["publisher"] == "DARES"
    data = derive(EXCERPT, FAP, retrieved="2026-12-07")
    assert bundle_bytes(data) == bundle_bytes(data)  # no date or order of its own in the bytes


def test_missing_published_file(tmp_path):
    shutil.copytree(EXCERPT, tmp_path / "rome")
    (tmp_path / "rome" / "unix_texte_v460_utf8.csv").unlink()
    with pytest.raises(MetierError, match="unix_texte_v460_utf8.csv is not in rome: give the folder"):
        derive(tmp_path / "rome", FAP)


def test_broken_bundle(tmp_path):
    (tmp_path / "bad.json.xz").write_bytes(b"not xz")
    with pytest.raises(MetierError, match=r"bundled ROME content \(bad.json.xz\) cannot be read"):
        load_content(tmp_path / "bad.json.xz")
    (tmp_path / "old.json.xz").write_bytes(lzma.compress(b'{"format": 0}'))
    with pytest.raises(MetierError, match="format 0"):
        load_content(tmp_path / "old.json.xz")


def test_derive_command(tmp_path, metier):
    target = tmp_path / "content.json.xz"
    code, out, err = metier("refdata", "derive", str(EXCERPT), str(FAP), "-o", str(target), "--retrieved",
                            "2026-12-07", cwd=tmp_path)
    assert code == 0, err
    assert f"Wrote {target}: 1584 ROME codes" in out
    assert load_content(target).fiche("M1802") == bundled_content().fiche("M1802")


def test_missing_column(tmp_path):
    shutil.copytree(EXCERPT, tmp_path / "rome")
    (tmp_path / "rome" / "unix_cr_gd_dp_v460_utf8.csv").write_text('"code_rome","x"\n"M1802","y"\n', "utf-8")
    with pytest.raises(MetierError, match="has none of the columns code_domaine_professionel"):
        derive(tmp_path / "rome", FAP)


def test_a_cp1252_character_published_as_a_control_code_is_restored():
    assert clean_text("gros \x9cuvre, \x80 5") == "gros œuvre, € 5"
    assert clean_text("a\x00b\x1fc") == "abc"
    assert "gros œuvre" in bundled_content().fiche("F1703").access[0]  # published as "gros \x9cuvre"


def test_a_capital_e_gets_the_accent_the_referential_writes_in_lower_case():
    """ROME writes "évaluer" mid-sentence and "Evaluer" at a sentence's start; French keeps the accent."""
    assert accented("Evaluer les risques. Elaborer un plan. Etre autonome.") == \
        "Évaluer les risques. Élaborer un plan. Être autonome."
    assert accented("Employée de bureau, Entretenir, Eiffel") == "Employée de bureau, Entretenir, Eiffel"
    fiche = bundled_content().fiche("M1802")
    labels = [s.label for s in fiche.savoir_faire]
    assert "Évaluer les nouvelles technologies réseau" in labels
    assert not [label for label in labels if label.startswith(("Evaluer", "Elaborer", "Etablir"))]
    assert fiche.label == "Expert / Experte systèmes et réseaux informatiques"  # official labels as published
