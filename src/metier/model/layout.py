"""``layout.yaml``: what a layout is, which layout it extends, its page size and budget."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from metier.model.common import Strict, Text


class Fit(Strict):
    """How far the fitting steps may go with this layout (see :mod:`metier.render.fitting`)."""

    min_body_size: float | None = Field(default=None, ge=5, le=14,
                                        description="The smallest body text size, in points, the size step may use "
                                                    "(default: none, the size step is not tried).")
    optional: list[Text] = Field(default_factory=list,
                                 description="Sections the optional step may leave out, by their class "
                                             "(e.g. related, pros-cons), tried together.")


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
    fit: Fit = Field(default_factory=Fit, description="Limits of the fitting steps a target may allow.")
    expects: list[Text] = Field(default_factory=list,
                                description="Profile sections this layout is designed around; a profile without one is "
                                            "reported by `metier check` (rule section-missing).")
    fill_min: float = Field(default=0.6, ge=0, le=1,
                            description="The share of a page's height that should hold something; a page filled less "
                                        "(but covers, dividers, notes and a last page) is reported. 0 turns it off.")
    grow_opening: float = Field(default=0, ge=0, le=120,
                                description="Up to this many millimetres the opening of a sheet (its photo or title band, "
                                            "grow_mm in the template) may grow when the sheet's last page is filled under "
                                            "fill_min, if the sheet keeps its page count. 0 (the default) turns it off.")
    section_budget: dict[Text, int] = Field(default_factory=dict,
                                            description="Most characters a profile section may have in this layout "
                                                        "(rule section-too-long), e.g. {introduction: 900}.")
