"""The label catalogue: every word the layouts print that does not come from the data.

One YAML file per language (``locale/<lang>/labels.yaml``). Ratings, periods and
pay bases are stored as closed-list ids in the data; their printed words live
here, so an English edition needs no data change.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

LANGUAGES = ("fr", "en")


@lru_cache(maxsize=None)
def labels(language: str) -> dict:
    """The label catalogue of *language* (``"fr"`` or ``"en"``)."""
    text = resources.files("metier").joinpath(f"locale/{language}/labels.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def label(language: str, key: str, **values) -> str:
    """The label *key* (dotted for nested ones, e.g. ``rating.good``), filled in."""
    node = labels(language)
    for part in key.split("."):
        node = node[part]
    return node.format(**values) if values else node


def plural(language: str, key: str, n) -> str:
    """A ``"singular|plural"`` label chosen for the number *n* (French: 0 and 1 are singular)."""
    one, many = label(language, key).split("|")
    return (one if abs(float(n)) < 2 else many).format(n=_number(n))


def _number(n) -> str:
    return str(int(n)) if float(n).is_integer() else str(n).replace(".", ",")


def rating_from_label(text: str) -> str | None:
    """The rating id whose printed label (in any language) is *text*, for hints."""
    wanted = text.strip().casefold()
    for language in LANGUAGES:
        for key, word in labels(language)["rating"].items():
            if word.casefold() == wanted:
                return key
    return None
