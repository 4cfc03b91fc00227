"""``metier refdata derive``: rebuild the bundled ROME content from the published files (a release step).

The work is :mod:`metier.refdata.derive`; this module only prints what it wrote.
"""

from __future__ import annotations

from pathlib import Path

import click

from metier.cli import EXIT_OK, cli, out
from metier.messages import msg


@cli.group("refdata")
def refdata_group():
    """Maintain the reference data bundled with metier."""


@refdata_group.command("derive")
@click.argument("rome_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("fap_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write (default: the bundled rome-content.json.xz of this installation).")
@click.option("--version", "version", default="4.60", show_default=True, help="The ROME release of the files.")
@click.option("--retrieved", metavar="YYYY-MM-DD", default=None, help="The date the files were downloaded.")
def derive_command(rome_dir, fap_dir, output, version, retrieved):
    """Derive the compact ROME content file from the published ROME and DARES files.

    ROME_DIR holds France Travail's unix_*_v460_utf8.csv files (RefRomeCsv
    archive), FAP_DIR DARES's fap225_rome.csv and salaire_median_3niv.csv.

    \b
    Example (at release time, from the source checkout):
      metier refdata derive rome-v460/ fap/ --retrieved 2026-12-07 -o src/metier/refdata/rome-content.json.xz
    """
    from metier.refdata import bundled_dir
    from metier.refdata.derive import BUNDLE_NAME, derive, write_bundle

    bundle = derive(rome_dir, fap_dir, version=version, retrieved=retrieved)
    target = output or bundled_dir() / BUNDLE_NAME
    size = write_bundle(bundle, target)
    out.print(msg("derive_written", file=str(target), codes=len(bundle["codes"]), kb=round(size / 1024)),
              markup=False)
    return EXIT_OK
