"""Incremental builds: what a change rebuilds, the cache in out/.cache/, failures, the lock and the report.

Most tests start from one workspace built once for the module (every sheet,
both campuses' brochures, the Lyon salon brochure, the Lyon booklet and
flyers), copied with its files' modification times so that the copy's cache
is still valid, then change one thing and check exactly which outputs are
rendered again. Builds in this module use a fixed ``SOURCE_DATE_EPOCH``, so
that brochures (which depend on the build date) do not change at midnight.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from metier.build.cache import BuildCache, build_lock
from metier.build.run import build
from metier.build.targets import Output
from metier.build.worker import Renderer
from tests.conftest import copy_sample, edit_yaml, override_sheet_block, screen_only

EPOCH = 1780272000  # 2026-06-01, before the sample's events
STATE = "out/.cache/state.json"
REPORT = "out/build-report.json"
BASE_BUILDS = (dict(targets_=["sheets", "brochure", "salon-lyon"]),
               dict(targets_=["livret", "flyers"], campuses=["lyon"]))
PROFILES = ("ciso", "devsecops-engineer", "pentester", "prompt-engineer", "security-architect", "soc-analyst")
LYON_SHEETS = {f"out/sheets/lyon/{p}.pdf" for p in PROFILES}
PARIS_SHEETS = {f"out/sheets/paris/{p}.pdf" for p in PROFILES}
BROCHURES = {"out/brochure/lyon/brochure-lyon.pdf", "out/brochure/paris/brochure-paris.pdf"}
SALON = "out/salon-lyon/lyon/salon-lyon.pdf"


@pytest.fixture(scope="module", autouse=True)
def fixed_build_date():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        yield


@pytest.fixture(scope="module")
def built(tmp_path_factory, fixed_build_date) -> Path:
    """The sample workspace with every output of BASE_BUILDS built once (never changed by a test)."""
    root = screen_only(copy_sample(tmp_path_factory.mktemp("built") / "ws"))
    for request in BASE_BUILDS:
        result = build(root, **request)
        assert {o.status for o in result.outputs} == {"built"}
        assert result.warnings == 0 and not result.notices
    return root


@pytest.fixture
def ws(built, tmp_path) -> Path:
    """A copy of the built workspace (mtimes kept: its cache still says every output is up to date)."""
    return Path(shutil.copytree(built, tmp_path / "ws"))


def built_paths(result) -> set[str]:
    return {o.path for o in result.built}


def states(result) -> dict[str, str]:
    return {o.path: o.status for o in result.outputs}


def mtimes(root: Path, paths) -> dict[str, int]:
    return {p: (root / p).stat().st_mtime_ns for p in paths}


def cached(root: Path) -> dict[str, dict]:
    return json.loads((root / STATE).read_text(encoding="utf-8"))["outputs"]


def fail_for(profile_id: str, monkeypatch) -> None:
    """Make rendering *profile_id*'s outputs raise (in this process: jobs=1)."""
    real = Renderer.render

    def render(self, job):
        if job.output.profile == profile_id:
            raise RuntimeError("the printer ate it")
        return real(self, job)
    monkeypatch.setattr(Renderer, "render", render)


BROKEN_TEMPLATE = """\
{% extends "!layout/sheet.html.j2" %}
{% block body %}{% if profile.category == "Gouvernance" %}{{ profile.no_such_field }}{% endif %}{{ super() }}{% endblock %}
"""


# Nothing changed


