"""Layered data: school defaults, a campus file and a build target merged into one, with provenance.

A campus file says only what differs from the school: ``metier.yaml`` holds
``campus_defaults`` (colours, logo, contacts, labels, events, the QR URL
template...) and each ``campuses/<id>.yaml`` is deep-merged over them; a build
target's ``overrides`` go on top. Dictionaries merge key by key, lists and
plain values replace, and an empty value inherits (it does not erase).

Every value of the merged data remembers the file and line that supplied it,
so a validation error points at the file to fix and ``metier explain`` can say
where each resolved value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from metier.errors import Issue
from metier.load.yamlfile import Document, dotted


@dataclass(frozen=True)
class Layer:
    """The part of a document found under *prefix* (``()`` for the whole file)."""

    doc: Document
    prefix: tuple = ()

    @property
    def data(self):
        """The layer's data (``None`` when the document has nothing under the prefix)."""
        node = self.doc.data
        for part in self.prefix:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


@dataclass
class Merged:
    """Merged data that answers "who wrote this?" for every path, like a :class:`Document`."""

    data: object
    origins: dict = field(default_factory=dict)  # data path -> (Layer, path in that layer)
    path: str = ""

    def origin(self, loc: tuple) -> tuple[tuple, Layer, tuple] | None:
        """``(ancestor, layer, path in layer)`` for *loc*'s nearest ancestor (or itself) with a known origin."""
        loc = tuple(loc)
        while loc not in self.origins:
            if not loc:
                return None
            loc = loc[:-1]
        return (loc, *self.origins[loc])

    def where(self, loc: tuple, *, key: bool = False) -> tuple[str, int, int]:
        """``(file, line, column)`` of the value at *loc*."""
        found = self.origin(loc)
        if found is None:
            return self.path, 1, 1
        ancestor, layer, rest = found
        line, col = layer.doc.locate(layer.prefix + rest + tuple(loc)[len(ancestor):], key=key)
        return layer.doc.path, line, col

    def issue(self, loc: tuple, message: str, *, key: bool = False, severity="error") -> Issue:
        """An :class:`Issue` about *loc*, located in the file that supplied it."""
        path, line, col = self.where(loc, key=key)
        return Issue(path, line, col, dotted(loc), message, severity)


def merge(layers: list[Layer], path: str = "") -> Merged:
    """Deep-merge *layers* (later wins) into a :class:`Merged`; *path* names the result's main file."""
    merged = Merged(data=None, path=path)
    for layer in layers:
        data = layer.data
        if data is not None:
            merged.data = _merge_into(merged, (), merged.data, data, layer, ())
    main = [layer for layer in layers if layer.doc.path == path and not layer.prefix]
    if main:  # a missing key is to be written in the main file, not in the defaults
        merged.origins[()] = (main[0], ())
    return merged


def _merge_into(merged: Merged, loc: tuple, base, over, layer: Layer, rest: tuple):
    if isinstance(base, dict) and isinstance(over, dict):
        result = dict(base)
        merged.origins.setdefault(loc, (layer, rest))
        for key, value in over.items():
            if value is None and key in result:
                continue  # an empty value inherits
            result[key] = _merge_into(merged, loc + (key,), result.get(key), value, layer, rest + (key,))
        return result
    _forget(merged, loc)
    _record(merged, loc, over, layer, rest)
    return over


def _forget(merged: Merged, loc: tuple) -> None:
    n = len(loc)
    for key in [k for k in merged.origins if k[:n] == loc]:
        del merged.origins[key]


def _record(merged: Merged, loc: tuple, value, layer: Layer, rest: tuple) -> None:
    merged.origins[loc] = (layer, rest)
    if isinstance(value, dict):
        for key, item in value.items():
            _record(merged, loc + (key,), item, layer, rest + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _record(merged, loc + (i,), item, layer, rest + (i,))


def leaves(data, loc: tuple = ()):
    """Every ``(path, value)`` of plain values in *data*, depth first (for ``metier explain``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, loc + (i,))
    else:
        yield loc, data
