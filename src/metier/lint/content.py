"""Rules on what profiles say: salaries that contradict the summary, dates, sections, copy-paste slips, to-dos.

These read the typed models of the loaded workspace; findings are located at
the field they are about, so the message names the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import lru_cache

from metier.lint.registry import Context, Finding, rule
from metier.load.overlay import leaves
from metier.load.placeholders import TODO, todo_comment
from metier.messages import msg

_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+(?:[.,]\d+)?)\s*(k\s*€|k\s*euros?|€|euros?)",
                     re.IGNORECASE)
PERIODS_PER_YEAR = {"hour": 1607, "day": 218, "month": 12, "year": 1}


def text_amounts(text: str) -> list[float]:
    """The amounts of money written in *text*, in currency units ("45 k€" is 45000)."""
    amounts = []
    for number, unit in _AMOUNT.findall(text or ""):
        value = float(re.sub(r"[ \u00a0\u202f.]", "", number).replace(",", ".")) if re.search(
            r"[ \u00a0\u202f.]\d{3}$", number) else float(number.replace(",", "."))
        if unit.lower().startswith("k"):
            value *= 1000
        amounts.append(value)
    return amounts


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(a, b)


def _money(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0") + "\u00a0€"


@rule("salary-mismatch", "warning",
      "Salary amounts written in the salary text differ from the summary's by more than the tolerance.")
def salary_mismatch(ctx: Context):
    """The salary text and the summary disagree: the starting salary is compared with the lowest amount of the
    text, the experienced salary with the highest (a text with one amount: with that one, for both)."""
    tolerance = ctx.settings.salary_tolerance
    for _, path, profile in ctx.profiles():
        written = text_amounts(profile.salary or "")
        if not written:
            continue
        pairs = (("salary_starting", min(written)), ("salary_experienced", max(written)))
        single = len(set(written)) == 1
        for which, counterpart in pairs:
            money = getattr(profile.summary, which)
            if not money.amount:  # a placeholder still to write (to-be-written reports it), not a figure
                continue
            yearly = money.amount * PERIODS_PER_YEAR[money.period]
            candidates = (money.amount, yearly, yearly / 12)
            close = any(_close(w, c, tolerance) for w in (written if single else [counterpart]) for c in candidates)
            if single and not close:
                other = getattr(profile.summary, "salary_experienced" if which == "salary_starting" else "salary_starting")
                close = True if _close(counterpart, other.amount, tolerance) else close
            if not close:
                yield Finding(path, ("summary", which, "amount"),
                              msg("lint_salary_mismatch", field=which, amount=_money(money.amount),
                                  written=_money(counterpart), tolerance=round(tolerance * 100)))


@rule("updated-missing", "warning", "The profile has no update date (updated:).")
def updated_missing(ctx: Context):
    """No ``updated`` date: readers cannot tell how current the facts are."""
    for _, path, profile in ctx.profiles():
        if profile.updated is None:
            yield Finding(path, ("updated",), msg("lint_updated_missing"), key=True)


@rule("updated-old", "warning", "The update date is older than lint.max_age_months (default 24).")
def updated_old(ctx: Context):
    """An ``updated`` date older than the configured age."""
    months = ctx.settings.max_age_months
    today = ctx.settings.today or dt.date.today()
    for _, path, profile in ctx.profiles():
        if profile.updated is not None and (today.year - profile.updated.year) * 12 + today.month - profile.updated.month > months:
            yield Finding(path, ("updated",), msg("lint_updated_old", date=profile.updated.isoformat(), months=months))


@rule("event-past", "warning", "An event printed by a target is already over.")
def event_past(ctx: Context):
    """A target's event (a career fair) whose date has passed: the brochure would advertise it."""
    today = ctx.settings.today or dt.date.today()
    for tid, target in sorted((ctx.ws.project.targets if ctx.ws.project else {}).items()):
        if target.event is not None and (target.event.end or target.event.date) < today:
            yield Finding("metier.yaml", ("targets", tid, "event", "date"),
                          msg("lint_event_past", name=target.event.name, date=target.event.date.isoformat()))


@rule("programme-not-offered", "info", "None of a profile's programmes is taught on a campus that prints its sheet.")
def programme_not_offered(ctx: Context):
    """A profile whose programmes are all taught elsewhere: its sheet for that campus shows no programme table."""
    for _, path, profile in ctx.profiles():
        programmes = [ctx.ws.programmes[p] for p in profile.programmes if p in ctx.ws.programmes]
        if not programmes:
            continue
        for campus_id, campus in sorted(ctx.ws.campuses.items()):
            if not any(campus_id in programme.campuses for programme in programmes):
                yield Finding(path, ("programmes",), msg("lint_programme_elsewhere", campus=campus.name,
                                                          programmes=", ".join(profile.programmes)), key=True)


