"""What each output depends on, and one key that changes whenever any of it does.

An output's inputs are the files that can change its bytes: its profile (or a
brochure's profiles), the programmes it shows, its campus file and logo, every
file on its layout's search path (templates, CSS, fonts, images, the campus's
own overrides), plus a few values that are not files: the project settings of
``metier.yaml`` (without the targets), the output's target settings, the titles
of the profiles its profiles name as related jobs (their chips print them), the build date for brochures and
flyers (upcoming events), and the versions of metier and WeasyPrint. The key is
a SHA-256 over all of them. YAML files are hashed as they were read when the
workspace was loaded (an edit made since then changes the next key); other
files are hashed once per build. Workspace files that only a template names (a
picture) are found while rendering and checked by the cache
(:mod:`metier.build.cache`).

Editing one profile changes the keys of its own outputs and of the brochures
that include it, and, when its title changes, of the outputs that print it as
a related job; nothing else; a shared layout file changes the keys of every
output whose search path holds it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from metier import __version__
from metier.build.targets import Output, targets
from metier.load.workspace import PROJECT_FILE, Workspace
from metier.digests import bytes_digest, file_digest
from metier.errors import MetierError
from metier.render.layouts import builtin_dir, resolve_layout
from metier.resolve import build_date

FOLDER_OF = {"profile": "profiles", "programme": "programmes", "campus": "campuses"}
BROCHURES = ("brochure", "booklet")


def versions() -> str:
    """The versions that change rendering: metier's and WeasyPrint's."""
    try:
        weasyprint = version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover - a broken install renders nothing anyway
        weasyprint = "unknown"
    return f"metier {__version__}, weasyprint {weasyprint}"


@dataclass(frozen=True)
class Fingerprint:
    """An output's key and the inputs it was computed from (files and named values)."""

    key: str
    inputs: tuple[str, ...]


class Fingerprints:
    """Computes the fingerprints of a workspace's outputs, hashing each file once."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.targets = targets(ws)
        self._files: dict[str, str] = {}
        self._layouts: dict[tuple[str, str], tuple[str, ...]] = {}
        self._target_digests = {tid: _digest(t.model_dump(mode="json")) for tid, t in self.targets.items()}
        self._sources = {_folder_and_stem(name): name for name in ws.documents}
        project = ws.project.model_dump(mode="json", exclude={"targets"}) if ws.project else None
        self._values = {
            "versions": versions(),
            f"{PROJECT_FILE} (settings)": _digest(project),
        }

    def of(self, output: Output) -> Fingerprint:
        """The fingerprint of *output* (see the module docstring for what it covers)."""
        target = self.targets[output.target]
        inputs = ["versions", f"{PROJECT_FILE} (settings)", f"{PROJECT_FILE} (target {output.target})"]
        values = dict(self._values)
        values[inputs[-1]] = self._target_digests[output.target]
        inputs += self._campus_files(output.campus)
        layout = target.layout_name(self.ws.project.sheet_layout)
        inputs += self._layout_files(layout, output.campus)
        profiles = output.profiles if output.kind in (*BROCHURES, "flyer-sheet") else [output.profile]
        for pid in profiles:
            inputs.append(self._source("profile", pid))
        if output.kind in BROCHURES:
            inputs += sorted(self._source("programme", pid) for pid in self.ws.programmes)
        else:
            inputs += sorted({self._source("programme", pid) for p in profiles
                              for pid in self.ws.profiles[p].programmes})
        if output.kind != "sheet":  # brochures and flyers are given the upcoming events
            values["build date"] = build_date().isoformat()
            inputs.append("build date")
        values["related titles"] = self._related_titles(profiles)
        inputs.append("related titles")
        values["variant"] = output.variant  # press settings are part of the project settings above
        inputs.append("variant")
        inputs = list(dict.fromkeys(inputs))  # once each, first place kept
        digest = hashlib.sha256()
        for name in inputs:
            value = values[name] if name in values else self.digest(name)
            digest.update(f"{name}\0{value}\n".encode())
        return Fingerprint(digest.hexdigest(), tuple(inputs))

    def _related_titles(self, profile_ids) -> str:
        """The titles of the profiles that *profile_ids* name as related jobs (their chips print them).

        A related profile that is not valid is printed as nothing: None.
        """
        rows = []
        for pid in profile_ids:
            for related in self.ws.profiles[pid].related:
                if related.profile:
                    other = self.ws.profiles.get(related.profile)
                    rows.append((related.profile, other.title if other else None))
        return _digest(rows)

    def _source(self, kind: str, item_id: str) -> str:
        folder = FOLDER_OF[kind]
        return self._sources.get((folder, item_id), f"{folder}/{item_id}.yaml")

    def _campus_files(self, campus_id: str) -> list[str]:
        files = [self._source("campus", campus_id)]
        campus = self.ws.campuses.get(campus_id)
        for logo in (self.ws.project.school.logo, campus.logo if campus else None):
            if logo:
                files.append(Path(logo).as_posix())
        return files

    def _layout_files(self, layout: str, campus_id: str) -> tuple[str, ...]:
        key = (layout, campus_id)
        if key not in self._layouts:
            try:
                resolved = resolve_layout(layout, self.ws.root, campus_id)
            except MetierError:  # the render reports it; the key only has to differ from a good one
                self._layouts[key] = (f"layouts/{layout}/layout.yaml",)
                return self._layouts[key]
            files = []
            for folder in resolved.search_path:
                if folder.is_dir():
                    files += sorted(str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
            self._layouts[key] = tuple(self._shown(f) for f in files)
        return self._layouts[key]

    def _shown(self, path: str) -> str:
        """A workspace file as a relative path; a built-in file as ``metier:<path in the package>``."""
        full = Path(path)
        if full.is_relative_to(self.ws.root):
            return full.relative_to(self.ws.root).as_posix()
        return "metier:layouts/" + full.relative_to(builtin_dir()).as_posix()

    def digest(self, name: str) -> str:
        """SHA-256 of file *name*: of the bytes the workspace was loaded from for its YAML files."""
        if name not in self._files:
            document = self.ws.documents.get(name)
            if document is not None and document.digest:
                self._files[name] = document.digest
                return self._files[name]
            store = self.ws.store
            self._files[name] = store.digest(self._path(name)) if store is not None else file_digest(self._path(name))
        return self._files[name]

    def _path(self, name: str) -> Path:
        if name.startswith("metier:layouts/"):
            return builtin_dir() / name[len("metier:layouts/"):]
        return self.ws.root / name


def _folder_and_stem(name: str) -> tuple[str, str]:
    """``("profiles", "ciso")`` for ``profiles/ciso.yaml`` (what ``Path`` would say, without making one)."""
    folder, _, file = name.rpartition("/")
    return folder or ".", file.rpartition(".")[0] if "." in file.lstrip(".") else file


def _digest(value) -> str:
    return bytes_digest(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode())
