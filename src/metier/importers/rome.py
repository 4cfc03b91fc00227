"""A profile written from the ROME referential: ``metier new profile ID --rome CODE`` and ``metier import rome``.

:func:`rome_profile` turns a :class:`~metier.refdata.rome.Fiche` into the text
of a profile that validates as it is: the introduction and missions from the
definition, the other titles and the domain in "Le métier", savoir-faire and
savoir-être as skills, knowledge and work contexts as sections of their own,
studies from the access text, sectors, related jobs from the mobility links
(by profile id when the workspace has a profile of that code, by title
otherwise), the ROME code and label, the FAP 2009 family of the DARES
crosswalk and DARES' median salary of that family as salary reference. A
comment above each filled text says where it came from, and ``attribution``
holds the credit line the licences ask for, printed on the sheet.

What ROME cannot know stays marked « À RÉDIGER »: the school's programmes,
its graduates' salaries, the study level, ratings, a testimonial.

:func:`import_rome` writes the profiles of several codes (see
:mod:`metier.importers.write` for what happens to a profile that exists).
This module never prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from metier.importers.provenance import record_line
from metier.refdata import Referentials
from metier.refdata.rome import Fiche, RomeContent

__all__ = ["MAX_KNOWLEDGE", "MAX_RELATED", "MAX_SKILLS", "ProfileUpdate", "RomeImport", "fresh_profile",
           "import_rome", "rome_profile", "update_profiles", "workspace_codes"]

TODO = "À RÉDIGER"
MAX_SKILLS = 12
"""Savoir-faire printed as technical skills: the core ones first (ROME's "Principale"), then ROME's order."""
MAX_KNOWLEDGE = 14
MAX_RELATED = 8
PAGE_URL = "https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"
"""France Travail's public page of a ROME code, written as the profile's ``source``."""


def _q(value) -> str:
    """*value* as a YAML flow scalar (JSON is YAML), every character kept."""
    return json.dumps(value, ensure_ascii=False)


def _block(key: str, text: str, indent: int = 0, comment: str = "") -> list[str]:
    """``key: |`` and *text* indented under it (a literal block: Markdown kept as written)."""
    pad = " " * indent
    head = f"{pad}{key}: |" + (f"   # {comment}" if comment else "")
    return [head] + [f"{pad}  {line}" if line else "" for line in text.splitlines()]


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _amount(value: int) -> str:
    """*value* with its thousands grouped by narrow no-break spaces, as French typography writes them."""
    return f"{value:,}".replace(",", "\u202f")


def _titles(names) -> str:
    names = list(names)
    return ", ".join(names[:-1]) + " et " + names[-1] if len(names) > 1 else "".join(names)


def workspace_codes(root: Path | str) -> dict[str, str]:
    """``{ROME code: profile id}`` of the profiles of the workspace at *root* (the first id of a code wins)."""
    import yaml

    codes: dict[str, str] = {}
    for path in sorted([*(Path(root) / "profiles").glob("*.yaml"), *(Path(root) / "profiles").glob("*.yml")]):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
            code = str(data["summary"]["rome"]["code"]).strip()
        except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError):
            continue
        codes.setdefault(code, path.stem)
    return codes


def _imported(root: Path | str) -> dict[str, str]:
    """``{ROME code: profile id}`` of the profiles an earlier ``import rome`` (or ``new profile --rome``) wrote."""
    from metier.importers.stamp import origin

    found: dict[str, str] = {}
    for path in sorted((Path(root) / "profiles").glob("*.y*ml")):
        try:
            head = path.read_text(encoding="utf-8-sig")[:400]
        except (OSError, UnicodeDecodeError):
            continue
        where = origin(head + "\n") or ""
        if where.startswith("rome "):
            found.setdefault(where.split()[1], path.stem)
    return found


def attribution_line(content: RomeContent, with_salary: bool, period: str = "") -> str:
    """The credit line printed on the sheet: ROME's licence notice, and DARES for the median salary."""
    rome = content.attribution["rome"]
    line = f"{rome['notice']} ({rome['licence']})"
    if with_salary:
        line += f" ; salaire médian : DARES, {period}"
    return line + "."


def rome_profile(fiche: Fiche, content: RomeContent, referentials: Referentials, *, profile_id: str = "",
                 codes: dict[str, str] | None = None, title: str | None = None, title_feminine: str | None = None,
                 category: str | None = None, tags=None, source: str | None = None,
                 alternatives=(), header: str = "", attribution: str | None = None, label: str | None = None) -> str:
    """The text of the profile of *fiche* (see the module's docstring), without its import stamp.

    *codes* maps ROME codes to the workspace's profile ids, for related jobs
    (the profile's own id, *profile_id*, is never its own related job).
    *title*, *title_feminine*, *category*, *tags* and *source* replace ROME's
    (an ONISEP import keeps ONISEP's); *alternatives* are other ROME codes a
    source gave (kept in ``summary.rome.alternatives``); *header* is a
    comment saying who wrote the file; *attribution* replaces the credit line
    (an ONISEP import credits ONISEP too); *label* replaces the code's label
    (the one of the workspace's referential, ``refdata:``, when it has one).
    """
    codes = codes or {}
    version = content.version
    origin = f"ROME {version} {fiche.code}"
    salary = content.salary(fiche.fap[0]) if fiche.fap else None
    lines = ["# yaml-language-server: $schema=../schemas/profile.schema.json"]
    lines += [f"# {line}" if line else "#" for line in (header or (
        f"Written by `metier new profile --rome {fiche.code}` from the ROME {version} referential\n"
        f"(Source : France Travail, ROME v{version}, Licence Ouverte 2.0) and DARES's median salaries.")).splitlines()]
    lines += [
        "# Each filled text names its source in the comment above it; edit them freely: an import never",
        f"# overwrites a profile you have edited. What is marked « {TODO} » is still to be written.",
        "",
        f"title: {_q(title or fiche.title.masculine)}",
    ]
    feminine = title_feminine if title is not None else fiche.title.feminine
    if feminine:
        lines.append(f"title_feminine: {_q(feminine)}")
    lines.append(f"category: {_q(category or fiche.domain_label or fiche.label)}"
                 + ("" if category else f"   # ROME domaine professionnel {fiche.domain}"))
    sector_tags = [s.label for s in fiche.sectors if s.principal] or [s.label for s in fiche.sectors[:1]]
    lines.append(f"tags: {_q(list(tags) if tags is not None else sector_tags)}")
    lines.append("updated:                      # the date you checked the facts, YYYY-MM-DD")
    lines.append(f"source: {_q(source or PAGE_URL.format(code=fiche.code))}")
    credit = attribution or attribution_line(content, salary is not None, salary.period if salary else "")
    lines.append(f"attribution: {_q(credit)}")
    lines.append("")

    lines.append(f"# {origin}, définition")
    lines += _block("introduction", fiche.definition[0] if fiche.definition else f"{TODO} : une ou deux phrases.")
    lines.append("")
    lines += _summary(fiche, content, referentials, salary, alternatives, label)
    lines.append("")

    job = []
    if fiche.domain_label:
        job.append(f"Ce métier relève du domaine professionnel « {fiche.domain_label} » ({fiche.domain}) "
                   f"du ROME, fiche {fiche.code} « {fiche.label} ».")
    if fiche.titles:
        shown = [t.label for t in fiche.titles[:10]]
        job.append(f"On l'appelle aussi : {_titles(shown)}.")
    lines.append(f"# {origin}, domaine et appellations")
    lines += _block("job", "\n\n".join(job) or f"{TODO} : en quoi consiste le métier.")
    lines.append("")
    if len(fiche.definition) > 1:
        missions, said = _bullets(_sentence(s) for s in fiche.definition[1:]), "définition"
    else:
        core = [s.label for s in fiche.savoir_faire if s.core][:6] or [s.label for s in fiche.savoir_faire[:6]]
        missions, said = (_bullets(_sentence(s) for s in core), "savoir-faire principaux") if core else (
            f"{TODO} : les missions au quotidien.", "")
    if said:
        lines.append(f"# {origin}, {said}")
    lines += _block("missions", missions)
    lines.append("")

    lines.append(f"# {origin}, savoir-faire (les principaux d'abord) et savoir-être professionnels")
    lines.append("skills:")
    technical = [s.label for s in fiche.savoir_faire[:MAX_SKILLS]] or [f"{TODO} : une compétence technique par ligne."]
    lines.append("  technical:")
    lines += [f"    - {_q(item)}" for item in technical]
    behavioural = _bullets(s.label for s in fiche.savoir_etre) if fiche.savoir_etre else f"{TODO} : les savoir-être."
    lines += _block("behavioural", behavioural, indent=2)
    lines.append("")

    if fiche.access:
        lines.append(f"# {origin}, accès au métier")
        lines += _block("studies", " ".join(fiche.access))
    else:
        lines += _block("studies", f"{TODO} : le niveau d'études demandé.")
    lines.append("")
    lines += _block("training", f"{TODO} : les formations de l'école qui préparent à ce métier.")
    lines.append("")
    if fiche.sectors:
        lines.append(f"# {origin}, secteurs d'activité (le principal d'abord)")
        lines += _block("sectors", _bullets(
            s.label + (f" ({', '.join(s.sub)})" if s.sub else "") for s in fiche.sectors))
        lines.append("")
    if salary is not None:
        family = referentials.fap2009.get(salary.fap, salary.fap)
        lines.append(f"# DARES, salaire médian de la famille professionnelle {salary.fap} (FAP 2009), {salary.period}")
        lines += _block("salary", (
            f"Ce métier (ROME {fiche.code}) relève de la famille professionnelle « {family} » ({salary.fap}). "
            f"D'après la DARES, le salaire médian net des salariés à temps complet de cette famille était de "
            f"{_amount(salary.amount)} € par mois sur la période {salary.period}."))
    else:
        lines += _block("salary", f"{TODO} : le salaire, en quelques phrases.")
    lines.append("")
    targets = [code for code in fiche.mobility if code in content and code != fiche.code]
    if targets:
        names = [content.label(code) for code in targets[:3]]
        lines.append(f"# {origin}, mobilité professionnelle")
        lines += _block("career", f"Le ROME indique {len(targets)} métiers vers lesquels on peut évoluer, "
                                  f"notamment : {_titles(names)}.")
    else:
        lines += _block("career", f"{TODO} : les évolutions de carrière.")
    lines.append("")
    lines.append("programmes: []                # À RÉDIGER : ids of programmes/<id>.yaml that lead to the job")
    if targets:
        lines.append(f"# {origin}, mobilité professionnelle: a profile id when the workspace has that job")
        lines.append("related:")
        for code in [c for c in targets if codes.get(c) != profile_id][:MAX_RELATED]:
            lines.append(f"  - {codes[code]}" if code in codes else f"  - title: {_q(content.label(code))}")
    else:
        lines.append("related: []                   # profile ids, or \"- title: ...\" for a job without a profile")
    extra = _extra_sections(fiche, origin)
    if extra:
        lines.append("")
        lines += extra
    lines.append("")
    lines.append("# Optional sections: responsibilities, qualities, bac, recruiters, advantages, drawbacks,")
    lines.append("# testimonials (a graduate's words: À RÉDIGER when you have one).")
    text = "\n".join(lines) + "\n"
    first, rest = text.split("\n", 1)
    return f"{first}\n{record_line(text, fiche.code, version)}\n{rest}"


def fresh_profile(code: str, content: RomeContent, referentials: Referentials) -> str:
    """What the current referential writes for ROME *code* (the fields :mod:`metier.importers.provenance` tracks
    depend on nothing else), to compare with a profile written from an earlier one."""
    return rome_profile(content.fiche(code), content, referentials, label=referentials.rome_label(code))


def _summary(fiche: Fiche, content: RomeContent, referentials: Referentials, salary, alternatives,
             label: str | None = None) -> list[str]:
    lines = [
        "summary:                      # the \"En résumé\" box",
        "  # Left empty, a fact is not printed: write it once you know it.",
        "  study_level:                # À RÉDIGER : years of study after the bac (5 for Bac+5)",
        "  recommended_bac:            # À RÉDIGER : e.g. \"Général, spécialités scientifiques\"",
        "  employability:              # À RÉDIGER : low, fair, good, very-good or excellent",
        "  mobility:                   # À RÉDIGER : low, fair, good, very-good or excellent",
    ]
    basis = "net" if salary is not None else "gross"
    lines.append(f"  salary_starting: {{amount: 0, currency: EUR, period: month, basis: {basis}}}      # À RÉDIGER")
    lines.append(f"  salary_experienced: {{amount: 0, currency: EUR, period: month, basis: {basis}}}   # À RÉDIGER")
    if salary is not None:
        family = referentials.fap2009.get(salary.fap, "")
        lines += [
            f"  # DARES, salaire médian net mensuel des salariés à temps complet, famille {salary.fap}, {salary.period}",
            "  salary_reference:",
            f"    amount: {{amount: {salary.amount}, currency: EUR, period: month, basis: net}}",
            f"    label: {_q(f'Salaire médian de la famille « {family} »' if family else 'Salaire médian de la famille')}",
            f"    source: {_q(f'DARES, salaires médians par famille professionnelle ({salary.fap}), {salary.period}')}",
            f"    year: {salary.year}",
            f"    url: {_q(content.attribution['dares']['source_url'])}",
        ]
    rome = f"{{code: {_q(fiche.code)}, label: {_q(label or fiche.label)}"
    if alternatives:
        rome += f", alternatives: {_q(list(alternatives))}"
    lines.append(f"  rome: {rome}}}   # ROME {content.version}")
    if fiche.fap:
        code = fiche.fap[0]
        others = f"; the crosswalk also gives {', '.join(fiche.fap[1:])}" if len(fiche.fap) > 1 else ""
        lines.append(f"  fap: {{code: {_q(code)}, label: {_q(referentials.fap2009.get(code, code))}}}"
                     f"   # FAP 2009, DARES crosswalk to ROME{others}")
    else:
        lines.append("  fap: {code: Z, label: \"Non renseigné ou autre\"}   # À RÉDIGER : the FAP family, e.g. M2X90")
    return lines


def _extra_sections(fiche: Fiche, origin: str) -> list[str]:
    lines = []
    if fiche.knowledge:
        lines.append(f"  # {origin}, savoirs (les principaux d'abord)")
        lines.append("  - title: \"Connaissances\"")
        lines += _block("body", _bullets(s.label for s in fiche.knowledge[:MAX_KNOWLEDGE]), indent=4)
    if fiche.contexts:
        groups: dict[str, list[str]] = {}
        for kind, label in fiche.contexts:
            groups.setdefault(kind or "Autres", []).append(label)
        lines.append(f"  # {origin}, contextes de travail")
        lines.append("  - title: \"Conditions de travail\"")
        lines += _block("body", _bullets(f"**{kind}** : {', '.join(labels)}" for kind, labels in groups.items()),
                        indent=4)
    return ["extra_sections:"] + lines if lines else []


@dataclass
class RomeImport:
    """What :func:`import_rome` did: one :class:`~metier.importers.write.Written` per code, in the order given."""

    outcomes: list = field(default_factory=list)


def import_rome(codes, root: Path | str, content: RomeContent, referentials: Referentials, *,
                force: bool = False, profile_id: str | None = None, title: str | None = None) -> RomeImport:
    """Write the profile of each ROME code of *codes* in ``<root>/profiles/``.

    Each profile id is the one an earlier ``import rome`` of that code wrote,
    else the slug of the code's masculine title, with ``-<code>`` when a
    profile of another code has that id; *profile_id* names the one profile to write (``metier new
    profile ID --rome CODE``). Raises :class:`MetierError`, writing nothing, when a code
    is not in the referential.
    """
    from metier.importers.write import write_profile
    from metier.importers.stamp import stamp
    from metier.text.slug import slug

    root = Path(root)
    fiches = list({f.code: f for f in (content.fiche(code) for code in codes)}.values())  # all checked first
    known = workspace_codes(root)
    imported = _imported(root)
    planned: dict[str, str] = {}
    taken = {pid: code for code, pid in known.items()}
    for fiche in fiches:
        pid = profile_id or imported.get(fiche.code) or slug(fiche.title.masculine)
        if taken.get(pid, fiche.code) != fiche.code or pid in planned.values():
            pid = f"{pid}-{fiche.code.lower()}"  # two codes with one title: the second gets its code
        planned[fiche.code] = pid
        taken.setdefault(pid, fiche.code)
        known.setdefault(fiche.code, pid)
    texts = []  # every text made before anything is written: a problem leaves the workspace as it was
    for fiche in fiches:
        pid = planned[fiche.code]
        text = rome_profile(fiche, content, referentials, profile_id=pid, codes=known, title=title,
                            title_feminine=None if title else fiche.title.feminine,
                            label=referentials.rome_label(fiche.code))
        texts.append((fiche, pid, stamp(text, f"rome {fiche.code}")))
    report = RomeImport()
    for fiche, pid, text in texts:
        report.outcomes.append(write_profile(root, pid, text, force=force, label=fiche.code))
    return report


@dataclass
class ProfileUpdate:
    """The referential's changes to one profile written from ROME, and whether they were applied."""

    file: str
    code: str
    changes: list
    applied: list = field(default_factory=list)
    """The fields replaced (only fields the user had not edited)."""


def update_profiles(root: Path | str, content: RomeContent, referentials: Referentials, codes=(), *,
                    apply: bool = False) -> list[ProfileUpdate]:
    """The profiles of *root* written from ROME (those of *codes*, or all) that the current referential changes.

    With *apply*, each change to a field the user has not edited is written
    (the file patched value by value: comments and the user's other fields
    stay as they are); edited fields are never replaced.
    """
    from metier.build.writer import write_atomic
    from metier.importers.provenance import apply as apply_changes, changes, read_record
    from metier.importers.stamp import UNEDITED, restamp, state

    wanted = {c.strip().upper() for c in codes}
    updates = []
    fresh: dict[str, str] = {}
    folder = Path(root) / "profiles"
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        record = read_record(text)
        if record is None or record.code not in content or (wanted and record.code not in wanted):
            continue
        if record.code not in fresh:
            fresh[record.code] = fresh_profile(record.code, content, referentials)
        found = changes(text, fresh[record.code])
        if not found:
            continue
        update = ProfileUpdate(f"profiles/{path.name}", record.code, found)
        if apply and any(not c.edited for c in found):
            new = apply_changes(text, found, record.code, content.version)
            if state(text) == UNEDITED:
                new = restamp(new)
            write_atomic(path, new.encode("utf-8"))
            update.applied = [c.field for c in found if not c.edited]
        updates.append(update)
    return updates
