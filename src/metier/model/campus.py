"""A campus: its address, contacts, colours and logo. Programmes say where they are taught."""

from __future__ import annotations

from pydantic import Field

from metier.model.common import AssetPath, Colour, Email, Markdown, Phone, Strict, Text, Url


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


class Colours(Strict):
    """The campus colours used by the layouts."""

    primary: Colour = Field(description="Main colour: title band, headings, rules.")
    accent: Colour | None = Field(default=None, description="Second colour for highlights (defaults to the primary colour).")


class Campus(Strict):
    """A campus of the school; the file name is its id."""

    name: Text = Field(description='The campus name as printed, e.g. "Lyon".')
    address: Address = Field(description="Postal address of the campus.")
    contacts: list[Contact] = Field(min_length=1, description="Contacts printed on sheets and brochures.")
    website: Url = Field(description="Web page of the campus.")
    colours: Colours = Field(description="Colours of the campus.")
    logo: AssetPath | None = Field(default=None, description="Campus logo, a file in the workspace (defaults to the school logo).")
    access: Markdown | None = Field(default=None, description="How to get there (public transport, parking), in Markdown.")
