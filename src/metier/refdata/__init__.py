"""The job referentials profiles cite: ROME codes (France Travail) and FAP families (DARES).

metier bundles three official files, as published (see ``ATTRIBUTION.md``):

* ``rome-v460-referentiel-code-rome.csv``: the codes of the ROME 4.0 job
  referential, release 4.60 (``M1802`` and its label);
* ``fap2009-libelles.csv``: the FAP 2009 families (``M2Z``, ``M2Z90``) and
  DARES' aggregate pseudo-codes (``Y``, ``Z``, ``ENS``...);
* ``fap2021-nomenclature.csv``: the FAP 2021 families at four levels
  (``M``, ``M2X``, ``M2X90``, ``M2X90a``).

A workspace may use newer official files of the same format: ``refdata: DIR``
in ``metier.yaml`` (or a command's ``--refdata DIR``) names a folder; each
file found there, under the bundled name or recognised by its columns,
replaces the bundled one, and the others stay bundled.

API: :func:`load_referentials` (a folder, or the bundled files),
:func:`referentials_for` (the folder a workspace asks for), the
:class:`Referentials` lookups (``rome_label``, ``fap``), :class:`FapEntry`,
and :func:`read_table` for any CSV file as published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from metier.errors import MetierError
from metier.messages import msg
from metier.refdata.csvfile import Table, read_table

__all__ = ["BUNDLED_FILES", "FAP_NOT_SPECIFIED", "FapEntry", "Referentials", "Table", "bundled_dir", "column_key",
           "load_referentials", "read_table", "referentials_for"]

BUNDLED_FILES = {
    "rome": "rome-v460-referentiel-code-rome.csv",
    "fap2009": "fap2009-libelles.csv",
    "fap2021": "fap2021-nomenclature.csv",
}
"""The file of each referential, by name; a ``refdata`` folder may hold files of these names."""

KIND_NAMES = {"rome": "ROME", "fap2009": "FAP 2009", "fap2021": "FAP 2021"}

FAP_NOT_SPECIFIED = frozenset({"Z", "ZZZ", "ZZZZZ"})
"""FAP 2009 pseudo-codes labelled "Non renseigné ou autre" (not filled in, or other), at each level.

