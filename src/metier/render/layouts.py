"""Layouts and their search path: where templates, CSS, fonts and images are found.

For campus C and layout L, most specific first::

    campuses/C/layouts/L/  ->  layouts/L/ (workspace)  ->  built-in L
      ->  the same for each layout L extends  ->  built-in base

The repository's own ``layouts/`` is both the workspace's and the built-in
folder; it is counted once. A template can name ``!layout/x.html.j2`` to get
layout L's own file without the campus folder (to extend it from a campus
override) and ``!base/x.html.j2`` for the built-in base.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from metier.errors import DataError, MetierError
from metier.load.validate import suggestion, validate
from metier.load.yamlfile import YamlProblem, read_yaml
from metier.messages import msg
from metier.model.layout import Layout

BASE = "base"


@lru_cache(maxsize=1)
def builtin_dir() -> Path:
    """The folder of the built-in layouts: inside the installed package, or the source checkout."""
    packaged = Path(str(resources.files("metier"))) / "layouts"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "layouts"
    if checkout.is_dir():
        return checkout
    raise MetierError("metier is installed without its layouts; reinstall it")  # pragma: no cover


@dataclass(frozen=True)
class ResolvedLayout:
    """A layout with its settings and its search paths for one campus."""

    settings: Layout
    chain: tuple[Path, ...]  # the layout's own folders, then its parents', most specific first
    campus_dirs: tuple[Path, ...]  # campus override folders, searched before the chain
    base_dirs: tuple[Path, ...]

    @property
    def search_path(self) -> tuple[Path, ...]:
        """Every folder searched for a template or an asset, most specific first."""
        return self.campus_dirs + self.chain

    def find(self, name: str) -> Path | None:
        """The first file called *name* on the search path (``!layout/``, ``!base/`` prefixes allowed)."""
        folders, relative = self.folders_for(name)
        for folder in folders:
            candidate = folder / relative
            if candidate.is_file():
                return candidate
        return None

    def folders_for(self, name: str) -> tuple[tuple[Path, ...], str]:
        """The folders searched for *name* and the name without its prefix."""
        if name.startswith("!layout/"):
            return self.chain, name[len("!layout/"):]
        if name.startswith("!base/"):
            return self.base_dirs, name[len("!base/"):]
        return self.search_path, name


def _unique(paths) -> tuple[Path, ...]:
    seen, out = set(), []
    for path in paths:
        real = path.resolve()
        if path.is_dir() and real not in seen:
            seen.add(real)
            out.append(path)
    return tuple(out)


def _layout_dirs(name: str, workspace: Path) -> list[Path]:
    return [workspace / "layouts" / name, builtin_dir() / name]


def resolve_layout(name: str, workspace: Path, campus_id: str | None = None) -> ResolvedLayout:
    """Find layout *name* for *campus_id* and read its ``layout.yaml`` (and its parents')."""
    chain: list[Path] = []
    settings = None
    seen: list[str] = []
    current = name
    while current:
        if current in seen:
            raise MetierError(msg("layout_cycle", name=name, chain=" -> ".join(seen + [current])))
        seen.append(current)
        dirs = [d for d in _layout_dirs(current, workspace) if (d / "layout.yaml").is_file()]
        if not dirs:
            known = sorted({p.parent.name for root in (workspace / "layouts", builtin_dir())
                            for p in root.glob("*/layout.yaml")})
            raise MetierError(msg("layout_not_found", name=current, suggestion=suggestion(current, known)))
        layout = _read_settings(dirs[0], workspace)
        settings = settings or layout
        chain.extend(d for d in _layout_dirs(current, workspace) if d.is_dir())
        current = layout.extends or (BASE if current != BASE else None)
    campus_dirs = (workspace / "campuses" / campus_id / "layouts" / name,) if campus_id else ()
    _refuse_outside([*chain, *campus_dirs], workspace)
    return ResolvedLayout(
        settings=settings,
        chain=_unique(chain),
        campus_dirs=_unique(campus_dirs),
        base_dirs=_unique([builtin_dir() / BASE]),
    )


def _refuse_outside(folders, workspace: Path) -> None:
    """A layout folder that is a link to a place outside the workspace and metier's own layouts is refused."""
    allowed = (workspace.resolve(), builtin_dir().resolve())
    for folder in folders:
        if folder.is_dir() and not any(folder.resolve().is_relative_to(root) for root in allowed):
            from metier.errors import display_path

            raise MetierError(msg("layout_outside", folder=display_path(folder, workspace)))


def _read_settings(folder: Path, workspace: Path) -> Layout:
    from metier.errors import display_path

    path = folder / "layout.yaml"
    shown = display_path(path, workspace) if path.resolve().is_relative_to(workspace.resolve()) else f"<built-in>/{folder.name}/layout.yaml"
    try:
        doc = read_yaml(path, shown)
    except YamlProblem as problem:
        raise DataError([problem.issue])
    layout, issues = validate(doc, Layout)
    if issues:
        raise DataError(issues)
    return layout
