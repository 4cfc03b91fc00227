"""Writing outputs atomically: a reader sees the old file or the new one, never half of one.

Bytes go to a temporary file in the same folder, are flushed to disk, then
renamed over the target (``os.replace`` is atomic on POSIX and Windows). If
anything fails, the temporary file is removed and the previous output stays.
A writer also refuses to write the same path twice in one build: two outputs
colliding is a configuration mistake that must not pass silently.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from metier.errors import MetierError
from metier.messages import msg


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* atomically (see the module docstring)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def check_out_folder(root: Path) -> None:
    """Refuse to build when ``out/`` is a symbolic link: every output, the cache and the report would go elsewhere."""
    out = Path(root) / "out"
    if out.is_symlink() or (out.exists() and not out.resolve().is_relative_to(Path(root).resolve())):
        raise MetierError(msg("out_is_a_link"))


def remove_stale_parts(folder: Path) -> list[Path]:
    """Delete the temporary files a killed build left under *folder* (call it holding the build lock)."""
    removed = []
    for part in Path(folder).rglob(".*.part"):
        try:
            part.unlink()
            removed.append(part)
        except OSError:
            pass  # a read-only out/: the next build that can write removes it
    return removed


class Writer:
    """Writes a build's outputs, each path at most once."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.written: set[Path] = set()

    def claim(self, relative: str) -> Path:
        """Reserve *relative* (under the workspace's ``out/``) for one output; refuse a second claim, or a path
        that a symbolic link under ``out/`` leads elsewhere."""
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root.resolve() / "out"):
            raise MetierError(msg("output_link_outside", path=relative))
        if path in self.written:
            raise MetierError(msg("output_twice", path=relative))
        self.written.add(path)
        return path

    def write(self, relative: str, data: bytes) -> Path:
        """Write *data* to *relative* atomically and return the full path."""
        path = self.root / relative
        write_atomic(path, data)
        return path
