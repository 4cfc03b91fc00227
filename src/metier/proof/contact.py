"""Contact sheets: every page of a target's documents for one campus, as thumbnails on A4 sheets.

A contact sheet is what a reviewer who does not read YAML or build logs checks:
one group per document (a profile's sheet or flyer, a brochure, a booklet),
headed by its name, its page count and its file, followed by a thumbnail of
each of its pages, numbered. Pages beyond the document's page budget are framed
in red and its label says by how much it is over; an output that failed is a
placeholder with its error, never left out. The header names the target and the
campus and counts documents, pages, overruns and failures; nothing on it
depends on the date or the machine, so the same documents give the same pixels.

Size and long targets. Each contact-sheet page is an A4 portrait image at
150 dpi (1240 x 1754 pixels), the size a screen shows whole and a printer prints
as it is. Thumbnails are 180 pixels high (about 3 cm printed): small, but enough
to see the layout, the pictures and where a page overflows. Groups flow left to
right and wrap; when a campus has more than one page can hold (30 profiles of 4
pages each take 3 pages), the contact sheet gets more pages rather than becoming
one tall image that a viewer would shrink to an unreadable strip. A document too
long for one page continues on the next, its label marked "continued".
:func:`save_contact_sheet` writes ``contact-sheet.png``, ``contact-sheet-2.png``...
and ``contact-sheet.pdf`` with every page, for printing.

The library only draws and writes: the caller (``metier preview``) chooses the
words of the title and what each document is called. Other sentences come from
the message catalogue.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from PIL import Image, ImageDraw, ImageFont

from metier.build.writer import write_atomic
from metier.messages import msg

# An A4 portrait page at 150 dpi.
SHEET_DPI = 150
SHEET_SIZE = (1240, 1754)
MARGIN = 48
THUMB_HEIGHT = 180
PORTRAIT_WIDTH = round(THUMB_HEIGHT * 210 / 297)  # the width of an A4 or A5 portrait page's thumbnail
GUTTER = 14  # between the thumbnails of one document
GROUP_GAP = 40  # between two documents side by side
ROW_GAP = 30  # between two rows of documents
NUMBER_HEIGHT = 22  # the page number under a thumbnail
MIN_GROUP_WIDTH = 2 * PORTRAIT_WIDTH + GUTTER  # room for a readable name under a one-page flyer
FAILED_GROUP_WIDTH = 4 * PORTRAIT_WIDTH + 3 * GUTTER  # room for the error beside the placeholder
FRAME = 5  # the red frame of a page beyond the budget, outside the thumbnail

INK = (24, 28, 34)
MUTED = (98, 104, 112)
HAIRLINE = (176, 180, 186)
RULE = (222, 225, 229)
RED = (200, 28, 36)
RED_TINT = (253, 236, 236)
AMBER = (168, 92, 0)
WHITE = (255, 255, 255)


@dataclass
class Entry:
    """One document on a contact sheet: its name, its pages and what went wrong with it.

    *pages* are page images or paths of PNG files, in order. *budget* is the
    number of pages the document should fit in (pages beyond it are framed in
    red); *overflow* is the build's record of an overrun (``pages``, ``budget``,
    ``section``, ``amount``, each optional). *error* marks an output that was not
    built: it is drawn as a placeholder with that error. *warnings* are shown
    (the first one, and how many) when there is no overflow to show.
    """

    name: str
    detail: str = ""
    pages: Sequence[Path | str | Image.Image] = ()
    budget: int | None = None
    overflow: dict | None = None
    error: str | None = None
    warnings: Sequence[str] = ()

    @property
    def page_budget(self) -> int | None:
        """The page budget: the entry's own, else the one its overflow record names."""
        if self.budget:
            return self.budget
        budget = (self.overflow or {}).get("budget")
        return budget if isinstance(budget, int) and budget > 0 else None

    @property
    def over_budget(self) -> bool:
        """True when the document has more pages than its budget, or the build recorded an overflow."""
        budget = self.page_budget
        return self.error is None and (bool(self.overflow) or (budget is not None and len(self.pages) > budget))

    @property
    def first_over(self) -> int | None:
        """The first page (from 1) beyond the budget, framed in red with the pages after it; None if none is.

        A budget is compared with the whole document only when the overflow
        record, if any, counts the document's own pages: a brochure entry's
        overrun (its budget is per entry) marks the label, not the pages.
        """
        budget = self.page_budget
        if self.error is not None or budget is None or len(self.pages) <= budget:
            return None
        counted = (self.overflow or {}).get("pages")
        return budget + 1 if counted in (None, len(self.pages)) else None


