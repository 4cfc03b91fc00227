"""What a workspace's files held when last read: stamps, digests, parsed YAML, memoised checks.

Loading a workspace of a thousand profiles mostly re-reads files that did not
change: parsing YAML with positions, hashing fonts and layout files, checking
every printed character against the fonts. A :class:`FileStore` remembers, for
each file, its stamp (modification time, size, inode), its SHA-256 and, for a
YAML file, the :class:`~metier.load.yamlfile.Document` it parsed to, and gives
them back while the file is unchanged:

* a file whose stamp is the recorded one is not read again; a stamp is only
  trusted when the file had not been modified in the :data:`RACY_NS` before it
  was read (an edit within the file system's timestamp granularity after the
  read would otherwise keep the same stamp, the "racy" case git knows too);
* a file whose stamp changed is read again and hashed; when its digest is the
  recorded one (a ``touch``, a checkout), its parse is kept;
* anything else is parsed again.

A store lives in memory for a resident workspace (:mod:`metier.load.resident`),
which is told what changed and then trusts every other record without even a
``stat``; a command in a fresh process opens the store a previous command saved
in ``out/.cache/files.json`` (:meth:`FileStore.open`, :meth:`FileStore.save`).
The saved file holds data only (JSON: stamps, digests, each YAML file's values
as text, memoised results), never code; a record of the wrong shape is ignored
and its file read again. Positions (``marks``) are not saved: a document taken
from the saved store parses its file again the first time a position is asked
for, which only an issue about that file needs.

Named results that depend only on content (the glyph check of one document
against one font set, the character map of one font file) are memoised under
a key that includes the digests they were computed from: :meth:`memo` and
:meth:`remember`.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from metier import __version__
from metier.digests import MISSING, bytes_digest
from metier.load.yamlfile import Document, YamlProblem, parse_yaml, read_yaml

STORE_FILE = "out/.cache/files.json"
"""Where a command saves the store for the next one, relative to the workspace."""
FORMAT = 1
RACY_NS = 2_000_000_000
"""A file modified this close to the moment it was read is hashed again next time, whatever its stamp."""
MAX_MEMO = 50_000
"""Memoised results kept at most (the oldest go first): a bound on the store's size."""

Stamp = tuple  # (mtime_ns, size, inode)


