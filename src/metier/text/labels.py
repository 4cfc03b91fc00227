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


def label(language: str, key: str, overrides: dict | None = None, **values) -> str:
    """The label *key* (dotted for nested ones, e.g. ``rating.good``), filled in.

    *overrides* (a campus's ``labels``) replace catalogue entries by key.
    """
    if overrides and key in overrides:
        return overrides[key].format(**values) if values else overrides[key]
    node = labels(language)
    for part in key.split("."):
        node = node[part]
    return node.format(**values) if values else node


def label_keys(language: str) -> set[str]:
    """Every label key of *language*, nested ones dotted (``rating.good``)."""
    keys = set()
    for key, value in labels(language).items():
        if isinstance(value, dict):
            keys.update(f"{key}.{sub}" for sub in value)
        else:
            keys.add(key)
    return keys


def plural(language: str, key: str, n, overrides: dict | None = None) -> str:
    """A ``"singular|plural"`` label chosen for the number *n* (French: 0 and 1 are singular)."""
    one, _, many = label(language, key, overrides).partition("|")
    many = many or one
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
