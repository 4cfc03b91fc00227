"""The studio's web application: routes over the library, pages rendered on the server.

Every route calls the library the command line uses: the resident workspace
for loading, validation and rendering (:mod:`metier.load.resident`), the
content rules (:mod:`metier.lint`), the form and patching modules of this
package. Values from the browser are hostile input: paths go through
:func:`~metier.studio.saving.data_file`, texts through the same loader and
validation as a file on disk before anything is written.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from metier.errors import MetierError
from metier.load.resident import ResidentWorkspace
from metier.load.yamlfile import YamlProblem, parse_yaml
from metier.messages import msg
from metier.studio import edit, forms
from metier.studio.history import History
from metier.studio.preview import Previews
from metier.studio.saving import BadPath, Conflict, data_file, digest_of, kind_of, read_text, save
from metier.studio.security import Guard


class Studio:
    """What one running studio holds: the resident workspace, its tokens, the recent previews."""

    def __init__(self, root: Path | str, *, token: str, port: int):
        self.resident = ResidentWorkspace(root)
        self.root = self.resident.root
        self.token, self.port = token, port
        self.csrf = secrets.token_urlsafe(24)
        self.previews = Previews()
        self.history = History(self.root)
        self._lint: tuple[int, list] | None = None
        self.templates = Environment(loader=PackageLoader("metier.studio", "templates"),
                                     autoescape=select_autoescape(default=True))

    def issues(self, ws=None) -> list:
        """Every issue of *ws* (default: the resident workspace): loading, glyphs, content rules."""
        from metier.lint.run import lint
        from metier.text.glyphs import glyph_issues

        resident = ws is None
        ws = ws or self.resident.workspace
        if resident and self._lint and self._lint[0] == id(ws):
            return self._lint[1]
        found = set(ws.issues) | set(lint(ws))
        if resident:
            found |= set(glyph_issues(ws))
        issues = sorted(found, key=lambda i: (i.path, i.line, i.column, i.rule, i.message))
        if resident:
            self._lint = (id(ws), issues)
        return issues

    def page(self, template: str, **values) -> HTMLResponse:
        """*template* rendered with *values* and what every page needs."""
        html = self.templates.get_template(template).render(csrf=self.csrf, **values)
        return HTMLResponse(html)


def create_app(studio: Studio) -> Guard:
    """The ASGI application of *studio*, behind its :class:`~metier.studio.security.Guard`."""
    from metier.studio import actions

    static = Path(__file__).parent / "static"
    routes = [
        Route("/", lambda r: home(studio, r)),
        Route("/edit/{name:path}", lambda r: editor(studio, r)),
        *actions.routes(studio),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={BadPath: _bad_path})
    return Guard(app, token=studio.token, csrf=studio.csrf, port=studio.port)


async def _bad_path(request, exc) -> Response:
    return Response(str(exc), status_code=404, media_type="text/plain; charset=utf-8")


def _rows(studio: Studio) -> dict:
    """What the home page lists: profiles with their campuses and problems, campuses, programmes, targets."""
    ws = studio.resident.workspace
    issues = studio.issues()
    by_file: dict[str, list] = {}
    for issue in issues:
        by_file.setdefault(issue.path, []).append(issue)
    outputs = studio.resident.outputs() if not ws.fatal else []
    stale = {o.path for o in studio.resident.stale()} if outputs else set()
    campuses_of: dict[str, set] = {}
    targets: dict[str, list] = {}
    for output in outputs:
        if output.profile:
            campuses_of.setdefault(output.profile, set()).add(output.campus)
        targets.setdefault(output.target, []).append((output, output.path not in stale))
    profiles = []
    for name in sorted(n for n in ws.documents if n.startswith("profiles/")):
        pid = Path(name).stem
        model = ws.profiles.get(pid)
        data = ws.documents[name].data if isinstance(ws.documents[name].data, dict) else {}
        found = by_file.get(name, [])
        errors = sum(1 for i in found if i.severity == "error")
        warnings = len(found) - errors
        todo = sum(1 for i in found if i.rule in ("placeholder", "missing-section", "todo"))
        profiles.append({
            "name": name, "id": pid, "title": model.title if model else data.get("title", pid),
            "category": model.category if model else data.get("category", ""),
            "campuses": sorted(campuses_of.get(pid, ())), "errors": errors, "warnings": warnings, "todo": todo,
            "updated": str(model.updated or "") if model else str(data.get("updated") or ""),
            "status": "error" if errors else "warning" if warnings else "ok",
        })
    return {"profiles": profiles, "issues": by_file, "targets": targets,
            "campuses": sorted(n for n in ws.documents if n.startswith("campuses/")),
            "programmes": sorted(n for n in ws.documents if n.startswith("programmes/"))}


async def home(studio: Studio, request) -> HTMLResponse:
    """The workspace at a glance, filtered by the query's ``q``, ``category``, ``campus`` and ``status``."""
    rows = await run_in_threadpool(_rows, studio)
    q = request.query_params
    wanted = {k: q.get(k, "") for k in ("q", "category", "campus", "status")}
    shown = [p for p in rows["profiles"]
             if (not wanted["q"] or wanted["q"].lower() in (p["title"] + " " + p["id"]).lower())
             and (not wanted["category"] or p["category"] == wanted["category"])
             and (not wanted["campus"] or wanted["campus"] in p["campuses"])
             and (not wanted["status"] or p["status"] == wanted["status"])]
    categories = sorted({p["category"] for p in rows["profiles"] if p["category"]})
    campus_ids = sorted({c for p in rows["profiles"] for c in p["campuses"]})
    template = "profiles.html" if request.headers.get("hx-request") and request.headers.get("hx-target") == \
        "profiles" else "home.html"
    return studio.page(template, shown=shown, wanted=wanted, categories=categories, campus_ids=campus_ids, **rows)


