"""A newer referential: `metier check` says what changed in a profile written from ROME, `--update` applies it."""

from __future__ import annotations

import copy

import pytest

from metier.importers.provenance import changes, read_record
from metier.importers.stamp import UNEDITED, state
from metier.refdata.rome import RomeContent, bundled_content
from tests.conftest import REPO, edit_yaml

ROME = REPO / "tests" / "data" / "rome-v460-referentiel-code-rome.csv"
OLD_SENTENCE = "Assure la maintenance et la sécurité des systèmes et réseaux"
NEW_SENTENCE = "Assure la maintenance, la sécurité et la sobriété des systèmes et réseaux"


@pytest.fixture
def newer(monkeypatch):
    """Call it to install a "next release" of the bundled content: one definition sentence of M1802 reworded."""
    def upgrade():
        data = copy.deepcopy(bundled_content()._data)
        definition = data["codes"]["M1802"]["definition"]
        definition[definition.index(OLD_SENTENCE)] = NEW_SENTENCE
        content = RomeContent(data)
        monkeypatch.setattr("metier.refdata.rome.bundled_content", lambda: content)
    return upgrade


def _rules(out, err, rule):
    return [line for line in (out + err).splitlines() if line.endswith(f"[{rule}]")]


def test_a_changed_text_is_reported_shown_and_applied(sample, metier, newer):
    metier("new", "profile", "expert-reseaux", "--rome", "M1802", cwd=sample)
    path = sample / "profiles" / "expert-reseaux.yaml"
    assert read_record(path.read_text("utf-8")).code == "M1802"
    code, out, err = metier("check", cwd=sample)
    assert _rules(out, err, "rome-changed") == []  # the referential it was written from
    newer()
    code, out, err = metier("check", cwd=sample)
    (line,) = _rules(out, err, "rome-changed")
    assert line.startswith("profiles/expert-reseaux.yaml:") and ": missions: ROME M1802 now gives another missions" in line
    code, out, err = metier("import", "rome", "--update", cwd=sample)
    assert code == 0, err
    assert "profiles/expert-reseaux.yaml (ROME M1802): missions" in out
    assert f"-  - {OLD_SENTENCE}." in out and f"+  - {NEW_SENTENCE}." in out
    assert "--apply" in out and OLD_SENTENCE in path.read_text("utf-8")  # shown, not applied
    code, out, err = metier("import", "rome", "--update", "--apply", cwd=sample)
    assert "Updated profiles/expert-reseaux.yaml: missions" in out
    text = path.read_text("utf-8")
    assert NEW_SENTENCE in text and OLD_SENTENCE not in text
    assert state(text) == UNEDITED  # metier's own update: the profile still counts as unedited
    code, out, err = metier("check", cwd=sample)
    assert _rules(out, err, "rome-changed") == []
    code, out, err = metier("import", "rome", "--update", cwd=sample)
    assert "No profile written from ROME differs" in out


def test_what_the_user_wrote_is_left_alone(sample, metier, newer):
    metier("new", "profile", "expert-reseaux", "--rome", "M1802", cwd=sample)
    path = sample / "profiles" / "expert-reseaux.yaml"
    mine = path.read_text("utf-8").replace(OLD_SENTENCE, "Veille sur les réseaux de l'école")
    path.write_text(mine, "utf-8")
    newer()
    code, out, err = metier("check", cwd=sample)
    (line,) = _rules(out, err, "rome-changed")
    assert "and you have edited it" in line
    code, out, err = metier("import", "rome", "--update", "--apply", cwd=sample)
    assert "missions (edited by you: kept)" in out and "Updated" not in out
    assert path.read_text("utf-8") == mine


def test_a_changed_label_of_the_workspace_referential_is_reported(sample, metier):
    metier("new", "profile", "expert-reseaux", "--rome", "M1802", cwd=sample)
    folder = sample / "referentiels"
    folder.mkdir()
    text = ROME.read_text("utf-8").replace('"Expert / Experte systèmes et réseaux informatiques"',
                                           '"Expert / Experte systèmes, réseaux et cloud"')
    (folder / "rome-v461.csv").write_text(text, "utf-8")
    edit_yaml(sample / "metier.yaml", lambda d: d.update(refdata="referentiels"))
    code, out, err = metier("check", cwd=sample)
    (line,) = _rules(out, err, "rome-changed")
    assert "summary.rome.label: ROME M1802 now gives another summary.rome.label" in line
    code, out, err = metier("import", "rome", "--update", "--apply", "M1802", cwd=sample)
    assert "-Expert / Experte systèmes et réseaux informatiques" in out, out
    assert "+Expert / Experte systèmes, réseaux et cloud" in out
    assert "Updated profiles/expert-reseaux.yaml: summary.rome.label" in out
    assert 'label: "Expert / Experte systèmes, réseaux et cloud"' in \
        (sample / "profiles" / "expert-reseaux.yaml").read_text("utf-8")


def test_changes_without_a_record():
    assert changes("title: x\n", "title: y\n") == []


def test_import_rome_needs_codes_or_update(sample, metier):
    code, out, err = metier("import", "rome", cwd=sample)
    assert code == 2 and "name the ROME codes to import" in err
