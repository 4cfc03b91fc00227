"""Cross-file checks: every id a file names must exist, every file it names must be there.

Run once the files are validated one by one. A dangling reference is an issue
located at the value that names it; the file holding it is set aside so that a
build skips only what depends on it: a programme naming an unknown campus, a
profile naming an unknown programme or related profile, a target naming an
unknown campus, profile or category, a campus label that the layouts do not print,
a logo that is missing or not a sound image (:mod:`metier.load.images`), a photo
that is missing, not a sound image or too small to print (:mod:`metier.load.pictures`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from metier.load.validate import suggestion
from metier.messages import msg, quote
from metier.model.common import placeholders
from metier.text.labels import label, label_keys

if TYPE_CHECKING:
    from metier.load.workspace import Workspace

PROJECT_FILE = "metier.yaml"
"""The settings file that marks a workspace's root."""


def check_references(ws: Workspace) -> None:
    """Set aside every file with a dangling id or a missing file, with located issues."""
    known_campuses = set(ws.campuses) | ws.invalid["campuses"]
    for pid, programme in list(ws.programmes.items()):
        doc = ws.documents[f"programmes/{pid}.yaml"]
        bad = [doc.issue(("campuses", i), msg("unknown_campus", id=quote(c), suggestion=suggestion(c, known_campuses)))
               for i, c in enumerate(programme.campuses) if c not in known_campuses]
        if bad:
            ws.issues.extend(bad)
            ws.invalid["programmes"].add(pid)
            del ws.programmes[pid]
    if ws.project and ws.project.default_campus and ws.project.default_campus not in known_campuses:
        doc = ws.documents[PROJECT_FILE]
        c = ws.project.default_campus
        ws.issues.append(doc.issue(("default_campus",), msg("unknown_campus", id=quote(c), suggestion=suggestion(c, known_campuses))))
    _check_files(ws)
    _check_labels(ws)
    known_programmes = set(ws.programmes) | ws.invalid["programmes"]
    known_profiles = set(ws.profiles) | ws.invalid["profiles"]
    for pid, profile in list(ws.profiles.items()):
        doc = ws.documents[f"profiles/{pid}.yaml"]
        issues = []
        for i, prog in enumerate(profile.programmes):
            if prog not in known_programmes:
                issues.append(doc.issue(("programmes", i), msg(
                    "unknown_programme", id=quote(prog), suggestion=suggestion(prog, known_programmes))))
        for i, rel in enumerate(profile.related):
            if rel.profile is None:
                continue
            if rel.profile == pid:
                issues.append(doc.issue(("related", i), msg("self_reference")))
            elif rel.profile not in known_profiles:
                issues.append(doc.issue(("related", i), msg(
                    "unknown_profile", id=quote(rel.profile), suggestion=suggestion(rel.profile, known_profiles))))
        blocked = any(p in ws.invalid["programmes"] for p in profile.programmes)
        if issues or blocked:
            ws.issues.extend(issues)
            ws.invalid["profiles"].add(pid)
            del ws.profiles[pid]


def _check_files(ws: Workspace) -> None:
    """Logos (see :mod:`metier.load.images`) and the press profile named in metier.yaml must be sound files of the workspace."""
    from metier.load.images import check_images
    from metier.load.pictures import check_pictures

    check_images(ws)
    check_pictures(ws)
    press_profile = ws.project.press.profile if ws.project else None
    if press_profile:
        problem = msg("file_missing", name=quote(press_profile), where="the workspace") if _missing(ws, press_profile) \
            else icc_problem((ws.root / press_profile).read_bytes(), press_profile)
        if problem:  # only press files need it: they fail, screen files are still built
            ws.issues.append(ws.documents[PROJECT_FILE].issue(("press", "profile"), problem))
    _check_press_logos(ws)


def _missing(ws: Workspace, name: str) -> bool:
    """Whether *name* is not a file inside the workspace (symbolic links followed)."""
    try:
        path = (ws.root / name).resolve()
    except (OSError, RuntimeError, ValueError):  # a symbolic link loop, a NUL character
        return True
    return not path.is_relative_to(ws.root.resolve()) or not path.is_file()


