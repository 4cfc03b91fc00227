"""The command line: exit codes, messages, isolation of broken profiles, atomic writes."""

from __future__ import annotations

import json
import os


from tests.conftest import edit_yaml, line_of


def test_version_and_help(metier, tmp_path):
    code, out, _ = metier("--version", cwd=tmp_path)
    assert code == 0 and out.startswith("metier ")
    code, out, _ = metier("--help", cwd=tmp_path)
    assert code == 0 and "metier sheet prompt-engineer --campus paris" in out


def test_usage_error_exits_2(metier, tmp_path):
    code, _, err = metier("frobnicate", cwd=tmp_path)
    assert code == 2 and "No such command" in err
    code, _, err = metier("build", "--jobs", "x", cwd=tmp_path)
    assert code == 2


def test_no_workspace(metier, tmp_path):
    code, _, err = metier("check", cwd=tmp_path)
    assert code == 1
    assert "error: no metier.yaml in" in err and "metier init" in err
    assert "Traceback" not in err


def test_check_ok(metier, sample):
    code, out, _ = metier("check", cwd=sample)
    assert code == 0 and out.startswith("OK: 6 profiles, 2 programmes, 2 campuses")


def test_build_everything(metier, sample):
    code, out, err = metier("build", cwd=sample)
    assert code == 0, err
    pdfs = sorted(p.relative_to(sample).as_posix() for p in (sample / "out").rglob("*.pdf"))
    assert len(pdfs) == 46
    for path in ("sheets/lyon/prompt-engineer", "sheets/lyon/prompt-engineer-press", "sheets/paris/ciso",
                 "sheets/paris/ciso-press", "brochure/lyon/brochure-lyon", "brochure/lyon/brochure-lyon-press",
                 "brochure/paris/brochure-paris", "livret/lyon/livret-lyon-press", "livret/paris/livret-paris-press",
                 "flyers/paris/pentester", "flyers/lyon/flyers-lyon-2up", "salon-lyon/lyon/salon-lyon",
                 "salon-lyon/lyon/salon-lyon-press"):
        assert f"out/{path}.pdf" in pdfs
    assert out.startswith("24 sheets, 6 brochures, 2 booklets, 12 flyers, 2 flyer sheets built in ")
    assert not list((sample / "out").rglob("*.part"))


def test_broken_profile_among_good_ones(metier, sample):
    edit_yaml(sample / "profiles" / "pentester.yaml",
              lambda d: d["summary"]["salary_starting"].update(amount="3 200 €"))
    code, out, err = metier("build", "sheets", cwd=sample)
    assert code == 1
    assert "profiles/pentester.yaml:" in err
    assert 'summary.salary_starting.amount: expected a number, got "3 200 €" (write 3200)' in err
    assert "20 sheets built, 1 invalid profile skipped" in out  # 5 profiles × 2 campuses × screen and press
    assert not (sample / "out/sheets/lyon/pentester.pdf").exists()
    assert not (sample / "out/sheets/lyon/pentester-press.pdf").exists()
    assert (sample / "out/sheets/lyon/ciso.pdf").exists() and (sample / "out/sheets/lyon/ciso-press.pdf").exists()
    code, _, err = metier("sheet", "pentester", cwd=sample)
    assert code == 1 and "(write 3200)" in err and "Traceback" not in err
    code, _, err = metier("build", "--profile", "pentester", cwd=sample)
    assert code == 1 and err.count("(write 3200)") == 1


def test_failing_render_keeps_the_previous_pdf(metier, sample):
    code, _, _ = metier("build", "sheets", "--campus", "lyon", cwd=sample)
    assert code == 0
    good = (sample / "out/sheets/lyon/ciso.pdf").read_bytes()
    override = sample / "campuses/lyon/layouts/job-sheet"
    override.mkdir(parents=True)
    (override / "sheet.html.j2").write_text('{% extends "!layout/sheet.html.j2" %}{% block title %}'
                                            "{{ profile.no_such_field }}{% endblock %}", encoding="utf-8")
    code, out, err = metier("build", "sheets", "--campus", "lyon", cwd=sample)
    assert code == 3
    assert "out/sheets/lyon/ciso.pdf: error: template campuses/lyon/layouts/job-sheet/sheet.html.j2, line 1: " in err
    assert "no_such_field" in err
    assert "0 outputs built, 12 failed" in out  # 6 profiles, screen and press
    assert (sample / "out/sheets/lyon/ciso.pdf").read_bytes() == good
    assert not list((sample / "out").rglob("*.part"))


