"""Where each resolved value comes from: the answer to "why does my brochure look like this?".

For a target and a campus, :func:`explain_values` lists every setting of the
target and every value of the campus as the build sees them (school defaults,
campus file and target overrides merged) with the file and line that supplied
it, or the default that applied. :func:`explain_templates` gives the layout's
search path in order. The CLI prints both; this module never prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from metier.build.targets import campuses_of, find_target, targets
from metier.load.overlay import leaves
from metier.load.workspace import PROJECT_FILE, Workspace
from metier.model.project import Target
from metier.render.environment import template_location
from metier.render.layouts import resolve_layout
from metier.resolve import campus_source

@dataclass(frozen=True)
class Provenance:
    """One resolved value and where it was written (``file:line:col``, or why it is a default)."""

    key: str
    value: str
    source: str


def pick_target(ws: Workspace, target_id: str | None) -> tuple[str, Target]:
    """Target *target_id*, or the first target (the implicit ``sheets`` when there are none)."""
    if target_id is None:
        return next(iter(targets(ws).items()))
    return target_id, find_target(ws, target_id)


def explain_values(ws: Workspace, target_id: str, target: Target, campus_id: str) -> list[Provenance]:
    """Every target setting and campus value for (*target_id*, *campus_id*), with its source."""
    doc = ws.documents.get(PROJECT_FILE)
    rows = []
    written = target_id in ws.project.targets
    settings = target.model_dump(exclude={"overrides"})
    settings["layout"] = target.layout_name(ws.project.sheet_layout)
    for loc, value in leaves(settings):
        where = ("targets", target_id) + loc
        if written and doc is not None and where in doc.marks:
            line, col = doc.marks[where]
            source = f"{PROJECT_FILE}:{line}:{col}"
        else:
            source = "default"
        rows.append(Provenance("target." + _dotted(loc), _show(value), source))
    merged = campus_source(ws, target_id, target, campus_id)
    for loc, value in leaves(merged.data):
        path, line, col = merged.where(loc)
        rows.append(Provenance("campus." + _dotted(loc), _show(value), f"{path}:{line}:{col}"))
    return rows


def explain_templates(ws: Workspace, target: Target, campus_id: str) -> tuple[str, list[str]]:
    """The layout name and its search path for *campus_id*, most specific first, as shown to users."""
    layout = resolve_layout(target.layout_name(ws.project.sheet_layout), ws.root, campus_id)
    folders = [template_location(folder / "x", ws.root).rsplit("/", 1)[0] + "/" for folder in layout.search_path]
    return layout.settings.name, folders


def default_campus_of(ws: Workspace, target: Target, campus_id: str | None) -> str:
    """The campus to explain: the one asked for, else the target's first, else the workspace default."""
    if campus_id:
        return ws.campus(campus_id)[0]
    return (campuses_of(ws, target) or [ws.campus(None)[0]])[0]


def _dotted(loc) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "(none)"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."
