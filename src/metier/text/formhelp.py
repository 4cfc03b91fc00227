"""The form help catalogue: what each field of a data file is called and what to write in it, for the studio's forms.

One YAML file per language (``locale/<lang>/help.yaml``), beside the label
catalogue (:mod:`metier.text.labels`), written for the people who fill the
forms rather than for programmers. An entry is ``path: {label, help}``; the
path is the field's place in its file with list positions left out
(``summary.salary_starting.amount``). A kind's section (``profile``,
``campus``, ``programme``, ``project``) is looked up first, then ``common``
by the end of the path (``amount``, ``events.date``). A language without a
catalogue, or a field without an entry, has no text here: the JSON Schema's
title and description are then the field's name and help.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict:
    """The form help catalogue of *language*, empty when the language has none."""
    file = resources.files("metier").joinpath(f"locale/{language}/help.yaml")
    if not file.is_file():
        return {}
    data = yaml.safe_load(file.read_text("utf-8")) or {}
    return data if isinstance(data, dict) else {}


def field_text(language: str, kind: str, path) -> dict:
    """The ``label`` and ``help`` of the field at *path* (a tuple or dotted string) of a *kind* file; ``{}`` if none.

    List positions in *path* (integers, ``__index__``) are left out.
    """
    parts = path.split(".") if isinstance(path, str) else [str(p) for p in path]
    parts = [p for p in parts if p and not p.isdigit() and p != "__index__"]
    found = catalogue(language)
    entry = (found.get(kind) or {}).get(".".join(parts))
    if entry is None:
        common = found.get("common") or {}
        entry = next((common[".".join(parts[i:])] for i in range(len(parts)) if ".".join(parts[i:]) in common), None)
    return dict(entry) if isinstance(entry, dict) else {}