def test_crash_while_writing_leaves_no_partial_file(metier, sample, monkeypatch):
    metier("sheet", "ciso", cwd=sample)
    target = sample / "out/sheets/lyon/ciso.pdf"
    good = target.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    code, out, err = metier("build", "--profile", "ciso", "--campus", "lyon", cwd=sample)
    assert code == 3
    assert "could not write out/sheets/lyon/ciso.pdf: No space left on device" in err
    assert target.read_bytes() == good
    assert not list(target.parent.glob("*.part"))


def test_unknown_profile_and_campus_suggest(metier, sample):
    code, _, err = metier("sheet", "prompt-enginer", cwd=sample)
    assert code == 1 and 'error: no profile "prompt-enginer" in profiles/; did you mean "prompt-engineer"?' in err
    code, _, err = metier("sheet", "ciso", "--campus", "pariss", cwd=sample)
    assert code == 1 and 'error: no campus "pariss" in campuses/; did you mean "paris"?' in err


def test_sheet_to_a_file(metier, sample, tmp_path):
    target = tmp_path / "fiche.pdf"
    code, out, _ = metier("sheet", "prompt-engineer", "--campus", "paris", "-o", str(target), cwd=sample)
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    assert "4 pages (budget 4)" in out or "3 pages (budget 4)" in out


def test_invalid_settings_stop_everything(metier, sample):
    (sample / "metier.yaml").write_text("school:\n  name: X\n  website: example.org\n", encoding="utf-8")
    code, _, err = metier("build", cwd=sample)
    assert code == 1
    assert err.strip() == ('metier.yaml:3:12: school.website: "example.org" is not valid here: write a web address '
                           "starting with https:// (e.g. https://example.org/lyon)")
    assert not (sample / "out").exists()


def test_internal_error_exits_70_and_debug_shows_the_traceback(metier, sample, monkeypatch):
    import metier.load.workspace as workspace

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(workspace, "load_workspace", boom)
    code, _, err = metier("check", cwd=sample)
    assert code == 70
    assert "internal error: RuntimeError: kaboom. This is a bug in metier" in err and "Traceback" not in err
    code, _, err = metier("--debug", "check", cwd=sample)
    assert code == 70 and "Traceback" in err


def test_init_then_build(metier, tmp_path):
    code, out, _ = metier("init", "fiches", cwd=tmp_path)
    assert code == 0 and "Created a metier workspace in fiches" in out
    ws = tmp_path / "fiches"
    assert (ws / "metier.yaml").is_file() and (ws / "profiles/prompt-engineer.yaml").is_file()
    assert (ws / "schemas/profile.schema.json").is_file()
    assert not (ws / "layouts").exists()  # built-in layouts are used from the package
    code, out, _ = metier("build", "--campus", "paris", "--profile", "ciso", cwd=ws)
    assert code == 0 and (ws / "out/sheets/paris/ciso.pdf").is_file()
    code, _, err = metier("init", "fiches", cwd=tmp_path)
    assert code == 1 and "already holds a metier workspace" in err


def test_new_profile_validates_as_written(metier, sample):
    code, out, _ = metier("new", "profile", "cloud-architect", "--title", "Architecte cloud", cwd=sample)
    assert code == 0 and "profiles/cloud-architect.yaml" in out
    code, out, err = metier("check", cwd=sample)
    assert code == 0, err
    code, _, err = metier("new", "profile", "cloud-architect", cwd=sample)
    assert code == 1 and "profiles/cloud-architect.yaml already exists" in err
    code, _, err = metier("new", "profile", "Cloud Architect", cwd=sample)
    assert code == 1 and "(e.g. cloud-architect.yaml)" in err
    code, _, _ = metier("sheet", "cloud-architect", cwd=sample)
    assert code == 0


def test_schema_prints_json(metier, tmp_path):
    code, out, _ = metier("schema", "campus", cwd=tmp_path)
    assert code == 0 and json.loads(out)["title"] == "Campus"


def test_explain_templates_lists_the_search_path(metier, sample):
    (sample / "campuses/paris/layouts/job-sheet").mkdir(parents=True)
    code, out, _ = metier("explain", "--templates", "--campus", "paris", cwd=sample)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Layout job-sheet for campus paris, searched in order:"
    assert lines[1:] == ["  campuses/paris/layouts/job-sheet/", "  <built-in>/job-sheet/", "  <built-in>/base/"]


