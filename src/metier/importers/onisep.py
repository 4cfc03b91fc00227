"""ONISEP's "Idéo-métiers" export made into profiles (``metier import onisep``).

The export (ONISEP open data, Open Database Licence) is a CSV file, ``;``
separated, UTF-8 with a byte-order mark, one row per métier *and publication*,
with several values in a cell separated by ``|``. Every métier becomes
``profiles/<id>.yaml``: its title and feminine form, its first domain as
category, its sub-domains as tags, the ONISEP link as source and, when its
ROME code is known, every section the bundled ROME content fills
(:mod:`metier.importers.rome`); what is left is a valid placeholder marked
« À RÉDIGER » (see ``templates/onisep-profile.yaml``).

ROME codes are taken by rule, never a reason to leave a métier out: with
several codes the first one of the referential is used and the others are
kept in ``summary.rome.alternatives`` (``metier check`` reports
``rome-choose``); with none, a 3-character ROME domain (``K15``), a code
that is not one or a code the referential lacks, the profile has no code
(``rome-missing``), and a comment says what ONISEP gave. Only rows that
cannot name a profile are skipped (no name, no ONISEP id), and a métier's
later rows (other publications), duplicates of its first.

Every profile written is stamped (:mod:`metier.importers.stamp`): importing
the same file again changes nothing, a profile nobody edited since is
brought up to date, and one the user edited (or wrote) is never replaced
unless asked (``force``).

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
STATUSES = ("written", "overwritten", "updated", "unchanged", "skipped")

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
    alternatives: tuple[str, ...] = ()
    """Other ROME codes ONISEP gives, after ``rome_code``."""
    rome_note: str = ""
    """Why the profile has no ROME code (or which codes were not used), in words, for its comment."""


@dataclass(frozen=True)
class Outcome:
    """What the import did with one row of the export.

    ``status`` is one of ``written`` (a new profile), ``overwritten``
    (replaced, with ``force``), ``updated`` (rewritten: nobody had edited
    it), ``unchanged`` (the profile is already what the import writes) or
    ``skipped``; a skipped row has a ``reason`` (``duplicate``, ``no-id``,
    ``no-name``, ``edited`` or ``exists``) and ``message``, the reason in
    words. A profile written with a ROME problem has ``finding``, the rule
    ``metier check`` reports it under (``rome-choose``, ``rome-missing``),
    and ``message`` says why.
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
    finding: str = ""


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


def read_export(path: Path | str | bytes, name: str | None = None) -> Table:
    """Read an Idéo-métiers export (see :func:`metier.refdata.read_table`); check it has the :data:`COLUMNS` needed.

    *path* is the file, or its bytes (an upload) that messages call *name*.
    Raises :class:`MetierError` naming the missing columns when the file is
    not such an export.
    """
    table = read_table(path, name)
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
        "rome": _rome_line(metier),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _rome_line(metier: Metier) -> str:
    """The ``rome:`` line of the summary, or a comment saying why the profile has none."""
    if not metier.rome_code:
        return f"  # rome: none yet: {metier.rome_note} [rome-missing]"
    alternatives = f", alternatives: {_yaml(list(metier.alternatives))}" if metier.alternatives else ""
    note = f"   # {metier.rome_note}" if metier.rome_note else ""
    return f"  rome: {{code: {_yaml(metier.rome_code)}, label: {_yaml(metier.rome_label)}{alternatives}}}{note}"


def profile_text(metier: Metier, referentials: Referentials, codes: dict[str, str], profile_id: str,
                 content=None) -> str:
    """The profile *metier* becomes: filled from ROME when its code is in *content*, else :func:`skeleton`."""
    from metier.importers.rome import attribution_line, rome_profile
    from metier.refdata.rome import bundled_content

    content = content or bundled_content()
    if not metier.rome_code or metier.rome_code not in content:
        return skeleton(metier)
    fiche = content.fiche(metier.rome_code)
    salary = content.salary(fiche.fap[0]) if fiche.fap else None
    header = (f"Imported by `metier import onisep` from ONISEP's Idéo-métiers, {metier.onisep_id}\n"
              f"(source: ONISEP, Open Database Licence), filled from the ROME {content.version} referential\n"
              f"(Source : France Travail, ROME v{content.version}, Licence Ouverte 2.0) and DARES's median salaries.")
    if metier.rome_note:
        header += f"\n{metier.rome_note}"
    credit = "Source : ONISEP, Idéo-métiers (ODbL) ; " + attribution_line(content, salary is not None,
                                                                            salary.period if salary else "")
    return rome_profile(fiche, content, referentials, profile_id=profile_id, codes=codes, title=metier.title,
                        title_feminine=metier.title_feminine, category=metier.category, tags=list(metier.tags),
                        source=metier.source, alternatives=metier.alternatives, header=header, attribution=credit,
                        label=metier.rome_label)


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


