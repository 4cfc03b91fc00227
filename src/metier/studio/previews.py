"""The live previews beside the editor: page images of the output a file changes, rendered warm on the draft.

A profile shows its sheet, or its flyer, for a chosen campus and variant,
every page, those over the layout's budget marked. A campus shows what its look changes: the
cover and campus page of its brochure, and the first page of one of its
sheets. Both are rendered by :meth:`metier.load.resident.ResidentWorkspace.render`
(fonts, stylesheets and templates kept warm) on the workspace as the draft
would make it, and turned into PNG images by pypdfium2
(:func:`metier.proof.pages.iter_page_images`); nothing is written to disk.

The campus's brochure is rendered with its first entry only: the cover and
the campus page do not depend on the entries, and one entry instead of every
profile keeps the preview well under a second.
"""

from __future__ import annotations

import copy
import io
import time
from pathlib import Path

PREVIEW_DPI = 60


PROFILE_KINDS = ("sheet", "flyer")
"""What a profile's preview shows: its job sheet, or its flyer (the one-page leaflet of a ``flyers`` target)."""


def profile_preview(studio, ws, profile: str, campus: str | None, variant: str = "screen", what: str = "sheet") -> dict:
    """The pages of *profile*'s sheet (or flyer) in *ws* for *campus* as image names, with budget, overflow, warnings.

    *variant* is ``screen`` or ``press`` (anything else: the screen file); a
    target that makes only the other one shows that one. *what* is ``sheet``
    or ``flyer`` (anything else: the sheet); a workspace without a flyers
    target has no flyer preview, and the answer says so (``missing``).
    """
    variant = variant if variant in ("screen", "press") else "screen"
    what = what if what in PROFILE_KINDS else "sheet"
    if profile not in ws.profiles:
        return {}
    campus = campus if campus in ws.campuses else ws.default_campus
    sheets = [o for o in studio.resident.outputs(campuses=[campus], profiles=[profile]) if o.kind == what]
    wanted = [o for o in sheets if o.variant == variant] or sheets
    if not wanted:
        return {"missing": what, "campus": campus} if what == "flyer" else {}
    variant = wanted[0].variant
    started = time.perf_counter()
    result = studio.resident.render(wanted[0], ws)
    if result.pdf is None:
        return {"error": result.output.error}
    output = result.output
    names = keep_images(studio, profile, _pngs(result.pdf))
    return {"pages": names, "labels": [f"page {n}" for n in range(1, len(names) + 1)], "budget": output.budget,
            "overflow": output.overflow, "campus": campus, "variant": variant, "warnings": output.warnings,
            "what": what, "variants": sorted({o.variant for o in sheets}), "seconds": time.perf_counter() - started}


def campus_preview(studio, ws, campus: str) -> dict:
    """The brochure cover, the campus page and a sheet's first page of *campus* in *ws*, as image names."""
    if campus not in ws.campuses:
        return {}
    started = time.perf_counter()
    planned = studio.resident.outputs(campuses=[campus])
    brochure = next((o for o in planned if o.kind == "brochure" and o.variant == "screen" and o.profiles), None)
    sheets = [o for o in planned if o.kind == "sheet" and o.variant == "screen"]
    first = brochure.profiles[0] if brochure is not None else None
    sheet = next((o for o in sheets if o.profile == first), sheets[0] if sheets else None)  # the brochure's first entry
    images, labels, warnings = [], [], []
    if brochure is not None:
        brochure = copy.deepcopy(brochure)
        brochure.profiles = brochure.profiles[:1]
        result = studio.resident.render(brochure, ws)
        if result.pdf is None:
            return {"error": result.output.error}
        images += _pngs(result.pdf, pages=2)
        labels += ["couverture de la brochure", "page du campus"][:len(images)]
        warnings += [w for w in result.output.warnings if "budget" not in str(w)]
    if sheet is not None:
        result = studio.resident.render(sheet, ws)
        if result.pdf is None:
            return {"error": result.output.error}
        images += _pngs(result.pdf, pages=1)
        labels.append(f"fiche « {ws.profiles[sheet.profile].title} », page 1")
    if not images:
        return {}
    return {"pages": keep_images(studio, campus, images), "labels": labels, "campus": campus, "warnings": warnings,
            "seconds": time.perf_counter() - started}


def _pngs(pdf: bytes, pages: int | None = None) -> list[bytes]:
    """The first *pages* (default: every page) of *pdf* as PNG files."""
    from metier.proof.pages import iter_page_images

    found = []
    for image in iter_page_images(pdf, PREVIEW_DPI):
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        found.append(buffer.getvalue())
        if pages is not None and len(found) >= pages:
            break
    return found


def keep_images(studio, stem: str, images: list[bytes]) -> list[str]:
    """Keep *images* in memory for ``/page/<name>`` (replacing the previous preview's), and their names."""
    stamp = f"{time.time_ns()}"
    names = [f"{Path(stem).name}-{stamp}-{n}.png" for n in range(1, len(images) + 1)]
    with studio.lock:
        studio.images.clear()
        studio.images.update(zip(names, images))
    return names


def sheet_pdf(studio, profile: str, campus: str | None, variant: str, what: str = "sheet") -> tuple[str, bytes]:
    """The file name and bytes of *profile*'s sheet or flyer (*what*; as saved) for *campus* in *variant*.

    Nothing is written.

    Raises :class:`~metier.errors.MetierError` for a profile, campus or
    variant the workspace does not make, or a sheet that cannot be rendered.
    """
    from metier.errors import MetierError
    from metier.messages import msg

    ws = studio.resident.workspace
    if profile not in ws.profiles or variant not in ("screen", "press") or what not in PROFILE_KINDS:
        raise MetierError(msg("studio_no_sheet", profile=profile, variant=variant))
    campus = campus if campus in ws.campuses else ws.default_campus
    wanted = [o for o in studio.resident.outputs(campuses=[campus], profiles=[profile])
              if o.kind == what and o.variant == variant]
    if not wanted:
        raise MetierError(msg("studio_no_sheet", profile=profile, variant=variant))
    result = studio.resident.render(wanted[0])
    if result.pdf is None:
        raise MetierError(result.output.error or msg("studio_no_sheet", profile=profile, variant=variant))
    return Path(wanted[0].path).name, result.pdf


def routes(studio) -> list:
    """``GET /pdf/profiles/<id>.yaml?campus=&variant=&what=``: the sheet's (or flyer's) PDF, to download."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    from metier.errors import MetierError

    async def download(request: Request):
        path = request.path_params["path"]
        if not path.startswith("profiles/") or not path.endswith(".yaml"):
            return PlainTextResponse("", 404)
        try:
            name, pdf = await run_in_threadpool(sheet_pdf, studio, Path(path).stem, request.query_params.get("campus"),
                                                request.query_params.get("variant", "screen"),
                                                request.query_params.get("what", "sheet"))
        except MetierError as exc:
            return PlainTextResponse(str(exc), 404)
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

    return [Route("/pdf/{path:path}", download)]
