"""A campus: its address, contacts, colours, logo, events and printed labels.

Programmes say where they are taught; a campus does not repeat that list. A
campus file is merged over ``campus_defaults`` of ``metier.yaml`` before it is
validated (see :mod:`metier.load.overlay`), so :class:`CampusDefaults` is the
same set of fields, all optional.
"""

from __future__ import annotations

import datetime as dt

from pydantic import AfterValidator, Field, model_validator
from typing import Annotated

from metier.model.common import AssetPath, Colour, Email, Markdown, Phone, Picture, Strict, Text, Url, placeholders

URL_FIELDS = ("campus", "profile")


def _check_url_template(value: str) -> str:
    unknown = sorted(placeholders(value) - set(URL_FIELDS))
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}; use {{campus}} and {{profile}}")
    return value


UrlTemplate = Annotated[
    Url,
    AfterValidator(_check_url_template),
    Field(description="A web address where {campus} and {profile} are replaced by ids, "
                      "e.g. https://example.org/{campus}/metiers/{profile}."),
]


class Address(Strict):
    """A postal address."""

    street: Text = Field(description="Street and number (and building, if any).")
    postcode: Text = Field(description="Postal code.")
    city: Text = Field(description="City.")
    country: Text = Field(default="France", description="Country.")


class Contact(Strict):
    """A person or service to contact at the campus."""

    label: Text = Field(description='What this contact is for, e.g. "Admissions".')
    name: Text | None = Field(default=None, description="Name of the person, if any.")
    email: Email | None = Field(default=None, description="E-mail address.")
    phone: Phone | None = Field(default=None, description="Phone number.")


Cmyk = Annotated[
    list[Annotated[float, Field(ge=0, le=100)]],
    Field(min_length=4, max_length=4, description="Cyan, magenta, yellow and black ink, in percent, e.g. [100, 60, 0, 20]."),
]


class Colours(Strict):
    """The campus colours used by the layouts."""

    primary: Colour = Field(description="Main colour: title band, headings, rules.")
    accent: Colour | None = Field(default=None, description="Second colour for highlights (defaults to the primary colour).")
    primary_cmyk: Cmyk | None = Field(default=None, description="The primary colour in print inks, C M Y K percentages "
                                      "(default: converted from RGB through the press profile).")
    accent_cmyk: Cmyk | None = Field(default=None, description="The accent colour in print inks, C M Y K percentages.")


class Event(Strict):
    """An event of the campus (open day, career fair), printed in brochures."""

    name: Text = Field(description='What the event is, e.g. "Journée portes ouvertes".')
    date: dt.date = Field(description="First day, YYYY-MM-DD.")
    end: dt.date | None = Field(default=None, description="Last day when it lasts several days, YYYY-MM-DD.")
    venue: Text | None = Field(default=None, description="Where it takes place when not at the campus.")
    description: Markdown | None = Field(default=None, description="One or two sentences about it, in Markdown.")

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.end and self.end < self.date:
            raise ValueError("the end date is before the first day")
        return self


class CampusFields(Strict):
    """Fields a campus shares with the school defaults (all optional here)."""

    contacts: list[Contact] | None = Field(default=None, min_length=1, description="Contacts printed on sheets and brochures.")
    website: Url | None = Field(default=None, description="Web page of the campus (the brochure's QR code points to it).")
    logo: AssetPath | None = Field(default=None, description="Campus logo, a file in the workspace (defaults to the school logo).")
    access: Markdown | None = Field(default=None, description="How to get there (public transport, parking), in Markdown.")
    photo: Picture | None = Field(default=None, description="A photo of the campus, printed on the brochure's cover and campus page.")
    events: list[Event] = Field(default_factory=list, description="Open days and fairs, printed on the brochure's campus page.")
    labels: dict[str, Text] = Field(default_factory=dict, description='Printed labels replaced for this campus, e.g. {kicker: "Fiche métier"}.')
    profile_url: UrlTemplate | None = Field(default=None, description="Online page of a profile, for flyers' QR codes.")
    message: Text | None = Field(default=None, max_length=200,
                                 description="A short hidden message printed as a decorative band of 8-bit binary groups.")


class PartialColours(Strict):
    """Colours as school defaults: either may be left out."""

    primary: Colour | None = Field(default=None, description="Main colour: title band, headings, rules.")
    accent: Colour | None = Field(default=None, description="Second colour for highlights.")


class CampusDefaults(CampusFields):
    """``campus_defaults`` of ``metier.yaml``: values every campus gets unless its own file says otherwise."""

    colours: PartialColours | None = Field(default=None, description="Default colours of the campuses.")


class Campus(CampusFields):
    """A campus of the school; the file name is its id. Merged over ``campus_defaults``."""

    name: Text = Field(description='The campus name as printed, e.g. "Lyon".')
    address: Address = Field(description="Postal address of the campus.")
    contacts: list[Contact] = Field(min_length=1, description="Contacts printed on sheets and brochures.")
    website: Url = Field(description="Web page of the campus (the brochure's QR code points to it).")
    colours: Colours = Field(description="Colours of the campus.")

    def url_of(self, campus_id: str, profile_id: str) -> str:
        """The online page of *profile_id* at this campus (its website when no template is set)."""
        if not self.profile_url:
            return self.website
        return self.profile_url.format(campus=campus_id, profile=profile_id)
