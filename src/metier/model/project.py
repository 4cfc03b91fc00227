"""The workspace settings file, ``metier.yaml``: school identity, campus defaults, build targets."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from metier.model.campus import CampusDefaults, Event
from metier.model.common import AssetPath, IccPath, Id, Strict, Text, Url


class School(Strict):
    """The school that publishes the sheets."""

    name: Text = Field(description="Full name of the school as printed.")
    short_name: Text | None = Field(default=None, description="A short name for running headers (defaults to the name).")
    website: Url = Field(description="Web site of the school.")
    logo: AssetPath | None = Field(default=None, description="School logo, a file in the workspace (an SVG scales best).")


VARIANTS = ("screen", "press")


class Press(Strict):
    """How press files are made: the PDF/X standard, bleed, crop marks and the printer's colour profile."""

    standard: Literal["pdf/x-4", "pdf/x-1a"] = Field(
        default="pdf/x-4", description="pdf/x-4 (transparency kept), or pdf/x-1a for a printer that asks for it "
                                       "(translucent colours are then mixed with white paper and opacity dropped).")
    bleed: float = Field(default=3, ge=0, le=10, description="Bleed in millimetres: how far backgrounds and bands "
                                                            "run past the trimmed edge.")
    marks: bool = Field(default=True, description="Draw crop marks (and fold marks on booklets) outside the bleed.")
    profile: IccPath | None = Field(default=None, description="The printer's CMYK ICC output profile, a file in the "
                                                                "workspace (default: the bundled FOGRA39 coated profile).")
    condition: Text | None = Field(default=None, description="The printing condition the profile stands for, as the "
                                                             "printer names it, e.g. FOGRA51 (default: FOGRA39 for the "
                                                             "bundled profile, Custom for the workspace's own).")


KINDS = ("sheets", "brochure", "booklet", "flyers")
DEFAULT_LAYOUTS = {"brochure": "brochure", "booklet": "brochure", "flyers": "flyer"}
"""The layout of each kind when a target names none (sheets use ``sheet_layout``)."""


class Target(Strict):
    """One build target: what to make (kind), for which campus, with which profiles, in which order."""

    kind: Literal["sheets", "brochure", "booklet", "flyers"] = Field(
        description="sheets: one PDF per profile; brochure: one document; booklet: the A5 brochure "
                    "imposed for saddle-stitching; flyers: one A5 page per profile and an n-up sheet.")
    campus: Id | None = Field(default=None, description="The campus it is for (default: every campus, one output set each).")
    title: Text | None = Field(default=None, description="Title printed on a brochure's cover (default: the label brochure_title).")
    event: Event | None = Field(default=None, description="The event it is printed for (name, date, venue), shown on the cover.")
    profiles: list[Id] | None = Field(default=None, description="The profiles it includes, by id (default: all).")
    categories: list[Text] | None = Field(default=None, description="Keep only profiles of these categories (in this order).")
    tags: list[Text] | None = Field(default=None, description="Keep only profiles with at least one of these tags.")
    exclude: list[Id] = Field(default_factory=list, description="Profiles left out.")
    order: Literal["category", "listed"] = Field(
        default="category", description="category: by category, then title; listed: in the order of profiles.")
    layout: Text | None = Field(default=None, description="Layout to use (default: sheet_layout, brochure or flyer by kind).")
    page_size: Literal["A4", "A5"] | None = Field(default=None, description="Paper size of a brochure (default: the layout's; a booklet is A5).")
    entry_budget: int | None = Field(default=None, ge=1, le=8, description="Most pages one profile may take in a brochure (default: the layout's).")
    staple_limit: int = Field(default=64, ge=4, le=200, description="A booklet with more pages than this is reported as too thick to staple.")
    n_up: Literal["2", "4"] = Field(default="2", description="Flyers per A4 sheet in the cheap-printing file: 2 (A5) or 4 (A6).")
    output: Text | None = Field(default=None, description="Output path under out/, with {target}, {campus} and {profile} "
                                                          "(default: out/{target}/{campus}/{profile}.pdf or {target}-{campus}.pdf).")
    overrides: CampusDefaults | None = Field(default=None, description="Campus values replaced for this target only (colours, labels...).")
    variants: list[Literal["screen", "press"]] = Field(
        default_factory=lambda: ["screen"], min_length=1, max_length=2,
        description="screen: tagged, accessible PDF/UA for the web; press: PDF/X with bleed, crop marks and CMYK "
                    "for the printer. Press files end in -press.pdf.")
    fit: list[Literal["spacing", "size", "optional"]] = Field(
        default_factory=list, max_length=3,
        description="Fitting steps metier may try, in this order, on a sheet or flyer over its page budget: "
                    "spacing (tighter leading and gaps), size (smaller body text, down to the layout's floor), "
                    "optional (leave out the sections the layout marks optional). Each step applied is reported.")
    language: Literal["fr", "en"] | None = Field(default=None, description="Language of this target's labels, numbers, "
                                                                           "dates and hyphenation (default: the project's).")
    remote_images: bool = Field(default=False, description="Fetch images that texts or templates name by a web address "
                                                          "(https://...), each within 10 seconds and 10 MB, checked as "
                                                          "logos are (default: refused; copy images into the workspace).")

    def layout_name(self, sheet_layout: str) -> str:
        """The layout this target renders with: its own, else the default of its kind."""
        return self.layout or DEFAULT_LAYOUTS.get(self.kind) or sheet_layout

    @model_validator(mode="after")
    def _variants_once(self):
        if len(set(self.variants)) != len(self.variants):
            raise ValueError("a variant is listed twice in variants")
        if len(set(self.fit)) != len(self.fit):
            raise ValueError("a fitting step is listed twice in fit")
        return self

    @model_validator(mode="after")
    def _booklet_is_a5(self):
        if self.kind == "booklet" and self.page_size == "A4":
            raise ValueError("a booklet is the A5 brochure imposed on A4 sheets; remove page_size or write A5")
        return self


