"""Building from the browser: one target or all, progress streamed as server-sent events, then the outputs.

``POST /build`` starts :func:`metier.build.run.build` (the CLI's build, with
its progress callbacks) in a thread, followed by the contact sheets of what it
built (:func:`metier.proof.write.write_previews`); one build at a time.
``GET /build/events/<run>`` streams the run's events (``text/event-stream``):
a ``start`` event with the number of outputs to render, a ``progress`` event
per output done, then a ``done`` event carrying the HTML of the result: every
output with a link to its PDF, the contact sheets, the failures with their
messages and the input problems linking to their field in the editor. The
stream of a finished run replays it whole, so a reconnecting browser gets the
same page. ``GET /out/<path>`` serves a PDF or PNG from the workspace's
``out/`` folder and nothing else (no hidden folder, no path outside it).
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route

from metier.errors import MetierError
from metier.messages import msg

SERVED = {".pdf": "application/pdf", ".png": "image/png"}
LOCATED = re.compile(r"^((?:profiles|campuses|programmes)/[a-z0-9][a-z0-9-]*\.yaml|metier\.yaml):(\d+):(\d+): "
                     r"(?:(?:warning|info): )?([A-Za-z0-9_.\[\]-]+): ")
PROOF_DPI = 72


@dataclass
class Run:
    """One build started from the page: its request, its events so far and whether it has ended."""

    number: int
    target: str | None
    campus: str | None
    events: list[tuple[str, str]] = field(default_factory=list)
    done: bool = False
    started: float = field(default_factory=time.perf_counter)


class Builds:
    """The studio's builds: at most one running, each run kept until the next one starts."""

    def __init__(self, studio):
        self.studio = studio
        self.lock = threading.Lock()
        self.runs: dict[int, Run] = {}
        self.count = 0

    def start(self, target: str | None, campus: str | None) -> Run:
        """Start building *target* (``None``: every target) for *campus* (``None``: every campus) in a thread.

        Raises :class:`MetierError` for a target or campus the workspace does
        not have, or while another build from the studio is running.
        """
        from metier.build.targets import targets

        ws = self.studio.resident.workspace
        if ws.fatal:
            raise MetierError(msg("studio_build_invalid_project"))
        known = targets(ws)
        if target is not None and target not in known:
            raise MetierError(msg("studio_build_unknown", what="target", value=target, known=", ".join(known)))
        if campus is not None and campus not in ws.campuses:
            raise MetierError(msg("studio_build_unknown", what="campus", value=campus, known=", ".join(ws.campuses)))
        with self.lock:
            if any(not r.done for r in self.runs.values()):
                raise MetierError(msg("studio_build_running"))
            self.count += 1
            run = Run(self.count, target, campus)
            self.runs = {run.number: run}
        threading.Thread(target=self._build, args=(run,), daemon=True, name=f"studio-build-{run.number}").start()
        return run

    def _event(self, run: Run, name: str, template: str, **values) -> None:
        html = self.studio.templates.get_template(template).render(**values)
        with self.lock:
            run.events.append((name, html))

    def _build(self, run: Run) -> None:
        """The build thread: the library's build, then contact sheets; every outcome ends in a ``done`` event."""
        from metier.build.pool import default_jobs
        from metier.build.run import build
        from metier.build.targets import targets
        from metier.proof.write import PREVIEW_DIR, shown_outputs, write_previews

        counter = {"done": 0, "total": 0}

        def on_start(todo):
            counter["total"] = len(todo)
            self._event(run, "start", "_build_start.html", total=len(todo))

        def on_output(output):
            counter["done"] += 1
            self._event(run, "progress", "_build_progress.html", output=output, **counter)

        result = proofs = None
        problem = None
        try:
            result = build(self.studio.root, targets_=[run.target] if run.target else None,
                           campuses=[run.campus] if run.campus else None, jobs=default_jobs(),
                           progress=on_output, on_start=on_start, isolated=True)  # previews render here
            ws = self.studio.resident.workspace
            shown = [o for o in shown_outputs(result.outputs, targets(ws), "screen") if o.status != "failed"]
            proofs = write_previews(ws, shown, self.studio.root / PREVIEW_DIR, PROOF_DPI) if shown else []
        except MetierError as exc:
            problem = str(exc)
        except Exception as exc:  # noqa: BLE001 - a bug must end the run with a message, not hang the page
            problem = msg("studio_build_crashed", reason=f"{type(exc).__name__}: {exc}")
        finally:
            from metier.studio.home import targets_of

            values = dict(result=result, problem=problem, proofs=proofs or [], seconds=time.perf_counter() - run.started,
                          targets=_quietly(targets_of, self.studio),
                          failures=_failures(result), issues=_issues(result), href=_href,
                          root_out=self.studio.root / "out")
            try:
                self._event(run, "done", "_build_done.html", **values)
            finally:
                run.done = True

    async def stream(self, run: Run):
        """The run's events as server-sent events, from the first; ends after ``done``."""
        sent = 0
        while True:
            with self.lock:
                new, finished = run.events[sent:], run.done
            for name, html in new:
                yield _sse(name, html)
            sent += len(new)
            if finished and sent == len(run.events):
                return
            await asyncio.sleep(0.1)