def test_second_build_with_nothing_changed_renders_nothing(ws):
    before = cached(ws)
    entry = before["out/sheets/lyon/ciso.pdf"]
    state = json.loads((ws / STATE).read_text(encoding="utf-8"))
    state["outputs"]["out/sheets/lyon/ciso.pdf"]["warnings"] = ["a warning kept in the cache"]
    (ws / STATE).write_text(json.dumps(state), encoding="utf-8")
    times = mtimes(ws, before)
    results = [build(ws, **request) for request in BASE_BUILDS]
    outputs = [o for result in results for o in result.outputs]
    assert len(outputs) == len(before) == 23
    assert {o.status for o in outputs} == {"up to date"}
    assert mtimes(ws, before) == times
    assert {o.path: o.pages for o in outputs} == {p: e["pages"] for p, e in before.items()}
    assert {o.path: o.seconds for o in outputs if o.seconds} == {}
    (ciso,) = [o for o in outputs if o.path == "out/sheets/lyon/ciso.pdf"]
    assert ciso.pages == entry["pages"] == len(PdfReader(ws / ciso.path).pages)
    assert ciso.warnings == ["a warning kept in the cache"]
    assert all(not o.warnings for o in outputs if o is not ciso)


# What a change rebuilds


def test_edited_profile_rebuilds_only_its_own_sheets(ws, built):
    edit_yaml(ws / "profiles/prompt-engineer.yaml",
              lambda d: d.update(introduction=d["introduction"] + "\n\nUne phrase ajoutée."))
    others = (LYON_SHEETS | PARIS_SHEETS) - {"out/sheets/lyon/prompt-engineer.pdf", "out/sheets/paris/prompt-engineer.pdf"}
    times = mtimes(ws, others)
    result = build(ws, targets_=["sheets"])
    assert built_paths(result) == {"out/sheets/lyon/prompt-engineer.pdf", "out/sheets/paris/prompt-engineer.pdf"}
    assert {states(result)[p] for p in others} == {"up to date"}
    assert mtimes(ws, others) == times
    for path in built_paths(result):
        assert (ws / path).read_bytes() != (built / path).read_bytes()
        assert "Une phrase ajoutée." in "".join(page.extract_text() for page in PdfReader(ws / path).pages)


def test_edited_profile_rebuilds_the_brochures_that_include_it_only(ws):
    edit_yaml(ws / "profiles/prompt-engineer.yaml",
              lambda d: d.update(introduction=d["introduction"] + "\n\nUne phrase ajoutée."))
    times = mtimes(ws, [SALON])
    result = build(ws, targets_=["brochure", "salon-lyon"], campuses=["lyon"])
    assert states(result) == {"out/brochure/lyon/brochure-lyon.pdf": "built", SALON: "up to date"}
    brochure, salon = result.outputs
    assert "prompt-engineer" in brochure.profiles and "prompt-engineer" not in salon.profiles
    assert mtimes(ws, [SALON]) == times


def test_campus_layout_file_rebuilds_only_that_campus_sheets(ws, built):
    folder = ws / "campuses/lyon/layouts/job-sheet"
    folder.mkdir(parents=True)
    (folder / "custom.css").write_text(".band .kicker { letter-spacing: 0.2em; }\n", encoding="utf-8")
    result = build(ws, targets_=["sheets", "brochure"])
    assert built_paths(result) == LYON_SHEETS
    assert {states(result)[p] for p in PARIS_SHEETS | BROCHURES} == {"up to date"}
    (lyon,) = [o for o in result.outputs if o.path == "out/sheets/lyon/ciso.pdf"]
    (paris,) = [o for o in result.outputs if o.path == "out/sheets/paris/ciso.pdf"]
    assert "campuses/lyon/layouts/job-sheet/custom.css" in lyon.inputs
    assert not any(name.startswith("campuses/lyon/") for name in paris.inputs)
    assert (ws / lyon.path).read_bytes() != (built / lyon.path).read_bytes()  # the rule is really used


def test_workspace_layout_replacing_a_builtin_one_rebuilds_its_outputs_only(ws, metier):
    code, out, _ = metier("new", "layout", "job-sheet", cwd=ws)
    assert code == 0 and (ws / "layouts/job-sheet/sheet.css").is_file()
    with open(ws / "layouts/job-sheet/sheet.css", "a", encoding="utf-8") as css:
        css.write("\nh1 { letter-spacing: 0.01em; }\n")
    result = build(ws, targets_=["sheets"], profiles=["ciso"])
    assert states(result) == {"out/sheets/lyon/ciso.pdf": "built", "out/sheets/paris/ciso.pdf": "built"}
    assert all("layouts/job-sheet/sheet.css" in o.inputs for o in result.outputs)
    others = build(ws, targets_=["brochure", "salon-lyon", "livret", "flyers"], campuses=["lyon"])
    assert {o.status for o in others.outputs} == {"up to date"}


