"""Job titles written with both forms, as ONISEP and ROME publish them ("Expert / Experte réseau")."""

from __future__ import annotations

import re

__all__ = ["capital", "split_title"]


def capital(text: str) -> str:
    """*text* with its first letter in upper case, the rest as written."""
    return text[:1].upper() + text[1:]


def split_title(name: str) -> tuple[str, str | None]:
    """The masculine (or epicene) title and the feminine one of a name written with both forms, capitalised.

    ONISEP and ROME write the two forms around `` / ``, the words they share
    once: ``chef / cheffe de rayon`` is "Chef de rayon" and "Cheffe de rayon";
    ``journaliste sportif / sportive`` is "Journaliste sportif" and
    "Journaliste sportive". The feminine form is ``None`` when there is none.
    """
    name = " ".join(name.split())
    parts = re.split(r"\s+/\s+", name)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return capital(name), None
    left, right = parts[0].split(), parts[1].split()
    if len(right) >= len(left):  # "chef / cheffe de rayon": the words after the feminine form are shared
        tail = right[len(left):]
        masculine, feminine = left + tail, right
    else:  # "journaliste sportif / sportive": the words before the masculine form are shared
        masculine, feminine = left, left[:len(left) - len(right)] + right
    masculine_text, feminine_text = capital(" ".join(masculine)), capital(" ".join(feminine))
    return masculine_text, (feminine_text if feminine_text != masculine_text else None)
