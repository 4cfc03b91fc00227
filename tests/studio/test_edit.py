"""Patching a YAML file's text: only the edited values change, every comment and line stays."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from metier.studio.edit import PatchError, patch

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ["metier.yaml", *sorted(p.relative_to(ROOT).as_posix() for folder in ("profiles", "campuses", "programmes")
                                  for p in (ROOT / folder).glob("*.yaml"))]


def changed_lines(before: str, after: str) -> list[str]:
    return [line[:1] + line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


@pytest.mark.parametrize("name", SAMPLES)
def test_no_change_is_byte_identical(name):
    text = (ROOT / name).read_text("utf-8")
    assert patch(text, {}) == text


def test_one_amount_changes_one_line():
    text = (ROOT / "profiles/prompt-engineer.yaml").read_text("utf-8")
    after = patch(text, {("summary", "salary_starting", "amount"): 4100})
    assert changed_lines(text, after) == ["-    amount: 5850", "+    amount: 4100"]
    assert [line for line in after.splitlines() if "#" in line] == [line for line in text.splitlines() if "#" in line]


def test_block_text_list_and_new_key():
    text = "# head\ntitle: A\nsummary:\n  rome:\n    code: M1802  # kept\n\n# tail comment\njob: |-\n  one\n  two\n\nend: x\n"
    after = patch(text, {("job",): "trois\n\nquatre", ("summary", "rome", "label"): "Expert: réseaux",
                         ("tags",): ["a", "b"]})
    data = yaml.safe_load(after)
    assert data["job"] == "trois\n\nquatre"
    assert data["summary"]["rome"] == {"code": "M1802", "label": "Expert: réseaux"}
    assert data["tags"] == ["a", "b"]
    for kept in ("# head", "code: M1802  # kept", "# tail comment", "end: x"):
        assert kept in after


def test_emptying_a_value_and_quotes_kept():
    text = "a: 'x'\nb: \"y\"\nc: z\n"
    after = patch(text, {("a",): "it's", ("b",): "w", ("c",): None})
    assert after == "a: 'it''s'\nb: \"w\"\nc:\n"


def test_a_path_through_a_scalar_is_refused():
    with pytest.raises(PatchError, match="YAML tab"):
        patch("title: A\n", {("title", "x"): "1"})
