"""The studio's routes: the home page, the editor, checks while typing, saves, undo and the live preview.

A thin layer over the library: the workspace is a
:class:`~metier.load.resident.ResidentWorkspace` (loaded once, told about each
save), drafts are validated by :meth:`~metier.load.resident.ResidentWorkspace.draft`
and checked by the content rules (:func:`metier.lint.run.lint`), and the
preview is the profile's sheet rendered by
:meth:`~metier.load.resident.ResidentWorkspace.render` (fonts and stylesheets
kept warm) and turned into PNG pages by pypdfium2. Only data files
(``profiles/``, ``campuses/``, ``programmes/``, ``metier.yaml``) can be opened
or written; any other path is refused. The home page is
:mod:`metier.studio.home`, builds from the page :mod:`metier.studio.builds`,
logo uploads :mod:`metier.studio.uploads`, imports from ONISEP
:mod:`metier.studio.imports`, the preview beside each Markdown text area
:mod:`metier.studio.mdpreview`. The forms are in French or in
English: ``GET /language/<fr|en>?next=<page>`` keeps the choice in a cookie
(:func:`language_of` reads it) and goes back to the page.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from metier.errors import MetierError
from metier.load.resident import ResidentWorkspace
from metier.load.yamlfile import YamlProblem
from metier.messages import msg
from metier.studio import builds, edit, forms, history, home, imports, mdpreview, previews, uploads
from metier.studio.security import Guard, csrf_for

KINDS = {"profiles": "profile", "campuses": "campus", "programmes": "programme"}
DATA_PATH = re.compile(r"^(?:metier\.yaml|(profiles|campuses|programmes)/[a-z0-9][a-z0-9-]*\.yaml)$")
MAX_FORM = 2_000_000
LANGUAGE_COOKIE = "metier_studio_lang"
LANGUAGES = ("fr", "en")
LOCAL_PAGE = re.compile(r"^/(?![/\\])[^\s]*$")


def language_of(request: Request) -> str:
    """The language of the forms the user chose (``?lang=`` first, then the switch's cookie): ``fr`` or ``en``."""
    for chosen in (request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    return "fr"


def here(request: Request) -> str:
    """The page's own address, path and query, for the language switch to come back to."""
    from urllib.parse import urlencode

    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    return request.url.path + ("?" + query if query else "")


def kind_of(path: str) -> str:
    """The schema kind of data file *path*, or a :class:`MetierError` when it is not a data file of the workspace."""
    match = DATA_PATH.match(path)
    if not match or ".." in path:
        raise MetierError(msg("studio_bad_path", path=path))
    return KINDS[match.group(1)] if match.group(1) else "project"


class Studio:
    """The state the routes share: the resident workspace and the last previews rendered."""

    def __init__(self, root: Path, token: str):
        self.resident = ResidentWorkspace(root)
        self.root = self.resident.root
        self.token = token
        self.csrf = csrf_for(token)
        self.images: dict[str, bytes] = {}
        self.todo_counts: dict[str, tuple[str, int]] = {}  # path -> (digest, markers of text to write), for the home page
        self.lock = threading.Lock()
        self.templates = Environment(loader=PackageLoader("metier.studio", "templates"),
                                     autoescape=select_autoescape(["html"]))
        self.templates.globals.update(dom_id=forms.dom_id, csrf=self.csrf)
        self.builds = builds.Builds(self)

    def page(self, name: str, status: int = 200, **values) -> HTMLResponse:
        return HTMLResponse(self.templates.get_template(name).render(**values), status)

    # --- checks and previews -----------------------------------------------------

    def issues_of(self, ws, path: str) -> list:
        """The loader's issues and the content rules' findings of file *path* in workspace *ws*."""
        from metier.lint.run import lint

        found = [i for i in ws.issues if i.path == path]
        try:
            found += lint(ws, paths=[path])  # the rules of this file only: fast at 1,000 profiles
        except Exception:  # noqa: BLE001 - rules on a half-valid draft: the loader's issues are what matters
            pass
        return found

    def preview(self, ws, path: str, campus: str | None, variant: str = "screen", what: str = "sheet") -> dict:
        """The preview of data file *path* in *ws* (:mod:`metier.studio.previews`): a sheet or flyer, a campus's look."""
        if path.startswith("profiles/"):
            return previews.profile_preview(self, ws, Path(path).stem, campus, variant, what)
        if path.startswith("campuses/"):
            return previews.campus_preview(self, ws, Path(path).stem)
        return {}


def create_app(root: Path, token: str) -> Starlette:
    """The studio's ASGI application for the workspace at *root*, answering only requests with *token*."""
    studio = Studio(root, token)

    def editor(request: Request):
        path = request.path_params["path"]
        kind = kind_of(path)
        text = history.read(studio.root, path)
        ws = studio.resident.workspace
        doc = ws.documents.get(path)
        language = language_of(request)
        fields = forms.form_fields(kind, doc.data if doc else {}, language)
        issues = studio.issues_of(ws, path)
        return studio.page("editor.html", path=path, kind=kind, text=text, base=history.digest(text),
                           fields=fields, issues=issues, by_field=_by_field(issues), ws=ws, language=language,
                           campus=ws.default_campus, here=here(request))

    def language(request: Request):
        chosen = request.path_params["code"]
        if chosen not in LANGUAGES:
            raise MetierError(msg("studio_bad_language", language=chosen[:20], known=", ".join(LANGUAGES)))
        back = request.query_params.get("next", "/")
        response = RedirectResponse(back if LOCAL_PAGE.match(back) else "/", 303)
        response.set_cookie(LANGUAGE_COOKIE, chosen, samesite="strict", path="/", max_age=365 * 24 * 3600)
        return response

    async def check(request: Request):
        path = request.path_params["path"]
        draft, form = await _draft(studio, request, path)
        return await _run(lambda: _checked(studio, path, draft, form))

    async def save(request: Request):
        path = request.path_params["path"]
        kind_of(path)
        form = await _form(request)
        try:
            draft, _ = await _draft(studio, request, path, form)
        except MetierError as exc:
            return studio.page("_message.html", 422, text=str(exc), level="error")
        ws = studio.resident.draft(path, draft)
        errors = [i for i in ws.issues if i.path == path and i.severity == "error"]
        if errors:
            return studio.page("_message.html", 422, text=msg("studio_not_saved_errors", path=path, count=len(errors)),
                               level="error", issues=errors)
        current = history.read(studio.root, path)
        if draft == current and form.get("base") == history.digest(current):
            return studio.page("_message.html", text=msg("studio_unchanged", path=path), level="info")
        try:
            history.save(studio.root, path, draft, None if form.get("force") else form.get("base"))
        except history.Conflict as conflict:
            return studio.page("_conflict.html", 409, path=path, disk=conflict.disk, mine=draft,
                               disk_base=history.digest(conflict.disk))
        studio.resident.update([path])
        return studio.page("_message.html", text=msg("studio_saved", path=path), level="ok",
                           base=history.digest(draft), reload=form.get("mode") == "yaml")

    def undo(request: Request):
        path = request.path_params["path"]
        kind_of(path)
        try:
            when = history.undo(studio.root, path)
        except MetierError as exc:
            return studio.page("_message.html", 409, text=str(exc), level="error")
        studio.resident.update([path])
        return studio.page("_message.html", text=msg("studio_undone", path=path, when=when), level="ok", reload=True)

    def image(request: Request):
        data = studio.images.get(request.path_params["name"])
        if data is None:
            return PlainTextResponse("", 404)
        return Response(data, media_type="image/png", headers={"Cache-Control": "no-store"})

    def preview(request: Request):
        path = request.path_params["path"]
        kind_of(path)
        shown = studio.preview(studio.resident.workspace, path, request.query_params.get("campus"),
                               request.query_params.get("variant", "screen"), request.query_params.get("what", "sheet"))
        return studio.page("_preview.html", preview=shown, path=path)

    routes = [
        *home.routes(studio),
        Route("/edit/{path:path}", editor),
        Route("/language/{code}", language),
        Route("/check/{path:path}", check, methods=["POST"]),
        Route("/save/{path:path}", save, methods=["POST"]),
        Route("/undo/{path:path}", undo, methods=["POST"]),
        Route("/preview/{path:path}", preview),
        Route("/page/{name}", image),
        *builds.routes(studio),
        *uploads.routes(studio),
        *imports.routes(studio),
        *mdpreview.routes(studio),
        *previews.routes(studio),
        Mount("/static", StaticFiles(packages=[("metier.studio", "static")]), name="static"),
    ]

    async def refused(request: Request, exc: MetierError):
        return PlainTextResponse(str(exc), 400)

    app = Starlette(routes=routes, exception_handlers={MetierError: refused})
    app.state.studio = studio
    return Guard(app, token)


async def _run(function):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function)


async def _form(request: Request) -> dict[str, str]:
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_FORM:
        raise MetierError(msg("studio_upload_too_large", name="form", size=f"{length} bytes", limit=f"{MAX_FORM} bytes"))
    form = await request.form(max_part_size=MAX_FORM)
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def _draft(studio: Studio, request: Request, path: str, form=None) -> tuple[str, dict]:
    """The text file *path* would have with the submitted form (or YAML text) written into it."""
    kind = kind_of(path)
    form = form if form is not None else await _form(request)
    text = history.read(studio.root, path)
    if form.get("mode") == "yaml":
        return form.get("yaml", "").replace("\r\n", "\n"), form
    doc = studio.resident.workspace.documents.get(path)
    wanted = forms.changes(kind, doc.data if doc else {}, form)
    return (edit.patch(text, wanted) if wanted else text), form


def _checked(studio: Studio, path: str, draft: str, form: dict):
    ws = studio.resident.draft(path, draft)
    issues = studio.issues_of(ws, path)
    fields = forms.form_fields(kind_of(path), {}, "en")
    names = [f.name for f in forms._walk(fields)] + sorted({i.field for i in issues if i.field})
    errors = [i for i in issues if i.severity == "error"]
    shown = {}
    if not errors and form.get("preview") != "off":
        shown = studio.preview(ws, path, form.get("campus"), form.get("variant", "screen"), form.get("what", "sheet"))
    return studio.page("_check.html", issues=issues, by_field=_by_field(issues), names=names, preview=shown,
                       path=path, with_preview=bool(shown))


def _by_field(issues) -> dict[str, list]:
    out: dict[str, list] = {}
    for issue in issues:
        out.setdefault(issue.field, []).append(issue)
    return out


__all__ = ["create_app", "kind_of", "YamlProblem"]
