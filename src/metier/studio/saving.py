"""Writing a data file from the studio: which files it may write, conflicts, history.

The studio writes only the data files of the workspace (``metier.yaml``,
``profiles/<id>.yaml``, ``campuses/<id>.yaml``, ``programmes/<id>.yaml``) and
images under ``campuses/<id>/``; :func:`data_file` refuses any other path,
including one that leads out of the workspace through a symbolic link.
A save names the digest of the text the page was made from: when the file on
disk no longer has it, the save is refused with :class:`Conflict` (the page
then shows both versions). Writes are atomic and keep the replaced version
(:mod:`metier.studio.history`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from metier.build.writer import write_atomic
from metier.digests import bytes_digest
from metier.errors import MetierError
from metier.messages import msg
from metier.studio.history import History

DATA_FILE = re.compile(r"^(?:metier\.yaml|(?:profiles|campuses|programmes)/[a-z0-9]+(?:-[a-z0-9]+)*\.yaml)$")
KINDS = {"profiles": "profile", "campuses": "campus", "programmes": "programme"}


class BadPath(MetierError):
    """A path from the browser that is not a data file of the workspace."""


@dataclass
class Conflict(Exception):
    """The file changed on disk since the page read it: what it holds now."""

    name: str
    disk: str
    digest: str


def kind_of(name: str) -> str:
    """The kind of data file *name* is: profile, campus, programme or project."""
    return "project" if name == "metier.yaml" else KINDS[name.split("/")[0]]


def data_file(root: Path, name: str) -> Path:
    """The file of workspace *root* that *name* (from the browser) names, or :class:`BadPath`."""
    if not isinstance(name, str) or not DATA_FILE.match(name):
        raise BadPath(msg("studio_bad_path", path=str(name)[:80]))
    root = Path(root).resolve()
    path = root / name
    if path.is_symlink() or not path.resolve().is_relative_to(root) or path.parent.is_symlink():
        raise BadPath(msg("studio_bad_path", path=name))
    return path


def digest_of(text: str | bytes) -> str:
    """The digest the page keeps of the text it was made from."""
    return bytes_digest(text.encode("utf-8") if isinstance(text, str) else text)


def read_text(root: Path, name: str) -> str:
    """What data file *name* holds now ("" when it does not exist yet)."""
    path = data_file(root, name)
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return ""


def save(root: Path, name: str, text: str, opened: str) -> bool:
    """Write *text* into data file *name* if it still holds what the page read (digest *opened*).

    Returns False, writing nothing, when *text* is what the file holds already.
    Raises :class:`Conflict` when the file changed since; keeps the replaced
    version in the history.
    """
    path = data_file(root, name)
    current = path.read_bytes() if path.exists() else b""
    if digest_of(current) != opened:
        raise Conflict(name, current.decode("utf-8", errors="replace"), digest_of(current))
    new = text.encode("utf-8")
    if new == current:
        return False
    if path.exists():
        History(root).keep(name, current)
    write_atomic(path, new)
    return True
