"""PDF bytes from HTML (WeasyPrint), with every WeasyPrint warning captured.

One :class:`PdfRenderer` serves a whole batch (or one worker process of it).
It keeps what a plain ``HTML(...).write_pdf()`` loop would redo for every
document:

* a single WeasyPrint ``FontConfiguration``, which keeps memory flat over
  hundreds of sheets and loads each ``@font-face`` once;
* every linked stylesheet, parsed once per file: the document's ``<link>`` and
  ``<style>`` elements are taken out of the parsed tree and handed to
  WeasyPrint, in document order, as pre-parsed stylesheets of one origin (so
  the cascade is unchanged: same origin, same order, same specificities);
* decoded images (logos, pictures), per fetcher, since one URL may name a
  different file for another campus.

WeasyPrint's log messages (unsupported CSS, an image that cannot be read) are
collected per document and returned, so the build can report them with the
output they belong to.

Each document is written as one :class:`~metier.press.variant.Variant`:
PDF/UA-1 for the screen, or PDF/X for the press, whose colours (stylesheets,
``style`` attributes, inline SVG) are converted to CMYK here and whose crop
marks are drawn after layout. Dates and the XMP document id come from the
document itself, so the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from urllib.parse import urljoin

import cssselect2
from weasyprint import CSS, HTML
from weasyprint.css.media_queries import evaluate_media_query
from weasyprint.text.fonts import FontConfiguration

from metier.press.colours import cmyk_css, cmyk_declarations
from metier.press.variant import SCREEN, Variant
from metier.render.environment import ASSET_ROOT
from metier.render.pagination import Overflow, PageProblem, overflow, page_problems
from metier.render.streams import compressed_once

_SVG_PAINT = ("fill", "stroke", "stop-color", "flood-color", "color")

_LOGGER = logging.getLogger("weasyprint")


@dataclass
class RenderedPdf:
    """A rendered document: its PDF bytes, page count and WeasyPrint's warnings."""

    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    """The 1-based page of every element id (for tables of contents and page budgets)."""
    overflow: Overflow | None = None
    """How the document runs past the page budget it was rendered with (None: it fits, or no budget)."""
    problems: list[PageProblem] = field(default_factory=list)
    """Headings alone at the bottom of a page, blocks that should not split but did."""
    body_size: float | None = None
    """The root font size as laid out, in points (where the fitting steps start from)."""
    fill: list[float] = field(default_factory=list)
    """The share of each page's height that holds something (:mod:`metier.render.fill`)."""
    space_left: list[float] = field(default_factory=list)
    """The empty height below each page's last content, in millimetres."""
    underfilled: list = field(default_factory=list)
    """Pages filled under the minimum (:class:`~metier.render.fill.Underfilled`), covers and such left out."""
    pictures: list = field(default_factory=list)
    """Photos of the data as printed (:class:`~metier.render.resolution.Printed`): press files only."""


HARFBUZZ_HINT = "HarfBuzz-Subset"
"""WeasyPrint's notice that it subsets fonts without HarfBuzz: an install hint, not a layout problem."""


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if HARFBUZZ_HINT in message:
            PdfRenderer.harfbuzz_missing = True
        else:
            self.messages.append(message)


@contextmanager
def _collected():
    """WeasyPrint's warnings logged inside this block, collected (a :class:`_Collector`)."""
    collector = _Collector()
    _LOGGER.addHandler(collector)
    previous_level = _LOGGER.level
    _LOGGER.setLevel(logging.WARNING)
    try:
        yield collector
    finally:
        _LOGGER.removeHandler(collector)
        _LOGGER.setLevel(previous_level)


@dataclass
class LaidOut:
    """A WeasyPrint document laid out and not yet written, with what its layout told."""

    document: object
    html: str
    variant: Variant
    geometry: Variant | None
    """The press variant whose bleed a shared layout has (None: laid out for *variant* alone)."""
    warnings: list[str]
    anchors: dict[str, int]
    overflow: Overflow | None
    problems: list[PageProblem]
    body_size: float | None
    fill: list[float] = field(default_factory=list)
    space_left: list[float] = field(default_factory=list)
    underfilled: list = field(default_factory=list)
    pictures: list = field(default_factory=list)
    """Photos as printed, with their resolution: measured when a press file is made from this layout."""

    @property
    def pages(self) -> int:
        """Its page count."""
        return len(self.document.pages)

    def result(self, pdf: bytes, press: bool = False) -> RenderedPdf:
        """The :class:`RenderedPdf` of this layout written as *pdf* (a *press* file lists its photos)."""
        return RenderedPdf(pdf=pdf, pages=self.pages, warnings=list(self.warnings), anchors=self.anchors,
                           overflow=self.overflow, problems=self.problems, body_size=self.body_size,
                           fill=self.fill, space_left=self.space_left, underfilled=self.underfilled,
                           pictures=self.pictures if press else [])


