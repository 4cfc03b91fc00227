"""``metier build``: every output of the workspace's targets, rebuilding only what changed.

The workspace is loaded and validated once. Every planned output gets a key
(:mod:`metier.build.fingerprint`); the outputs whose key and file match the
cache (:mod:`metier.build.cache`) are up to date and skipped, the others are
rendered by an executor (:mod:`metier.build.pool`: this process, ``-j N``
worker processes, or a Dask cluster) and written atomically here, one by one,
as they complete. Flyer sheets come last and reuse the flyers just built.

Characters of the data that the layouts' fonts lack (:mod:`metier.text.glyphs`)
are input issues too, found once per build for the layouts and campuses of
the planned outputs.

Invalid profiles are skipped (their issues are in the result); an output that
fails to render is reported with its reason and leaves its previous PDF in
place; every other output is still built. The whole build holds the
workspace's build lock, and ends by writing ``out/build-report.json``. The
library reports progress through callbacks and never prints.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from metier.build.cache import CACHE_DIR, STATE_FILE, BuildCache, build_lock
from metier.build.targets import OUT, Output, plan, targets
from metier.build.writer import Writer, check_out_folder, remove_stale_parts
from metier.errors import Advisory, Issue, MetierError
from metier.load.store import STORE_FILE, FileStore
from metier.load.workspace import Workspace, load_workspace
from metier.messages import msg

__all__ = ["BuildResult", "Output", "build"]


@dataclass
class BuildResult:
    """What a build did: its outputs, the input issues it skipped over, its time and notices."""

    outputs: list[Output]
    issues: list[Issue]
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)
    """Things the user should know that are not about one output (an unreadable cache)."""
    harfbuzz_missing: bool = False

    def _with(self, status: str) -> list[Output]:
        return [o for o in self.outputs if o.status == status]

    @property
    def failed(self) -> list[Output]:
        """Outputs that could not be built."""
        return self._with("failed")

    @property
    def built(self) -> list[Output]:
        """Outputs written by this build."""
        return self._with("built")

    @property
    def up_to_date(self) -> list[Output]:
        """Outputs skipped because nothing they depend on changed."""
        return self._with("up to date")

    @property
    def warnings(self) -> int:
        """Number of warnings over all outputs."""
        return sum(len(o.warnings) for o in self.outputs)


def build(
    workspace: Workspace | Path | str = ".",
    *,
    targets_: list[str] | None = None,
    profiles=None,
    campuses=None,
    strict: bool | None = None,
    force: bool = False,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[Output], None] | None = None,
    on_start: Callable[[list[Output]], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    isolated: bool = False,
) -> BuildResult:
    """Build the outputs of *targets_* (default: every target) and return a :class:`BuildResult`.

    *force* rebuilds up-to-date outputs too; *jobs* is the number of worker
    processes; *scheduler* the address of a Dask scheduler. *on_start* gets
    the outputs that will be rendered, *progress* each one when done, and
    *on_wait* is called if another build of the workspace holds the lock.
    *isolated* renders in worker processes even for one job, never in this
    process: for a caller that renders in other threads meanwhile (the
    studio's previews), since WeasyPrint is not made to run in two threads at once.

    Raises :class:`~metier.errors.DataError` only when nothing can be built
    (``metier.yaml`` or the targets are invalid); other input issues are
    returned in the result.
    """
    from metier.build.fingerprint import Fingerprints
    from metier.build.report import REPORT, write_report

    if jobs < 1:
        raise MetierError(msg("bad_jobs", value=jobs))
    started = time.perf_counter()
    if not isinstance(workspace, Workspace):
        from metier.load.workspace import find_root

        root = find_root(workspace)
        workspace = load_workspace(root, store=FileStore.open(root))
    ws = workspace
    if ws.fatal:
        ws.check()
    strict = ws.project.strict if strict is None else strict
    for pid in profiles or ():
        ws.profile(pid)
    for cid in campuses or ():
        ws.campus(cid)
    outputs = plan(ws, targets_, campuses=campuses, profiles=profiles)
    _add_glyph_issues(ws, outputs)
    result = BuildResult(outputs, list(ws.issues))
    check_out_folder(ws.root)
    with build_lock(ws.root, on_wait):
        remove_stale_parts(ws.root / OUT)  # left by a build killed while writing: never a result
        cache = BuildCache.load(ws.root)
        if cache.unreadable:
            result.notices.append(msg("cache_unreadable", path=f"{CACHE_DIR}/{STATE_FILE}"))
        prints = Fingerprints(ws)
        todo = []
        for output in outputs:
            fingerprint = prints.of(output)
            output.key, output.inputs = fingerprint.key, fingerprint.inputs
            if not force and cache.fresh(output, strict=strict, digest=prints.digest):
                output.status = "up to date"
                cache.recall(output)
            else:
                todo.append(output)
        if on_start:
            on_start(todo)
        try:
            _render(ws, todo, cache, result, strict=strict, jobs=jobs, scheduler=scheduler, progress=progress,
                    isolated=isolated)
        finally:
            result.seconds = time.perf_counter() - started
            settings = {"jobs": jobs, "force": force, "strict": strict, "scheduler": scheduler,
                        "targets": targets_ or "all"}
            saves = [(f"{CACHE_DIR}/{STATE_FILE}", cache.save),
                     (REPORT, lambda: write_report(ws.root, result, settings=settings))]
            if ws.store is not None:
                saves.append((STORE_FILE, ws.store.save))
            for path, save in saves:
                try:
                    save()
                except OSError as exc:  # a full disk or a read-only out/: the outputs are still right
                    result.notices.append(msg("write_failed", path=path, reason=exc.strerror or exc))
    return result


def _add_glyph_issues(ws: Workspace, outputs: list[Output]) -> None:
    """Add to ``ws.issues`` the glyph problems of the layouts and campuses *outputs* are rendered with.

    Once per build, not per output. They join the workspace's issues (each
    once, however often the workspace is built) so that whoever reports those
    reports them too.
    """
    from metier.text.glyphs import glyph_issues

    all_targets = targets(ws)
    layouts: dict[str, set[str]] = {}
    for output in outputs:
        name = all_targets[output.target].layout_name(ws.project.sheet_layout)
        layouts.setdefault(name, set()).add(output.campus)
    known = set(ws.issues)
    ws.issues.extend(i for i in glyph_issues(ws, layouts) if i not in known)


def _render(ws, todo, cache, result, *, strict, jobs, scheduler, progress, isolated=False) -> None:
    """Render *todo* with the right executor, writing each output as it completes."""
    from metier.build.pool import make_executor
    from metier.build.worker import Job, paired

    if not todo:
        return
    finish = _Finisher(ws.root, cache, result, strict, progress)
    sheets = [o for o in todo if o.kind == "flyer-sheet"]
    executor = make_executor(ws, jobs, len(todo) - len(sheets) or len(sheets), scheduler, isolated=isolated)
    try:
        for done in executor.run(paired([o for o in todo if o.kind != "flyer-sheet"], targets(ws))):
            for each in done.each():
                finish(each)
        if sheets:
            flyers = {(o.target, o.campus, o.profile): o for o in result.outputs
                      if o.kind == "flyer" and o.variant == "screen"}
            for done in executor.run([Job(o, _flyers_of(ws.root, o, flyers)) for o in sheets]):
                for each in done.each():
                    finish(each)
    finally:
        executor.close()


def _flyers_of(root: Path, sheet: Output, flyers: dict) -> dict[str, bytes]:
    """The flyers of *sheet* that this build left up to date on disk, by profile.

    The workspace files they named become inputs of the flyer sheet too.
    """
    found = {}
    for pid in sheet.profiles:
        flyer = flyers.get((sheet.target, sheet.campus, pid))
        if flyer is not None and flyer.status in ("built", "up to date"):
            try:
                found[pid] = (root / flyer.path).read_bytes()
            except OSError:
                continue  # the worker renders it again
            sheet.files.update(flyer.files)
    return found


class _Finisher:
    """Writes each rendered output (or records its failure), updates the cache, tells *progress*."""

    def __init__(self, root: Path, cache, result: BuildResult, strict: bool, progress):
        self.writer = Writer(root)
        self.cache, self.result, self.strict, self.progress = cache, result, strict, progress
        self.index = {o.path: i for i, o in enumerate(result.outputs)}

    def __call__(self, done) -> None:
        output = done.output
        self.result.harfbuzz_missing |= done.harfbuzz_missing
        if output.status == "built":
            try:
                self.writer.claim(output.path)
                failing = [w for w in output.warnings if not isinstance(w, Advisory)]
                if self.strict and failing:
                    raise MetierError(failing[0])
                self.writer.write(output.path, done.pdf)
                self.cache.record(output)
            except MetierError as exc:
                output.status, output.error = "failed", str(exc)
            except OSError as exc:
                output.status = "failed"
                output.error = msg("write_failed", path=output.path, reason=exc.strerror or exc)
        if output.status == "failed":
            self.cache.forget(output)
        # A worker process sends back a copy of the output: keep it in the result.
        self.result.outputs[self.index[output.path]] = output
        if self.progress:
            self.progress(output)
