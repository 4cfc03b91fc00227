"""The stamp an import writes into each profile, to tell later whether the user has edited it.

An imported profile starts with a comment line::

    # metier-import: rome M1802 sha256=3f0c…

naming where it came from and the digest of the rest of the file as
written. A profile whose text still has that digest is the import's own and
may be rewritten by the next import; one whose text differs was edited by
someone, and an import never overwrites it.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["EDITED", "UNEDITED", "UNSTAMPED", "origin", "restamp", "stamp", "state"]

EDITED, UNEDITED, UNSTAMPED = "edited", "unedited", "unstamped"

_STAMP = re.compile(r"^# metier-import: (?P<origin>[^\n]*?) sha256=(?P<digest>[0-9a-f]{64})[ \t]*\r?\n", re.MULTILINE)


def _digest(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def stamp(text: str, origin_text: str) -> str:
    """*text* with its stamp (origin *origin_text*, e.g. ``rome M1802``) as second line, after the schema comment."""
    first, sep, rest = text.partition("\n")
    body = first + sep + rest
    line = f"# metier-import: {origin_text} sha256={_digest(body)}\n"
    if first.startswith("# yaml-language-server:"):
        return first + "\n" + line + rest
    return line + body


def restamp(text: str) -> str:
    """*text* stamped again with its own origin, so that it counts as unedited (after an update metier made)."""
    found, _, body = _split(text)
    return stamp(body, found) if found is not None else text


def _split(text: str):
    match = _STAMP.search(text)
    if match is None:
        return None, None, text
    return match.group("origin"), match.group("digest"), text[:match.start()] + text[match.end():]


def origin(text: str) -> str | None:
    """The origin the stamp of *text* names (``rome M1802``, ``onisep MET.299``), or ``None`` without a stamp."""
    return _split(text)[0]


def state(text: str) -> str:
    """:data:`UNEDITED` when *text* is still what the import wrote, :data:`EDITED` when it changed since,
    :data:`UNSTAMPED` when no import stamped it (written by hand, or by an older metier)."""
    found, digest, body = _split(text)
    if found is None:
        return UNSTAMPED
    return UNEDITED if _digest(body) == digest else EDITED
