"""Campus data merged over school defaults and target overrides, with the file and line of every value."""

from __future__ import annotations

from metier.load.overlay import Layer, merge
from metier.load.workspace import load_workspace
from metier.load.yamlfile import parse_yaml
from metier.resolve import target_campus
from tests.conftest import edit_yaml


def doc(text: str, name: str):
    return parse_yaml(text.encode(), name)


def test_deep_merge_lists_replace_and_empty_inherits():
    school = doc("d:\n  colours:\n    primary: '#000000'\n    accent: '#ffffff'\n  contacts: [a, b]\n  message: hi\n", "metier.yaml")
    campus = doc("colours:\n  primary: '#111111'\ncontacts: [c]\nmessage:\n", "campuses/x.yaml")
    merged = merge([Layer(school, ("d",)), Layer(campus)])
    assert merged.data == {"colours": {"primary": "#111111", "accent": "#ffffff"}, "contacts": ["c"], "message": "hi"}
    assert merged.where(("colours", "primary")) == ("campuses/x.yaml", 2, 12)
    assert merged.where(("colours", "accent")) == ("metier.yaml", 4, 13)
    assert merged.where(("contacts", 0)) == ("campuses/x.yaml", 3, 12)
    assert merged.where(("message",)) == ("metier.yaml", 6, 12)
    assert merged.issue(("colours", "accent"), "bad").path == "metier.yaml"


def test_campus_inherits_school_defaults(sample_readonly):
    ws = load_workspace(sample_readonly)
    lyon = ws.campuses["lyon"]
    assert lyon.profile_url == "https://example.org/{campus}/metiers/{profile}"
    assert lyon.url_of("lyon", "ciso") == "https://example.org/lyon/metiers/ciso"
    assert ws.campus_sources["lyon"].where(("message",))[0] == "metier.yaml"


def test_a_bad_default_is_reported_once_in_metier_yaml(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["campus_defaults"].update(colours={"accent": "orange"}))
    ws = load_workspace(sample)
    bad = [i for i in ws.issues if "orange" in i.message]
    assert len(bad) == 1 and bad[0].path == "metier.yaml"
    assert bad[0].field == "campus_defaults.colours.accent"


def test_a_value_missing_everywhere_is_located_in_the_campus_file(sample):
    edit_yaml(sample / "campuses" / "paris.yaml", lambda d: d.pop("website"))
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert issue.path == "campuses/paris.yaml" and issue.field == "website" and "missing" in issue.message
    assert "paris" in ws.invalid["campuses"] and "lyon" in ws.campuses


def test_campus_labels_must_exist_and_keep_their_placeholders(sample):
    edit_yaml(sample / "campuses" / "lyon.yaml", lambda d: d.update(labels={"kiker": "Fiche", "updated_on": "Revu le {jour}"}))
    ws = load_workspace(sample)
    messages = sorted(str(i) for i in ws.issues)
    assert len(messages) == 2
    assert 'labels.kiker: "kiker" is not a label the layouts print; did you mean "kicker"?' in messages[0]
    assert "labels.updated_on: {jour} is not filled in for this label; it can use {date}" in messages[1]
    assert "lyon" in ws.invalid["campuses"]


def test_target_overrides_merge_over_the_campus(sample):
    edit_yaml(sample / "metier.yaml",
              lambda d: d["targets"]["salon-lyon"].update(overrides={"colours": {"primary": "#123456"}, "labels": {"contents": "Au programme"}}))
    ws = load_workspace(sample)
    assert not ws.issues
    target = ws.project.targets["salon-lyon"]
    campus = target_campus(ws, "salon-lyon", target, "lyon")
    assert campus.colours.primary == "#123456" and campus.colours.accent == "#f2a541"
    assert campus.labels == {"contents": "Au programme"}
    assert ws.campuses["lyon"].colours.primary == "#0b4f8a"  # other targets are not affected
