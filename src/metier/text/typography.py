"""French typography for text that reaches a page.

Rules (Lexique des règles typographiques en usage à l'Imprimerie nationale):

* a no-break space (U+00A0) before ``:``; a narrow no-break space (U+202F)
  before ``; ! ?`` and inside « »;
* no break inside amounts ("5 850 €"), between a number and its unit, in
  "Bac +5" and after ordinals ("1er", "3e année");
* typewriter apostrophes and quotes become ’ and « », three dots an ellipsis,
  a spaced hyphen an en dash.

Rules apply to prose only: :func:`typeset` leaves URLs, e-mail addresses and
times ("14:30") alone, and the Markdown renderer never passes code to it.
English text only gets apostrophes, ellipses and dashes.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_SPACES = "[ \u00a0\u202f]"
_UNITS = r"(?:€|%|‰|°C|k€|M€|euros?|ans?|années?|mois|semaines?|jours?|heures?|h|min|km|m|cm|mm|Go|Mo|To|ko)"
_URLISH = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[^\s@]+@[^\s@]+\.\w+", re.IGNORECASE)

_COMMON = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<=\w)'(?=\w)|(?<=\w)'(?=\s|$)|(?<=\s)'(?=\w)|^'(?=\w)"), "’"),
    (re.compile(r"(?<=\S) - (?=\S)"), " – "),
]

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
    # Digit groups and units: "16 150 €", "30 heures", "5 %".
    (re.compile(r"(?<=\d)" + _SPACES + r"(?=\d{3}(?!\d))"), NNBSP),
    (re.compile(r"(?<=\d)" + _SPACES + r"(?=" + _UNITS + r"(?![\w]))"), NBSP),
    # "Bac +5", "bac + 3", "Bac+5": never split.
    (re.compile(r"\b([Bb]ac)" + _SPACES + r"+\+" + _SPACES + r"*(\d)"), r"\1" + NBSP + r"+\2"),
    # A name and its initial: "Olivier P.".
    (re.compile(r"(?<=\w)" + _SPACES + r"(?=[A-Z]\.(?:\s|$|,))"), NBSP),
    # Ordinals: "1er", "2e", "3e année", "XXIe siècle".
    (re.compile(r"\b(1(?:er|re)|\d+e|[IVX]+e)" + _SPACES + r"(?=\w)"), r"\1" + NBSP),
]


def typeset(text: str, language: str = "fr", *, before: str = "") -> str:
    """Return *text* with the typography of *language* applied.

    *before* is the character printed just before *text* (the end of the
    previous run when bold or a link cuts a sentence), so that a colon at the
    start of a run still gets its space.
    """
    if not text:
        return text
    out = []
    for is_url, part in _split_urls(before + text):
        if is_url:
            out.append(part)
        else:  # the last character before the run gives rules their context
            prev = out[-1][-1:] if out else ""
            out.append(_apply(prev + part, language)[len(prev):])
    result = "".join(out)
    return result[len(before):] if before and result.startswith(before) else result


def _split_urls(text: str):
    pos = 0
    for match in _URLISH.finditer(text):
        if match.start() > pos:
            yield False, text[pos:match.start()]
        yield True, match.group(0)
        pos = match.end()
    if pos < len(text):
        yield False, text[pos:]


def _apply(text: str, language: str) -> str:
    for pattern, repl in _COMMON:
        text = pattern.sub(repl, text)
    if language == "fr":
        for pattern, repl in _FRENCH:
            text = pattern.sub(repl, text)
    return text
