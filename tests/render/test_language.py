"""An English edition: a target with ``language: en`` prints English labels, numbers, dates and hyphenation."""

import io
import re

from pypdf import PdfReader

from metier.build.run import build
from metier.load.workspace import load_workspace
from metier.render.sheet import SheetRenderer
from tests.conftest import edit_yaml


def test_sheet_html_in_english(sample_readonly):
    renderer = SheetRenderer(load_workspace(sample_readonly))
    english = renderer.html("prompt-engineer", "lyon", language="en")
    french = renderer.html("prompt-engineer", "lyon")
    assert '<html lang="en">' in english and '<html lang="fr">' in french
    assert "<h2>Salary</h2>" in english and "<h2>Salaire</h2>" in french
    assert "€5,850\u00a0gross\u00a0/\u00a0month" in english  # English number and currency format
    assert "5\u202f850\u00a0€" in french or "5\u00a0850\u00a0€" in french
    assert "Quelle formation\u202f?" in french and "Which programme?" in english  # no French spacing in English


def test_english_target_builds_an_english_pdf_next_to_the_french_one(sample):
    def add_target(data):
        data["targets"]["sheets-en"] = {"kind": "sheets", "language": "en", "campus": "lyon",
                                        "profiles": ["prompt-engineer"]}
    edit_yaml(sample / "metier.yaml", add_target)
    result = build(sample, targets_=["sheets", "sheets-en"], campuses=["lyon"], profiles=["prompt-engineer"])
    assert {o.path: o.status for o in result.outputs} == {
        "out/sheets/lyon/prompt-engineer.pdf": "built", "out/sheets/lyon/prompt-engineer-press.pdf": "built",
        "out/sheets-en/lyon/prompt-engineer.pdf": "built"}
    reader = PdfReader(sample / "out/sheets-en/lyon/prompt-engineer.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Job profile" in text and "€5,850" in text and "Fiche métier" not in text
    assert re.search(r"Page \d of \d", text)  # the page-number label, in the page margins
    french = PdfReader(io.BytesIO((sample / "out/sheets/lyon/prompt-engineer.pdf").read_bytes()))
    assert french.trailer["/Root"]["/Lang"] == "fr"


def test_an_unknown_language_is_a_located_error(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["sheets"].update(language="de"))
    ws = load_workspace(sample)
    assert ws.fatal
    (issue,) = [i for i in ws.issues if i.field == "targets.sheets.language"]
    assert issue.path == "metier.yaml" and issue.line > 0