def stamp_of(path: Path) -> Stamp | None:
    """The stamp of *path*, or None when it cannot be read as a file."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class Record:
    """What one file held when it was last read."""

    stamp: Stamp | None
    digest: str
    read_ns: int
    """When it was read (nanoseconds since the epoch): decides whether its stamp can be trusted."""
    document: Document | None = None
    problem: YamlProblem | None = None

    def trusted(self, stamp: Stamp | None) -> bool:
        """Whether *stamp* proves the file is still what this record says."""
        return stamp is not None and stamp == self.stamp and stamp[0] + RACY_NS < self.read_ns


class FileStore:
    """Stamps, digests, parsed YAML documents and memoised checks of one workspace's files.

    Keys are paths as the workspace shows them (relative, ``/``-separated) for
    workspace files and absolute paths for others (built-in layouts).
    """

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        self.records: dict[str, Record] = {}
        self.memos: dict[str, object] = {}
        self.resident = False
        """In resident mode a record read or checked by this process is trusted without a ``stat``
        until :meth:`invalidate` names its file (see :mod:`metier.load.resident`)."""
        self.verified: set[str] = set()
        self.validated: dict[str, tuple] = {}
        """In memory only: ``file -> (digest, digest of what it was merged over, model, issues)``,
        so that a resident workspace validates again only the files that changed."""
        self.changed = False
        self.reads = 0
        """Files read from disk so far (for tests and benchmarks)."""

    # --- opening and saving ---------------------------------------------------

    @classmethod
    def open(cls, root: Path | str) -> "FileStore":
        """The store saved in ``out/.cache/files.json`` under *root*, or an empty one.

        An unreadable, foreign or damaged file gives an empty store: it is a
        convenience, never a source of truth.
        """
        store = cls(root)
        out = store.root / "out"
        if out.is_symlink() or (out.exists() and not out.resolve().is_relative_to(store.root)):
            return store  # refused by every build (see metier.build.writer.check_out_folder): never read through it
        try:
            data = json.loads((store.root / STORE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return store
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("metier") != __version__:
            return store
        for name, entry in (data.get("files") or {}).items():
            record = _record_from_json(store, name, entry)
            if record is not None:
                store.records[name] = record
        memos = data.get("memos")
        if isinstance(memos, dict):
            store.memos.update(memos)
        return store

    def save(self) -> None:
        """Write the store to ``out/.cache/files.json`` atomically, if anything changed.

        Raises :class:`OSError` when it cannot be written (the caller decides
        whether to say so: the store is only a convenience).
        """
        from metier.build.writer import write_atomic

        if not self.changed:
            return
        files = {}
        for name, record in sorted(self.records.items()):
            if record.stamp is None or record.problem is not None:
                continue
            entry = {"stamp": list(record.stamp), "digest": record.digest, "read_ns": record.read_ns}
            if record.document is not None:
                entry["data"] = record.document.data
            files[name] = entry
        data = {"format": FORMAT, "metier": __version__, "files": files, "memos": self.memos}
        write_atomic(self.root / STORE_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        self.changed = False

    # --- resident mode --------------------------------------------------------

    def invalidate(self, names) -> None:
        """Look at files *names* again next time they are asked for: they changed, were added or deleted.

        Their records stay, so a file saved with the same bytes keeps its parse.
        """
        for name in names:
            self.verified.discard(name)
            self.verified.discard(str(self.root / name))

    def changed_files(self) -> set[str]:
        """The recorded files whose stamp is no longer the recorded one (a scan of every record)."""
        found = set()
        for name, record in self.records.items():
            if stamp_of(self._path(name)) != record.stamp:
                found.add(name)
        return found

    # --- reading --------------------------------------------------------------

    def yaml_files(self, folder: str) -> list[Path]:
        """The YAML files of *folder* (``profiles``, ``programmes``, ``campuses``) of the workspace."""
        return sorted((self.root / folder).glob("*.yaml")) + sorted((self.root / folder).glob("*.yml"))

    def document(self, path: Path, display: str) -> Document:
        """The parsed YAML file at *path* (shown as *display*); raises :class:`YamlProblem` as
        :func:`~metier.load.yamlfile.read_yaml` does."""
        record, current = self._current(display, path)
        if current and record.problem is not None:
            raise record.problem
        if current and record.document is not None:
            return record.document
        try:
            raw, stamp, read_ns = self._read(path)
        except OSError:
            self.records.pop(display, None)
            return read_yaml(path, display)  # raises the located problem
        digest = bytes_digest(raw)
        if record is not None and record.digest == digest and record.document is not None:
            document = record.document  # the same bytes under a new stamp: the same parse
        else:
            try:
                document = parse_yaml(raw, display)
            except YamlProblem as problem:
                self._put(display, Record(stamp, digest, read_ns, problem=problem))
                raise
            document.digest = digest
        self._put(display, Record(stamp, digest, read_ns, document=document))
        return document

    def digest(self, path: Path) -> str:
        """The SHA-256 of the file at *path* (:data:`~metier.digests.MISSING` when unreadable), re-read only when changed."""
        name = self._name(path)
        record, current = self._current(name, path)
        if current:
            return record.digest
        try:
            raw, stamp, read_ns = self._read(path)
        except OSError:
            self.records.pop(name, None)
            return MISSING
        digest = bytes_digest(raw)
        self._put(name, Record(stamp, digest, read_ns))
        return digest

    def text(self, name: str) -> str | None:
        """The text of workspace file *name* as a reader of its lines should see it (None when unreadable)."""
        try:
            return (self.root / name).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError):
            return None

    def memo(self, key: str):
        """A memoised result (see :meth:`remember`), or None."""
        return self.memos.get(key)

    def remember(self, key: str, value) -> None:
        """Memoise *value* (JSON data) under *key*, which must name every digest it depends on."""
        if self.memos.get(key) != value:
            if len(self.memos) >= MAX_MEMO:
                del self.memos[next(iter(self.memos))]
            self.memos[key] = value
            self.changed = True

    # --- internals ------------------------------------------------------------

    def _current(self, name: str, path: Path) -> tuple[Record | None, bool]:
        """The record of *name* and whether it still describes the file without reading it."""
        record = self.records.get(name)
        if record is None:
            return None, False
        if self.resident and name in self.verified:
            return record, True
        trusted = record.trusted(stamp_of(path))
        if trusted:
            self.verified.add(name)
        return record, trusted

    def _read(self, path: Path) -> tuple[bytes, Stamp | None, int]:
        read_ns = time.time_ns()
        raw = Path(path).read_bytes()
        self.reads += 1
        return raw, stamp_of(path), read_ns

    def _put(self, name: str, record: Record) -> None:
        self.records[name] = record
        self.verified.add(name)
        self.changed = True

    def _name(self, path: Path) -> str:
        path = Path(path)
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _path(self, name: str) -> Path:
        return Path(name) if os.path.isabs(name) else self.root / name


class DraftStore(FileStore):
    """A store that reads one file's unsaved text instead of the file (a form being edited).

    It shares the records and memos of the store it is made from, without
    changing what that store says of the drafted file.
    """

    def __init__(self, base: FileStore, display: str, text: str):
        self.__dict__.update(base.__dict__)
        self.draft_name, self.raw = display, text.encode("utf-8")

    def document(self, path: Path, display: str) -> Document:
        """The drafted text parsed for its file; every other file as the base store has it."""
        if display != self.draft_name:
            return super().document(path, display)
        document = parse_yaml(self.raw, display)
        document.digest = bytes_digest(self.raw)
        return document

    def text(self, name: str) -> str | None:
        """The drafted text for its file (content rules read its comments); any other file from disk."""
        if name == self.draft_name:
            return self.raw.decode("utf-8-sig", errors="replace")
        return super().text(name)

    def yaml_files(self, folder: str) -> list[Path]:
        """The folder's files, with the drafted one even before it is first saved."""
        found = super().yaml_files(folder)
        draft = self.root / self.draft_name
        if draft.parent == self.root / folder and draft.suffix in (".yaml", ".yml") and draft not in found:
            found = sorted([*found, draft])
        return found

    def save(self) -> None:
        """Never saved: a draft is not what the files hold."""


