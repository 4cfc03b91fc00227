"""Placeholders: the stand-in summary facts of a new or imported profile are not printed as facts."""

from __future__ import annotations

import re

from metier.load.placeholders import placeholder_facts, printed, todo_comment
from metier.load.workspace import load_workspace
from metier.render.sheet import SheetRenderer
from tests.conftest import edit_yaml


STAND_INS = """summary:
  study_level: 0              # À RÉDIGER : years of study after the bac (5 for Bac+5)
  recommended_bac: "À RÉDIGER"
  employability: fair         # À RÉDIGER : low, fair, good, very-good or excellent
  mobility: fair              # À RÉDIGER : low, fair, good, very-good or excellent
  salary_starting: {amount: 2400, currency: EUR, period: month, basis: net}      # À RÉDIGER
  salary_experienced: {amount: 0, currency: EUR, period: month, basis: net}   # À RÉDIGER
  rome: {code: "M1802", label: "Expert / Experte systèmes et réseaux informatiques"}
  fap: {code: Z, label: "Non renseigné ou autre"}   # À RÉDIGER : the FAP family, e.g. M2X90
"""


def _with_stand_ins(root):
    """ciso.yaml with the stand-in summary an earlier import wrote: valid values marked to be written."""
    path = root / "profiles/ciso.yaml"
    text = path.read_text("utf-8")
    start = text.index("\nsummary:") + 1
    end = re.search(r"^\S", text[start + len("summary:"):], re.M).start() + start + len("summary:")
    path.write_text(text[:start] + STAND_INS + text[end:], "utf-8")


def test_stand_in_facts_marked_to_be_written_are_placeholders_and_not_printed(sample):
    _with_stand_ins(sample)
    ws = load_workspace(sample)
    profile = ws.profiles["ciso"]
    assert placeholder_facts(ws, "ciso", profile) == {
        "study_level", "recommended_bac", "employability", "mobility", "salary_starting", "salary_experienced", "fap"}
    shown = printed(ws, "ciso", profile)
    assert shown.summary.study_level is None and shown.summary.employability is None and shown.summary.fap is None
    assert shown.summary.salary_starting.amount == 0 and shown.summary.rome.code == "M1802"
    assert profile.summary.study_level == 0 and profile.summary.salary_starting.amount == 2400  # left as loaded
    html = SheetRenderer(ws).html("ciso", "lyon")
    box = html.split('class="summary"', 1)[1].split("</section>", 1)[0]
    for name in ("study_level", "employability", "recommended_bac", "salary_starting", "fap"):
        assert f"fact-{name}" not in box, name
    assert "fact-rome" in box and "À RÉDIGER" not in box


def test_a_profile_made_from_rome_prints_no_invented_fact(sample, metier):
    code, _, _ = metier("new", "profile", "expert-reseaux", "--rome", "M1802", cwd=sample)
    assert code == 0
    ws = load_workspace(sample)
    html = SheetRenderer(ws).html("expert-reseaux", "lyon")
    box = html.split('class="summary"', 1)[1].split("</section>", 1)[0]
    assert "fact-study_level" not in box and "fact-employability" not in box and "fact-salary_starting" not in box
    assert "fact-rome" in box


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


def test_an_unsaved_draft_is_read_for_its_comments_not_the_file_on_disk(sample):
    """The studio previews a draft: the lines that say what is still to write are the draft's."""
    from metier.load.resident import ResidentWorkspace

    resident = ResidentWorkspace(sample)
    text = (sample / "profiles/ciso.yaml").read_text("utf-8")
    start = text.index("  study_level:")
    end = text.index("\n", start)
    draft = resident.draft("profiles/ciso.yaml", text[:start] + "  study_level: 3   # À RÉDIGER" + text[end:])
    assert placeholder_facts(draft, "ciso", draft.profiles["ciso"]) == {"study_level"}
    assert placeholder_facts(resident.workspace, "ciso", resident.workspace.profiles["ciso"]) == set()
