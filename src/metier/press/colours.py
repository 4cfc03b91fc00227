"""CMYK colours for the press variant: RGB converted through an ICC profile, or given by the campus.

Layouts and campus files are written in RGB (what a screen shows). A printing
press prints cyan, magenta, yellow and black, and a PDF/X file must say which
inks each colour uses. This module converts every colour of a press document:

* a colour the campus gives in CMYK (``colours: {primary_cmyk: [100, 60, 0, 20]}``)
  is used as given, wherever that RGB colour appears;
* a grey, or a near-grey (channels within 24/255 of each other, such as the
  layouts' dark blue-grey text colour), becomes black ink only, its darkness
  from the colour's luma (Rec. 709), so text and rules are printed with one
  plate and never blur when the plates are not perfectly aligned;
* any other colour goes from sRGB to the output profile (relative
  colorimetric intent, black point compensation) with LittleCMS, through
  Pillow's ``ImageCms``.

:func:`cmyk_css` rewrites the colours of a stylesheet, :func:`cmyk_svg` those
of an SVG file, :func:`cmyk_raster` converts a raster image; all produce
``device-cmyk()`` colours that WeasyPrint writes as DeviceCMYK, measured
against the output intent of the file.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from importlib import resources

import tinycss2
import tinycss2.color5
from PIL import Image, ImageChops, ImageCms

CMYK = tuple[float, float, float, float]
"""Ink coverage, each from 0 (none) to 1 (full)."""

PROFILE = "FOGRA39L-coated.icc"
"""The bundled output profile: offset, coated paper (see ICC-LICENSE.txt)."""

NEAR_GREY = 24
"""Colours whose channels differ by at most this much (0-255) are printed with black ink only."""

_COLOUR_PROPERTIES = re.compile(r"^(--|color|background|border|outline|fill|stroke|box-shadow|text-shadow|"
                                r"text-decoration|column-rule|caret|accent|flood|stop|lighting)", re.IGNORECASE)
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")
DEFAULT_FILL = ' fill="device-cmyk(0 0 0 1)"'
_SVG_COLOUR = re.compile(r"""(?<![\w-])(?P<name>fill|stroke|stop-color|flood-color|lighting-color|color)"""
                         r"""(?P<sep>\s*=\s*["']|\s*:\s*)"""
                         r"""(?P<value>#[0-9a-fA-F]{3,8}\b|(?:rgba?|hsla?|hwb)\([^)]*\)|[a-zA-Z]+)""")
_ROOT_FILL = re.compile(r"""(?<![\w-])fill\s*(=|:)""")


@lru_cache(maxsize=1)
def bundled_profile() -> bytes:
    """The bytes of the bundled CMYK output profile (read once: colour conversions are cached by profile)."""
    return resources.files("metier.press").joinpath(PROFILE).read_bytes()


class Converter:
    """Converts sRGB colours to CMYK through one output profile, with a campus's exact CMYK colours first."""

    def __init__(self, profile: bytes | None = None, exact: dict[tuple[int, int, int], CMYK] | None = None,
                 *, flatten: bool = False):
        self.profile = profile or bundled_profile()
        self.exact = dict(exact or {})
        self.flatten = flatten
        """For PDF/X-1a (no transparency): translucent colours are mixed with white paper, opacity is dropped."""

    def cmyk(self, rgb: tuple[int, int, int]) -> CMYK:
        """The inks of the sRGB colour *rgb* (0-255 channels)."""
        if rgb in self.exact:
            return self.exact[rgb]
        return _convert(self.profile, rgb)

    def css_colour(self, rgb: tuple[int, int, int], alpha: float = 1.0) -> str:
        """``device-cmyk(c m y k)`` (with ``/ alpha`` when translucent) for the sRGB colour *rgb*."""
        if self.flatten and alpha < 1:
            rgb = tuple(round(alpha * c + (1 - alpha) * 255) for c in rgb)
            alpha = 1.0
        inks = " ".join(_fmt(v) for v in self.cmyk(rgb))
        return f"device-cmyk({inks} / {_fmt(alpha)})" if alpha < 1 else f"device-cmyk({inks})"


def rgb_of(text: str) -> tuple[int, int, int] | None:
    """The 0-255 sRGB channels of a CSS colour such as ``#0b4f8a``, or None if it is not one."""
    colour = tinycss2.color5.parse_color(text)
    if colour is None or isinstance(colour, str) or colour.space != "srgb":
        return None
    return tuple(round(max(0.0, min(1.0, c)) * 255) for c in colour.coordinates)


def cmyk_css(css: str, converter: Converter) -> str:
    """*css* with every sRGB colour of a colour property (and of custom properties) as ``device-cmyk()``."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=False)
    for rule in rules:
        _convert_rule(rule, converter)
    return tinycss2.serialize(rules)


def cmyk_declarations(text: str, converter: Converter) -> str:
    """An inline ``style`` attribute's declarations with their colours as ``device-cmyk()``."""
    declarations = tinycss2.parse_blocks_contents(text)
    _convert_declarations(declarations, converter)
    return tinycss2.serialize(declarations)


def cmyk_svg(svg: bytes, converter: Converter) -> bytes:
    """An SVG file with its fill, stroke and stop colours (attributes and styles) as ``device-cmyk()``.

    The root element gets an explicit black fill when it has none, since SVG's
    default fill (black) would otherwise be drawn in RGB.
    """
    text = _SVG_ROOT.sub(lambda m: m.group(0) if _ROOT_FILL.search(m.group(0)) else
                         m.group(0)[:4] + DEFAULT_FILL + m.group(0)[4:], svg.decode("utf-8"), count=1)

    def swap(match: re.Match) -> str:
        value = match.group("value")
        converted = _css_value(value, converter)
        return match.group(0) if converted is None else match.group("name") + match.group("sep") + converted

    return _SVG_COLOUR.sub(swap, text).encode("utf-8")


def cmyk_raster(data: bytes, profile: bytes | None = None) -> bytes:
    """A raster image as a CMYK JPEG (quality 95) through the output profile; alpha is flattened on white."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.mode == "CMYK":
            return data
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        if _is_grey(image):  # black ink only, as for grey text: no four-colour greys to register
            black = ImageChops.invert(image.convert("L"))
            blank = Image.new("L", image.size, 0)
            converted = Image.merge("CMYK", (blank, blank, blank, black))
        else:
            converted = ImageCms.applyTransform(image, _transform(profile or bundled_profile()))
    out = io.BytesIO()
    converted.save(out, format="JPEG", quality=95, icc_profile=profile or bundled_profile())
    return out.getvalue()


def has_transparency(data: bytes) -> bool:
    """Whether a raster image has pixels that are not fully opaque (the press file flattens them on white)."""
    with Image.open(io.BytesIO(data)) as image:
        if image.mode not in ("RGBA", "LA", "PA") and not (image.mode == "P" and "transparency" in image.info):
            return False
        return image.convert("RGBA").getchannel("A").getextrema()[0] < 255


def _is_grey(image: Image.Image) -> bool:
    """Whether every pixel of an RGB *image* is a near-grey (its channels within NEAR_GREY of each other)."""
    red, green, blue = image.split()
    spread = max(ImageChops.difference(a, b).getextrema()[1] for a, b in ((red, green), (green, blue), (red, blue)))
    return spread <= NEAR_GREY


def _fmt(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _convert_rule(rule, converter: Converter) -> None:
    if rule.type == "qualified-rule":
        declarations = tinycss2.parse_blocks_contents(rule.content)
        _convert_declarations(declarations, converter)
        rule.content = _tokens(declarations)
    elif rule.type == "at-rule" and rule.content is not None:
        if rule.lower_at_keyword in ("media", "supports", "layer", "container"):
            inner = tinycss2.parse_rule_list(rule.content)
            for child in inner:
                _convert_rule(child, converter)
            rule.content = inner
        elif rule.lower_at_keyword == "page":
            declarations = tinycss2.parse_blocks_contents(rule.content)
            _convert_declarations(declarations, converter)
            for item in declarations:
                if item.type == "at-rule" and item.content is not None:  # margin boxes
                    inner = tinycss2.parse_blocks_contents(item.content)
                    _convert_declarations(inner, converter)
                    item.content = _tokens(inner)
            rule.content = _tokens(declarations)


def _convert_declarations(declarations, converter: Converter) -> None:
    for item in declarations:
        if item.type != "declaration":
            continue
        if _COLOUR_PROPERTIES.match(item.name):
            item.value = _convert_values(item.value, converter)
        elif converter.flatten and item.lower_name == "opacity":
            item.value = tinycss2.parse_component_value_list("1")


def _convert_values(values, converter: Converter):
    out = []
    for token in values:
        if token.type in ("hash", "ident", "function"):
            converted = _css_value(tinycss2.serialize([token]), converter, token)
            if converted is not None:
                out.extend(tinycss2.parse_component_value_list(converted))
                continue
            if token.type == "function":  # e.g. calc(), var() fallbacks, gradients
                token.arguments = _convert_values(token.arguments, converter)
        out.append(token)
    return out


def _css_value(text: str, converter: Converter, token=None) -> str | None:
    """``device-cmyk()`` for a CSS colour token, or None when it is not an sRGB colour."""
    if token is not None and token.type == "ident" and token.lower_value in ("currentcolor", "transparent", "inherit",
                                                                             "initial", "unset", "none", "auto"):
        return None
    if token is not None and token.type == "function" and token.lower_name not in ("rgb", "rgba", "hsl", "hsla", "hwb"):
        return None
    colour = tinycss2.color5.parse_color(text)
    if colour is None or isinstance(colour, str) or colour.space not in ("srgb", "hsl", "hwb"):
        return None
    rgb = tuple(round(max(0.0, min(1.0, c)) * 255) for c in colour.to("srgb").coordinates)
    return converter.css_colour(rgb, colour.alpha)


def _tokens(nodes):
    """Declarations back to a token list (tinycss2 serialises nodes, not token lists, for content)."""
    return tinycss2.parse_component_value_list(tinycss2.serialize(nodes))


@lru_cache(maxsize=8)
def _transform(profile: bytes):
    source = ImageCms.createProfile("sRGB")
    target = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.buildTransform(source, target, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=4096)
def _convert(profile: bytes, rgb: tuple[int, int, int]) -> CMYK:
    if max(rgb) - min(rgb) <= NEAR_GREY:  # greys: black ink only
        luma = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        return 0.0, 0.0, 0.0, round(1 - luma / 255, 3)
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _transform(profile)).getpixel((0, 0))
    return tuple(round(v / 255, 3) for v in pixel)
