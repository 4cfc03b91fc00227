"""One render context per output: the profile, its campus, and what the page needs of them.

Resolving picks, for a (profile, campus) pair, the programmes taught at that
campus (in the profile's order), the titles of related jobs, the colours and
the contacts, so that templates only lay things out and never look data up.
"""

from __future__ import annotations

from dataclasses import dataclass

from metier.load.workspace import Workspace
from metier.model import Campus, Profile, Programme, Project


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


def sheet_context(ws: Workspace, profile_id: str, campus_id: str | None = None) -> SheetContext:
    """The :class:`SheetContext` of *profile_id* at *campus_id* (default campus when None)."""
    profile = ws.profile(profile_id)
    campus_id, campus = ws.campus(campus_id)
    here = ws.programmes_at(campus_id, profile.programmes)
    elsewhere = [(i, ws.programmes[i]) for i in profile.programmes if i in ws.programmes and (i, ws.programmes[i]) not in here]
    related = [
        RelatedTitle(ws.profiles[r.profile].title, r.profile) if r.profile else RelatedTitle(r.title)
        for r in profile.related
        if r.title or r.profile in ws.profiles
    ]
    return SheetContext(
        language=ws.project.language,
        project=ws.project,
        profile_id=profile_id,
        profile=profile,
        campus_id=campus_id,
        campus=campus,
        programmes=here,
        programmes_elsewhere=elsewhere,
        related=related,
        logo=campus.logo or ws.project.school.logo,
        accent=campus.colours.accent or campus.colours.primary,
    )
