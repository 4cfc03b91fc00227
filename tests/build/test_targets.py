"""Build targets: selection, order, output paths, collisions, and the commands that use them."""

from __future__ import annotations

import pytest

from metier.build.targets import plan, select, targets
from metier.errors import DataError, MetierError
from metier.load.workspace import load_workspace
from metier.model.project import Target
from tests.conftest import edit_yaml


@pytest.fixture(scope="module")
def ws(sample_readonly):
    return load_workspace(sample_readonly)


def test_all_profiles_by_category_then_title(ws):
    ids = select(ws, Target(kind="brochure"))
    categories = [ws.profiles[p].category for p in ids]
    assert categories == sorted(categories, key=lambda c: c.replace("É", "E"))
    assert ids[:2] == ["security-architect", "devsecops-engineer"]  # "Architecte..." before "Ingénieur..."


def test_selection_by_category_keeps_the_listed_category_order(ws):
    ids = select(ws, Target(kind="brochure", categories=["Gouvernance", "Audit et test"]))
    assert ids == ["ciso", "pentester"]


def test_selection_by_tag_and_exclusions(ws):
    tag = ws.profiles["soc-analyst"].tags[0]
    tagged = [p for p in ws.profiles if tag in ws.profiles[p].tags]
    assert select(ws, Target(kind="brochure", tags=[tag])) == [p for p in select(ws, Target(kind="brochure")) if p in tagged]
    assert "soc-analyst" not in select(ws, Target(kind="brochure", tags=[tag], exclude=["soc-analyst"]))


def test_listed_order_and_invalid_profiles_skipped(ws):
    listed = Target(kind="brochure", profiles=["prompt-engineer", "ciso", "pentester"], order="listed")
    assert select(ws, listed) == ["prompt-engineer", "ciso", "pentester"]
    by_category = Target(kind="brochure", profiles=["prompt-engineer", "ciso", "pentester"])
    assert select(ws, by_category) == ["pentester", "ciso", "prompt-engineer"]


def test_plan_paths_per_kind(ws):
    outputs = {o.path: o for o in plan(ws)}
    assert outputs["out/sheets/lyon/ciso.pdf"].kind == "sheet"
    assert outputs["out/sheets/lyon/ciso.pdf"].variant == "screen"
    assert outputs["out/sheets/lyon/ciso-press.pdf"].variant == "press"
    assert outputs["out/brochure/paris/brochure-paris.pdf"].profiles == select(ws, targets(ws)["brochure"])
    assert outputs["out/brochure/paris/brochure-paris-press.pdf"].variant == "press"
    assert outputs["out/livret/lyon/livret-lyon-press.pdf"].kind == "booklet"  # press only
    assert "out/livret/lyon/livret-lyon.pdf" not in outputs
    assert outputs["out/flyers/lyon/flyers-lyon-2up.pdf"].kind == "flyer-sheet"
    assert outputs["out/flyers/paris/pentester.pdf"].kind == "flyer"
    assert [(o.campus, o.variant) for o in plan(ws, ["salon-lyon"])] == [("lyon", "screen"), ("lyon", "press")]


def test_plan_filters_and_unknown_target(ws):
    only = plan(ws, ["sheets", "flyers"], campuses=["paris"], profiles=["ciso"])
    assert sorted(o.path for o in only) == ["out/flyers/paris/ciso.pdf", "out/sheets/paris/ciso-press.pdf",
                                            "out/sheets/paris/ciso.pdf"]
    with pytest.raises(MetierError, match='no target "brochur" in metier.yaml; did you mean "brochure"'):
        plan(ws, ["brochur"])


def test_workspace_without_targets_builds_every_sheet(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d.pop("targets"))
    ws = load_workspace(sample)
    assert list(targets(ws)) == ["sheets"]
    assert len(plan(ws)) == 12  # screen only, plain names
    assert all(o.variant == "screen" and not o.path.endswith("-press.pdf") for o in plan(ws))


def test_two_targets_writing_the_same_file_are_refused(sample, metier):
    def clash(data):
        data["targets"]["copy"] = {"kind": "brochure", "campus": "lyon", "output": "out/brochure/{campus}/brochure-{campus}.pdf"}
    edit_yaml(sample / "metier.yaml", clash)
    with pytest.raises(DataError) as info:
        plan(load_workspace(sample))
    (issue,) = info.value.issues
    assert issue.path == "metier.yaml" and issue.field == "targets.copy.output"
    assert 'targets "brochure" and "copy" would both write out/brochure/lyon/brochure-lyon.pdf' in issue.message
    code, out, err = metier("build", "sheets", cwd=sample)
    assert code == 1 and "targets.copy.output:" in err and "would both write" in err
    assert not (sample / "out").exists()  # refused before anything is rendered


@pytest.mark.parametrize("pattern, message", [
    ("out/{target}/{campus}.pdf", 'output "out/{target}/{campus}.pdf" must contain {profile}: a sheets target writes one file per profile'),
    ("../elsewhere/{profile}.pdf", 'output "../elsewhere/{profile}.pdf" is not inside out/'),
    ("out/{school}/{profile}.pdf", "unknown placeholder {school}; use {target}, {campus} and {profile}"),
])
def test_bad_output_patterns_are_located(sample, pattern, message):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["sheets"].update(output=pattern))
    with pytest.raises(DataError) as info:
        plan(load_workspace(sample))
    (issue,) = info.value.issues
    assert issue.field == "targets.sheets.output" and message in issue.message


def test_targets_naming_unknown_things(sample):
    def bad(data):
        data["targets"]["salon-lyon"].update(campus="lyom", categories=["Gouvernanse"])
        data["targets"]["brochure"]["exclude"] = ["cisco"]
    edit_yaml(sample / "metier.yaml", bad)
    ws = load_workspace(sample)
    messages = {i.field: (i.severity, i.message) for i in ws.issues}
    assert messages["targets.salon-lyon.campus"] == ("error", 'campus "lyom" does not exist in campuses/; did you mean "lyon"?')
    assert messages["targets.salon-lyon.categories[0]"][0] == "warning"
    assert 'did you mean "Gouvernance"' in messages["targets.salon-lyon.categories[0]"][1]
    assert messages["targets.brochure.exclude[0]"] == ("error", 'profile "cisco" does not exist in profiles/; did you mean "ciso"?')
    assert {"salon-lyon", "brochure"} == ws.invalid["targets"]
    assert {o.target for o in plan(ws)} == {"sheets", "livret", "flyers"}


def test_booklet_must_be_a5(sample):
    edit_yaml(sample / "metier.yaml", lambda d: d["targets"]["livret"].update(page_size="A4"))
    ws = load_workspace(sample)
    assert ws.fatal
    assert any("a booklet is the A5 brochure imposed on A4 sheets" in i.message for i in ws.issues)


def test_targets_command(metier, sample_readonly):
    code, out, _ = metier("targets", cwd=sample_readonly)
    assert code == 0
    assert "brochure  (brochure) for lyon, paris: 6 profiles, 4 files" in out
    assert "salon-lyon  (brochure) for lyon: 3 profiles, 2 files" in out
    assert "    out/salon-lyon/lyon/salon-lyon.pdf" in out and "    out/salon-lyon/lyon/salon-lyon-press.pdf" in out
    assert "... and 21 more" in out
