"""The print resolution of the photos of the data, measured on the laid-out press file.

A photo's effective resolution is how many of its pixels fall on an inch of
paper once it is cropped to its frame: with ``object-fit: cover`` the picture
is scaled to cover the frame, so the resolution is its pixels across the
frame's side that needs the most of them. Printers ask for 300 ppi; under
:data:`WARN_PPI` a press file gets an :class:`~metier.errors.Advisory`
warning (``--strict`` lets it pass), under :data:`ERROR_PPI` a plain warning
that fails the build with ``--strict`` (the picture will look blurred), each naming the data field and the file and saying how many pixels
the frame needs.

Only images that carry a ``data-field`` (the pictures of profiles and campuses
placed by :file:`blocks.html.j2`) are measured: logos and pictograms are the
layout's, usually vector.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import unquote

from weasyprint.formatting_structure import boxes

from metier.errors import Advisory
from metier.messages import msg, quote
from metier.render.environment import WORKSPACE_ROOT

WARN_PPI = 300
"""The resolution printers ask for: under it, a warning."""

ERROR_PPI = 150
"""Under it a photo looks blurred: a warning that fails the build with ``--strict``."""

PX_PER_INCH = 96
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Printed:
    """A photo as it is printed: its field, file, pixels and frame."""

    field: str
    file: str
    pixels: tuple[int, int]
    frame_mm: tuple[float, float]

    @property
    def ppi(self) -> float:
        """Pixels per inch of paper, in the direction that has the fewest (the picture covers its frame)."""
        width_in, height_in = (side / MM_PER_INCH for side in self.frame_mm)
        if width_in <= 0 or height_in <= 0:
            return math.inf
        scale = max(width_in / self.pixels[0], height_in / self.pixels[1])  # inches per pixel, as cover scales
        return 1 / scale

    def warning(self) -> str | None:
        """The message for a photo under :data:`ERROR_PPI`, an :class:`Advisory` under :data:`WARN_PPI`, or None."""
        ppi = self.ppi
        if ppi >= WARN_PPI:
            return None
        need = [math.ceil(side / MM_PER_INCH * WARN_PPI) for side in self.frame_mm]
        values = dict(field=self.field, name=quote(self.file), ppi=f"{ppi:.0f}", width=f"{self.frame_mm[0]:.0f}",
                      height=f"{self.frame_mm[1]:.0f}", need_width=need[0], need_height=need[1])
        if ppi < ERROR_PPI:
            return msg("picture_too_coarse", limit=ERROR_PPI, **values)
        return Advisory(msg("picture_low_resolution", limit=WARN_PPI, **values))


def printed_pictures(pages) -> list[Printed]:
    """Every photo of the data on laid-out *pages*, once per frame it fills (a repeated one once per place)."""
    found = []
    for page in pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            box = getattr(box, "_box", box)  # an absolutely positioned box, behind its placeholder
            if isinstance(box, boxes.ReplacedBox):
                element = box.element
                field = element.get("data-field") if element is not None else None
                image = box.replacement
                if field and getattr(image, "width", None):
                    src = unquote(element.get("src") or "")
                    name = src[len(WORKSPACE_ROOT):] if src.startswith(WORKSPACE_ROOT) else src
                    frame = (box.width * MM_PER_INCH / PX_PER_INCH, box.height * MM_PER_INCH / PX_PER_INCH)
                    found.append(Printed(field, name, (image.width, image.height), frame))
                continue
            stack.extend(getattr(box, "children", ()) or ())
    return found
