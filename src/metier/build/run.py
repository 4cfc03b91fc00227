"""``metier build``: every output of the workspace's targets (sheets, brochures, booklets, flyers).

Invalid profiles are skipped (their issues are in the result), every other
output is still built, and an output that fails to render leaves its previous
PDF untouched. Within one build, a booklet reuses the A5 brochure of the same
target and campus, and a flyer sheet reuses the flyers just rendered. The
library reports progress through callbacks and never prints.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from metier.build.targets import Output, plan, targets
from metier.errors import Issue, MetierError
from metier.load.workspace import Workspace, load_workspace
from metier.messages import msg

__all__ = ["BuildResult", "Output", "build"]


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


class _Builder:
    """Renders outputs one by one, sharing fonts, layouts and intermediate PDFs."""

    def __init__(self, ws: Workspace):
        from metier.render.brochure import BrochureRenderer
        from metier.render.document import DocumentRenderer

        self.ws = ws
        self.targets = targets(ws)
        self.documents = DocumentRenderer(ws)
        self.brochures = BrochureRenderer(ws, self.documents)
        self.sheets: dict = {}  # layout name -> SheetRenderer
        self.flyers: dict[tuple[str, str, str], bytes] = {}

    def render(self, output: Output) -> bytes:
        """The PDF bytes of *output*; its pages and warnings are set on it."""
        from metier.render.sheet import SheetRenderer
        from metier.resolve import target_campus

        target = self.targets[output.target]
        if output.kind == "sheet":
            layout = target.layout_name(self.ws.project.sheet_layout)
            if layout not in self.sheets:
                self.sheets[layout] = SheetRenderer(self.ws, self.documents, layout)
            campus = target_campus(self.ws, output.target, target, output.campus)
            result = self.sheets[layout].render(output.profile, output.campus, campus)
            output.pages, output.warnings = result.pages, result.warnings
            return result.pdf
        if output.kind == "flyer":
            result = self.brochures.flyer(output.target, target, output.campus, output.profile)
            output.pages, output.warnings = result.pages, result.warnings
            self.flyers[(output.target, output.campus, output.profile)] = result.pdf
            return result.pdf
        if not output.profiles:
            raise MetierError(msg("empty_selection", id=output.target, campus=output.campus))
        if output.kind == "flyer-sheet":
            return self._flyer_sheet(output, target)
        return self._brochure(output, target)

    def _brochure(self, output: Output, target) -> bytes:
        from metier.assemble.impose import booklet

        is_booklet = output.kind == "booklet"
        result = self.brochures.render(output.target, target, output.campus, output.profiles, booklet=is_booklet)
        output.warnings = list(result.warnings)
        if not is_booklet:
            output.pages = result.pages
            return result.pdf
        notes = self.brochures.notes(output.target, target, output.campus)
        made = booklet(result.pdf, filler=notes)
        output.pages = made.padded_pages
        if made.padded_pages > target.staple_limit:
            output.warnings.append(msg("booklet_too_thick", pages=made.padded_pages, limit=target.staple_limit))
        return made.pdf

    def _flyer_sheet(self, output: Output, target) -> bytes:
        from metier.assemble.impose import n_up
        from metier.assemble.merge import concatenate

        pages = []
        for pid in output.profiles:
            key = (output.target, output.campus, pid)
            if key not in self.flyers:
                self.flyers[key] = self.brochures.flyer(output.target, target, output.campus, pid).pdf
            pages.append(self.flyers[key])
        pdf = n_up(concatenate(pages), int(target.n_up))
        output.pages = -(-len(pages) // int(target.n_up))
        return pdf


def build(
    workspace: Workspace | Path | str = ".",
    *,
    targets_: list[str] | None = None,
    profiles=None,
    campuses=None,
    strict: bool | None = None,
    progress: Callable[[Output], None] | None = None,
    on_start: Callable[[list[Output]], None] | None = None,
) -> BuildResult:
    """Build the outputs of *targets_* (default: every target) and return a :class:`BuildResult`.

    Raises :class:`~metier.errors.DataError` only when nothing can be built
    (``metier.yaml`` or the targets are invalid); other input issues are
    returned in the result.
    """
    from metier.build.writer import Writer

    started = time.perf_counter()
    ws = workspace if isinstance(workspace, Workspace) else load_workspace(workspace)
    if ws.fatal:
        ws.check()
    strict = ws.project.strict if strict is None else strict
    for pid in profiles or ():
        ws.profile(pid)
    for cid in campuses or ():
        ws.campus(cid)
    outputs = plan(ws, targets_, campuses=campuses, profiles=profiles)
    if on_start:
        on_start(outputs)
    writer = Writer(ws.root)
    builder = _Builder(ws)
    for output in outputs:
        t0 = time.perf_counter()
        try:
            writer.claim(output.path)
            pdf = builder.render(output)
            if strict and output.warnings:
                raise MetierError(output.warnings[0])
            writer.write(output.path, pdf)
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
