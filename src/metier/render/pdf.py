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
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

import cssselect2
from weasyprint import CSS, HTML
from weasyprint.css.media_queries import evaluate_media_query
from weasyprint.text.fonts import FontConfiguration

from metier.render.environment import ASSET_ROOT

_LOGGER = logging.getLogger("weasyprint")


@dataclass
class RenderedPdf:
    """A rendered document: its PDF bytes, page count and WeasyPrint's warnings."""

    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    """The 1-based page of every element id (for tables of contents and page budgets)."""


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


class PdfRenderer:
    """Renders HTML strings to PDF, sharing fonts across a batch."""

    harfbuzz_missing = False
    """Set once WeasyPrint reported that libharfbuzz-subset is missing (slower, larger PDFs)."""

    def __init__(self):
        self.font_config = FontConfiguration()
        self._sheets: dict[tuple, CSS] = {}

    def render(self, html: str, fetcher) -> RenderedPdf:
        """Lay out *html* and write it as PDF; assets are read through *fetcher* only.

        Images are cached on *fetcher* (its ``images`` dictionary, when it has
        one): give each search path its own fetcher and reuse it.
        """
        collector = _Collector()
        _LOGGER.addHandler(collector)
        previous_level = _LOGGER.level
        _LOGGER.setLevel(logging.WARNING)
        try:
            parsed = HTML(string=html, base_url=ASSET_ROOT, url_fetcher=fetcher)
            sheets = self._take_stylesheets(parsed, fetcher)
            document = parsed.render(font_config=self.font_config, stylesheets=sheets,
                                     cache=getattr(fetcher, "images", None))
            pdf = document.write_pdf()
        finally:
            _LOGGER.removeHandler(collector)
            _LOGGER.setLevel(previous_level)
        anchors = {}
        for number, page in enumerate(document.pages, 1):
            for name in page.anchors:
                anchors.setdefault(name, number)
        return RenderedPdf(pdf=pdf, pages=len(document.pages), warnings=collector.messages, anchors=anchors)

    def _take_stylesheets(self, parsed: HTML, fetcher) -> list[CSS]:
        """Remove *parsed*'s stylesheet elements and return them as parsed stylesheets, in order.

        A linked file is parsed once per renderer (keyed by the file it
        resolves to, its size and modification time); ``<style>`` text is
        parsed each time (it holds the campus colours).
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
                    sheets.append(CSS(string="".join(element.itertext()), base_url=ASSET_ROOT, url_fetcher=fetcher,
                                      font_config=self.font_config))
                else:
                    sheets.append(self._linked(urljoin(ASSET_ROOT, element.get("href").strip()), fetcher))
        parsed.wrapper_element = cssselect2.ElementWrapper.from_html_root(parsed.etree_element, content_language=None)
        return [sheet for sheet in sheets if sheet is not None]

    def _linked(self, href: str, fetcher) -> CSS | None:
        resolve = getattr(fetcher, "resolve", None)
        key = None
        if resolve is not None:
            try:
                path = resolve(href)
                stat = path.stat()
                key = (str(path), stat.st_mtime_ns, stat.st_size)
            except (OSError, ValueError):
                key = None  # WeasyPrint reports the unreadable stylesheet below
        if key is not None and key in self._sheets:
            return self._sheets[key]
        try:
            sheet = CSS(url=href, url_fetcher=fetcher, font_config=self.font_config)
        except Exception as exc:  # noqa: BLE001 - WeasyPrint logs and skips a stylesheet it cannot load
            _LOGGER.error("Failed to load stylesheet at %s: %s", href, exc)
            return None
        if key is not None:
            self._sheets[key] = sheet
        return sheet


def _is_stylesheet(element) -> bool:
    """Whether *element* is a ``<style>`` or a ``<link rel="stylesheet">`` WeasyPrint would apply."""
    if element.tag == "style":
        return element.get("type", "text/css").split(";")[0].strip() == "text/css"
    rel = element.get("rel", "").lower().split() if element.tag == "link" else []
    return "stylesheet" in rel and "alternate" not in rel and bool(element.get("href", "").strip())
