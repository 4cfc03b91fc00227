"""Profile ids made from job titles ("Chef de rayon" -> ``chef-de-rayon``), and titles compared loosely."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SLUG_LENGTH", "fold", "slug"]

SLUG_LENGTH = 70
"""Slugs are cut to this length (at a word) so that a ``-<number>`` suffix keeps ids within 80 characters."""


def fold(text: str) -> str:
    """*text* compared loosely: no case, no accents, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


def slug(title: str) -> str:
    """A profile id made from *title*: ASCII, lowercase, words joined by ``-`` ("Chef de rayon" -> ``chef-de-rayon``)."""
    text = title.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae").replace("ß", "ss")
    text = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(text) > SLUG_LENGTH:
        text = text[:SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in text[:SLUG_LENGTH + 1] else text[:SLUG_LENGTH]
    return text or "metier"