class Limits(Strict):
    """What one output may cost to render, so that no profile or template can hang or exhaust a build server."""

    seconds: int = Field(default=120, ge=1, le=3600,
                         description="Most seconds one output may take to render; longer is a failure of that output.")
    memory: int = Field(default=2048, ge=512, le=65536,
                        description="Most memory (MiB of address space) a worker process may use; an output that "
                                    "needs more fails, the others go on. Applies to worker processes (-j 2 and more).")


class LintSettings(Strict):
    """``lint:`` in metier.yaml: the content rules' severities and thresholds (see ``metier check --list-rules``)."""

    rules: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")],
                Literal["error", "warning", "info", "off"]] = Field(
        default_factory=dict, description="Severity per rule id (error, warning, info) or off, e.g. {duplicate-text: off}.")
    max_age_months: int = Field(default=24, ge=1, le=240, description="An update date older than this is reported (updated-old).")
    salary_tolerance: float = Field(default=0.15, ge=0, le=1,
                                    description="How far (a fraction) salary amounts in the text may be from the summary's.")
    min_duplicate_chars: int = Field(default=120, ge=20, le=10000,
                                     description="The shortest paragraph that counts as pasted twice (duplicate-text).")
    today: dt.date | None = Field(default=None, description="The date the age and event rules compare with (default: today).")


class Project(Strict):
    """Settings of a workspace: who publishes, in which language, with which layout."""

    school: School = Field(description="The school that publishes the sheets.")
    language: Literal["fr", "en"] = Field(default="fr", description="Language of printed labels, numbers and dates.")
    default_campus: Id | None = Field(default=None, description="Campus used when a command is given none (defaults to the first campus).")
    sheet_layout: Text = Field(default="job-sheet", description="Layout used for job sheets (a folder of layouts/ or a built-in layout).")
    strict: bool = Field(default=False, description="Treat warnings (such as a sheet over its page budget) as failures.")
    campus_defaults: CampusDefaults | None = Field(default=None, description="Values every campus gets unless its own file says otherwise.")
    press: Press = Field(default_factory=Press, description="How press variants are made (PDF/X standard, bleed, marks, profile).")
    limits: Limits = Field(default_factory=Limits, description="Time and memory each output may take to render.")
    refdata: Text | None = Field(default=None, description="A folder of newer official ROME or FAP files (CSV, as "
                                                          "published), relative to the workspace; each file found "
                                                          "there replaces metier's bundled one (default: the bundled "
                                                          "ROME 4.60, FAP 2009 and FAP 2021).")
    lint: LintSettings = Field(default_factory=LintSettings, description="Content rules of `metier check`: severities and thresholds.")
    targets: dict[Id, Target] = Field(default_factory=dict, description="What `metier build` makes, by target id "
                                                                        "(default: the job sheets of every campus).")