def _problem(code: str, referentials: Referentials) -> tuple[str, dict] | None:
    """Why *code* is not a usable ROME code (``(reason, values)``), or ``None`` when it is one of the referential."""
    if _ROME_DOMAIN.match(code):
        return "domain-code", {"code": code}
    if not _ROME.match(code):
        return "not-rome", {"code": code}
    if referentials.rome_label(code) is None:
        return "unknown-rome", {"code": code, "source": referentials.sources.get("rome", Path("ROME")).name}
    return None


def _rome(codes: list[str], referentials: Referentials):
    """``(code, label, alternatives, reason, values)`` of a row's ROME codes.

    The code is the first usable one ("" when none is); *alternatives* the
    other usable ones; *reason* ("" when there is nothing to say) names the
    problem, ``several-rome`` when there are alternatives, else the first
    code's problem (``no-rome`` without any code).
    """
    if not codes:
        return "", "", (), "no-rome", {}
    problems = {code: _problem(code, referentials) for code in codes}
    usable = [code for code in codes if problems[code] is None]
    if not usable:
        reason, values = problems[codes[0]]
        return "", "", (), reason, values
    code, others = usable[0], tuple(dict.fromkeys(c for c in usable[1:] if c != usable[0]))
    unused = [c for c in codes if problems[c] is not None]
    if others:
        return code, referentials.rome_label(code), others, "several-rome", {"codes": ", ".join(codes), "code": code}
    if unused:
        return code, referentials.rome_label(code), (), "unused-rome", {"codes": ", ".join(unused), "code": code}
    return code, referentials.rome_label(code), (), "", {}


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


def import_onisep(export: Path | str | bytes, root: Path | str, referentials: Referentials, *, only=(),
                  domain: str | None = None, force: bool = False, name: str | None = None) -> ImportReport:
    """Write a profile skeleton in ``<root>/profiles/`` for each usable métier of the export *export*.

    *export* is the file, or its bytes (a file uploaded in the studio) that
    messages and the report call *name*.

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
    table = read_export(export, name)
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
        codes = [c.strip().upper() for c in _cell(table, row, COLUMNS["rome"]).split("|") if c.strip()]
        code, label, others, reason, values = _rome(codes, referentials)
        note = msg(f"import_note_{reason.replace('-', '_')}", **values) if reason else ""
        metier = replace(candidate, rome_code=code, rome_label=label or "", alternatives=others, rome_note=note)
        profile_id = _profile_id(metier, by_onisep, owners, claims)
        if profile_id in wanted:
            matched.add(profile_id)
        plans.append((metier, profile_id))
    unknown = sorted(wanted - matched)
    if unknown:
        raise MetierError(msg("import_only_unknown", ids=", ".join(unknown), file=table.name))

    from metier.importers.rome import workspace_codes

    known = workspace_codes(root)
    for metier, profile_id in plans:
        if metier.rome_code:
            known.setdefault(metier.rome_code, profile_id)
    for metier, profile_id in plans:
        outcomes[metier.line] = _write(root, metier, profile_id, force,
                                       profile_text(metier, referentials, known, profile_id))
    report = ImportReport(file=table.name, rows=len(table.rows), selected=len(outcomes))
    report.outcomes = [outcomes[line] for line in sorted(outcomes)]
    return report


def _write(root: Path, metier: Metier, profile_id: str, force: bool, text: str) -> Outcome:
    """Write one profile (see :func:`metier.importers.write.write_profile`: an edited one is kept)."""
    from metier.importers.stamp import stamp
    from metier.importers.write import write_profile

    done = write_profile(root, profile_id, stamp(text, f"onisep {metier.onisep_id}"), force=force,
                         label=metier.onisep_id)
    if done.status == "skipped":
        return replace(_skip(metier.line, metier.onisep_id, metier.name, done.reason, file=done.file),
                       profile_id=profile_id, file=done.file)
    finding = "rome-choose" if metier.alternatives else ("rome-missing" if not metier.rome_code else "")
    return Outcome(metier.line, metier.onisep_id, metier.name, done.status, profile_id=profile_id, file=done.file,
                   finding=finding, message=metier.rome_note)