def test_over_budget_warns_and_strict_fails(metier, sample):
    long_text = "\n\n".join(["Un paragraphe de remplissage qui décrit le métier en détail. " * 12] * 20)
    edit_yaml(sample / "profiles" / "ciso.yaml",
              lambda d: d.update(extra_sections=[{"title": "Annexe", "body": long_text}]))
    code, out, err = metier("build", "sheets", "--profile", "ciso", "--campus", "lyon", cwd=sample)
    assert code == 0
    assert "out/sheets/lyon/ciso.pdf: warning: " in err
    assert "pages, over the layout's budget of 4: “Annexe” runs on past page 4, " in err
    assert "too long even with tighter spacing; shorten the text, move a section to extra_sections" in err
    assert "out/sheets/lyon/ciso-press.pdf: warning: " in err
    assert "2 sheets built, 2 warnings" in out
    (sample / "out/sheets/lyon/ciso.pdf").unlink()
    code, out, err = metier("build", "sheets", "--strict", "--profile", "ciso", "--campus", "lyon", cwd=sample)
    assert code == 3 and "0 outputs built, 2 failed" in out
    assert not (sample / "out/sheets/lyon/ciso.pdf").exists()


def test_template_syntax_error_is_located(metier, sample):
    folder = sample / "campuses/paris/layouts/job-sheet"
    folder.mkdir(parents=True)
    (folder / "sheet.html.j2").write_text('{% extends "!layout/sheet.html.j2" %}\n{% block title %}{{ x }\n',
                                          encoding="utf-8")
    code, _, err = metier("sheet", "ciso", "--campus", "paris", cwd=sample)
    assert code == 1
    assert "error: template campuses/paris/layouts/job-sheet/sheet.html.j2, line 2:" in err


def test_explain_names_the_file_that_supplied_each_value(metier, sample):
    code, out, _ = metier("explain", "brochure", "--campus", "paris", cwd=sample)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Target brochure (brochure) for campus paris:"

    def source(key):
        (line,) = [ln for ln in lines if ln.split()[:1] == [key]]
        return line.split()[-1]
    assert source("target.page_size") == "metier.yaml:37:16"
    assert source("target.layout") == "default"
    assert source("campus.colours.primary") == f"campuses/paris.yaml:{line_of(sample / 'campuses/paris.yaml', 'primary:')}:12"
    assert source("campus.profile_url") == "metier.yaml:13:16"  # a school default
    at = lines.index("Layout brochure for campus paris, searched in order:")
    assert lines[at + 1] == "  campuses/paris/layouts/brochure/"
    code, _, err = metier("explain", "brochur", cwd=sample)
    assert code == 1 and 'no target "brochur" in metier.yaml; did you mean "brochure"?' in err


def test_explain_labels(metier, sample):
    code, out, _ = metier("explain", "--labels", cwd=sample)
    assert code == 0 and "contents               Sommaire" in out


def test_new_layout_copies_and_refuses_to_overwrite(metier, sample):
    code, out, _ = metier("new", "layout", "my-sheet", "--from", "job-sheet", cwd=sample)
    assert code == 0 and "use it with `layout: my-sheet` in a target" in out
    assert (sample / "layouts/my-sheet/layout.yaml").read_text("utf-8").startswith("name: my-sheet\n")
    assert (sample / "layouts/my-sheet/sheet.html.j2").is_file()
    code, _, err = metier("new", "layout", "my-sheet", cwd=sample)
    assert code == 1 and "layouts/my-sheet already exists; choose another name or edit that layout" in err
    code, _, err = metier("new", "layout", "My Sheet", cwd=sample)
    assert code == 1 and "\"My Sheet\" is not a valid layout name" in err
    code, out, _ = metier("new", "layout", "flyer", cwd=sample)
    assert code == 0 and "a copy of flyer); it replaces the built-in flyer layout" in out
    code, out, _ = metier("explain", "flyers", "--templates", cwd=sample)
    assert out.splitlines()[1] == "  layouts/flyer/"


def test_bad_event_and_url_template_are_located(metier, sample):
    edit_yaml(sample / "campuses/lyon.yaml", lambda d: d["events"][0].update(end="2027-01-01"))
    edit_yaml(sample / "campuses/paris.yaml", lambda d: d.update(profile_url="https://example.org/{ville}/{profile}"))
    code, _, err = metier("check", cwd=sample)
    assert code == 1
    assert "campuses/lyon.yaml:" in err and "events[0]: the end date is before the first day" in err
    assert "campuses/paris.yaml:" in err and "profile_url: unknown placeholder {ville}; use {campus} and {profile}" in err


def test_build_with_preview_writes_contact_sheets_of_the_screen_files(metier, sample):
    code, out, err = metier("build", "sheets", "--campus", "lyon", "--profile", "ciso", "--preview", cwd=sample)
    assert code == 0, err
    folder = sample / "out/preview/sheets/lyon"
    pages = sorted(p.name for p in folder.glob("ciso*-p*.png"))
    assert pages and all(not name.startswith("ciso-press") for name in pages)  # one variant is enough to review
    assert (folder / "contact-sheet.png").is_file() and "Wrote" in out
