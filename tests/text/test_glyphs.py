"""Glyphs: every printed character is in the layout's bundled fonts, or is reported where it is written."""

from __future__ import annotations

import io
import shutil

import pytest

from metier.load.workspace import load_workspace
from metier.render.layouts import resolve_layout
from metier.text import glyphs
from metier.text.glyphs import (
    GlyphProblem,
    describe,
    font_coverage,
    is_drawn,
    layout_font_faces,
    layout_fonts,
    missing_glyphs,
    system_fonts,
)
from metier.text.typography import NBSP, NNBSP, typeset

CISO = "profiles/ciso.yaml"
INTRO_START = "Rançongiciels, fuites de données"
HINT = ("replace the character, or add a font that has it to the layout (the font file, an @font-face rule "
        "in layouts/base/custom.css, and its family in font-family)")


@pytest.fixture
def fontconfig(monkeypatch):
    """A machine whose only other font, "DejaVu Sans", has ☕ and nothing else the tests use."""
    monkeypatch.setattr(glyphs, "_system_fonts", lambda code: ("DejaVu Sans",) if code == 0x2615 else ())


def insert(path, anchor: str, text: str) -> tuple[int, int]:
    """Write *text* just before *anchor* in the file; return the 1-based line and column of *text*."""
    source = path.read_text(encoding="utf-8")
    assert source.count(anchor) == 1, anchor
    at = source.index(anchor)
    path.write_text(source[:at] + text + source[at:], encoding="utf-8")
    before = source[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1


def inter(sample) -> set[int]:
    return font_coverage(layout_fonts(resolve_layout("job-sheet", sample), sample))


def make_font(path, chars: str) -> None:
    """A tiny TrueType font with a square glyph for each of *chars*."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    outlines = {}
    for name in names:
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0))
        pen.lineTo((50, 500))
        pen.lineTo((450, 500))
        pen.lineTo((450, 0))
        pen.closePath()
        outlines[name] = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    builder.setupGlyf(outlines)
    builder.setupHorizontalMetrics({name: (500, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Metier Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))


# --- fonts ------------------------------------------------------------------

def test_the_layouts_declare_the_bundled_inter_fonts(sample_readonly):
    for name in ("job-sheet", "brochure", "flyer"):
        fonts = layout_fonts(resolve_layout(name, sample_readonly), sample_readonly)
        assert sorted(f.name for f in fonts) == [
            "Inter-Bold.otf", "Inter-BoldItalic.otf", "Inter-ExtraBold.otf", "Inter-Italic.otf",
            "Inter-Regular.otf", "Inter-SemiBold.otf", "Inter-SemiBoldItalic.otf"]
        assert all(f.is_file() and f.parent.name == "fonts" for f in fonts)


def test_inter_covers_french_text_and_not_emoji_or_cjk(sample_readonly):
    covered = inter(sample_readonly)
    for char in "éèàçœÉ€«»’…–—\u00a0\u202f\u2009":
        assert ord(char) in covered, describe(char)
    for char in "🚀安全\u2615":
        assert ord(char) not in covered, describe(char)


def test_every_character_typeset_inserts_is_covered(sample_readonly):
    covered = inter(sample_readonly)
    printed = typeset('Il a dit "oui" : 16 150 € ; bac + 5 ... 1er - 3e année ! l\'été ?', "fr")
    for char in (NBSP, NNBSP, "’", "«", "»", "…", "–"):
        assert char in printed
    assert {describe(c) for c in printed if ord(c) not in covered} == set()
    assert ord("\u2010") in covered  # WeasyPrint's hyphenation character


def test_coverage_is_read_once_per_file_version(tmp_path):
    font = tmp_path / "one.ttf"
    make_font(font, "a☕")
    assert font_coverage([font]) == {ord("a"), 0x2615}
    make_font(font, "b")
    assert font_coverage([font]) == {ord("b")}  # rewritten: another size, read again
    assert font_coverage([tmp_path / "none.ttf", tmp_path]) == set()
    (tmp_path / "bad.otf").write_bytes(b"not a font")
    assert font_coverage([tmp_path / "bad.otf"]) == set()


def test_a_workspace_layout_adds_a_font_with_its_unicode_range(sample):
    make_font(sample / "layouts" / "base" / "fonts" / "extra.ttf", "☕安")
    (sample / "layouts" / "base" / "custom.css").write_text(
        '/* more */\n@media print { @font-face { font-family: "Extra"; src: local("Nope"), '
        'url("fonts/missing.ttf"), url(fonts/extra.ttf) format("truetype"); unicode-range: U+2615; } }\n',
        encoding="utf-8")
    layout = resolve_layout("job-sheet", sample)
    faces = layout_font_faces(layout, sample)
    extra = [f for f in faces if f.path.name == "extra.ttf"]
    assert len(extra) == 1 and extra[0].ranges == ((0x2615, 0x2615),)
    assert extra[0].coverage() == {0x2615}  # 安 is in the file, but outside its unicode-range
    assert len(layout_fonts(layout, sample)) == 8


def test_a_campus_font_counts_for_that_campus_only(sample, fontconfig):
    insert(sample / CISO, INTRO_START, "\u2615 ")
    make_font(sample / "campuses" / "lyon" / "layouts" / "job-sheet" / "fonts" / "cup.ttf", "\u2615")
    (sample / "campuses" / "lyon" / "layouts" / "job-sheet" / "custom.css").write_text(
        '@font-face { font-family: "Cup"; src: url(fonts/cup.ttf); }\n', encoding="utf-8")
    ws = load_workspace(sample)
    assert missing_glyphs(ws, campus_id="lyon") == []
    assert [p.char for p in missing_glyphs(ws, campus_id="paris")] == ["\u2615"]
    assert [p.char for p in missing_glyphs(ws)] == ["\u2615"]  # printed for Paris too


# --- the workspace ----------------------------------------------------------

def test_the_sample_workspace_has_no_missing_glyph(sample_readonly):
    ws = load_workspace(sample_readonly)
    for layout in ("job-sheet", "brochure", "flyer"):
        assert missing_glyphs(ws, layout) == []


@pytest.mark.parametrize("text, status", [("🚀", "missing"), ("安全", "missing"), ("\u2615", "fallback")])
def test_a_character_outside_the_fonts_is_located(sample, fontconfig, text, status):
    line, column = insert(sample / CISO, INTRO_START, f"Allez {text} ! ")
    problems = missing_glyphs(load_workspace(sample))
    assert [(p.path, p.line, p.column, p.field, p.status) for p in problems] == [
        (CISO, line, column + 6 + i, "introduction", status) for i in range(len(text))]
    assert [p.char for p in problems] == list(text)
    assert all(p.word == text and p.count == 1 for p in problems)
    assert problems[0].codepoint == describe(text[0])


def test_fields_of_lists_campuses_and_programmes_are_named(sample, fontconfig):
    quote = insert(sample / CISO, "Mon métier, c'est", "\u2615 ")
    access = insert(sample / "campuses" / "paris.yaml", "Métro 9", "🚀 ")
    summary = insert(sample / "programmes" / "bachelor-cybersecurite.yaml", "Trois ans", "安 ")
    found = {(p.path, p.field, p.line, p.column) for p in missing_glyphs(load_workspace(sample))}
    assert found == {
        (CISO, "testimonials[0].quote", *quote),
        ("campuses/paris.yaml", "access", *access),
        ("programmes/bachelor-cybersecurite.yaml", "summary", *summary),
    }


def test_covered_characters_are_not_reported(sample, fontconfig):
    insert(sample / CISO, INTRO_START, f"Été : 5{NNBSP}850 € « ok » l'œil… ")
    assert missing_glyphs(load_workspace(sample)) == []


def test_characters_that_are_never_drawn_are_not_reported(sample, fontconfig):
    insert(sample / CISO, INTRO_START, "co\u00adop\u200dé\u200bra\u2060tion\ufe0f ")
    assert missing_glyphs(load_workspace(sample)) == []
    for char in "\n\t\u00ad\u200b\u200c\u200d\u2060\ufe0f\u2028":
        assert not is_drawn(char), describe(char)
    for char in " \u00a0\u202f\u2009a\u0301\u0600":
        assert is_drawn(char), describe(char)


def test_repeats_are_grouped_with_a_count(sample, fontconfig):
    line, column = insert(sample / CISO, INTRO_START, "\u2615\u2615 ou \u2615, ")
    (problem,) = missing_glyphs(load_workspace(sample))
    assert (problem.line, problem.column, problem.count, problem.word) == (line, column, 3, "\u2615\u2615")
    assert "(3 times)" in problem.message


def test_fields_that_are_not_printed_as_text_are_skipped(sample, fontconfig):
    insert(sample / CISO, "  - gouvernance\n", "  - \u2615\n")
    insert(sample / "metier.yaml", "Si tu es ici", "\u2615 ")  # the binary band
    assert missing_glyphs(load_workspace(sample)) == []


def test_a_character_from_a_markdown_entity_points_at_the_field(sample, fontconfig):
    insert(sample / CISO, INTRO_START, "Une pause &#x2615; puis ")
    ws = load_workspace(sample)
    (problem,) = missing_glyphs(ws)
    assert (problem.line, problem.column) == ws.documents[CISO].locate(("introduction",))
    assert problem.word == "\u2615"


def test_invalid_profiles_are_left_to_validation(sample, fontconfig):
    insert(sample / CISO, "title: Chief", "titre: \u2615\n")
    ws = load_workspace(sample)
    assert "ciso" in ws.invalid["profiles"]
    assert missing_glyphs(ws) == []


def test_machines_without_fontconfig_say_it_may_fall_back(sample, monkeypatch):
    monkeypatch.setattr(glyphs, "_SYSTEM_FONTS", {})
    monkeypatch.setattr(glyphs, "_fontconfig", lambda *args: None)
    insert(sample / CISO, INTRO_START, "\u2615 ")
    (problem,) = missing_glyphs(load_workspace(sample))
    assert problem.status == "unknown" and problem.fonts == ()
    assert "may be printed with another font" in problem.message


# --- messages ---------------------------------------------------------------

def test_messages_say_what_to_do():
    where = dict(path=CISO, line=12, column=5, field="testimonials[0].quote", char="\u2615", word="pause\u2615")
    fallback = GlyphProblem(**where, status="fallback", fonts=("DejaVu Sans", "Noto Sans Symbols"))
    assert fallback.message == (
        'U+2615 HOT BEVERAGE in "pause\u2615" is not in the layout\'s fonts: this machine takes it from another '
        f"font (DejaVu Sans), which another computer may lack or draw differently; {HINT}")
    assert str(fallback.issue()) == f"{CISO}:12:5: warning: testimonials[0].quote: {fallback.message}"
    missing = GlyphProblem(**where, count=2, status="missing")
    assert missing.message == (
        'U+2615 HOT BEVERAGE in "pause\u2615" (2 times) is in no font, neither the layout\'s nor this '
        f"machine's: it prints as an empty box; {HINT}")
    assert missing.issue().severity == "error"
    unknown = GlyphProblem(**where, status="unknown")
    assert unknown.message == (
        'U+2615 HOT BEVERAGE in "pause\u2615" is not in the layout\'s fonts: it may be printed with another '
        f"font of this machine, or as an empty box; {HINT}")
    assert describe("\u202f") == "U+202F NARROW NO-BREAK SPACE"
    assert describe("\x07") == "U+0007"


# --- what WeasyPrint really does ---------------------------------------------

def _embedded_fonts(text: str, fonts) -> set[str]:
    from pypdf import PdfReader
    from weasyprint import HTML

    faces = "".join(f'@font-face {{ font-family: "Inter"; src: url("{f.as_uri()}"); }}' for f in fonts[:1])
    html = f'<style>{faces} body {{ font-family: "Inter"; }}</style><p>{text}</p>'
    reader = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font.get("/BaseFont", font.get("/Name", "?"))).split("+")[-1])
    return names


@pytest.mark.weasyprint_warnings_expected
@pytest.mark.skipif(shutil.which("fc-list") is None, reason="needs fontconfig's fc-list")
def test_the_verdicts_match_what_weasyprint_embeds(sample_readonly, no_weasyprint_warnings):
    """Falls back: a second font is embedded; missing: only Inter, and WeasyPrint logs its empty box."""
    fonts = [f for f in layout_fonts(resolve_layout("job-sheet", sample_readonly), sample_readonly)
             if f.name == "Inter-Regular.otf"]
    assert _embedded_fonts(f"Été{NNBSP}: « 5{NNBSP}850 € »", fonts) == {"Inter"}
    assert _embedded_fonts("a\u2060b\u200dc\u00add", fonts) == {"Inter"}  # never drawn, nothing falls back
    assert no_weasyprint_warnings.records == []
    for char in ("\u2615", "\U0001F680", "安"):
        no_weasyprint_warnings.records.clear()
        others = _embedded_fonts(f"x {char}", fonts) - {"Inter"}
        notdef = [r for r in no_weasyprint_warnings.records if ".notdef" in r.getMessage()]
        if system_fonts(char):
            assert others and not notdef, f"{describe(char)} should come from another font"
        else:
            assert not others and notdef, f"{describe(char)} is in no font: Inter's empty box is drawn"


# --- metier check and metier build -------------------------------------------

def test_check_warns_of_a_fallback_character_once_where_it_is_written(metier, sample, fontconfig):
    line, column = insert(sample / CISO, INTRO_START, "Une pause \u2615 ! ")
    code, out, err = metier("check", cwd=sample)
    assert code == 0, err
    # job-sheet, brochure and flyer lack it for both campuses: reported once
    assert err.count("U+2615") == 1
    assert f"{CISO}:{line}:{column + 10}: warning: introduction: U+2615 HOT BEVERAGE in \"\u2615\"" in err
    assert "(DejaVu Sans)" in err
    assert out.startswith("OK: 6 profiles, 2 programmes, 2 campuses.")
    assert len([line for line in err.splitlines() if "U+" in line]) == 1


def test_check_fails_on_a_character_that_no_font_has(metier, sample, fontconfig):
    line, column = insert(sample / CISO, INTRO_START, "Sécurité \u5b89 ")
    code, out, err = metier("check", cwd=sample)
    assert code == 1 and out == ""
    assert f"{CISO}:{line}:{column + 9}: introduction: U+5B89 CJK UNIFIED IDEOGRAPH-5B89" in err
    assert "it prints as an empty box" in err
    assert [line for line in err.splitlines() if ": warning: " not in line and "problem(s)" not in line] == [
        line for line in err.splitlines() if "U+5B89" in line]  # the only error: the content rules only warn


def test_check_gives_no_glyph_warning_on_the_sample(metier, sample_readonly):
    assert glyphs.glyph_issues(load_workspace(sample_readonly)) == []
    code, out, err = metier("check", cwd=sample_readonly)
    assert code == 0 and "U+" not in err  # the content rules report the seed's inconsistencies, nothing on glyphs
    assert out.startswith("OK: 6 profiles, 2 programmes, 2 campuses.")


def test_the_layouts_checked_are_those_of_the_targets_and_campuses(sample, fontconfig):
    from metier.scaffold import new_layout
    from tests.conftest import edit_yaml

    edit_yaml(sample / "metier.yaml", lambda d: d["targets"].update(
        {"lyon-only": {"kind": "sheets", "campus": "lyon", "layout": "my-sheet", "output": "out/x/{profile}.pdf"}}))
    new_layout(sample, "my-sheet", "job-sheet")
    ws = load_workspace(sample)
    assert glyphs.used_layouts(ws) == {
        "job-sheet": {"lyon", "paris"}, "brochure": {"lyon", "paris"}, "flyer": {"lyon", "paris"},
        "my-sheet": {"lyon"}}
    # a font of Lyon's job sheet has the character: Paris's job sheet still lacks it
    insert(sample / CISO, INTRO_START, "\u2615 ")
    make_font(sample / "campuses" / "lyon" / "layouts" / "job-sheet" / "fonts" / "cup.ttf", "\u2615")
    (sample / "campuses" / "lyon" / "layouts" / "job-sheet" / "custom.css").write_text(
        '@font-face { font-family: "Cup"; src: url(fonts/cup.ttf); }\n', encoding="utf-8")
    ws = load_workspace(sample)
    assert glyphs.glyph_issues(ws, {"job-sheet": {"lyon"}}) == []
    (issue,) = glyphs.glyph_issues(ws, {"job-sheet": {"lyon", "paris"}})
    assert (issue.path, issue.field, issue.severity) == (CISO, "introduction", "warning")
    assert glyphs.glyph_issues(ws) == [issue]  # the other layouts lack it too: still once
    assert glyphs.glyph_issues(ws, {"no-such-layout": {"lyon"}}) == []  # rendering reports it


@pytest.mark.weasyprint_warnings_expected  # the machine may have no font for it, whatever fontconfig says here
def test_build_reports_glyph_problems_once_per_build(metier, sample, fontconfig):
    import json

    from tests.conftest import screen_only

    screen_only(sample)
    line, column = insert(sample / CISO, INTRO_START, "\u2615 ")
    where = f"{CISO}:{line}:{column}: warning: introduction: U+2615 HOT BEVERAGE"
    for _ in range(2):  # built, then up to date: reported each time
        code, out, err = metier("build", "sheets", "--profile", "ciso", "-j", "1", cwd=sample)
        assert code == 0, err
        assert err.count(where) == 1 and err.count("U+2615") == 1
        report = json.loads((sample / "out" / "build-report.json").read_text("utf-8"))
        problems = [p for p in report["input problems"] if "U+2615" in p["message"]]
        assert [(p["file"], p["line"], p["field"], p["severity"]) for p in problems] == [
            (CISO, line, "introduction", "warning")]
    assert "2 sheets built" in out or "2 up to date" in out


def test_build_checks_glyphs_without_rendering_again_per_output(sample, fontconfig, monkeypatch):
    from metier.build.run import build

    calls = []
    real = glyphs.missing_glyphs
    monkeypatch.setattr(glyphs, "missing_glyphs", lambda *a, **k: calls.append((a[1], k)) or real(*a, **k))
    insert(sample / CISO, INTRO_START, "\u2615 ")
    ws = load_workspace(sample)
    result = build(ws, targets_=["flyers"], campuses=["lyon"], profiles=["ciso"], jobs=1)
    assert calls == [("flyer", {"campus_id": "lyon"})]  # once, for the layout and campus of the outputs
    assert [i.field for i in result.issues if "U+2615" in i.message] == ["introduction"]
    assert [i for i in ws.issues if "U+2615" in i.message] == [i for i in result.issues if "U+2615" in i.message]
