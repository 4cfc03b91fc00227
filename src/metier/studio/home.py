"""The home page: the workspace at a glance, profiles found by text, category, campus and status, and new profiles.

Every profile (title, category, the campuses it appears for, what is still to
be written, its warnings and errors, its ``updated`` date), the campuses, the
programmes and the build targets with their outputs and what is out of date.
``GET /?q=&category=&campus=&status=`` shows only the profiles that match
(the page's search box also filters as the user types). ``POST /new/profile``
writes a profile from the template (:func:`metier.scaffold.new_profile`) and
opens it in the editor.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from metier.errors import MetierError
from metier.messages import msg
from metier.studio import history

STATUSES = {"errors": "avec erreurs", "warnings": "avec avertissements", "todo": "à rédiger", "ok": "sans problème"}


def routes(studio) -> list[Route]:
    """The home page and the new-profile route of *studio*."""

    def home(request: Request):
        ws = studio.resident.workspace
        rows = profile_rows(studio, ws)
        wanted = {k: request.query_params.get(k, "")[:200] for k in ("q", "category", "campus", "status")}
        shown = [r for r in rows if matches(r, **wanted)]
        from metier.studio.app import here, language_of

        return studio.page("home.html", ws=ws, rows=shown, total=len(rows), targets=targets_of(studio),
                           wanted=wanted, statuses=STATUSES, categories=sorted({r["category"] for r in rows} - {""}),
                           language=language_of(request), here=here(request))

    async def new(request: Request):
        from metier.scaffold import new_profile, suggest_id

        form = await request.form(max_part_size=10_000, max_fields=10, max_files=0)
        title = " ".join(str(form.get("title") or "").split())[:200]
        if not title:
            return studio.page("_message.html", 400, text=msg("studio_new_needs_title"), level="error")
        profile_id = str(form.get("id") or "").strip() or suggest_id(title)
        try:
            path = new_profile(studio.root, profile_id, title)
        except MetierError as exc:
            return studio.page("_message.html", 400, text=str(exc), level="error")
        name = f"profiles/{path.name}"
        studio.resident.update([name])
        return Response(status_code=204, headers={"HX-Redirect": f"/edit/{name}"})

    return [Route("/", home), Route("/new/profile", new, methods=["POST"])]


def matches(row: dict, q: str = "", category: str = "", campus: str = "", status: str = "") -> bool:
    """Whether the profile *row* is one the filters ask for (each empty filter lets every row through)."""
    if category and row["category"] != category:
        return False
    if campus and campus not in row["campuses"]:
        return False
    if status == "errors" and not row["errors"] or status == "warnings" and not row["warnings"]:
        return False
    if status == "todo" and not row["todo"] or status == "ok" and (row["errors"] or row["warnings"]):
        return False
    return all(word in row["search"] for word in q.lower().split())


def profile_rows(studio, ws) -> list[dict]:
    """One row per profile file of *ws* (valid or not): what the home page's table shows and filters on."""
    from metier.build.targets import campuses_of, select, targets

    appears: dict[str, set] = {}
    for tid, target in targets(ws).items() if not ws.fatal else ():
        if tid in ws.invalid["targets"]:
            continue
        for pid in select(ws, target):
            appears.setdefault(pid, set()).update(campuses_of(ws, target))
    by_path: dict[str, list] = {}
    for issue in ws.issues:
        by_path.setdefault(issue.path, []).append(issue)
    rows = []
    names = sorted({p.stem for p in studio.resident.store.yaml_files("profiles")})
    for pid in names:
        path = f"profiles/{pid}.yaml"
        profile = ws.profiles.get(pid)
        issues = by_path.get(path, [])
        row = {"id": pid, "path": path, "title": profile.title if profile else pid,
               "category": profile.category if profile else "", "updated": profile.updated if profile else None,
               "campuses": sorted(appears.get(pid, ())), "todo": _todo(studio, ws, path),
               "errors": sum(i.severity == "error" for i in issues),
               "warnings": sum(i.severity == "warning" for i in issues)}
        row["search"] = " ".join([row["title"], row["category"], *row["campuses"], pid,
                                  "erreurs" if row["errors"] else "", "avertissements" if row["warnings"] else ""]).lower()
        rows.append(row)
    return rows


def _todo(studio, ws, path: str) -> int:
    """How many markers of text still to write (TODO, « À RÉDIGER »: the to-be-written rule's) *path* holds.

    Counted once per version of the file the workspace read.
    """
    from metier.lint.content import TODO

    doc = ws.documents.get(path)
    memo = studio.todo_counts
    if doc is not None and doc.digest and memo.get(path, ("", 0))[0] == doc.digest:
        return memo[path][1]
    count = len(TODO.findall(history.read(studio.root, path)))
    if doc is not None and doc.digest:
        memo[path] = (doc.digest, count)
    return count


def targets_of(studio) -> list[dict]:
    """Each build target with its number of outputs and how many of them are out of date."""
    resident = studio.resident
    if resident.workspace.fatal:
        return []
    try:
        outputs = resident.outputs()
        stale = {o.path for o in resident.stale(outputs=outputs)}
    except MetierError:
        return []
    found: dict[str, dict] = {}
    for output in outputs:
        row = found.setdefault(output.target, {"id": output.target, "kind": output.kind, "outputs": 0, "stale": 0})
        row["outputs"] += 1
        row["stale"] += output.path in stale
    return list(found.values())