def document_state(studio: Studio, name: str, text: str, language: str = "fr") -> dict:
    """What the editor shows for data file *name* holding *text*: fields, issues by field, YAML text."""
    kind = kind_of(name)
    try:
        data = parse_yaml(text.encode("utf-8"), name).data if text.strip() else {}
        broken = None
    except YamlProblem as problem:
        data, broken = {}, problem.issue
    ws = studio.resident.draft(name, text) if text != read_text(studio.root, name) else studio.resident.workspace
    issues = [i for i in studio.issues(None if ws is studio.resident.workspace else ws) if i.path == name]
    by_field: dict[str, list] = {}
    for issue in issues:
        by_field.setdefault(issue.field, []).append(issue)
    return {"name": name, "kind": kind, "text": text, "digest": digest_of(text), "broken": broken,
            "fields": forms.form_fields(kind, data, language), "issues": issues, "by_field": by_field,
            "language": language, "data": data, "workspace": ws}


async def editor(studio: Studio, request) -> HTMLResponse:
    """The editor of one data file: the form, the YAML tab, the issues and (for a profile) the preview."""
    name = request.path_params["name"]
    data_file(studio.root, name)
    text = read_text(studio.root, name)
    language = "en" if request.query_params.get("lang") == "en" else "fr"
    state = await run_in_threadpool(document_state, studio, name, text, language)
    ws = studio.resident.workspace
    return studio.page("editor.html", campuses=sorted(ws.campuses), default_campus=ws.default_campus,
                       undo=len(studio.history.versions(name)), **state)


def new_text(studio: Studio, name: str, form) -> str:
    """The text data file *name* would hold after the posted *form* (form fields, or the YAML tab)."""
    if form.get("_mode") == "yaml":
        return str(form.get("_yaml", "")).replace("\r\n", "\n")
    text = read_text(studio.root, name)
    data = parse_yaml(text.encode("utf-8"), name).data if text.strip() else {}
    fields = forms.form_fields(kind_of(name), data)
    changed = forms.changes(fields, data or {}, forms.submitted(form))
    return edit.patch(text, changed) if changed else text


__all__ = ["Studio", "create_app", "new_text", "document_state", "Conflict", "save", "MetierError", "msg"]
