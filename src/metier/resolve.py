"""One render context per output: the profile(s), the campus, and what the page needs of them.

Resolving picks, for a (profile, campus) pair, the programmes taught at that
campus (in the profile's order), the titles of related jobs, the colours and
the contacts; for a brochure, the entries grouped by category, the programmes
with the jobs they lead to and the upcoming events. Templates only lay things
out and never look data up. A target's ``overrides`` are merged over its
campus here (:func:`target_campus`), with the same located errors as a campus file.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from metier.errors import DataError
from metier.load.overlay import Layer, Merged
from metier.load.placeholders import printed
from metier.load.validate import validate
from metier.load.workspace import PROJECT_FILE, Workspace, campus_layers
from metier.model import Campus, Profile, Programme, Project
from metier.model.campus import Event
from metier.model.project import Target


@dataclass(frozen=True)
class RelatedTitle:
    """A related job as printed: its title, and its profile id when the workspace has one."""

    title: str
    profile_id: str | None = None


@dataclass(frozen=True)
class SheetContext:
    """Everything a job-sheet template receives."""

    language: str
    project: Project
    profile_id: str
    profile: Profile
    campus_id: str
    campus: Campus
    programmes: list[tuple[str, Programme]]
    programmes_elsewhere: list[tuple[str, Programme]]
    related: list[RelatedTitle]
    logo: str | None
    accent: str

    def as_template_vars(self) -> dict:
        """The variables of the template, by name."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def sheet_context(ws: Workspace, profile_id: str, campus_id: str | None = None, campus: Campus | None = None,
                  language: str | None = None) -> SheetContext:
    """The :class:`SheetContext` of *profile_id* at *campus_id* (default campus when None).

    *campus* replaces the campus's data (a target's overrides merged in);
    *language* replaces the project's (a target's English edition).
    """
    profile = ws.profile(profile_id)
    campus_id, loaded = ws.campus(campus_id)
    campus = campus or loaded
    here = ws.programmes_at(campus_id, profile.programmes)
    elsewhere = [(i, ws.programmes[i]) for i in profile.programmes if i in ws.programmes and (i, ws.programmes[i]) not in here]
    related = [
        RelatedTitle(ws.profiles[r.profile].title, r.profile) if r.profile else RelatedTitle(r.title)
        for r in profile.related
        if r.title or r.profile in ws.profiles
    ]
    return SheetContext(
        language=language or ws.project.language,
        project=ws.project,
        profile_id=profile_id,
        profile=printed(ws, profile_id, profile),
        campus_id=campus_id,
        campus=campus,
        programmes=here,
        programmes_elsewhere=elsewhere,
        related=related,
        logo=campus.logo or ws.project.school.logo,
        accent=campus.colours.accent or campus.colours.primary,
    )


def campus_source(ws: Workspace, target_id: str, target: Target, campus_id: str) -> Merged:
    """The merged data of *campus_id* for a target, with provenance: defaults, campus file, ``overrides``."""
    if target.overrides is None or target_id not in ws.project.targets:
        return ws.campus_sources[campus_id]
    return campus_layers(ws, ws.documents[f"campuses/{campus_id}.yaml"],
                         Layer(ws.documents[PROJECT_FILE], ("targets", target_id, "overrides")))


def target_campus(ws: Workspace, target_id: str, target: Target, campus_id: str) -> Campus:
    """Campus *campus_id* as target *target_id* sees it: its ``overrides`` merged over the campus file."""
    _, campus = ws.campus(campus_id)
    if target.overrides is None:
        return campus
    value, issues = validate(campus_source(ws, target_id, target, campus_id), Campus)
    if issues:
        raise DataError(issues)
    return value


def build_date() -> dt.date:
    """The date a build is made on: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def entry_anchor(profile_id: str) -> str:
    """The element id of a profile's entry in a brochure."""
    return f"profile-{profile_id}"


@dataclass(frozen=True)
class Entry:
    """One profile in a brochure: its data, the campus's programmes leading to it, its anchor."""

    profile_id: str
    profile: Profile
    programmes: list[tuple[str, Programme]]

    @property
    def anchor(self) -> str:
        """The element id of the entry (tables of contents and bookmarks point at it)."""
        return entry_anchor(self.profile_id)


@dataclass(frozen=True)
class Part:
    """A category of a brochure: its divider and entries."""

    title: str
    number: int
    entries: list[Entry]

    @property
    def anchor(self) -> str:
        """The element id of the part's divider page."""
        return f"part-{self.number}"


@dataclass(frozen=True)
class ProgrammeOffer:
    """A programme taught at the campus and the brochure's jobs it leads to."""

    programme_id: str
    programme: Programme
    entries: list[Entry]


@dataclass(frozen=True)
class BrochureContext:
    """Everything a brochure or flyer template receives."""

    language: str
    project: Project
    target_id: str
    target: Target
    campus_id: str
    campus: Campus
    logo: str | None
    accent: str
    page_size: str
    parts: list[Part]
    offers: list[ProgrammeOffer]
    events: list[Event]
    date: dt.date

    @property
    def entries(self) -> list[Entry]:
        """Every entry, in brochure order."""
        return [e for part in self.parts for e in part.entries]

    def as_template_vars(self) -> dict:
        """The variables of the template, by name (``entries`` included)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["entries"] = self.entries
        return values


def brochure_context(ws: Workspace, target_id: str, target: Target, campus_id: str, profile_ids: list[str],
                     page_size: str = "A4") -> BrochureContext:
    """The :class:`BrochureContext` of a target at one campus, for the selected *profile_ids* (in order)."""
    campus = target_campus(ws, target_id, target, campus_id)
    entries = [Entry(pid, printed(ws, pid, ws.profiles[pid]), ws.programmes_at(campus_id, ws.profiles[pid].programmes))
               for pid in profile_ids]
    parts: list[Part] = []
    for entry in entries:
        if not parts or parts[-1].title != entry.profile.category:
            parts.append(Part(entry.profile.category, len(parts) + 1, []))
        parts[-1].entries.append(entry)
    offered = [pid for pid in sorted(ws.programmes) if campus_id in ws.programmes[pid].campuses]
    offers = [ProgrammeOffer(pid, ws.programmes[pid], [e for e in entries if pid in e.profile.programmes])
              for pid in offered]
    offers.sort(key=lambda o: (o.programme.level, o.programme.name))
    today = build_date()
    events = sorted((e for e in campus.events if (e.end or e.date) >= today), key=lambda e: e.date)
    return BrochureContext(
        language=target.language or ws.project.language, project=ws.project, target_id=target_id, target=target,
        campus_id=campus_id, campus=campus, logo=campus.logo or ws.project.school.logo,
        accent=campus.colours.accent or campus.colours.primary, page_size=page_size,
        parts=parts, offers=offers, events=events, date=today,
    )
