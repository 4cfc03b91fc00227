"""PDF bytes from HTML (WeasyPrint), with every WeasyPrint warning captured.

One :class:`PdfRenderer` serves a whole batch: it keeps a single WeasyPrint
``FontConfiguration``, which keeps memory flat over hundreds of sheets and is
faster than a new one per document. WeasyPrint's log messages (unsupported CSS,
an image that cannot be read) are collected per document and returned, so the
build can report them with the output they belong to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from weasyprint import HTML
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

    def render(self, html: str, fetcher) -> RenderedPdf:
        """Lay out *html* and write it as PDF; assets are read through *fetcher* only."""
        collector = _Collector()
        _LOGGER.addHandler(collector)
        previous_level = _LOGGER.level
        _LOGGER.setLevel(logging.WARNING)
        try:
            document = HTML(string=html, base_url=ASSET_ROOT, url_fetcher=fetcher).render(
                font_config=self.font_config
            )
            pdf = document.write_pdf()
        finally:
            _LOGGER.removeHandler(collector)
            _LOGGER.setLevel(previous_level)
        anchors = {}
        for number, page in enumerate(document.pages, 1):
            for name in page.anchors:
                anchors.setdefault(name, number)
        return RenderedPdf(pdf=pdf, pages=len(document.pages), warnings=collector.messages, anchors=anchors)
