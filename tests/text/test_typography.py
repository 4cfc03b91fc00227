"""French typography: the spaces a French reader expects, and nothing done to URLs or codes.

Expected strings spell the special characters out: "\\u00a0" is a no-break
space (NBSP), "\\u202f" a narrow no-break space (NNBSP), "\\u00b7" the middle dot.
"""

import re
from pathlib import Path

import pytest

from metier.text.markdown import markdown
from metier.text.typography import NBSP, NNBSP, typeset

# Rule -> (before, after) pairs, in French.
FRENCH_RULES = {
    "colon": [
        ("Note: voir", "Note\u00a0: voir"),
        ("Niveau d'études : Bac+5", "Niveau d’études\u00a0: Bac+5"),
        ("Titre :", "Titre\u00a0:"),
        ("« Oui » : non", "«\u202fOui\u202f»\u00a0: non"),
        ("Code ROME : M1844", "Code ROME\u00a0: M1844"),
    ],
    "semicolon, exclamation and question marks": [
        ("Vraiment ? Oui ! Bon ; ok", "Vraiment\u202f? Oui\u202f! Bon\u202f; ok"),
        ("Vraiment?", "Vraiment\u202f?"),
        ("Quoi ?!", "Quoi\u202f?!"),
        ("Oui\u00a0!", "Oui\u202f!"),
    ],
    "guillemets": [
        ("« Pour comprendre »", "«\u202fPour comprendre\u202f»"),
        ("«Serré»", "«\u202fSerré\u202f»"),
        ("«\u00a0Insécable\u00a0»", "«\u202fInsécable\u202f»"),
        ('Il dit "bonjour" !', "Il dit «\u202fbonjour\u202f»\u202f!"),
        ('"Oui", dit-il.', "«\u202fOui\u202f», dit-il."),
        ("« Quoi ? »", "«\u202fQuoi\u202f?\u202f»"),
    ],
    "amounts and digit groups (existing spaces only)": [
        ("5 850 €", "5\u202f850\u00a0€"),
        ("3 100 euros et 16 150 €", "3\u202f100\u00a0euros et 16\u202f150\u00a0€"),
        ("16150 €", "16150\u00a0€"),
        ("1 200 000 €", "1\u202f200\u202f000\u00a0€"),
        ("5 850,50 €", "5\u202f850,50\u00a0€"),
        ("de 35 000 à 45 000 € par an", "de 35\u202f000 à 45\u202f000\u00a0€ par an"),
    ],
    "number and unit": [
        ("30 %", "30\u00a0%"),
        ("5 %", "5\u00a0%"),
        ("35 heures", "35\u00a0heures"),
        ("2 à 3 ans", "2 à 3\u00a0ans"),
        ("10 à 12 k€", "10 à 12\u00a0k€"),
        ("120 ECTS", "120\u00a0ECTS"),
    ],
    # Canonical form: the author's spacing is kept, every space made unbreakable.
    "Bac +n": [
        ("Bac +3", "Bac\u00a0+3"),
        ("bac + 2", "bac\u00a0+\u00a02"),
        ("BAC+ 5", "BAC+\u00a05"),
        ("Bac +5 et bac + 3", "Bac\u00a0+5 et bac\u00a0+\u00a03"),
    ],
    "ordinals": [
        ("en 3e année, le 1er mai", "en 3e\u00a0année, le 1er\u00a0mai"),
        ("2e année", "2e\u00a0année"),
        ("la 1re session", "la 1re\u00a0session"),
        ("XXIe siècle", "XXIe\u00a0siècle"),
    ],
    "initials": [
        ("Olivier P.", "Olivier\u00a0P."),
    ],
    "apostrophes": [
        ("l'informatique", "l’informatique"),
        ("aujourd'hui", "aujourd’hui"),
        ("qu'il", "qu’il"),
        ("l'IA", "l’IA"),
    ],
    "ellipsis": [
        ("attendez...", "attendez…"),
        ("[...]", "[…]"),
    ],
    "dashes": [
        ("un métier - presque - irréel", "un métier – presque – irréel"),
    ],
    "inclusive forms": [
        ("développeur.se", "développeur\u00b7se"),
        ("développeur.euse", "développeur\u00b7euse"),
        ("étudiant.e.s", "étudiant\u00b7e\u00b7s"),
        ("salarié-e-s", "salarié\u00b7e\u00b7s"),
        ("non-salarié-e", "non-salarié\u00b7e"),
        ("directeur.rice", "directeur\u00b7rice"),
        ("directeur.trice", "directeur\u00b7trice"),
        ("technicien.ne", "technicien\u00b7ne"),
        ("professionnel.le.s", "professionnel\u00b7le\u00b7s"),
        ("infirmier.ère", "infirmier\u00b7ère"),
    ],
    "URLs and e-mails inside prose": [
        ("voir https://example.org : la page", "voir https://example.org\u00a0: la page"),
        ("«https://example.org»", "«\u202fhttps://example.org\u202f»"),
        ("Écrire à admissions@example.org !", "Écrire à admissions@example.org\u202f!"),
        ("Lien : www.example.org/a:b.", "Lien\u00a0: www.example.org/a:b."),
    ],
}

FRENCH_CASES = [
    pytest.param(raw, expected, id=f"{rule}-{i}")
    for rule, pairs in FRENCH_RULES.items()
    for i, (raw, expected) in enumerate(pairs)
]

