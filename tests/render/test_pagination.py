"""Pagination: overflow past a page budget measured after layout, headings left alone, blocks split.

The first tests lay out small documents whose heights are known exactly (boxes
of fixed height, lines of fixed leading), so the measured overflow can be
checked to the millimetre and the line; the last ones use the sample sheets.
"""

import pytest
from weasyprint import HTML

from metier.load.workspace import load_workspace
from metier.render.pagination import overflow, page_problems
from metier.render.sheet import SheetRenderer
from tests.conftest import edit_yaml

PAGE = "@page { size: 100mm 100mm; margin: 10mm; } body { margin: 0; font: 10pt/5mm sans-serif; } p { margin: 0; }"


def pages_of(body: str, css: str = ""):
    return HTML(string=f"<html><head><style>{PAGE}{css}</style></head><body>{body}</body></html>").render().pages


def lines(n: int) -> str:
    return "".join(f"<span style='display:block'>Ligne {i}</span>" for i in range(n))


def test_a_document_within_its_budget_has_no_overflow():
    pages = pages_of("<section><h2>Un</h2><div style='height: 50mm'></div></section>")
    assert len(pages) == 1
    assert overflow(pages, 1) is None and overflow(pages, None) is None


def test_overflow_of_a_section_that_starts_after_the_budget_is_measured_in_mm_and_lines():
    # 80 mm of content area per page: a 70 mm block, then a section of 12 lines of 5 mm (60 mm) that cannot split
    pages = pages_of("<div class='section intro' style='height: 70mm'></div>"
                     f"<section class='section salary' style='break-inside: avoid'><p>{lines(12)}</p></section>")
    found = overflow(pages, 1)
    assert found.pages == 2 and found.budget == 1
    assert found.section == "salary" and not found.split
    assert found.mm == pytest.approx(60, abs=0.5)
    assert found.lines == 12
    assert "“salary” and what follows start after page 1, 60 mm (12 lines) too long" in found.message()


def test_overflow_of_a_section_that_crosses_the_last_page_names_its_heading():
    # 30 lines of 5 mm after a 40 mm block: 8 lines fit on page 1 (40 mm), 16 on page 2, 6 on page 3
    pages = pages_of("<div style='height: 40mm'></div>"
                     f"<section class='section career'><h2 style='margin:0; font-size:10pt; line-height:5mm'>Évolution</h2>"
                     f"<p style='orphans:1; widows:1'>{lines(29)}</p></section>")
    assert len(pages) == 3
    found = overflow(pages, 2)
    assert found.section == "Évolution" and found.split
    assert found.lines == 6 and found.mm == pytest.approx(30, abs=0.5)
    assert "“Évolution” runs on past page 2, 30 mm (6 lines) too long" in found.message()
    assert overflow(pages, 1).lines == 22  # 16 + 6 lines beyond page 1


def test_fitting_steps_tried_are_named_in_the_warning():
    pages = pages_of("<div style='height: 70mm'></div><section class='section x'><p>" + lines(4) + "</p></section>")
    found = overflow(pages, 1)
    assert "too long even with tighter spacing, body text 9.4 → 8.8 pt;" in found.message(
        ["tighter spacing", "body text 9.4 → 8.8 pt"])
    assert found.as_dict()["amount"] == found.amount


def test_a_heading_alone_at_the_bottom_of_a_page_is_found():
    # the heading's own CSS lets it be separated from its text
    pages = pages_of("<div style='height: 72mm'></div><h2 style='break-after: auto; margin: 0; line-height: 5mm; "
                     "font-size: 10pt'>Salaire</h2><p style='break-inside: avoid'>" + lines(4) + "</p>")
    (problem,) = page_problems(pages)
    assert (problem.kind, problem.page, problem.what) == ("lonely heading", 1, "Salaire")
    assert "the heading “Salaire” is the last line of page 1" in problem.message()


def test_break_after_avoid_keeps_a_heading_with_its_text():
    pages = pages_of("<div style='height: 72mm'></div><h2 style='break-after: avoid; margin: 0; line-height: 5mm; "
                     "font-size: 10pt'>Salaire</h2><p style='break-inside: avoid'>" + lines(4) + "</p>")
    assert len(pages) == 2 and page_problems(pages) == []


def test_an_unbreakable_block_taller_than_a_page_is_reported_split():
    pages = pages_of("<div class='summary' style='break-inside: avoid'>" + lines(20) + "</div>")
    (problem,) = page_problems(pages)
    assert (problem.kind, problem.page, problem.what) == ("split block", 1, "summary")
    assert "“summary” is split between pages 1 and 2" in problem.message()


def test_table_rows_are_never_split():
    rows = "".join(f"<tr><td>{lines(3)}</td></tr>" for _ in range(8))
    pages = pages_of("<table style='border-collapse: collapse'>" + rows + "</table>", "tr { break-inside: avoid; }")
    assert len(pages) == 2 and page_problems(pages) == []


# The sample sheets


@pytest.fixture(scope="module")
def sheets(sample_readonly):
    renderer = SheetRenderer(load_workspace(sample_readonly))
    return {(pid, campus): renderer.render(pid, campus) for pid in renderer.ws.profiles for campus in ("lyon", "paris")}


def test_no_sample_sheet_overflows_or_breaks_a_pagination_rule(sheets):
    for (pid, campus), sheet in sheets.items():
        assert sheet.overflow is None and sheet.pages <= sheet.budget, (pid, campus)
        assert sheet.warnings == [], (pid, campus, sheet.warnings)


def test_a_sheet_made_to_overflow_names_the_section_and_amount(sample):
    filler = "\n\n".join(["Une phrase de remplissage pour allonger la fiche de façon mesurable. " * 10] * 14)
    edit_yaml(sample / "profiles/ciso.yaml", lambda d: d.update(extra_sections=[{"title": "Annexe", "body": filler}]))
    sheet = SheetRenderer(load_workspace(sample)).render("ciso", "lyon")
    assert sheet.pages > sheet.budget == 4
    assert sheet.overflow["budget"] == 4 and sheet.overflow["pages"] == sheet.pages
    assert sheet.overflow["mm"] > 0 and sheet.overflow["lines"] > 0
    (warning,) = [w for w in sheet.warnings if "over the layout's budget" in w]
    assert f"{sheet.pages} pages, over the layout's budget of 4: “" in warning
    assert sheet.overflow["section"] in warning and f"{sheet.overflow['lines']} lines" in warning
