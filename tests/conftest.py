"""Shared fixtures: sample workspaces in temporary folders, golden files, WeasyPrint's log."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_ITEMS = ("metier.yaml", "profiles", "programmes", "campuses", "assets")
HARFBUZZ_HINT = "HarfBuzz-Subset"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the golden files from the current output (review the diff).")


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to rewrite golden files."""
    return request.config.getoption("--update-golden")


def check_golden(golden: Path, text: str, update: bool) -> None:
    """Compare *text* with the golden file (rewritten with ``--update-golden``; a missing one fails)."""
    if update:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing: run pytest --update-golden and review it"
    assert text == golden.read_text(encoding="utf-8"), "HTML changed: run pytest --update-golden and review the diff"


def copy_sample(target: Path) -> Path:
    """Copy the repository's sample workspace (without out/) into *target*."""
    target.mkdir(parents=True, exist_ok=True)
    for item in SAMPLE_ITEMS:
        src = REPO / item
        if src.is_dir():
            shutil.copytree(src, target / item)
        else:
            shutil.copyfile(src, target / item)
    return target


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based number of the first line of *path* that contains *text* (after the first line containing *after*)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    return next(i for i, ln in enumerate(lines[start:], start) if text in ln) + 1


def edit_yaml(path: Path, change) -> None:
    """Load a YAML file, let *change* edit the data in place, and write it back."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def screen_only(root: Path) -> Path:
    """Make every target of the workspace at *root* build its screen variant only.

    For tests about building in general (cache, workers, watch), which need
    not pay for the press files; press files have their own tests.
    """
    def change(data):
        for target in data.get("targets", {}).values():
            target["variants"] = ["screen"]
    edit_yaml(root / "metier.yaml", change)
    return root


def override_sheet_block(root: Path, block: str, body: str, campus: str = "lyon") -> Path:
    """Give *campus* a job-sheet template that replaces *block* with *body* (Jinja); the template's path."""
    folder = root / "campuses" / campus / "layouts" / "job-sheet"
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "sheet.html.j2"
    template.write_text(f'{{% extends "!layout/sheet.html.j2" %}}{{% block {block} %}}{body}{{% endblock %}}',
                        encoding="utf-8")
    return template


@pytest.fixture
def sample(tmp_path) -> Path:
    """A fresh copy of the sample workspace that a test may change."""
    return copy_sample(tmp_path / "ws")


@pytest.fixture(scope="session")
def sample_readonly(tmp_path_factory) -> Path:
    """One copy of the sample workspace for tests that only read it (and write out/)."""
    return copy_sample(tmp_path_factory.mktemp("sample") / "ws")


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        if HARFBUZZ_HINT not in record.getMessage():  # an install hint, not a layout problem
            self.records.append(record)


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(request):
    """Fail any test during which WeasyPrint logs a warning (unsupported CSS, missing asset)."""
    logger = logging.getLogger("weasyprint")
    recorder = _Recorder()
    logger.addHandler(recorder)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    yield recorder
    logger.removeHandler(recorder)
    logger.setLevel(previous)
    if recorder.records and not request.node.get_closest_marker("weasyprint_warnings_expected"):
        messages = "\n".join(r.getMessage() for r in recorder.records)
        pytest.fail(f"WeasyPrint logged warnings:\n{messages}")


@pytest.fixture
def metier(capsys, monkeypatch):
    """Run ``metier ARGS`` in a folder: ``metier("build", cwd=path)`` gives (exit code, stdout, stderr)."""
    from metier import cli

    def _run(*args, cwd):
        monkeypatch.chdir(cwd)
        with pytest.raises(SystemExit) as info:
            cli.main(list(args))
        captured = capsys.readouterr()
        return info.value.code, captured.out, captured.err
    return _run
