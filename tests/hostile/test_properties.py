"""Generated profile and campus files, valid and broken: metier accepts them or says where they are wrong.

Each test builds one small workspace (two programmes, a campus, a profile,
``metier.yaml``), then rewrites only the generated file for each example and
loads the workspace. The properties:

* loading never raises (anything but metier's own :class:`DataError` or
  :class:`MetierError` would be a bug);
* a file that is not accepted has at least one issue, and every issue about
  it names the file, a line within it and a column (both from 1), and says
  what is wrong in metier's words, not pydantic's or PyYAML's;
* no other file gets an issue because of it;
* an accepted file renders as HTML, where the user's text is never markup:
  no ``<script>``, ``<style>`` or ``javascript:`` link beyond what the
  layout itself writes.

A few dozen valid profiles then go on to PDF (marked ``slow``). The number of
examples of each test is in :data:`EXAMPLES`; together they keep this folder
within about a minute on two cores.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings

from metier.errors import DataError, MetierError
from metier.load.workspace import load_workspace
from metier.render.document import DocumentRenderer
from metier.render.sheet import SheetRenderer
from tests.conftest import REPO
from tests.hostile import strategies as gen
from tests.hostile.catalogue.base import CAMPUS, PROFILE, PROGRAMME, vary

EXAMPLES = {
    "profiles": 500, "broken_profiles": 550, "raw_profiles": 250,
    "campuses": 300, "broken_campuses": 400, "raw_campuses": 200,
    "fragments": 500, "pdf": 24,
}
"""Examples per test: 2700 through loading and validation (most of the valid ones on to HTML), 24 to PDF.

HOSTILE_SCALE=3 in the environment multiplies them, for a longer hunt.
"""

PROJECT = """\
school:
  name: École Exemple
  website: https://example.org
  logo: assets/logo.svg
default_campus: lyon
campus_defaults:
  profile_url: https://example.org/{campus}/metiers/{profile}
"""

NO_GLYPH = re.compile(r"\.notdef glyph rendered for Unicode string unsupported by fonts")
"""WeasyPrint's warning for a character that no font of the machine has."""

UNSAFE = re.compile(r"<script|<iframe|<object|<embed|href=\"\s*(?:javascript|data|vbscript):|\son[a-z]+=\"", re.I)
"""Markup that must never come from the data: scripts, frames, event handlers, script links."""


SCALE = float(os.environ.get("HOSTILE_SCALE", "1"))


