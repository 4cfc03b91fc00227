"""Pictures in the data (profile photo, testimonial portrait, campus photo): each problem one located issue."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from metier.load.pictures import MIN_SIDE, picture_problem
from metier.load.workspace import load_workspace
from tests.conftest import edit_yaml


def jpeg(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(out, "JPEG")
    return out.getvalue()


def _line_of(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def _set_photo(root, name: str, data: bytes | None, **extra):
    if data is not None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    edit_yaml(root / "profiles/ciso.yaml", lambda d: d.update(photo={"file": name, "alt": "Une salle de crise.", **extra}))


def test_the_sample_pictures_are_sound_and_large_enough(sample):
    ws = load_workspace(sample)
    assert not [i for i in ws.issues if i.severity == "error"]
    profile = ws.profiles["prompt-engineer"]
    assert profile.photo.file == "assets/photos/prompt-engineer.jpg" and profile.photo.position == "45% 62%"
    assert profile.testimonials[0].portrait.credit
    assert ws.campuses["lyon"].photo.position == "50% 60%"


@pytest.mark.parametrize("data, message", [
    (None, 'file "assets/crise.jpg" does not exist (looked in the workspace)'),
    (b"GIF89a not really", '"assets/crise.jpg" is a damaged GIF image: its header cannot be read; copy or export it again'),
    (jpeg((400, 250)), f'"assets/crise.jpg" is 400 × 250 pixels, too small to print: a photo needs at least {MIN_SIDE} '
                       "pixels on its shorter side (the smallest frame, a 25 mm portrait, at 300 ppi); export it larger "
                       "from the original"),
])
def test_a_bad_profile_photo_sets_the_profile_aside_with_a_located_issue(sample, data, message):
    _set_photo(sample, "assets/crise.jpg", data)
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert (issue.path, issue.field, issue.message, issue.severity) == ("profiles/ciso.yaml", "photo.file", message, "error")
    assert issue.line == _line_of(sample / "profiles/ciso.yaml", "file: assets/crise.jpg")
    assert "ciso" in ws.invalid["profiles"] and "ciso" not in ws.profiles and "pentester" in ws.profiles


def test_a_photo_of_another_type_is_refused_by_its_name(sample):
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(photo={"file": "assets/logo.svg", "alt": "Le logo."}))
    (issue,) = load_workspace(sample).issues
    assert issue.field == "photo.file"
    assert issue.message == ('"assets/logo.svg" is not valid here: write the path of a .jpg or .png '
                             "photo inside the workspace (e.g. assets/photos/lab.jpg)")


@pytest.mark.parametrize("focus, message", [
    ([50, 120], "photo.focus[1]", ),
    ([-5, 40], "photo.focus[0]", ),
])
def test_a_focal_point_out_of_range_is_located_at_its_coordinate(sample, focus, message):
    _set_photo(sample, "assets/crise.jpg", jpeg(), focus=focus)
    (issue,) = load_workspace(sample).issues
    assert issue.field == message
    assert issue.message in ('must be at most 100, got "120"', 'must be at least 0, got "-5"')


def test_a_focal_point_needs_two_coordinates(sample):
    _set_photo(sample, "assets/crise.jpg", jpeg(), focus=[50])
    (issue,) = load_workspace(sample).issues
    assert issue.field == "photo.focus" and "2" in issue.message


def test_a_picture_needs_its_alt_text(sample):
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(photo={"file": "assets/photos/campus-lyon.jpg"}))
    (issue,) = load_workspace(sample).issues
    assert issue.field == "photo.alt" and "alt" in issue.message


def test_a_bad_portrait_is_located_at_its_testimonial(sample):
    (sample / "assets/tiny.png").write_bytes(jpeg((120, 120)))

    def change(d):
        d["testimonials"][0]["portrait"] = {"file": "assets/tiny.png", "alt": "Portrait."}
    edit_yaml(sample / "profiles/prompt-engineer.yaml", change)
    (issue,) = load_workspace(sample).issues
    assert issue.field == "testimonials[0].portrait.file" and "120 × 120 pixels, too small to print" in issue.message
    assert issue.line == _line_of(sample / "profiles/prompt-engineer.yaml", "file: assets/tiny.png")


def test_a_bad_campus_photo_sets_aside_that_campus(sample):
    edit_yaml(sample / "campuses/paris.yaml",
              lambda d: d.update(photo={"file": "assets/none.jpg", "alt": "Le campus."}))
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert (issue.path, issue.field) == ("campuses/paris.yaml", "photo.file")
    assert issue.message == 'file "assets/none.jpg" does not exist (looked in the workspace)'
    assert set(ws.campuses) == {"lyon"}


def test_a_photo_of_the_minimum_size_passes(tmp_path):
    (tmp_path / "ok.jpg").write_bytes(jpeg((MIN_SIDE, MIN_SIDE * 2)))
    assert picture_problem(tmp_path, "ok.jpg") is None
