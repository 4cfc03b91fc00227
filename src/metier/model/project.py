"""The workspace settings file, ``metier.yaml``: school identity and defaults."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from metier.model.common import AssetPath, Id, Strict, Text, Url


class School(Strict):
    """The school that publishes the sheets."""

    name: Text = Field(description="Full name of the school as printed.")
    short_name: Text | None = Field(default=None, description="A short name for running headers (defaults to the name).")
    website: Url = Field(description="Web site of the school.")
    logo: AssetPath | None = Field(default=None, description="School logo, a file in the workspace (an SVG scales best).")


class Project(Strict):
    """Settings of a workspace: who publishes, in which language, with which layout."""

    school: School = Field(description="The school that publishes the sheets.")
    language: Literal["fr", "en"] = Field(default="fr", description="Language of printed labels, numbers and dates.")
    default_campus: Id | None = Field(default=None, description="Campus used when a command is given none (defaults to the first campus).")
    sheet_layout: Text = Field(default="job-sheet", description="Layout used for job sheets (a folder of layouts/ or a built-in layout).")
    strict: bool = Field(default=False, description="Treat warnings (such as a sheet over its page budget) as failures.")
