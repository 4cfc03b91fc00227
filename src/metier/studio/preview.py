"""The live preview: one output of a (draft) workspace rendered to page images.

The resident workspace renders the output (:meth:`ResidentWorkspace.render
<metier.load.resident.ResidentWorkspace.render>`: fonts, stylesheets and
templates kept warm, nothing written); its PDF pages become PNG images with
pypdfium2 (:func:`metier.proof.pages.iter_page_images`). The last few previews
are kept in memory, by number, for the page's ``<img>`` and download links.
"""

from __future__ import annotations

import io
import itertools
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from metier.proof.pages import iter_page_images

DPI = 72
KEEP = 12


@dataclass
class Preview:
    """One rendered output: its PDF, its page images, and what the build would say about it."""

    number: int
    path: str
    pdf: bytes | None
    pages: list[bytes] = field(default_factory=list)
    budget: int | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def over_budget(self, page: int) -> bool:
        """Whether 1-based *page* runs past the layout's page budget."""
        return self.budget is not None and page > self.budget


class Previews:
    """The recent previews, by number (thread-safe)."""

    def __init__(self):
        self._kept: OrderedDict[int, Preview] = OrderedDict()
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def render(self, resident, output, workspace=None) -> Preview:
        """Render *output* on *workspace* (a draft) or the resident one, and keep the result."""
        start = time.perf_counter()
        result = resident.render(output, workspace)
        done = result.output
        pages = []
        if result.pdf:
            for image in iter_page_images(result.pdf, DPI):
                buffer = io.BytesIO()
                image.save(buffer, "PNG", optimize=False, compress_level=1)
                pages.append(buffer.getvalue())
        with self._lock:
            preview = Preview(next(self._numbers), done.path, result.pdf, pages, done.budget,
                              list(done.warnings), done.error, time.perf_counter() - start)
            self._kept[preview.number] = preview
            while len(self._kept) > KEEP:
                self._kept.popitem(last=False)
        return preview

    def get(self, number: int) -> Preview | None:
        """The kept preview *number*, or None when it is gone."""
        with self._lock:
            return self._kept.get(number)
