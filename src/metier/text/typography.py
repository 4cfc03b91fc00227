"""French typography for text that reaches a page.

Rules (Lexique des règles typographiques en usage à l'Imprimerie nationale):

* a no-break space (U+00A0) before ``:``; a narrow no-break space (U+202F)
  before ``; ! ?`` and inside « »;
* no break inside amounts ("5 850 €"), between a number and its unit, in
  "Bac +5" and after ordinals ("1er", "3e année");
* typewriter apostrophes and quotes become ’ and « », three dots an ellipsis,
  a spaced hyphen an en dash;
* inclusive forms written with a period or a hyphen ("développeur.se",
  "salarié-e-s") get the middle dot ("développeur·se", "salarié·e·s").

Rules apply to prose only: :func:`typeset` leaves URLs, e-mail addresses and
times ("14:30") alone, and the Markdown renderer never passes code to it.
English text only gets apostrophes, ellipses and dashes.

Spaces are protected, never invented: "Bac+5" and "16150 €" keep the
author's spelling, and "bac + 2" keeps its two spaces, both made no-break
spaces. No digit grouping is added to a number written without one.

Line breaking itself is left to WeasyPrint (Pango for break opportunities,
Pyphen for hyphenation), which already gets the remaining rules right, as
tests/text/test_typography.py checks by rendering: the middle dot (Unicode
line-break class AI) and a period between letters are never break
opportunities, and a word is never hyphenated right after an apostrophe (Pango
ends a word at the apostrophe, so Pyphen only sees "informatique" in
"l’informatique"). No joiner is inserted: Inter, the bundled font, has no
WORD JOINER (U+2060), and a U+FEFF would give Pyphen a break point of its own.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
MIDDLE_DOT = "\u00b7"

_SPACES = "[ \u00a0\u202f]"
_UNITS = (r"(?:€|k€|K€|M€|\$|£|%|‰|°C|°|euros?|ans?|années?|mois|semaines?|jours?|heures?|h|min"
          r"|semestres?|trimestres?|ECTS|crédits|km|m|cm|mm|kg|Go|Mo|To|ko)")
# A URL with a scheme or "www.", or an e-mail address; a trailing ".,;:" or
# closing quote belongs to the sentence, not to the address.
_URLISH = re.compile(
    r"(?:(?:[a-z][a-z0-9+.-]*://|www\.)\S+|(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?<![.,;:»\"’'])"
    r"|\ue000",  # the placeholder itself, should a text ever contain it
    re.IGNORECASE,
)
# What the rules see in place of a URL: a character that is neither a letter
# nor a space (private use, never printed: every one is put back).
_PLACEHOLDER = "\ue000"

# Inclusive forms: suffix -> the endings of the masculine form that take it.
# Pairing them keeps "dis-le", "fais-le" or "google.se" as they are written;
# a bare domain that looks like an inclusive form ("amazon.es") would still
# get a middle dot: addresses in text need a scheme or "www.".
_E_STEMS = ("é", "t", "d", "u", "i", "s", "r", "n", "l", "f", "c", "g")
_INCLUSIVE_SUFFIXES = {
    **dict.fromkeys(("e", "es"), _E_STEMS),
    **dict.fromkeys(("se", "ses", "euse", "euses"), ("eur",)),
    **dict.fromkeys(("rice", "rices", "trice", "trices", "ice", "ices"), ("teur",)),
    **dict.fromkeys(("ne", "nes"), ("en", "on")),
    **dict.fromkeys(("le", "les"), ("el",)),
    **dict.fromkeys(("ère", "ères"), ("er",)),
    **dict.fromkeys(("ve", "ves", "fe", "fes"), ("f",)),
    **dict.fromkeys(("te", "tes"), ("et", "ot")),
}
_INCLUSIVE = re.compile(
    r"(?<![\w@/.·])([^\W\d_]{2,})([.·-])([a-zè]{1,6})(?:([.·-])(s))?(?![\w@/·]|[.-][^\W\d_])"
)

_COMMON = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<=\w)'(?=\w)|(?<=\w)'(?=\s|$)|(?<=\s)'(?=\w)|^'(?=\w)"), "’"),
    (re.compile(r"(?<=\S) - (?=\S)"), " – "),
]


def _inclusive(match: re.Match) -> str:
    """The middle-dot spelling of an inclusive form, or the match as written if it is not one."""
    stem, suffix = match.group(1), match.group(3)
    if not stem.endswith(_INCLUSIVE_SUFFIXES.get(suffix, ())):
        return match.group(0)
    plural = MIDDLE_DOT + "s" if match.group(5) else ""
    return stem + MIDDLE_DOT + suffix + plural


def _unbreakable(match: re.Match) -> str:
    """The match with each of its spaces made a no-break space."""
    return re.sub(_SPACES, NBSP, match.group(0))


def _grouped(match: re.Match) -> str:
    """A number written in digit groups, its spaces made narrow no-break spaces."""
    return re.sub(_SPACES, NNBSP, match.group(0))


_FRENCH = [
    # Typewriter double quotes become guillemets.
    (re.compile(r'(^|[\s(\[])"(?=\S)'), r"\1« "),
    (re.compile(r'(?<=\S)"(?=$|[\s.,;:!?)\]…])'), " »"),
    # Inside guillemets: a narrow no-break space.
    (re.compile(r"«" + _SPACES + r"*"), "«" + NNBSP),
    (re.compile(_SPACES + r"*»"), NNBSP + "»"),
    # Before the high punctuation.
    (re.compile(r"(?<=[^\s;:!?\u00a0\u202f])" + _SPACES + r"?:(?=\s|$|[»)\]])"), NBSP + ":"),
    (re.compile(r"(?<=[^\s;:!?\u00a0\u202f])" + _SPACES + r"?([;!?]+)(?=\s|$|[»)\]’\"])"), NNBSP + r"\1"),
    # Digit groups as written: "5 850", "16 150", "1 200 000" (not "2024 150").
    (re.compile(r"(?<![\w.,])\d{1,3}(?:" + _SPACES + r"\d{3})+(?![\d\w])"), _grouped),
    # A number and its unit: "16 150 €", "30 heures", "5 %".
    (re.compile(r"(?<=\d)" + _SPACES + r"(?=" + _UNITS + r"(?!\w))"), NBSP),
    # "Bac +5", "bac + 3", "Bac+5": the author's spacing, made unbreakable.
    (re.compile(r"\b[Bb](?:ac|AC)(?:" + _SPACES + r"*\+" + _SPACES + r"*)(?=\d)"), _unbreakable),
    # A name and its initial: "Olivier P.".
    (re.compile(r"(?<=\w)" + _SPACES + r"(?=[A-Z]\.(?:\s|$|,))"), NBSP),
    # Ordinals and the word they number: "1er mai", "3e année", "XXIe siècle".
    (re.compile(r"\b(1(?:er|re)s?|\d+(?:e|es|de|nde|ème)|[IVX]+(?:e|er|re))" + _SPACES + r"(?=\w)"), r"\1" + NBSP),
    # Inclusive forms: "développeur.se", "salarié-e-s" -> "développeur·se", "salarié·e·s".
    (_INCLUSIVE, _inclusive),
]


def typeset(text: str, language: str = "fr", *, before: str = "") -> str:
    """Return *text* with the typography of *language* applied.

    French ("fr", "fr-CA"...) gets every rule of this module; any other
    language only gets apostrophes, ellipses and dashes. URLs and e-mail
    addresses inside *text* are copied unchanged.

    *before* is the character printed just before *text* (the end of the
    previous run when bold or a link cuts a sentence), so that a colon at the
    start of a run still gets its space. It is context only: it is not part of
    the result.
    """
    if not text:
        return text
    french = language.replace("_", "-").split("-")[0].lower() == "fr"
    urls: list[str] = []

    def hide(match: re.Match) -> str:
        urls.append(match.group(0))
        return _PLACEHOLDER

    result = _apply_after(before, _URLISH.sub(hide, text), french)
    if not urls:
        return result
    restored = iter(urls)
    return re.sub(_PLACEHOLDER, lambda _: next(restored), result)


def _apply_after(prev: str, text: str, french: bool) -> str:
    """Typeset *text* as if it followed *prev*, which is left out of the result."""
    if prev:
        result = _apply(prev + text, french)
        if result.startswith(prev):
            return result[len(prev):]
    # No context, or a rule rewrote the context itself ("." + ".." -> "…"):
    # the run is typeset on its own rather than losing or repeating a character.
    return _apply(text, french)


def _apply(text: str, french: bool) -> str:
    """Run the common rules, then the French ones when *french*."""
    for pattern, repl in _COMMON:
        text = pattern.sub(repl, text)
    if french:
        for pattern, repl in _FRENCH:
            text = pattern.sub(repl, text)
    return text
