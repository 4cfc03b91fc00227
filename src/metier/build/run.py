"""``metier build``: every job sheet of the workspace, for every campus.

Outputs are ``out/sheets/<campus>/<profile>.pdf``. Invalid profiles are skipped
(their issues are in the result), every other output is still built, and a
sheet that fails to render leaves its previous PDF untouched. The library
reports progress through a callback and never prints.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from metier.errors import Issue, MetierError
from metier.load.workspace import Workspace, load_workspace
from metier.messages import msg

OUT = "out"
SHEETS = "sheets"


@dataclass
class Output:
    """One output of a build and what became of it."""

    kind: str
    profile: str
    campus: str
    path: str
    status: str = "pending"  # built, failed
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class BuildResult:
    """What a build did: its outputs, the input issues it skipped over, and its time."""

    outputs: list[Output]
    issues: list[Issue]
    seconds: float = 0.0

    @property
    def failed(self) -> list[Output]:
        """Outputs that could not be built."""
        return [o for o in self.outputs if o.status == "failed"]

    @property
    def built(self) -> list[Output]:
        """Outputs written by this build."""
        return [o for o in self.outputs if o.status == "built"]

    @property
    def warnings(self) -> int:
        """Number of warnings over all outputs."""
        return sum(len(o.warnings) for o in self.outputs)


def sheet_path(campus_id: str, profile_id: str) -> str:
    """Where the sheet of *profile_id* for *campus_id* is written, relative to the workspace."""
    return f"{OUT}/{SHEETS}/{campus_id}/{profile_id}.pdf"


def plan(ws: Workspace, profiles=None, campuses=None) -> list[Output]:
    """The outputs to build: each valid profile (or those named) for each valid campus (or those named)."""
    profile_ids = list(profiles) if profiles else sorted(ws.profiles)
    campus_ids = list(campuses) if campuses else sorted(ws.campuses)
    for pid in profile_ids:
        ws.profile(pid)
    for cid in campus_ids:
        ws.campus(cid)
    return [Output("sheet", pid, cid, sheet_path(cid, pid)) for cid in campus_ids for pid in profile_ids]


def build(
    workspace: Workspace | Path | str = ".",
    *,
    profiles=None,
    campuses=None,
    strict: bool | None = None,
    progress: Callable[[Output], None] | None = None,
    on_start: Callable[[list[Output]], None] | None = None,
) -> BuildResult:
    """Build the job sheets of *workspace* and return a :class:`BuildResult`.

    Raises :class:`~metier.errors.DataError` only when nothing can be built
    (``metier.yaml`` is invalid); other input issues are returned in the result.
    """
    from metier.build.writer import Writer
    from metier.render.sheet import SheetRenderer

    started = time.perf_counter()
    ws = workspace if isinstance(workspace, Workspace) else load_workspace(workspace)
    if ws.fatal:
        ws.check()
    strict = ws.project.strict if strict is None else strict
    outputs = plan(ws, profiles, campuses)
    if on_start:
        on_start(outputs)
    writer = Writer(ws.root)
    renderer = SheetRenderer(ws)
    for output in outputs:
        t0 = time.perf_counter()
        try:
            writer.claim(output.path)
            result = renderer.render(output.profile, output.campus)
            output.pages, output.warnings = result.pages, result.warnings
            if strict and result.warnings:
                raise MetierError(output.warnings[0])
            writer.write(output.path, result.pdf)
            output.status = "built"
        except MetierError as exc:
            output.status, output.error = "failed", str(exc)
        except OSError as exc:
            output.status, output.error = "failed", msg("write_failed", path=output.path, reason=exc.strerror or exc)
        except Exception as exc:  # noqa: BLE001 - one broken output must not stop the batch
            output.status = "failed"
            output.error = msg("render_failed", output=output.path, reason=f"{type(exc).__name__}: {exc}")
        output.seconds = time.perf_counter() - t0
        if progress:
            progress(output)
    return BuildResult(outputs, list(ws.issues), time.perf_counter() - started)
