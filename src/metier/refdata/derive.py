"""The ROME content bundle derived from the published files (run at release time: ``metier refdata derive``).

France Travail publishes the ROME 4.60 referential as some twenty CSV files
(15 MB); DARES publishes the FAP 2009 to ROME crosswalk and the median
salaries per FAP family. :func:`derive` reads them as published (see
:func:`metier.refdata.read_table`: encodings, separators) and keeps, per ROME
code, what a fiche needs: definition and access texts, job titles, savoir-faire,
savoir-être, knowledge, work contexts, sectors, mobility links, domain, FAP
families; then :func:`write_bundle` writes it as one xz-compressed JSON file
(``rome-content.json.xz``, under 1 MB) with its attribution.

Published quirks are repaired here, where the files are read:

* SQL-style doubled apostrophes (``l''entretien``) become one apostrophe;
* a cp1252 character published as a C1 control code (``gros \x9cuvre``, F1703)
  becomes the character it stands for ("gros œuvre");
* whitespace is collapsed (cells carry line breaks and double spaces);
* flags written ``oui``/``non``, ``O``/``N``, ``Principale``/empty become booleans;
* a code listed in a sector twice (with and without a sub-sector, once
  ``principal: oui`` and once ``non``) is one sector, principal if any row says so;
* the crosswalk's ``NA`` rows and empty trailing rows are dropped.

The bundle keeps the item labels once (``items``, and ``context_types`` for
the work contexts) and each code lists item numbers (``core`` those ROME marks
"Principale"), so that 118,923 links weigh little.
"""

from __future__ import annotations

import json
import lzma
import re
from collections import defaultdict
from pathlib import Path

from metier.errors import MetierError
from metier.messages import msg
from metier.refdata.csvfile import Table, read_table

__all__ = ["BUNDLE_NAME", "FORMAT", "ROME_FILES", "FAP_FILES", "clean_text", "derive", "flag", "write_bundle"]

BUNDLE_NAME = "rome-content.json.xz"
"""The bundled file's name, in the ``metier.refdata`` package."""

FORMAT = 1
"""The version of the bundle's layout; :mod:`metier.refdata.rome` refuses another."""

ROME_FILES = {
    "codes": "unix_referentiel_code_rome_v{v}_utf8.csv",
    "texts": "unix_texte_v{v}_utf8.csv",
    "titles": "unix_referentiel_appellation_v{v}_utf8.csv",
    "mobility": "unix_rubrique_mobilite_v{v}_utf8.csv",
    "links": "unix_liens_rome_referentiels_v{v}_utf8.csv",
    "coherence": "unix_coherence_item_v{v}_utf8.csv",
    "items": "unix_item_v{v}_utf8.csv",
    "contexts": "unix_referentiel_contexte_travail_v{v}_utf8.csv",
    "sectors": "unix_arborescence_secteur_activite_v{v}_utf8.csv",
    "domains": "unix_cr_gd_dp_v{v}_utf8.csv",
}
"""The ROME files read, by role; ``{v}`` is the release without its dot (``460``)."""

FAP_FILES = {"crosswalk": "fap225_rome.csv", "salaries": "salaire_median_3niv.csv"}
"""The DARES files read from the FAP folder."""

