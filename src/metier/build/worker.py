"""Rendering one output, in whichever process runs it: the build's own, a pool worker or a Dask worker.

A :class:`Renderer` holds what is worth keeping between outputs of one build:
the WeasyPrint font configuration, parsed stylesheets, decoded images and Jinja
environments (see :mod:`metier.render.document`). Each worker process makes one
from the workspace it is given once, then renders the jobs sent to it.

:func:`render_job` never raises: whatever goes wrong while rendering one
output (a template error, an image WeasyPrint cannot read, a bug) becomes that
output's ``failed`` status and message, so one bad profile never stops a batch.
Writing files is left to the build's own process (:mod:`metier.build.run`).
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from metier.build.targets import Output, targets
from metier.errors import MetierError, RenderTimeout
from metier.load.workspace import Workspace
from metier.messages import msg
from metier.render import harfbuzz_missing


@dataclass
class Job:
    """An output to render, with the flyers already built that a flyer sheet can reuse.

    *twins* are the other files of the same document (the press file of a
    screen sheet or flyer, the booklet of an A5 brochure): rendered by the
    same job, from one layout.
    """

    output: Output
    flyers: dict[str, bytes] = field(default_factory=dict)
    twins: list[Output] = field(default_factory=list)

    @property
    def outputs(self) -> list[Output]:
        """The output and its twins."""
        return [self.output, *self.twins]


@dataclass
class JobResult:
    """A rendered job: the output (status, pages, warnings, error set) and its PDF bytes if built."""

    output: Output
    pdf: bytes | None = None
    harfbuzz_missing: bool = False
    twins: list["JobResult"] = field(default_factory=list)

    def each(self) -> list["JobResult"]:
        """This result and those of its twins, one per output."""
        return [self, *self.twins]


TWIN_KINDS = ("sheet", "flyer", "brochure")
"""Outputs whose screen and press files one job makes from one layout."""


def paired(outputs: list[Output], all_targets: dict | None = None) -> list[Job]:
    """One job per output, except that the screen and press files of one sheet, flyer or brochure share a job,
    and so does a booklet with an A5 brochure of the same entries, title and layout (*all_targets* tells
    which), since they are the same document."""
    jobs, by_document = [], {}
    for output in outputs:
        key = _document_key(output, all_targets or {})
        if key is None:
            jobs.append(Job(output))
            continue
        if key in by_document:
            by_document[key].twins.append(output)
            continue
        by_document[key] = job = Job(output)
        jobs.append(job)
    return jobs


def _document_key(output: Output, all_targets: dict):
    """What two outputs of the same document share, or None for an output that shares its job with none."""
    if output.kind in ("brochure", "booklet"):
        target = all_targets.get(output.target)
        a5 = target is not None and (output.kind == "booklet" or target.page_size == "A5")
        if a5:  # a booklet is the A5 brochure imposed: any A5 brochure of the same entries may be it
            return ("a5", output.campus, tuple(output.profiles), target.title, repr(target.event), target.layout,
                    target.language)
    if output.kind in TWIN_KINDS:
        return (output.target, output.campus, output.profile, output.kind, tuple(output.profiles))
    return None


class Renderer:
    """Renders outputs of one workspace one by one, sharing fonts, stylesheets and layouts."""

    def __init__(self, ws: Workspace, warm: "Renderer | None" = None):
        """A renderer for *ws*, sharing what *warm* (a renderer of an earlier state of it) has loaded
        (see :class:`~metier.render.document.DocumentRenderer`)."""
        from metier.render.brochure import BrochureRenderer
        from metier.render.document import DocumentRenderer

        self.ws = ws
        self.targets = targets(ws)
        self.documents = DocumentRenderer(ws, warm.documents if warm else None)
        self.brochures = BrochureRenderer(ws, self.documents)
        self.sheets: dict = {}  # layout name -> SheetRenderer

    def render(self, job: Job) -> bytes:
        """The PDF bytes of *job*'s output; its pages and warnings are set on it. Raises on failure."""
        return self.render_all(job)[0]

    def render_all(self, job: Job) -> list[bytes]:
        """The PDF bytes of *job*'s output and of its twins (one layout for all); pages and warnings are set
        on each output. Raises on failure."""
        from metier.render.sheet import SheetRenderer
        from metier.resolve import target_campus

        output = job.output
        target = self.targets[output.target]
        variants = tuple(o.variant for o in job.outputs)
        if output.kind == "sheet":
            layout = target.layout_name(self.ws.project.sheet_layout)
            if layout not in self.sheets:
                self.sheets[layout] = SheetRenderer(self.ws, self.documents, layout)
            campus = target_campus(self.ws, output.target, target, output.campus)
            results = self.sheets[layout].render_variants(output.profile, output.campus, campus, variants,
                                                          target.fit, target.language, target.remote_images)
        elif output.kind == "flyer":
            results = self.brochures.flyer_variants(output.target, target, output.campus, output.profile, variants)
        else:
            return self._document(job, output, target)
        for made, result in zip(job.outputs, results):
            made.pages, made.warnings, made.budget = result.pages, result.warnings, result.budget
            made.overflow, made.fitted = result.overflow, result.fitted
        return [result.pdf for result in results]

    def _document(self, job: Job, output: Output, target) -> list[bytes]:
        """A document of many profiles (a brochure, a booklet or a sheet of flyers), one PDF per output of *job*."""
        if not output.profiles:
            raise MetierError(msg("empty_selection", id=output.target, campus=output.campus))
        if output.kind == "flyer-sheet":
            return [self._flyer_sheet(job, target)]
        return self._brochure(job, target)

    def _brochure(self, job: Job, target) -> list[bytes]:
        """The brochures and booklets of *job* (the variants of one brochure, and a booklet of the same
        entries), each document laid out once (see :meth:`BrochureRenderer.render_documents`)."""
        output = job.output
        wanted = [(made.target, self.targets[made.target], made.variant, made.kind == "booklet")
                  for made in job.outputs]
        results = self.brochures.render_documents(output.campus, output.profiles, wanted)
        pdfs = []
        for made, (_, made_target, _, is_booklet), result in zip(job.outputs, wanted, results):
            made.warnings = list(result.warnings)
            if is_booklet:
                pdfs.append(self._imposed(made, made_target, result))
            else:
                made.pages = result.pages
                pdfs.append(result.pdf)
        return pdfs

    def _imposed(self, output: Output, target, result) -> bytes:
        """The booklet of *output*: the A5 brochure *result* padded with notes pages and imposed on sheets."""
        from metier.assemble.impose import booklet

        notes = self.brochures.notes(output.target, target, output.campus, output.variant)
        press_settings = self.ws.project.press if output.variant == "press" else None
        made = booklet(result.pdf, filler=notes, press=press_settings)
        output.pages = made.padded_pages
        if made.padded_pages > target.staple_limit:
            output.warnings.append(msg("booklet_too_thick", pages=made.padded_pages, limit=target.staple_limit))
        return made.pdf

    def _flyer_sheet(self, job: Job, target) -> bytes:
        from metier.assemble.impose import n_up
        from metier.assemble.merge import concatenate

        output = job.output
        pages = []
        for pid in output.profiles:
            pdf = job.flyers.get(pid)
            if pdf is None:  # not built by this build (or it failed): render it here
                pdf = self.brochures.flyer(output.target, target, output.campus, pid).pdf
            pages.append(pdf)
        output.pages = -(-len(pages) // int(target.n_up))
        return n_up(concatenate(pages), int(target.n_up))


@contextmanager
def time_limit(seconds: int):
    """Raise :class:`RenderTimeout` in this thread after *seconds* (POSIX, main thread only; else no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    expired = []

    def expire(signum, frame):
        expired.append(True)
        raise RenderTimeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # raised where WeasyPrint swallows errors (a stylesheet being fetched): the result is not whole
        raise RenderTimeout()


def memory_limit(mebibytes: int) -> None:
    """Cap this process's address space at *mebibytes* (a worker process; POSIX only), never above the hard limit."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    wanted = mebibytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def render_job(renderer: Renderer, job: Job) -> JobResult:
    """Render *job* with *renderer* within the workspace's time limit; any failure is recorded, never raised.

    A job with twins renders them together, from one layout; when that fails,
    each file is rendered on its own, so that a problem of the press file
    alone (a missing press profile) never costs the screen file.
    """
    if job.twins:
        together = _render_outputs(renderer, job)
        if together.output.status != "failed":
            return together
        alone = [_render_outputs(renderer, Job(output, job.flyers)) for output in job.outputs]
        alone[0].twins = alone[1:]
        return alone[0]
    return _render_outputs(renderer, job)


def _render_outputs(renderer: Renderer, job: Job) -> JobResult:
    """Render every output of *job* at once; a failure is recorded on each of them."""
    outputs = job.outputs
    limits = renderer.ws.project.limits
    started = time.perf_counter()
    pdfs: list = [None] * len(outputs)
    renderer.documents.files.clear()
    error = None
    try:
        with time_limit(limits.seconds * len(outputs)):
            pdfs = renderer.render_all(job) if job.twins else [renderer.render(job)]
    except MetierError as exc:
        problem = str(exc)
        error = lambda output: problem  # noqa: E731
    except RenderTimeout:
        error = lambda output: msg("render_timeout", output=output.path, seconds=limits.seconds)  # noqa: E731
    except MemoryError:
        error = lambda output: msg("render_memory", output=output.path, memory=limits.memory)  # noqa: E731
    except Exception as exc:  # noqa: BLE001 - one broken output must not stop the batch
        reason = f"{type(exc).__name__}: {exc}"
        error = lambda output: msg("render_failed", output=output.path, reason=reason)  # noqa: E731
    seconds = (time.perf_counter() - started) / len(outputs)
    results = []
    for output, pdf in zip(outputs, pdfs):
        output.seconds = seconds
        if error is None:
            output.status, output.error = "built", None
            output.files.update(renderer.documents.files)
        else:
            output.status, output.error = "failed", error(output)
        results.append(JobResult(output, pdf if error is None else None, harfbuzz_missing()))
    results[0].twins = results[1:]
    return results[0]


# In a worker process: one renderer for the workspace the pool was started with.
_renderers: dict[str, Renderer] = {}
_lock = threading.Lock()


def start_worker(ws: Workspace) -> None:
    """Pool initializer: cap this process's memory and keep one :class:`Renderer` for *ws* in it."""
    memory_limit(ws.project.limits.memory)
    _renderers.clear()
    _renderers["pool"] = Renderer(ws)


def run_in_worker(job: Job) -> JobResult:
    """Pool task: render *job* with this process's renderer."""
    return render_job(_renderers["pool"], job)


def run_on_cluster(ws: Workspace, token: str, job: Job) -> JobResult:
    """Dask task: render *job* with this worker's renderer for build *token* (made on first use).

    A Dask worker may run tasks in several threads; rendering is serialised
    per process, as WeasyPrint's warnings are collected through a global logger.
    """
    with _lock:
        if token not in _renderers:
            _renderers.clear()  # a new build: drop the previous build's fonts and layouts
            _renderers[token] = Renderer(ws)
        return render_job(_renderers[token], job)
