"""Screen and press variants: what a variant is, how its files are named, and how wrong settings are reported."""

from __future__ import annotations

import re

import pytest

from metier.build.targets import output_path, plan
from metier.errors import DataError
from metier.load.workspace import load_workspace
from metier.model.campus import Colours
from metier.model.project import Press, Target
from metier.press.colours import bundled_profile
from metier.press.variant import BUNDLED_PROFILE_URL, SCREEN, Variant, variant_for
from metier.render.environment import WORKSPACE_ROOT
from tests.conftest import edit_yaml


def line_of(path, text: str, after: int = 0) -> int:
    """The 1-based number of the first line of *path* (from line *after* on) that contains *text*."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[after:], start=after + 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def set_variants(sample, target: str, variants) -> None:
    """Write *variants* as the variants of *target* in the sample's metier.yaml."""
    edit_yaml(sample / "metier.yaml", lambda data: data["targets"][target].__setitem__("variants", variants))


def set_cmyk(sample, campus: str, which: str, value) -> None:
    """Write *value* as ``colours.<which>_cmyk`` of *campus*."""
    edit_yaml(sample / "campuses" / f"{campus}.yaml", lambda data: data["colours"].__setitem__(f"{which}_cmyk", value))


# --- the Variant --------------------------------------------------------------

def test_screen_variant_is_pdf_ua_without_bleed_or_conversion():
    """Screen files are PDF/UA-1, with no bleed, no marks and no CMYK converter."""
    assert variant_for("screen", Press()) is SCREEN
    assert (SCREEN.name, SCREEN.standard, SCREEN.bleed_mm, SCREEN.marks) == ("screen", "pdf/ua-1", 0.0, False)
    assert not SCREEN.press and SCREEN.converter is None
    assert SCREEN.stylesheet() == ":root { --bleed: 0mm; }"


def test_press_variant_follows_the_press_settings():
    """A press variant takes the standard, bleed and marks of the settings, and the bundled profile by default."""
    variant = variant_for("press", Press())
    assert variant.press and (variant.standard, variant.bleed_mm, variant.marks) == ("pdf/x-4", 3, True)
    assert variant.profile_url == BUNDLED_PROFILE_URL and not variant.flatten
    assert variant.converter is not None and variant.converter.profile == bundled_profile()
    other = variant_for("press", Press(standard="pdf/x-1a", bleed=5, marks=False))
    assert (other.standard, other.bleed_mm, other.marks, other.flatten) == ("pdf/x-1a", 5, False, True)
    assert other.converter.flatten


def test_press_stylesheet_sets_the_bleed_and_the_output_profile():
    """The press stylesheet declares the CMYK profile, the page bleed and the --bleed custom property."""
    css = variant_for("press", Press(bleed=4)).stylesheet()
    assert f"@color-profile device-cmyk {{ src: url({BUNDLED_PROFILE_URL});" in css
    assert re.search(r"@page \{ bleed: 4(\.0)?mm; marks: none; \}", css)  # WeasyPrint draws no marks of its own
    assert re.search(r":root \{ --bleed: 4(\.0)?mm; \}", css)


def test_workspace_profile_is_named_by_its_workspace_url():
    """With press.profile, the variant reads that workspace file and uses its bytes for conversions."""
    settings = Press.model_construct(**{**Press().model_dump(), "profile": "assets/printer.icc"})
    variant = variant_for("press", settings, profile=b"icc bytes")
    assert variant.profile_url == WORKSPACE_ROOT + "assets/printer.icc"
    assert variant.profile == b"icc bytes"


def test_campus_cmyk_colours_become_exact_inks():
    """primary_cmyk and accent_cmyk (percent) map the campus's RGB colours to exact inks (0-1)."""
    colours = Colours(primary="#0b4f8a", accent="#f2a541", primary_cmyk=[100, 60, 0, 20], accent_cmyk=[0, 40, 80, 0])
    variant = variant_for("press", Press(), colours)
    assert dict(variant.exact) == {(11, 79, 138): (1.0, 0.6, 0.0, 0.2), (242, 165, 65): (0.0, 0.4, 0.8, 0.0)}
    assert variant.converter.cmyk((11, 79, 138)) == (1.0, 0.6, 0.0, 0.2)
    assert variant_for("press", Press(), Colours(primary="#0b4f8a")).exact == ()


