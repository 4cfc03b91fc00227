"""``layout.yaml``: what a layout is, which layout it extends, its page size and budget."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from metier.model.common import Strict, Text


class Layout(Strict):
    """A layout folder's settings. Layouts are data (templates, CSS, fonts), not code."""

    name: Text = Field(description="The layout's name (its folder name).")
    description: Text = Field(description="What the layout makes, in one line.")
    extends: Text | None = Field(default=None, description="The layout whose templates and assets this one falls back on.")
    template: Text | None = Field(default=None, description="The template rendered for one output, e.g. sheet.html.j2.")
    page_size: Literal["A4", "A5"] = Field(default="A4", description="Paper size of the output.")
    page_budget: int | None = Field(default=None, ge=1, le=64, description="The most pages one output may take; more is reported.")
    entry_budget: int | None = Field(default=None, ge=1, le=8,
                                     description="In a document of many profiles (a brochure), the most pages one profile may take.")
