"""The workspace: every YAML file of a folder read, validated and cross-checked.

A workspace is a folder with ``metier.yaml``, ``profiles/``, ``programmes/`` and
``campuses/``. Loading never stops at the first problem: every file is read,
every issue is collected, and what is valid is kept, so a build can go on with
the good profiles while the user fixes the broken ones.

What depends on what decides what an error costs: a broken ``metier.yaml``
stops everything; a broken campus skips that campus; a broken programme skips
the profiles that name it; a broken profile skips only its own outputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from metier.errors import DataError, Issue, MetierError, display_path
from metier.load.overlay import Layer, Merged, merge
from metier.load.references import PROJECT_FILE, check_references, check_targets
from metier.load.store import FileStore
from metier.load.validate import suggestion, validate
from metier.load.yamlfile import Document, YamlProblem
from metier.messages import msg
from metier.model import Campus, Profile, Programme, Project
from metier.model.common import ID_RE

FOLDERS = {"profiles": Profile, "programmes": Programme, "campuses": Campus}


@dataclass
class Workspace:
    """A loaded workspace: its valid models, its documents and every issue found."""

    root: Path
    project: Project | None
    profiles: dict[str, Profile] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    campuses: dict[str, Campus] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    invalid: dict[str, set] = field(default_factory=lambda: {k: set() for k in (*FOLDERS, "targets")})
    campus_sources: dict[str, Merged] = field(default_factory=dict)
    store: FileStore | None = field(default=None, repr=False, compare=False)
    """What the files held when read (:mod:`metier.load.store`): reused by the next load,
    the build's keys and the glyph check. Not sent to worker processes."""

    def __getstate__(self):
        state = dict(self.__dict__)
        state["store"] = None  # a worker renders; it never reloads
        return state

    @property
    def fatal(self) -> bool:
        """True when nothing can be built: ``metier.yaml`` itself is invalid."""
        return self.project is None

    @property
    def default_campus(self) -> str | None:
        """The campus commands use when given none."""
        if self.project and self.project.default_campus in self.campuses:
            return self.project.default_campus
        return next(iter(self.campuses), None)

    def check(self) -> None:
        """Raise :class:`DataError` listing every issue, if there is any."""
        if self.issues:
            raise DataError(self.issues)

    def profile(self, profile_id: str) -> Profile:
        """The valid profile *profile_id*, or a :class:`MetierError` that says why not."""
        if profile_id in self.profiles:
            return self.profiles[profile_id]
        if profile_id in self.invalid["profiles"]:
            raise DataError([i for i in self.issues if i.path == f"profiles/{profile_id}.yaml"])
        raise MetierError(msg("profile_not_found", id=profile_id, suggestion=suggestion(profile_id, self.profiles)))

    def campus(self, campus_id: str | None) -> tuple[str, Campus]:
        """The campus *campus_id* (or the default one) with its id."""
        campus_id = campus_id or self.default_campus
        if campus_id in self.campuses:
            return campus_id, self.campuses[campus_id]
        if campus_id in self.invalid["campuses"]:
            raise DataError([i for i in self.issues if i.path == f"campuses/{campus_id}.yaml"])
        if campus_id is None:
            raise MetierError(msg("no_campuses"))
        raise MetierError(msg("campus_not_found", id=campus_id, suggestion=suggestion(campus_id, self.campuses)))

    def programmes_at(self, campus_id: str, ids) -> list[tuple[str, Programme]]:
        """The programmes among *ids* that are taught at *campus_id*, in the given order."""
        return [(i, self.programmes[i]) for i in ids if i in self.programmes and campus_id in self.programmes[i].campuses]


def find_root(start: Path | str | None = None) -> Path:
    """The nearest folder at or above *start* that holds ``metier.yaml``."""
    start = Path(start or ".").resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise MetierError(msg("no_workspace", where=start.name or str(start)))