class PdfRenderer:
    """Renders HTML strings to PDF, sharing fonts across a batch."""

    harfbuzz_missing = False
    """Set once WeasyPrint reported that libharfbuzz-subset is missing (slower, larger PDFs)."""

    def __init__(self):
        self.font_config = FontConfiguration()
        # WeasyPrint copies @font-face files into a temporary folder that it removes
        # when the configuration is garbage-collected, which never happens in a worker
        # process that exits: remove it when this renderer goes, or at process exit.
        Finalize(self, _remove_font_folder, args=(self.font_config,), exitpriority=10)
        self._sheets: dict[tuple, CSS] = {}
        self._profiles: dict[tuple, dict] = {}  # variant key -> the colour profiles its stylesheet declares

    def render(self, html: str, fetcher, variant: Variant = SCREEN, date: dt.date | None = None,
               budget: int | None = None, fill_min: float = 0.6) -> RenderedPdf:
        """Lay out *html* and write it as PDF in *variant*; assets are read through *fetcher* only.

        Images are cached on *fetcher* (its ``images`` dictionary, when it has
        one): give each search path and variant its own fetcher and reuse it.
        *date* is written as the document's creation date (PDF/X requires one).
        With a page *budget*, the result says how far the document runs past it;
        pages filled under *fill_min* of their height are listed (see :mod:`metier.render.fill`),
        and a press file lists the photos it prints with their resolution.
        """
        laid = self.lay_out(html, fetcher, variant, budget, fill_min=fill_min)
        return laid.result(self.write(laid, variant, fetcher, date), variant.press)

    def lay_out(self, html: str, fetcher, variant: Variant = SCREEN, budget: int | None = None,
                geometry: Variant | None = None, fill_min: float = 0.6) -> "LaidOut":
        """*html* laid out for *variant*, not yet written (see :meth:`write`).

        With a press *geometry*, the document is laid out with the screen's
        colours and images and the press file's bleed, so that both files can
        be written from it (:mod:`metier.render.ink`).
        """
        with _collected() as collector:
            parsed = HTML(string=html, base_url=ASSET_ROOT, url_fetcher=fetcher)
            sheets = self._take_stylesheets(parsed, fetcher, variant, geometry)
            if variant.press:
                _convert_inline_colours(parsed, variant)
            profiles = self._profiles.get((geometry or variant).key, {})
            document = parsed.render(font_config=self.font_config, stylesheets=sheets,
                                     color_profiles=dict(profiles), cache=getattr(fetcher, "images", None))
        anchors = {}
        for number, page in enumerate(document.pages, 1):
            for name in page.anchors:
                anchors.setdefault(name, number)
        root = document.pages[0]._page_box.children[0] if document.pages else None
        body_size = round(root.style["font_size"] * 0.75, 2) if root is not None else None  # CSS px to pt
        from metier.render.fill import measure, underfilled
        from metier.render.resolution import printed_pictures

        measured = [measure(page) for page in document.pages]
        fills = [round(fill, 3) for fill, _ in measured]
        press = variant.press or (geometry is not None and geometry.press)
        return LaidOut(document, html, variant, geometry, collector.messages, anchors,
                       overflow(document.pages, budget), page_problems(document.pages), body_size,
                       fills, [round(left, 1) for _, left in measured], underfilled(document.pages, fills, fill_min),
                       printed_pictures(document.pages) if press else [])

    def write(self, laid: "LaidOut", variant: Variant, fetcher, date: dt.date | None = None,
              screen_fetcher=None) -> bytes:
        """The PDF bytes of *laid* written as *variant* (its own, or either file of a shared layout).

        A press file written from a shared layout takes its images from
        *fetcher* (the press fetcher) in place of those of *screen_fetcher*
        (the one the layout used). WeasyPrint's warnings go to *laid*.
        """
        from metier.render.ink import as_screen, in_ink

        document = laid.document
        if date is not None:
            stamp = dt.datetime.combine(date, dt.time(), dt.timezone.utc).isoformat()
            document.metadata.created = document.metadata.created or stamp
            document.metadata.modified = document.metadata.modified or stamp
        shared = laid.geometry is not None
        if not shared:
            view = nullcontext()
        elif variant.press:
            view = in_ink(variant.converter, getattr(screen_fetcher, "images", {}), fetcher)
        else:
            view = as_screen(document)
        with _collected() as collector, view, _document_id(laid.html, variant), compressed_once():
            pdf = document.write_pdf(pdf_variant=variant.standard)
        laid.warnings.extend(m for m in collector.messages if not shared or m not in laid.warnings)
        if variant.press:
            from metier.press.marks import MM, add_marks

            pdf = add_marks(pdf, variant.bleed_mm * MM, marks=variant.marks, condition=variant.condition,
                            flatten=variant.flatten)
        return pdf

    def _take_stylesheets(self, parsed: HTML, fetcher, variant: Variant = SCREEN,
                          geometry: Variant | None = None) -> list[CSS]:
        """Remove *parsed*'s stylesheet elements and return them as parsed stylesheets, in order.

        A linked file is parsed once per renderer and variant (keyed by the
        file it resolves to, its size and modification time); ``<style>`` text
        is parsed each time (it holds the campus colours). The variant's own
        stylesheet (bleed, output profile), or that of a shared layout's press
        *geometry*, comes last.
        """
        sheets = []
        for parent in list(parsed.etree_element.iter()):
            for element in list(parent):
                if not _is_stylesheet(element):
                    continue
                parent.remove(element)
                if not evaluate_media_query([m.strip() for m in (element.get("media") or "all").split(",")], "print"):
                    continue
                if element.tag == "style":
                    text = "".join(element.itertext())
                    if variant.press:
                        text = cmyk_css(text, variant.converter)
                    sheets.append(CSS(string=text, base_url=ASSET_ROOT, url_fetcher=fetcher,
                                      font_config=self.font_config))
                else:
                    sheets.append(self._linked(urljoin(ASSET_ROOT, element.get("href").strip()), fetcher, variant))
        sheets.append(self._variant_sheet(geometry or variant, fetcher))
        parsed.wrapper_element = cssselect2.ElementWrapper.from_html_root(parsed.etree_element, content_language=None)
        return [sheet for sheet in sheets if sheet is not None]

    def _variant_sheet(self, variant: Variant, fetcher) -> CSS:
        key = ("variant", variant.key)
        if key not in self._sheets:
            profiles = self._profiles.setdefault(variant.key, {})
            self._sheets[key] = CSS(string=variant.stylesheet(), base_url=ASSET_ROOT, url_fetcher=fetcher,
                                    font_config=self.font_config, color_profiles=profiles)
        return self._sheets[key]

    def _linked(self, href: str, fetcher, variant: Variant = SCREEN) -> CSS | None:
        resolve = getattr(fetcher, "resolve", None)
        key = None
        if resolve is not None:
            try:
                path = resolve(href)
                stat = path.stat()
                key = (str(path), stat.st_mtime_ns, stat.st_size, variant.key)
            except (OSError, ValueError):
                key = None  # WeasyPrint reports the unreadable stylesheet below
        if key is not None and key in self._sheets:
            return self._sheets[key]
        try:
            if variant.press:
                response = fetcher.fetch(href)
                try:
                    text = response.read().decode("utf-8")
                finally:
                    response.close()
                sheet = CSS(string=cmyk_css(text, variant.converter), base_url=href, url_fetcher=fetcher,
                            font_config=self.font_config)
            else:
                sheet = CSS(url=href, url_fetcher=fetcher, font_config=self.font_config)
        except Exception as exc:  # noqa: BLE001 - WeasyPrint logs and skips a stylesheet it cannot load
            _LOGGER.error("Failed to load stylesheet at %s: %s", href, exc)
            return None
        if key is not None:
            self._sheets[key] = sheet
        return sheet