@dataclass(frozen=True)
class Thumb:
    """Where one thumbnail (or one failed output's placeholder) is drawn.

    *entry* indexes the entries given to :func:`contact_sheet`; *page* counts
    from 1 (0 for a placeholder); *sheet* is the contact-sheet page (from 0);
    *box* is (left, top, right, bottom) in that page's pixels, without the frame.
    """

    entry: int
    page: int
    sheet: int
    box: tuple[int, int, int, int]
    over_budget: bool = False
    placeholder: bool = False


@dataclass
class ContactSheet:
    """The drawn contact sheet: its pages (A4 images) and every thumbnail's place on them."""

    images: list[Image.Image]
    thumbs: list[Thumb] = field(default_factory=list)

    @property
    def pages(self) -> list[Thumb]:
        """The thumbnails of document pages (placeholders left out)."""
        return [t for t in self.thumbs if not t.placeholder]


@lru_cache(maxsize=None)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Inter at *size* pixels, from the built-in base layout (Pillow's own font if it cannot be read)."""
    from metier.render.layouts import BASE, builtin_dir

    path = builtin_dir() / BASE / "fonts" / ("Inter-Bold.otf" if bold else "Inter-Regular.otf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:  # pragma: no cover - a broken installation still gets a contact sheet
        return ImageFont.load_default(size)


# --- text -----------------------------------------------------------------

def _width(text: str, face) -> float:
    return face.getlength(text)


def ellipsize(text: str, face, width: float) -> str:
    """*text* cut with an ellipsis so that it fits in *width* pixels."""
    if _width(text, face) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        mid = (low + high + 1) // 2
        if _width(text[:mid].rstrip() + "…", face) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def _prefix(word: str, face, width: float) -> str:
    """The longest start of *word* that fits in *width* pixels (at least one character)."""
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if _width(word[:mid], face) <= width:
            low = mid
        else:
            high = mid - 1
    return word[:low]


def wrap(text: str, face, width: float, max_lines: int) -> list[str]:
    """*text* broken at spaces into at most *max_lines* lines of *width* pixels, the last one ellipsized.

    No-break spaces (French typography) never break a line; a word longer than
    a line is cut.
    """
    lines: list[str] = []
    line = ""
    for word in (w for w in re.split(r"[ \t\r\n]+", text.strip()) if w):
        candidate = f"{line} {word}" if line else word
        if _width(candidate, face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while _width(word, face) > width:
            cut = _prefix(word, face, width)
            lines.append(cut)
            word = word[len(cut):]
        line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = ellipsize(lines[-1] + "…", face, width)
    return lines


# --- layout ---------------------------------------------------------------

NAME = (20, True, INK)
DETAIL = (16, False, MUTED)
ALERT_RED = (16, True, RED)
ALERT_AMBER = (16, False, AMBER)
LINE_GAP = 5


def _line_height(style) -> int:
    return style[0] + LINE_GAP


def _size_of(page) -> tuple[int, int]:
    if isinstance(page, Image.Image):
        return page.size
    with Image.open(page) as image:
        return image.size


def _open(page) -> Image.Image:
    if isinstance(page, Image.Image):
        return page
    with Image.open(page) as image:
        image.load()
        return image.convert("RGB")


@dataclass
class _Group:
    """One document, or the part of one that fits on a contact-sheet page."""

    index: int
    entry: Entry
    rows: list[list[tuple[int, int, int]]]  # per row: (page number, thumbnail width, x offset)
    width: int
    label: list[tuple[str, tuple]]  # (text, style) lines
    placeholder: bool = False
    error_lines: list[str] = field(default_factory=list)

    @property
    def label_height(self) -> int:
        return sum(_line_height(style) for _, style in self.label) + 6

    @property
    def body_height(self) -> int:
        return len(self.rows) * (THUMB_HEIGHT + NUMBER_HEIGHT) + (len(self.rows) - 1) * GUTTER


def _pages_text(n: int) -> str:
    return msg("proof_pages_one") if n == 1 else msg("proof_pages", n=n)


def _alerts(entry: Entry) -> list[tuple[str, tuple]]:
    """The red or amber lines under a document's name: its overrun, else its warnings."""
    if entry.error is not None:
        return []
    if entry.over_budget:
        overflow = entry.overflow or {}
        budget = entry.page_budget
        pages = overflow.get("pages") or len(entry.pages)
        amount = overflow.get("amount")
        if not amount and budget and pages > budget:
            amount = _pages_text(pages - budget)
        text = msg("proof_over_budget", amount=amount) if amount else msg("proof_over_budget_unknown")
        if budget:
            text += msg("proof_budget", budget=_pages_text(budget))
        if overflow.get("section"):
            text += msg("proof_overflow_section", section=overflow["section"])
        return [(text, ALERT_RED)]
    if entry.warnings:
        key = "proof_warnings_one" if len(entry.warnings) == 1 else "proof_warnings"
        return [(msg(key, n=len(entry.warnings), first=entry.warnings[0]), ALERT_AMBER)]
    return []


def _label(entry: Entry, width: int, continued: bool) -> list[tuple[str, tuple]]:
    name = entry.name + (msg("proof_continued") if continued else "")
    lines = [(line, NAME) for line in wrap(name, font(NAME[0], True), width, 2)]
    if entry.error is not None:
        detail = msg("proof_not_built")
    else:
        detail = _pages_text(len(entry.pages))
    if entry.detail:
        detail += " · " + entry.detail
    lines.append((ellipsize(detail, font(DETAIL[0]), width), DETAIL))
    for text, style in _alerts(entry):
        # An overrun is the reviewer's business: up to three lines. Warnings are the author's: one line.
        lines += [(line, style) for line in wrap(text, font(style[0], style[1]), width, 3 if style is ALERT_RED else 1)]
    return lines


def _groups(index: int, entry: Entry, usable: int, body: int) -> list[_Group]:
    """The groups of one entry: its thumbnails in rows of at most *usable* pixels, split to fit *body*."""
    if entry.error is not None or not entry.pages:
        width = min(usable, FAILED_GROUP_WIDTH)
        error = entry.error if entry.error is not None else msg("proof_no_pages")
        text_width = width - PORTRAIT_WIDTH - GUTTER
        face = font(DETAIL[0])
        lines = wrap(error, face, text_width, max(1, (THUMB_HEIGHT + NUMBER_HEIGHT) // _line_height(DETAIL)))
        group = _Group(index, entry, [[(0, PORTRAIT_WIDTH, 0)]], width, [], placeholder=True, error_lines=lines)
        group.label = _label(entry, width, False)
        return [group]
    rows: list[list[tuple[int, int, int]]] = [[]]
    x = 0
    for number, page in enumerate(entry.pages, start=1):
        w, h = _size_of(page)
        thumb = min(usable, max(1, round(w * THUMB_HEIGHT / h)))
        if rows[-1] and x + thumb > usable:
            rows.append([])
            x = 0
        rows[-1].append((number, thumb, x))
        x += thumb + GUTTER
    width = max(MIN_GROUP_WIDTH, max(r[-1][2] + r[-1][1] for r in rows))
    width = min(width, usable)
    first = _Group(index, entry, rows, width, _label(entry, width, False))
    row_height = THUMB_HEIGHT + NUMBER_HEIGHT + GUTTER
    per_part = max(1, (body - first.label_height + GUTTER) // row_height)
    if len(rows) <= per_part:
        return [first]
    parts = []
    for start in range(0, len(rows), per_part):
        label = _label(entry, width, start > 0)
        parts.append(_Group(index, entry, rows[start:start + per_part], width, label))
    return parts


def _shelves(groups: list[_Group], usable: int) -> list[list[tuple[_Group, int]]]:
    """Groups placed left to right in rows (shelves) no wider than *usable*: (group, x offset)."""
    shelves: list[list[tuple[_Group, int]]] = []
    x = usable + 1
    for group in groups:
        if x + group.width > usable:
            shelves.append([])
            x = 0
        shelves[-1].append((group, x))
        x += group.width + GROUP_GAP
    return shelves


def summary(entries: Sequence[Entry]) -> list[str]:
    """What a contact sheet shows, in words: documents, pages, then overruns and failures if any."""
    pages = sum(len(e.pages) for e in entries if e.error is None)
    parts = [msg("proof_documents_one") if len(entries) == 1 else msg("proof_documents", n=len(entries)),
             _pages_text(pages)]
    over = sum(e.over_budget for e in entries)
    failed = sum(e.error is not None for e in entries)
    if over:
        parts.append(msg("proof_count_over_budget", n=over))
    if failed:
        parts.append(msg("proof_count_not_built", n=failed))
    return parts


def _header_lines(entries: Sequence[Entry], title: str, subtitle: str) -> list[tuple[str, tuple]]:
    parts = summary(entries)
    problems = any(e.over_budget or e.error is not None for e in entries)
    lines = [(title, (34, True, INK))]
    if subtitle:
        lines.append((subtitle, (19, False, MUTED)))
    lines.append((" · ".join(parts), (19, True, RED if problems else INK)))
    if any(e.first_over for e in entries):
        lines.append((msg("proof_legend"), (16, False, MUTED)))
    return lines


def contact_sheet(entries: Sequence[Entry], title: str, subtitle: str = "") -> ContactSheet:
    """Draw the contact sheet of *entries* under *title* (and *subtitle*): its pages and thumbnails' places.

    One thumbnail per page of every entry, one placeholder per entry that
    failed; see the module docstring for the layout.
    """
    width, height = SHEET_SIZE
    usable = width - 2 * MARGIN
    header = [(ellipsize(text, font(style[0], style[1]), usable), style)
              for text, style in _header_lines(entries, title, subtitle)]
    header_height = sum(style[0] + 10 for _, style in header) + 18
    footer_height = 40
    top = MARGIN + header_height
    bottom = height - MARGIN - footer_height
    groups = [g for i, e in enumerate(entries) for g in _groups(i, e, usable, bottom - top)]
    shelves = _shelves(groups, usable)

    pages: list[list[tuple[list[tuple[_Group, int]], int, int]]] = [[]]  # per page: (shelf, y, label height)
    y = top
    for shelf in shelves:
        label_height = max(g.label_height for g, _ in shelf)
        shelf_height = label_height + max(g.body_height for g, _ in shelf)
        if pages[-1] and y + shelf_height > bottom:
            pages.append([])
            y = top
        pages[-1].append((shelf, y, label_height))
        y += shelf_height + ROW_GAP

    sheet = ContactSheet([])
    cache: dict[int, Image.Image] = {}
    for number, page in enumerate(pages):
        image = Image.new("RGB", SHEET_SIZE, WHITE)
        draw = ImageDraw.Draw(image)
        _draw_header(draw, header, usable)
        for shelf, y, label_height in page:
            for group, x in shelf:
                _draw_group(image, draw, sheet, number, group, MARGIN + x, y, label_height, cache)
        footer = msg("proof_footer", page=number + 1, pages=len(pages))
        face = font(15)
        draw.line((MARGIN, height - MARGIN - 26, width - MARGIN, height - MARGIN - 26), fill=RULE, width=1)
        draw.text((MARGIN, height - MARGIN - 16), ellipsize(title, face, usable - 200), font=face, fill=MUTED)
        draw.text((width - MARGIN, height - MARGIN - 16), footer, font=face, fill=MUTED, anchor="ra")
        sheet.images.append(image)
    return sheet


def _draw_header(draw: ImageDraw.ImageDraw, lines, usable: int) -> None:
    y = MARGIN
    for text, (size, bold, colour) in lines:
        draw.text((MARGIN, y), text, font=font(size, bold), fill=colour)
        y += size + 10
    draw.line((MARGIN, y + 6, MARGIN + usable, y + 6), fill=RULE, width=2)


def _draw_group(image, draw, sheet: ContactSheet, number: int, group: _Group, x: int, y: int, label_height: int,
                cache: dict) -> None:
    """Draw one group: its label at (x, y), its thumbnails under the shelf's labels."""
    line_y = y
    for text, (size, bold, colour) in group.label:
        draw.text((x, line_y), text, font=font(size, bold), fill=colour)
        line_y += size + LINE_GAP
    top = y + label_height
    entry = group.entry
    first_over = entry.first_over
    for row_number, row in enumerate(group.rows):
        row_top = top + row_number * (THUMB_HEIGHT + NUMBER_HEIGHT + GUTTER)
        for page, w, dx in row:
            box = (x + dx, row_top, x + dx + w, row_top + THUMB_HEIGHT)
            if group.placeholder:
                _draw_placeholder(draw, box, group)
                sheet.thumbs.append(Thumb(group.index, 0, number, box, placeholder=True))
                continue
            over = first_over is not None and page >= first_over
            _draw_thumb(image, draw, box, entry.pages[page - 1], over)
            face = font(14, over)
            draw.text((box[0] + w // 2, box[3] + 5), str(page), font=face, fill=RED if over else MUTED, anchor="ma")
            sheet.thumbs.append(Thumb(group.index, page, number, box, over_budget=over))


def _draw_thumb(image: Image.Image, draw: ImageDraw.ImageDraw, box, page, over: bool) -> None:
    left, top, right, bottom = box
    with _thumbnail(page, (right - left, bottom - top)) as thumb:
        image.paste(thumb, (left, top))
    if over:
        draw.rectangle((left - FRAME, top - FRAME, right + FRAME - 1, bottom + FRAME - 1), outline=RED, width=FRAME)
    else:
        draw.rectangle((left - 1, top - 1, right, bottom), outline=HAIRLINE, width=1)


def _thumbnail(page, size: tuple[int, int]) -> Image.Image:
    image = _open(page)
    thumb = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if image is not page:
        image.close()
    return thumb


def _draw_placeholder(draw: ImageDraw.ImageDraw, box, group: _Group) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, fill=RED_TINT, outline=RED, width=3)
    draw.line((left + 3, top + 3, right - 4, bottom - 4), fill=(240, 190, 190), width=2)
    draw.line((left + 3, bottom - 4, right - 4, top + 3), fill=(240, 190, 190), width=2)
    face = font(17, True)
    centre = (left + right) // 2, (top + bottom) // 2
    words = msg("proof_placeholder")
    draw.rectangle((centre[0] - _width(words, face) / 2 - 6, centre[1] - 14, centre[0] + _width(words, face) / 2 + 6,
                    centre[1] + 14), fill=RED_TINT)
    draw.text(centre, words, font=face, fill=RED, anchor="mm")
    face = font(DETAIL[0])
    y = top
    for line in group.error_lines:
        draw.text((right + GUTTER, y), line, font=face, fill=RED)
        y += _line_height(DETAIL)


# --- files ----------------------------------------------------------------

def sheet_names(name: str, count: int) -> list[str]:
    """The PNG file names of a contact sheet of *count* pages: ``NAME.png``, ``NAME-2.png``..."""
    return [f"{name}.png" if n == 1 else f"{name}-{n}.png" for n in range(1, count + 1)]


def save_contact_sheet(sheet: ContactSheet, folder: Path | str, name: str = "contact-sheet") -> list[Path]:
    """Write *sheet* into *folder* as PNG pages and one PDF for printing; the paths, PNGs first.

    ``NAME.png`` is the first page, ``NAME-2.png`` the second...; ``NAME.pdf``
    holds them all at A4. Pages left by an earlier, longer contact sheet are
    removed. Both formats are byte-for-byte the same for the same sheet.
    """
    folder = Path(folder)
    names = sheet_names(name, len(sheet.images))
    paths = []
    for image, file_name in zip(sheet.images, names):
        buffer = io.BytesIO()
        image.save(buffer, "PNG", dpi=(SHEET_DPI, SHEET_DPI), optimize=False)
        path = folder / file_name
        write_atomic(path, buffer.getvalue())
        paths.append(path)
    stale = re.compile(re.escape(name) + r"-\d+\.png")
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if stale.fullmatch(path.name) and path.name not in names:
                path.unlink()
    pdf = folder / f"{name}.pdf"
    write_atomic(pdf, _pdf(sheet.images))
    paths.append(pdf)
    return paths


def _pdf(images: Sequence[Image.Image]) -> bytes:
    """The images as the pages of an A4 PDF, losslessly compressed, with no date in it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle("Contact sheet")
    canvas.setCreator("metier preview")
    for image in images:
        canvas.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
