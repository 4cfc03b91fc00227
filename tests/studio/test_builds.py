"""Building from the studio without a browser: starting a build, its server-sent events, the outputs served."""

from __future__ import annotations

import os
import re

import pytest

from metier.studio.builds import Run, out_file
from metier.errors import MetierError
from tests.conftest import edit_yaml
from tests.proof.test_preview_cli import two_profiles
from tests.studio.helpers import HEADERS, client


@pytest.fixture
def studio(sample):
    two_profiles(sample)
    return client(sample)


def events_of(studio, html: str) -> list[tuple[str, str]]:
    """The events of the run a ``POST /build`` answer names, read to the end of the stream."""
    address = re.search(r'data-events="([^"]+)"', html).group(1)
    with studio.stream("GET", address) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    found = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        name = lines[0].removeprefix("event: ")
        found.append((name, "\n".join(line.removeprefix("data: ") for line in lines[1:])))
    return found


def test_build_streams_progress_then_links_to_the_outputs(studio, sample):
    started = studio.post("/build", data={"target": "sheets", "campus": "lyon"}, headers=HEADERS)
    assert started.status_code == 200, started.text
    events = events_of(studio, started.text)
    names = [name for name, _ in events]
    assert names == ["start", "progress", "progress", "done"]
    assert 'data-total="2"' in events[0][1]
    assert "sheets/lyon/pentester.pdf" in events[1][1] + events[2][1]
    done = events[-1][1]
    assert "2 produit(s)" in done
    pdfs = re.findall(r'href="(/out/sheets/lyon/[a-z-]+\.pdf)" download', done)
    assert sorted(pdfs) == ["/out/sheets/lyon/pentester.pdf", "/out/sheets/lyon/soc-analyst.pdf"]
    pdf = studio.get(pdfs[0])
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    sheet = re.search(r'href="(/out/preview/sheets/lyon/contact-sheet\.png)"', done).group(1)
    image = studio.get(sheet)
    assert image.headers["content-type"] == "image/png" and image.content[:4] == b"\x89PNG"
    # the events of a finished run can be read again (a browser that reconnects gets the same page)
    assert [n for n, _ in events_of(studio, started.text)] == names
    # the result carries the targets' state after the build, for the home page's list: Lyon's sheets are done
    targets = re.search(r'<template id="targets-now">(.*?)</template>', done, re.S).group(1)
    assert re.search(r"sheets \(sheet\) : 4 fichier\(s\),\s*<span class=\"warn\">2 à refaire", targets)
    assert (sample / "out/sheets/lyon/pentester.pdf").is_file()


def test_a_bad_profile_is_listed_with_a_link_to_its_field(studio, sample):
    edit_yaml(sample / "profiles/pentester.yaml",
              lambda d: d["summary"]["salary_starting"].update(amount="5 850 €"))
    started = studio.post("/build", data={"target": "sheets", "campus": "lyon"}, headers=HEADERS)
    done = events_of(studio, started.text)[-1][1]
    link = re.search(r'<li class="error"><a href="([^"]+)">([^<]+)</a>', done)
    assert link.group(1) == "/edit/profiles/pentester.yaml#f-summary.salary_starting.amount"
    assert "profiles/pentester.yaml:" in link.group(2) and "expected a number" in link.group(2)
    assert "1 produit(s)" in done


@pytest.mark.parametrize("form, words", [({"target": "nope"}, "no target nope"),
                                         ({"target": "sheets", "campus": "mars"}, "no campus mars")])
def test_unknown_target_or_campus_is_refused(studio, form, words):
    response = studio.post("/build", data=form, headers=HEADERS)
    assert response.status_code == 400 and words in response.text
    assert "choose one of" in response.text


def test_one_build_at_a_time(studio, sample):
    app_studio = studio.app.app.state.studio
    app_studio.builds.runs = {7: Run(7, None, None)}
    response = studio.post("/build", data={}, headers=HEADERS)
    assert response.status_code == 409 and "already running" in response.text


def test_build_needs_the_page_csrf_token(studio, sample):
    assert studio.post("/build", data={}, headers={"Origin": HEADERS["Origin"]}).status_code == 403
    assert not (sample / "out/sheets").exists()


def test_invalid_project_is_refused(studio, sample):
    (sample / "metier.yaml").write_text("school: [unclosed\n", "utf-8")
    app_studio = studio.app.app.state.studio
    app_studio.resident.update(["metier.yaml"])
    response = studio.post("/build", data={}, headers=HEADERS)
    assert response.status_code == 400 and "metier.yaml has errors" in response.text


def test_unknown_run_is_404(studio):
    assert studio.get("/build/events/12").status_code == 404
    assert "no longer known" in studio.get("/build/events/x").text


@pytest.mark.parametrize("path", ["../metier.yaml", "sheets/../../metier.yaml", ".cache/files.json",
                                  ".studio/history/x.pdf", "build-report.json", "sheets/lyon/none.pdf", "",
                                  "sheets//lyon.pdf", "sheets\\..\\x.pdf"])
def test_only_pdf_and_png_files_of_out_are_served(studio, sample, path):
    (sample / "out/.cache").mkdir(parents=True, exist_ok=True)
    (sample / "out/.cache/files.json").write_text("{}", "utf-8")
    (sample / "out/build-report.json").write_text("{}", "utf-8")
    response = studio.get(f"/out/{path}")
    assert response.status_code == 404
    with pytest.raises(MetierError, match="is not a PDF or PNG file of this workspace's out/ folder"):
        out_file(sample, path)


def test_a_link_out_of_out_is_not_followed(studio, sample, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-secret")
    (sample / "out").mkdir(exist_ok=True)
    os.symlink(secret, sample / "out/leak.pdf")
    assert studio.get("/out/leak.pdf").status_code == 404
    os.symlink(tmp_path, sample / "out/elsewhere")
    assert studio.get("/out/elsewhere/secret.pdf").status_code == 404
