"""Import from ONISEP in the browser: the Idéo-métiers export the user picks, made into profiles by the library.

``POST /import/onisep`` takes one multipart file of at most
:data:`MAX_EXPORT_BYTES`, named ``.csv`` and holding text. Its bytes are
given to the importer :func:`metier.importers.onisep.import_onisep` (the one
``metier import onisep`` runs) as they are: the upload is never written
anywhere, only the profiles the importer writes are. The importer never
replaces a profile the user edited (the studio never asks it to ``force``);
a file that is not an export (its columns) is refused by the importer with
its own message, and writes nothing. The answer lists every row's outcome in
the command's words, with links to the profiles written, and brings the home
page's list of profiles up to date.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.routing import Route

from metier.errors import MetierError
from metier.messages import msg

MAX_EXPORT_BYTES = 20 * 1024 * 1024
"""The largest export the studio accepts: 20 MB (ONISEP's whole métiers file is about 1 MB)."""

WROTE = ("written", "overwritten", "updated")


def check_export(filename: str, data: bytes) -> str:
    """The name messages call the upload *filename*; a :class:`MetierError` when it is not a CSV file's.

    A CSV file is named ``.csv``, is at most :data:`MAX_EXPORT_BYTES` and
    holds text (no NUL byte, as in a spreadsheet or an image).
    """
    name = _shown(filename)
    if len(data) > MAX_EXPORT_BYTES:
        raise MetierError(msg("studio_import_too_large", name=name, size=_size(len(data)),
                              limit=_size(MAX_EXPORT_BYTES)))
    if Path(name).suffix.lower() != ".csv":
        raise MetierError(msg("studio_import_not_csv", name=name))
    if b"\x00" in data[:1_000_000] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MetierError(msg("studio_import_not_text", name=name))
    return name


def run_import(studio, filename: str, data: bytes):
    """Import the export *data* (uploaded as *filename*) into the studio's workspace; the importer's report.

    Raises :class:`MetierError`, nothing written, for a file that is not an
    ONISEP export. The resident workspace is told about each profile written.
    """
    from metier.importers.onisep import import_onisep
    from metier.refdata import referentials_for

    name = check_export(filename, data)
    project = studio.resident.workspace.project
    referentials = referentials_for(studio.root, project.refdata if project else None)
    with studio.lock:
        report = import_onisep(data, studio.root, referentials, name=name)
    written = [o.file for o in report.outcomes if o.status in WROTE and o.file]
    if written:
        studio.resident.update(written)
    return report


def outcome_lines(report) -> list[dict]:
    """Each row's outcome as the page shows it: the command's words, the file to link to, a finding's note."""
    lines = []
    for o in report.outcomes:
        values = dict(file=o.file, onisep_id=o.onisep_id or "-", line=o.line)
        if o.status == "skipped":
            text = msg("import_skipped", name=o.name, reason=o.message, **values)
        else:
            text = msg(f"import_{o.status}", **values)
        note = o.message if o.message and o.status in WROTE else ""
        lines.append({"status": o.status, "text": text, "note": note, "finding": o.finding,
                      "href": f"/edit/{o.file}" if o.status != "skipped" and o.file.startswith("profiles/") else ""})
    return lines


def _shown(filename: str | None) -> str:
    """The uploaded file's name as messages show it: its last part, shortened, never a path."""
    name = Path((filename or "export.csv").replace("\\", "/")).name or "export.csv"
    return name if len(name) <= 60 else name[:57] + "..."


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def routes(studio) -> list[Route]:
    """The ONISEP import route of *studio*."""
    from starlette.concurrency import run_in_threadpool
    from starlette.formparsers import MultiPartException

    from metier.studio import home

    async def onisep(request: Request):
        length = int(request.headers.get("content-length") or 0)
        too_large = msg("studio_import_too_large", name="export", size=_size(length), limit=_size(MAX_EXPORT_BYTES))
        if length > MAX_EXPORT_BYTES + 64 * 1024:
            return _refused(studio, 413, too_large)
        try:
            form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_EXPORT_BYTES)
        except MultiPartException as exc:
            if "size" in str(exc).lower():
                return _refused(studio, 413, too_large)
            return _refused(studio, 400, msg("studio_upload_unreadable", reason=exc))
        upload = form.get("export")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return _refused(studio, 400, msg("studio_import_missing"))
        data = await upload.read(MAX_EXPORT_BYTES + 1)
        try:
            report = await run_in_threadpool(run_import, studio, upload.filename, data)
        except MetierError as exc:
            return _refused(studio, 413 if len(data) > MAX_EXPORT_BYTES else 422, str(exc))
        ws = studio.resident.workspace
        rows = home.profile_rows(studio, ws)
        summary = msg("import_summary", file=report.file, rows=report.rows, selected=report.selected,
                      **{s: report.count(s) for s in ("written", "overwritten", "updated", "unchanged", "skipped")})
        return studio.page("_import_done.html", summary=summary, lines=outcome_lines(report), rows=rows,
                           total=len(rows), wrote=sum(report.count(s) for s in WROTE),
                           next=msg("import_next") if any(report.count(s) for s in WROTE) else "")

    return [Route("/import/onisep", onisep, methods=["POST"])]


def _refused(studio, status: int, text: str):
    return studio.page("_message.html", status, text=text, level="error")