def _quietly(function, *args):
    """*function(*args)*, or ``None`` when it fails: what the page shows after a build must not hide its result."""
    try:
        return function(*args)
    except Exception:  # noqa: BLE001 - the build's own outcome is reported either way
        return None


def _sse(name: str, html: str) -> str:
    """One server-sent event: its name, then its data a line at a time (the browser joins them with newlines)."""
    lines = html.replace("\r", "").split("\n")
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


def _failures(result) -> list[dict]:
    """The outputs that failed, each with its message and, when it names a data file, a link to it in the editor."""
    if result is None:
        return []
    return [{"output": o, "href": _located(o.error or "")} for o in result.failed]


def _issues(result) -> list:
    """The input errors the build skipped over (their profile's outputs were not built)."""
    if result is None:
        return []
    return [i for i in result.issues if i.severity == "error"]


def _located(text: str) -> str | None:
    match = LOCATED.match(text)
    return _href(match.group(1), match.group(4)) if match else None


def _href(path: str, name: str = "") -> str:
    """The editor's address of file *path*, scrolled to field *name* (its input's id is ``f-<name>``)."""
    return f"/edit/{path}" + (f"#f-{name}" if name else "")


def out_file(root: Path, path: str) -> Path:
    """The file *path* (relative to ``out/``) of the workspace at *root*, or a :class:`MetierError`.

    Only PDF and PNG files, never in a hidden folder (``out/.cache``,
    ``out/.studio``), never through ``..`` or a link leading out of ``out/``.
    """
    parts = PurePosixPath(path).parts
    if (not parts or "\\" in path or "\x00" in path or any(p in ("..", "") or p.startswith(".") for p in parts)
            or PurePosixPath(path).suffix.lower() not in SERVED):
        raise MetierError(msg("studio_bad_out_path", path=path))
    out = (root / "out").resolve()
    file = (out / Path(*parts)).resolve()
    if not file.is_relative_to(out) or not out.is_relative_to(root.resolve()) or not file.is_file():
        raise MetierError(msg("studio_bad_out_path", path=path))
    return file


def routes(studio) -> list[Route]:
    """The build routes of *studio*: start a build, stream its events, download an output."""

    async def start(request: Request):
        form = await request.form(max_part_size=10_000, max_fields=10, max_files=0)
        target = str(form.get("target") or "") or None
        campus = str(form.get("campus") or "") or None
        try:
            run = studio.builds.start(target, campus)
        except MetierError as exc:
            return studio.page("_message.html", 409 if "running" in str(exc) else 400, text=str(exc), level="error")
        return studio.page("_build_started.html", run=run)

    def events(request: Request):
        run = studio.builds.runs.get(_number(request.path_params["run"]))
        if run is None:
            return PlainTextResponse(msg("studio_build_gone"), 404)
        return StreamingResponse(studio.builds.stream(run), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    def download(request: Request):
        try:
            file = out_file(studio.root, request.path_params["path"])
        except MetierError as exc:
            return PlainTextResponse(str(exc), 404)
        return FileResponse(file, media_type=SERVED[file.suffix.lower()], headers={"Cache-Control": "no-store"})

    return [Route("/build", start, methods=["POST"]), Route("/build/events/{run}", events),
            Route("/out/{path:path}", download)]


def _number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 10 else -1
