"""ONISEP's "Idéo-métiers" export made into profile skeletons (``metier import onisep``).

The export (ONISEP open data, Open Database Licence) is a CSV file, ``;``
separated, UTF-8 with a byte-order mark, one row per métier *and publication*,
with several values in a cell separated by ``|``. Each usable métier becomes
``profiles/<id>.yaml``: its title and feminine form, the ROME code with the
label of the ROME referential, its first domain as category, its sub-domains
as tags, the ONISEP link as source; everything else is a valid placeholder
marked « À RÉDIGER » (see ``templates/onisep-profile.yaml``).

Rows are skipped, each with its reason, when the métier has no ROME code,
several ROME codes (choosing one is the author's call), a 3-character ROME
domain (``K15``) instead of a code, a code the referential lacks, or no
ONISEP id; a métier's later rows (other publications) are duplicates of its
first. A profile is never replaced unless asked (``force``); a profile the
import would write identically is left untouched and reported ``unchanged``,
so that importing the same file twice changes nothing.

Profile ids are the ASCII slug of the masculine title (``chef-de-rayon``). A
profile already imported from the same ONISEP id keeps its id, whatever its
file is called; when two métiers share a slug, the first of the file (or the
one that already has the profile) gets it and the other one gets its ONISEP
number too (``chef-de-rayon-299``), whatever ``--only`` or ``--domain`` select.

This module never prints: :func:`import_onisep` returns an
:class:`ImportReport` for the command line to show.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from metier.errors import MetierError
from metier.messages import msg
from metier.model.common import ROME_PATTERN
from metier.refdata import Referentials, Table, column_key, read_table
from metier.text.slug import fold, slug
from metier.text.titles import capital as _capital, split_title

__all__ = ["COLUMNS", "ImportReport", "Metier", "Outcome", "TODO", "import_onisep", "read_export", "skeleton",
           "slug", "split_title"]

TODO = "À RÉDIGER"
"""The marker of what is still to be written, in texts and in the comments of values to set."""

COLUMNS = {
    "name": "libellé métier",
    "link": "lien site onisep.fr",
    "rome": "code ROME",
    "domain": "domaine/sous-domaine",
}
"""The columns of the export an import reads (matched ignoring case, accents and punctuation)."""

PUBLICATION = "nom publication"
STATUSES = ("written", "overwritten", "unchanged", "skipped")

_ONISEP_ID = re.compile(r"\b(MET\.\d+)\s*/?\s*$", re.IGNORECASE)
_ROME = re.compile(ROME_PATTERN)
_ROME_DOMAIN = re.compile(r"^[A-N][0-9]{2}$")
_SOURCE_LINE = re.compile(r"^source:.*?\b(MET\.\d+)\b", re.IGNORECASE | re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class Metier:
    """One métier of the export, as a profile will say it."""

    onisep_id: str
    """``MET.nnn``, the end of the ONISEP link."""
    name: str
    """The name as ONISEP writes it: ``chef / cheffe de rayon``."""
    title: str
    title_feminine: str | None
    category: str
    tags: tuple[str, ...]
    source: str
    rome_code: str
    rome_label: str
    line: int


@dataclass(frozen=True)
class Outcome:
    """What the import did with one row of the export.

    ``status`` is one of ``written`` (a new profile), ``overwritten``
    (replaced, with ``force``), ``unchanged`` (the profile is already what the
    import writes) or ``skipped``; a skipped row has a ``reason`` (``no-rome``,
    ``several-rome``, ``domain-code``, ``not-rome``, ``unknown-rome``,
    ``duplicate``, ``no-id``, ``no-name`` or ``exists``) and ``message``, the
    reason in words.
    """

    line: int
    onisep_id: str
    name: str
    status: str
    profile_id: str | None = None
    reason: str = ""
    message: str = ""
    file: str = ""
    """The profile's file, relative to the workspace (``profiles/<id>.yaml``), when the row has one."""


