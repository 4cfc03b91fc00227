"""``metier import onisep`` end to end: what it prints, and that what it writes passes ``metier check`` and builds."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO, edit_yaml

SAMPLE = REPO / "tests" / "data" / "onisep-ideo-metiers-sample.csv"
ROME = REPO / "tests" / "data" / "rome-v460-referentiel-code-rome.csv"
WITH_CODE = ["assistant-realisateur", "conseiller-d-elevage", "contremaitre", "eclairagiste",
             "gardien-de-refuge-de-montagne", "illustrateur", "ingenieur-gaz", "journaliste-sportif",
             "medecin-specialiste", "modeleur-ceramiste-industriel", "pilote-de-port",
             "responsable-de-service-urbanisme"]
SEVERAL_CODES = ["accompagnant-educatif-et-social", "chef-de-rayon", "consultant", "vendeur-en-magasin"]
NO_CODE = ["administrateur-du-senat", "agent-de-developpement-des-energies-renouvelables",
           "analyste-laboratoire-textile", "charge-de-valorisation-de-la-recherche",
           "concepteur-designer-packaging-emballage", "e-sportif", "chef-de-projet-eolien",
           "inspecteur-des-fraudes"]  # the last one: ONISEP gives the domain K15
IMPORTED = WITH_CODE + SEVERAL_CODES + NO_CODE
ALLOWED_RULES = {
    "to-be-written",    # the « À RÉDIGER » texts
    "updated-missing",  # an imported profile has no date: the user writes it once the facts are checked
    "rome-choose",      # ONISEP gave several ROME codes
    "rome-missing",     # ONISEP gave none, or a domain
}
"""The only findings ``metier check`` may report on an imported profile: things the user still has to write."""


def test_import_prints_each_row_and_a_summary(sample, metier):
    code, out, err = metier("import", "onisep", str(SAMPLE), cwd=sample)
    assert code == 0, err
    for pid in IMPORTED:
        assert f"Wrote profiles/{pid}.yaml" in out
        assert (sample / "profiles" / f"{pid}.yaml").is_file()
    assert "24 rows, 24 selected: 24 written, 0 replaced, 0 updated, 0 unchanged, 0 skipped." in out
    assert "À RÉDIGER" in out and "Skipped line" not in err
    assert "profiles/inspecteur-des-fraudes.yaml: ONISEP gives K15, a ROME domain" in out
    assert "profiles/consultant.yaml: ONISEP gives several ROME codes (K2101, M1402, M1806)" in out
    assert out.count("ONISEP gives no ROME code") == 7


def test_imported_profiles_pass_check_with_only_things_to_write(sample, metier):
    metier("import", "onisep", str(SAMPLE), cwd=sample)
    code, out, err = metier("check", cwd=sample)
    assert code == 0, err
    assert "OK: 30 profiles" in out
    about_imported = [line for line in (out + err).splitlines()
                      if any(line.startswith(f"profiles/{pid}.yaml:") for pid in IMPORTED)]
    found = {}
    for line in about_imported:
        assert ": warning: " in line, line
        rule = re.search(r"\[([a-z0-9-]+)\]$", line)
        assert rule and rule.group(1) in ALLOWED_RULES, line
        found.setdefault(rule.group(1), set()).add(line.split(".yaml:")[0].removeprefix("profiles/"))
    assert found["to-be-written"] == set(IMPORTED)
    assert found["rome-choose"] == set(SEVERAL_CODES) and found["rome-missing"] == set(NO_CODE)
    # a skeleton: 10 texts, the "not specified" FAP code, and 5 placeholder values
    assert sum("[to-be-written]" in line for line in about_imported if "/e-sportif.yaml:" in line) == 16
    # filled from ROME: the training text, the bac, 5 placeholder values and the programmes
    assert sum("[to-be-written]" in line for line in about_imported if "/pilote-de-port.yaml:" in line) == 8


def test_an_imported_profile_builds(sample, metier, tmp_path):
    metier("import", "onisep", str(SAMPLE), "--only", "MET.419", cwd=sample)
    target = tmp_path / "medecin.pdf"
    code, out, err = metier("sheet", "medecin-specialiste", "-o", str(target), cwd=sample)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    assert "pages" in out


@pytest.mark.slow
def test_the_imported_sample_builds_every_sheet(sample, metier):
    import json

    metier("import", "onisep", str(SAMPLE), cwd=sample)
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["sheets"].update(variants=["screen"]))
    code, out, err = metier("build", "sheets", cwd=sample)
    assert code == 0, err
    report = json.loads((sample / "out" / "build-report.json").read_text("utf-8"))
    sheets = [o for o in report["outputs"] if o.get("target") == "sheets"]
    assert len(sheets) == 2 * (6 + len(IMPORTED))  # every profile, both campuses
    assert {o["status"] for o in sheets} == {"built"}, [o for o in sheets if o["status"] != "built"]
    for pid in IMPORTED:
        assert (sample / "out" / "sheets" / "lyon" / f"{pid}.pdf").is_file()


def test_second_import_changes_nothing(sample, metier):
    metier("import", "onisep", str(SAMPLE), cwd=sample)
    before = {p.name: p.read_bytes() for p in (sample / "profiles").glob("*.yaml")}
    code, out, err = metier("import", "onisep", str(SAMPLE), cwd=sample)
    assert code == 0, err
    assert "0 written, 0 replaced, 0 updated, 24 unchanged, 0 skipped." in out
    assert out.count("Unchanged profiles/") == 24 and "Next:" not in out
    assert {p.name: p.read_bytes() for p in (sample / "profiles").glob("*.yaml")} == before


def test_force_replaces_an_edited_profile(sample, metier):
    metier("import", "onisep", str(SAMPLE), "--only", "MET.307", cwd=sample)
    path = sample / "profiles" / "eclairagiste.yaml"
    path.write_text(path.read_text("utf-8").replace("training: |\n  À RÉDIGER : les formations de l'école qui "
                                                    "préparent à ce métier.", "training: |\n  régler les projecteurs"),
                    "utf-8")
    assert "régler les projecteurs" in path.read_text("utf-8")
    code, out, err = metier("import", "onisep", str(SAMPLE), "--only", "MET.307", cwd=sample)
    assert code == 0 and "was edited since it was imported" in err and "--force" in err
    assert "régler les projecteurs" in path.read_text("utf-8")
    code, out, err = metier("import", "onisep", str(SAMPLE), "--only", "MET.307", "--force", cwd=sample)
    assert code == 0 and "Replaced profiles/eclairagiste.yaml" in out
    assert "régler les projecteurs" not in path.read_text("utf-8")


def test_domain_option(sample, metier):
    code, out, err = metier("import", "onisep", str(SAMPLE), "--domain", "énergies", cwd=sample)
    assert code == 0, err
    assert "24 rows, 4 selected: 4 written" in out
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
