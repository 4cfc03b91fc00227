"""A programme of the school (Bachelor, Master...): written once, referenced by id."""

from __future__ import annotations

from pydantic import Field

from metier.model.common import Id, Markdown, Strict, Text


class TableRow(Strict):
    """One row of the programme's table as printed: a label and its value."""

    label: Text = Field(description='The row heading, e.g. "Durée totale de formation".')
    value: Text = Field(description='The row value, e.g. "3 ans".')


class Programme(Strict):
    """A programme: typed facts metier uses, plus the table printed on job sheets."""

    name: Text = Field(description='The programme name as printed, e.g. "Bachelor Cybersécurité".')
    level: int = Field(ge=0, le=8, description="Years of study after the baccalauréat the diploma certifies (3 for Bac+3).")
    rncp_level: int | None = Field(default=None, ge=1, le=8, description="Level in the French national qualifications framework (RNCP), if registered.")
    duration_years: float = Field(gt=0, le=10, description="Total length of the programme in years.")
    campuses: list[Id] = Field(min_length=1, description="Ids of the campuses where the programme is taught.")
    summary: Markdown | None = Field(default=None, description="A short description printed above the table (Markdown).")
    table: list[TableRow] = Field(min_length=1, description="The rows printed in the programme's table, in order.")
