"""``metier import``: profile skeletons from other organisations' job data.

``metier import onisep FILE.csv`` reads ONISEP's Idéo-métiers export; the
work is :mod:`metier.importers.onisep`, this module only prints what it did.
Rows skipped for a reason of their data (no ROME code, several codes...) are
reported, not failures: the exit code is 0. A file that is not an export, or
``--only`` / ``--domain`` values that match nothing, exit 1 with nothing
written.
"""

from __future__ import annotations

from pathlib import Path

import click

from metier.cli import EXIT_OK, _usable_workspace, cli, err, out
from metier.messages import msg


@cli.group("import")
def import_group():
    """Write profile skeletons from another organisation's job data."""


@import_group.command("onisep", short_help="Profile skeletons from ONISEP's Idéo-métiers export (CSV).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--only", "only", multiple=True, metavar="ID",
              help="Only this métier: its ONISEP id (MET.299) or profile id (repeatable, or a,b).")
@click.option("--domain", metavar="TEXT", help="Only the métiers whose domain or sub-domain contains TEXT "
                                                "(case and accents ignored), e.g. \"énergies\".")
@click.option("--force", is_flag=True, help="Replace profiles that exist and differ from what the import writes.")
@click.pass_context
def onisep(ctx, file, only, domain, force):
    """Write profiles/<id>.yaml for each métier of ONISEP's Idéo-métiers export FILE.csv.

    Every métier becomes a profile: its title and feminine form, its ONISEP
    domain as category and its link as source, and, when its ROME code is
    known, every section the bundled ROME 4.60 content fills; the rest is
    marked « À RÉDIGER » for you to write. With several ROME codes the first
    is used (metier check: rome-choose); with none, or a domain such as K15,
    the profile has no code (rome-missing). A profile you edited is never
    replaced without --force; importing the same file again changes nothing.
    ROME labels come from the bundled referential, or from the folder set by
    refdata: in metier.yaml.

    \b
    Examples:
      metier import onisep ideo-metiers.csv
      metier import onisep ideo-metiers.csv --domain "énergies"
      metier import onisep ideo-metiers.csv --only MET.234 --only MET.307
    """
    from metier.importers.onisep import import_onisep
    from metier.refdata import referentials_for

    ws = _usable_workspace(ctx)
    referentials = referentials_for(ws.root, ws.project.refdata)
    report = import_onisep(file, ws.root, referentials, only=only, domain=domain, force=force)
    for outcome in report.outcomes:
        values = dict(file=outcome.file, onisep_id=outcome.onisep_id or "-", line=outcome.line)
        if outcome.status == "skipped":
            err.print(msg("import_skipped", name=outcome.name, reason=outcome.message, **values), markup=False,
                      style="yellow")
        else:
            out.print(msg(f"import_{outcome.status}", **values), markup=False)
            if outcome.message and outcome.status != "unchanged":
                out.print(msg("import_finding", file=outcome.file, note=outcome.message), markup=False)
    out.print(msg("import_summary", file=report.file, rows=report.rows, selected=report.selected,
                  **{status: report.count(status) for status in
                     ("written", "overwritten", "updated", "unchanged", "skipped")}),
              markup=False)
    if report.count("written") or report.count("overwritten") or report.count("updated"):
        out.print(msg("import_next"), markup=False)
    return EXIT_OK


@import_group.command("rome", short_help="Profiles filled from the bundled ROME referential, one per code.")
@click.argument("codes", nargs=-1, metavar="CODE...")
@click.option("--force", is_flag=True, help="Replace profiles that exist and differ, even ones you edited.")
@click.option("--update", is_flag=True, help="Show how the current referential changes the profiles written from "
                                              "ROME (those of CODE..., or all).")
@click.option("--apply", "apply_", is_flag=True, help="With --update: take the changes of the fields you have not edited.")
@click.pass_context
def rome(ctx, codes, force, update, apply_):
    """Write profiles/<id>.yaml for each ROME CODE (e.g. M1802), filled from the ROME referential.

    The id is made from the code's masculine title. Every section ROME can
    fill is filled, each with its source; the rest is marked « À RÉDIGER ».
    A profile you edited is never replaced (without --force); one that the
    import wrote and nobody edited is brought up to date; importing again
    changes nothing.

    With --update, each profile written from ROME whose texts or labels the
    current referential gives otherwise is listed with the differences;
    --apply takes them, field by field, leaving the fields you edited alone.

    \b
    Examples:
      metier import rome M1802 M1810
      metier import rome --update
      metier import rome --update --apply
    """
    from metier.importers.rome import import_rome, update_profiles
    from metier.refdata import referentials_for
    from metier.refdata.rome import bundled_content

    ws = _usable_workspace(ctx)
    referentials = referentials_for(ws.root, ws.project.refdata)
    if update:
        return _update(update_profiles(ws.root, bundled_content(), referentials, codes, apply=apply_), apply_)
    if not codes:
        raise click.UsageError(msg("import_rome_no_codes"))
    report = import_rome([c.strip().upper() for c in codes], ws.root, bundled_content(), referentials, force=force)
    for done in report.outcomes:
        if done.status == "skipped":
            err.print(msg(f"import_rome_kept_{done.reason}", file=done.file, code=done.label), markup=False,
                      style="yellow")
        else:
            out.print(msg(f"import_rome_{done.status}", file=done.file, code=done.label), markup=False)
    return EXIT_OK


def _update(updates, applied: bool):
    """Print each profile's changes as a diff of the field's YAML, then what was applied."""
    import difflib

    import yaml

    if not updates:
        out.print(msg("import_rome_update_none"), markup=False)
        return EXIT_OK
    for update in updates:
        for change in update.changes:
            out.print(msg("import_rome_update_field", file=update.file, code=update.code, field=change.field,
                          edited=msg("import_rome_update_edited") if change.edited else ""), markup=False)
            now = yaml.safe_dump(change.now, allow_unicode=True, sort_keys=False, width=100).splitlines()
            new = yaml.safe_dump(change.new, allow_unicode=True, sort_keys=False, width=100).splitlines()
            for line in list(difflib.unified_diff(now, new, "now", "ROME", lineterm="", n=1))[2:]:
                out.print(f"    {line}", markup=False)
        if update.applied:
            out.print(msg("import_rome_update_applied", file=update.file, fields=", ".join(update.applied)),
                      markup=False)
    if not applied and any(not c.edited for u in updates for c in u.changes):
        out.print(msg("import_rome_update_hint"), markup=False)
    return EXIT_OK
