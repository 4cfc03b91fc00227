"""The editor's forms in French and in English: every field shown has a name and help a careers adviser reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from metier.schema import schema
from metier.studio import forms
from metier.text.formhelp import field_text
from tests.studio.test_edit import ROOT, SAMPLES

KINDS = {"profiles": "profile", "campuses": "campus", "programmes": "programme"}


def kind_of(name: str) -> str:
    return KINDS.get(Path(name).parent.as_posix(), "project")


def shown(fields):
    """Every field a form draws, list items and the empty item "Add" clones included."""
    for f in fields:
        yield f
        yield from shown(f.children)
        if f.item is not None:
            yield from shown([f.item])


@pytest.mark.parametrize("name", SAMPLES)
def test_every_field_of_each_sample_form_has_a_french_name_and_help(name):
    kind = kind_of(name)
    data = yaml.safe_load((ROOT / name).read_text("utf-8"))
    missing = sorted({f.name for f in shown(forms.form_fields(kind, data, "fr"))
                      if not field_text("fr", kind, f.path).get("help")
                      or not field_text("fr", kind, f.path).get("label")})
    assert not missing, f"no French name or help in locale/fr/help.yaml for: {missing}"


def test_empty_forms_of_every_kind_have_french_help_too():
    for kind in ("profile", "campus", "programme", "project"):
        missing = sorted({f.name for f in shown(forms.form_fields(kind, {}, "fr"))
                          if not field_text("fr", kind, f.path).get("help")})
        assert not missing, (kind, missing)


def test_french_form_uses_the_help_catalogue():
    fields = {f.name: f for f in shown(forms.form_fields("profile", {}, "fr"))}
    level = fields["summary.study_level"]
    assert level.label == "Niveau d’études"
    assert level.help.startswith("Nombre d’années d’études après le bac (5 pour un Bac+5)")
    assert fields["summary.salary_starting.amount"].label == "Montant"
    assert dict(fields["summary.employability"].choices)["very-good"] == "Très bonne"


def test_english_form_uses_the_schema_and_the_english_labels():
    fields = {f.name: f for f in shown(forms.form_fields("profile", {}, "en"))}
    level = fields["summary.study_level"]
    assert level.label == "Study level"  # the English label catalogue
    assert level.help.startswith("Years of study after the baccalauréat usually required (5 for Bac+5)")
    assert fields["summary.salary_starting.amount"].help.startswith("The amount, a plain number")
    assert fields["title_feminine"].label == "Title feminine"  # the field's name in words
    assert fields["summary.salary_reference"].label == "Salary reference"  # not the schema's class name
    assert fields["photo"].label == "Picture"  # a title the schema gives
    assert dict(fields["summary.employability"].choices)["very-good"] == "Very good"
    assert fields["summary"].help == schema("profile")["properties"]["summary"].get("description") or \
        fields["summary"].help.startswith("Facts of")


def test_a_field_without_french_help_keeps_the_schema_description(monkeypatch):
    from metier.text import formhelp

    monkeypatch.setattr(forms, "field_text", lambda language, kind, path: {})
    fields = {f.name: f for f in shown(forms.form_fields("profile", {}, "fr"))}
    assert fields["summary.study_level"].help.startswith("Years of study after the baccalauréat")
    assert fields["summary.study_level"].label == "Niveau d’études"  # the label catalogue's word
    assert formhelp.field_text("fr", "profile", "title")["label"] == "Intitulé du métier"


def test_an_unknown_language_is_french():
    assert forms.form_fields("profile", {}, "xx")[0].label == "Intitulé du métier"
