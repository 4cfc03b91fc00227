"""Where the outputs of a build are rendered: this process, a pool of worker processes, or a Dask cluster.

Every executor takes jobs and yields their results as they complete. The
workspace is loaded and validated once, in the build's process, and handed to
each worker once (pickled), not reloaded per output. Workers render and return
PDF bytes; the build's process writes the files and the cache, so writes stay
atomic and the cache has a single writer, whichever executor ran the jobs.

* :class:`InlineExecutor`: no worker, for ``-j 1`` or a single job;
* :class:`ProcessExecutor`: ``-j N`` worker processes (``spawn``: safe with
  the threads of a progress bar, same behaviour on every platform);
* :class:`DaskExecutor`: ``--scheduler tcp://HOST:PORT``, a Dask distributed
  cluster (the ``dask`` extra). Its workers need metier installed and the
  workspace at the same path (a shared file system).

A worker process that dies (killed, out of memory) is replaced: the jobs the
pool had not finished run again in a fresh pool, and a job that kills its
worker twice fails with a message; every other result is kept.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

from metier.build.worker import Job, JobResult, Renderer, render_job, run_in_worker, run_on_cluster, start_worker
from metier.errors import MetierError
from metier.load.workspace import Workspace
from metier.messages import msg

# Bigger jobs first, so that no worker is left with a brochure at the end.
COST = {"booklet": 0, "brochure": 1, "flyer-sheet": 2, "sheet": 3, "flyer": 4}


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def by_cost(jobs: list[Job]) -> list[Job]:
    """*jobs*, the longest kinds first (a stable order within a kind)."""
    return sorted(jobs, key=lambda job: COST.get(job.output.kind, 5))


class InlineExecutor:
    """Renders in this process, one job after the other."""

    def __init__(self, ws: Workspace):
        self.renderer = Renderer(ws)

    def run(self, jobs: list[Job]) -> Iterator[JobResult]:
        """Render *jobs* in order, yielding each result."""
        for job in jobs:
            yield render_job(self.renderer, job)

    def close(self) -> None:
        """Nothing to release."""


class ProcessExecutor:
    """Renders in *workers* processes, each started once with the workspace."""

    def __init__(self, ws: Workspace, workers: int):
        self.ws, self.workers = ws, workers
        self.pool = self._start()

    def _start(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=start_worker, initargs=(self.ws,))

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def run(self, jobs: list[Job]) -> Iterator[JobResult]:
        """Submit every job and yield results as they complete.

        A worker that dies breaks the whole pool, and every job not finished
        yet comes back lost: those run once more in a fresh pool, and only a
        job lost twice (one that kills its worker) is reported as failed.
        """
        pending = by_cost(jobs)
        for last_try in (False, True):
            lost = []
            for job, result in self._round(pending):
                if result is not None:
                    yield result
                elif last_try:
                    yield _lost(job)
                else:
                    lost.append(job)
            if not lost:
                return
            self._restart()
            pending = lost

    def _round(self, jobs: list[Job]):
        """``(job, result)`` pairs as jobs complete; ``result`` is None for a job lost with its worker."""
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        try:
            futures = {self.pool.submit(run_in_worker, job): job for job in jobs}
        except BrokenProcessPool:  # broken by an earlier round: start afresh
            self._restart()
            futures = {self.pool.submit(run_in_worker, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except BrokenProcessPool:
                yield futures[future], None

    def close(self) -> None:
        """Stop the workers."""
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Renders on the Dask cluster whose scheduler is at *address*."""

    def __init__(self, ws: Workspace, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise MetierError(msg("dask_missing"))
        try:
            self.client = Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:  # ValueError: not an address
            raise MetierError(msg("dask_unreachable", address=address, reason=exc))
        self.token = uuid.uuid4().hex
        self.ws = self.client.scatter(ws, broadcast=True)

    def run(self, jobs: list[Job]) -> Iterator[JobResult]:
        """Submit every job to the cluster and yield results as they complete."""
        from distributed import as_completed

        futures = {self.client.submit(run_on_cluster, self.ws, self.token, job, pure=False): job
                   for job in by_cost(jobs)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception:  # noqa: BLE001 - a lost worker or task: fail this job, keep the others
                yield _lost(futures[future])

    def close(self) -> None:
        """Disconnect from the cluster (the cluster keeps running)."""
        self.client.close()


def _lost(job: Job) -> JobResult:
    results = []
    for output in job.outputs:
        output.status, output.error = "failed", msg("worker_lost", output=output.path)
        results.append(JobResult(output))
    results[0].twins = results[1:]
    return results[0]


def make_executor(ws: Workspace, jobs: int, count: int, scheduler: str | None = None, *, isolated: bool = False):
    """The executor for *count* jobs: Dask when *scheduler* is given, else a pool of up to *jobs* processes
    (this process itself for one, unless *isolated*)."""
    if scheduler:
        return DaskExecutor(ws, scheduler)
    workers = max(1, min(jobs, count))
    return ProcessExecutor(ws, workers) if workers > 1 or isolated else InlineExecutor(ws)
