"""What a profile took from ROME, recorded so that a later referential's changes can be found and applied.

A profile written from ROME (:mod:`metier.importers.rome`) carries one
comment line naming the code and release and, for each field it filled from
the referential, a short digest of the value it wrote::

    # metier-rome: M1802 4.60 introduction=1f2e3d4c5b job=... summary.rome.label=...

:func:`changes` compares three things per field: the digest written then, the
value in the file now (has the user edited it?) and the value the current
referential gives (has the referential changed it?). ``metier check`` reports
referential changes (rule ``rome-changed``); ``metier import rome --update``
shows them and applies those to fields the user has not edited
(:func:`apply`), leaving what the user wrote alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import yaml

__all__ = ["TRACKED", "Change", "Record", "apply", "changes", "read_record", "record_line", "value_at"]

TRACKED = (
    ("introduction",), ("job",), ("missions",), ("skills",), ("studies",), ("sectors",), ("salary",), ("career",),
    ("extra_sections",), ("summary", "rome", "label"), ("summary", "fap"), ("summary", "salary_reference"),
)
"""The fields a profile takes from the referential (related jobs also depend on the workspace: not tracked)."""

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML has it: ``metier check`` reads every profile written from ROME."""


def _load(text: str):
    return yaml.load(text, Loader=_LOADER) or {}


_LINE = re.compile(r"^# metier-rome: (?P<code>[A-N]\d{4}) (?P<version>\S+)(?P<fields>(?: [\w.]+=[0-9a-f]+)*)[ \t]*$",
                   re.MULTILINE)


@dataclass(frozen=True)
class Record:
    """The ``metier-rome`` line of a profile: its code, the ROME release, ``{field: digest}``."""

    code: str
    version: str
    digests: dict


@dataclass(frozen=True)
class Change:
    """A tracked field the current referential writes differently than when the profile was written."""

    path: tuple
    now: object
    """The value in the file now."""
    new: object
    """The value the current referential gives."""
    edited: bool
    """Whether the user changed the field since it was written (then it is never replaced)."""

    @property
    def field(self) -> str:
        """The dotted field name (``summary.rome.label``)."""
        return ".".join(self.path)


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:10]


def value_at(data, path: tuple):
    """The value at *path* of the loaded YAML *data*, or ``None``."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def record_line(text: str, code: str, version: str) -> str:
    """The ``metier-rome`` line for the profile *text* (written from ROME *code* of release *version*)."""
    data = _load(text)
    fields = " ".join(f"{'.'.join(path)}={_digest(value_at(data, path))}" for path in TRACKED
                      if value_at(data, path) is not None)
    return f"# metier-rome: {code} {version} {fields}"


def read_record(text: str) -> Record | None:
    """The :class:`Record` of the profile *text*, or ``None`` when it has no ``metier-rome`` line."""
    match = _LINE.search(text)
    if match is None:
        return None
    digests = dict(item.split("=", 1) for item in match.group("fields").split())
    return Record(match.group("code"), match.group("version"), digests)


def changes(text: str, fresh_text: str) -> list[Change]:
    """The tracked fields of the profile *text* whose value in *fresh_text* (what the current referential
    writes) differs from the one recorded when *text* was written; ``[]`` without a record."""
    record = read_record(text)
    if record is None:
        return []
    try:
        now = _load(text)
    except yaml.YAMLError:
        return []
    fresh = _load(fresh_text)
    found = []
    for path in TRACKED:
        recorded = record.digests.get(".".join(path))
        new = value_at(fresh, path)
        if recorded is None or new is None or _digest(new) == recorded:
            continue
        current = value_at(now, path)
        found.append(Change(path, current, new, edited=current is None or _digest(current) != recorded))
    return found


def apply(text: str, found: list[Change], code: str, version: str) -> str:
    """*text* with each unedited change of *found* applied, and its record renewed for those fields.

    Edited fields keep the user's value and their old digest, so that they
    are reported again, never replaced.
    """
    from metier.studio.edit import patch

    todo = {change.path: change.new for change in found if not change.edited}
    if not todo:
        return text
    patched = patch(text, todo)
    record = read_record(text)
    digests = dict(record.digests)
    for path, value in todo.items():
        digests[".".join(path)] = _digest(value)
    line = f"# metier-rome: {code} {version} " + " ".join(f"{k}={v}" for k, v in digests.items())
    return _LINE.sub(lambda _: line, patched, count=1)