class _SavedDocument(Document):
    """A document taken from a saved store: its positions are parsed from its file when first asked for."""

    def __init__(self, path: str, data, digest: str, source: Path):
        self.path, self.data, self.digest, self.source = path, data, digest, source

    def __getattr__(self, name):
        if name in ("marks", "key_marks"):
            try:
                parsed = read_yaml(self.source, self.path)
            except YamlProblem:
                parsed = Document(self.path, self.data)
            self.marks, self.key_marks = parsed.marks, parsed.key_marks
            return getattr(self, name)
        raise AttributeError(name)


def _record_from_json(store: FileStore, name: str, entry) -> Record | None:
    """A record read back from the saved store, or None when it does not have the expected shape."""
    if not isinstance(entry, dict) or not isinstance(entry.get("digest"), str):
        return None
    stamp, read_ns = entry.get("stamp"), entry.get("read_ns")
    if not (isinstance(stamp, list) and len(stamp) == 3 and all(type(s) is int for s in stamp)) \
            or type(read_ns) is not int:
        return None
    document = None
    if "data" in entry:
        if not _plain(entry["data"]):
            return None
        document = _SavedDocument(name, entry["data"], entry["digest"], store._path(name))
    return Record(tuple(stamp), entry["digest"], read_ns, document)


def _plain(value, depth: int = 0) -> bool:
    """Whether *value* is what the YAML reader makes: text, None, lists and text-keyed mappings."""
    if depth > 60:
        return False
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False
