"""French typography: the spaces a French reader expects, and nothing done to URLs or codes."""

import pytest

from metier.text.typography import NBSP, NNBSP, typeset


@pytest.mark.parametrize("raw, expected", [
    ("Niveau d'études : Bac+5", f"Niveau d’études{NBSP}: Bac+5"),
    ("Note: voir", f"Note{NBSP}: voir"),
    ("Vraiment ? Oui ! Bon ; ok", f"Vraiment{NNBSP}? Oui{NNBSP}! Bon{NNBSP}; ok"),
    ("Vraiment?", f"Vraiment{NNBSP}?"),
    ("Quoi ?!", f"Quoi{NNBSP}?!"),
    ("« Pour comprendre »", f"«{NNBSP}Pour comprendre{NNBSP}»"),
    ("«Serré»", f"«{NNBSP}Serré{NNBSP}»"),
    ('Il dit "bonjour" !', f"Il dit «{NNBSP}bonjour{NNBSP}»{NNBSP}!"),
    ("3 100 euros et 16 150 €", f"3{NNBSP}100{NBSP}euros et 16{NNBSP}150{NBSP}€"),
    ("5 %", f"5{NBSP}%"),
    ("30 heures", f"30{NBSP}heures"),
    ("Bac +5 et bac + 3", f"Bac{NBSP}+5 et bac{NBSP}+3"),
    ("Bac+5", "Bac+5"),
    ("en 3e année, le 1er mai", f"en 3e{NBSP}année, le 1er{NBSP}mai"),
    ("attendez...", "attendez…"),
    ("un métier - presque - irréel", "un métier – presque – irréel"),
    ("l'IA", "l’IA"),
])
def test_french_rules(raw, expected):
    assert typeset(raw, "fr") == expected


@pytest.mark.parametrize("raw", [
    "https://example.org/a?b=c",
    "mailto:admissions@example.org",
    "admissions.lyon@example.org",
    "14:30",
    "www.example.org/page?x",
])
def test_urls_emails_and_times_are_left_alone(raw):
    assert typeset(raw, "fr") == raw


def test_url_followed_by_a_colon_still_gets_the_space():
    assert typeset("voir https://example.org : la page") == f"voir https://example.org{NBSP}: la page"


def test_context_from_the_previous_run():
    assert typeset(" : la suite", before="x") == f"{NBSP}: la suite"


def test_english_gets_no_french_spaces():
    assert typeset("Really? Yes: 5 %", "en") == "Really? Yes: 5 %"
    assert typeset("it's", "en") == "it’s"


def test_idempotent():
    once = typeset("« Oui » : 5 850 € ; Bac +5 ?")
    assert typeset(once) == once