A real code, so a profile that carries one is valid; :mod:`metier.importers`
writes ``Z`` when it cannot know a job's FAP family, for the user to replace.
"""

_FAP2009_LEVELS = {"domaine": 1, "fap87": 2, "fap225": 3}
_FAP2009_LENGTHS = {1: 1, 3: 2, 5: 3}


class FapEntry(NamedTuple):
    """One FAP code found in one nomenclature.

    ``nomenclature`` is ``"2009"`` or ``"2021"``; ``level`` counts from the
    domain down: 1 the 22 domains (``M``), 2 the 86 (2021) or 87 (2009)
    families (``M2X``, ``M2Z``), 3 the 228 (2021) or 225 (2009) families
    (``M2X90``, ``M2Z90``), 4 the 341 detailed families of FAP 2021 only
    (``M2X90a``). A FAP 2021 family that the 341 level does not divide keeps
    its code there (``A1X40`` at both levels) and is reported at level 3.
    """

    nomenclature: str
    code: str
    label: str
    level: int


@dataclass(frozen=True)
class Referentials:
    """The ROME codes and the FAP 2009 and 2021 families, each a ``{code: label}`` dict.

    ``sources`` names the file each referential was read from (a bundled file,
    or one of a ``refdata`` folder). The bundled referentials are loaded once
    and shared: read the dicts, never change them.
    """

    rome: dict[str, str]
    fap2009: dict[str, str]
    fap2021: dict[str, str]
    fap_levels: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    """The level of each FAP code, by ``(nomenclature, code)``: see :class:`FapEntry`."""
    sources: dict[str, Path] = field(default_factory=dict)

    def rome_label(self, code: str) -> str | None:
        """The label of ROME *code* (e.g. ``"M1802"``), or ``None`` when the referential has no such code."""
        return self.rome.get(str(code).strip())

    def fap(self, code: str) -> tuple[FapEntry, ...]:
        """Every FAP nomenclature that has *code*, newest first: ``()`` for an unknown code.

        Most codes belong to one nomenclature (FAP 2021 writes ``X`` where FAP
        2009 writes ``Z``: ``M2X90`` is 2021, ``M2Z90`` is 2009); the domain
        letters (``M``) are in both, with their label in each.
        """
        code = str(code).strip()
        found = []
        for nomenclature, table in (("2021", self.fap2021), ("2009", self.fap2009)):
            if code in table:
                found.append(FapEntry(nomenclature, code, table[code], self.fap_levels.get((nomenclature, code), 0)))
        return tuple(found)


def bundled_dir() -> Path:
    """The folder of the bundled reference files (inside the installed package)."""
    return Path(str(resources.files("metier.refdata")))


def load_referentials(directory: Path | str | None = None) -> Referentials:
    """The referentials of *directory*, completed by the bundled files; the bundled ones without it.

    In *directory*, a referential is read from the file of its bundled name
    (:data:`BUNDLED_FILES`) if there is one, else from the one CSV file whose
    columns are those of that referential (a newer release may be named
    ``unix_referentiel_code_rome_v461_utf8.csv``). A referential the folder
    lacks is the bundled one. Raises :class:`MetierError` when the folder does
    not exist, holds no referential at all, holds two candidates for one, or a
    file of a bundled name is not that referential.
    """
    return _load(directory, None if directory is None else str(directory))


def _load(directory, shown: str | None) -> Referentials:
    """:func:`load_referentials`, naming the folder *shown* in messages."""
    if directory is None:
        return _bundled()
    folder = Path(directory)
    if not folder.is_dir():
        raise MetierError(msg("refdata_no_folder", dir=shown))
    chosen = _choose_files(folder, shown)
    if not chosen:
        raise MetierError(msg("refdata_nothing", dir=shown, names=", ".join(BUNDLED_FILES.values())))
    bundled = _bundled()
    parts = {kind: _parse(kind, table) for kind, table in chosen.items()}
    rome = parts["rome"][0] if "rome" in parts else bundled.rome
    fap2009, levels09 = parts["fap2009"] if "fap2009" in parts else (bundled.fap2009, _levels_of(bundled, "2009"))
    fap2021, levels21 = parts["fap2021"] if "fap2021" in parts else (bundled.fap2021, _levels_of(bundled, "2021"))
    sources = {**bundled.sources, **{kind: folder / table.name for kind, table in chosen.items()}}
    return Referentials(rome=rome, fap2009=fap2009, fap2021=fap2021, fap_levels={**levels09, **levels21},
                        sources=sources)


def referentials_for(root: Path | str, setting: str | None = None, option: Path | str | None = None) -> Referentials:
    """The referentials a command uses in the workspace at *root*.

    *option* is a command's ``--refdata DIR`` (relative to the current
    folder); else *setting*, ``refdata`` of ``metier.yaml``, relative to the
    workspace; else the bundled files. Wire a command with
    ``referentials_for(ws.root, ws.project.refdata, refdata_option)``.
    """
    if option is not None:
        return _load(Path(option), str(option))
    if setting:
        return _load(Path(root) / setting, setting)
    return _bundled()


@lru_cache(maxsize=1)
def _bundled() -> Referentials:
    folder = bundled_dir()
    parts, sources = {}, {}
    for kind, name in BUNDLED_FILES.items():
        table = read_table(folder / name)
        if _kind_of(table.header) != kind:  # pragma: no cover - a broken installation
            raise MetierError(msg("refdata_not_that", file=name, kind=KIND_NAMES[kind], columns=", ".join(table.header)))
        parts[kind] = _parse(kind, table)
        sources[kind] = folder / name
    return Referentials(rome=parts["rome"][0], fap2009=parts["fap2009"][0], fap2021=parts["fap2021"][0],
                        fap_levels={**parts["fap2009"][1], **parts["fap2021"][1]}, sources=sources)


def _levels_of(refs: Referentials, nomenclature: str) -> dict:
    return {key: level for key, level in refs.fap_levels.items() if key[0] == nomenclature}


def _choose_files(folder: Path, shown: str) -> dict[str, Table]:
    """The table of each referential *folder* provides: the bundled name first, else the one file recognised."""
    chosen: dict[str, Table] = {}
    for kind, name in BUNDLED_FILES.items():
        if (folder / name).is_file():
            table = read_table(folder / name)
            if _kind_of(table.header) != kind:
                raise MetierError(msg("refdata_not_that", file=name, kind=KIND_NAMES[kind],
                                      columns=", ".join(table.header[:6])))
            chosen[kind] = table
    candidates: dict[str, list[Table]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv" or not path.is_file() or path.name in BUNDLED_FILES.values():
            continue
        try:
            table = read_table(path)
        except MetierError:
            continue  # not a referential: a folder may hold other files
        kind = _kind_of(table.header)
        if kind and kind not in chosen:
            candidates.setdefault(kind, []).append(table)
    for kind, tables in candidates.items():
        if len(tables) > 1:
            raise MetierError(msg("refdata_ambiguous", dir=shown, kind=KIND_NAMES[kind],
                                  files=", ".join(t.name for t in tables), name=BUNDLED_FILES[kind]))
        chosen[kind] = tables[0]
    return chosen


def column_key(column: str) -> str:
    """A column name compared loosely (case, accents, spaces and punctuation ignored): ``"Intitulé FAP 22"`` ->
    ``"intitule_fap_22"``. Columns of published files are renamed now and then; their words stay."""
    ascii_text = unicodedata.normalize("NFKD", column).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.casefold()).strip("_")


def _fap2021_columns(header) -> list[tuple[str, str]]:
    """The ``(code column, label column)`` pairs of a FAP 2021 file, from the domains down."""
    keys = {column_key(column): column for column in header}
    sizes = sorted(int(m.group(1)) for k in keys if (m := re.fullmatch(r"code_fap_(\d+)", k)))
    return [(keys[f"code_fap_{n}"], keys[f"intitule_fap_{n}"]) for n in sizes if f"intitule_fap_{n}" in keys]


def _kind_of(header) -> str | None:
    """Which referential a file with these columns is: ``rome``, ``fap2009``, ``fap2021`` or ``None``."""
    keys = {column_key(column) for column in header}
    if {"code_rome", "libelle_rome"} <= keys:
        return "rome"
    if {"code_fap", "libelle"} <= keys:
        return "fap2009"
    if _fap2021_columns(header):
        return "fap2021"
    return None


def _parse(kind: str, table: Table) -> tuple[dict[str, str], dict]:
    """``({code: label}, {(nomenclature, code): level})`` of a referential's table."""
    keys = {column_key(column): column for column in table.header}
    codes: dict[str, str] = {}
    levels: dict = {}
    if kind == "rome":
        for row in table.rows:
            code = row[keys["code_rome"]]
            if code and code not in codes:
                codes[code] = row[keys["libelle_rome"]]
    elif kind == "fap2009":
        level_column = keys.get("niveau")
        for row in table.rows:
            code = row[keys["code_fap"]]
            if code and code not in codes:
                codes[code] = row[keys["libelle"]]
                named = _FAP2009_LEVELS.get(column_key(row[level_column])) if level_column else None
                levels[("2009", code)] = named or _FAP2009_LENGTHS.get(len(code), 0)
    else:
        pairs = _fap2021_columns(table.header)
        for row in table.rows:
            for level, (code_column, label_column) in enumerate(pairs, start=1):
                code = row[code_column]
                if code and code not in codes:
                    codes[code] = row[label_column]
                    levels[("2021", code)] = level
    if not codes:
        raise MetierError(msg("refdata_empty", file=table.name, kind=KIND_NAMES[kind]))
    return codes, levels