@dataclass
class ImportReport:
    """Every row's :class:`Outcome`, in file order, and how many rows the file has and the options selected."""

    file: str
    rows: int
    selected: int
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many rows ended with *status* (see :class:`Outcome`)."""
        return sum(o.status == status for o in self.outcomes)

    @property
    def skipped(self) -> list[Outcome]:
        """The rows skipped, with their reasons."""
        return [o for o in self.outcomes if o.status == "skipped"]


def read_export(path: Path | str) -> Table:
    """Read an Idéo-métiers export (see :func:`metier.refdata.read_table`); check it has the :data:`COLUMNS` needed.

    Raises :class:`MetierError` naming the missing columns when the file is
    not such an export.
    """
    table = read_table(path)
    found = {column_key(c) for c in table.header}
    missing = [name for name in COLUMNS.values() if column_key(name) not in found]
    if missing:
        raise MetierError(msg("import_not_onisep", file=table.name, columns=", ".join(missing)))
    return table


def _cell(table: Table, row: dict, column: str) -> str:
    key = column_key(column)
    for name in table.header:
        if column_key(name) == key:
            return row.get(name, "")
    return ""


def _domains(cell: str) -> list[tuple[str, str]]:
    """``(domain, sub-domain)`` pairs of a ``domaine/sous-domaine`` cell."""
    pairs = []
    for entry in cell.split("|"):
        domain, _, sub = entry.partition("/")
        if domain.strip():
            pairs.append((" ".join(domain.split()), " ".join(sub.split())))
    return pairs


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(i for i in items if i))


def _yaml(value) -> str:
    """*value* as a YAML flow scalar or list (JSON is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def skeleton(metier: Metier) -> str:
    """The text of the profile *metier* becomes: what ONISEP says, and placeholders marked :data:`TODO`."""
    template = resources.files("metier").joinpath("templates/onisep-profile.yaml").read_text("utf-8")
    values = {
        "onisep_id": metier.onisep_id,
        "title": _yaml(metier.title),
        "title_feminine": f"title_feminine: {_yaml(metier.title_feminine)}\n" if metier.title_feminine else "",
        "category": _yaml(metier.category),
        "tags": _yaml(list(metier.tags)),
        "source": _yaml(metier.source),
        "rome_code": _yaml(metier.rome_code),
        "rome_label": _yaml(metier.rome_label),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _existing(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """``({ONISEP id: profile id}, {profile id: ONISEP id or ""})`` of the profiles of the workspace."""
    by_onisep: dict[str, str] = {}
    owners: dict[str, str] = {}
    for path in sorted([*(root / "profiles").glob("*.yaml"), *(root / "profiles").glob("*.yml")]):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            owners[path.stem] = ""
            continue
        match = _SOURCE_LINE.search(text)
        onisep_id = match.group(1).upper() if match else ""
        owners[path.stem] = onisep_id
        if onisep_id:
            by_onisep.setdefault(onisep_id, path.stem)
    return by_onisep, owners


def _profile_id(metier: Metier, by_onisep: dict, owners: dict, claims: dict) -> str:
    """The id of *metier*'s profile: the one already imported from its ONISEP id, else its title's slug.

    The slug goes to the first métier of the file that has it (*claims*,
    whatever the options select) unless a profile of another ONISEP métier
    has it already; the others get ``<slug>-<ONISEP number>``.
    """
    if metier.onisep_id in by_onisep:
        return by_onisep[metier.onisep_id]
    base = slug(metier.title)
    if claims.get(base, metier.onisep_id) == metier.onisep_id and owners.get(base, "") in ("", metier.onisep_id):
        return base
    return f"{base}-{metier.onisep_id.split('.', 1)[1]}"


def _skip(line, onisep_id, name, reason, **values) -> Outcome:
    return Outcome(line, onisep_id, name, "skipped", reason=reason,
                   message=msg(f"import_skip_{reason.replace('-', '_')}", **values))


def _rome(codes: list[str], referentials: Referentials):
    """``(code, label)`` of a row's one ROME code, or ``(reason, values)`` of why it has none usable."""
    if not codes:
        return None, ("no-rome", {})
    if len(codes) > 1:
        return None, ("several-rome", {"codes": ", ".join(codes)})
    code = codes[0]
    if _ROME_DOMAIN.match(code):
        return None, ("domain-code", {"code": code})
    if not _ROME.match(code):
        return None, ("not-rome", {"code": code})
    label = referentials.rome_label(code)
    if label is None:
        return None, ("unknown-rome", {"code": code, "source": referentials.sources.get("rome", Path("ROME")).name})
    return (code, label), None


def _wanted(only) -> set[str]:
    """The ``--only`` values, split at commas; ONISEP ids written ``MET.nnn`` (or ``nnn``)."""
    wanted = set()
    for value in only or ():
        for item in str(value).split(","):
            item = item.strip()
            if item.isdigit():
                item = f"MET.{item}"
            if item:
                wanted.add(item.upper() if item.upper().startswith("MET.") else item)
    return wanted


def import_onisep(export: Path | str, root: Path | str, referentials: Referentials, *, only=(),
                  domain: str | None = None, force: bool = False) -> ImportReport:
    """Write a profile skeleton in ``<root>/profiles/`` for each usable métier of the export *export*.

    *only* keeps the métiers named by ONISEP id (``MET.299``, or ``299``) or
    by profile id (``chef-de-rayon``), several values allowed, also as
    ``a,b``; *domain* keeps those whose ``domaine/sous-domaine`` contains it
    (ignoring case and accents). *force* replaces profiles that exist and
    differ. ROME labels come from *referentials*.

    Returns the :class:`ImportReport`. Raises :class:`MetierError`, writing
    nothing, when the file is not an export, or when an *only* value or
    *domain* matches no row.
    """
    root = Path(root)
    table = read_export(export)
    wanted = _wanted(only)
    by_onisep, owners = _existing(root)
    rows = []
    for line, row in zip(table.lines, table.rows):
        name = " ".join(_cell(table, row, COLUMNS["name"]).split())
        link = _cell(table, row, COLUMNS["link"])
        found = _ONISEP_ID.search(link)
        rows.append((line, row, name, link, found.group(1).upper() if found else ""))
    claims: dict[str, str] = {}
    for _, _, name, _, onisep_id in rows:
        if name and onisep_id:
            claims.setdefault(slug(split_title(name)[0]), onisep_id)
    if domain is not None:
        folded = fold(domain)
        kept = [r for r in rows if folded in fold(_cell(table, r[1], COLUMNS["domain"]))]
        if not kept:
            domains = _unique(d for r in rows for d, _ in _domains(_cell(table, r[1], COLUMNS["domain"])))
            raise MetierError(msg("import_no_domain", domain=domain, file=table.name,
                                  domains=", ".join(sorted(domains))))
        rows = kept

    plans, outcomes, first_line = [], {}, {}
    matched = set()
    for line, row, name, link, onisep_id in rows:
        candidate = None
        if name:
            title, feminine = split_title(name)
            pairs = _domains(_cell(table, row, COLUMNS["domain"]))
            candidate = Metier(
                onisep_id=onisep_id, name=name, title=title, title_feminine=feminine,
                category=_capital(pairs[0][0]) if pairs else TODO,
                tags=_unique(sub for _, sub in pairs), source=link.strip(), rome_code="", rome_label="", line=line)
        ids = {onisep_id}
        if candidate is not None and onisep_id:
            base = slug(candidate.title)
            ids |= {base, f"{base}-{onisep_id.split('.', 1)[1]}", by_onisep.get(onisep_id, "")}
        if wanted and not (ids & wanted):
            continue
        matched |= ids & wanted
        if onisep_id and onisep_id in first_line:
            outcomes[line] = _skip(line, onisep_id, name, "duplicate", first=first_line[onisep_id])
            continue
        if onisep_id:
            first_line[onisep_id] = line
        if candidate is None:
            outcomes[line] = _skip(line, onisep_id, name, "no-name")
            continue
        if not onisep_id:
            outcomes[line] = _skip(line, onisep_id, name, "no-id", link=link or '""')
            continue
        codes = [c.strip() for c in _cell(table, row, COLUMNS["rome"]).split("|") if c.strip()]
        rome, problem = _rome(codes, referentials)
        if problem:
            reason, values = problem
            outcomes[line] = _skip(line, onisep_id, name, reason, **values)
            continue
        metier = replace(candidate, rome_code=rome[0], rome_label=rome[1])
        profile_id = _profile_id(metier, by_onisep, owners, claims)
        if profile_id in wanted:
            matched.add(profile_id)
        plans.append((metier, profile_id))
    unknown = sorted(wanted - matched)
    if unknown:
        raise MetierError(msg("import_only_unknown", ids=", ".join(unknown), file=table.name))

    for metier, profile_id in plans:
        outcomes[metier.line] = _write(root, metier, profile_id, force)
    report = ImportReport(file=table.name, rows=len(table.rows), selected=len(outcomes))
    report.outcomes = [outcomes[line] for line in sorted(outcomes)]
    return report


def _write(root: Path, metier: Metier, profile_id: str, force: bool) -> Outcome:
    """Write one profile unless it exists (identical: ``unchanged``; different: ``skipped`` without *force*)."""
    from metier.build.writer import write_atomic

    folder = root / "profiles"
    path = next((p for p in (folder / f"{profile_id}.yaml", folder / f"{profile_id}.yml") if p.exists()),
                folder / f"{profile_id}.yaml")
    data = skeleton(metier).encode("utf-8")
    shown = f"profiles/{path.name}"
    outcome = Outcome(metier.line, metier.onisep_id, metier.name, "written", profile_id=profile_id, file=shown)
    if path.exists():
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if same:
            return replace(outcome, status="unchanged")
        if not force:
            return replace(_skip(metier.line, metier.onisep_id, metier.name, "exists", file=shown),
                           profile_id=profile_id, file=shown)
        outcome = replace(outcome, status="overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return outcome

