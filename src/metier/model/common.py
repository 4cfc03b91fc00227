"""Building blocks shared by the models: strict base class, ids, text, colours, money."""

from __future__ import annotations

import re
import string
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a format string (URL templates, output patterns, labels).

    A field with a conversion or a format spec is returned whole
    (``campus!r``, ``profile:>999999999``), so that it is never a known
    name: such a field would print something else than the id, or fill
    gigabytes with padding when the string is formatted.

    Raises ``ValueError`` for an unpaired brace.
    """
    fields = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields.add(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return fields


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
URL_PATTERN = r"^https?://[^\s<>\"']+$"
EMAIL_PATTERN = r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-zA-Z]{2,}$"
PHONE_PATTERN = r"^\+?[0-9][0-9 .\-()]{5,24}$"
ASSET_PATTERN = r"^[^\s:\\/][^:\\]*\.(svg|png|jpe?g)$"
PICTURE_PATTERN = r"^[^\s:\\/][^:\\]*\.(png|jpe?g|PNG|JPE?G)$"
ROME_PATTERN = r"^[A-N][0-9]{4}$"
FAP_PATTERN = r"^[A-Z](?:[0-9][A-Z](?:[0-9]{2}[a-z]?)?)?$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"

PATTERN_RULES = {
    ID_PATTERN: "rule_id",
    COLOUR_PATTERN: "rule_colour",
    URL_PATTERN: "rule_url",
    EMAIL_PATTERN: "rule_email",
    PHONE_PATTERN: "rule_phone",
    ASSET_PATTERN: "rule_asset",
    PICTURE_PATTERN: "rule_picture",
    ROME_PATTERN: "rule_rome",
    FAP_PATTERN: "rule_fap",
    CURRENCY_PATTERN: "rule_currency",
}
"""Each pattern's explanation in the message catalogue, for located error messages."""

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="An id: lowercase letters, digits and '-' (the file name without .yaml)."),
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _no_control(value: str) -> str:
    """Refuse the invisible control characters a double-quoted YAML escape can write ("\\f", "\\x07").

    They print as an empty box (or as nothing), and a form feed would end a
    CSS string in a running header. Tabs and line breaks are left to the
    layouts. One-line text and Markdown both refuse them.
    """
    found = _CONTROL.search(value)
    if found:
        from metier.messages import msg

        raise ValueError(msg("control_character", char=f"U+{ord(found.group()):04X}"))
    return value


Text = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_no_control)]
"""One line of plain text (a title, a label, a name)."""

Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_no_control)]
"""Long text written in Markdown (raw HTML is not interpreted)."""


def _check_colour(value: str) -> str:
    return value.lower()


Colour = Annotated[
    str,
    StringConstraints(pattern=COLOUR_PATTERN),
    AfterValidator(_check_colour),
    Field(description='An RGB colour written "#RRGGBB", e.g. "#0b5fa5".', examples=["#0b5fa5"]),
]

Url = Annotated[
    str,
    StringConstraints(pattern=URL_PATTERN, max_length=500),
    Field(description="A web address starting with https:// or http://."),
]

Email = Annotated[
    str,
    StringConstraints(pattern=EMAIL_PATTERN, max_length=200),
    Field(description="An e-mail address."),
]

Phone = Annotated[
    str,
    StringConstraints(pattern=PHONE_PATTERN),
    Field(description='A phone number, digits with optional spaces, e.g. "+33 4 00 00 00 00".'),
]

AssetPath = Annotated[
    str,
    StringConstraints(pattern=ASSET_PATTERN, max_length=300),
    Field(description="A file inside the workspace, relative to it (an SVG, PNG or JPEG image)."),
]

IccPath = Annotated[
    str,
    StringConstraints(pattern=r"^[^\s:\\/][^:\\]*\.(icc|icm|ICC|ICM)$", max_length=300),
    Field(description="An ICC colour profile inside the workspace, relative to it (.icc or .icm)."),
]

Rating = Literal["low", "fair", "good", "very-good", "excellent"]
RATINGS = ("low", "fair", "good", "very-good", "excellent")


class Money(Strict):
    """An amount of money for a period, gross or net (formatted by the locale)."""

    amount: float = Field(ge=0, le=10_000_000, description="The amount, a plain number without spaces or currency sign (e.g. 5850).")
    currency: Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)] = Field(
        default="EUR", description='ISO 4217 currency code, e.g. "EUR" or "CHF".'
    )
    period: Literal["hour", "day", "month", "year"] = Field(default="month", description="The period the amount is paid for.")
    basis: Literal["gross", "net"] = Field(default="gross", description="Gross (before social charges) or net pay.")


# --- pictures (photos, portraits): one group, used by profiles and campuses ---

Focus = Annotated[
    list[Annotated[float, Field(ge=0, le=100)]],
    Field(min_length=2, max_length=2,
          description="The point of the picture kept in view when it is cropped to its frame: across and down, "
                      "in percent of its width and height, e.g. [50, 30] (default: the centre, [50, 50])."),
]


class Picture(Strict):
    """A photo printed on a page: a raster file of the workspace, what it shows, who took it, where its subject is.

    Layouts crop it to their frames (CSS ``object-fit: cover``) around
    :attr:`focus`, print :attr:`credit` small beside it, and the press file
    converts it to CMYK; its print resolution is checked for each frame.
    """

    file: Annotated[str, StringConstraints(pattern=PICTURE_PATTERN, max_length=300)] = Field(
        description="The picture, a JPEG or PNG file inside the workspace, relative to it (e.g. assets/photos/lab.jpg).")
    alt: Text = Field(description="What the picture shows, in one sentence, for screen readers.")
    credit: Text | None = Field(default=None, description='Who made it and its licence, printed small, e.g. "Photo : A. Martin, CC0".')
    focus: Focus | None = Field(default=None, description="Focal point [across, down] in percent, kept in view when cropped.")

    @property
    def position(self) -> str:
        """The CSS ``object-position`` of the focal point."""
        x, y = self.focus or (50, 50)
        return f"{x:g}% {y:g}%"
