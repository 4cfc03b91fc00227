"""Numbers, money and dates formatted by the locale (Babel), never by hand.

Data holds typed facts (``amount: 5850``, ``period: month``); this module turns
them into what a reader expects: "5 850 € brut / mois" in French (narrow
no-break space between digit groups, no-break space before the currency sign,
no decimals for whole amounts), "€5,850 gross / month" in English. The words
come from the label catalogue.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from metier.text.labels import label
from metier.text.typography import NBSP

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def locale(language: str) -> str:
    """The Babel locale of a metier language."""
    return LOCALES[language]


def number(value, language: str = "fr") -> str:
    """A number with the locale's grouping and decimal signs (no trailing zeros)."""
    return format_decimal(value, format="#,##0.##", locale=locale(language))


def money(amount, currency: str = "EUR", language: str = "fr") -> str:
    """An amount with its currency: "5 850 €" (no ",00" for whole amounts)."""
    whole = float(amount).is_integer()
    if language == "fr":
        pattern = "#,##0\u00a0¤" if whole else "#,##0.00\u00a0¤"
    else:
        pattern = "¤#,##0" if whole else "¤#,##0.00"
    return format_currency(amount, currency, locale=locale(language), format=pattern, currency_digits=False)


def salary(value, language: str = "fr") -> str:
    """A :class:`~metier.model.common.Money` as printed: "5 850 € brut / mois", unbreakable."""
    basis = label(language, f"basis.{value.basis}")
    period = label(language, f"period.{value.period}")
    return NBSP.join([money(value.amount, value.currency, language), basis, "/", period])


def date(value: dt.date, language: str = "fr") -> str:
    """A date in words: "1er mai 2026", "2 mai 2026", "2 May 2026"."""
    text = format_date(value, format="long", locale=locale(language))
    if language == "fr" and value.day == 1:
        text = "1er" + text[1:]
    return text.replace(" ", NBSP, 1)


def date_range(start: dt.date, end: dt.date | None, language: str = "fr") -> str:
    """A span of days in words: "du 12 au 14 mars 2027", "12–14 March 2027"; one day as :func:`date`."""
    if end is None or end == start:
        return date(start, language)
    first = date(start, language)
    if start.year == end.year:
        pattern = "d" if start.month == end.month else "d MMMM"
        first = format_date(start, format=pattern, locale=locale(language))
        if language == "fr" and start.day == 1:
            first = "1er" + first[1:]
        first = first.replace(" ", NBSP, 1)
    if language == "fr":
        return f"du {first} au {date(end, language)}"
    return f"{first}–{date(end, language)}"


def study_level(years: int, language: str = "fr") -> str:
    """Years after the baccalauréat as printed: "Bac+5"."""
    return label(language, "bac_plus", n=years) if years else label(language, "bac_only")