# Strings that must come out exactly as written, in French.
UNCHANGED = [
    # URLs, e-mails
    "https://example.org/a?b=c",
    "https://example.org/l'école...?x=1:y;z",
    "www.example.org/page?x",
    "www.example.org/a:b",
    "mailto:admissions@example.org",
    "admissions.lyon@example.org",
    # codes, times, ratios
    "M1844",
    "M2Z91",
    "ISO 27001",
    "ISO 27001:2022",
    "RGPD",
    "14:30",
    "24/7",
    "1:1",
    "M12 345",
    # spellings that are already right, or not ours to change
    "Bac+5",
    "1er",
    "1re",
    "3e",
    "16150",
    "en 2024 150 postes",
    "développeur\u00b7se",
    "dis-le",
    "fais-le",
    "peut-être",
    "e-mail",
    "c.-à-d.",
    "i.e.",
    "l’IA…",
    "ci-dessous",
]


@pytest.mark.parametrize("raw, expected", FRENCH_CASES)
def test_french_rules(raw, expected):
    assert typeset(raw, "fr") == expected


@pytest.mark.parametrize("raw", UNCHANGED)
def test_urls_emails_codes_and_times_are_left_alone(raw):
    assert typeset(raw, "fr") == raw


ENGLISH = [
    ("Note: it's 5 %", "Note: it’s 5 %"),
    ("Really? Yes: 5 %", "Really? Yes: 5 %"),
    ("it's", "it’s"),
    ("wait...", "wait…"),
    ("a job - almost - unreal", "a job – almost – unreal"),
    ("« Bac +5 » ; 5 850 €", "« Bac +5 » ; 5 850 €"),
    ("developer.se", "developer.se"),
]


@pytest.mark.parametrize("raw, expected", ENGLISH)
def test_english_gets_apostrophes_ellipses_and_dashes_only(raw, expected):
    assert typeset(raw, "en") == expected


def test_regional_french_is_french():
    assert typeset("Note: oui", "fr-CA") == "Note\u00a0: oui"


def test_context_from_the_previous_run():
    assert typeset(" : la suite", before="x") == f"{NBSP}: la suite"
    assert typeset("Oui", before="«") == f"{NNBSP}Oui"
    # A rule that would rewrite the previous run's character leaves it alone.
    assert typeset("..", before=".") == ".."


def test_markdown_code_stays_untouched():
    html = str(markdown("Le `l'IA : ok...` reste.\n\n```\nNote: 5 % ; \"x\"...\n```\n"))
    assert "<code>l'IA : ok...</code>" in html
    assert "Note: 5 % ; &quot;x&quot;...\n</code>" in html
    assert "reste.</p>" in html and NBSP not in html and NNBSP not in html


ALL_INPUTS = [raw for pairs in FRENCH_RULES.values() for raw, _ in pairs] + UNCHANGED


@pytest.mark.parametrize("language", ["fr", "en"])
def test_idempotent(language):
    inputs = ALL_INPUTS + [raw for raw, _ in ENGLISH] + ["« Oui » : 5 850 € ; Bac +5 ?"]
    for raw in inputs:
        once = typeset(raw, language)
        assert typeset(once, language) == once, raw


FONT = Path(__file__).resolve().parents[2] / "layouts" / "base" / "fonts" / "Inter-Regular.otf"
SAMPLE = ("l'informatique, d'investigation, aujourd'hui qu'il faut s'engager dans l'entreprise "
          "d'ingénieur jusqu'à l'intelligence ; développeur.se, salarié·e·s, directeur·rice, "
          "Bac + 2, Bac +3, Bac+5, 5 850 €, en 2e année, « Oui »")
UNBREAKABLE = ["Bac\u00a0+\u00a02", "Bac\u00a0+3", "Bac+5", "5\u202f850\u00a0€", "«\u202fOui\u202f»",
               "peur\u00b7se", "rié\u00b7e\u00b7s", "teur\u00b7rice"]


@pytest.mark.parametrize("limit_chars", ["auto", "7 3 3", "2 1 1"])
def test_weasyprint_never_breaks_what_typeset_protects(limit_chars):
    """Renders: typeset text in columns from 1 to 40 mm, the PDF's lines read back.

    No hyphen (and no line end) right after an apostrophe, none at a middle dot,
    and no break inside "Bac + 2", "5 850 €" or « Oui ». "7 3 3" is base.css's
    setting, "2 1 1" the most permissive one.
    """
    import pypdfium2 as pdfium
    from weasyprint import HTML

    widths = [1, 3, 5, 8, 12, 16, 20, 25, 30, 40]
    text = typeset(SAMPLE)
    paragraphs = "".join(f'<p style="width: {w}mm">{text}</p>' for w in widths)
    html = f"""<html lang="fr"><head><style>
      @font-face {{ font-family: Inter; src: url({FONT.as_uri()}); }}
      @page {{ size: 210mm 2000mm; margin: 5mm }}
      p {{ font-family: Inter; font-size: 9.4pt; margin: 0 0 5mm;
           hyphens: auto; hyphenate-limit-chars: {limit_chars}; }}
    </style></head><body>{paragraphs}</body></html>"""
    document = pdfium.PdfDocument(HTML(string=html).write_pdf())
    lines = [line for page in document for line in page.get_textpage().get_text_range().splitlines()]

    # The words after an apostrophe were hyphenated (the test is not vacuous)...
    assert any(re.fullmatch(r"[ld]’in‐", line) for line in lines) or limit_chars == "7 3 3"
    assert any(re.match(r"[ld]’\w+‐$", line) for line in lines)
    # ...but never right after it, and the middle dot never ends or starts a line.
    assert not [line for line in lines if re.search(r"['’]‐?$", line)]
    assert not [line for line in lines if re.search(r"·‐?$|^·", line)]
    for phrase in UNBREAKABLE:
        assert sum(phrase in line for line in lines) == len(widths), phrase
