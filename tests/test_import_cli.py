"""``metier import onisep`` end to end: what it prints, and that what it writes passes ``metier check`` and builds."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO, edit_yaml

SAMPLE = REPO / "tests" / "data" / "onisep-ideo-metiers-sample.csv"
ROME = REPO / "tests" / "data" / "rome-v460-referentiel-code-rome.csv"
IMPORTED = ["assistant-realisateur", "conseiller-d-elevage", "contremaitre", "eclairagiste",
            "gardien-de-refuge-de-montagne", "illustrateur", "ingenieur-gaz", "journaliste-sportif",
            "medecin-specialiste", "modeleur-ceramiste-industriel", "pilote-de-port",
            "responsable-de-service-urbanisme"]
ALLOWED_RULES = {
    "to-be-written",    # the « À RÉDIGER » texts
    "updated-missing",  # an imported skeleton has no date: the user writes it once the facts are checked
}
"""The only findings ``metier check`` may report on an imported profile: things the user still has to write."""


def test_import_prints_each_row_and_a_summary(sample, metier):
    code, out, err = metier("import", "onisep", str(SAMPLE), cwd=sample)
    assert code == 0, err
    for pid in IMPORTED:
        assert f"Wrote profiles/{pid}.yaml" in out
        assert (sample / "profiles" / f"{pid}.yaml").is_file()
    assert "24 rows, 24 selected: 12 written, 0 replaced, 0 unchanged, 12 skipped." in out
    assert "À RÉDIGER" in out
    skipped = [line for line in err.splitlines() if line.startswith("Skipped line")]
    assert len(skipped) == 12
    assert any("MET.8099" in line and "K15 is a ROME domain" in line for line in skipped)
    assert any("MET.457" in line and "several ROME codes (K2101, M1402, M1806)" in line for line in skipped)
    assert sum("no ROME code" in line for line in skipped) == 7


def test_imported_profiles_pass_check_with_only_things_to_write(sample, metier):
    metier("import", "onisep", str(SAMPLE), cwd=sample)
    code, out, err = metier("check", cwd=sample)
    assert code == 0, err
    assert "OK: 18 profiles" in out
    about_imported = [line for line in (out + err).splitlines()
                      if any(line.startswith(f"profiles/{pid}.yaml:") for pid in IMPORTED)]
    assert about_imported, "the imported profiles should be reported as still to be written"
    for line in about_imported:
        assert ": warning: " in line, line
        rule = re.search(r"\[([a-z0-9-]+)\]$", line)
        assert rule and rule.group(1) in ALLOWED_RULES, line
    # 10 texts, the "not specified" FAP code, and 5 placeholder values (study level, two ratings, two salaries)
    assert sum("[to-be-written]" in line for line in about_imported) == 16 * len(IMPORTED)
    assert sum("summary.fap.code: still to be written" in line for line in about_imported) == len(IMPORTED)
    assert sum("this value is a placeholder" in line for line in about_imported) == 5 * len(IMPORTED)


def test_an_imported_profile_builds(sample, metier, tmp_path):
    metier("import", "onisep", str(SAMPLE), "--only", "MET.419", cwd=sample)
    target = tmp_path / "medecin.pdf"
    code, out, err = metier("sheet", "medecin-specialiste", "-o", str(target), cwd=sample)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    assert "pages" in out


def test_second_import_changes_nothing(sample, metier):
    metier("import", "onisep", str(SAMPLE), cwd=sample)
    before = {p.name: p.read_bytes() for p in (sample / "profiles").glob("*.yaml")}
    code, out, err = metier("import", "onisep", str(SAMPLE), cwd=sample)
    assert code == 0, err
    assert "0 written, 0 replaced, 12 unchanged, 12 skipped." in out
    assert out.count("Unchanged profiles/") == 12 and "Next:" not in out
    assert {p.name: p.read_bytes() for p in (sample / "profiles").glob("*.yaml")} == before


def test_force_replaces_an_edited_profile(sample, metier):
    metier("import", "onisep", str(SAMPLE), "--only", "MET.307", cwd=sample)
    path = sample / "profiles" / "eclairagiste.yaml"
    path.write_text(path.read_text("utf-8").replace("les missions au quotidien", "régler les projecteurs"), "utf-8")
    code, out, err = metier("import", "onisep", str(SAMPLE), "--only", "MET.307", cwd=sample)
    assert code == 0 and "exists and differs" in err and "--force" in err
    assert "régler les projecteurs" in path.read_text("utf-8")
    code, out, err = metier("import", "onisep", str(SAMPLE), "--only", "MET.307", "--force", cwd=sample)
    assert code == 0 and "Replaced profiles/eclairagiste.yaml" in out
    assert "régler les projecteurs" not in path.read_text("utf-8")


def test_domain_option(sample, metier):
    code, out, err = metier("import", "onisep", str(SAMPLE), "--domain", "énergies", cwd=sample)
    assert code == 0, err
    assert "24 rows, 4 selected: 2 written" in out
    assert (sample / "profiles" / "ingenieur-gaz.yaml").is_file()


@pytest.mark.parametrize("args,expected", [
    (["--only", "MET.000"], "no such métier"),
    (["--domain", "astronautique"], "matches no row"),
])
def test_options_that_match_nothing_fail_and_write_nothing(sample, metier, args, expected):
    before = sorted(p.name for p in (sample / "profiles").glob("*.yaml"))
    code, out, err = metier("import", "onisep", str(SAMPLE), *args, cwd=sample)
    assert code == 1 and expected in err
    assert sorted(p.name for p in (sample / "profiles").glob("*.yaml")) == before


def test_not_an_export_and_missing_file(sample, metier):
    code, out, err = metier("import", "onisep", str(ROME), cwd=sample)
    assert code == 1 and "not an ONISEP Idéo-métiers export" in err
    code, out, err = metier("import", "onisep", "nowhere.csv", cwd=sample)
    assert code == 2


def test_refdata_of_metier_yaml_gives_the_labels(sample, metier):
    folder = sample / "referentiels"
    folder.mkdir()
    text = ROME.read_text("utf-8").replace('"Eclairagiste"', '"Éclairagiste (v4.61)"')
    (folder / "rome-v461.csv").write_text(text, "utf-8")
    edit_yaml(sample / "metier.yaml", lambda d: d.update(refdata="referentiels"))
    code, out, err = metier("import", "onisep", str(SAMPLE), "--only", "eclairagiste", cwd=sample)
    assert code == 0, err
    assert 'label: "Éclairagiste (v4.61)"' in (sample / "profiles" / "eclairagiste.yaml").read_text("utf-8")


def test_refdata_folder_missing(sample, metier):
    edit_yaml(sample / "metier.yaml", lambda d: d.update(refdata="nowhere"))
    code, out, err = metier("import", "onisep", str(SAMPLE), cwd=sample)
    assert code == 1 and "refdata folder nowhere does not exist" in err  # named as metier.yaml names it
