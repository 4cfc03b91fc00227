"""Images: every picture a page shows is checked before WeasyPrint decodes it.

Logos are named in ``metier.yaml`` (``school.logo``, ``campus_defaults.logo``,
a target's ``overrides.logo``) and in campus files (``logo``). Each one is
checked when the workspace is loaded, and every image the URL fetcher hands
WeasyPrint (:mod:`metier.render.fetcher`) is checked again with the same
rules, so that what a template or a remote address names gets no further than
a logo would. An image is refused when it is:

* outside the workspace (a ``..`` or a symbolic link leading out), missing,
  empty, or larger than :data:`MAX_IMAGE_BYTES`;
* not a raster image of :data:`RASTER_FORMATS` (a ``.png`` or ``.jpg``), or
  damaged: Pillow checks its structure and decodes it in full, so a file cut
  short is found;
* more than :data:`MAX_PIXELS` pixels (a decompression bomb: a small file
  that would decode into gigabytes), refused from its header, before decoding;
* an SVG with a ``<!DOCTYPE>`` or ``<!ENTITY>`` declaration (entities can read
  other files, or expand without end), or one that refers to anything but
  itself: an ``href``, ``src`` or CSS ``url()``/``@import`` naming another file
  or address. ``#fragment`` references and ``data:`` URLs are allowed, and an
  image inside a ``data:`` URL is checked in turn.

A bad logo sets aside what shows it, with a located issue: the campus whose
logo it is (every campus that inherits it from ``campus_defaults``, reported
once), the target whose ``overrides`` name it, or the whole build for the
school's logo, as when it is missing.
"""

from __future__ import annotations

import base64
import re
import threading
import warnings
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes
from xml.parsers import expat

from metier.messages import msg, quote

if TYPE_CHECKING:
    from metier.load.workspace import Workspace

MAX_PIXELS = 50_000_000
"""The most pixels (width × height) an image may have: 50 megapixels, an 8660 × 5773 picture.

Plenty for print (a full A4 page at 300 dpi is 8.7 megapixels); a bigger
image costs hundreds of megabytes of memory to decode, for nothing.
"""

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""The largest image file read from the workspace: 20 MB."""

RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
"""The raster formats Pillow may read an image as; no other decoder is ever tried."""

SVG_TYPE = "image/svg+xml"
RASTER_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WEBP"}
"""Media types of the raster images metier prints, with their Pillow format."""

CHECKS_VERSION = 1
"""Part of the key an image check is memoised under: raise it when the checks change."""

_NESTING = 3
"""How deep ``data:`` images may nest inside SVG images."""

_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"))
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")
_REFERENCE_ATTRIBUTES = ("href", "src")
_PILLOW_LOCK = threading.Lock()


class _Refused(Exception):
    """Raised from inside the SVG parser's handlers to stop at the first problem."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_svg(name: str) -> bool:
    """Whether the image file *name* is an SVG (by its extension, as WeasyPrint is told)."""
    return name.lower().endswith(".svg")


def image_file_problem(root: Path, name: str, store=None, check=None) -> str | None:
    """Why the image *name* (relative to the workspace *root*) cannot be printed, or None.

    The file must be inside the workspace once symbolic links are followed,
    exist, and hold a valid image no larger than the limits (see the module).
    With a *store* (:class:`~metier.load.store.FileStore`), what the content
    check found is memoised under the file's digest, so that a file that did
    not change is not decoded again by the next command. *check*, given the
    file's bytes, adds a check of its own (memoised with the rest).
    """
    root = Path(root).resolve()
    path = root / name
    try:
        real = path.resolve()
    except RuntimeError:  # Python < 3.13: a symbolic link loop
        return msg("image_unreadable", name=quote(name), reason=msg("reason_link_loop"))
    except (OSError, ValueError) as exc:  # a loop (Python 3.13+), a NUL character in the name
        return msg("image_unreadable", name=quote(name), reason=_os_reason(exc))
    if Path(name).is_absolute() or ".." in Path(name).parts or not real.is_relative_to(root):
        return msg("image_outside", name=quote(name))
    if not real.is_file():
        return msg("file_missing", name=quote(name), where="the workspace")
    try:
        size = real.stat().st_size
        problem = size_problem(size, name)
        if problem:
            return problem
        if store is not None and Path(store.root).resolve() == root:
            digest = store.digest(Path(store.root) / name)
            key = f"image:{CHECKS_VERSION}:{name}:{check.__qualname__ if check else ''}:{digest}"
            known = store.memo(key)
            if known is not None:
                return known or None
        else:
            key = None
        data = real.read_bytes()
    except OSError as exc:
        return msg("image_unreadable", name=quote(name), reason=_os_reason(exc))
    problem = image_problem(data, name, SVG_TYPE if is_svg(name) else "image/png")
    if problem is None and check is not None:
        problem = check(data, name)
    if key is not None:
        store.remember(key, problem or "")
    return problem


