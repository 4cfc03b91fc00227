"""``metier.scaffold``: new profiles from the template, whatever their title holds."""

from __future__ import annotations

import pytest

from metier.errors import MetierError
from metier.load.workspace import load_workspace
from metier.scaffold import new_profile, suggest_id


def test_a_title_with_quotes_backslashes_and_line_breaks_stays_text(sample):
    title = 'Le "hacker" \\ éthique\nsalary: 1'
    path = new_profile(sample, "hacker-ethique", title)
    ws = load_workspace(sample)
    assert ws.profiles["hacker-ethique"].title == 'Le "hacker" \\ éthique salary: 1'
    assert not [i for i in ws.issues if i.path == "profiles/hacker-ethique.yaml" and i.severity == "error"]
    assert path.read_text("utf-8").count("\nsalary: 1") == 0


def test_an_existing_profile_is_never_replaced(sample):
    before = (sample / "profiles/ciso.yaml").read_bytes()
    with pytest.raises(MetierError, match="already exists"):
        new_profile(sample, "ciso", "Autre")
    assert (sample / "profiles/ciso.yaml").read_bytes() == before


@pytest.mark.parametrize("title, expected", [("Architecte cloud", "architecte-cloud"),
                                             ("Ingénieur·e DevSecOps (H/F)", "ingenieure-devsecops-h-f"),
                                             ("!!!", "my-profile"), ("a" * 100, "a" * 60)])
def test_suggest_id(title, expected):
    assert suggest_id(title) == expected
