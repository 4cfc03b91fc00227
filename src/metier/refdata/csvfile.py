"""CSV files as public bodies publish them: whatever their encoding, separator and line ends.

Official open-data files come in every flavour: UTF-8 with or without a
byte-order mark, Windows-1252 (an Excel export), ``;`` (French Excel) or ``,``
separators, CRLF or LF line ends, and quoted cells that hold separators, quotes
(``""``) or line breaks. :func:`read_table` takes the bytes as they are and
returns the rows keyed by the header's column names, each with the line of the
file it starts on, so that a message can point at it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from metier.errors import MetierError
from metier.messages import msg

SEPARATORS = (";", ",", "\t")
"""The separators :func:`read_table` recognises, the first one winning a tie."""

MAX_BYTES = 50_000_000
"""Larger files are refused: a referential or an export of a few thousand rows is far below it."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


@dataclass(frozen=True)
class Table:
    """The rows of a CSV file.

    ``header`` holds the column names (trimmed); each row of ``rows`` maps them
    to the row's cells (trimmed; a missing trailing cell is ``""``), and
    ``lines[i]`` is the 1-based line of the file where ``rows[i]`` starts (the
    header is line 1; a cell holding line breaks makes a row span several
    lines). ``encoding`` and ``separator`` say what was detected.
    """

    header: tuple[str, ...]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    encoding: str = "utf-8"
    separator: str = ";"
    name: str = "<bytes>"
    """The file's name, for messages (``<bytes>`` when read from bytes)."""


def decode(raw: bytes) -> tuple[str, str]:
    """Decode CSV *raw* bytes; return ``(text, encoding)``.

    A byte-order mark decides (UTF-8, UTF-16); else the bytes are UTF-8 if they
    decode as such, else Windows-1252 (Excel's "CSV" on a French Windows),
    else Latin-1 (a file with one of the five bytes Windows-1252 leaves unassigned). Text is returned in
    Unicode normal form C, so that "é" is one character whichever way the
    file wrote it.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = raw.decode(encoding)
            break
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:  # one of the five bytes cp1252 leaves unassigned
                text, encoding = raw.decode("latin-1"), "latin-1"
    return unicodedata.normalize("NFC", text.lstrip("\ufeff")), encoding


def sniff_separator(text: str) -> str:
    """The separator of CSV *text*: of :data:`SEPARATORS`, the one found most often outside quotes in its first line."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    return max(SEPARATORS, key=lambda sep: counts[sep])  # max keeps the first of equal counts


def read_table(source: Path | str | bytes, name: str | None = None) -> Table:
    """Read a CSV file (a path, or its bytes) as published; see :class:`Table`.

    The encoding and the separator are detected (:func:`decode`,
    :func:`sniff_separator`); quoted cells may hold separators, doubled quotes
    and line breaks (written back as ``\\n`` whatever the file's line ends).
    Blank lines are skipped, and so are empty cells past the last column (an
    Excel habit). *name* is how messages call the file (default: its name).

    Raises :class:`MetierError` when the file cannot be read, is empty, has no
    header, or a row has more non-empty cells than the header has columns.
    """
    if isinstance(source, (bytes, bytearray)):
        raw, name = bytes(source), name or "<bytes>"
    else:
        path = Path(source)
        name = name or path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise MetierError(msg("table_too_big", name=name, limit=MAX_BYTES // 1_000_000))
            raw = path.read_bytes()
        except OSError as exc:
            raise MetierError(msg("table_unreadable", name=name, reason=exc.strerror or exc)) from None
    text, encoding = decode(raw)
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"', doublequote=True)
    header: tuple[str, ...] | None = None
    table_rows, lines = [], []
    last_line = 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            cells = [cell.replace("\r\n", "\n").replace("\r", "\n").strip() for cell in cells]
            if not any(cells):
                continue
            if header is None:
                header = tuple(cells)
                while header and not header[-1]:
                    header = header[:-1]
                continue
            extra = cells[len(header):]
            if any(extra):
                raise MetierError(msg("table_extra_cells", name=name, line=first_line, count=len(cells),
                                      columns=len(header)))
            cells = cells[:len(header)] + [""] * (len(header) - len(cells))
            table_rows.append(dict(zip(header, cells)))
            lines.append(first_line)
    except csv.Error as exc:
        raise MetierError(msg("table_unreadable", name=name, reason=f"line {reader.line_num}: {exc}")) from None
    if not header:
        raise MetierError(msg("table_empty", name=name))
    return Table(header=header, rows=table_rows, lines=lines, encoding=encoding, separator=separator, name=name)