def test_edited_campus_file_rebuilds_only_that_campus_outputs(ws):
    def change(data):
        data["access"] += " Parking à vélos dans la cour."
    edit_yaml(ws / "campuses/paris.yaml", change)
    result = build(ws, targets_=["sheets", "brochure", "salon-lyon"])
    assert built_paths(result) == PARIS_SHEETS | {"out/brochure/paris/brochure-paris.pdf"}
    assert {o.status for o in result.outputs if o.campus == "lyon"} == {"up to date"}


def test_deleted_output_is_rebuilt_alone(ws, built):
    (ws / "out/sheets/paris/ciso.pdf").unlink()
    result = build(ws, targets_=["sheets"])
    assert built_paths(result) == {"out/sheets/paris/ciso.pdf"}
    assert len(result.up_to_date) == 11
    assert (ws / "out/sheets/paris/ciso.pdf").read_bytes() == (built / "out/sheets/paris/ciso.pdf").read_bytes()


def test_output_replaced_by_another_file_is_rebuilt(ws, built):
    path = "out/sheets/lyon/pentester.pdf"
    shutil.copyfile(ws / "out/sheets/lyon/ciso.pdf", ws / path)
    result = build(ws, targets_=["sheets"], campuses=["lyon"])
    assert built_paths(result) == {path}
    assert (ws / path).read_bytes() == (built / path).read_bytes()


def test_force_rebuilds_up_to_date_outputs(ws):
    paths = {"out/sheets/lyon/ciso.pdf", "out/sheets/lyon/pentester.pdf"}
    times = mtimes(ws, paths)
    result = build(ws, targets_=["sheets"], campuses=["lyon"], profiles=["ciso", "pentester"], force=True)
    assert states(result) == dict.fromkeys(paths, "built")
    assert all(mtimes(ws, paths)[p] != times[p] for p in paths)
    again = build(ws, targets_=["sheets"], campuses=["lyon"], profiles=["ciso", "pentester"])
    assert {o.status for o in again.outputs} == {"up to date"}


# An unreadable cache


@pytest.mark.parametrize("content", [
    b"\xff{ not json",
    b'{"format": 1, "outputs": {"out/sheets/lyon/ciso.pdf": {"key": 3}}}',
    b'{"format": 99, "outputs": {}}',
    b"[]",
], ids=["garbage", "wrong-entry", "other-format", "list"])
def test_unreadable_cache_gives_a_full_build_then_incremental_again(ws, content):
    (ws / STATE).write_bytes(content)
    narrow = dict(targets_=["sheets"], campuses=["lyon"], profiles=["ciso", "pentester"])
    result = build(ws, **narrow)
    assert {o.status for o in result.outputs} == {"built"} and len(result.outputs) == 2
    (notice,) = result.notices
    assert "cache" in notice and STATE in notice
    assert set(cached(ws)) == {"out/sheets/lyon/ciso.pdf", "out/sheets/lyon/pentester.pdf"}
    again = build(ws, **narrow)
    assert {o.status for o in again.outputs} == {"up to date"} and not again.notices


def test_unreadable_cache_is_a_warning_of_the_cli(ws, metier):
    (ws / STATE).write_text("{", encoding="utf-8")
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", "-j", "1", cwd=ws)
    assert code == 0
    assert f"warning: the build cache ({STATE}) could not be read; building everything again" in err
    assert "1 sheet built" in out
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", "-j", "1", cwd=ws)
    assert code == 0 and "cache" not in err and "1 up to date" in out


# Failures


