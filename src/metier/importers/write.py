"""Writing an imported profile without ever losing what a user wrote.

:func:`write_profile` decides from the file already there (see
:mod:`metier.importers.stamp`): none, write it (``written``); the same text
(``unchanged``); the import's own text, unedited since, rewrite it
(``updated``: the referential or metier changed what it writes); a text
someone edited (``edited``) or that no import stamped (``exists``), keep it
(``skipped``) unless *force* (``overwritten``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from metier.importers.stamp import EDITED, UNEDITED, state

__all__ = ["Written", "write_profile"]


@dataclass(frozen=True)
class Written:
    """What :func:`write_profile` did: ``status`` and, for a profile kept, ``reason`` (``edited`` or ``exists``)."""

    profile_id: str
    file: str
    status: str
    reason: str = ""
    label: str = ""
    """What the profile was written from (a ROME code, an ONISEP id), for messages."""


def write_profile(root: Path, profile_id: str, text: str, *, force: bool = False, label: str = "") -> Written:
    """Write *text* as ``profiles/<profile_id>.yaml`` (or its ``.yml``) under *root*, atomically, unless kept."""
    from metier.build.writer import write_atomic

    folder = Path(root) / "profiles"
    path = next((p for p in (folder / f"{profile_id}.yaml", folder / f"{profile_id}.yml") if p.exists()),
                folder / f"{profile_id}.yaml")
    data = text.encode("utf-8")
    done = Written(profile_id, f"profiles/{path.name}", "written", label=label)
    if path.exists():
        try:
            old = path.read_bytes()
            current = state(old.decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            old, current = b"", EDITED
        if old == data:
            return Written(done.profile_id, done.file, "unchanged", label=label)
        if force:
            done = Written(done.profile_id, done.file, "overwritten", label=label)
        elif current == UNEDITED:
            done = Written(done.profile_id, done.file, "updated", label=label)
        else:
            return Written(done.profile_id, done.file, "skipped", "edited" if current == EDITED else "exists",
                           label=label)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return done
