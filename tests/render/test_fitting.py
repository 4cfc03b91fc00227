"""Fitting steps: tried in order only when a target allows them, reported, and never below the layout's floor.

The sample's job-sheet layout is copied into the workspace with a page budget
of 3, which three sample profiles overrun by known amounts (pentester by its
colophon alone, ciso by about 95 mm, prompt-engineer by more than 200 mm).
"""

import pytest

from metier.build.run import build
from metier.load.workspace import load_workspace
from metier.render.sheet import SheetRenderer
from metier.scaffold import new_layout
from tests.conftest import edit_yaml


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    """The sample with a workspace job-sheet layout of 3 pages, and its renderer."""
    from tests.conftest import copy_sample

    root = copy_sample(tmp_path_factory.mktemp("fit") / "ws")
    folder = new_layout(root, "job-sheet", "job-sheet")
    edit_yaml(folder / "layout.yaml", lambda d: d.update(page_budget=3))
    return root, SheetRenderer(load_workspace(root))


def test_without_fitting_an_overflowing_sheet_is_kept_as_written(tight):
    _, renderer = tight
    sheet = renderer.render("ciso", "lyon")
    assert sheet.pages == 4 and sheet.fitted == [] and sheet.overflow["section"]
    assert any("over the layout's budget of 3" in w for w in sheet.warnings)


def test_tighter_spacing_alone_fits_a_small_overflow(tight):
    _, renderer = tight
    sheet = renderer.render("ciso", "lyon", fit=["spacing", "size", "optional"])
    assert sheet.pages == 3 and sheet.overflow is None
    assert sheet.fitted == ["tighter spacing"]  # the later steps were not needed
    assert sheet.warnings == []


def test_the_size_step_goes_down_to_the_floor_and_no_further(tight):
    _, renderer = tight
    sheet = renderer.render("prompt-engineer", "lyon", fit=["size"])
    assert sheet.pages == 4 and sheet.fitted == []  # nothing was enough: the sheet is kept as written
    (warning,) = [w for w in sheet.warnings if "over the layout's budget" in w]
    assert "even with body text 9.4 → 8.8 pt" in warning  # job-sheet's fit.min_body_size is 8.8


def test_optional_sections_are_left_out_last(tight):
    _, renderer = tight
    sheet = renderer.render("pentester", "lyon", fit=["optional"])
    assert sheet.pages == 3 and sheet.fitted == ["left out: related, pros-cons"]
    from pypdf import PdfReader
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.pdf)).pages)
    assert "Métiers proches" not in text and "Avantages et inconvénients" not in text


def test_a_layout_without_a_floor_never_shrinks_text(tight, tmp_path):
    root, _ = tight
    edit_yaml(root / "layouts/job-sheet/layout.yaml", lambda d: d.update(fit={"optional": []}))
    try:
        sheet = SheetRenderer(load_workspace(root)).render("ciso", "lyon", fit=["size", "optional"])
        assert sheet.pages == 4 and sheet.fitted == []
        (warning,) = [w for w in sheet.warnings if "over the layout's budget" in w]
        assert "even with" not in warning  # no step could be tried
    finally:
        edit_yaml(root / "layouts/job-sheet/layout.yaml",
                  lambda d: d.update(fit={"min_body_size": 8.8, "optional": ["related", "pros-cons"]}))


def test_build_reports_fitting_and_strict_fails_on_overflow(tight, metier):
    root, _ = tight
    edit_yaml(root / "metier.yaml", lambda d: d["targets"]["sheets"].update(fit=["spacing"], variants=["screen"]))
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", cwd=root)
    assert code == 0, err
    assert "out/sheets/lyon/ciso.pdf: fitted into 3 pages with tighter spacing" in err
    result = build(root, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"])
    (output,) = result.outputs
    assert output.status == "up to date" and output.fitted == ["tighter spacing"] and output.overflow is None
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--profile", "prompt-engineer", "--strict", cwd=root)
    assert code == 3 and "0 outputs built, 1 failed" in out
    assert "out/sheets/lyon/prompt-engineer.pdf: error: 4 pages, over the layout's budget of 3" in err
    assert "even with tighter spacing" in err
    assert not (root / "out/sheets/lyon/prompt-engineer.pdf").exists()


def test_a_step_listed_twice_is_refused(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["sheets"].update(fit=["spacing", "spacing"]))
    ws = load_workspace(sample)
    assert ws.fatal and any("a fitting step is listed twice in fit" in i.message for i in ws.issues)
