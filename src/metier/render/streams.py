"""Large PDF streams compressed once per process, not once per file and twice per write.

WeasyPrint writes its PDFs with pydyf, which deflates a stream (at zlib's
level 9) each time the stream's bytes are asked for. Two things make that
expensive for metier's press files:

* every press file embeds the same ICC output profile (247 KB for the
  bundled FOGRA39 profile), deflated again for every sheet, brochure and
  flyer: about 0.22 s each time on the benchmark machine;
* PDF/X and PDF/UA files get a file identifier, which pydyf computes by
  asking every object for its bytes a second time, so each stream is deflated
  twice per file.

Measured on the 4-page seed sheet, those two deflations of the profile were
0.45 s of a 0.87 s press file. While a document is written,
:func:`compressed_once` keeps the bytes of every stream it has produced (the
file identifier then costs no second deflation), and serves large streams
from a small cache keyed by their content and dictionary, so identical large
streams (the profile, an image used on every page of a batch) are deflated
once per process. The bytes are exactly those
pydyf would have produced: only the repeated work goes.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from contextlib import contextmanager

import pydyf

MIN_SIZE = 64 * 1024
"""Streams smaller than this are deflated as before: caching them would cost more than it saves."""

MAX_ENTRIES = 16
"""How many large streams are kept (least recently used first out): profiles and shared images, not fonts."""

_cache: OrderedDict[bytes, bytes] = OrderedDict()


def _key(stream: pydyf.Stream) -> bytes | None:
    """The cache key of *stream* (digest of its dictionary, flag and content), or None when it is not worth it."""
    items = stream.stream
    if len(items) != 1 or not isinstance(items[0], (bytes, bytearray)) or len(items[0]) < MIN_SIZE:
        return None
    digest = hashlib.sha256(items[0])
    digest.update(b"\0compressed" if stream.compress else b"\0plain")
    digest.update(pydyf.Dictionary(dict(stream.extra)).data)
    return digest.digest()


@contextmanager
def compressed_once():
    """Within this block, pydyf streams of one large piece of content are deflated once and reused."""
    original = pydyf.Stream.data
    written: dict[int, tuple[pydyf.Stream, bytes]] = {}  # this block's streams, asked again for the file id

    def data(self):
        seen = written.get(id(self))
        if seen is not None and seen[0] is self:
            return seen[1]
        result = _cached(self)
        written[id(self)] = (self, result)
        return result

    def _cached(self):
        key = _key(self)
        if key is None:
            return original.fget(self)
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        result = _cache[key] = original.fget(self)
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
        return result

    pydyf.Stream.data = property(data)
    try:
        yield
    finally:
        pydyf.Stream.data = original
        written.clear()


def clear() -> None:
    """Forget every cached stream (tests; a long-lived process that wants its memory back)."""
    _cache.clear()