def test_variants_with_other_colours_have_other_keys():
    """A cache key tells press variants apart by campus inks and standard, so stylesheets are not shared wrongly."""
    plain = variant_for("press", Press())
    inked = variant_for("press", Press(), Colours(primary="#0b4f8a", primary_cmyk=[100, 60, 0, 20]))
    flat = variant_for("press", Press(standard="pdf/x-1a"))
    assert len({plain.key, inked.key, flat.key, SCREEN.key}) == 4
    assert Variant("press").key == Variant("press").key


# --- file names ------------------------------------------------------------------

def test_screen_keeps_the_plain_name_and_press_ends_in_press():
    """variants [screen, press]: x.pdf for the screen, x-press.pdf for the printer."""
    target = Target(kind="sheets", variants=["screen", "press"])
    assert output_path("sheets", target, "lyon", "ciso") == "out/sheets/lyon/ciso.pdf"
    assert output_path("sheets", target, "lyon", "ciso", variant="press") == "out/sheets/lyon/ciso-press.pdf"
    brochure = Target(kind="brochure", variants=["screen", "press"])
    assert output_path("brochure", brochure, "lyon", variant="press") == "out/brochure/lyon/brochure-lyon-press.pdf"
    assert output_path("brochure", brochure, "lyon") == "out/brochure/lyon/brochure-lyon.pdf"


def test_output_pattern_with_variant_places_it_and_gets_no_extra_suffix():
    """An output pattern with {variant} names both files itself: no -press added after it."""
    target = Target(kind="sheets", variants=["screen", "press"], output="out/{variant}/{campus}/{profile}.pdf")
    assert output_path("sheets", target, "lyon", "ciso") == "out/screen/lyon/ciso.pdf"
    assert output_path("sheets", target, "lyon", "ciso", variant="press") == "out/press/lyon/ciso.pdf"
    suffixed = Target(kind="sheets", variants=["press"], output="out/x/{profile}-{variant}.pdf")
    assert output_path("sheets", suffixed, "lyon", "ciso", variant="press") == "out/x/ciso-press.pdf"


def test_output_pattern_without_variant_still_marks_the_press_file():
    """A target's own pattern without {variant} gets -press on the press file, so the two never collide."""
    target = Target(kind="brochure", variants=["screen", "press"], output="out/print/{campus}.pdf")
    assert output_path("brochure", target, "lyon") == "out/print/lyon.pdf"
    assert output_path("brochure", target, "lyon", variant="press") == "out/print/lyon-press.pdf"


def test_plan_names_both_variants_of_a_target(sample):
    """A workspace target with both variants plans x.pdf and x-press.pdf, one of each per output."""
    edit_yaml(sample / "metier.yaml", lambda data: data["targets"].__setitem__(
        "fiches", {"kind": "sheets", "campus": "lyon", "profiles": ["ciso"], "variants": ["screen", "press"],
                   "output": "out/fiches/{profile}.pdf"}))
    edit_yaml(sample / "metier.yaml", lambda data: data["targets"].__setitem__(
        "print", {"kind": "sheets", "campus": "lyon", "profiles": ["ciso"], "variants": ["press", "screen"],
                  "output": "out/print/{variant}/{profile}.pdf"}))
    outputs = {o.path: o.variant for o in plan(load_workspace(sample), ["fiches", "print"])}
    assert outputs == {"out/fiches/ciso.pdf": "screen", "out/fiches/ciso-press.pdf": "press",
                       "out/print/press/ciso.pdf": "press", "out/print/screen/ciso.pdf": "screen"}


def test_default_variant_is_screen_only(sample):
    """A target that names no variants makes its screen file only."""
    edit_yaml(sample / "metier.yaml", lambda data: data["targets"]["sheets"].pop("variants"))
    outputs = plan(load_workspace(sample), ["sheets"], campuses=["lyon"], profiles=["ciso"])
    assert [(o.path, o.variant) for o in outputs] == [("out/sheets/lyon/ciso.pdf", "screen")]


def test_output_pattern_may_use_variant_placeholder(sample):
    """{variant} is an accepted placeholder of a target's output pattern (no located error)."""
    edit_yaml(sample / "metier.yaml", lambda data: data["targets"]["brochure"].__setitem__(
        "output", "out/{target}/{variant}/{campus}.pdf"))
    paths = sorted(o.path for o in plan(load_workspace(sample), ["brochure"], campuses=["lyon"]))
    assert paths == ["out/brochure/press/lyon.pdf", "out/brochure/screen/lyon.pdf"]


