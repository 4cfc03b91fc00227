"""PDF pages as images, with pypdfium2: what a reviewer looks at instead of opening each PDF.

:func:`page_images` renders every page of a PDF at a resolution; :func:`write_pages`
writes them as ``<pdf stem>-p01.png``, ``-p02.png``... into a folder and removes
the images of pages the document no longer has, so that a folder of proofs
always matches the PDF it was made from. The same PDF and resolution always give
the same file names and the same pixels.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Iterator

from PIL import Image

from metier.build.writer import write_atomic
from metier.errors import MetierError

DEFAULT_DPI = 96
POINTS_PER_INCH = 72


class UnreadablePDF(MetierError):
    """The PDF could not be opened or a page could not be rendered (missing, truncated, not a PDF)."""


def pixel_size(points: float, dpi: int) -> int:
    """The number of pixels a length of *points* (1/72 inch) takes at *dpi*, as pdfium rounds it (up)."""
    return math.ceil(points * dpi / POINTS_PER_INCH)


def iter_page_images(pdf_path: Path | str | bytes, dpi: int = DEFAULT_DPI) -> Iterator[Image.Image]:
    """Yield the pages of the PDF at *pdf_path* (or of the PDF bytes given) one by one as RGB images at *dpi*.

    Bytes serve a PDF that was never written, such as the studio's preview.

    One page is in memory at a time, so a long brochure does not hold every page
    image at once; the document is closed when the iteration ends or stops early.
    """
    for _, image in _pages(pdf_path, dpi):
        yield image


def _pages(pdf_path: Path | str | bytes, dpi: int) -> Iterator[tuple[int, Image.Image]]:
    """Yield (page count, page image) for every page, opening the document once.

    Raises :class:`UnreadablePDF` when the file is missing or pdfium cannot read it.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf_path if isinstance(pdf_path, bytes) else str(pdf_path))
    except (pdfium.PdfiumError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        name = "PDF" if isinstance(pdf_path, bytes) else pdf_path
        raise UnreadablePDF(f"{name}: {reason}") from exc
    try:
        count = len(document)
        for index in range(count):
            page = document[index]
            try:
                try:
                    bitmap = page.render(scale=dpi / POINTS_PER_INCH)
                except pdfium.PdfiumError as exc:
                    raise UnreadablePDF(f"{pdf_path}, page {index + 1}: {exc}") from exc
                try:
                    # to_pil() may share the bitmap's memory: copy it before the bitmap is closed.
                    image = bitmap.to_pil().convert("RGB").copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
            yield count, image
    finally:
        document.close()


def page_images(pdf_path: Path | str, dpi: int = DEFAULT_DPI) -> list[Image.Image]:
    """Every page of the PDF at *pdf_path* as an RGB image at *dpi*, in order."""
    return list(iter_page_images(pdf_path, dpi))


def page_name(stem: str, number: int, count: int) -> str:
    """The file name of page *number* (from 1) of a document of *count* pages: ``<stem>-p01.png``.

    Numbers have at least two digits, more when the document has 100 pages or
    more, so that the files sort in page order.
    """
    return f"{stem}-p{number:0{max(2, len(str(count)))}d}.png"


def remove_pages(folder: Path | str, stem: str, keep=()) -> list[Path]:
    """Remove the page images of *stem* in *folder* except those in *keep*; the removed paths.

    Only files named exactly ``<stem>-p<digits>.png`` go: the pages of
    ``soc`` never take those of ``soc-pilot`` with them.
    """
    folder = Path(folder)
    pattern = re.compile(re.escape(stem) + r"-p\d+\.png")
    keep = {Path(p).name for p in keep}
    removed = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if pattern.fullmatch(path.name) and path.name not in keep:
                path.unlink()
                removed.append(path)
    return removed


def write_pages(pdf_path: Path | str, folder: Path | str, dpi: int = DEFAULT_DPI, *,
                stem: str | None = None) -> list[Path]:
    """Write every page of the PDF at *pdf_path* as a PNG in *folder*; the paths, in page order.

    Files are named after the PDF (or *stem*): ``<stem>-p01.png``. Each one is
    written atomically, and the images of pages beyond the document's end, left
    by an earlier, longer version, are removed. Raises :class:`UnreadablePDF`
    when the PDF cannot be read, :class:`OSError` when *folder* cannot be written.
    """
    folder = Path(folder)
    stem = stem or Path(pdf_path).stem
    paths = []
    for number, (count, image) in enumerate(_pages(pdf_path, dpi), start=1):
        buffer = io.BytesIO()
        image.save(buffer, "PNG", dpi=(dpi, dpi))
        path = folder / page_name(stem, number, count)
        write_atomic(path, buffer.getvalue())
        paths.append(path)
    remove_pages(folder, stem, keep=paths)
    return paths
