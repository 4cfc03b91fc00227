"""``metier preview``: page images and contact sheets, so that a reviewer can check a target at a glance.

The target is built as ``metier build`` builds it (only what changed is
rendered again), then every PDF of each target and campus becomes PNG pages in
``out/preview/<target>/<campus>/`` and a contact sheet of their thumbnails,
``contact-sheet.png`` (``-2.png``... when it needs more pages) and
``contact-sheet.pdf`` for printing. An output that failed is on the contact
sheet as a placeholder with its error. Printing only: the drawing is
:mod:`metier.proof`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import click

from metier.cli import _shown, _usable_workspace, cli, err, out
from metier.errors import MetierError
from metier.messages import msg

PREVIEW_DIR = "out/preview"
SHEET_NAME = "contact-sheet"


@cli.command()
@click.argument("target_id", metavar="[TARGET]", required=False)
@click.option("--campus", "campuses", multiple=True, help="Only this campus (repeatable).")
@click.option("--dpi", type=click.IntRange(24, 600), default=96, show_default=True,
              help="Resolution of the page images.")
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"Folder of the previews (default: {PREVIEW_DIR}/ in the workspace).")
@click.option("--variant", type=click.Choice(["screen", "press"]), default="screen", show_default=True,
              help="Which file of a target that makes both to show (the press file adds bleed and crop marks).")
@click.pass_context
def preview(ctx, target_id, campuses, dpi, folder, variant):
    """Build TARGET (default: every target), then write PNG pages and a contact sheet per campus.

    Pages go to out/preview/<target>/<campus>/<file>-p01.png...; the contact
    sheet, contact-sheet.png in the same folder, shows every page as a
    thumbnail under its document's name and page count, pages beyond the page
    budget framed in red and outputs that failed as placeholders with their
    error. A long target gets contact-sheet-2.png and so on; contact-sheet.pdf
    has every page, for printing.

    \b
    Examples:
      metier preview sheets --campus lyon
      metier preview brochure --dpi 150
      metier preview -o /tmp/proofs
      metier preview livret --variant press
    """
    from metier.build.pool import default_jobs
    from metier.build.run import build as run_build
    from metier.build.targets import targets
    from metier.cli.building import _run_with_progress, exit_code, say_build

    ws = _usable_workspace(ctx)
    known = targets(ws)
    if target_id is not None and target_id not in known:
        raise MetierError(msg("preview_unknown_target", id=target_id, known=", ".join(known)))
    request = dict(targets_=[target_id] if target_id else None, campuses=campuses or None, jobs=default_jobs())
    result = _run_with_progress(run_build, ws, request)
    say_build(ws, result)
    shown = shown_outputs(result.outputs, known, variant)
    if not shown:
        err.print(msg("preview_nothing"), markup=False, style="yellow")
    else:
        base = folder if folder is not None else ws.root / PREVIEW_DIR
        write_previews(ws, shown, base, dpi)
    return exit_code(result)


def shown_outputs(outputs, known: dict, variant: str) -> list:
    """The outputs a preview shows: each target's *variant*, or its only variant when it makes just the other one.

    The screen and press files of a document hold the same pages; a reviewer
    checks one of them (the press file adds only bleed and crop marks).
    """
    return [o for o in outputs if o.variant == variant or variant not in known[o.target].variants]


def write_previews(ws, outputs, base: Path, dpi: int = 96) -> None:
    """Write the page images and contact sheet of each target and campus, and say where they are."""
    from metier.proof.contact import contact_sheet, save_contact_sheet

    groups: dict[tuple[str, str], list] = {}
    for output in outputs:
        groups.setdefault((output.target, output.campus), []).append(output)
    images = sheets = 0
    for (target_id, campus_id), members in groups.items():
        folder = base / target_id / campus_id
        entries = [_entry(ws, output, folder, stem, dpi) for output, stem in zip(members, _stems(members))]
        _remove_others(folder, [p for e in entries if e.error is None for p in e.pages])
        images += sum(len(e.pages) for e in entries if e.error is None)
        title, subtitle = _titles(ws, target_id, campus_id)
        drawn = contact_sheet(entries, title, subtitle)
        written = save_contact_sheet(drawn, folder, SHEET_NAME)
        sheets += 1
        out.print(_folder_line(ws, written, entries), markup=False)
    out.print(msg("preview_wrote", images=images, sheets=sheets, folder=_shown(base, ws.root) + "/"), markup=False)


def _remove_others(folder: Path, pages: list[Path]) -> None:
    """Remove the page images of documents the target no longer makes (a profile taken out of it)."""
    import re

    keep = {p.name for p in pages}
    for path in sorted(folder.glob("*-p*.png")):
        if re.fullmatch(r".+-p\d+\.png", path.name) and path.name not in keep:
            path.unlink()


def _stems(outputs) -> list[str]:
    """The page-image name of each output: its PDF's name, or its path when two outputs share a name."""
    stems = [PurePosixPath(o.path).stem for o in outputs]
    return [stem if stems.count(stem) == 1 else PurePosixPath(o.path).with_suffix("").as_posix().replace("/", "-")
            for stem, o in zip(stems, outputs)]