# --- located errors ------------------------------------------------------------------

def test_a_variant_listed_twice_is_a_located_error(sample):
    """variants: [press, press] is reported on metier.yaml at the target, and nothing is built."""
    set_variants(sample, "livret", ["press", "press"])
    ws = load_workspace(sample)
    assert ws.fatal
    (issue,) = ws.issues
    target_line = line_of(sample / "metier.yaml", "  livret:")
    assert (issue.path, issue.field) == ("metier.yaml", "targets.livret")
    assert target_line < issue.line <= line_of(sample / "metier.yaml", "variants:", after=target_line)
    assert issue.message == "a variant is listed twice in variants"


def test_a_variant_listed_twice_stops_the_build_command(sample, metier):
    """``metier build`` prints the located error, exits with 1 and writes nothing."""
    set_variants(sample, "livret", ["press", "press"])
    code, _, err = metier("build", cwd=sample)
    assert code == 1
    assert "metier.yaml:" in err and "targets.livret: a variant is listed twice in variants" in err
    assert "Traceback" not in err
    assert not (sample / "out").exists()


@pytest.mark.parametrize("name, hint", [("print", ""), ("pres", '; did you mean "press"?'),
                                        ("Press", '; did you mean "press"?')])
def test_an_unknown_variant_is_a_located_error(sample, name, hint):
    """An unknown variant name is reported at its own list item, with the choices and a suggestion."""
    set_variants(sample, "livret", ["screen", name])
    ws = load_workspace(sample)
    assert ws.fatal
    (issue,) = ws.issues
    item_line = line_of(sample / "metier.yaml", f"- {name}", after=line_of(sample / "metier.yaml", "  livret:"))
    assert (issue.path, issue.line, issue.field) == ("metier.yaml", item_line, "targets.livret.variants[1]")
    assert issue.message == f'expected one of screen, press, got "{name}"{hint}'


def test_an_empty_variant_list_is_a_located_error(sample):
    """variants: [] asks for nothing and is refused at the key."""
    set_variants(sample, "livret", [])
    (issue,) = load_workspace(sample).issues
    assert (issue.path, issue.field) == ("metier.yaml", "targets.livret.variants")
    assert issue.line == line_of(sample / "metier.yaml", "variants: []")
    assert issue.message == "must not be empty"


def test_build_refuses_invalid_variants_with_a_data_error(sample):
    """The library build raises DataError carrying the located issue."""
    from metier.build.run import build

    set_variants(sample, "sheets", ["paper"])
    with pytest.raises(DataError) as info:
        build(sample)
    assert any(i.path == "metier.yaml" and i.field == "targets.sheets.variants[0]" for i in info.value.issues)


def test_unknown_press_standard_is_a_located_error(sample):
    """press.standard accepts pdf/x-4 and pdf/x-1a only."""
    edit_yaml(sample / "metier.yaml", lambda data: data["press"].__setitem__("standard", "pdf/x-3"))
    (issue,) = load_workspace(sample).issues
    assert (issue.path, issue.field) == ("metier.yaml", "press.standard")
    assert issue.line == line_of(sample / "metier.yaml", "standard:")
    assert issue.message.startswith("expected one of pdf/x-4, pdf/x-1a, got \"pdf/x-3\"")


# --- campus CMYK colours --------------------------------------------------------------

def test_valid_campus_cmyk_is_accepted(sample):
    """Four percentages from 0 to 100 (whole or not) are a valid primary_cmyk and accent_cmyk."""
    set_cmyk(sample, "lyon", "primary", [100, 60, 0, 20])
    set_cmyk(sample, "lyon", "accent", [0, 35.5, 80, 0])
    ws = load_workspace(sample)
    assert ws.issues == []
    assert ws.campuses["lyon"].colours.primary_cmyk == [100, 60, 0, 20]
    assert ws.campuses["lyon"].colours.accent_cmyk == [0, 35.5, 80, 0]


