"""The bundled ROME and FAP referentials, their lookups, and newer official files a workspace points at."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from metier.errors import MetierError
from metier.refdata import (BUNDLED_FILES, FAP_NOT_SPECIFIED, FapEntry, bundled_dir, load_referentials,
                            referentials_for)
from tests.conftest import REPO, edit_yaml

DATA = REPO / "tests" / "data"


@pytest.fixture(scope="module")
def refs():
    return load_referentials()


def test_the_package_ships_the_published_files_and_their_attribution():
    folder = bundled_dir()
    for name in BUNDLED_FILES.values():
        assert (folder / name).read_bytes() == (DATA / name).read_bytes(), f"{name} differs from the published file"
    attribution = resources.files("metier.refdata").joinpath("ATTRIBUTION.md").read_text("utf-8")
    assert "Source : France Travail, ROME v4.60" in attribution and "Licence Ouverte" in attribution
    assert "FAP 2009" in attribution and "FAP 2021" in attribution and "DARES" in attribution


def test_bundled_counts(refs):
    assert len(refs.rome) == 1584
    assert len(refs.fap2009) == 340  # 22 domains, 87 and 225 families, and 6 aggregate pseudo-codes
    levels = [level for (nomenclature, _), level in refs.fap_levels.items() if nomenclature == "2021"]
    assert [levels.count(n) for n in (1, 2, 3)] == [22, 86, 228]
    assert len(refs.fap2021) == 22 + 86 + 228 + 179  # 162 families of the 341 level keep their 228 code
    assert set(refs.sources) == {"rome", "fap2009", "fap2021"}


def test_rome_lookup(refs):
    assert refs.rome_label("M1802") == "Expert / Experte systèmes et réseaux informatiques"
    assert refs.rome_label(" J1102 ") == "Médecin généraliste"
    assert refs.rome_label("K15") is None  # a domain, not a code
    assert refs.rome_label("Z9999") is None


def test_fap_says_which_nomenclature(refs):
    assert refs.fap("M2X90") == (FapEntry("2021", "M2X90", "Ingénieurs et cadres d'étude, recherche et "
                                                             "développement en informatique et télécom", 3),)
    (old,) = refs.fap("M2Z90")
    assert (old.nomenclature, old.level) == ("2009", 3)
    (family,) = refs.fap("M2Z")
    assert (family.nomenclature, family.level, family.label) == ("2009", 2, "Ingénieurs de l'informatique")
    assert refs.fap("A0X41c") == (FapEntry("2021", "A0X41c", "Eleveurs de lapins et volailles", 4),)
    assert refs.fap("A1X40")[0].level == 3  # not divided at the 341 level: the same code, reported at level 3
    assert refs.fap("Q9Z99") == ()


def test_a_code_in_both_nomenclatures_is_reported_in_both(refs):
    both = refs.fap("C")
    assert [e.nomenclature for e in both] == ["2021", "2009"]
    assert all(e.level == 1 and e.label == "Électricité, électronique" for e in both)


def test_not_specified_pseudo_codes(refs):
    for code in FAP_NOT_SPECIFIED:
        (entry,) = refs.fap(code)
        assert entry.nomenclature == "2009" and entry.label == "Non renseigné ou autre"


# --- newer official files ----------------------------------------------------------------------------------------

def _newer_rome(path: Path, encoding="utf-8", separator=","):
    """A ROME file of the published format with one changed label and one new code."""
    text = (DATA / BUNDLED_FILES["rome"]).read_text("utf-8")
    text = text.replace('"Expert / Experte systèmes et réseaux informatiques"', '"Expert / Experte réseaux (v4.61)"')
    text += '"M1899","99999","99999","Ingénieur / Ingénieure en IA embarquée","Emploi Blanc","","","","O","M1899"\n'
    if separator != ",":
        text = text.replace('","', f'"{separator}"')
    path.write_bytes(text.encode(encoding))
    return path


def test_a_folder_replaces_what_it_holds_and_keeps_the_rest(tmp_path, refs):
    _newer_rome(tmp_path / BUNDLED_FILES["rome"])
    newer = load_referentials(tmp_path)
    assert newer.rome_label("M1802") == "Expert / Experte réseaux (v4.61)"
    assert newer.rome_label("M1899") == "Ingénieur / Ingénieure en IA embarquée"
    assert newer.fap2021 == refs.fap2021 and newer.fap2009 == refs.fap2009
    assert newer.fap("M2X90") == refs.fap("M2X90")
    assert newer.sources["rome"] == tmp_path / BUNDLED_FILES["rome"]
    assert newer.sources["fap2021"] == refs.sources["fap2021"]
    assert load_referentials().rome_label("M1802") != "Expert / Experte réseaux (v4.61)"  # the bundled ones untouched


def test_a_file_of_another_name_is_recognised_by_its_columns(tmp_path):
    _newer_rome(tmp_path / "unix_referentiel_code_rome_v461_latin.csv", encoding="cp1252", separator=";")
    (tmp_path / "notes.csv").write_text("what;why\nnothing;here\n", encoding="utf-8")
    (tmp_path / "readme.txt").write_text("not a table", encoding="utf-8")
    newer = load_referentials(tmp_path)
    assert newer.rome_label("M1899") == "Ingénieur / Ingénieure en IA embarquée"
    assert newer.sources["rome"].name == "unix_referentiel_code_rome_v461_latin.csv"


def test_fap_files_recognised_by_columns(tmp_path):
    shutil.copyfile(DATA / BUNDLED_FILES["fap2021"], tmp_path / "FAP2021_nomenclature_2024.csv")
    text = (DATA / BUNDLED_FILES["fap2009"]).read_text("utf-8") + "Q9Z99,fap225,Famille de test\n"
    (tmp_path / "libelles-fap-2009.csv").write_bytes(text.encode("cp1252"))
    newer = load_referentials(tmp_path)
    assert newer.fap("Q9Z99") == (FapEntry("2009", "Q9Z99", "Famille de test", 3),)
    assert newer.fap("A0X41c")[0].level == 4


def test_the_bundled_name_wins_over_a_recognised_file(tmp_path):
    _newer_rome(tmp_path / BUNDLED_FILES["rome"])
    shutil.copyfile(DATA / BUNDLED_FILES["rome"], tmp_path / "older-rome.csv")
    assert load_referentials(tmp_path).rome_label("M1899") is not None


@pytest.mark.parametrize("setup,expected", [
    (lambda d: None, "holds no ROME or FAP file"),
    (lambda d: [_newer_rome(d / "a.csv"), _newer_rome(d / "b.csv")], "several ROME files"),
    (lambda d: shutil.copyfile(DATA / BUNDLED_FILES["fap2009"], d / BUNDLED_FILES["rome"]), "not those of a ROME file"),
    (lambda d: (d / BUNDLED_FILES["fap2009"]).write_text("code_fap,niveau,libelle\n", "utf-8"), "holds no FAP 2009 codes"),
])
def test_unusable_folders_are_explained(tmp_path, setup, expected):
    setup(tmp_path)
    with pytest.raises(MetierError, match=expected):
        load_referentials(tmp_path)


def test_a_missing_folder_is_explained(tmp_path):
    with pytest.raises(MetierError, match="does not exist"):
        load_referentials(tmp_path / "refdata")


def test_referentials_for_a_workspace(tmp_path):
    (tmp_path / "ref").mkdir()
    _newer_rome(tmp_path / "ref" / BUNDLED_FILES["rome"])
    other = tmp_path / "other"
    other.mkdir()
    assert referentials_for(tmp_path).rome_label("M1899") is None  # bundled
    assert referentials_for(tmp_path, "ref").rome_label("M1899") is not None  # metier.yaml, relative to the root
    with pytest.raises(MetierError, match="holds no ROME"):
        referentials_for(tmp_path, "ref", option=other)  # --refdata wins over metier.yaml


def test_metier_yaml_accepts_refdata(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d.update(refdata="referentiels"))
    from metier.load.workspace import load_workspace

    ws = load_workspace(sample)
    assert not [i for i in ws.issues if i.path == "metier.yaml"]
    assert ws.project.refdata == "referentiels"