def test_failed_output_keeps_its_previous_pdf_and_is_tried_again(ws, monkeypatch):
    path = "out/sheets/lyon/ciso.pdf"
    good, good_time = (ws / path).read_bytes(), (ws / path).stat().st_mtime_ns
    fail_for("ciso", monkeypatch)
    result = build(ws, targets_=["sheets"], campuses=["lyon"], force=True)
    (failed,) = result.failed
    assert failed.path == path
    assert failed.error == f"could not render {path}: RuntimeError: the printer ate it"
    assert built_paths(result) == LYON_SHEETS - {path}
    assert (ws / path).read_bytes() == good and (ws / path).stat().st_mtime_ns == good_time
    assert path not in cached(ws) and LYON_SHEETS - {path} <= set(cached(ws))
    monkeypatch.undo()
    again = build(ws, targets_=["sheets"], campuses=["lyon"])
    assert states(again) == {**dict.fromkeys(LYON_SHEETS, "up to date"), path: "built"}


def test_template_error_for_one_profile_fails_only_that_output(ws, metier):
    path = "out/sheets/lyon/ciso.pdf"  # the only profile in category Gouvernance
    good = (ws / path).read_bytes()
    folder = ws / "campuses/lyon/layouts/job-sheet"
    folder.mkdir(parents=True)
    (folder / "sheet.html.j2").write_text(BROKEN_TEMPLATE, encoding="utf-8")
    code, out, err = metier("build", "sheets", "--campus", "lyon", "-j", "1", cwd=ws)
    assert code == 3
    assert f"{path}: error: template campuses/lyon/layouts/job-sheet/sheet.html.j2, line 2: " in err
    assert "no_such_field" in err
    assert "5 sheets built" in out and "1 failed" in out
    report = json.loads((ws / REPORT).read_text(encoding="utf-8"))
    assert {o["path"]: o["status"] for o in report["outputs"]} == {**dict.fromkeys(LYON_SHEETS, "built"), path: "failed"}
    assert (ws / path).read_bytes() == good
    again = build(ws, targets_=["sheets"], campuses=["lyon"])
    assert states(again) == {**dict.fromkeys(LYON_SHEETS, "up to date"), path: "failed"}


# Strict builds


def test_output_cached_with_warnings_is_not_fresh_in_strict_mode(tmp_path):
    output = Output("sheets", "sheet", "lyon", "out/sheets/lyon/ciso.pdf", "ciso", key="k1")
    (tmp_path / "out/sheets/lyon").mkdir(parents=True)
    (tmp_path / output.path).write_bytes(b"%PDF-1.7 a sheet")
    cache = BuildCache(tmp_path)
    cache.record(output)
    assert cache.fresh(output) and cache.fresh(output, strict=True)
    cache.entries[output.path]["warnings"] = ["over the page budget"]
    assert cache.fresh(output)
    assert not cache.fresh(output, strict=True)
    output.key = "k2"
    assert not cache.fresh(output)


def test_strict_build_renders_again_an_output_cached_with_warnings(ws):
    state = json.loads((ws / STATE).read_text(encoding="utf-8"))
    state["outputs"]["out/sheets/lyon/ciso.pdf"]["warnings"] = ["over the page budget"]
    (ws / STATE).write_text(json.dumps(state), encoding="utf-8")
    narrow = dict(targets_=["sheets"], campuses=["lyon"], profiles=["ciso", "pentester"])
    assert {o.status for o in build(ws, **narrow).outputs} == {"up to date"}
    result = build(ws, **narrow, strict=True)
    assert states(result) == {"out/sheets/lyon/ciso.pdf": "built", "out/sheets/lyon/pentester.pdf": "up to date"}
    assert cached(ws)["out/sheets/lyon/ciso.pdf"]["warnings"] == []


# One build at a time