@pytest.mark.parametrize("value, index, message", [
    ([0, 0, 0, 101], 3, 'must be at most 100, got "101"'),
    ([-1, 0, 0, 0], 0, 'must be at least 0, got "-1"'),
    ([0, 40, "cyan", 0], 2, 'expected a number, got "cyan"'),
])
def test_campus_cmyk_value_out_of_range_is_located_at_the_value(sample, value, index, message):
    """An ink outside 0-100 (or not a number) is reported at its own line; only that campus is skipped."""
    set_cmyk(sample, "lyon", "primary", value)
    ws = load_workspace(sample)
    (issue,) = ws.issues
    path = sample / "campuses" / "lyon.yaml"
    assert (issue.path, issue.field) == ("campuses/lyon.yaml", f"colours.primary_cmyk[{index}]")
    assert issue.line == line_of(path, "primary_cmyk:") + 1 + index
    assert issue.message == message
    assert "lyon" in ws.invalid["campuses"] and "paris" in ws.campuses


@pytest.mark.parametrize("value", [[100, 60, 0], [100, 60, 0, 20, 5]])
def test_campus_cmyk_needs_exactly_four_values(sample, value):
    """Three or five inks are refused with an error located at primary_cmyk."""
    set_cmyk(sample, "lyon", "primary", value)
    ws = load_workspace(sample)
    (issue,) = ws.issues
    assert (issue.path, issue.field) == ("campuses/lyon.yaml", "colours.primary_cmyk")
    assert line_of(sample / "campuses" / "lyon.yaml", "primary_cmyk:") <= issue.line
    assert "lyon" in ws.invalid["campuses"]


def test_accent_cmyk_is_validated_too(sample):
    """accent_cmyk follows the same rules as primary_cmyk."""
    set_cmyk(sample, "paris", "accent", [0, 0, 0, 120])
    (issue,) = load_workspace(sample).issues
    assert (issue.path, issue.field) == ("campuses/paris.yaml", "colours.accent_cmyk[3]")
    assert issue.message == 'must be at most 100, got "120"'


def test_campus_cmyk_as_text_is_a_located_error(sample):
    """primary_cmyk written as text asks for a list."""
    set_cmyk(sample, "lyon", "primary", "100 60 0 20")
    (issue,) = load_workspace(sample).issues
    assert (issue.path, issue.field) == ("campuses/lyon.yaml", "colours.primary_cmyk")
    assert issue.line == line_of(sample / "campuses" / "lyon.yaml", "primary_cmyk:")
    assert issue.message.startswith("expected a list")


@pytest.mark.parametrize("value", [[100, 60, 0], [100, 60, 0, 20, 5]])
def test_campus_cmyk_wrong_count_message_says_four_values(sample, value):
    """The message for a wrong number of inks says that four are needed (not "empty", not "characters")."""
    set_cmyk(sample, "lyon", "primary", value)
    (issue,) = load_workspace(sample).issues
    assert "4" in issue.message
    assert "empty" not in issue.message and "characters" not in issue.message


@pytest.mark.parametrize("content, message", [
    (b"not a profile", '"assets/printer.icc" is not an ICC colour profile; ask the printer for their CMYK output profile'),
    ("srgb", '"assets/printer.icc" is not a CMYK output (printer) profile: its colour space is RGB, its class mntr'),
])
def test_a_press_profile_that_is_not_a_cmyk_output_profile_is_a_located_error(sample, content, message):
    """press.profile must be a CMYK output ICC profile; otherwise metier.yaml is reported at that line."""
    if content == "srgb":
        from PIL import ImageCms

        content = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    (sample / "assets" / "printer.icc").write_bytes(content)
    edit_yaml(sample / "metier.yaml", lambda d: d["press"].update(profile="assets/printer.icc"))
    ws = load_workspace(sample)
    (issue,) = [i for i in ws.issues if i.field == "press.profile"]
    assert issue.path == "metier.yaml" and issue.line > 0 and message in issue.message


def test_a_missing_press_profile_fails_the_press_files_only(sample):
    """A press profile that does not exist is reported, and the screen files are still built."""
    from metier.build.run import build

    edit_yaml(sample / "metier.yaml", lambda d: d["press"].update(profile="assets/printer.icc"))
    result = build(sample, targets_=["sheets"], campuses=["lyon"], profiles=["ciso"])
    states = {o.variant: (o.status, o.error) for o in result.outputs}
    assert states["screen"] == ("built", None)
    assert states["press"][0] == "failed" and 'file assets/printer.icc does not exist' in states["press"][1]
    assert any(i.field == "press.profile" and "does not exist" in i.message for i in result.issues)
