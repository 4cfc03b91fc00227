"""Build targets: which outputs each target of ``metier.yaml`` makes, and where they go.

A target names a kind (sheets, brochure, booklet, flyers), a campus (or every
campus), a selection of profiles and an order. This module turns them into a
list of planned outputs with their paths, and refuses two outputs that would
write the same file before anything is rendered. A workspace without targets
gets the implicit one, ``sheets``: every job sheet for every campus.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from metier.errors import DataError, Issue, MetierError
from metier.load.validate import suggestion
from metier.load.workspace import PROJECT_FILE, Workspace
from metier.messages import msg, quote
from metier.model.common import placeholders
from metier.model.project import Target

OUT = "out"
DEFAULT_TARGETS = {"sheets": Target(kind="sheets")}
PER_PROFILE = ("sheets", "flyers")
FIELDS = ("target", "campus", "profile", "variant")


@dataclass
class Output:
    """One file a build writes, and what became of it."""

    target: str
    kind: str  # sheet, brochure, booklet, flyer, flyer-sheet
    campus: str
    path: str
    profile: str | None = None
    profiles: list[str] = field(default_factory=list)  # a brochure's entries, in order
    variant: str = "screen"  # screen (PDF/UA) or press (PDF/X, bleed, marks, CMYK)
    budget: int | None = None  # the layout's page budget, for a sheet or a flyer
    overflow: dict | None = None  # how it runs past its budget (pages, budget, section, mm, lines, amount)
    fitted: list[str] = field(default_factory=list)  # the fitting steps that made it fit
    status: str = "pending"  # built, up to date, failed
    pages: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    key: str = ""  # see metier.build.fingerprint
    inputs: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # workspace files the rendering named, with their SHA-256


def targets(ws: Workspace) -> dict[str, Target]:
    """The targets of the workspace, in file order (the implicit ``sheets`` when none is written)."""
    return dict(ws.project.targets) or dict(DEFAULT_TARGETS)


def find_target(ws: Workspace, name: str) -> Target:
    """Target *name*, or a :class:`MetierError` naming the closest target."""
    all_targets = targets(ws)
    if name not in all_targets:
        raise MetierError(msg("unknown_target", id=name, suggestion=suggestion(name, all_targets)))
    return all_targets[name]


def campuses_of(ws: Workspace, target: Target) -> list[str]:
    """The valid campuses a target is built for (its own, or every campus)."""
    if target.campus:
        return [target.campus] if target.campus in ws.campuses else []
    return sorted(ws.campuses)


def sort_key(text: str) -> tuple:
    """A collation key for French titles: accents and case ignored first, then used to break ties."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return plain, text


def select(ws: Workspace, target: Target) -> list[str]:
    """The valid profiles *target* includes, in its order (invalid ones are skipped, reported elsewhere)."""
    ids = [p for p in (target.profiles or sorted(ws.profiles)) if p in ws.profiles]
    if target.categories:
        ids = [p for p in ids if ws.profiles[p].category in target.categories]
    if target.tags:
        ids = [p for p in ids if set(ws.profiles[p].tags) & set(target.tags)]
    ids = [p for p in ids if p not in target.exclude]
    if target.order == "listed":
        return ids
    rank = {c: i for i, c in enumerate(target.categories or ())}

    def key(pid):
        profile = ws.profiles[pid]
        return rank.get(profile.category, len(rank)), sort_key(profile.category), sort_key(profile.title)

    return sorted(ids, key=key)


def output_path(target_id: str, target: Target, campus_id: str, profile_id: str | None = None, suffix: str = "",
                variant: str = "screen") -> str:
    """The workspace-relative path of one output of a target (see :func:`default_pattern`).

    A press file always ends in ``-press`` (unless the target's own pattern
    places ``{variant}``), so the file for the printer is never mistaken for
    the screen file, which keeps the plain name the web site links to.
    """
    pattern = target.output or default_pattern(profile_id is not None, bool(target.campus))
    name = pattern.format(target=target_id, campus=campus_id, profile=profile_id or target_id, variant=variant)
    if "{variant}" not in pattern and variant == "press":
        suffix = f"{suffix}-{variant}"
    if suffix:  # before the extension, as PurePosixPath's stem and suffix split it (without its cost, per output)
        folder, slash, base = name.rpartition("/")
        stem, dot, extension = base.rpartition(".")
        if not dot or not stem.strip("."):
            stem, extension = base, ""
        name = f"{folder}{slash}{stem}{suffix}{'.' + extension if extension else ''}"
    return name


