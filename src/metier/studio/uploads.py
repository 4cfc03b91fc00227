"""A campus logo uploaded from the browser: checked like every image metier reads, stored under the campus folder.

``POST /upload/logo/<campus>`` takes one multipart file of at most
:data:`MAX_LOGO_BYTES`. Its name only says its type (``.svg``, ``.png``,
``.jpg``); its bytes go through the loader's image checks
(:func:`metier.load.images.image_problem`: type, structure, pixel count, SVG
without entities or outside references). A good file is written atomically as
``campuses/<campus>/logo-<digest>.<ext>``: a new name for new content, so no
file is ever overwritten and an undo of the campus file brings the previous
logo back. Then the campus file's ``logo:`` alone is patched
(:func:`metier.studio.edit.patch`), checked in the workspace and saved with its
history like any save from the form. A refused upload writes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request
from starlette.routing import Route

from metier.digests import bytes_digest
from metier.errors import MetierError
from metier.messages import msg

MAX_LOGO_BYTES = 2 * 1024 * 1024
"""The largest logo the studio accepts: 2 MB (a logo is a small drawing; the loader's own limit is 20 MB)."""

TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
CAMPUS_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def logo_name(campus: str, filename: str, data: bytes) -> str:
    """Where the logo *data* (uploaded as *filename*) of *campus* is stored, relative to the workspace.

    Raises :class:`MetierError` for a campus id that is not one, or a file name
    that is not an SVG, PNG or JPEG image's.
    """
    if not CAMPUS_ID.match(campus):
        raise MetierError(msg("studio_bad_path", path=f"campuses/{campus}.yaml"))
    suffix = Path(filename or "").suffix.lower()
    if suffix not in TYPES:
        raise MetierError(msg("studio_upload_bad_name", name=_shown(filename)))
    return f"campuses/{campus}/logo-{bytes_digest(data)[:12]}{'.jpg' if suffix == '.jpeg' else suffix}"


def store_logo(root: Path, campus: str, filename: str, data: bytes) -> str:
    """Check the uploaded logo and write it under the campus folder; its path relative to *root*.

    Raises :class:`MetierError` with the loader's message for a refused image,
    or when the campus folder leads out of the workspace.
    """
    from metier.load.images import image_problem, size_problem

    problem = size_problem(len(data), _shown(filename), MAX_LOGO_BYTES)
    if problem:
        raise MetierError(problem)
    name = logo_name(campus, filename, data)
    problem = image_problem(data, _shown(filename), TYPES[Path(name).suffix])
    if problem:
        raise MetierError(problem)
    root = root.resolve()
    target = root / name
    folder = target.parent if target.parent.exists() else target.parent.parent
    if folder.is_symlink() or target.is_symlink() or not folder.resolve().is_relative_to(root):
        raise MetierError(msg("studio_bad_path", path=name))
    if not target.is_file():
        _write_bytes(target, data)
    return name


def _write_bytes(file: Path, data: bytes) -> None:
    """Write *data* to *file* through a temporary file in the same folder, then rename it."""
    import os
    import tempfile

    file.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=file.parent, prefix=".studio-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(name, file)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _shown(filename: str | None) -> str:
    """The uploaded file's name as messages show it: its last part, shortened, never a path."""
    name = Path((filename or "logo").replace("\\", "/")).name or "logo"
    return name if len(name) <= 60 else name[:57] + "..."


def routes(studio) -> list[Route]:
    """The upload route of *studio*."""
    from starlette.formparsers import MultiPartException

    from metier.studio import edit, history

    async def upload_logo(request: Request):
        campus = request.path_params["campus"]
        path = f"campuses/{campus}.yaml"
        length = int(request.headers.get("content-length") or 0)
        if length > MAX_LOGO_BYTES + 64 * 1024:
            return _refused(studio, 413, msg("studio_upload_too_large", name="logo", size=_size(length),
                                              limit=_size(MAX_LOGO_BYTES)))
        try:
            form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_LOGO_BYTES)
        except MultiPartException as exc:
            if "size" in str(exc).lower():
                return _refused(studio, 413, msg("studio_upload_too_large", name="logo", size=_size(length),
                                                  limit=_size(MAX_LOGO_BYTES)))
            return _refused(studio, 400, msg("studio_upload_unreadable", reason=exc))
        upload = form.get("logo")
        if upload is None or isinstance(upload, str):
            return _refused(studio, 400, msg("studio_upload_missing"))
        data = await upload.read(MAX_LOGO_BYTES + 1)
        if len(data) > MAX_LOGO_BYTES:
            return _refused(studio, 413, msg("studio_upload_too_large", name=_shown(upload.filename),
                                              size=_size(len(data)), limit=_size(MAX_LOGO_BYTES)))
        if not CAMPUS_ID.match(campus) or not (studio.root / path).is_file():
            return _refused(studio, 400, msg("studio_bad_path", path=path))
        try:
            name = store_logo(studio.root, campus, upload.filename or "", data)
            text = history.read(studio.root, path)
            draft = edit.patch(text, {("logo",): name})
        except MetierError as exc:
            return _refused(studio, 422, str(exc))
        ws = studio.resident.draft(path, draft)
        errors = [i for i in ws.issues if i.path == path and i.severity == "error"]
        if errors:
            return studio.page("_message.html", 422, text=msg("studio_not_saved_errors", path=path, count=len(errors)),
                               level="error", issues=errors)
        if draft != text:
            history.save(studio.root, path, draft, history.digest(text))
        studio.resident.update([path, name])
        return studio.page("_message.html", text=msg("studio_logo_saved", name=name, path=path), level="ok",
                           reload=True)

    return [Route("/upload/logo/{campus}", upload_logo, methods=["POST"])]


def _refused(studio, status: int, text: str):
    return studio.page("_message.html", status, text=text, level="error")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
