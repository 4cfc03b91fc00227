"""``lint(ws, paths=...)``: the findings of some files only, the same as a whole run's findings in those files."""

from __future__ import annotations

import pytest

from metier.lint.run import lint
from metier.load.workspace import load_workspace
from tests.conftest import edit_yaml

TODAY = "2026-12-01"


@pytest.fixture
def ws(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d.setdefault("lint", {}).update(today=TODAY, rules={"bogus-rule": "off"}))
    # a paragraph copied from one profile into another: a finding that needs every profile to be seen
    ciso = (sample / "profiles/ciso.yaml")
    edit_yaml(sample / "profiles/pentester.yaml", lambda d: d.update(
        introduction=__import__("yaml").safe_load(ciso.read_text("utf-8"))["introduction"]))
    return load_workspace(sample)


def test_findings_of_each_file_are_those_of_the_whole_run(ws):
    everything = lint(ws)
    assert {i.rule for i in everything} >= {"duplicate-text", "salary-mismatch", "updated-missing"}
    files = sorted({i.path for i in everything} | {"profiles/ciso.yaml", "metier.yaml"})
    for path in files:
        assert lint(ws, paths=[path]) == [i for i in everything if i.path == path], path
    assert lint(ws, paths=files) == everything
    assert lint(ws, paths=[]) == []


def test_a_copied_paragraph_is_found_when_checking_the_copy_alone(ws):
    found = lint(ws, paths=["profiles/pentester.yaml"])
    assert [i.rule for i in found if i.rule == "duplicate-text"]