def size_problem(size: int, name: str, limit: int = MAX_IMAGE_BYTES) -> str | None:
    """Why an image file of *size* bytes is refused (empty, or over *limit*), or None."""
    if size == 0:
        return msg("image_empty", name=quote(name))
    if size > limit:
        return msg("image_file_too_large", name=quote(name), size=_megabytes(size), limit=_megabytes(limit))
    return None


def image_problem(data: bytes, name: str, media_type: str) -> str | None:
    """Why *data*, the image *name* of *media_type*, cannot be printed, or None.

    *media_type* says what the image must be: ``image/svg+xml`` for an SVG,
    any raster type of :data:`RASTER_TYPES` for a picture in one of the
    :data:`RASTER_FORMATS`.
    """
    return _image_problem(data, name, media_type, 0)


def _image_problem(data: bytes, name: str, media_type: str, depth: int) -> str | None:
    problem = size_problem(len(data), name)
    if problem:
        return problem
    if media_type == SVG_TYPE:
        return _svg_problem(data, name, depth)
    return _raster_problem(data, name)


def _raster_problem(data: bytes, name: str) -> str | None:
    """Check a raster image: its format, its pixel count (from the header), its structure, its full decoding."""
    from PIL import Image, UnidentifiedImageError

    looks_like = next((fmt for magic, fmt in _MAGIC if data.startswith(magic)), None)
    if looks_like is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        looks_like = "WEBP"
    kind = looks_like or "raster"
    with _strict_pillow():
        try:
            with Image.open(BytesIO(data), formats=RASTER_FORMATS) as image:
                width, height = image.size
                kind = image.format
                if width * height > MAX_PIXELS:
                    return _too_many_pixels(name, width * height, msg("image_dimensions", width=width, height=height))
                image.verify()
            with Image.open(BytesIO(data), formats=RASTER_FORMATS) as image:
                image.load()
        except Image.DecompressionBombError as exc:  # far over: Pillow refuses to open it at all
            match = _BOMB_PIXELS.search(str(exc))
            return _too_many_pixels(name, int(match.group(1)) if match else MAX_PIXELS * 2, "")
        except UnidentifiedImageError:
            if looks_like:
                return msg("image_bad_header", name=quote(name), format=looks_like)
            return msg("image_not_image", name=quote(name))
        except Exception as exc:  # noqa: BLE001 - Pillow raises many types for damaged data
            reason = str(exc).strip() or type(exc).__name__
            if "truncated" in reason.lower():
                return msg("image_truncated", name=quote(name), format=kind)
            return msg("image_corrupt", name=quote(name), format=kind, reason=reason)
    return None


@contextmanager
def _strict_pillow():
    """Pillow as the check needs it: truncated data is an error, the bomb warning is silent.

    WeasyPrint sets Pillow's process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES``
    when it is imported, which would let a truncated file pass. It is turned
    off for the check only, under a lock; a page laid out meanwhile in another
    thread would at worst refuse a truncated image too.
    """
    from PIL import Image, ImageFile

    with _PILLOW_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _too_many_pixels(name: str, pixels: int, dimensions: str) -> str:
    return msg("image_too_many_pixels", name=quote(name), megapixels=f"{pixels / 1e6:.1f}",
               dimensions=dimensions, limit=f"{MAX_PIXELS / 1e6:g}")


