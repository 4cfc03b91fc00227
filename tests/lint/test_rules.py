"""The content rules of `metier check`: each rule firing and not firing, severities, silences, the CLI options.

The seed profile (prompt-engineer) carries the real fiche's inconsistencies:
5 850 € in the summary but 3 100 € in the salary text, and no update date.
Rules that compare with today get a fixed date through ``lint.today``.
"""

import json

from metier.lint.content import text_amounts
from metier.lint.registry import RULES
from metier.lint.run import lint
from metier.load.workspace import load_workspace
from tests.conftest import edit_yaml, line_of

TODAY = "2026-12-01"


def findings(root, rule_id=None):
    edit_yaml(root / "metier.yaml", lambda d: d.setdefault("lint", {}).update(today=TODAY))
    issues = lint(load_workspace(root))
    return [i for i in issues if rule_id is None or i.rule == rule_id]


def set_profile(root, pid, change):
    edit_yaml(root / "profiles" / f"{pid}.yaml", change)


def test_every_rule_has_an_id_a_summary_and_a_severity():
    assert len(RULES) >= 12
    for rule in RULES.values():
        assert rule.id == rule.id.lower() and " " not in rule.id
        assert rule.summary.endswith(".") and rule.severity in ("error", "warning", "info")


def test_the_seed_profile_triggers_the_salary_and_missing_date_rules(sample):
    issues = findings(sample)
    seed = [i for i in issues if i.path == "profiles/prompt-engineer.yaml"]
    salary = [i for i in seed if i.rule == "salary-mismatch"]
    assert {i.field for i in salary} == {"summary.salary_starting.amount", "summary.salary_experienced.amount"}
    (starting,) = [i for i in salary if i.field == "summary.salary_starting.amount"]
    assert starting.line == line_of(sample / starting.path, "amount:", after="salary_starting") and starting.severity == "warning"
    assert ("salary_starting is 5\u00a0850\u00a0€, but the salary text gives 3\u00a0100\u00a0€ (more than 15 % apart)"
            in starting.message)
    (missing,) = [i for i in seed if i.rule == "updated-missing"]
    assert missing.line == 9 and missing.field == "updated"
    assert str(missing).startswith("profiles/prompt-engineer.yaml:9:1: warning: updated: no update date")
    assert str(missing).endswith("[updated-missing]")


def test_salary_rule_is_quiet_when_text_and_summary_agree(sample):
    assert [i for i in findings(sample, "salary-mismatch") if i.path != "profiles/prompt-engineer.yaml"] == []


def test_salary_amounts_are_read_from_french_text():
    assert text_amounts("entre 3 100 € et 6\u202f800 euros, voire 45 k€ par an ; 1,5 €") == [3100, 6800, 45000, 1.5]
    assert text_amounts("Bac+5, 35 heures") == []


def test_salary_tolerance_is_configurable(sample):
    set_profile(sample, "ciso", lambda d: d["summary"]["salary_starting"].update(amount=d["summary"]["salary_starting"]["amount"] * 1.1))
    assert [i.path for i in findings(sample, "salary-mismatch")].count("profiles/ciso.yaml") == 0  # within 15 %
    edit_yaml(sample / "metier.yaml", lambda d: d.setdefault("lint", {}).update(salary_tolerance=0.05))
    assert [i.path for i in findings(sample, "salary-mismatch")].count("profiles/ciso.yaml") == 1


def test_old_update_date(sample):
    assert findings(sample, "updated-old") == []
    set_profile(sample, "ciso", lambda d: d.update(updated="2023-05-02"))
    (old,) = findings(sample, "updated-old")
    assert old.path == "profiles/ciso.yaml" and "updated on 2023-05-02, more than 24 months ago" in old.message
    edit_yaml(sample / "metier.yaml", lambda d: d.setdefault("lint", {}).update(max_age_months=60))
    assert findings(sample, "updated-old") == []


def test_past_event_of_a_target(sample):
    assert findings(sample, "event-past") == []
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["salon-lyon"]["event"].update(date="2026-03-20"))
    (past,) = findings(sample, "event-past")
    assert past.path == "metier.yaml" and past.field == "targets.salon-lyon.event.date" and past.line > 0
    assert "the event “Forum des métiers de la cybersécurité” of 2026-03-20 is over" in past.message


def test_missing_and_too_long_sections(sample):
    assert findings(sample, "section-missing") == [] and findings(sample, "section-too-long") == []
    set_profile(sample, "ciso", lambda d: d.pop("career"))
    set_profile(sample, "pentester", lambda d: d.update(introduction="Texte. " * 300))
    (missing,) = findings(sample, "section-missing")
    assert missing.path == "profiles/ciso.yaml" and "no “career” section" in missing.message
    (long,) = findings(sample, "section-too-long")
    assert long.path == "profiles/pentester.yaml" and "over the layout's budget of 1200" in long.message


