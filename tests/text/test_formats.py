"""Money, dates and levels formatted by the locale."""

import datetime as dt

from metier.model.common import Money
from metier.text.formats import date, money, number, salary, study_level
from metier.text.labels import label, plural, rating_from_label
from metier.text.typography import NBSP, NNBSP


def test_french_money_has_no_decimals_and_the_right_spaces():
    assert money(5850, "EUR", "fr") == f"5{NNBSP}850{NBSP}€"
    assert money(16150.5, "EUR", "fr") == f"16{NNBSP}150,50{NBSP}€"


def test_salary_is_one_unbreakable_phrase():
    assert salary(Money(amount=5850), "fr") == f"5{NNBSP}850{NBSP}€{NBSP}brut{NBSP}/{NBSP}mois"
    assert salary(Money(amount=42000, period="year", basis="net", currency="CHF"), "fr") == \
        f"42{NNBSP}000{NBSP}CHF{NBSP}net{NBSP}/{NBSP}an"
    assert salary(Money(amount=5850), "en") == f"€5,850{NBSP}gross{NBSP}/{NBSP}month"


def test_dates_in_words_with_french_first_of_month():
    assert date(dt.date(2026, 5, 1), "fr") == f"1er{NBSP}mai 2026"
    assert date(dt.date(2026, 11, 25), "fr") == f"25{NBSP}novembre 2026"
    assert date(dt.date(2026, 11, 25), "en") == f"25{NBSP}November 2026"


def test_levels_numbers_and_labels():
    assert study_level(5, "fr") == "Bac+5"
    assert study_level(0, "fr") == "Bac"
    assert number(1234.5, "fr") == f"1{NNBSP}234,5"
    assert label("fr", "rating.very-good") == "Très bonne"
    assert plural("fr", "duration_years", 1) == "1 an"
    assert plural("fr", "duration_years", 3) == "3 ans"
    assert rating_from_label("très BONNE") == "very-good"
    assert rating_from_label("Excellent") == "excellent"
    assert rating_from_label("whatever") is None


def test_every_label_exists_in_both_languages():
    from metier.text.labels import labels

    def keys(node, prefix=""):
        for key, value in node.items():
            if isinstance(value, dict):
                yield from keys(value, prefix + key + ".")
            else:
                yield prefix + key

    assert set(keys(labels("fr"))) == set(keys(labels("en")))


def test_date_ranges():
    from datetime import date

    from metier.text.formats import date_range

    nbsp = "\u00a0"
    assert date_range(date(2027, 3, 12), date(2027, 3, 14)) == f"du 12 au 14{nbsp}mars 2027"
    assert date_range(date(2027, 2, 28), date(2027, 3, 1)) == f"du 28{nbsp}février au 1er{nbsp}mars 2027"
    assert date_range(date(2026, 12, 30), date(2027, 1, 2)) == f"du 30{nbsp}décembre 2026 au 2{nbsp}janvier 2027"
    assert date_range(date(2027, 3, 12), None) == f"12{nbsp}mars 2027"
    assert date_range(date(2027, 3, 12), date(2027, 3, 14), "en") == f"12\u201314{nbsp}March 2027"
