"""Watch mode: a change in the workspace calls back once; out/ and hidden files never do; the CLI survives errors."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

from metier.build.watch import watch
from tests.conftest import screen_only


@pytest.fixture
def sample(sample):
    """The sample workspace, screen files only: these tests are about building, not about press files."""
    return screen_only(sample)

TIMEOUT = 10.0


class Recorder:
    """An ``on_change`` that records every change set it gets."""

    def __init__(self):
        self.calls: list[set[str]] = []
        self.changed = threading.Condition()

    def __call__(self, changes: set[str]) -> None:
        with self.changed:
            self.calls.append(set(changes))
            self.changed.notify_all()

    def wait_for(self, test, timeout: float = TIMEOUT) -> set[str]:
        """The first recorded change set that passes *test* (waits for it; fails after *timeout*)."""
        with self.changed:
            found = self.changed.wait_for(lambda: [c for c in self.calls if test(c)][:1], timeout)
        assert found, f"no matching call within {timeout} s; calls: {self.calls}"
        return found[0]


@pytest.fixture
def watching(sample):
    """``watch`` running on the sample workspace in a thread: (workspace, recorder, probe)."""
    recorder, stop = Recorder(), threading.Event()
    errors = []

    def run():
        try:
            watch(sample, recorder, stop=stop, debounce_ms=100)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    recorder.wait_for(lambda c: c == set())
    probes = iter(range(1000))

    def probe() -> set[str]:
        """Write a new file and wait for its call: every change made before it has been seen by then."""
        name = f"probe-{next(probes)}.txt"
        deadline = time.monotonic() + TIMEOUT
        while True:  # the watcher starts just after the first call: write again until it reports
            (sample / name).write_text("probe", encoding="utf-8")
            with recorder.changed:
                if recorder.changed.wait_for(lambda: any(name in c for c in recorder.calls), 0.5):
                    break
            assert time.monotonic() < deadline, f"{name} never reported; calls: {recorder.calls}"
        return recorder.wait_for(lambda c: name in c)

    probe()
    probe()  # the watcher is live now: a second probe flushes any late call for the first one
    try:
        yield sample, recorder, probe
    finally:
        stop.set()
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "watch() did not stop when asked"
        assert not errors, errors


def test_edit_calls_back_with_the_relative_path(watching):
    ws, recorder, _ = watching
    before = len(recorder.calls)
    path = ws / "profiles/ciso.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("updated: 2026-01-19", "updated: 2026-01-20"),
                    encoding="utf-8")
    assert recorder.wait_for(lambda c: "profiles/ciso.yaml" in c) == {"profiles/ciso.yaml"}
    assert all(c == {"profiles/ciso.yaml"} for c in recorder.calls[before:])


def test_outputs_hidden_files_and_backups_are_ignored(watching):
    ws, recorder, probe = watching
    before = len(recorder.calls)
    (ws / "out/sheets").mkdir(parents=True)
    (ws / "out/x.pdf").write_bytes(b"%PDF-1.7")
    (ws / "out/sheets/ciso.pdf").write_bytes(b"%PDF-1.7")
    (ws / ".hidden").write_text("x", encoding="utf-8")
    (ws / "profiles/.ciso.yaml.swp").write_text("x", encoding="utf-8")
    (ws / "profiles/ciso.yaml~").write_text("x", encoding="utf-8")
    last = probe()  # written after the others: had they counted, they would be in this call or an earlier one
    calls = recorder.calls[before:]
    assert calls == [last] and len(last) == 1, calls

    path = ws / "profiles/ciso.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (ws / "out/x.pdf").write_bytes(b"%PDF-1.7 again")  # in the same batch as the edit, and still ignored
    assert recorder.wait_for(lambda c: "profiles/ciso.yaml" in c) == {"profiles/ciso.yaml"}


def test_stop_ends_the_loop_without_a_change(sample):
    recorder, stop = Recorder(), threading.Event()
    thread = threading.Thread(target=watch, args=(sample, recorder), kwargs=dict(stop=stop, debounce_ms=100),
                              daemon=True)
    thread.start()
    recorder.wait_for(lambda c: c == set())
    started = time.monotonic()
    stop.set()
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert time.monotonic() - started < 5
    assert recorder.calls == [set()]


# --- the command line ----------------------------------------------------------------------------------


class Stream:
    """The lines a process writes to a pipe, read by a thread so that waiting can time out."""

    def __init__(self, pipe):
        self.lines: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, args=(pipe,), daemon=True).start()

    def _read(self, pipe):
        for line in pipe:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text: str, deadline: float) -> str:
        """Read lines until one contains *text*; fail at *deadline* or when the stream ends."""
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"timed out waiting for {text!r}; got:\n{''.join(self.lines)}"
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            assert line is not None, f"stream ended before {text!r}; got:\n{''.join(self.lines)}"
            self.lines.append(line)
            if text in line:
                return line

    def rest(self, timeout: float) -> str:
        """Everything up to the end of the stream."""
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        return "".join(self.lines)


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_watch_command_survives_an_error_and_says_when_clean_again(sample):
    deadline = time.monotonic() + 60
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="200")
    process = subprocess.Popen([sys.executable, "-m", "metier", "build", "sheets", "--campus", "lyon", "-j", "1", "--watch"],
                               cwd=sample, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        stderr, stdout = Stream(process.stderr), Stream(process.stdout)
        stderr.wait_for("Up to date. Watching for changes", deadline)
        assert (sample / "out/sheets/lyon/ciso.pdf").is_file()

        # The watcher starts just after that message: poke until it reports a change.
        for attempt in range(20):
            (sample / "notes.txt").write_text(f"poke {attempt}", encoding="utf-8")
            try:
                stderr.wait_for("Changed: notes.txt", min(deadline, time.monotonic() + 1))
                break
            except AssertionError:
                continue
        else:
            pytest.fail(f"the watcher never reported notes.txt; got:\n{''.join(stderr.lines)}")
        stderr.wait_for("Up to date. Watching for changes", deadline)  # nothing to rebuild, still clean

        profile = sample / "profiles/ciso.yaml"
        good = profile.read_text(encoding="utf-8")
        profile.write_text(good + "\nmissions: [unclosed\n", encoding="utf-8")
        stderr.wait_for("Changed: profiles/ciso.yaml", deadline)
        shown = len(stderr.lines)
        stderr.wait_for("The build has problems", deadline)
        problems = "".join(stderr.lines[shown:-1])  # the problem is shown above the message
        assert "profiles/ciso.yaml:" in problems and "not closed" in problems
        assert process.poll() is None  # still watching
        shown = len(stderr.lines)

        profile.write_text(good.replace("updated: 2026-01-19", "updated: 2026-01-20"), encoding="utf-8")
        stderr.wait_for("Clean again: every output is up to date. Watching for changes", deadline)
        assert "profiles/ciso.yaml:" not in "".join(stderr.lines[shown:])
        stdout.wait_for("1 invalid profile skipped", deadline)  # the broken build's summary
        summary = stdout.wait_for(" built", deadline)  # the next one: the fixed build's
        assert "failed" not in summary and "invalid" not in summary
        report = json.loads((sample / "out/build-report.json").read_text(encoding="utf-8"))
        statuses = {o["path"]: o["status"] for o in report["outputs"]}
        assert statuses["out/sheets/lyon/ciso.pdf"] == "built" and set(statuses.values()) <= {"built", "up to date"}

        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
        rest = stderr.rest(timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == 0, rest
    assert "Stopped watching." in rest
    assert "Traceback" not in rest and "internal error" not in rest


def test_watch_filter_keeps_folders_that_only_start_like_out(tmp_path):
    from watchfiles import Change

    from metier.build.watch import WorkspaceFilter

    keep = WorkspaceFilter(tmp_path)
    assert keep(Change.modified, str(tmp_path / "outils/logo.svg"))
    assert keep(Change.modified, str(tmp_path / "outreach.yaml"))
    assert not keep(Change.modified, str(tmp_path / "out/sheets/lyon/ciso.pdf"))
    assert not keep(Change.modified, str(tmp_path / ".vscode/settings.json"))
    assert not keep(Change.modified, str(tmp_path / "profiles/.ciso.yaml.swp"))
