"""The build cache in ``out/.cache/``: which outputs are up to date, and one build at a time.

For every output written, the cache keeps its key (see
:mod:`metier.build.fingerprint`), the workspace files its rendering named with
their SHA-256 (a picture a template shows), the size and modification time of
the file written, its page count and warnings. An output is up to date when its
key is unchanged, those files are unchanged, and its file is still the one
metier wrote: deleting or replacing an output rebuilds it. A failed output is forgotten, so the next build tries it
again (its previous good file stays in place).

The cache is a convenience, never a source of truth: a file that cannot be read
or does not have the expected shape is ignored (the build is a full one and
says so). Two builds of one workspace never run at once: :func:`build_lock`
holds a lock file next to the cache for the whole build; the second build waits.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from metier.build.targets import OUT, Output
from metier.build.writer import write_atomic

CACHE_DIR = f"{OUT}/.cache"
STATE_FILE = "state.json"
LOCK_FILE = "build.lock"
FORMAT = 2


class BuildCache:
    """The recorded state of the previous builds of a workspace."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.path = self.root / CACHE_DIR / STATE_FILE
        self.entries: dict[str, dict] = {}
        self.unreadable = False
        """True when a cache file existed but could not be used (the build is a full one)."""
        self.changed = False
        """True once an entry was recorded or forgotten: :meth:`save` has something to write."""

    @classmethod
    def load(cls, root: Path) -> "BuildCache":
        """The cache of the workspace at *root*, empty when missing or unreadable."""
        cache = cls(root)
        try:
            data = json.loads(cache.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cache
        except (OSError, ValueError):
            cache.unreadable = cache.changed = True
            return cache
        if not _well_formed(data):
            cache.unreadable = cache.changed = True
            return cache
        cache.entries = data["outputs"]
        return cache

    def fresh(self, output: Output, *, strict: bool = False, digest: Callable[[str], str] | None = None) -> bool:
        """Whether *output* is up to date: same key, and its file is the one this cache recorded.

        In strict mode an output recorded with warnings is not fresh: strict
        builds fail it, so it is built again and fails visibly. *digest* gives
        the SHA-256 of a workspace file, to check the files the output named.
        """
        entry = self.entries.get(output.path)
        if entry is None or entry["key"] != output.key or (strict and entry["warnings"]):
            return False
        if digest and any(digest(name) != sha for name, sha in entry["files"].items()):
            return False
        try:
            stat = (self.root / output.path).stat()
        except OSError:
            return False
        return stat.st_size == entry["size"] and stat.st_mtime_ns == entry["mtime_ns"]

    def recall(self, output: Output) -> None:
        """Set the page count and warnings of an up-to-date *output* from the cache."""
        entry = self.entries[output.path]
        output.pages, output.warnings, output.files = entry["pages"], list(entry["warnings"]), dict(entry["files"])
        output.budget, output.overflow = entry.get("budget"), entry.get("overflow")
        output.fitted = list(entry.get("fitted") or ())

    def record(self, output: Output) -> None:
        """Remember *output*, just written, as up to date."""
        stat = (self.root / output.path).stat()
        self.entries[output.path] = {
            "key": output.key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "pages": output.pages, "warnings": list(output.warnings), "files": dict(sorted(output.files.items())),
            **({"budget": output.budget, "overflow": output.overflow, "fitted": list(output.fitted)}
               if output.budget else {}),
        }
        self.changed = True

    def forget(self, output: Output) -> None:
        """Drop *output* (it failed): the next build tries it again."""
        if self.entries.pop(output.path, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically (a crash leaves the previous cache or the new one), if it changed."""
        if not self.changed:
            return
        data = {"format": FORMAT, "outputs": dict(sorted(self.entries.items()))}
        write_atomic(self.path, json.dumps(data, indent=1, ensure_ascii=False).encode())


def _well_formed(data) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("outputs"), dict):
        return False
    fields = {"key": str, "size": int, "mtime_ns": int, "pages": int, "warnings": list, "files": dict}
    return all(isinstance(entry, dict) and all(isinstance(entry.get(k), t) for k, t in fields.items())
               for entry in data["outputs"].values())


@contextmanager
def build_lock(root: Path, on_wait: Callable[[], None] | None = None):
    """Hold the workspace's build lock; call *on_wait* first if another build holds it, then wait."""
    folder = Path(root) / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
