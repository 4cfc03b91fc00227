"""A job profile ("fiche métier"): typed facts and Markdown sections, one file per job."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from metier.model.common import FAP_PATTERN, ROME_PATTERN, Id, Markdown, Money, Picture, Rating, Strict, Text, Url

MONTHS = {"month": 1, "year": 12}
"""Periods that convert into one another, in months (a year is 12 months)."""


def comparison_problem(amounts) -> str | None:
    """Why the :class:`Money` *amounts* cannot be drawn on one scale, or ``None`` when they can.

    They must share their currency and their basis (gross and net cannot be
    converted without the social charges of each case), and their periods must
    be equal or both month and year (converted at 12 months a year); hourly and
    daily rates convert to nothing, as that would assume a working time.
    """
    amounts = list(amounts)
    currencies = sorted({a.currency for a in amounts})
    if len(currencies) > 1:
        return f"the amounts are in different currencies ({', '.join(currencies)}); write them in one currency"
    bases = sorted({a.basis for a in amounts})
    if len(bases) > 1:
        return "the amounts mix gross and net pay, which cannot be converted into one another; write them all gross or all net"
    periods = sorted({a.period for a in amounts})
    if len(periods) > 1 and not set(periods) <= set(MONTHS):
        return (f"the amounts are paid for different periods ({', '.join(periods)}); only month and year convert "
                "into one another (12 months a year): an hourly or daily rate would need a working time")
    return None


class Rome(Strict):
    """A code of the ROME job referential (France Travail) and its label."""

    code: Annotated[str, StringConstraints(pattern=ROME_PATTERN)] = Field(
        description='ROME code: a letter A-N and four digits, e.g. "M1802".'
    )
    label: Text = Field(description="The label of the code, as printed.")
    alternatives: list[Annotated[str, StringConstraints(pattern=ROME_PATTERN)]] = Field(
        default_factory=list,
        description="Other ROME codes a source gave for the job (not printed); `metier check` asks to choose "
                    "(rule rome-choose) until the list is removed.")


class Fap(Strict):
    """A code of the FAP job families (DARES) and its label."""

    code: Annotated[str, StringConstraints(pattern=FAP_PATTERN)] = Field(
        description='FAP code (2009 or 2021 nomenclature), e.g. "M2Z" or "M2X90".'
    )
    label: Text = Field(description="The label of the code, as printed.")


class SalaryReference(Strict):
    """A salary to compare the job's with (a national median, a sector average), with its source."""

    amount: Money = Field(description="The reference amount; same currency and basis as the salaries, period month or year.")
    label: Text = Field(description='What the amount is, as printed, e.g. "Salaire médian des cadres".')
    source: Text = Field(description='Who published it, e.g. "Apec, Baromètre 2024 de la rémunération des cadres".')
    year: int = Field(ge=1900, le=2100, description="The year the figure refers to, printed after the source.")
    url: Url | None = Field(default=None, description="Where the figure is published, to check it (not printed).")


class Summary(Strict):
    """The facts of the "En résumé" box."""

    study_level: int | None = Field(default=None, ge=0, le=8, description="Years of study after the baccalauréat usually "
                                    "required (5 for Bac+5); left empty, it is not printed.")
    recommended_bac: Text | None = Field(default=None, description='The recommended baccalauréat, e.g. "Scientifique"; '
                                         'left empty, it is not printed.')
    employability: Rating | None = Field(default=None, description="How easily graduates find a job: low, fair, good, "
                                         "very-good or excellent; left empty, it is not printed.")
    mobility: Rating | None = Field(default=None, description="Job mobility (geographic and between employers): low, "
                                    "fair, good, very-good or excellent; left empty, it is not printed.")
    salary_starting: Money = Field(description="Typical starting salary.")
    salary_experienced: Money = Field(description="Typical salary with experience.")
    salary_reference: SalaryReference | None = Field(
        default=None, description="A reference salary drawn on the salary chart, e.g. a national median, with its source."
    )
    rome: Rome | None = Field(default=None, description="ROME code and label; leave it out only while the code "
                                                      "is unknown (`metier check` reports rome-missing).")
    fap: Fap = Field(description="FAP code and label.")

    @model_validator(mode="after")
    def _reference_comparable(self):
        if self.salary_reference is not None:
            problem = comparison_problem([self.salary_starting, self.salary_experienced, self.salary_reference.amount])
            if problem:
                raise ValueError(f"salary_reference cannot be compared with the salaries: {problem}")
        return self


class Skills(Strict):
    """Technical and behavioural skills."""

    intro: Markdown | None = Field(default=None, description="A sentence introducing the skills.")
    technical: list[Markdown] = Field(min_length=1, description="Technical skills, one item each.")
    behavioural: Markdown = Field(description="Behavioural (soft) skills, in Markdown.")


