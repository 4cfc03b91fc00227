"""New workspaces and new profiles: ``metier init`` and ``metier new profile``.

``init`` copies the sample content shipped with metier (settings, profiles,
programmes, campuses, the sample logo) but not the built-in layouts: those are
used from the installed package, so an upgrade reaches them. ``new profile``
writes a commented template that validates as it is.
"""

from __future__ import annotations

import shutil
from functools import lru_cache
from importlib import resources
from pathlib import Path

from metier.errors import MetierError
from metier.messages import msg
from metier.model.common import ID_RE

SAMPLE_ITEMS = ("metier.yaml", "profiles", "programmes", "campuses", "assets")


@lru_cache(maxsize=1)
def sample_dir() -> Path:
    """The sample workspace: inside the installed package, or the source checkout's root."""
    packaged = Path(str(resources.files("metier"))) / "sample"
    if (packaged / "metier.yaml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "metier.yaml").is_file():
        return checkout
    raise MetierError("metier is installed without its sample content; reinstall it")  # pragma: no cover


def init_workspace(target: Path) -> list[Path]:
    """Write the sample workspace into *target* (created if needed); return the files written."""
    target = Path(target)
    if (target / "metier.yaml").exists():
        raise MetierError(msg("init_not_empty", dir=target.name or str(target)))
    source = sample_dir()
    written = []
    for item in SAMPLE_ITEMS:
        src = source / item
        if src.is_dir():
            for file in sorted(src.rglob("*")):
                if file.is_file() and "__pycache__" not in file.parts:
                    dest = target / file.relative_to(source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(file, dest)
                    written.append(dest)
        elif src.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target / item)
            written.append(target / item)
    written.extend(write_schemas(target / "schemas"))
    (target / "out").mkdir(exist_ok=True)
    (target / ".gitignore").write_text("/out/\n", encoding="utf-8")
    written.append(target / ".gitignore")
    return written


def write_schemas(folder: Path) -> list[Path]:
    """Write the JSON Schema of every kind of file into *folder*; return the files."""
    from metier.schema import SCHEMA_KINDS, schema_text

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in SCHEMA_KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        paths.append(path)
    return paths


def suggest_id(title: str) -> str:
    """A profile id made from *title*: lowercase ASCII letters and digits joined by ``-`` ("Architecte cloud" -> "architecte-cloud")."""
    from metier.load.workspace import _slug

    return _slug(title)[:60].strip("-") or "my-profile"


def new_profile(root: Path, profile_id: str, title: str | None = None) -> Path:
    """Write ``profiles/<profile_id>.yaml`` from the commented template; refuse to overwrite.

    The title is written as one line, quoted and escaped as YAML needs (any
    quote, backslash or line break in it stays text and never becomes YAML).
    The file is created exclusively: an existing profile is never replaced.
    """
    import json

    if not ID_RE.match(profile_id):
        raise MetierError(msg("bad_profile_id", name=profile_id, suggestion=suggest_id(profile_id)))
    path = Path(root) / "profiles" / f"{profile_id}.yaml"
    if path.exists():
        raise MetierError(msg("profile_exists", id=profile_id))
    template = resources.files("metier").joinpath("templates/profile.yaml").read_text("utf-8")
    title = " ".join((title or profile_id.replace("-", " ").capitalize()).split())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as stream:  # JSON strings are YAML double-quoted scalars
            stream.write(template.replace('"{{title}}"', json.dumps(title, ensure_ascii=False)))
    except FileExistsError:
        raise MetierError(msg("profile_exists", id=profile_id)) from None
    return path


def new_rome_profile(root: Path, profile_id: str, code: str, title: str | None = None) -> Path:
    """Write ``profiles/<profile_id>.yaml`` filled from ROME *code* (:mod:`metier.importers.rome`); refuse to overwrite.

    ROME labels and FAP families come from the referentials the workspace
    names (``refdata:``), the texts from the bundled ROME content.
    """
    from metier.importers.rome import import_rome
    from metier.refdata import referentials_for
    from metier.refdata.rome import bundled_content

    if not ID_RE.match(profile_id):
        from metier.load.workspace import _slug

        raise MetierError(msg("bad_profile_id", name=profile_id, suggestion=_slug(profile_id)))
    path = Path(root) / "profiles" / f"{profile_id}.yaml"
    if path.exists() or path.with_suffix(".yml").exists():
        raise MetierError(msg("profile_exists", id=profile_id))
    import_rome([code], root, bundled_content(), referentials_for(root, _refdata_setting(root)),
                profile_id=profile_id, title=title)
    return path


def _refdata_setting(root: Path) -> str | None:
    """``refdata`` of the workspace's ``metier.yaml`` (read leniently: a broken file is reported by check)."""
    import yaml

    try:
        data = yaml.safe_load((Path(root) / "metier.yaml").read_text(encoding="utf-8-sig")) or {}
        return data.get("refdata") if isinstance(data, dict) else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def layout_source(name: str, source: str | None = None) -> str:
    """The layout ``metier new layout NAME`` copies: *source*, else the built-in NAME, else ``job-sheet``."""
    from metier.render.layouts import builtin_dir

    return source or (name if (builtin_dir() / name / "layout.yaml").is_file() else "job-sheet")


def new_layout(root: Path, name: str, source: str | None = None) -> Path:
    """Copy layout *source* (the workspace's or the built-in one) to ``layouts/<name>/`` to edit.

    Without *source*, the built-in layout called *name* is copied if there is
    one, else ``job-sheet``.

    The copy keeps its ``extends`` (so it still falls back on ``base``) and is
    renamed in its ``layout.yaml``. A workspace layout named like a built-in
    one replaces it; a different name is used by setting ``sheet_layout`` or a
    target's ``layout``.
    """
    from metier.render.layouts import resolve_layout

    source = layout_source(name, source)
    if not ID_RE.match(name):
        raise MetierError(msg("bad_layout_name", name=name))
    origin = resolve_layout(source, root).chain[0]
    target = Path(root) / "layouts" / name
    if target.exists():
        raise MetierError(msg("layout_exists", name=name))
    shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    settings = target / "layout.yaml"
    lines = settings.read_text("utf-8").splitlines()
    lines = [f"name: {name}" if line.startswith("name:") else line for line in lines]
    settings.write_text("\n".join(lines) + "\n", "utf-8")
    return target