def sheet_path(ws: Workspace, campus_id: str, profile_id: str) -> str:
    """Where ``metier sheet`` writes a sheet: as the first sheets target would, else ``out/sheets/...``."""
    for tid, target in targets(ws).items():
        if target.kind == "sheets" and (target.campus in (None, campus_id)):
            return output_path(tid, target, campus_id, profile_id)
    return output_path("sheets", DEFAULT_TARGETS["sheets"], campus_id, profile_id)


def default_pattern(per_profile: bool, one_campus: bool = False) -> str:
    """``out/{target}/{campus}/{profile}.pdf`` for per-profile files, else ``.../{target}-{campus}.pdf``.

    A document is named after its campus too, so that a file sent on its own
    still says which campus it is for, unless the target is for one campus only.
    """
    name = "{profile}" if per_profile else "{target}" if one_campus else "{target}-{campus}"
    return f"{OUT}/{{target}}/{{campus}}/{name}.pdf"


def pattern_issue(doc, target_id: str, target: Target) -> Issue | None:
    """A located issue when a target's ``output`` pattern cannot give a path inside out/."""
    if not target.output:
        return None
    at = ("targets", target_id, "output")
    try:
        names = placeholders(target.output)
    except ValueError as exc:
        return doc.issue(at, msg("output_placeholder", pattern=quote(target.output), problem=str(exc)))
    unknown = names - set(FIELDS)
    if unknown:
        return doc.issue(at, msg("output_placeholder", pattern=quote(target.output),
                                 problem=f"unknown placeholder {{{sorted(unknown)[0]}}}"))
    if target.kind in PER_PROFILE and "profile" not in names:
        return doc.issue(at, msg("output_needs_profile", pattern=quote(target.output), kind=target.kind))
    path = PurePosixPath(target.output)
    if path.is_absolute() or ".." in path.parts or path.parts[0] != OUT or path.suffix != ".pdf":
        return doc.issue(at, msg("output_outside", path=quote(target.output)))
    return None


def plan(ws: Workspace, names=None, *, campuses=None, profiles=None) -> list[Output]:
    """Every output of the targets *names* (default: all), for *campuses* and *profiles* when given.

    Raises :class:`DataError` (located in ``metier.yaml``) when a target's output
    pattern is invalid or two outputs of any targets would write the same file,
    and :class:`MetierError` for an unknown target name.
    """
    all_targets = targets(ws)
    for name in names or ():
        find_target(ws, name)
    doc = ws.documents.get(PROJECT_FILE)
    problems = [p for tid, t in ws.project.targets.items() if (p := pattern_issue(doc, tid, t))]
    if problems:
        raise DataError(problems)
    outputs = [o for tid, t in all_targets.items() if tid not in ws.invalid["targets"] for o in _outputs(ws, tid, t)]
    _refuse_collisions(ws, doc, outputs)
    wanted = set(names or all_targets)
    return [o for o in outputs
            if o.target in wanted
            and (not campuses or o.campus in campuses)
            and (not profiles or o.profile in profiles)]


def _outputs(ws: Workspace, tid: str, target: Target) -> list[Output]:
    out = []
    selected = select(ws, target)
    for cid in campuses_of(ws, target):
        for variant in target.variants:
            if target.kind == "sheets":
                out += [Output(tid, "sheet", cid, output_path(tid, target, cid, pid, variant=variant), pid,
                               variant=variant) for pid in selected]
            elif target.kind == "flyers":
                out += [Output(tid, "flyer", cid, output_path(tid, target, cid, pid, variant=variant), pid,
                               variant=variant) for pid in selected]
                if variant == "screen" or "screen" not in target.variants:  # one n-up sheet, for the office printer
                    out.append(Output(tid, "flyer-sheet", cid, output_path(tid, target, cid, suffix=f"-{target.n_up}up"),
                                      profiles=selected))
            else:
                out.append(Output(tid, target.kind, cid, output_path(tid, target, cid, variant=variant),
                                  profiles=selected, variant=variant))
    return out


def _refuse_collisions(ws: Workspace, doc, outputs: list[Output]) -> None:
    seen: dict[str, Output] = {}
    issues = []
    for output in outputs:
        first = seen.setdefault(output.path, output)
        if first is not output:
            target = ws.project.targets.get(output.target)
            at = ("targets", output.target) + (("output",) if target and target.output else ())
            message = msg("output_collision", first=quote(first.target), second=quote(output.target), path=output.path)
            issue = doc.issue(at, message) if doc else Issue(PROJECT_FILE, 1, 1, "", message)
            if issue not in issues:
                issues.append(issue)
    if issues:
        raise DataError(issues)
