"""Placeholders: the summary facts of a new or imported profile that are not facts yet.

A profile written by ``metier new profile``, ``metier import onisep`` or
``metier import rome`` must be valid before anyone has written it, so its
summary holds stand-in values: a study level of 0, ratings of ``fair``, a
salary of 0, the FAP code "not specified", each marked « À RÉDIGER » (in the
value, or in a comment on its line). ``metier check`` reports them (the
``to-be-written`` rule); a page must not print them as if they were true
("Niveau d'études : Bac", "Employabilité : Moyenne"). :func:`printed` gives the
profile as pages show it, with those facts left out, as a fact that is not
known is (a salary is set to 0, which the layouts read as not known).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metier.load.workspace import Workspace
    from metier.model.profile import Profile

TODO = re.compile(r"\bTODO\b|À RÉDIGER|A REDIGER|À ÉCRIRE|A ECRIRE", re.IGNORECASE)
"""What marks a text, or the comment of a line, as still to be written."""

FACTS = ("study_level", "recommended_bac", "employability", "mobility", "salary_starting", "salary_experienced",
         "rome", "fap")
"""The summary facts that may be placeholders."""

_SALARIES = {"salary_starting", "salary_experienced"}
_COMMENT = re.compile(r"(?:^|\s)#(?P<comment>.*)$")


def placeholder_facts(ws: Workspace, profile_id: str, profile: Profile) -> set[str]:
    """The names of the summary facts of *profile* (the valid profile *profile_id* of *ws*) that are placeholders:
    a value marked TODO or « À RÉDIGER », a value whose line has such a comment, or the FAP code "not specified"."""
    from metier.refdata import FAP_NOT_SPECIFIED

    summary = profile.summary
    found = {name for name in FACTS if TODO.search(_text(getattr(summary, name, None)))}
    if summary.fap is not None and summary.fap.code in FAP_NOT_SPECIFIED:
        found.add("fap")
    document = ws.documents.get(f"profiles/{profile_id}.yaml")
    text = _file_text(ws, document)
    if document is None or text is None or not TODO.search(text):
        return found  # the common case: a finished profile has no marker at all
    lines = text.splitlines()
    for name in FACTS:
        if name in found or getattr(summary, name, None) is None:
            continue
        line = document.locate(("summary", name))[0]
        if line and line <= len(lines) and todo_comment(lines[line - 1]):
            found.add(name)
    return found


def printed(ws: Workspace, profile_id: str, profile: Profile) -> Profile:
    """*profile* as pages print it: its placeholder summary facts (:func:`placeholder_facts`) set to None,
    which the layouts leave out. The profile itself is not changed."""
    names = placeholder_facts(ws, profile_id, profile)
    if not names:
        return profile
    update = dict.fromkeys(names)
    for name in _SALARIES & names:  # a salary of 0 is the layouts' "not known" (the chart needs its currency)
        update[name] = getattr(profile.summary, name).model_copy(update={"amount": 0})
    summary = profile.summary.model_copy(update=update)
    return profile.model_copy(update={"summary": summary})


def todo_comment(line: str) -> str | None:
    """The comment of a YAML *line* that carries a value and says it is still to be written, or None."""
    match = _COMMENT.search(line)
    if match and line.split("#", 1)[0].strip() and TODO.search(match.group("comment")):
        return match.group("comment").strip()
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " ".join(str(v) for v in getattr(value, "__dict__", {}).values() if isinstance(v, str))


def _file_text(ws: Workspace, document) -> str | None:
    """The text *document* was read from: through the workspace's store when it has one (a studio draft's
    unsaved text), else from disk (a worker's workspace carries no store)."""
    if document is None:
        return None
    from metier.load.store import FileStore

    store = ws.store if ws.store is not None else FileStore(ws.root)
    return store.text(document.path)
