"""The catalogue of user-facing messages.

Every sentence metier says to a user comes from ``locale/<lang>/messages.yaml``
so that a translation is a data file, not a code change. Messages are
``str.format`` templates; :func:`msg` fills them in.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

LANGUAGE = "en"


@lru_cache(maxsize=None)
def _catalogue(language: str) -> dict[str, str]:
    text = resources.files("metier").joinpath(f"locale/{language}/messages.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def msg(key: str, /, **values) -> str:
    """Return the message *key* of the catalogue, filled in with *values*."""
    return _catalogue(LANGUAGE)[key].format(**values)


def quote(value) -> str:
    """Show a user's value inside a message: quoted, shortened, one line."""
    text = str(value).replace("\n", " ")
    if len(text) > 40:
        text = text[:37] + "..."
    return f'"{text}"'
