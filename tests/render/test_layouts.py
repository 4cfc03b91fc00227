"""Layouts: the search path, campus overrides by file name, and the confined URL fetcher."""

import os

import pytest

from metier.errors import MetierError
from metier.load.workspace import load_workspace
from metier.render.environment import ASSET_ROOT, WORKSPACE_ROOT
from metier.render.fetcher import AssetError, ConfinedFetcher
from metier.render.layouts import builtin_dir, resolve_layout
from metier.render.sheet import SheetRenderer


def test_search_path_most_specific_first(sample):
    (sample / "campuses/paris/layouts/job-sheet").mkdir(parents=True)
    (sample / "layouts/job-sheet").mkdir(parents=True)
    layout = resolve_layout("job-sheet", sample, "paris")
    assert layout.search_path == (
        sample / "campuses/paris/layouts/job-sheet",
        sample / "layouts/job-sheet",
        builtin_dir() / "job-sheet",
        builtin_dir() / "base",
    )
    assert layout.settings.page_budget == 4
    assert resolve_layout("job-sheet", sample, "lyon").search_path[0] == sample / "layouts/job-sheet"


def test_unknown_layout_suggests(sample):
    with pytest.raises(MetierError) as info:
        resolve_layout("job-shet", sample)
    assert str(info.value) == 'layout "job-shet" is not in layouts/ nor built in; did you mean "job-sheet"?'


def test_layout_cycle_is_refused(sample):
    for name, parent in (("a", "b"), ("b", "a")):
        (sample / "layouts" / name).mkdir(parents=True)
        (sample / "layouts" / name / "layout.yaml").write_text(
            f"name: {name}\ndescription: x\nextends: {parent}\n", encoding="utf-8")
    with pytest.raises(MetierError) as info:
        resolve_layout("a", sample)
    assert str(info.value) == 'layout "a" extends itself through a -> b -> a'


def test_campus_custom_css_changes_one_campus_only(sample):
    folder = sample / "campuses/paris/layouts/job-sheet"
    folder.mkdir(parents=True)
    (folder / "custom.css").write_text(".band h1 { font-style: italic; letter-spacing: 0.2em; }", encoding="utf-8")
    ws = load_workspace(sample)
    renderer = SheetRenderer(ws)
    paris, lyon = renderer.layout("paris")[0], renderer.layout("lyon")[0]
    assert paris.find("custom.css") == folder / "custom.css"
    assert lyon.find("custom.css") == builtin_dir() / "base/custom.css"
    assert renderer.render("ciso", "paris").pdf != renderer.render("ciso", "lyon").pdf


def test_campus_template_overrides_one_block(sample):
    folder = sample / "campuses/lyon/layouts/job-sheet"
    folder.mkdir(parents=True)
    (folder / "sheet.html.j2").write_text(
        '{% extends "!layout/sheet.html.j2" %}\n'
        "{% block title %}Spécial Lyon – {{ super() }}{% endblock %}\n", encoding="utf-8")
    renderer = SheetRenderer(load_workspace(sample))
    assert "<title>Spécial Lyon – CISO" in renderer.html("ciso", "lyon").replace("Chief Information Security Officer (CISO)", "CISO")
    assert "Spécial Lyon" not in renderer.html("ciso", "paris")


@pytest.fixture
def fetcher(sample):
    return ConfinedFetcher(resolve_layout("job-sheet", sample, "lyon"), sample)


def test_fetcher_finds_layout_assets_and_workspace_files(fetcher, sample):
    assert fetcher.resolve(ASSET_ROOT + "fonts/Inter-Regular.otf") == (builtin_dir() / "base/fonts/Inter-Regular.otf").resolve()
    assert fetcher.resolve(WORKSPACE_ROOT + "assets/logo.svg") == (sample / "assets/logo.svg").resolve()
    response = fetcher.fetch(WORKSPACE_ROOT + "assets/logo.svg")
    assert response.content_type == "image/svg+xml" and response.read().lstrip().startswith(b"<")


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", "file:///etc/passwd is outside the workspace and the layouts; metier only reads files inside them"),
    (WORKSPACE_ROOT + "../secret.txt", "is outside the workspace"),
    (ASSET_ROOT + "../../etc/passwd", "is outside the workspace"),
    ("https://example.org/logo.png", "is a network address; metier does not fetch remote files"),
    (WORKSPACE_ROOT + "assets/missing.svg", "file assets/missing.svg is not in the layout's search path nor in the workspace"),
])
def test_fetcher_refuses(fetcher, url, message):
    with pytest.raises(AssetError) as info:
        fetcher.resolve(url)
    assert message in str(info.value)


def test_fetcher_refuses_symlinks_that_leave_the_workspace(fetcher, sample, tmp_path):
    outside = tmp_path / "outside.svg"
    outside.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    os.symlink(outside, sample / "assets" / "link.svg")
    with pytest.raises(AssetError):
        fetcher.resolve(WORKSPACE_ROOT + "assets/link.svg")