def _settings(name: str):
    return settings(max_examples=max(1, int(EXAMPLES[name] * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


class Bench:
    """A small workspace in which one file at a time is generated, loaded and rendered."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ("profiles", "campuses", "programmes", "assets"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / "assets" / "logo.svg", root / "assets" / "logo.svg")
        (root / "assets" / "photos").mkdir(exist_ok=True)
        for photo in ("prompt-engineer.jpg", "portrait-olivier.jpg"):  # the pictures generated profiles name
            shutil.copyfile(REPO / "assets" / "photos" / photo, root / "assets" / "photos" / photo)
        (root / "metier.yaml").write_text(PROJECT, encoding="utf-8")
        (root / "campuses" / "lyon.yaml").write_text(vary(CAMPUS, "name: Hostile", "name: Lyon"), encoding="utf-8")
        for i, pid in enumerate(gen.PROGRAMME_IDS):
            (root / "programmes" / f"{pid}.yaml").write_text(vary(PROGRAMME, "level: 3", f"level: {3 + 2 * i}"),
                                                            encoding="utf-8")
        (root / "profiles" / f"{gen.OTHER_PROFILE}.yaml").write_text(PROFILE, encoding="utf-8")
        ws = load_workspace(root)
        assert ws.issues == [], ws.issues
        self.documents = DocumentRenderer(ws)  # one for every example: templates are compiled once
        self.baseline = self.html(ws, gen.OTHER_PROFILE, "lyon")

    def html(self, ws, profile_id: str, campus_id: str) -> str:
        """The sheet's HTML, rendered with the shared renderer (which reads the project from *ws*)."""
        self.documents.ws = ws
        return SheetRenderer(ws, self.documents).html(profile_id, campus_id)

    def pdf(self, ws, profile_id: str):
        """The sheet's PDF, rendered with the shared renderer."""
        self.documents.ws = ws
        return SheetRenderer(ws, self.documents).render(profile_id, "lyon")

    def load(self, relative: str, content: bytes):
        """Write *content* to *relative*, load the workspace and check what it says about that file.

        Returns the workspace; the caller looks at whether the file was accepted.
        """
        path = self.root / relative
        path.write_bytes(content)
        try:
            ws = load_workspace(self.root)
        except DataError as error:  # allowed, and then located like any issue
            issues = error.issues
            ws = None
        except MetierError:
            return None
        else:
            issues = ws.issues
        lines = max(1, len(re.split(rb"\r\n|[\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9]", content)))
        for issue in issues:
            assert issue.path == relative, f"an issue about another file: {issue}"
            assert 1 <= issue.line <= lines + 1 and issue.column >= 1, f"not located in the file: {issue}"
            assert issue.message.strip(), f"no message: {issue!r}"
            for foreign in ("Input should", "[type=", "pydantic", "Traceback", "object at 0x", "while parsing",
                            "while scanning", "in \"<unicode string>\""):
                assert foreign not in issue.message, f"a message not in metier's words: {issue}"
        return ws

    def check_html(self, html: str) -> None:
        """The user's text in *html* never became markup."""
        assert html.count("<style") == self.baseline.count("<style")
        assert not UNSAFE.search(html), UNSAFE.search(html).group()


def _dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _run(bench: Bench, folder: str, data_or_bytes, counts: Counter, render_with=None):
    """Write, load and check one example; render the accepted ones; count what happened."""
    content = data_or_bytes if isinstance(data_or_bytes, bytes) else _dump(data_or_bytes)
    relative = f"{folder}/generated.yaml"
    ws = bench.load(relative, content)
    accepted = ws is not None and "generated" in getattr(ws, folder)
    if not accepted:
        assert ws is None or "generated" in ws.invalid[folder], "a file neither accepted nor set aside"
        assert ws is None or any(i.path == relative for i in ws.issues), "set aside without an issue"
    elif render_with is not None:
        bench.check_html(render_with(ws))
    counts["accepted" if accepted else "refused"] += 1
    event("accepted" if accepted else "refused")


@pytest.fixture
def bench(tmp_path) -> Bench:
    """The small workspace of one test."""
    return Bench(tmp_path / "ws")


def _profile_html(bench):
    return lambda ws: bench.html(ws, "generated", "lyon")


def _campus_html(bench):
    return lambda ws: bench.html(ws, gen.OTHER_PROFILE, "generated")


def test_generated_profiles(bench):
    """Valid-looking profiles: accepted (most of them) and rendered, or refused with located issues."""
    counts = Counter()

    @_settings("profiles")
    @given(gen.profiles)
    def run(data):
        _run(bench, "profiles", data, counts, _profile_html(bench))

    run()
    assert counts["accepted"] > 0.8 * sum(counts.values()), counts  # the strategy does make valid profiles


def test_broken_profiles(bench):
    """Damaged profiles: refused (most of them) with located issues in metier's words, never an exception."""
    counts = Counter()

    @_settings("broken_profiles")
    @given(gen.broken(gen.profiles))
    def run(data):
        _run(bench, "profiles", data, counts, _profile_html(bench))

    run()
    assert counts["refused"] > 0.5 * sum(counts.values()), counts


def test_hand_written_profiles(bench):
    """Profiles typed by hand (text unquoted or quoted at random): accepted, or refused with located issues."""
    counts = Counter()

    @_settings("raw_profiles")
    @given(gen.hand_written(gen.profiles))
    def run(raw):
        _run(bench, "profiles", raw, counts, _profile_html(bench))

    run()
    assert counts["accepted"] and counts["refused"], counts


def test_generated_campuses(bench):
    """Valid-looking campus files: accepted (most of them) and a sheet rendered for them, or located issues."""
    counts = Counter()

    @_settings("campuses")
    @given(gen.campuses)
    def run(data):
        _run(bench, "campuses", data, counts, _campus_html(bench))

    run()
    assert counts["accepted"] > 0.8 * sum(counts.values()), counts


def test_broken_campuses(bench):
    """Damaged campus files: refused (most of them) with located issues in the campus file."""
    counts = Counter()

    @_settings("broken_campuses")
    @given(gen.broken(gen.campuses))
    def run(data):
        _run(bench, "campuses", data, counts, _campus_html(bench))

    run()
    assert counts["refused"] > 0.5 * sum(counts.values()), counts


def test_hand_written_campuses(bench):
    """Campus files typed by hand: accepted, or refused with located issues."""
    counts = Counter()

    @_settings("raw_campuses")
    @given(gen.hand_written(gen.campuses))
    def run(raw):
        _run(bench, "campuses", raw, counts, _campus_html(bench))

    run()
    assert counts["accepted"] and counts["refused"], counts


def test_yaml_fragments(bench):
    """Files of YAML-ish lines, text and raw bytes as a profile: each refused with a located issue, or accepted."""
    counts = Counter()

    @_settings("fragments")
    @given(gen.fragments)
    def run(raw):
        _run(bench, "profiles", raw, counts)

    run()
    assert counts["refused"], counts


@pytest.mark.slow
@pytest.mark.weasyprint_warnings_expected  # only this one: a character no font of the machine has (see below)
def test_generated_profiles_to_pdf(bench, no_weasyprint_warnings):
    """A few dozen valid generated profiles laid out as PDF: a document, and no layout warning but missing glyphs."""
    pages = []

    @_settings("pdf")
    @given(gen.profiles)
    def run(data):
        ws = bench.load("profiles/generated.yaml", _dump(data))
        if ws is None or "generated" not in ws.profiles:
            return
        result = bench.pdf(ws, "generated")
        assert result.pdf.startswith(b"%PDF-") and result.pages >= 1
        pages.append(result.pages)

    run()
    assert len(pages) >= 0.8 * int(EXAMPLES["pdf"] * SCALE), len(pages)
    others = [r.getMessage() for r in no_weasyprint_warnings.records if not NO_GLYPH.match(r.getMessage())]
    assert others == []  # generated text may lack glyphs (metier check reports those); nothing else may go wrong
