"""The resident workspace: after every kind of change, the same workspace, outputs and keys as a fresh load."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from metier.build.fingerprint import Fingerprints
from metier.build.targets import plan
from metier.load.resident import ResidentWorkspace
from metier.load.workspace import load_workspace
from tests.conftest import edit_yaml


def fresh_state(root):
    """What a fresh process sees: issues, valid and invalid files, every output with its key."""
    ws = load_workspace(root)
    outputs = {}
    if not ws.fatal:
        prints = Fingerprints(ws)
        outputs = {o.path: prints.of(o).key for o in plan(ws)}
    return _state(ws, outputs)


def resident_state(rw: ResidentWorkspace):
    ws = rw.workspace
    return _state(ws, {o.path: o.key for o in rw.outputs()})


def _state(ws, outputs):
    return {
        "issues": sorted(str(i) for i in ws.issues),
        "profiles": sorted(ws.profiles), "campuses": sorted(ws.campuses), "programmes": sorted(ws.programmes),
        "invalid": {k: sorted(v) for k, v in ws.invalid.items()},
        "outputs": outputs,
    }


@pytest.fixture
def resident(sample):
    return ResidentWorkspace(sample)


def check_change(rw, root, names):
    """Update *rw* with *names* and compare it with a fresh load; the changes it reported."""
    before = {o.path: o.key for o in rw.outputs()}
    changes = rw.update(names)
    state = resident_state(rw)
    assert state == fresh_state(root)
    after = state["outputs"]
    assert changes.outputs == {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    return changes


def test_opened_like_a_fresh_load(resident, sample):
    assert resident_state(resident) == fresh_state(sample)


def test_profile_edited(resident, sample):
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d["summary"]["salary_starting"].update(amount="4100"))
    changes = check_change(resident, sample, ["profiles/ciso.yaml"])
    assert changes.files == {"profiles/ciso.yaml"}
    assert changes.outputs  # its sheets and flyers, and the brochures that include it
    assert all("ciso" in p or "brochure" in p or "livret" in p or "salon" in p or "2up" in p for p in changes.outputs)
    assert "out/sheets/lyon/pentester.pdf" not in changes.outputs


def test_profile_title_reaches_the_sheets_that_print_it(resident, sample):
    edit_yaml(sample / "profiles/soc-analyst.yaml", lambda d: d.update(title="Analyste SOC (niveau 1)"))
    changes = check_change(resident, sample, ["profiles/soc-analyst.yaml"])
    assert "out/sheets/lyon/pentester.pdf" in changes.outputs  # titles are printed by related-job chips
    assert "out/sheets/lyon/devsecops-engineer.pdf" not in changes.outputs  # it does not name soc-analyst


def test_profile_added_deleted_and_renamed(resident, sample):
    shutil.copyfile(sample / "profiles/ciso.yaml", sample / "profiles/ciso-adjoint.yaml")
    changes = check_change(resident, sample, ["profiles/ciso-adjoint.yaml"])
    assert "out/sheets/lyon/ciso-adjoint.pdf" in changes.outputs
    (sample / "profiles/ciso-adjoint.yaml").rename(sample / "profiles/rssi-adjoint.yaml")
    changes = check_change(resident, sample, ["profiles/ciso-adjoint.yaml", "profiles/rssi-adjoint.yaml"])
    assert {"out/sheets/lyon/ciso-adjoint.pdf", "out/sheets/lyon/rssi-adjoint.pdf"} <= changes.outputs
    (sample / "profiles/rssi-adjoint.yaml").unlink()
    changes = check_change(resident, sample, ["profiles/rssi-adjoint.yaml"])
    assert "out/sheets/lyon/rssi-adjoint.pdf" in changes.outputs
    assert "rssi-adjoint" not in resident.workspace.profiles


def test_campus_change_touches_that_campus_only(resident, sample):
    edit_yaml(sample / "campuses/lyon.yaml", lambda d: d["colours"].update(primary="#224466"))
    changes = check_change(resident, sample, ["campuses/lyon.yaml"])
    assert changes.outputs and all("/lyon/" in p or "salon" in p for p in changes.outputs)


def test_programme_change(resident, sample):
    name = sorted(p.name for p in (sample / "programmes").glob("*.yaml"))[0]
    edit_yaml(sample / "programmes" / name, lambda d: d.update(name=d["name"] + " (nouveau)"))
    assert check_change(resident, sample, [f"programmes/{name}"]).outputs


def test_layout_file_change(resident, sample):
    css = sample / "layouts" / "job-sheet" / "custom.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text("h1 { letter-spacing: 0.01em; }\n", encoding="utf-8")
    changes = check_change(resident, sample, ["layouts/job-sheet/custom.css"])
    assert "out/sheets/lyon/ciso.pdf" in changes.outputs
    assert not any("brochure" in p for p in changes.outputs)


def test_project_file_change(resident, sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["school"].update(name=d["school"]["name"] + " Sup"))
    changes = check_change(resident, sample, ["metier.yaml"])
    assert len(changes.outputs) == len(resident.outputs())  # everything prints the school


def test_file_made_invalid_then_valid_again(resident, sample):
    path = sample / "profiles/ciso.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("amount: ", "amount: x", 1), encoding="utf-8")
    check_change(resident, sample, ["profiles/ciso.yaml"])
    assert "ciso" in resident.workspace.invalid["profiles"]
    assert any(i.path == "profiles/ciso.yaml" for i in resident.workspace.issues)
    path.write_text("title: [unclosed\n", encoding="utf-8")
    check_change(resident, sample, ["profiles/ciso.yaml"])
    path.write_text(good, encoding="utf-8")
    check_change(resident, sample, ["profiles/ciso.yaml"])
    assert "ciso" in resident.workspace.profiles


def test_project_file_made_invalid(resident, sample):
    path = sample / "metier.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text("school: [\n", encoding="utf-8")
    check_change(resident, sample, ["metier.yaml"])
    assert resident.workspace.fatal and resident.outputs() == []
    path.write_text(good, encoding="utf-8")
    check_change(resident, sample, ["metier.yaml"])
    assert not resident.workspace.fatal


def test_only_the_changed_file_is_read_again(resident, sample):
    reads = resident.store.reads
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(title="RSSI"))
    resident.update(["profiles/ciso.yaml"])
    assert resident.store.reads == reads + 1


def test_refresh_finds_what_changed(resident, sample):
    time.sleep(0.01)
    edit_yaml(sample / "profiles/pentester.yaml", lambda d: d.update(title="Pentesteur"))
    shutil.copyfile(sample / "profiles/ciso.yaml", sample / "profiles/ciso-2.yaml")
    changes = resident.refresh()
    assert {"profiles/pentester.yaml", "profiles/ciso-2.yaml"} <= changes.files
    assert resident_state(resident) == fresh_state(sample)


def test_the_previous_workspace_is_never_changed(resident, sample):
    old = resident.workspace
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(title="RSSI"))
    resident.update(["profiles/ciso.yaml"])
    assert old.profiles["ciso"].title != "RSSI" and resident.workspace.profiles["ciso"].title == "RSSI"


def test_stale_outputs_against_the_build_cache(resident, sample):
    from metier.build.run import build
    from tests.conftest import screen_only

    screen_only(sample)
    resident.update(["metier.yaml"])
    chosen = ["ciso", "prompt-engineer", "pentester"]
    build(resident.workspace, targets_=["sheets"], campuses=["lyon"], profiles=chosen)
    assert resident.stale(["sheets"], campuses=["lyon"], profiles=chosen) == []
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(title="RSSI"))
    resident.update(["profiles/ciso.yaml"])
    stale = {o.path for o in resident.stale(["sheets"], campuses=["lyon"], profiles=chosen)}
    assert stale == {"out/sheets/lyon/ciso.pdf", "out/sheets/lyon/prompt-engineer.pdf"}  # it names ciso
    # outputs already planned are checked as they are, without planning again
    planned = resident.outputs(["sheets"], campuses=["lyon"], profiles=chosen)
    assert {o.path for o in resident.stale(outputs=planned)} == stale
    assert resident.stale(outputs=planned[:1]) == [o for o in planned[:1] if o.path in stale]


def test_draft_validates_unsaved_text_and_changes_nothing(resident, sample):
    path = sample / "profiles/ciso.yaml"
    text = path.read_text(encoding="utf-8").replace("amount: ", "amount: x", 1)
    draft = resident.draft("profiles/ciso.yaml", text)
    issues = [i for i in draft.issues if i.path == "profiles/ciso.yaml"]
    assert issues and "expected a number" in issues[0].message and issues[0].line > 1
    assert "ciso" in draft.invalid["profiles"]
    assert "ciso" in resident.workspace.profiles
    assert resident_state(resident) == fresh_state(sample)
    new = resident.draft("profiles/new-job.yaml", path.read_text(encoding="utf-8"))
    assert "new-job" in new.profiles and not (sample / "profiles/new-job.yaml").exists()


def test_render_one_output_warm_and_from_a_draft(resident, sample):
    (sheet,) = [o for o in resident.outputs(["sheets"], campuses=["lyon"], profiles=["ciso"]) if o.variant == "screen"]
    first = resident.render(sheet)
    assert first.output.status == "built" and first.pdf.startswith(b"%PDF") and first.output.pages >= 1
    text = (sample / "profiles/ciso.yaml").read_text(encoding="utf-8")
    draft = resident.draft("profiles/ciso.yaml", text.replace("title: ", "title: Nouveau ", 1))
    again = resident.render(sheet, draft)
    assert again.output.status == "built" and again.pdf != first.pdf
    assert resident._renderer[1].documents.pdf is not None
    assert not (sample / sheet.path).exists()  # rendering never writes out/
    assert sheet.status == "pending"  # the caller's output is left alone


def test_watch_updates_then_calls_back(resident, sample):
    calls, stop = [], threading.Event()
    seen = threading.Condition()

    def on_change(changes):
        with seen:
            calls.append(changes)
            seen.notify_all()

    thread = threading.Thread(target=resident.watch, args=(on_change,), kwargs={"stop": stop}, daemon=True)
    thread.start()
    try:
        with seen:
            assert seen.wait_for(lambda: calls, 10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(title=f"RSSI {time.monotonic()}"))
            with seen:
                if seen.wait_for(lambda: any("profiles/ciso.yaml" in c.files for c in calls), 1):
                    break
        assert any("profiles/ciso.yaml" in c.files for c in calls)
        assert resident.workspace.profiles["ciso"].title.startswith("RSSI")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_content_rules_read_the_drafted_text(resident, sample):
    from metier.lint.registry import Context

    text = (sample / "profiles/ciso.yaml").read_text(encoding="utf-8")
    marked = text.replace("\ntitle:", "\n# metier-ignore: updated-missing -- a test\ntitle:", 1)
    assert marked != text
    draft = resident.draft("profiles/ciso.yaml", marked)
    assert "# metier-ignore: updated-missing -- a test" in Context(draft, draft.project.lint).lines("profiles/ciso.yaml")
    ws = resident.workspace
    assert "# metier-ignore: updated-missing -- a test" not in Context(ws, ws.project.lint).lines("profiles/ciso.yaml")