def test_concurrent_builds_of_one_workspace_both_succeed(sample):
    screen_only(sample)
    command = [sys.executable, "-m", "metier", "build", "sheets", "--campus", "lyon", "-j", "1"]
    processes = [subprocess.Popen(command, cwd=sample, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    finished = [(*p.communicate(timeout=120), p.returncode) for p in processes]
    assert [code for _, _, code in finished] == [0, 0], finished
    summaries = sorted(out for out, _, _ in finished)
    assert summaries[0].startswith("0 outputs built, 6 up to date")  # the second waited, then found all done
    assert summaries[1].startswith("6 sheets built")
    entries = cached(sample)
    assert set(entries) == LYON_SHEETS
    for path, entry in entries.items():
        assert len(PdfReader(sample / path).pages) == entry["pages"]
        assert (sample / path).stat().st_size == entry["size"]
    assert not list((sample / "out").rglob("*.part"))


def test_build_lock_makes_a_second_holder_wait(tmp_path):
    events, held, release = [], threading.Event(), threading.Event()

    def first():
        with build_lock(tmp_path, on_wait=lambda: events.append("first waited")):
            held.set()
            release.wait(10)
            events.append("first done")
    thread = threading.Thread(target=first)
    thread.start()
    assert held.wait(10)

    def on_wait():
        events.append("second waits")
        threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    with build_lock(tmp_path, on_wait=on_wait):
        events.append("second holds")
    thread.join(10)
    assert events == ["second waits", "first done", "second holds"]
    assert time.monotonic() - started >= 0.3
    with build_lock(tmp_path, on_wait=lambda: events.append("waited for nobody")):
        pass
    assert events[-1] == "second holds"


# Reproducible outputs


def test_building_from_scratch_again_gives_identical_bytes(built, tmp_path):
    other = screen_only(copy_sample(tmp_path / "elsewhere"))
    result = build(other, targets_=["sheets", "salon-lyon", "livret", "flyers"], campuses=["lyon"])
    assert {o.kind for o in result.outputs} == {"sheet", "brochure", "booklet", "flyer", "flyer-sheet"}
    assert {o.status for o in result.outputs} == {"built"}
    different = [o.path for o in result.outputs if (other / o.path).read_bytes() != (built / o.path).read_bytes()]
    assert different == []


def test_source_date_epoch_is_the_brochure_creation_date(ws, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1789473600))  # 2026-09-15 12:00 UTC
    result = build(ws, targets_=["salon-lyon"])
    assert states(result) == {SALON: "built"}  # the build date is an input of brochures
    created = PdfReader(ws / SALON).metadata.creation_date
    assert created.date() == dt.date(2026, 9, 15)


# The report


def test_build_report_lists_every_output_and_the_input_problems(ws, monkeypatch):
    text = (ws / "profiles/ciso.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("  employability: very-good") + 1
    (ws / "profiles/zz-broken.yaml").write_text(text.replace("employability: very-good", "employability: superb"),
                                                encoding="utf-8")
    for name in ("ciso", "pentester"):
        (ws / f"out/sheets/lyon/{name}.pdf").unlink()
    fail_for("ciso", monkeypatch)
    build(ws, targets_=["sheets", "brochure"], campuses=["lyon"])
    report = json.loads((ws / REPORT).read_text(encoding="utf-8"))
    assert report["summary"] == {"built": 1, "up to date": 5, "failed": 1, "warnings": 0, "input problems": 1}
    outputs = {o["path"]: o for o in report["outputs"]}
    assert set(outputs) == LYON_SHEETS | {"out/brochure/lyon/brochure-lyon.pdf"}
    ciso = outputs["out/sheets/lyon/ciso.pdf"]
    assert {k: ciso[k] for k in ("target", "kind", "campus", "profile", "status", "pages", "warnings", "error")} == {
        "target": "sheets", "kind": "sheet", "campus": "lyon", "profile": "ciso", "status": "failed", "pages": 0,
        "warnings": [], "error": "could not render out/sheets/lyon/ciso.pdf: RuntimeError: the printer ate it"}
    assert {"profiles/ciso.yaml", "campuses/lyon.yaml", "metier:layouts/job-sheet/sheet.css",
            "metier:layouts/base/base.html.j2"} <= set(ciso["inputs"])
    assert "profiles/pentester.yaml" not in ciso["inputs"]
    pentester = outputs["out/sheets/lyon/pentester.pdf"]
    assert pentester["status"] == "built" and pentester["seconds"] > 0
    assert pentester["pages"] == len(PdfReader(ws / pentester["path"]).pages)
    assert pentester["key"] == cached(ws)[pentester["path"]]["key"] and len(pentester["key"]) == 64
    brochure = outputs["out/brochure/lyon/brochure-lyon.pdf"]
    assert brochure["status"] == "up to date" and brochure["seconds"] == 0 and "profile" not in brochure
    assert sorted(brochure["profiles"]) == sorted(PROFILES)
    assert "metier:layouts/brochure/brochure.html.j2" in brochure["inputs"]
    (problem,) = report["input problems"]
    assert problem["file"] == "profiles/zz-broken.yaml" and problem["field"] == "summary.employability"
    assert (problem["line"], problem["column"]) == (line, len("  employability: ") + 1)
    assert problem["severity"] == "error" and "superb" in problem["message"]

    monkeypatch.undo()
    build(ws, targets_=["sheets", "brochure"], campuses=["lyon"])
    report = json.loads((ws / REPORT).read_text(encoding="utf-8"))
    assert report["summary"] == {"built": 1, "up to date": 6, "failed": 0, "warnings": 0, "input problems": 1}
    ciso = {o["path"]: o for o in report["outputs"]}["out/sheets/lyon/ciso.pdf"]
    assert ciso["status"] == "built" and ciso["error"] is None and ciso["pages"] == 4


# Worker processes


def test_workers_give_the_same_outputs_as_one_process(ws, built):
    result = build(ws, targets_=["sheets"], campuses=["lyon"], jobs=2, force=True)
    assert states(result) == dict.fromkeys(LYON_SHEETS, "built")
    for output in result.outputs:
        assert (ws / output.path).read_bytes() == (built / output.path).read_bytes()
        assert output.pages == cached(built)[output.path]["pages"]
    assert set(cached(ws)) == set(cached(built))


def test_an_edit_saved_while_the_build_waits_is_never_recorded_as_built(ws):
    """The key hashes the profile as it was read, not as it is when the lock is free."""
    narrow = dict(targets_=["sheets"], campuses=["lyon"], profiles=["ciso"])
    held, release = threading.Event(), threading.Event()

    def other_build():
        with build_lock(ws):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=other_build)
    thread.start()
    held.wait(10)

    def on_wait():  # the user saves the profile while this build waits for the other one
        edit_yaml(ws / "profiles/ciso.yaml", lambda d: d.update(introduction=d["introduction"] + " PHRASE-NOUVELLE."))
        release.set()

    build(ws, **narrow, on_wait=on_wait)
    thread.join()
    again = build(ws, **narrow)
    assert states(again) == {"out/sheets/lyon/ciso.pdf": "built"}
    text = "".join(page.extract_text() for page in PdfReader(ws / "out/sheets/lyon/ciso.pdf").pages)
    assert "PHRASE-NOUVELLE" in text


def test_a_workspace_file_a_template_shows_is_an_input(ws):
    override_sheet_block(ws, "body", '<img src="{{ \'assets/badge.svg\' | workspace_file }}" alt="Badge" '
                                     'style="width: 2cm">{{ super() }}')
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="{}"/></svg>'
    (ws / "assets/badge.svg").write_text(svg.format("red"), encoding="utf-8")
    narrow = dict(targets_=["sheets"], campuses=["lyon"], profiles=["ciso"])
    first = build(ws, **narrow)
    assert states(first) == {"out/sheets/lyon/ciso.pdf": "built"}
    assert "assets/badge.svg" in cached(ws)["out/sheets/lyon/ciso.pdf"]["files"]
    report = json.loads((ws / "out/build-report.json").read_text(encoding="utf-8"))
    assert "assets/badge.svg" in report["outputs"][0]["inputs"]
    assert states(build(ws, **narrow)) == {"out/sheets/lyon/ciso.pdf": "up to date"}
    (ws / "assets/badge.svg").write_text(svg.format("blue"), encoding="utf-8")
    assert states(build(ws, **narrow)) == {"out/sheets/lyon/ciso.pdf": "built"}
