"""One layout, two files: a document laid out once, written for the screen and for the press.

The screen file (PDF/UA-1, RGB) and the press file (PDF/X, CMYK, bleed and
marks) of one document differ in nothing that moves text: the press file's
colours are other numbers for the same places, its images are the same
pictures in ink, and its bleed lies outside the trimmed page. Laying the
document out twice (about 0.26 s of a 0.40 s seed sheet) is therefore waste.

A *shared* layout is made with the screen's stylesheets and the press file's
geometry (its ``@page`` bleed and ``--bleed``, so full-bleed bands run into
the bleed; the text sits at the same place on the trimmed page either way).
Then:

* the **screen** file is written with the page bleed set to zero: its pages
  are the trimmed pages, and the parts of bands that reach into the bleed
  fall outside them (:func:`as_screen`);
* the **press** file is written while :func:`in_ink` converts every colour
  WeasyPrint paints from sRGB to the press variant's CMYK (the same
  conversion, campus inks first, as the stylesheets of a press-only layout
  get) and swaps each image the document fetched for the press fetcher's
  CMYK version of the same file.

:func:`shareable` says when that holds; where it does not (PDF/X-1a, which
mixes translucent colours with white and drops opacity in the stylesheets,
or CSS gradients, which WeasyPrint paints as shadings, not colours), the
document is laid out once per file as before.
"""

from __future__ import annotations

from contextlib import contextmanager

from tinycss2.color5 import parse_color
from weasyprint import DEFAULT_OPTIONS
from weasyprint.images import RasterImage, SVGImage, get_image_from_uri
from weasyprint.pdf.stream import Stream

_GRADIENTS = ("linear-gradient", "radial-gradient", "repeating-linear-gradient", "repeating-radial-gradient")


def shareable(variants) -> bool:
    """Whether one layout can serve every variant of *variants* (a screen and a press file)."""
    names = {variant.name for variant in variants}
    return names == {"screen", "press"} and not any(variant.flatten for variant in variants)


def has_gradients(document) -> bool:
    """Whether a laid-out WeasyPrint *document* paints a CSS gradient anywhere (its press file needs its own layout)."""
    for page in document.pages:
        for box in page._page_box.descendants():
            style = getattr(box, "style", None)
            if style is None:
                continue
            if any(kind in _GRADIENTS for kind, _ in style["background_image"]):
                return True
    return False


@contextmanager
def as_screen(document):
    """*document* (laid out with a press geometry) seen as its screen file: no bleed, no output profile."""
    saved = [page.bleed for page in document.pages]
    profiles = document.color_profiles
    for page in document.pages:
        page.bleed = {side: 0 for side in page.bleed}
    document.color_profiles = {}
    try:
        yield document
    finally:
        for page, bleed in zip(document.pages, saved):
            page.bleed = bleed
        document.color_profiles = profiles


@contextmanager
def in_ink(converter, screen_images: dict, press_fetcher):
    """While writing, paint sRGB colours as the CMYK of *converter* and images as *press_fetcher* serves them.

    *screen_images* is the screen fetcher's decoded images by URL (what the
    layout used); each is replaced, when drawn, by the image the press fetcher
    makes of the same URL (decoded once, kept in the press fetcher's cache).
    """
    colours: dict[tuple, object] = {}
    urls = {id(image): url for url, image in screen_images.items() if image is not None}
    set_color = Stream.set_color
    raster_draw, svg_draw = RasterImage.draw, SVGImage.draw

    def inked(self, color, stroke=False):
        if color.space in ("srgb", "hsl", "hwb"):
            *channels, alpha = color.to("srgb")
            rgb = tuple(max(0, min(255, round(c * 255))) for c in channels)
            key = (rgb, alpha)
            if key not in colours:
                colours[key] = parse_color(converter.css_colour(rgb, alpha))
            color = colours[key]
        return set_color(self, color, stroke)

    def press_image(image):
        url = urls.get(id(image))
        if url is None:  # an inline SVG of the page: its colours go through inked()
            return image
        context = getattr(image, "_context", None)
        swapped = get_image_from_uri(press_fetcher.images, press_fetcher, DEFAULT_OPTIONS, url, context=context)
        return swapped if swapped is not None else image

    def draw_raster(self, *args, **kwargs):
        return raster_draw(press_image(self), *args, **kwargs)

    def draw_svg(self, *args, **kwargs):
        image = press_image(self)
        return (svg_draw if isinstance(image, SVGImage) else type(image).draw)(image, *args, **kwargs)

    Stream.set_color = inked
    RasterImage.draw, SVGImage.draw = draw_raster, draw_svg
    try:
        yield
    finally:
        Stream.set_color = set_color
        RasterImage.draw, SVGImage.draw = raster_draw, svg_draw