def load_workspace(path: Path | str | None = None, *, search_parents: bool = True,
                   store: FileStore | None = None) -> Workspace:
    """Read and validate the workspace at *path* (or above it); see :class:`Workspace`.

    With a *store* (:mod:`metier.load.store`) for the same folder, files that
    did not change since the store read them are not parsed or validated again.
    """
    root = find_root(path) if search_parents else Path(path).resolve()
    if not (root / PROJECT_FILE).is_file():
        raise MetierError(msg("no_workspace", where=root.name))
    if store is not None and store.root != root:
        raise ValueError(f"a store of {store.root} cannot load {root}")
    ws = Workspace(root=root, project=None, store=store or FileStore(root))
    ws.project = _load_one(ws, root / PROJECT_FILE, Project)
    for folder, model in FOLDERS.items():
        target = getattr(ws, folder)
        plain = not (root / folder).is_symlink()
        for path in ws.store.yaml_files(folder):
            item_id = path.stem
            if not ID_RE.match(item_id):
                ws.issues.append(Issue(_display(ws, path), 1, 1, "", msg(
                    "bad_profile_id" if folder == "profiles" else "bad_file_id",
                    name=path.name, suggestion=_slug(item_id))))
                continue
            value = _load_one(ws, path, model, folder == "campuses", plain)
            if value is None:
                ws.invalid[folder].add(item_id)
            else:
                target[item_id] = value
    check_references(ws)
    check_targets(ws)
    return ws


def _display(ws: Workspace, path: Path, plain_folder: bool | None = None) -> str:
    """*path* as messages show it: the plain relative path when neither it nor its folder is a link.

    *plain_folder* says the folder is known not to be a link (asked once per folder, not per file).
    """
    folder = path.parent
    if plain_folder is None:
        plain_folder = folder == ws.root or (folder.parent == ws.root and not folder.is_symlink())
    if plain_folder and not path.is_symlink():
        return path.relative_to(ws.root).as_posix()
    return display_path(path, ws.root)


def _load_one(ws: Workspace, path: Path, model, over_defaults: bool = False, plain_folder: bool | None = None):
    display = _display(ws, path, plain_folder)
    try:
        doc = ws.store.document(path, display)
    except YamlProblem as problem:
        ws.issues.append(problem.issue)
        return None
    ws.documents[display] = doc
    under = ""
    if over_defaults:
        project = ws.documents.get(PROJECT_FILE)
        under = project.digest if project is not None else "-"
        source = campus_layers(ws, doc)
        ws.campus_sources[path.stem] = source
        doc = source if isinstance(doc.data, dict) else doc  # a campus file that is not a mapping: its own errors
    known = ws.store.validated.get(display)
    if known is not None and known[:2] == (ws.documents[display].digest, under):
        value, issues = known[2:]
    else:
        value, issues = validate(doc, model)
        ws.store.validated[display] = (ws.documents[display].digest, under, value, issues)
    _add_issues(ws, issues)
    return value


def campus_layers(ws: Workspace, campus_doc: Document, *extra: Layer) -> Merged:
    """A campus file merged over ``campus_defaults`` of ``metier.yaml`` (and any *extra* layers)."""
    layers = [Layer(ws.documents[PROJECT_FILE], ("campus_defaults",))] if PROJECT_FILE in ws.documents else []
    if isinstance(campus_doc.data, dict):
        layers.append(Layer(campus_doc))
    return merge(layers + list(extra), path=campus_doc.path)


def _add_issues(ws: Workspace, issues) -> None:
    """Add *issues*, once each: a bad default of metier.yaml is reported once, not once per campus."""
    seen = {(i.path, i.line, i.column, i.message) for i in ws.issues}
    for issue in issues:
        if (issue.path, issue.line, issue.column, issue.message) not in seen:
            seen.add((issue.path, issue.line, issue.column, issue.message))
            ws.issues.append(issue)


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "my-profile"
