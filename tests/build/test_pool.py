"""Executors: a Dask cluster and a process pool build what ``-j 1`` builds; lost workers and bad settings are reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from metier.build import pool
from metier.build.pool import InlineExecutor, ProcessExecutor, make_executor
from metier.build.run import build
from metier.build.targets import plan
from metier.build.worker import Job
from metier.errors import MetierError
from metier.load.workspace import load_workspace
from metier.messages import msg
from tests.conftest import edit_yaml, screen_only


@pytest.fixture
def sample(sample):
    """The sample workspace, screen files only: these tests are about building, not about press files."""
    return screen_only(sample)

LYON_SHEETS = dict(targets_=["sheets"], campuses=["lyon"])
# A campus override of the job sheet that fails at render time for one profile only: the
# sheet's context has profile_id, and the sandbox's StrictUndefined makes the unknown name an error.
FAILING_SHEET = ('{% extends "!layout/sheet.html.j2" %}{% block body %}'
                 '{% if profile_id == "ciso" %}{{ undefined_variable.attribute }}{% endif %}'
                 '{{ super() }}{% endblock %}')
CLOSED_SCHEDULER = "tcp://127.0.0.1:1"


def _pdfs(ws, result) -> dict[str, bytes]:
    return {o.path: (ws / o.path).read_bytes() for o in result.outputs}


def _report(ws) -> dict[str, dict]:
    report = json.loads((ws / "out/build-report.json").read_text(encoding="utf-8"))
    return {o["path"]: o for o in report["outputs"]}


def _lost(path: str) -> str:
    return msg("worker_lost", output=path)


# --- Dask ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    """A local Dask cluster of two worker processes, one thread each."""
    distributed = pytest.importorskip("distributed")
    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        yield local
    finally:
        local.close()


def test_dask_build_matches_inline_build(sample, cluster):
    on_cluster = build(sample, **LYON_SHEETS, scheduler=cluster.scheduler_address)
    assert len(on_cluster.outputs) == 6
    assert [o.status for o in on_cluster.outputs] == ["built"] * 6, [o.error for o in on_cluster.outputs]
    assert all(o.pages > 0 for o in on_cluster.outputs)  # the workers' copies of the outputs came back
    assert _report(sample)["out/sheets/lyon/ciso.pdf"]["status"] == "built"
    from_cluster = _pdfs(sample, on_cluster)
    assert all(pdf.startswith(b"%PDF") for pdf in from_cluster.values())

    inline = build(sample, **LYON_SHEETS, jobs=1, force=True)
    assert [o.status for o in inline.outputs] == ["built"] * 6
    assert _pdfs(sample, inline) == from_cluster


def test_dask_render_failure_fails_only_that_output(sample, cluster):
    override = sample / "campuses/lyon/layouts/job-sheet/sheet.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text(FAILING_SHEET, encoding="utf-8")

    result = build(sample, **LYON_SHEETS, scheduler=cluster.scheduler_address)
    by_profile = {o.profile: o for o in result.outputs}
    assert len(by_profile) == 6
    failed = by_profile.pop("ciso")
    assert failed.status == "failed"
    assert failed.error == "template campuses/lyon/layouts/job-sheet/sheet.html.j2, line 1: 'undefined_variable' is undefined"
    assert not (sample / failed.path).exists()
    assert {o.status for o in by_profile.values()} == {"built"}
    assert all((sample / o.path).is_file() for o in by_profile.values())
    report = _report(sample)
    assert report[failed.path]["status"] == "failed" and report[failed.path]["error"] == failed.error
    assert sorted(p for p, o in report.items() if o["status"] == "built") == sorted(o.path for o in by_profile.values())

    # Each build gets fresh renderers on the workers: the fixed layout and an edited profile are seen.
    override.unlink()
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(title="Responsable sécurité rendu par Dask"))
    again = build(sample, **LYON_SHEETS, scheduler=cluster.scheduler_address)
    assert [o.status for o in again.outputs] == ["built"] * 6, [o.error for o in again.outputs]
    assert PdfReader(sample / failed.path).metadata.title.startswith("Responsable sécurité rendu par Dask – ")


@pytest.fixture
def short_connect_timeout(monkeypatch):
    """metier gives a scheduler 10 s to answer (measured: 10.0 s for a closed port); 1 s keeps the tests fast."""
    import distributed

    real = distributed.Client
    monkeypatch.setattr(distributed, "Client", lambda address, timeout=None, **kw: real(address, timeout="1s", **kw))


def test_unreachable_scheduler_is_an_error(sample, short_connect_timeout):
    with pytest.raises(MetierError) as info:
        build(sample, **LYON_SHEETS, scheduler=CLOSED_SCHEDULER)
    assert str(info.value).startswith(f"cannot reach the Dask scheduler at {CLOSED_SCHEDULER}: ")
    assert "start one with `dask scheduler`" in str(info.value)
    assert not (sample / "out/sheets").exists()


def test_unreachable_scheduler_on_the_command_line(sample, metier, short_connect_timeout):
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--scheduler", CLOSED_SCHEDULER, cwd=sample)
    assert code == 1
    assert f"error: cannot reach the Dask scheduler at {CLOSED_SCHEDULER}" in err
    assert "Traceback" not in err and "internal error" not in err
    assert out == ""


# --- process pool ---------------------------------------------------------------------------------


class _Dies:
    """Unpickled in a worker, it ends that process at once (as a kill or the OOM killer would)."""

    def __reduce__(self):
        return (os._exit, (1,))


def test_process_pool_builds_what_one_process_builds(sample):
    parallel = build(sample, **LYON_SHEETS, jobs=2)
    assert [o.status for o in parallel.outputs] == ["built"] * 6, [o.error for o in parallel.outputs]
    assert _report(sample)["out/sheets/lyon/ciso.pdf"]["status"] == "built"
    from_pool = _pdfs(sample, parallel)
    inline = build(sample, **LYON_SHEETS, jobs=1, force=True)
    assert [o.status for o in inline.outputs] == ["built"] * 6
    assert [o.pages for o in inline.outputs] == [o.pages for o in parallel.outputs]
    assert _pdfs(sample, inline) == from_pool


def test_process_executor_reports_a_dead_worker(sample):
    ws = load_workspace(sample)
    outputs = plan(ws, ["sheets"], campuses=["lyon"])
    executor = ProcessExecutor(ws, 2)
    try:
        first = list(executor.run([Job(o) for o in outputs[:2]]))
        assert sorted(r.output.path for r in first) == sorted(o.path for o in outputs[:2])
        assert all(r.output.status == "built" and r.pdf.startswith(b"%PDF") for r in first)

        doomed = Job(outputs[2], {"x": _Dies()})
        results = {r.output.path: r for r in executor.run([doomed, Job(outputs[3])])}
    finally:
        executor.close()
    assert set(results) == {outputs[2].path, outputs[3].path}  # one result per job, nothing raised
    lost = results[outputs[2].path]
    assert lost.pdf is None
    assert lost.output.status == "failed" and lost.output.error == _lost(outputs[2].path)
    # The pool is broken for every job it had not finished, not only the dead worker's.
    other = results[outputs[3].path]
    assert other.output.status == "built" or other.output.error == _lost(outputs[3].path)


def test_worker_killed_mid_build_is_reported(sample, monkeypatch):
    import signal

    executors = []

    def recording(*args, **kwargs):
        executor = make_executor(*args, **kwargs)
        executors.append(executor)
        return executor

    def kill_a_worker(output):
        if len(seen) == 0:
            (executor,) = executors
            worker = next(iter(executor.pool._processes.values()))
            os.kill(worker.pid, signal.SIGKILL)
        seen.append(output)

    seen = []
    monkeypatch.setattr(pool, "make_executor", recording)
    result = build(sample, **LYON_SHEETS, jobs=2, progress=kill_a_worker)
    assert isinstance(executors[0], ProcessExecutor)
    assert len(seen) == 6  # every output was reported once
    # The dead worker was replaced: what the broken pool lost ran again in a fresh one.
    assert [o.status for o in result.outputs] == ["built"] * 6, [o.error for o in result.outputs]
    assert all((sample / o.path).is_file() for o in result.outputs)
    report = _report(sample)
    assert {o["status"] for o in report.values()} == {"built"}

    monkeypatch.undo()
    again = build(sample, **LYON_SHEETS, jobs=1)
    assert len(again.up_to_date) == 6


@pytest.mark.parametrize(("jobs", "count", "workers"), [(1, 6, None), (4, 1, None), (2, 6, 2), (8, 3, 3)])
def test_make_executor_picks_inline_or_a_pool(sample, jobs, count, workers):
    executor = make_executor(load_workspace(sample), jobs, count)
    try:
        if workers is None:
            assert isinstance(executor, InlineExecutor)
        else:
            assert isinstance(executor, ProcessExecutor)
            assert executor.pool._max_workers == workers
    finally:
        executor.close()


def test_an_isolated_build_of_one_output_renders_in_a_worker_process(sample, monkeypatch):
    """For a caller that renders in other threads (the studio), one job still goes to a worker process."""
    executors = []

    def recording(*args, **kwargs):
        executors.append(make_executor(*args, **kwargs))
        return executors[-1]

    monkeypatch.setattr(pool, "make_executor", recording)
    result = build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"], jobs=1, isolated=True)
    assert [type(e) for e in executors] == [ProcessExecutor] and executors[0].pool._max_workers == 1
    assert {o.status for o in result.outputs} == {"built"}
    executors.clear()
    build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"], jobs=1, force=True)
    assert [type(e) for e in executors] == [InlineExecutor]


def test_jobs_below_one_are_refused(sample, metier):
    with pytest.raises(MetierError, match="-j must be 1 or more, got 0"):
        build(sample, jobs=0)
    code, out, err = metier("build", "-j", "0", cwd=sample)
    assert code == 2
    assert "-j" in err and "must be 1 or more, got 0" in err
    assert "Traceback" not in err
    assert not (sample / "out").exists()


@pytest.mark.parametrize("address", ["foo://127.0.0.1:1", "not an address"])
def test_malformed_scheduler_address_is_a_located_error_not_a_bug(sample, metier, address):
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--scheduler", address, cwd=sample)
    assert code == 1
    assert f"error: cannot reach the Dask scheduler at {address}: " in err
    assert "internal error" not in err and "Traceback" not in err


def test_worker_processes_leave_no_font_folders_behind(sample, tmp_path):
    """WeasyPrint copies fonts into a temporary folder per process; a build removes them all when it ends."""
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    done = subprocess.run([sys.executable, "-m", "metier", "build", "sheets", "--campus", "lyon", "-j", "2"],
                          cwd=sample, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in temp.iterdir() if p.name.startswith("weasyprint-")) == []
