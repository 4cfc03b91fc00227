"""The HTML stage: a golden snapshot of the seed profile's sheet, and the spaces French needs.

Text extracted from a PDF turns U+00A0 and U+202F into plain spaces, so the
non-breaking spaces are checked here, in the HTML. Regenerate the snapshot with
``pytest --update-golden`` and review the diff.
"""

from pathlib import Path

import pytest

from metier.load.workspace import load_workspace
from metier.render.sheet import SheetRenderer
from tests.conftest import check_golden, edit_yaml

GOLDEN = Path(__file__).parent / "golden"
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def renderer(sample_readonly):
    return SheetRenderer(load_workspace(sample_readonly))


@pytest.mark.parametrize("profile, campus", [("prompt-engineer", "lyon"), ("ciso", "paris")])
def test_golden_html(renderer, update_golden, profile, campus):
    check_golden(GOLDEN / f"{profile}-{campus}.html", renderer.html(profile, campus), update_golden)


def test_french_spaces_in_the_seed_sheet(renderer):
    html = renderer.html("prompt-engineer", "lyon")
    assert '<html lang="fr">' in html
    # Amounts formatted by the locale, never "5850" or "5 850,00", and unbreakable.
    assert f"5{NNBSP}850{NBSP}€{NBSP}brut{NBSP}/{NBSP}mois" in html
    assert f"16{NNBSP}150{NBSP}€{NBSP}brut{NBSP}/{NBSP}mois" in html
    assert "5850" not in html and "5 850,00" not in html
    # The salary section keeps the seed's own figures, with their spaces.
    assert f"3{NNBSP}100{NBSP}€" in html and f"6{NNBSP}800{NBSP}€" in html
    # High punctuation and guillemets.
    assert f"Quelle formation{NNBSP}?" in html
    assert f"«{NNBSP}" in html and f"{NNBSP}»" in html
    assert f"{NBSP}:" in html
    assert " :" not in html.split("<body>")[1].replace(f"{NBSP}:", "")
    assert " ?" not in html.split("<body>")[1]
    assert "Olivier\u00a0P." in html


def test_programmes_follow_the_campus(sample):
    programme = sample / "programmes" / "master-expert-cybersecurite.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace("  - lyon\n", ""), encoding="utf-8")
    renderer = SheetRenderer(load_workspace(sample))
    lyon, paris = renderer.html("prompt-engineer", "lyon"), renderer.html("prompt-engineer", "paris")
    assert "<caption>Master Expert cybersécurité</caption>" in paris
    assert "<caption>Master Expert cybersécurité</caption>" not in lyon
    assert "<caption>Bachelor Cybersécurité</caption>" in lyon
    assert "ne sont pas proposées à Lyon" in lyon


def test_empty_update_date_leaves_the_date_out(renderer):
    html = renderer.html("prompt-engineer", "lyon")
    assert "mise à jour" not in html
    assert "mise à jour le" in renderer.html("ciso", "lyon")


def test_campus_colours_and_contacts(renderer):
    lyon, paris = renderer.html("ciso", "lyon"), renderer.html("ciso", "paris")
    assert "--primary: #0b4f8a" in lyon
    assert "--primary: #7a1f3d" in paris
    assert "admissions.paris@example.org" in paris and "admissions.lyon@example.org" not in paris


def test_data_cannot_inject_html_or_css(sample):
    def change(data):
        data["introduction"] = "<script>alert(1)</script> </style><b>x</b>"
        data["title"] = "</title><style>body{display:none}</style>"

    edit_yaml(sample / "profiles" / "ciso.yaml", change)
    ws = load_workspace(sample)
    assert ws.issues == []
    html = SheetRenderer(ws).html("ciso", "lyon")
    assert "<script>" not in html and "</style><b>" not in html and "<style>body" not in html
    assert "&lt;script&gt;" in html
