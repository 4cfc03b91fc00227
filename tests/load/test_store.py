"""The file store: unchanged files are not read again, changed ones always are, and a damaged store is ignored."""

from __future__ import annotations

import json
import os
import time

import pytest

from metier.load.store import RACY_NS, STORE_FILE, FileStore
from metier.load.workspace import load_workspace
from tests.conftest import edit_yaml


def age(root, seconds=60):
    """Make every file of the workspace look modified *seconds* ago (out of the racy window)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file() and "out" not in path.relative_to(root).parts[:1]:
            os.utime(path, (past, past))


def saved(root):
    """Load the workspace with a new store and save it, as a command does."""
    store = FileStore(root)
    ws = load_workspace(root, store=store)
    (root / "out").mkdir(exist_ok=True)
    store.save()
    return ws


@pytest.fixture
def aged(sample):
    age(sample)
    return sample


def test_a_saved_store_is_not_read_again(aged):
    first = saved(aged)
    store = FileStore.open(aged)
    ws = load_workspace(aged, store=store)
    assert store.reads == 0
    assert sorted(ws.profiles) == sorted(first.profiles)
    assert ws.profiles["ciso"] == first.profiles["ciso"]
    assert [str(i) for i in ws.issues] == [str(i) for i in first.issues]


def test_positions_come_back_from_the_file_when_an_issue_needs_them(aged):
    saved(aged)
    store = FileStore.open(aged)
    ws = load_workspace(aged, store=store)
    doc = ws.documents["profiles/ciso.yaml"]
    assert doc.locate(("title",)) == load_workspace(aged).documents["profiles/ciso.yaml"].locate(("title",))
    assert store.reads == 0  # positions are read by the document itself, not counted as a load


def test_a_changed_file_is_read_and_parsed_again(aged):
    saved(aged)
    edit_yaml(aged / "profiles/ciso.yaml", lambda d: d.update(title="RSSI"))
    store = FileStore.open(aged)
    ws = load_workspace(aged, store=store)
    assert store.reads == 1 and ws.profiles["ciso"].title == "RSSI"


def test_a_touched_file_keeps_its_parse(aged):
    saved(aged)
    os.utime(aged / "profiles/ciso.yaml")  # new stamp, same bytes
    store = FileStore.open(aged)
    before = store.records["profiles/ciso.yaml"].document
    ws = load_workspace(aged, store=store)
    assert store.reads == 1 and ws.documents["profiles/ciso.yaml"] is before


def test_a_file_read_right_after_it_was_written_is_read_again(sample):
    saved(sample)  # the files were just copied: inside the racy window
    store = FileStore.open(sample)
    load_workspace(sample, store=store)
    assert store.reads > 0
    record = store.records["profiles/ciso.yaml"]
    assert not record.trusted(record.stamp) or record.stamp[0] + RACY_NS < record.read_ns


def test_same_size_edit_within_the_same_stamp_is_seen(aged):
    path = aged / "profiles/ciso.yaml"
    saved(aged)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title:\u0020", 1).replace("a", "b", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same stamp: only the digest can tell...
    store = FileStore.open(aged)
    store.records["profiles/ciso.yaml"].read_ns = stat.st_mtime_ns + 1  # ...when the read was racy
    ws = load_workspace(aged, store=store)
    assert store.reads == 1
    assert ws.documents["profiles/ciso.yaml"].digest != ""


@pytest.mark.parametrize("content", [b"not json", b"[]", json.dumps({"format": 99}).encode(),
                                     json.dumps({"format": 1, "metier": "0.0.0", "files": {}}).encode()])
def test_a_damaged_or_foreign_store_is_ignored(aged, content):
    (aged / STORE_FILE).parent.mkdir(parents=True)
    (aged / STORE_FILE).write_bytes(content)
    store = FileStore.open(aged)
    assert store.records == {}
    assert sorted(load_workspace(aged, store=store).profiles) == sorted(load_workspace(aged).profiles)


def test_records_of_the_wrong_shape_are_read_from_the_files(aged):
    saved(aged)
    data = json.loads((aged / STORE_FILE).read_text(encoding="utf-8"))
    data["files"]["profiles/ciso.yaml"]["data"] = {"title": 12}  # never what the YAML reader makes
    data["files"]["profiles/pentester.yaml"]["stamp"] = "yesterday"
    (aged / STORE_FILE).write_text(json.dumps(data), encoding="utf-8")
    store = FileStore.open(aged)
    ws = load_workspace(aged, store=store)
    assert store.reads == 2
    assert ws.profiles["ciso"] == load_workspace(aged).profiles["ciso"]


def test_never_read_through_an_out_folder_that_links_elsewhere(aged, tmp_path):
    saved(aged)
    elsewhere = tmp_path / "elsewhere"
    (aged / "out").rename(elsewhere)
    (aged / "out").symlink_to(elsewhere)
    assert FileStore.open(aged).records == {}


def test_glyph_check_remembered_per_document_and_font_set(aged, monkeypatch):
    from metier.text import glyphs

    path = aged / "profiles/ciso.yaml"
    edit_yaml(path, lambda d: d.update(title="RSSI \u2615"))  # a character the bundled fonts lack
    age(aged)
    ws = saved(aged)
    first = glyphs.glyph_issues(ws)
    assert any(i.path == "profiles/ciso.yaml" for i in first)
    ws.store.save()
    store = FileStore.open(aged)
    again = load_workspace(aged, store=store)
    monkeypatch.setattr(glyphs, "_check_document", lambda *a: pytest.fail("checked again"))
    monkeypatch.setattr(glyphs, "_read_cmap", lambda *a: pytest.fail("font read again"))
    glyphs._COVERAGE.clear()
    assert glyphs.glyph_issues(again) == first


def test_no_op_build_in_a_fresh_process_reads_no_yaml(aged, metier, monkeypatch):
    from metier.load import store as store_module

    code, _, _ = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", "-j", "1", cwd=aged)
    assert code == 0
    stores = []
    real = store_module.FileStore.open

    def spy(root):
        stores.append(real(root))
        return stores[-1]

    monkeypatch.setattr(store_module.FileStore, "open", staticmethod(spy))
    code, out, _ = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", "-j", "1", cwd=aged)
    assert code == 0 and "up to date" in out
    assert stores and stores[0].reads == 0


def test_image_checks_remembered_per_file_digest(aged, monkeypatch):
    from metier.load import images

    ws = saved(aged)
    assert not [i for i in ws.issues if i.severity == "error"]
    monkeypatch.setattr(images, "image_problem", lambda *a: pytest.fail("image decoded again"))
    again = load_workspace(aged, store=FileStore.open(aged))
    assert again.profiles.keys() == ws.profiles.keys() and again.campuses.keys() == ws.campuses.keys()


def test_a_changed_image_is_checked_again(aged):
    saved(aged)
    photo = load_workspace(aged).profiles["prompt-engineer"].photo.file
    (aged / photo).write_bytes(b"GIF89a not really")
    age(aged)
    ws = load_workspace(aged, store=FileStore.open(aged))
    (issue,) = [i for i in ws.issues if i.field == "photo.file"]
    assert "damaged GIF image" in issue.message and "prompt-engineer" not in ws.profiles
