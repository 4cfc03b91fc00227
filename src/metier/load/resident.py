"""A workspace kept in memory between edits: ``--watch``, the studio and any long-lived caller.

Loading a large workspace from scratch means reading, parsing, validating and
checking every file, and hashing every layout file, although an edit touches
one. A :class:`ResidentWorkspace` is opened once and then told what changed
(:meth:`~ResidentWorkspace.update`), or finds it (:meth:`~ResidentWorkspace.refresh`),
or watches the folder (:meth:`~ResidentWorkspace.watch`). It re-reads and
re-validates only the files named, keeps every other file's parse and
validation (:class:`~metier.load.store.FileStore` in resident mode), and runs
the cross-file checks again, which are cheap and are what makes a change reach
what depends on it: a campus file changes that campus's outputs, a profile's
title the sheets that print it as a related job, ``metier.yaml`` everything.

After an update, :attr:`~ResidentWorkspace.workspace` is a new
:class:`~metier.load.workspace.Workspace` (the previous one is never changed,
so a render in progress on it stays consistent), :meth:`~ResidentWorkspace.outputs`
gives every planned output with its key, and :meth:`~ResidentWorkspace.stale`
those the build cache does not have: what is left to do is rendering them.
:meth:`~ResidentWorkspace.draft` validates a file's unsaved text in the
context of the whole workspace, and :meth:`~ResidentWorkspace.render` renders
one output with fonts, stylesheets and templates kept warm between calls,
without writing anything.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from metier.load.store import DraftStore, FileStore
from metier.load.workspace import Workspace, find_root, load_workspace

DATA_FOLDERS = ("profiles", "programmes", "campuses")


@dataclass
class Changes:
    """What one update did: the files it looked at again and the outputs whose key changed (or that came or went)."""

    files: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.files or self.outputs)


class ResidentWorkspace:
    """One workspace kept loaded, updated file by file (see the module docstring)."""

    def __init__(self, root: Path | str = ".", *, store: FileStore | None = None):
        self.root = find_root(root)
        self.store = store or FileStore.open(self.root)
        self.store.resident = True
        self._lock = threading.RLock()
        self._renderer = None  # (layout generation, the last Renderer): fonts, stylesheets, templates kept warm
        self._layouts = 0  # bumped when a file that is not data (a layout, a picture) changes
        self._keys: dict[str, tuple[str, tuple]] | None = None
        self.workspace: Workspace = self._load()
        self._output_keys()  # now, so that the next update knows what changed, layout files included

    # --- keeping up with the files -------------------------------------------

    def update(self, paths: Iterable[str]) -> Changes:
        """Take in that files *paths* (relative to the workspace, or absolute) changed, appeared or went.

        Returns what changed. Thread-safe; the new :attr:`workspace` replaces the old one.
        """
        names = {self._name(p) for p in paths}
        names.discard("")
        if not names:
            return Changes()
        with self._lock:
            before = self._output_keys()
            self.store.invalidate(names)
            if any(not _is_data(n) for n in names):
                self._layouts += 1
            self.workspace = self._load()
            after = self._output_keys()
            moved = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
            return Changes(names, moved)

    def refresh(self) -> Changes:
        """Find the files that changed since they were read (stamps, then digests) and :meth:`update` with them."""
        with self._lock:
            changed = self.store.changed_files()
            known = set(self.workspace.documents)
            for folder in DATA_FOLDERS:
                changed |= {p.relative_to(self.root).as_posix() for p in self.store.yaml_files(folder)} - known
            return self.update(changed)

    def watch(self, on_change: Callable[[Changes], object], *, stop: threading.Event | None = None) -> None:
        """Call *on_change* once, then after every batch of file changes (debounced), until *stop* is set.

        The folder is watched as ``metier build --watch`` watches it
        (:func:`metier.build.watch.watch`: ``out/``, hidden files and editor
        debris ignored). Ctrl-C ends the loop with ``KeyboardInterrupt``.
        """
        from metier.build.watch import watch

        watch(self.root, lambda paths: on_change(self.update(paths)), stop=stop)

    # --- what to build ---------------------------------------------------------

    def outputs(self, targets=None, campuses=None, profiles=None) -> list:
        """Every planned output of *targets* (default: all) with its key (``Output.key``) set.

        Each call gives new :class:`~metier.build.targets.Output` objects (the
        caller may change them); the keys of the whole workspace are computed
        once per update. Raises :class:`~metier.errors.DataError` as planning
        does (targets that collide).
        """
        from metier.build.targets import plan

        with self._lock:
            ws = self.workspace
            if ws.fatal:
                return []
            keyed = self._planned()
            outputs = plan(ws, targets, campuses=campuses, profiles=profiles)
            for output in outputs:
                output.key, output.inputs = keyed[output.path]
            return outputs

    def stale(self, targets=None, campuses=None, profiles=None, *, outputs=None) -> list:
        """The outputs of :meth:`outputs` that the build cache (``out/.cache``) does not hold as up to date.

        *outputs*, a list :meth:`outputs` just gave, is checked instead of
        planning again (a caller that shows both saves a plan of the workspace).
        """
        from metier.build.cache import BuildCache

        ws = self.workspace
        cache = BuildCache.load(self.root)
        strict = ws.project.strict if ws.project else False
        planned = outputs if outputs is not None else self.outputs(targets, campuses, profiles)
        return [o for o in planned
                if not cache.fresh(o, strict=strict, digest=lambda name: self.store.digest(self.root / name))]

    # --- drafts and renders ------------------------------------------------------

    def draft(self, path: str, text: str) -> Workspace:
        """The workspace as if file *path* (relative, e.g. ``profiles/ciso.yaml``) held *text*; nothing is written.

        Its ``issues`` are those of a load with that text, including the glyph
        check of the layouts in use; the resident workspace is left as it is.
        """
        from metier.text.glyphs import glyph_issues

        name = self._name(path)
        with self._lock:
            ws = load_workspace(self.root, search_parents=False, store=DraftStore(self.store, name, text))
        known = set(ws.issues)
        ws.issues.extend(i for i in glyph_issues(ws) if i not in known)
        return ws

    def render(self, output, workspace: Workspace | None = None):
        """Render *output* (from :meth:`outputs`) on the current workspace or a *workspace* from :meth:`draft`.

        Returns a :class:`~metier.build.worker.JobResult`: a copy of the
        output with its status, pages, warnings, budget and overflow, and the
        PDF bytes when built. Never raises for a render problem, never writes.
        Renders are serialised (one WeasyPrint at a time per process).
        """
        from metier.build.worker import Job, render_job

        with self._lock:
            renderer = self._renderer_for(workspace or self.workspace)
            return render_job(renderer, Job(copy.deepcopy(output)))

    # --- internals ---------------------------------------------------------------

    def _load(self) -> Workspace:
        self._keys = None
        return load_workspace(self.root, search_parents=False, store=self.store)

    def _planned(self) -> dict[str, tuple[str, tuple]]:
        """``path -> (key, inputs)`` of every output of the current workspace, computed once per update."""
        from metier.build.fingerprint import Fingerprints
        from metier.build.targets import plan

        if self._keys is None:
            prints = Fingerprints(self.workspace)
            self._keys = {}
            for output in plan(self.workspace):
                fingerprint = prints.of(output)
                self._keys[output.path] = (fingerprint.key, fingerprint.inputs)
        return self._keys

    def _output_keys(self) -> dict[str, str]:
        if self.workspace.fatal:
            return {}
        try:
            return {path: key for path, (key, _) in self._planned().items()}
        except Exception:  # noqa: BLE001 - a workspace that cannot be planned has no outputs
            return {}

    def _renderer_for(self, ws: Workspace):
        """A renderer for *ws*, sharing what the last one loaded while no layout file changed since."""
        from metier.build.worker import Renderer

        warm = self._renderer[1] if self._renderer is not None and self._renderer[0] == self._layouts else None
        if warm is not None and warm.ws is ws:
            return warm
        renderer = Renderer(ws, warm=warm)
        self._renderer = (self._layouts, renderer)
        return renderer

    def _name(self, path) -> str:
        path = Path(path)
        if path.is_absolute():
            try:
                return path.resolve().relative_to(self.root).as_posix()
            except ValueError:
                return path.as_posix()
        return PurePosixPath(path.as_posix()).as_posix().removeprefix("./")


def _is_data(name: str) -> bool:
    """Whether *name* is a data file the store parses (``metier.yaml``, a profile, programme or campus)."""
    parts = PurePosixPath(name).parts
    if parts == ("metier.yaml",):
        return True
    return len(parts) == 2 and parts[0] in DATA_FOLDERS and parts[1].endswith((".yaml", ".yml"))
