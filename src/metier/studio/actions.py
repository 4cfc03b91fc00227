"""The studio's routes that answer the editor's requests: check, save, undo, preview.

Each takes the posted form (hostile input), computes the text the file would
hold (:func:`metier.studio.app.new_text`), and validates it in the resident
workspace (:meth:`~metier.load.resident.ResidentWorkspace.draft`) before
anything else; a save writes only a text with no error.
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from metier.errors import Issue
from metier.load.yamlfile import YamlProblem, parse_yaml
from metier.messages import msg
from metier.studio.app import document_state, new_text
from metier.studio.edit import PatchError
from metier.studio.saving import Conflict, data_file, digest_of, read_text, save

MAX_FORM = 2 * 1024 * 1024
"""The largest form a page may post (a data file is at most 1 MiB of YAML)."""


def routes(studio) -> list[Route]:
    """The routes of this module, bound to *studio*."""
    def bind(handler):
        async def endpoint(request):
            return await handler(studio, request)
        return endpoint

    return [
        Route("/check/{name:path}", bind(check), methods=["POST"]),
        Route("/save/{name:path}", bind(save_file), methods=["POST"]),
        Route("/undo/{name:path}", bind(undo), methods=["POST"]),
        Route("/preview/{name:path}", bind(preview), methods=["POST"]),
        Route("/pages/{number:int}/{page:int}.png", bind(page_image)),
        Route("/pages/{number:int}.pdf", bind(page_pdf)),
    ]


async def _form(request):
    if int(request.headers.get("content-length") or 0) > MAX_FORM:
        return None
    return await request.form(max_files=0, max_fields=5000)


def _proposed(studio, name: str, form) -> tuple[str | None, Issue | None]:
    """The text the form proposes, or the located problem that stops it (broken YAML, a patch refused)."""
    try:
        text = new_text(studio, name, form)
        if text.strip():
            parse_yaml(text.encode("utf-8"), name)
        return text, None
    except YamlProblem as problem:
        i = problem.issue
        return None, Issue(name, i.line, i.column, "", msg("studio_broken_yaml", path=name, line=i.line,
                                                           column=i.column, message=i.message))
    except PatchError as exc:
        return None, Issue(name, 1, 1, "", str(exc))


async def check(studio, request) -> Response:
    """The issues of the file as the form now says, beside each field (out-of-band swaps)."""
    name = request.path_params["name"]
    data_file(studio.root, name)
    form = await _form(request)
    if form is None:
        return Response(msg("studio_form_too_large"), status_code=413)
    text, problem = await run_in_threadpool(_proposed, studio, name, form)
    if problem is not None:
        return studio.page("issues.html", issues=[problem], by_field={}, fields=[], oob=False)
    state = await run_in_threadpool(document_state, studio, name, text)
    response = studio.page("issues.html", oob=True, **state)
    if not any(i.severity == "error" for i in state["issues"]):
        response.headers["HX-Trigger"] = "refresh-preview"
    return response


async def save_file(studio, request) -> Response:
    """Write the form's changes (or the YAML tab's text) if the file is unchanged on disk and has no error."""
    name = request.path_params["name"]
    data_file(studio.root, name)
    form = await _form(request)
    if form is None:
        return Response(msg("studio_form_too_large"), status_code=413)
    opened = str(form.get("_digest", ""))
    if digest_of(read_text(studio.root, name)) != opened and form.get("_mode") != "yaml":
        disk = read_text(studio.root, name)
        return studio.page("conflict.html", name=name, disk=disk, digest=digest_of(disk),
                           mine=form.get("_yaml", ""), message=msg("studio_conflict", path=name))
    text, problem = await run_in_threadpool(_proposed, studio, name, form)
    if problem is not None:
        return studio.page("status.html", message=str(problem), level="error")
    state = await run_in_threadpool(document_state, studio, name, text)
    errors = [i for i in state["issues"] if i.severity == "error"]
    if errors:
        return studio.page("status.html", level="error",
                           message=msg("studio_not_saved_errors", path=name, count=len(errors)))
    try:
        written = save(studio.root, name, text, opened)
    except Conflict as conflict:
        return studio.page("conflict.html", name=name, disk=conflict.disk, digest=conflict.digest, mine=text,
                           message=msg("studio_conflict", path=name))
    if written:
        await run_in_threadpool(studio.resident.update, [name])
    return studio.page("saved.html", name=name, text=text, digest=digest_of(text),
                       undo=len(studio.history.versions(name)),
                       message=msg("studio_saved" if written else "studio_unchanged", path=name))


async def undo(studio, request) -> Response:
    """Put back the version of the file the last save replaced (if the page still shows what is on disk)."""
    name = request.path_params["name"]
    data_file(studio.root, name)
    form = await _form(request)
    if form is None or digest_of(read_text(studio.root, name)) != form.get("_digest"):
        disk = read_text(studio.root, name)
        return studio.page("conflict.html", name=name, disk=disk, digest=digest_of(disk),
                           mine="", message=msg("studio_conflict", path=name))
    version = studio.history.undo(name)
    if version is None:
        return studio.page("status.html", level="error", message=msg("studio_nothing_to_undo", path=name))
    await run_in_threadpool(studio.resident.update, [name])
    response = studio.page("status.html", level="ok", message=msg("studio_undone", path=name, when=version.when()))
    response.headers["HX-Redirect"] = f"/edit/{name}"
    return response


def _render_preview(studio, name: str, form):
    """The preview of a profile's sheet (or a campus's first sheet) as the form now says, or why there is none."""
    text, problem = _proposed(studio, name, form)
    if problem is not None:
        return None, [problem]
    ws = studio.resident.draft(name, text) if text != read_text(studio.root, name) else studio.resident.workspace
    errors = [i for i in ws.issues if i.path == name and i.severity == "error"]
    if errors:
        return None, errors
    campus = str(form.get("_campus") or ws.default_campus or "")
    variant = "press" if form.get("_variant") == "press" else "screen"
    stem = Path(name).stem
    if name.startswith("profiles/"):
        wanted = {"profiles": [stem]}
    elif name.startswith("campuses/"):
        campus, wanted = stem, {}
    else:
        wanted = {}
    studio.resident.workspace  # noqa: B018 - outputs are planned on the resident workspace; the draft renders
    outputs = [o for o in studio.resident.outputs(campuses=[campus] if campus else None, **wanted)
               if o.kind == "sheet" and o.variant == variant]
    if not outputs:
        outputs = [o for o in studio.resident.outputs(campuses=[campus] if campus else None, **wanted)
                   if o.kind == "sheet"]
    if not outputs:
        return None, []
    return studio.previews.render(studio.resident, outputs[0], ws), []


async def preview(studio, request) -> Response:
    """The preview pane: page images of the output as the form now says, pages over budget marked."""
    name = request.path_params["name"]
    data_file(studio.root, name)
    form = await _form(request)
    if form is None:
        return Response(msg("studio_form_too_large"), status_code=413)
    shown, problems = await run_in_threadpool(_render_preview, studio, name, form)
    return studio.page("preview.html", preview=shown, problems=problems)


async def page_image(studio, request) -> Response:
    """One page image of a kept preview."""
    kept = studio.previews.get(request.path_params["number"])
    page = request.path_params["page"]
    if kept is None or not 1 <= page <= len(kept.pages):
        return Response(status_code=404)
    return Response(kept.pages[page - 1], media_type="image/png", headers={"Cache-Control": "no-store"})


async def page_pdf(studio, request) -> Response:
    """The PDF of a kept preview, as a download."""
    kept = studio.previews.get(request.path_params["number"])
    if kept is None or not kept.pdf:
        return Response(status_code=404)
    return Response(kept.pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{Path(kept.path).name}"'})
