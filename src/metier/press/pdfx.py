"""The last touches a press file needs to be PDF/X, once pypdf has reworked its pages.

WeasyPrint writes a conforming PDF/X file, but metier then grows its pages for
crop marks (:mod:`metier.press.marks`) or imposes them on booklet sheets
(:mod:`metier.assemble.impose`), and a file rewritten with pypdf loses or
changes a few things PDF/X requires. :func:`finish` puts them back:

* a file identifier (``/ID``) in the trailer, derived from the content so the
  same input still gives the same bytes;
* ``/Trapped /False`` in the document information, as a name, not a string;
* the XMP metadata as an indirect stream, as the catalog requires;
* the output intent naming its printing condition (``FOGRA39`` for the bundled
  profile, the one ``press.condition`` gives for a workspace profile);
* for PDF/X-1a, which allows no transparency, no transparency group on pages
  or form XObjects (WeasyPrint marks some opaque drawings with one).
"""

from __future__ import annotations

import hashlib

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, IndirectObject, NameObject, TextStringObject

ICC_REGISTRY = "http://www.color.org"
CUSTOM = "Custom"
"""The condition identifier of a profile that is not a registered printing condition."""


def condition_of(press_settings) -> str:
    """The printing condition a press file's output intent names: the setting, else FOGRA39 or Custom."""
    from metier.press.variant import DEFAULT_CONDITION

    if press_settings.condition:
        return press_settings.condition
    return CUSTOM if press_settings.profile else DEFAULT_CONDITION


def finish(writer: PdfWriter, seed: bytes, *, condition: str | None, flatten: bool) -> None:
    """Make *writer*'s document PDF/X again; *seed* (the source bytes and settings) gives its file id."""
    digest = hashlib.sha256(seed).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    root = writer._root_object
    if "/Metadata" in root and not isinstance(root.raw_get("/Metadata"), IndirectObject):
        root[NameObject("/Metadata")] = writer._add_object(root.raw_get("/Metadata"))  # streams are never direct
    info = writer._info
    if info is not None:
        info[NameObject("/Trapped")] = NameObject("/False")
    for intent in root.get("/OutputIntents", ArrayObject()):
        intent = intent.get_object()
        if "/Info" not in intent and "/OutputConditionIdentifier" in intent:
            intent[NameObject("/Info")] = intent["/OutputConditionIdentifier"]  # the profile's description
        if condition:
            intent[NameObject("/OutputConditionIdentifier")] = TextStringObject(condition)
            if condition != CUSTOM:
                intent[NameObject("/RegistryName")] = TextStringObject(ICC_REGISTRY)
    if flatten:
        _drop_transparency_groups(writer)


def _drop_transparency_groups(writer: PdfWriter) -> None:
    """Remove ``/Group /S /Transparency`` from every page and form XObject (the drawings are opaque)."""
    seen: set[int] = set()
    for page in writer.pages:
        _drop_group(page)
        _walk_resources(page.get("/Resources"), seen)


def _walk_resources(resources, seen: set[int]) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    for name in ("/XObject", "/Pattern"):
        entries = resources.get(name)
        if entries is None:
            continue
        for ref in entries.get_object().values():
            key = getattr(ref, "idnum", None)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            obj = ref.get_object()
            if isinstance(obj, DictionaryObject):
                _drop_group(obj)
                _walk_resources(obj.get("/Resources"), seen)


def _drop_group(obj: DictionaryObject) -> None:
    group = obj.get("/Group")
    if group is not None and group.get_object().get("/S") == "/Transparency":
        del obj[NameObject("/Group")]