def test_text_pasted_in_two_profiles(sample):
    assert findings(sample, "duplicate-text") == []
    paragraph = ("Ce paragraphe est assez long pour compter comme un collage : il décrit le quotidien du métier "
                 "avec assez de détails pour qu'un doublon ne soit pas un hasard.")
    for pid in ("ciso", "pentester"):
        set_profile(sample, pid, lambda d: d.update(career=d["career"] + "\n\n" + paragraph))
    (dup,) = findings(sample, "duplicate-text")
    assert dup.path == "profiles/pentester.yaml" and dup.field == "career"
    assert "also in profiles/ciso.yaml (career" in dup.message


def test_text_still_to_be_written(sample):
    assert findings(sample, "to-be-written") == []
    set_profile(sample, "ciso", lambda d: d.update(sectors="TODO : les secteurs qui recrutent."))
    (todo,) = findings(sample, "to-be-written")
    assert todo.field == "sectors" and "still to be written" in todo.message


def test_programmes_taught_elsewhere_only(sample):
    assert findings(sample, "programme-not-offered") == []
    for name in ("bachelor-cybersecurite", "master-expert-cybersecurite"):
        edit_yaml(sample / "programmes" / f"{name}.yaml", lambda d: d.update(campuses=["lyon"]))
    issues = findings(sample, "programme-not-offered")
    assert issues and all(i.severity == "info" and "is taught in Paris" in i.message for i in issues)


def test_severity_can_be_changed_or_the_rule_turned_off(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d.setdefault("lint", {}).update(rules={"updated-missing": "error",
                                                                                       "salary-mismatch": "off"}))
    issues = findings(sample)
    assert not [i for i in issues if i.rule == "salary-mismatch"]
    assert [i.severity for i in issues if i.rule == "updated-missing"] == ["error"]


def test_an_unknown_rule_in_the_settings_is_a_located_error(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d.setdefault("lint", {}).update(rules={"salary-mismatsh": "off"}))
    (issue,) = [i for i in findings(sample) if i.field.startswith("lint.rules")]
    assert issue.severity == "error" and issue.path == "metier.yaml"
    assert 'no rule “salary-mismatsh”; did you mean "salary-mismatch"?' in issue.message


def test_one_occurrence_is_silenced_with_a_marker_and_a_reason(sample):
    path = sample / "profiles/prompt-engineer.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("updated:\n", "updated:  # metier-ignore: updated-missing -- the seed fiche had none\n"),
                    "utf-8")
    assert [i for i in findings(sample, "updated-missing")] == []
    path.write_text(text.replace("updated:\n", "updated:  # metier-ignore: updated-missing\n"), "utf-8")
    issues = findings(sample)
    assert [i.rule for i in issues if i.path.endswith("prompt-engineer.yaml") and i.line == 9] == [
        "ignore-marker", "updated-missing"]
    path.write_text(text.replace("updated:\n", "updated:  # metier-ignore: updated-mising -- typo\n"), "utf-8")
    assert any("metier-ignore names updated-mising, which is not a rule" in i.message for i in findings(sample))


def test_check_lists_rules_fails_strict_and_speaks_json(metier, sample):
    code, out, _ = metier("check", "--list-rules", cwd=sample)
    assert code == 0 and "salary-mismatch" in out and "rome-label" in out and "Always errors" in out
    edit_yaml(sample / "metier.yaml", lambda d: d.setdefault("lint", {}).update(today=TODAY))
    code, out, err = metier("check", cwd=sample)
    assert code == 0 and "[salary-mismatch]" in err and "warning(s)" in out
    code, _, _ = metier("check", "--strict", cwd=sample)
    assert code == 1
    code, out, _ = metier("check", "--format", "json", cwd=sample)
    data = json.loads(out)
    assert data["ok"] is True
    rules = {p["rule"] for p in data["problems"]}
    assert {"salary-mismatch", "updated-missing"} <= rules
    first = data["problems"][0]
    assert set(first) == {"file", "line", "column", "field", "severity", "rule", "message"}


def test_completeness_report(metier, sample):
    set_profile(sample, "ciso", lambda d: d.update(testimonials=[]))
    code, out, _ = metier("check", "--report", cwd=sample)
    assert code == 0
    assert "Profiles (sections written / missing):" in out
    assert "without a testimonial: ciso" in out and "without a salary: none" in out


def test_a_placeholder_value_marked_in_a_comment_is_still_to_be_written(sample):
    path = sample / "profiles/ciso.yaml"
    text = path.read_text("utf-8")
    line = text.splitlines().index("  employability: very-good") + 1
    path.write_text(text.replace("  employability: very-good", "  employability: fair   # À RÉDIGER : la vraie note"),
                    "utf-8")
    (todo,) = findings(sample, "to-be-written")
    assert (todo.path, todo.line) == ("profiles/ciso.yaml", line)
    assert "this value is a placeholder (“À RÉDIGER : la vraie note”)" in todo.message


def test_a_new_profile_is_still_to_be_written(metier, sample):
    metier("new", "profile", "cloud-architect", "--title", "Architecte cloud", cwd=sample)
    issues = [i for i in findings(sample, "to-be-written") if i.path == "profiles/cloud-architect.yaml"]
    assert len(issues) >= 3
