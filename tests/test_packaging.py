"""Packaging: the wheel carries every layout and sample file, and works outside the repository.

Editable installs hide missing package data, so this test builds the wheel,
installs it in a fresh virtual environment and runs ``metier init`` then
``metier build`` in a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_ITEMS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True)
    (found,) = dist.glob("metier-*.whl")
    return found


def _tracked(folder: str) -> set[str]:
    base = REPO / folder
    if base.is_file():
        return {folder}
    return {p.relative_to(REPO).as_posix() for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_wheel_holds_every_layout_and_sample_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    layouts = {f"metier/{name}" for name in _tracked("layouts")}
    assert layouts and layouts <= names, sorted(layouts - names)
    sample = {f"metier/sample/{name}" for item in SAMPLE_ITEMS for name in _tracked(item)}
    assert sample <= names, sorted(sample - names)
    for data in ("metier/locale/fr/labels.yaml", "metier/locale/fr/help.yaml", "metier/locale/en/messages.yaml",
                 "metier/templates/profile.yaml"):
        assert data in names
    assert any(n.endswith("LICENSE-Inter.txt") for n in names)
    assert {"metier/press/FOGRA39L-coated.icc", "metier/press/ICC-LICENSE.txt"} <= names  # the press output intent
    assert {"metier/refdata/rome-v460-referentiel-code-rome.csv", "metier/refdata/fap2009-libelles.csv",
            "metier/refdata/fap2021-nomenclature.csv", "metier/refdata/ATTRIBUTION.md",
            "metier/templates/onisep-profile.yaml"} <= names  # the referentials of metier check
    assert any(n.endswith(".dist-info/licenses/src/metier/press/ICC-LICENSE.txt") for n in names)
    assert {"metier/studio/static/htmx.min.js", "metier/studio/static/LICENSE-htmx.txt",
            "metier/studio/templates/editor.html", "metier/studio/static/studio.js"} <= names  # metier studio


def test_installed_wheel_inits_and_builds(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   capture_output=True, timeout=900)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    metier = str(bin_dir / "metier")
    done = subprocess.run([metier, "init", "fiches"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([metier, "build"], cwd=tmp_path / "fiches", env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "24 sheets, 6 brochures, 2 booklets, 12 flyers, 2 flyer sheets built" in done.stdout
    assert (tmp_path / "fiches/out/sheets/paris/prompt-engineer.pdf").read_bytes().startswith(b"%PDF")
    press = (tmp_path / "fiches/out/sheets/paris/prompt-engineer-press.pdf").read_bytes()
    assert b"GTS_PDFX" in press and b"FOGRA39" in press  # the bundled ICC profile came with the wheel
    # The layouts came from the installed package, not from this checkout.
    where = subprocess.run([metier, "explain", "--templates"], cwd=tmp_path / "fiches", env=env,
                           capture_output=True, text=True).stdout
    assert "<built-in>/job-sheet/" in where
