"""ROME and FAP rules: codes that do not exist, labels that are not the official ones (the message gives it)."""

from metier.lint.codes import comparable
from metier.lint.run import lint
from metier.load.workspace import load_workspace
from tests.conftest import edit_yaml, line_of


def rules(root, rule_id):
    return [i for i in lint(load_workspace(root)) if i.rule == rule_id]


def set_codes(root, pid, rome=None, fap=None):
    def change(d):
        if rome:
            d["summary"]["rome"].update(rome)
        if fap:
            d["summary"]["fap"].update(fap)
    edit_yaml(root / "profiles" / f"{pid}.yaml", change)


def test_labels_compare_without_case_accents_or_punctuation():
    assert comparable("Expert / Experte systèmes et réseaux informatiques") == \
        comparable("expert experte systemes et reseaux  informatiques")
    assert comparable("Ingénieurs de l’informatique") == comparable("Ingenieurs de l'informatique")


def test_the_seed_rome_label_is_reported_with_the_official_one(sample):
    (issue,) = [i for i in rules(sample, "rome-label") if i.path == "profiles/prompt-engineer.yaml"]
    assert issue.field == "summary.rome.label" and issue.line == line_of(sample / issue.path, "label: Expertise") and issue.severity == "warning"
    assert "the official label is “Expert / Experte systèmes et réseaux informatiques”" in issue.message


def test_an_official_rome_label_passes(sample):
    set_codes(sample, "prompt-engineer", rome={"label": "Expert / Experte systèmes et réseaux informatiques"})
    assert [i for i in rules(sample, "rome-label") if i.path == "profiles/prompt-engineer.yaml"] == []


def test_an_unknown_rome_code_is_an_error(sample):
    assert rules(sample, "rome-unknown") == []
    set_codes(sample, "ciso", rome={"code": "M9999"})
    (issue,) = rules(sample, "rome-unknown")
    assert issue.severity == "error" and issue.field == "summary.rome.code"
    assert "ROME code M9999 is not in the ROME 4.0 referential" in issue.message
    assert rules(sample, "rome-label") == [i for i in rules(sample, "rome-label") if i.path != "profiles/ciso.yaml"]


def test_fap_codes_say_which_nomenclature_and_level(sample):
    (issue,) = [i for i in rules(sample, "fap-label") if i.path == "profiles/prompt-engineer.yaml"]
    assert "is not the label of M2Z (FAP 2009, level 2); the official label is “Ingénieurs de l'informatique”" in \
        issue.message
    set_codes(sample, "prompt-engineer", fap={"label": "Ingénieurs de l’informatique"})  # the official one
    assert [i for i in rules(sample, "fap-label") if i.path == "profiles/prompt-engineer.yaml"] == []
    set_codes(sample, "prompt-engineer", fap={"code": "M2X", "label": "Informatique"})
    (issue,) = [i for i in rules(sample, "fap-label") if i.path == "profiles/prompt-engineer.yaml"]
    assert "(FAP 2021, level 2)" in issue.message


def test_an_unknown_fap_code_is_an_error(sample):
    assert rules(sample, "fap-unknown") == []
    set_codes(sample, "ciso", fap={"code": "Q9Z"})
    (issue,) = rules(sample, "fap-unknown")
    assert issue.severity == "error" and "FAP code Q9Z is in neither FAP 2009 nor FAP 2021" in issue.message


def test_a_newer_referential_folder_is_used(sample, tmp_path):
    folder = tmp_path / "refdata"
    folder.mkdir()
    (folder / "rome.csv").write_text('"code_rome","libelle_rome"\n"M1802","Nouveau libellé officiel"\n',
                                     encoding="utf-8")
    ws = load_workspace(sample)
    issues = [i for i in lint(ws, str(folder)) if i.rule == "rome-label" and i.path.endswith("prompt-engineer.yaml")]
    assert issues and "the official label is “Nouveau libellé officiel”" in issues[0].message


def test_several_rome_codes_ask_to_choose_until_alternatives_go(sample):
    assert rules(sample, "rome-choose") == []
    set_codes(sample, "ciso", rome={"alternatives": ["M1802", "M1844"]})
    (issue,) = rules(sample, "rome-choose")
    assert issue.path == "profiles/ciso.yaml" and issue.field == "summary.rome.alternatives"
    assert issue.severity == "warning"
    assert "the others are M1802 Expert / Experte systèmes et réseaux informatiques" in issue.message
    assert "delete alternatives" in issue.message


def test_a_profile_without_a_rome_code_is_reported_and_can_be_silenced(sample):
    assert rules(sample, "rome-missing") == []
    edit_yaml(sample / "profiles" / "ciso.yaml", lambda d: d["summary"].pop("rome"))
    (issue,) = rules(sample, "rome-missing")
    assert issue.path == "profiles/ciso.yaml" and issue.line == line_of(sample / issue.path, "summary:")
    assert "no ROME code: choose the code of this job" in issue.message
    assert rules(sample, "rome-unknown") == [] and [i for i in rules(sample, "rome-label") if i.path == issue.path] == []
    path = sample / "profiles" / "ciso.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "summary:", "summary:   # metier-ignore: rome-missing -- no code fits this new job yet", 1), "utf-8")
    assert rules(sample, "rome-missing") == []