def _convert_inline_colours(parsed: HTML, variant: Variant) -> None:
    """CMYK colours in ``style`` attributes and in the paint attributes of inline SVG (QR codes, charts)."""
    for element in parsed.etree_element.iter():
        if element.tag in ("svg", "{http://www.w3.org/2000/svg}svg") and element.get("fill") is None:
            element.set("fill", "device-cmyk(0 0 0 1)")  # SVG's default black, in ink
        style = element.get("style")
        if style:
            element.set("style", cmyk_declarations(style, variant.converter))
        for name in _SVG_PAINT:
            value = element.get(name)
            if value:
                converted = cmyk_declarations(f"color: {value}", variant.converter)
                element.set(name, converted.split(":", 1)[1].strip().rstrip(";"))


def _remove_font_folder(font_config: FontConfiguration) -> None:
    """Delete the temporary folder of the fonts *font_config* loaded, if it made one."""
    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None


@contextmanager
def _document_id(html: str, variant: Variant):
    """Make WeasyPrint's XMP document id a digest of the document instead of a random UUID.

    PDF/A, PDF/UA and PDF/X files carry XMP metadata with an ``xmpMM:DocumentID``
    that WeasyPrint draws from ``uuid4()``; a random id would make every build
    of unchanged input differ. The id stays unique per document and variant.
    """
    from weasyprint.pdf import metadata

    digest = hashlib.sha256((variant.name + "\0" + html).encode("utf-8")).digest()
    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.UUID(bytes=digest[:16], version=4)
    try:
        yield
    finally:
        metadata.uuid4 = original


def _is_stylesheet(element) -> bool:
    """Whether *element* is a ``<style>`` or a ``<link rel="stylesheet">`` WeasyPrint would apply."""
    if element.tag == "style":
        return element.get("type", "text/css").split(";")[0].strip() == "text/css"
    rel = element.get("rel", "").lower().split() if element.tag == "link" else []
    return "stylesheet" in rel and "alternate" not in rel and bool(element.get("href", "").strip())