def _entry(ws, output, folder: Path, stem: str, dpi: int):
    """The contact-sheet entry of one output, after writing its page images (or removing stale ones)."""
    from metier.proof.contact import Entry
    from metier.proof.pages import UnreadablePDF, remove_pages, write_pages

    entry = Entry(_name(ws, output), _detail(output), budget=getattr(output, "budget", None),
                  overflow=getattr(output, "overflow", None), warnings=list(output.warnings))
    if output.status not in ("built", "up to date"):
        remove_pages(folder, stem)
        entry.error = output.error or msg("proof_not_built")
        return entry
    try:
        entry.pages = write_pages(ws.root / output.path, folder, dpi, stem=stem)
    except UnreadablePDF as exc:
        remove_pages(folder, stem)
        entry.error = msg("preview_unreadable", reason=exc)
    except OSError as exc:  # the preview folder cannot be written: no preview at all
        raise MetierError(msg("write_failed", path=exc.filename or folder, reason=exc.strerror or exc)) from exc
    return entry


def _name(ws, output) -> str:
    """What the reviewer calls the document: the profile's title, else the target's title or kind."""
    from metier.text.typography import typeset

    language = ws.project.language
    if output.profile:
        profile = ws.profiles.get(output.profile)
        return typeset(profile.title, language) if profile is not None else output.profile
    target = ws.project.targets.get(output.target)
    if target is not None and getattr(target, "title", None):
        return typeset(target.title, language)
    if output.kind == "flyer-sheet":
        return msg("proof_kind_flyer_sheet", n=getattr(target, "n_up", 2))
    return msg(f"proof_kind_{output.kind}") if output.kind in ("brochure", "booklet") else output.target


def _detail(output) -> str:
    """The file name of an output, and how many profiles a brochure holds."""
    name = PurePosixPath(output.path).name
    if output.profile or not output.profiles:
        return name
    return f"{name} · {msg('proof_profiles', n=len(output.profiles))}"


def _titles(ws, target_id: str, campus_id: str) -> tuple[str, str]:
    """The contact sheet's title and subtitle: the campus and target, then the school."""
    from metier.build.targets import targets

    campus = ws.campuses.get(campus_id)
    campus_name = campus.name if campus is not None else campus_id
    kind = targets(ws)[target_id].kind
    title = msg("proof_title", campus=campus_name, target=target_id)
    shown = target_id + (msg("proof_kind", kind=kind) if kind != target_id else "")
    subtitle = msg("proof_subtitle", school=ws.project.school.name, target=shown, campus=campus_id)
    return title, subtitle


def _folder_line(ws, written: list[Path], entries) -> str:
    """One line per contact sheet: where it is and what it shows."""
    from metier.proof.contact import summary

    pngs = [p for p in written if p.suffix == ".png"]
    more = ""
    if len(pngs) > 1:
        names = (", ".join(p.name for p in pngs[1:]) if len(pngs) <= 4 else
                 msg("preview_sheet_range", first=pngs[1].name, last=pngs[-1].name))
        more = msg("preview_more_sheets", names=names, pdf=written[-1].name)
    return msg("preview_folder", sheet=_shown(pngs[0], ws.root), summary=", ".join(summary(entries)), more=more)
