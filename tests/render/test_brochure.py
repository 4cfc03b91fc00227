"""Brochures and flyers: contents with real page numbers, bookmarks, budgets, campus overrides, golden HTML."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from metier.build.targets import select, targets
from metier.load.workspace import load_workspace
from metier.model.project import Target
from metier.render.brochure import BrochureRenderer
from tests.conftest import check_golden, edit_yaml

GOLDEN = Path(__file__).parent / "golden"
EPOCH = "1790553600"  # 2026-09-29: the sample's events are all upcoming


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def ws(sample_readonly):
    return load_workspace(sample_readonly)


@pytest.fixture(scope="module")
def brochure(ws):
    """The A4 brochure of Lyon: (result, text of each page, reader)."""
    import os

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    target = targets(ws)["brochure"]
    result = BrochureRenderer(ws).render("brochure", target, "lyon", select(ws, target))
    reader = PdfReader(io.BytesIO(result.pdf))
    return result, [plain(page.extract_text()) for page in reader.pages], reader


def plain(text: str) -> str:
    """Extracted text with no-break spaces as plain spaces (they are checked in the HTML)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _toc(texts) -> dict[str, int]:
    """Title -> page number, read from the contents page's text."""
    page = next(t for t in texts if t.lstrip().startswith("Sommaire"))
    entries = {}
    for line in page.splitlines():
        found = re.match(r"^(?:\d\d)?(.+?)[ .]*?(\d+)$", line.strip())
        if found:
            entries[found.group(1).strip(" .")] = int(found.group(2))
    return entries


def test_contents_page_numbers_are_where_the_titles_are(ws, brochure):
    result, texts, _ = brochure
    toc = _toc(texts)
    for pid in select(ws, targets(ws)["brochure"]):
        title = ws.profiles[pid].title
        page = toc[title]
        text = texts[page - 1]
        assert title in text and "EN RÉSUMÉ" in text.upper(), (title, page)
        assert "EN RÉSUMÉ" not in texts[page - 2].upper() or texts[page - 2].count(title) == 0
        assert result.entry_pages[pid][0] == page
    assert "Métiers préparés" in texts[toc["Nos formations à Lyon"] - 1]
    assert "Nous contacter" not in toc  # a back cover is not listed: in a booklet, Notes pages come before it


def test_bookmarks_one_per_profile_in_order(ws, brochure):
    result, texts, reader = brochure
    outline = reader.outline
    parts = [item for item in outline if not isinstance(item, list)]
    children = [item for item in outline if isinstance(item, list)]
    profiles = [b for group in children for b in group]
    expected = select(ws, targets(ws)["brochure"])
    assert [b.title for b in profiles] == [ws.profiles[p].title for p in expected]
    assert [reader.get_destination_page_number(b) + 1 for b in profiles] == [result.entry_pages[p][0] for p in expected]
    titles = [b.title for b in parts]
    assert titles[:2] == ["Le campus de Lyon", "Sommaire"] and titles[-2:] == ["Nos formations à Lyon", "Nous contacter"]
    categories = list(dict.fromkeys(ws.profiles[p].category for p in expected))
    assert titles[2:-2] == categories


def test_cover_campus_page_and_back_cover(brochure, ws):
    result, texts, _ = brochure
    assert "Fiches métiers" in texts[0] and "6 métiers" in texts[0]
    assert "Le campus de Lyon" in texts[1] and "Journée portes ouvertes" in texts[1] and "6 février 2027" in texts[1]
    assert "lyon@example.org" in texts[-1] and "example.org/lyon" in texts[-1]
    assert re.search(r"01010011\s+01101001", texts[0])  # the school's hidden message, as the seed prints it
    assert not result.warnings


def test_entry_over_its_budget_is_reported(ws):
    target = Target(kind="brochure", page_size="A5", entry_budget=1, profiles=["prompt-engineer"])
    result = BrochureRenderer(ws).render("t", target, "lyon", ["prompt-engineer"])
    (warning,) = [w for w in result.warnings if "entry budget" in w]  # its second page may also be underfilled
    assert re.fullmatch(r"prompt-engineer takes \d pages, over the entry budget of 1; shorten its text or raise entry_budget", warning)


def test_golden_brochure_and_flyer(ws, update_golden):
    renderer = BrochureRenderer(ws)
    target = targets(ws)["salon-lyon"]
    check_golden(GOLDEN / "brochure-salon-lyon.html", renderer.html("salon-lyon", target, "lyon", select(ws, target)), update_golden)
    flyers = targets(ws)["flyers"]
    variables = renderer._context("flyers", flyers, "paris", ["prompt-engineer"], "A5").as_template_vars()
    variables["entry"] = variables["entries"][0]
    html = renderer.documents.html("flyer", "paris", variables)
    check_golden(GOLDEN / "flyer-prompt-engineer-paris.html", html, update_golden)
    assert '<p class="url">example.org/paris/metiers/prompt-engineer</p>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "<image" not in html