def _check_press_logos(ws: Workspace) -> None:
    """Warn when a press file will print a raster logo's transparent pixels on white."""
    if not ws.project or not any("press" in t.variants for t in ws.project.targets.values()):
        return
    from metier.press.colours import has_transparency

    logos = [(PROJECT_FILE, ("school", "logo"), ws.project.school.logo)]
    logos += [(f"campuses/{cid}.yaml", ("logo",), c.logo) for cid, c in ws.campuses.items()]
    for path, field, name in logos:
        if not name or name.lower().endswith(".svg"):
            continue
        try:
            flattened = has_transparency((ws.root / name).read_bytes())
        except (OSError, ValueError, SyntaxError):
            continue  # an unreadable image is reported when it is rendered
        if flattened:
            ws.issues.append(ws.documents[path].issue(field, msg("press_transparency_flattened", name=quote(name)),
                                                      severity="warning"))


def icc_problem(data: bytes, name: str) -> str | None:
    """Why *data* cannot be a press output profile (not ICC, not CMYK, not an output profile), or None."""
    if len(data) < 128 or data[36:40] != b"acsp":
        return msg("icc_unreadable", name=quote(name))
    space, kind = data[16:20].decode("latin-1").strip(), data[12:16].decode("latin-1")
    if space != "CMYK" or kind != "prtr":
        return msg("icc_not_cmyk", name=quote(name), space=space or "?", kind=kind)
    return None


def _check_labels(ws: Workspace) -> None:
    """A campus (or the defaults) may only replace labels the layouts print."""
    if not ws.project:
        return
    known = label_keys(ws.project.language)
    for cid, campus in list(ws.campuses.items()):
        source = ws.campus_sources[cid]
        bad = [source.issue(("labels", key), msg("unknown_label", key=quote(key), suggestion=suggestion(key, known)), key=True)
               for key in campus.labels if key not in known]
        for key, text in campus.labels.items():
            wanted = _placeholders(label(ws.project.language, key)) if key in known else set()
            extra = _placeholders(text) - wanted
            if extra:
                bad.append(source.issue(("labels", key), msg(
                    "label_placeholder", name="{" + sorted(extra)[0] + "}",
                    allowed=", ".join("{" + w + "}" for w in sorted(wanted)) or msg("nothing"))))
        if bad:
            ws.issues.extend(bad)
            ws.invalid["campuses"].add(cid)
            del ws.campuses[cid]


def check_targets(ws: Workspace) -> None:
    """Targets of metier.yaml may only name known campuses, profiles, categories and tags."""
    if not ws.project:
        return
    doc = ws.documents[PROJECT_FILE]
    known_campuses = set(ws.campuses) | ws.invalid["campuses"]
    known_profiles = set(ws.profiles) | ws.invalid["profiles"]
    categories = {p.category for p in ws.profiles.values()}
    tags = {t for p in ws.profiles.values() for t in p.tags}
    for pid in ws.invalid["profiles"]:  # an invalid profile's category is still a known one
        data = getattr(ws.documents.get(f"profiles/{pid}.yaml"), "data", None)
        if isinstance(data, dict) and isinstance(data.get("category"), str):
            categories.add(data["category"])
            tags.update(t for t in data.get("tags") or () if isinstance(t, str))
    for tid, target in ws.project.targets.items():
        at = ("targets", tid)
        issues = []
        if target.campus and target.campus not in known_campuses:
            issues.append(doc.issue(at + ("campus",), msg("unknown_campus", id=quote(target.campus),
                                                          suggestion=suggestion(target.campus, known_campuses))))
        for key in ("profiles", "exclude"):
            for i, pid in enumerate(getattr(target, key) or ()):
                if pid not in known_profiles:
                    issues.append(doc.issue(at + (key, i), msg("unknown_target_profile", id=quote(pid),
                                                               suggestion=suggestion(pid, known_profiles))))
        from metier.build.targets import pattern_issue

        pattern = pattern_issue(doc, tid, target)  # what `metier build` would refuse, `metier check` reports
        if pattern is not None:
            issues.append(pattern)
        if issues:
            ws.invalid["targets"].add(tid)
        for key, known in (("categories", categories), ("tags", tags)):
            for i, value in enumerate(getattr(target, key) or ()):
                if value not in known:
                    issues.append(doc.issue(at + (key, i), msg("unknown_tag" if key == "tags" else "unknown_category",
                                                               value=quote(value), suggestion=suggestion(value, known)),
                                            severity="warning"))
        ws.issues.extend(issues)


def _placeholders(text: str) -> set[str]:
    try:
        return placeholders(text)
    except ValueError:  # an unpaired brace: counted as a placeholder nobody fills
        return {"{"}
