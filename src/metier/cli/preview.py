"""``metier preview``: page images and contact sheets, so that a reviewer can check a target at a glance.

The target is built as ``metier build`` builds it (only what changed is
rendered again), then every PDF of each target and campus becomes PNG pages in
``out/preview/<target>/<campus>/`` and a contact sheet of their thumbnails,
``contact-sheet.png`` (``-2.png``... when it needs more pages) and
``contact-sheet.pdf`` for printing. An output that failed is on the contact
sheet as a placeholder with its error. Printing only: the drawing and writing
are :mod:`metier.proof` (:mod:`metier.proof.write`).
"""

from __future__ import annotations

from pathlib import Path

import click

from metier.cli import _shown, _usable_workspace, cli, err, out
from metier.errors import MetierError
from metier.messages import msg
from metier.proof.write import PREVIEW_DIR, SHEET_NAME, shown_outputs  # noqa: F401 - used by metier build --preview


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


def write_previews(ws, outputs, base: Path, dpi: int = 96) -> None:
    """Write the page images and contact sheet of each target and campus (:mod:`metier.proof.write`), and say where."""
    from metier.proof.write import write_previews as write

    proofs = write(ws, outputs, base, dpi)
    for proof in proofs:
        out.print(_folder_line(ws, proof.files, proof.entries), markup=False)
    out.print(msg("preview_wrote", images=sum(p.images for p in proofs), sheets=len(proofs),
                  folder=_shown(base, ws.root) + "/"), markup=False)


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