ATTRIBUTION = {
    "rome": {
        "publisher": "France Travail",
        "title": "Répertoire Opérationnel des Métiers et des Emplois (ROME)",
        "licence": "Licence Ouverte / Open Licence 2.0",
        "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    },
    "dares": {
        "publisher": "DARES",
        "title": "Salaires médians par famille professionnelle (FAP 2009) et correspondance FAP 2009 - ROME",
        "note": "Salaire médian net mensuel des salariés à temps complet, hors apprentis et stagiaires.",
        "source_url": "https://github.com/StatDares/PortraitStatMetiers",
    },
}

_BLOCKS = {"5": {"1": "savoir_faire", "2": "savoir_etre", "3": "knowledge"}}
_CONTEXT_BLOCK = "6"
_TRUE = {"oui", "o", "y", "yes", "true", "1", "principale", "principal"}


def _c1(match) -> str:
    """A C1 control character left by a cp1252 text read as Latin-1 (``\x9c`` for "œ"), as cp1252 meant it."""
    return bytes([ord(match.group())]).decode("cp1252", errors="ignore")


def clean_text(text: str) -> str:
    """*text* as a fiche prints it: SQL-doubled apostrophes made single, cp1252 characters left as C1 control
    codes restored (``gros \x9cuvre`` is "gros œuvre"), other control characters dropped, whitespace collapsed."""
    text = re.sub(r"'{2,}", "'", text or "")
    text = re.sub(r"[\x80-\x9f]", _c1, text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return " ".join(text.split())


def flag(value: str) -> bool:
    """A published flag as a boolean: ``oui``, ``O``, ``Principale`` are true; ``non``, ``N`` and empty false."""
    return (value or "").strip().casefold() in _TRUE


def _table(folder: Path, name: str) -> Table:
    path = folder / name
    if not path.is_file():
        raise MetierError(msg("derive_missing_file", file=name, dir=folder.name or str(folder)))
    return read_table(path)


def _column(table: Table, *names: str) -> str:
    for name in names:
        if name in table.header:
            return name
    raise MetierError(msg("derive_missing_column", file=table.name, columns=", ".join(names)))


def _int(value: str, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return default


def derive(rome_dir: Path | str, fap_dir: Path | str, version: str = "4.60", retrieved: str | None = None) -> dict:
    """The bundle (a JSON-ready dict) of the ROME *version* files in *rome_dir* and the DARES files in *fap_dir*.

    *retrieved* is the date the files were downloaded (``YYYY-MM-DD``), kept
    in the attribution. Raises :class:`MetierError` naming the file when one
    is missing or lacks a column read.
    """
    rome_dir, fap_dir = Path(rome_dir), Path(fap_dir)
    v = version.replace(".", "")
    t = {role: _table(rome_dir, name.format(v=v)) for role, name in ROME_FILES.items()}
    codes: dict[str, dict] = {}
    for row in t["codes"].rows:
        code = row["code_rome"]
        if code and code not in codes:
            codes[code] = {
                "label": clean_text(row["libelle_rome"]), "parent": row.get("code_rome_parent") or code,
                "definition": [], "access": [], "titles": [], "savoir_faire": [], "savoir_etre": [],
                "knowledge": [], "core": [], "contexts": [], "sectors": [], "mobility": [], "domain": "", "fap": [],
            }
    sentences = defaultdict(list)
    for row in t["texts"].rows:
        kind = {"definition": "definition", "acces_metier": "access"}.get(row["libelle_type_texte"])
        if kind and row["code_rome"] in codes:
            sentences[(row["code_rome"], kind)].append((_int(row["position_phrase"]), clean_text(row["libelle_texte"])))
    for (code, kind), found in sentences.items():
        codes[code][kind] = [text for _, text in sorted(found) if text]
    for row in t["titles"].rows:
        code = row["code_rome"]
        if code in codes:
            title = clean_text(row["libelle_appellation_long"])
            if title and title not in codes[code]["titles"] and title != codes[code]["label"]:
                codes[code]["titles"].append(title)
    for code in codes.values():
        code["titles"].sort()
    moves = defaultdict(list)
    for row in t["mobility"].rows:
        if row["code_rome"] in codes and row["code_rome_cible"] in codes:
            moves[row["code_rome"]].append((_int(row["numero_ordre"]), row["code_rome_cible"]))
    for code, found in moves.items():
        codes[code]["mobility"] = list(dict.fromkeys(target for _, target in sorted(found)))
    core = {(row["code_rome"], row["code_ogr"]) for row in t["coherence"].rows if flag(row["coeur_metier"])}
    items = {row["code_ogr"]: clean_text(row["libelle"]) for row in t["items"].rows}
    context_types = {row["code_ogr"]: clean_text(row["libelle_type_cont_trav"]) for row in t["contexts"].rows}
    used: dict[str, str] = {}
    contexts: dict[str, str] = {}
    for row in t["links"].rows:
        code, block, rubric, ogr = row["code_rome"], row["code_compo_bloc"], row["code_rubrique"], row["code_ogr"]
        if code not in codes or ogr not in items:
            continue
        if block == _CONTEXT_BLOCK:
            kind = "contexts"
            if ogr in context_types:
                contexts[ogr] = context_types[ogr]
        elif block in _BLOCKS and rubric in _BLOCKS[block]:
            kind = _BLOCKS[block][rubric]
        else:
            continue
        if int(ogr) not in codes[code][kind]:
            codes[code][kind].append(int(ogr))
            if (code, ogr) in core:
                codes[code]["core"].append(int(ogr))
        used[ogr] = items[ogr]
    sectors = defaultdict(dict)
    for row in t["sectors"].rows:
        code = row["code_rome"]
        if code not in codes:
            continue
        label = clean_text(row["libelle_sect_activite"])
        entry = sectors[code].setdefault(label, {"label": label, "sub": [], "principal": False})
        sub = clean_text(row["libelle_ss_sect_activite"])
        if sub and sub not in entry["sub"]:
            entry["sub"].append(sub)
        entry["principal"] = entry["principal"] or flag(row["principal"])
    for code, found in sectors.items():
        codes[code]["sectors"] = sorted(found.values(), key=lambda s: (not s["principal"], s["label"]))
    domains = {}
    for row in t["domains"].rows:
        code = row["code_rome"]
        if code in codes:
            codes[code]["domain"] = row[_column(t["domains"], "code_domaine_professionel", "code_domaine_professionnel")]
            domains[codes[code]["domain"]] = clean_text(row[_column(
                t["domains"], "libelle_domaine_professionel", "libelle_domaine_professionnel")])
    crosswalk = _table(fap_dir, FAP_FILES["crosswalk"])
    fap_column, rome_column = _column(crosswalk, "Fap", "fap"), _column(crosswalk, "Rome", "rome")
    by_parent = defaultdict(list)
    for row in crosswalk.rows:
        fap, rome = row[fap_column].strip(), row[rome_column].strip()
        if fap and rome and rome.upper() != "NA" and fap not in by_parent[rome]:
            by_parent[rome].append(fap)
    for code, entry in codes.items():
        entry["fap"] = sorted(by_parent.get(code) or by_parent.get(entry["parent"], []))
    salaries_table = _table(fap_dir, FAP_FILES["salaries"])
    fap_col = _column(salaries_table, "Fap3", "fap3")
    year_col, value_col = _column(salaries_table, "Annee", "annee"), _column(salaries_table, "Salaire_median")
    salaries = defaultdict(dict)
    for row in salaries_table.rows:
        if row[fap_col] and row[value_col]:
            salaries[row[fap_col]][row[year_col]] = _int(row[value_col])
    attribution = json.loads(json.dumps(ATTRIBUTION))
    attribution["rome"].update(version=version, retrieved=retrieved,
                               notice=f"Source : France Travail, ROME v{version}")
    attribution["dares"].update(notice="Source : DARES, salaires médians par famille professionnelle")
    return {"format": FORMAT, "attribution": attribution, "domains": dict(sorted(domains.items())),
            "items": dict(sorted(used.items(), key=lambda kv: int(kv[0]))),
            "context_types": dict(sorted(contexts.items(), key=lambda kv: int(kv[0]))), "codes": codes,
            "salaries": dict(sorted(salaries.items()))}


def bundle_bytes(bundle: dict) -> bytes:
    """*bundle* as the bytes of the bundled file: compact JSON, xz-compressed (same input, same bytes)."""
    data = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return lzma.compress(data, preset=9 | lzma.PRESET_EXTREME)


def write_bundle(bundle: dict, path: Path | str) -> int:
    """Write *bundle* to *path* (see :func:`bundle_bytes`), atomically; return its size in bytes."""
    from metier.build.writer import write_atomic

    data = bundle_bytes(bundle)
    write_atomic(Path(path), data)
    return len(data)
