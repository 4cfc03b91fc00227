"""Large PDF streams deflated once per process (the ICC profile of every press file)."""

from __future__ import annotations

import os

import pydyf

from metier.press.colours import bundled_profile
from metier.render import streams


def test_a_large_stream_is_deflated_once_and_gives_the_same_bytes(monkeypatch):
    """Within the block, the same content is compressed once; the bytes are exactly pydyf's own."""
    streams.clear()
    content = bundled_profile()
    expected = pydyf.Stream([content], pydyf.Dictionary({"N": 4}), compress=True).data
    deflations = []
    compressobj = pydyf.zlib.compressobj
    monkeypatch.setattr(pydyf.zlib, "compressobj", lambda *a, **k: deflations.append(1) or compressobj(*a, **k))

    with streams.compressed_once():
        first = pydyf.Stream([content], pydyf.Dictionary({"N": 4}), compress=True)
        second = pydyf.Stream([content], pydyf.Dictionary({"N": 4}), compress=True)
        assert first.data == expected
        assert second.data == expected and first.data == expected
    assert len(deflations) == 1
    assert pydyf.Stream([content], pydyf.Dictionary({"N": 4}), compress=True).data == expected
    assert len(deflations) == 2  # outside the block, pydyf deflates as it always did


def test_streams_that_differ_are_told_apart():
    """Another dictionary, another flag or other content is another entry."""
    streams.clear()
    content = os.urandom(streams.MIN_SIZE)
    with streams.compressed_once():
        a = pydyf.Stream([content], pydyf.Dictionary({"N": 4}), compress=True).data
        b = pydyf.Stream([content], pydyf.Dictionary({"N": 3}), compress=True).data
        c = pydyf.Stream([content], pydyf.Dictionary({"N": 4}), compress=False).data
    assert len({a, b, c}) == 3 and len(streams._cache) == 3
    assert b"/N 3" in b and b"/FlateDecode" not in c


def test_small_and_many_part_streams_are_left_alone_and_the_patch_is_undone():
    """Small streams (font subsets, page contents) are not kept; pydyf is itself again after the block."""
    streams.clear()
    original = pydyf.Stream.data
    with streams.compressed_once():
        pydyf.Stream([b"q 1 0 0 1 0 0 cm Q"], compress=True).data
        pydyf.Stream([b"x" * streams.MIN_SIZE, b"y"], compress=True).data
        assert pydyf.Stream.data is not original
    assert streams._cache == {} and pydyf.Stream.data is original


def test_the_cache_keeps_only_the_most_recent_streams():
    """At most MAX_ENTRIES streams are kept, the least recently used going first."""
    streams.clear()
    with streams.compressed_once():
        for n in range(streams.MAX_ENTRIES + 3):
            pydyf.Stream([bytes([n]) * streams.MIN_SIZE], compress=True).data
    assert len(streams._cache) == streams.MAX_ENTRIES


def test_a_stream_asked_twice_in_one_write_is_deflated_once(monkeypatch):
    """pydyf asks every object for its bytes again to make the file identifier: small streams too are kept."""
    deflations = []
    compressobj = pydyf.zlib.compressobj
    monkeypatch.setattr(pydyf.zlib, "compressobj", lambda *a, **k: deflations.append(1) or compressobj(*a, **k))
    page = pydyf.Stream([b"q 1 0 0 1 0 0 cm Q"], compress=True)
    with streams.compressed_once():
        assert page.data == page.data
        page.stream.append(b"% asked again in another write")
    assert len(deflations) == 1
    with streams.compressed_once():
        assert b"another write" in pydyf.zlib.decompress(page.data.split(b"stream\n", 1)[1].rsplit(b"\nendstream")[0])
