"""The two files made of one document: screen (PDF/UA-1) and press (PDF/X with bleed, marks and CMYK).

A :class:`Variant` says how a laid-out document is written:

* **screen**: PDF/UA-1, tagged for screen readers (document language, title,
  bookmarks, alternative text of images, live links), in RGB;
* **press**: PDF/X-4 (or PDF/X-1a), every colour in CMYK (see
  :mod:`metier.press.colours`), with an output intent carrying the ICC
  profile of the printing condition, a bleed into which backgrounds run, and
  crop marks outside it (see :mod:`metier.press.marks`).

Layouts make their full-bleed bands reach into the bleed with the CSS
custom property ``--bleed``, 0 on screen and the bleed width in press files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from metier.press.colours import CMYK, Converter, bundled_profile, rgb_of

PRESS_ROOT = "file:///__metier__/press/"
"""Virtual URL of the package's press files (the bundled ICC profile), read by the confined fetcher."""

BUNDLED_PROFILE_URL = PRESS_ROOT + "FOGRA39L-coated.icc"
DEFAULT_CONDITION = "FOGRA39"


@dataclass(frozen=True)
class Variant:
    """How one output is written: its PDF standard, bleed, marks and colour conversion."""

    name: str = "screen"
    standard: str = "pdf/ua-1"
    bleed_mm: float = 0.0
    marks: bool = False
    profile_url: str | None = None
    """``@color-profile device-cmyk`` source: the bundled profile or a workspace file."""
    profile: bytes | None = field(default=None, repr=False)
    exact: tuple[tuple[tuple[int, int, int], CMYK], ...] = ()
    """Colours the campus gives in CMYK: (sRGB, inks) pairs used instead of the conversion."""
    condition: str | None = None
    """The printing condition the output intent names (FOGRA39 for the bundled profile)."""

    @property
    def press(self) -> bool:
        """Whether this is a file for the printer."""
        return self.name == "press"

    @property
    def flatten(self) -> bool:
        """PDF/X-1a allows no transparency: translucent colours are mixed with white, opacity dropped."""
        return self.standard == "pdf/x-1a"

    @property
    def key(self) -> tuple:
        """What distinguishes two variants' stylesheets and images (a cache key)."""
        return self.name, self.standard, self.bleed_mm, self.profile_url, self.exact, self.condition

    @cached_property
    def converter(self) -> Converter | None:
        """The RGB to CMYK converter of a press variant (None on screen)."""
        if not self.press:
            return None
        return Converter(self.profile or bundled_profile(), dict(self.exact), flatten=self.flatten)

    def stylesheet(self) -> str:
        """CSS added after the layout's own: the bleed, and the output profile of a press file."""
        if not self.press:
            return ":root { --bleed: 0mm; }"
        return (f"@color-profile device-cmyk {{ src: url({self.profile_url}); "
                f"components: cyan, magenta, yellow, black; }}\n"
                f"@page {{ bleed: {self.bleed_mm}mm; marks: none; }}\n"
                f":root {{ --bleed: {self.bleed_mm}mm; }}\n")


SCREEN = Variant()


def variant_for(name: str, press_settings, colours=None, profile: bytes | None = None) -> Variant:
    """The :class:`Variant` *name* ("screen" or "press") of a workspace's press settings and a campus's colours.

    *profile* is the bytes of the workspace's own ICC profile when
    ``press.profile`` names one (its URL is then that workspace file).
    """
    if name != "press":
        return SCREEN
    from metier.render.environment import WORKSPACE_ROOT

    exact = []
    for which in ("primary", "accent"):
        rgb = rgb_of(getattr(colours, which, None) or "") if colours is not None else None
        inks = getattr(colours, f"{which}_cmyk", None) if colours is not None else None
        if rgb is not None and inks:
            exact.append((rgb, tuple(round(v / 100, 4) for v in inks)))
    url = WORKSPACE_ROOT + press_settings.profile if press_settings.profile else BUNDLED_PROFILE_URL
    from metier.press.pdfx import condition_of

    return Variant("press", press_settings.standard, press_settings.bleed, press_settings.marks, url,
                   profile if press_settings.profile else None, tuple(exact), condition_of(press_settings))