def test_flyer_is_one_page(ws):
    rendered = BrochureRenderer(ws).flyer("flyers", targets(ws)["flyers"], "lyon", "prompt-engineer")
    assert rendered.pages == 1 and not rendered.warnings
    text = plain(PdfReader(io.BytesIO(rendered.pdf)).pages[0].extract_text())
    assert "Prompt Engineer" in text and "5 850 € brut / mois" in text and "example.org/lyon/metiers/prompt-engineer" in text


def _cover_and_rest(html: str) -> tuple[str, str]:
    start = html.index('<section class="cover')
    end = html.index("</section>", start) + len("</section>")
    return html[start:end], html[:start] + html[end:]


def test_campus_block_override_changes_only_that_block(sample):
    ws = load_workspace(sample)
    target = targets(ws)["brochure"]
    ids = select(ws, target)
    with_override = BrochureRenderer(ws).html("brochure", target, "paris", ids)
    (sample / "campuses/paris/layouts/brochure/brochure.html.j2").unlink()
    without = BrochureRenderer(load_workspace(sample)).html("brochure", target, "paris", ids)
    cover_a, rest_a = _cover_and_rest(with_override)
    cover_b, rest_b = _cover_and_rest(without)
    assert "cover-paris" in cover_a and "cover-paris" not in cover_b
    assert rest_a == rest_b


def test_lyon_and_paris_differ(ws):
    renderer = BrochureRenderer(ws)
    target = targets(ws)["brochure"]
    lyon = renderer.html("brochure", target, "lyon", select(ws, target))
    paris = renderer.html("brochure", target, "paris", select(ws, target))
    assert "--primary: #0b4f8a" in lyon and "--primary: #7a1f3d" in paris
    assert "assets/logo.svg" in lyon and "campuses/paris/logo.svg" in paris
    assert "cover-paris" in paris and "cover-paris" not in lyon


def test_campus_labels_replace_printed_words(sample):
    edit_yaml(sample / "campuses/lyon.yaml", lambda d: d.update(labels={"contents": "Au programme", "jobs_in_part": "{n} fiche|{n} fiches"}))
    ws = load_workspace(sample)
    target = targets(ws)["brochure"]
    html = BrochureRenderer(ws).html("brochure", target, "lyon", select(ws, target))
    assert "<h2>Au programme</h2>" in html and "6 fiches" in html
    paris = BrochureRenderer(ws).html("brochure", target, "paris", select(ws, target))
    assert "<h2>Sommaire</h2>" in paris


def test_workspace_layout_with_a_builtin_name_wins(sample):
    from metier.scaffold import new_layout

    new_layout(sample, "flyer", "flyer")
    css = sample / "layouts/flyer/flyer.css"
    css.write_text(css.read_text("utf-8") + "\n.pitch { color: #ff0000; }\n", "utf-8")
    ws = load_workspace(sample)
    rendered = BrochureRenderer(ws).flyer("flyers", targets(ws)["flyers"], "lyon", "ciso")
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(rendered.pdf)[0].render(scale=2).to_pil().convert("RGB")
    reds = sum(1 for r, g, b in image.get_flattened_data() if r > 200 and g < 60 and b < 60)
    assert reds > 50
    shutil.rmtree(sample / "layouts")


def test_a_category_of_many_jobs_counts_the_others_on_its_divider(sample):
    """A domain brochure of imported profiles: the divider names 8 and counts the others, the contents may break."""
    from metier.importers.rome import import_rome
    from metier.refdata import load_referentials
    from metier.refdata.rome import bundled_content

    content = bundled_content()
    codes = [c for c in content.codes() if c.startswith("M18")][:34]
    import_rome(codes, sample, content, load_referentials())
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"].update(informatique={
        "kind": "brochure", "campus": "lyon", "categories": ["Systèmes d'information et de télécommunication"]}))
    ws = load_workspace(sample)
    target = targets(ws)["informatique"]
    chosen = select(ws, target)
    html = BrochureRenderer(ws).html("informatique", target, "lyon", chosen)
    assert len(chosen) == 34
    assert '<li class="toc-part long">' in html
    divider = html[html.index('<section class="divider"'):html.index("</section>", html.index('<section class="divider"'))]
    assert divider.count("<li>") == 8 and '<li class="more">et 26 autres métiers</li>' in divider
    assert html.count('<li class="toc-entry">') == 34  # the contents list them all