def _layout_settings(ctx: Context):
    from metier.render.layouts import resolve_layout

    return resolve_layout(ctx.ws.project.sheet_layout, ctx.ws.root).settings


def _section_text(profile, name: str) -> str:
    value = getattr(profile, name, None)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return " ".join(str(v) for v in value.model_dump().values() if v)


@rule("section-missing", "warning", "A section the sheet layout expects is missing or empty.")
def section_missing(ctx: Context):
    """A section the layout lists in ``expects`` has no text."""
    expected = _layout_settings(ctx).expects if ctx.ws.project else []
    for _, path, profile in ctx.profiles():
        for name in expected:
            if not _section_text(profile, name).strip():
                yield Finding(path, (name,), msg("lint_section_missing", section=name), key=True)


@rule("section-too-long", "warning", "A section is longer than the sheet layout's budget for it.")
def section_too_long(ctx: Context):
    """A section over the number of characters the layout's ``section_budget`` gives it."""
    budgets = _layout_settings(ctx).section_budget if ctx.ws.project else {}
    for _, path, profile in ctx.profiles():
        for name, budget in budgets.items():
            length = len(_section_text(profile, name))
            if length > budget:
                yield Finding(path, (name,), msg("lint_section_too_long", section=name, length=length, budget=budget))


@lru_cache(maxsize=1 << 16)
def _paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of *text*, each on one line with single spaces.

    Memoised: a resident caller (the studio, ``--watch``) runs the rules again
    on every change, over texts that, but for one profile's, have not changed.
    """
    found = (" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", text or ""))
    return tuple(normal for normal in found if normal)


@rule("duplicate-text", "warning", "The same paragraph appears in two profiles (a likely copy-paste slip).")
def duplicate_text(ctx: Context):
    """A paragraph of at least ``lint.min_duplicate_chars`` characters found in more than one profile."""
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pid, _, profile in ctx.all_profiles():
        for name in type(profile).model_fields:
            if name == "attribution":  # a credit line is the same on every sheet that borrows from one source
                continue
            value = getattr(profile, name)
            if isinstance(value, str):
                for paragraph in _paragraphs(value):
                    if len(paragraph) >= ctx.settings.min_duplicate_chars:
                        seen[paragraph].append((pid, name))
    for paragraph, places in seen.items():
        profiles = {pid for pid, _ in places}
        if len(profiles) < 2:
            continue
        for pid, name in places[1:]:
            first_pid, first_name = places[0]
            if pid != first_pid:
                yield Finding(f"profiles/{pid}.yaml", (name,),
                              msg("lint_duplicate_text", other=f"profiles/{first_pid}.yaml", field=first_name,
                                  start=paragraph[:50] + "…"))


@rule("to-be-written", "warning",
      "A field still holds a TODO or À RÉDIGER marker, in its text or in a comment on its line (new or imported profile).")
def to_be_written(ctx: Context):
    """Text still marked TODO (or « À RÉDIGER »), a value whose line has such a comment (a placeholder number or
    rating), or the FAP code "not specified": the profile is not finished."""
    from metier.refdata import FAP_NOT_SPECIFIED

    for _, path, profile in ctx.profiles():
        marked = set()
        for loc, value in leaves(profile.model_dump()):
            if isinstance(value, str) and TODO.search(value):
                marked.add(ctx.ws.documents[path].locate(loc)[0])
                yield Finding(path, loc, msg("lint_to_be_written"))
        if profile.summary.fap.code in FAP_NOT_SPECIFIED:
            marked.add(ctx.ws.documents[path].locate(("summary", "fap", "code"))[0])
            yield Finding(path, ("summary", "fap", "code"), msg("lint_to_be_written"))
        for number, comment in _todo_comments(ctx.lines(path)):
            if number not in marked:
                yield Finding(path, (), msg("lint_to_be_written_comment", comment=comment), line=number)


def _todo_comments(lines: list[str]):
    """``(line number, comment)`` of each YAML comment of *lines* that marks its line as still to be written."""
    for number, line in enumerate(lines, 1):
        comment = todo_comment(line)
        if comment:
            yield number, comment