class CompanyGroup(Strict):
    """Recruiting companies of one kind."""

    kind: Text = Field(description='What the companies have in common, e.g. "jeu vidéo".')
    names: list[Text] = Field(min_length=1, description="Company names.")


class JobBoard(Strict):
    """A place where job offers are published."""

    name: Text = Field(description='Name of the job board, e.g. "LinkedIn".')
    url: Url | None = Field(default=None, description="Its web address.")
    note: Text | None = Field(default=None, description='A remark printed after the name, e.g. "en premier lieu".')


class Recruiters(Strict):
    """Who recruits, and where offers are published."""

    intro: Markdown | None = Field(default=None, description="Text before the list of companies.")
    companies: list[CompanyGroup] = Field(min_length=1, description="Recruiting companies, grouped by kind.")
    job_boards: list[JobBoard] = Field(default_factory=list, description="Where the job offers are published.")
    outro: Markdown | None = Field(default=None, description="Text after the job boards.")


class Testimonial(Strict):
    """A quote from someone who does the job, printed as a pull quote."""

    quote: Markdown = Field(description="What they said.")
    author: Text = Field(description='Who said it, e.g. "Olivier P.".')
    role: Text | None = Field(default=None, description="Their job or background.")
    portrait: Picture | None = Field(default=None, description="Their photo, printed round beside the quote.")


def _related_shorthand(value):
    """``- ciso`` is short for ``- profile: ciso``."""
    return {"profile": value} if isinstance(value, str) else value


class RelatedJob(Strict):
    """A related job: another profile of the workspace, or a job named in text."""

    profile: Id | None = Field(default=None, description="Id of a profile of the workspace.")
    title: Text | None = Field(default=None, description="Name of a job that has no profile here.")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.profile is None) == (self.title is None):
            raise ValueError("write either a profile id (`- ciso`) or a job title (`- title: ...`), not both")
        return self


class ExtraSection(Strict):
    """A section of your own, printed after the others."""

    title: Text = Field(description="Heading of the section.")
    body: Markdown = Field(description="Content, in Markdown.")


class Profile(Strict):
    """A job profile. The file name (profiles/<id>.yaml) is its id."""

    title: Text = Field(description='Job title, e.g. "Prompt Engineer" (masculine or epicene form).')
    title_feminine: Text | None = Field(default=None, description="Feminine form of the title, when it differs.")
    category: Text = Field(description='The family of jobs it belongs to, e.g. "Intelligence artificielle".')
    tags: list[Text] = Field(default_factory=list, description="Free keywords used to select profiles.")
    updated: dt.date | None = Field(default=None, description="Date of the last update, YYYY-MM-DD; leave empty if unknown.")
    source: Url | None = Field(default=None, description="Where the content comes from, if anywhere.")
    attribution: Text | None = Field(default=None, description='The credit line the licence of borrowed content '
                                     'asks for, printed at the foot of the sheet, e.g. "Source : France Travail, '
                                     'ROME v4.60 (Licence Ouverte 2.0)".')
    introduction: Markdown = Field(description="Opening text printed under the title.")
    photo: Picture | None = Field(default=None, description="A photo of the job, printed in the title band, the flyer's top half and the brochure entry.")
    summary: Summary = Field(description='Facts of the "En résumé" box.')
    job: Markdown = Field(description='What the job is ("Métier").')
    missions: Markdown = Field(description="Day-to-day missions.")
    responsibilities: Markdown | None = Field(default=None, description="Responsibilities.")
    skills: Skills = Field(description="Technical and behavioural skills.")
    qualities: Markdown | None = Field(default=None, description="Personal qualities.")
    studies: Markdown = Field(description='Study level needed, as text ("Niveau d\'études nécessaire").')
    training: Markdown | None = Field(default=None, description='How the school\'s programmes prepare for the job ("Quelle formation ?").')
    programmes: list[Id] = Field(default_factory=list, description="Ids of the programmes (programmes/<id>.yaml) that lead to the job.")
    bac: Markdown | None = Field(default=None, description='Which baccalauréat leads to the job ("Quel bac ?").')
    sectors: Markdown | None = Field(default=None, description="Sectors that employ people in this job.")
    recruiters: Recruiters | None = Field(default=None, description="Recruiting companies and job boards.")
    salary: Markdown | None = Field(default=None, description="Salary, as text.")
    career: Markdown | None = Field(default=None, description="Career evolution.")
    advantages: Markdown | None = Field(default=None, description="Advantages of the job.")
    drawbacks: Markdown | None = Field(default=None, description="Drawbacks of the job.")
    testimonials: list[Testimonial] = Field(default_factory=list, description="Quotes from people who do the job.")
    related: list[Annotated[RelatedJob, BeforeValidator(_related_shorthand)]] = Field(
        default_factory=list, description="Related jobs: a profile id (`- ciso`) or `- title: ...` for a job without a profile."
    )
    extra_sections: list[ExtraSection] = Field(default_factory=list, description="Sections of your own, printed after the others.")
