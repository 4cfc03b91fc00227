"""Typed models of the workspace files (pydantic v2).

Models describe facts, never formatting: an amount is a number with a currency,
a rating is one of a closed list, a reference is an id. Every field has a
``description`` so that ``metier schema`` gives editors useful autocompletion.
Models import nothing from rendering.
"""

from metier.model.campus import Campus
from metier.model.profile import Profile
from metier.model.programme import Programme
from metier.model.project import Project

KINDS = {"profile": Profile, "programme": Programme, "campus": Campus, "project": Project}

__all__ = ["KINDS", "Campus", "Profile", "Programme", "Project"]
