"""Saving a data file from the studio: atomic, checked against the disk, its previous version kept for undo.

Every save first copies the version it replaces into
``out/.studio/history/<file path with / as __>/<time>.yaml``; :func:`undo`
puts the newest copy back (and drops it). A save names the digest of the text
the page was opened with: if the file on disk is no longer that text, the save
is refused with :class:`Conflict`, which carries the disk's text so that the
page can show both versions.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from metier.digests import bytes_digest
from metier.errors import MetierError
from metier.messages import msg

HISTORY = Path("out/.studio/history")


class Conflict(MetierError):
    """The file changed on disk since the page read it."""

    def __init__(self, path: str, disk: str):
        self.path, self.disk = path, disk
        super().__init__(msg("studio_conflict", path=path))


def digest(text: str) -> str:
    """The digest a page keeps of the text it opened."""
    return bytes_digest(text.encode("utf-8"))


def read(root: Path, path: str) -> str:
    """The text of data file *path* (relative to *root*), empty if it does not exist."""
    file = root / path
    return file.read_text("utf-8") if file.is_file() else ""


def save(root: Path, path: str, text: str, base: str | None) -> None:
    """Write *text* to *path* atomically, after keeping the current version; refuse if it is not *base* any more."""
    current = read(root, path)
    if base is not None and digest(current) != base:
        raise Conflict(path, current)
    if current:
        folder = _folder(root, path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"
        (folder / f"{stamp}.yaml").write_text(current, "utf-8")
    write_atomic(root / path, text)


def versions(root: Path, path: str) -> list[Path]:
    """The kept versions of *path*, oldest first."""
    folder = _folder(root, path)
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def undo(root: Path, path: str) -> str:
    """Put back the newest kept version of *path*; the time it was saved at. Raises :class:`MetierError` if none."""
    kept = versions(root, path)
    if not kept:
        raise MetierError(msg("studio_nothing_to_undo", path=path))
    last = kept[-1]
    write_atomic(root / path, last.read_text("utf-8"))
    last.unlink()
    return last.stem.split("-")[0].replace("T", " ")


def write_atomic(file: Path, text: str) -> None:
    """Write *text* to *file* through a temporary file in the same folder, then rename: never half-written."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=file.parent, prefix=".studio-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(name, file)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _folder(root: Path, path: str) -> Path:
    return root / HISTORY / path.replace("/", "__")
