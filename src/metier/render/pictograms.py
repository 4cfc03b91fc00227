"""Pictograms: small vector icons beside the summary facts and contact lines, in the campus colour.

The icons are SVG files of the layout's search path (``pictograms/<name>.svg``,
vendored from Tabler Icons in the base layout, so a campus can replace one).
Each becomes a CSS rule that sets it as the background of an element's
``::before`` box, its ``currentColor`` replaced by the campus colour, as a
``data:`` URL: a CSS background is drawn as an *artifact* in a tagged (PDF/UA)
file, which screen readers skip, and it needs no ``alt`` text since it repeats
the label beside it. In a press file the fetcher converts the SVG's colour to
CMYK as it does for any SVG image; the fetcher also caches the decoded icon,
so each is parsed once per colour.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

PICTOGRAMS = {
    "study_level": "school",
    "recommended_bac": "certificate",
    "employability": "briefcase",
    "salary_starting": "coin",
    "salary_experienced": "trending-up",
    "mobility": "route",
    "email": "mail",
    "phone": "phone",
    "address": "map-pin",
    "website": "world",
}
"""Which icon stands for which fact or contact line (the class ``pictogram-<key>`` draws it)."""

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def pictogram_css(layout, colour: str) -> Markup:
    """CSS rules drawing every pictogram of :data:`PICTOGRAMS` found on *layout*'s search path in *colour*.

    ``.pictogram-<key>::before`` gets the icon as its background image; the
    layout's CSS gives that box its size and place.
    """
    if not _COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    rules = []
    for key, name in PICTOGRAMS.items():
        path = layout.find(f"pictograms/{name}.svg")
        if path is not None and _confined(path, layout):
            rules.append(f'.pictogram-{key}::before {{ content: ""; background-image: url("{_data_url(str(path), _mtime(path), colour)}"); }}')
    return Markup("\n".join(rules))


def _confined(path: Path, layout) -> bool:
    """Whether *path* lies in a folder of *layout*'s search path once symbolic links are followed."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return any(real.is_relative_to(folder.resolve()) for folder in layout.search_path)


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


@lru_cache(maxsize=256)
def _data_url(path: str, mtime: int, colour: str) -> str:
    svg = Path(path).read_text("utf-8").replace("currentColor", colour)
    return "data:image/svg+xml;charset=utf-8," + quote(svg.strip(), safe=" =:/;,'")
