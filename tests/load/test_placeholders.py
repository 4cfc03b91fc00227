"""Placeholders: the stand-in summary facts of a new or imported profile are not printed as facts."""

from __future__ import annotations

from metier.load.placeholders import placeholder_facts, printed, todo_comment
from metier.load.workspace import load_workspace
from metier.render.sheet import SheetRenderer
from tests.conftest import edit_yaml


def test_a_profile_made_from_rome_has_its_unknown_facts_as_placeholders(sample, metier):
    code, _, _ = metier("new", "profile", "expert-reseaux", "--rome", "M1802", cwd=sample)
    assert code == 0
    ws = load_workspace(sample)
    profile = ws.profiles["expert-reseaux"]
    assert placeholder_facts(ws, "expert-reseaux", profile) == {
        "study_level", "recommended_bac", "employability", "mobility", "salary_starting", "salary_experienced"}
    shown = printed(ws, "expert-reseaux", profile)
    assert shown.summary.study_level is None and shown.summary.employability is None
    assert shown.summary.salary_starting.amount == 0 and shown.summary.rome.code == "M1802"
    assert profile.summary.study_level == 0  # the loaded profile is left as it is
    html = SheetRenderer(ws).html("expert-reseaux", "lyon")
    assert "fact-study_level" not in html and "fact-employability" not in html and "fact-recommended_bac" not in html
    assert "fact-rome" in html and "À RÉDIGER" not in html.split('class="summary"', 1)[1].split("</section>", 1)[0]


def test_a_finished_profile_is_printed_as_it_is(sample):
    ws = load_workspace(sample)
    profile = ws.profiles["prompt-engineer"]
    assert placeholder_facts(ws, "prompt-engineer", profile) == set()
    assert printed(ws, "prompt-engineer", profile) is profile


def test_a_real_value_with_a_to_write_comment_and_the_unspecified_fap_are_placeholders(sample):
    path = sample / "profiles/ciso.yaml"
    text = path.read_text("utf-8")
    start = text.index("  study_level:")
    end = text.index("\n", start)
    path.write_text(text[:start] + "  study_level: 3   # TODO: vérifier avec le service des admissions" + text[end:],
                    "utf-8")
    edit_yaml(path, lambda d: d["summary"].update(fap={"code": "Z", "label": "Non renseigné ou autre"}))
    ws = load_workspace(sample)
    assert placeholder_facts(ws, "ciso", ws.profiles["ciso"]) >= {"fap"}
    path.write_text(text[:start] + "  study_level: 3   # TODO: vérifier avec le service des admissions" + text[end:],
                    "utf-8")
    ws = load_workspace(sample)
    assert placeholder_facts(ws, "ciso", ws.profiles["ciso"]) == {"study_level"}


def test_todo_comment_needs_a_value_and_a_marker():
    assert todo_comment("  mobility: fair   # À RÉDIGER : low, fair or good") == "À RÉDIGER : low, fair or good"
    assert todo_comment("  mobility: fair   # low, fair or good") is None
    assert todo_comment("# À RÉDIGER : a whole-line comment") is None
