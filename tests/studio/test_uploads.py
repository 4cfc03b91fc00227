"""A campus logo uploaded from the studio: checked like every image, stored under the campus, named in its file."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from metier.studio.uploads import MAX_LOGO_BYTES
from tests.studio.helpers import HEADERS, client

CAMPUS = "campuses/lyon.yaml"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" viewBox="0 0 200 80">'
       b'<rect width="200" height="80" fill="#ff00ff"/></svg>')


@pytest.fixture
def studio(sample):
    return client(sample)


def upload(studio, data: bytes, name: str = "logo.svg", campus: str = "lyon", headers=HEADERS):
    return studio.post(f"/upload/logo/{campus}", files={"logo": (name, data, "application/octet-stream")},
                       headers=headers)


def snapshot(sample) -> dict:
    return {p.relative_to(sample).as_posix(): p.read_bytes() for p in (sample / "campuses").rglob("*") if p.is_file()}


def test_a_good_svg_is_stored_and_named_in_the_campus_file(studio, sample):
    before = (sample / CAMPUS).read_text("utf-8")
    response = upload(studio, SVG)
    assert response.status_code == 200, response.text
    name = re.search(r"Logo stored as (campuses/lyon/logo-[0-9a-f]{12}\.svg)", response.text).group(1)
    assert (sample / name).read_bytes() == SVG
    after = (sample / CAMPUS).read_text("utf-8")
    assert after == before + f"logo: {name}\n"  # the one line added, every other byte kept
    # the previous version is in the history: undo gives the file its old text back
    assert studio.post(f"/undo/{CAMPUS}", headers=HEADERS).status_code == 200
    assert (sample / CAMPUS).read_text("utf-8") == before
    # the same logo again: the same name, nothing overwritten
    again = upload(studio, SVG)
    assert name in again.text


def test_a_png_logo_replaces_the_campus_logo_line(studio, sample):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#00aa00").save(buffer, "PNG")
    response = upload(studio, buffer.getvalue(), "Mon logo.PNG", campus="paris")
    assert response.status_code == 200, response.text
    text = (sample / "campuses/paris.yaml").read_text("utf-8")
    assert re.search(r"^logo: campuses/paris/logo-[0-9a-f]{12}\.png$", text, re.M)
    assert "logo: campuses/paris/logo.svg" not in text
    assert (sample / "campuses/paris/logo.svg").is_file()  # the old logo stays for an undo


@pytest.mark.parametrize("data, name, words", [
    (b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     "evil.svg", "declaration"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', "ref.svg", "refers"),
    (b"\x89PNG\r\n\x1a\nnot really", "broken.png", "truncated PNG image"),
    (b"", "empty.svg", "empty"),
    (SVG, "logo.gif", "is not an image name metier reads"),
    (SVG, "../../metier.yaml", "is not an image name metier reads"),
])
def test_a_bad_logo_is_refused_and_nothing_is_written(studio, sample, data, name, words):
    before = snapshot(sample)
    response = upload(studio, data, name)
    assert response.status_code == 422, response.text
    assert words in response.text
    assert snapshot(sample) == before


def test_an_oversized_logo_is_refused(studio, sample):
    before = snapshot(sample)
    response = upload(studio, SVG + b" " * (MAX_LOGO_BYTES + 10))
    assert response.status_code == 413
    assert "larger than the 2.0 MB a logo may be" in response.text
    big = upload(studio, SVG + b" " * (MAX_LOGO_BYTES + 200_000))
    assert big.status_code == 413 and "larger than" in big.text
    assert snapshot(sample) == before


@pytest.mark.parametrize("campus", ["mars", "..", "Lyon", "lyon.yaml"])
def test_an_unknown_campus_is_refused(studio, sample, campus):
    before = snapshot(sample)
    response = upload(studio, SVG, campus=campus)
    assert response.status_code in (400, 404)
    assert snapshot(sample) == before


def test_no_file_is_refused(studio):
    response = studio.post("/upload/logo/lyon", data={"x": "1"}, headers=HEADERS)
    assert response.status_code == 400 and "No file was sent" in response.text


def test_upload_needs_the_page_csrf_token(studio, sample):
    before = snapshot(sample)
    assert upload(studio, SVG, headers={"Origin": HEADERS["Origin"]}).status_code == 403
    assert snapshot(sample) == before


def test_a_campus_folder_linking_out_is_refused(studio, sample, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (sample / "campuses/lyon").symlink_to(outside)
    response = upload(studio, SVG)
    assert response.status_code == 422 and "is not a data file" in response.text
    assert not list(outside.iterdir())
