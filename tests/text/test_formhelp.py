"""The form help catalogue: a kind's entry, then a common one by the end of the path, else nothing."""

from __future__ import annotations

from metier.text.formhelp import catalogue, field_text


def test_a_kinds_entry_is_found_by_its_path_without_list_positions():
    found = field_text("fr", "profile", ("summary", "study_level"))
    assert found["label"] == "Niveau d’études"
    assert found["help"].startswith("Nombre d’années d’études après le bac (5 pour un Bac+5)")
    assert field_text("fr", "profile", "recruiters.job_boards.2.url")["label"] == "Adresse"
    assert field_text("fr", "profile", ("recruiters", "job_boards", "__index__", "url"))["label"] == "Adresse"


def test_common_entries_are_found_by_the_end_of_the_path():
    assert field_text("fr", "profile", "summary.salary_reference.amount.currency")["label"] == "Monnaie"
    assert field_text("fr", "project", "campus_defaults.events.0.date")["label"] == "Date"
    assert field_text("fr", "campus", "contacts.1.email")["label"] == "Adresse e-mail"


def test_a_kinds_entry_comes_before_a_common_one():
    assert field_text("fr", "campus", "website")["label"] == "Site web du campus"
    assert field_text("fr", "project", "campus_defaults.website")["label"] == "Site web"


def test_no_entry_and_no_catalogue_give_nothing():
    assert field_text("fr", "profile", "no_such_field") == {}
    assert catalogue("en") == {}
    assert field_text("en", "profile", "title") == {}
    assert field_text("xx", "profile", "title") == {}
