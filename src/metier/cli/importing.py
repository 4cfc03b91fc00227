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

    Each profile has the métier's title and feminine form, its ROME code with
    the referential's label, its ONISEP domain as category and its link as
    source; the rest is marked « À RÉDIGER » for you to write. Rows without
    one ROME code of the referential are skipped, each with its reason. An
    existing profile is never replaced without --force; importing the same
    file again changes nothing. ROME labels come from the bundled ROME 4.60
    referential, or from the folder set by refdata: in metier.yaml.

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
    out.print(msg("import_summary", file=report.file, rows=report.rows, selected=report.selected,
                  **{status: report.count(status) for status in ("written", "overwritten", "unchanged", "skipped")}),
              markup=False)
    if report.count("written") or report.count("overwritten"):
        out.print(msg("import_next"), markup=False)
    return EXIT_OK
