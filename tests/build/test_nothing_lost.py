"""Nothing lost: Ctrl-C, a read-only or full out/, a build killed while writing; the next build recovers."""

import errno
import signal
import subprocess
import sys
import tempfile
import time

from pypdf import PdfReader

from metier.build.run import build
from tests.conftest import screen_only


def test_ctrl_c_keeps_what_was_built_and_the_next_build_finishes_the_rest(sample):
    screen_only(sample)
    process = subprocess.Popen([sys.executable, "-m", "metier", "build", "sheets", "-j", "1"], cwd=sample,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((sample / "out").rglob("*.pdf"))) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, (out, err)
    assert "Interrupted." in err and "Traceback" not in err
    done = sorted((sample / "out").rglob("*.pdf"))
    assert 2 <= len(done) < 12
    for path in done:  # every file there is whole
        assert len(PdfReader(path).pages) >= 1
    assert not list((sample / "out").rglob("*.part"))
    again = build(sample, targets_=["sheets"], jobs=1)
    states = [o.status for o in again.outputs]
    assert states.count("built") == 12 - states.count("up to date") and states.count("up to date") >= 1
    assert all(s in ("built", "up to date") for s in states)


def test_a_build_killed_while_writing_leaves_a_part_file_the_next_build_removes(sample):
    screen_only(sample)
    folder = sample / "out/sheets/lyon"
    folder.mkdir(parents=True)
    stale = folder / ".ciso.pdf.x8k2j1.part"
    stale.write_bytes(b"%PDF-1.7 half a file")
    result = build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"], jobs=1)
    assert [o.status for o in result.outputs] == ["built"]
    assert not stale.exists() and not list((sample / "out").rglob("*.part"))


def test_a_read_only_out_folder_fails_the_outputs_and_keeps_the_previous_files(metier, sample, monkeypatch):
    screen_only(sample)
    code, _, _ = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", cwd=sample)
    assert code == 0
    target = sample / "out/sheets/lyon/ciso.pdf"
    good = target.read_bytes()
    (sample / "profiles/ciso.yaml").write_text((sample / "profiles/ciso.yaml").read_text("utf-8") + "\n", "utf-8")  # rebuild it

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", cwd=sample)
    assert code == 3 and "Traceback" not in err
    assert "could not write out/sheets/lyon/ciso.pdf: Read-only file system" in err
    assert "warning: could not write out/build-report.json: Read-only file system" in err
    assert target.read_bytes() == good
    monkeypatch.undo()
    code, out, _ = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", cwd=sample)
    assert code == 0 and out.startswith("1 sheet built")  # recovered by itself: the failure was not cached