def _svg_problem(data: bytes, name: str, depth: int) -> str | None:
    """Check an SVG in one streaming pass: no DOCTYPE or entities, an ``<svg>`` root, nothing external."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state = {"root": None, "style": None}

    def doctype(*_):
        raise _Refused(msg("svg_doctype", name=quote(name)))

    def start(tag, attributes):
        local = tag.rsplit(" ", 1)[-1]
        if state["root"] is None:
            state["root"] = local
            if local != "svg":
                raise _Refused(msg("svg_not_svg", name=quote(name), tag=quote(local)))
        if local == "style":
            state["style"] = []
        for attribute, value in attributes.items():
            if attribute.rsplit(" ", 1)[-1] in _REFERENCE_ATTRIBUTES and local != "a":  # a link is not fetched
                _check_reference(value.strip(), name, depth)
            if "(" in value:
                for reference in css_references(value):
                    _check_reference(reference, name, depth)

    def end(tag):
        if tag.rsplit(" ", 1)[-1] == "style" and state["style"] is not None:
            for reference in css_references("".join(state["style"]), stylesheet=True):
                _check_reference(reference, name, depth)
            state["style"] = None

    def text(content):
        if state["style"] is not None:
            state["style"].append(content)

    def instruction(target, _data):
        if target.lower() == "xml-stylesheet":
            raise _Refused(msg("svg_external", name=quote(name), ref=quote("<?xml-stylesheet ...?>")))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ExternalEntityRefHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.message
    except expat.ExpatError as exc:
        return msg("svg_invalid", name=quote(name), reason=expat.ErrorString(exc.code), line=exc.lineno)
    return None


def css_references(text: str, stylesheet: bool = False) -> list[str]:
    """Every address CSS *text* names: ``url()`` and ``src()`` values, and ``@import`` targets in a *stylesheet*.

    Read with tinycss2, as WeasyPrint reads it, so escapes (``u\\72l(...)``)
    hide nothing. *text* is a declaration list (a ``style`` attribute, a paint
    value) unless *stylesheet* is true (the content of a ``<style>`` element).
    """
    import tinycss2

    found: list[str] = []

    def walk(nodes) -> None:
        for node in nodes or ():
            kind = node.type
            if kind == "url":
                found.append(node.value.strip())
            elif kind == "function":
                if node.lower_name in ("url", "src"):
                    found.extend(a.value.strip() for a in node.arguments if a.type == "string")
                walk(node.arguments)
            elif kind in ("() block", "[] block", "{} block"):
                walk(node.content)
            elif kind == "at-rule":
                if node.lower_at_keyword == "import":
                    found.extend(a.value.strip() for a in node.prelude if a.type == "string")
                walk(node.prelude)
                walk(node.content)
            elif kind == "qualified-rule":
                walk(node.prelude)
                walk(node.content)

    if stylesheet:
        walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    else:
        walk(tinycss2.parse_component_value_list(text, skip_comments=True))
    return found


def _check_reference(reference: str, name: str, depth: int) -> None:
    """Refuse (raise :class:`_Refused`) a reference of an SVG to anything but itself or a sound ``data:`` image."""
    if not reference or reference.startswith("#"):
        return
    if reference[:5].lower() == "data:":
        problem = data_url_problem(reference, name, depth + 1)
        if problem:
            raise _Refused(problem)
        return
    raise _Refused(msg("svg_external", name=quote(name), ref=quote(reference)))


def data_url_problem(url: str, name: str, depth: int = 1) -> str | None:
    """Why the image inside the ``data:`` URL *url* (in the image *name*) cannot be printed, or None.

    A ``data:`` URL that holds no image (a font, a stylesheet) is left alone.
    """
    header, comma, payload = url[5:].partition(",")
    if not comma:
        return msg("svg_invalid_data", name=quote(name))
    media_type = header.split(";", 1)[0].strip().lower()
    if media_type != SVG_TYPE and media_type not in RASTER_TYPES:
        return None
    if depth > _NESTING:
        return msg("svg_nested", name=quote(name), limit=_NESTING)
    try:
        if ";base64" in header.lower():
            data = base64.b64decode(re.sub(r"\s+", "", unquote_to_bytes(payload).decode("ascii")), validate=True)
        else:
            data = unquote_to_bytes(payload)
    except (ValueError, UnicodeDecodeError):
        return msg("svg_invalid_data", name=quote(name))
    return _image_problem(data, name, media_type, depth)


def _os_reason(exc: Exception) -> str:
    if isinstance(exc, ValueError):
        return msg("reason_bad_name")
    return (getattr(exc, "strerror", None) or type(exc).__name__).lower()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def check_images(ws: Workspace) -> None:
    """Check every logo of the workspace; set aside what shows a bad one, with one located issue each.

    Called by :func:`metier.load.references.check_references` once the files
    are validated: a bad school logo stops everything (as a missing one does),
    a bad campus logo sets its campus aside, a bad logo in a target's
    ``overrides`` sets that target aside.
    """
    checked: dict[str, str | None] = {}

    def problem(name: str) -> str | None:
        if name not in checked:
            checked[name] = image_file_problem(ws.root, name, ws.store)
        return checked[name]

    from metier.load.references import PROJECT_FILE

    project = ws.project
    if project and project.school.logo:
        found = problem(project.school.logo)
        if found:
            ws.issues.append(ws.documents[PROJECT_FILE].issue(("school", "logo"), found))
            ws.project = None  # every output may show the school logo: nothing can be built
    seen = {(i.path, i.line, i.column, i.message) for i in ws.issues}
    for cid, campus in list(ws.campuses.items()):
        found = campus.logo and problem(campus.logo)
        if not found:
            continue
        source = ws.campus_sources.get(cid) or ws.documents[f"campuses/{cid}.yaml"]
        issue = source.issue(("logo",), found)  # in the file that names it: campus_defaults, once for all
        if (issue.path, issue.line, issue.column, issue.message) not in seen:
            seen.add((issue.path, issue.line, issue.column, issue.message))
            ws.issues.append(issue)
        ws.invalid["campuses"].add(cid)
        del ws.campuses[cid]
    for tid, target in (project.targets if project else {}).items():
        logo = target.overrides.logo if target.overrides else None
        found = logo and problem(logo)
        if found:
            ws.issues.append(ws.documents[PROJECT_FILE].issue(("targets", tid, "overrides", "logo"), found))
            ws.invalid["targets"].add(tid)
