"""Pictures in the data: a profile's ``photo``, each testimonial's ``portrait``, a campus's ``photo``.

Checked when the workspace is loaded, with the rules a logo is checked with
(:func:`metier.load.images.image_file_problem`: inside the workspace, present,
a sound PNG or JPEG, no decompression bomb), and one more: a photo must have at
least :data:`MIN_SIDE` pixels on its shorter side, or it cannot print sharp in
any frame a layout gives it. How sharp it prints in the frame it is actually
given is measured on the laid-out press file (:mod:`metier.render.resolution`).

A bad picture sets aside what shows it, with an issue located at its ``file``:
the profile (for its photo or a testimonial's portrait), the campus (for the
campus photo; every campus that inherits it from ``campus_defaults``,
reported once).
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from metier.messages import msg, quote

if TYPE_CHECKING:
    from metier.load.workspace import Workspace

MIN_SIDE = 300
"""The fewest pixels a photo may have on its shorter side: a 25 mm round portrait at 300 ppi (295 px)."""


def picture_problem(root, name: str, store=None) -> str | None:
    """Why the photo *name* of the workspace at *root* cannot be printed, or None
    (memoised in *store* while the file is unchanged, see :func:`~metier.load.images.image_file_problem`)."""
    from metier.load.images import image_file_problem

    return image_file_problem(root, name, store, check=_too_small)


def _too_small(data: bytes, name: str) -> str | None:
    """Why the sound raster image *data* is too small to print as a photo, or None."""
    from PIL import Image

    from metier.load.images import RASTER_FORMATS

    with Image.open(BytesIO(data), formats=RASTER_FORMATS) as image:
        width, height = image.size
    if min(width, height) < MIN_SIDE:
        return msg("picture_too_small", name=quote(name), width=width, height=height, limit=MIN_SIDE)
    return None


def profile_pictures(profile) -> list[tuple[tuple, object]]:
    """Every picture of *profile* with its data path: the photo, then each testimonial's portrait."""
    found = [(("photo",), profile.photo)] if profile.photo else []
    found += [(("testimonials", i, "portrait"), t.portrait) for i, t in enumerate(profile.testimonials) if t.portrait]
    return found


def check_pictures(ws: Workspace) -> None:
    """Check every picture of the profiles and campuses; set aside what shows a bad one, located at its file."""
    checked: dict[str, str | None] = {}

    def problem(name: str) -> str | None:
        if name not in checked:
            checked[name] = picture_problem(ws.root.resolve(), name, ws.store)
        return checked[name]

    for pid, profile in list(ws.profiles.items()):
        doc = ws.documents[f"profiles/{pid}.yaml"]
        issues = [doc.issue(at + ("file",), found) for at, picture in profile_pictures(profile)
                  if (found := problem(picture.file))]
        if issues:
            ws.issues.extend(issues)
            ws.invalid["profiles"].add(pid)
            del ws.profiles[pid]
    seen = {(i.path, i.line, i.column, i.message) for i in ws.issues}
    for cid, campus in list(ws.campuses.items()):
        found = campus.photo and problem(campus.photo.file)
        if not found:
            continue
        source = ws.campus_sources.get(cid) or ws.documents[f"campuses/{cid}.yaml"]
        issue = source.issue(("photo", "file"), found)
        if (issue.path, issue.line, issue.column, issue.message) not in seen:
            seen.add((issue.path, issue.line, issue.column, issue.message))
            ws.issues.append(issue)
        ws.invalid["campuses"].add(cid)
        del ws.campuses[cid]
