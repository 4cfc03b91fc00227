"""The URL fetcher: the only way a rendered page reads a file.

Templates and CSS name assets by virtual URLs: ``file:///__metier__/layout/...``
is looked up on the layout's search path (so a campus can replace one image or
font), ``file:///__metier__/workspace/...`` is a file of the workspace. Anything
else is refused: other local files, paths that escape with ``..`` or a symbolic
link (a layout file must lie in the workspace or among the built-in layouts,
wherever its folder's links lead), and every network address. ``data:`` URLs
(inline SVG) are allowed, and ``file:///__metier__/press/...`` names the
package's bundled press files (the ICC output profile).

A target with ``remote_images: true`` gets a fetcher that also fetches
``http(s)://`` addresses, for images only: the server must answer with an image
type, within :data:`REMOTE_TIMEOUT` seconds and :data:`REMOTE_MAX_BYTES` bytes,
without compression, following at most :data:`REMOTE_REDIRECTS` redirects to
other web addresses. Stylesheets, fonts and everything else stay local.

Every image handed to WeasyPrint (a workspace or layout file, a ``data:`` URL, a
remote image) is checked first with the rules a logo is checked with when the
workspace is loaded (:mod:`metier.load.images`): a damaged, truncated, empty or
oversized picture, a decompression bomb, an SVG with a DOCTYPE or naming other
files is refused with :class:`AssetError`, which WeasyPrint logs and the build
reports as a warning of the output; the rest of the page is laid out.

A fetcher made for a press variant hands WeasyPrint CMYK images: SVG colours
become ``device-cmyk()`` and raster images are converted through the output
profile (see :mod:`metier.press.colours`).
"""

from __future__ import annotations

import mimetypes
import time
import urllib.error
import urllib.request
from http.client import HTTPException
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

from weasyprint.urls import URLFetcher, URLFetcherResponse

from metier import __version__
from metier.load.images import MAX_IMAGE_BYTES, RASTER_TYPES, SVG_TYPE, image_problem, size_problem
from metier.messages import msg
from metier.press.colours import cmyk_raster, cmyk_svg
from metier.press.variant import PRESS_ROOT, SCREEN, Variant
from metier.render.environment import ASSET_ROOT, WORKSPACE_ROOT
from metier.render.layouts import ResolvedLayout, builtin_dir

mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("image/svg+xml", ".svg")

IMAGE_TYPES = frozenset({SVG_TYPE, *RASTER_TYPES})
"""Media types checked as images before WeasyPrint decodes them."""

REMOTE_TIMEOUT = 10
"""Seconds a remote image may take to arrive (and the longest wait for any one network read)."""

REMOTE_MAX_BYTES = 10 * 1024 * 1024
"""The largest remote image fetched: 10 MB."""

REMOTE_REDIRECTS = 3
"""Redirects followed for a remote image, to http(s) addresses only."""

ALLOW_PRIVATE_NETWORKS = False
"""Whether remote images may come from loopback, private, link-local or reserved addresses (tests set it)."""

_CHUNK = 64 * 1024


class AssetError(ValueError):
    """An asset that cannot or may not be read; WeasyPrint logs it and metier reports it."""


class ConfinedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to a layout's search path and the workspace.

    With *remote_images*, it also fetches images from ``http(s)://`` addresses
    (see the module docstring for the limits).
    """

    def __init__(self, layout: ResolvedLayout, workspace: Path, variant: Variant = SCREEN, *,
                 remote_images: bool = False):
        super().__init__(timeout=REMOTE_TIMEOUT, allowed_protocols={"file", "data"})
        self.layout = layout
        self.workspace = workspace.resolve()
        self.variant = variant
        self.remote_images = remote_images
        self.images: dict = {}
        """Decoded images by URL, for WeasyPrint's ``cache`` option: valid for this search path only."""

    def fetch(self, url, headers=None):
        """The response for *url*, or :class:`AssetError` saying why it may not or cannot be read."""
        if url.startswith("data:"):
            data = self._data(url, headers)
            if isinstance(data, URLFetcherResponse):  # not an image: as WeasyPrint decoded it
                return data
            body, kind = data
        elif self.remote_images and url[:8].lower().startswith(("http://", "https://")):
            body, kind = self._remote(url)
        else:
            path = self.resolve(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            body = self._read(path, kind, _shown(url))
        if self.variant.press and kind == SVG_TYPE:
            body = cmyk_svg(body, self.variant.converter)
        elif self.variant.press and kind in RASTER_TYPES:
            body, kind = cmyk_raster(body, self.variant.converter.profile), "image/jpeg"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    def resolve(self, url: str) -> Path:
        """The file behind a virtual URL, or :class:`AssetError` saying why not."""
        url = url.split("?", 1)[0].split("#", 1)[0]
        if url.startswith(ASSET_ROOT):
            name = unquote(url[len(ASSET_ROOT):])
            _refuse_escape(name, url)
            path = self.layout.find(name)
            if path is None:
                raise AssetError(msg("asset_not_found", name=name))
            real = self._inside(path, url, [d.resolve() for d in self.layout.search_path])
            # a layout folder that is itself a link to elsewhere does not widen what may be read
            return self._inside(real, url, [self.workspace, builtin_dir().resolve()])
        if url.startswith(WORKSPACE_ROOT):
            name = unquote(url[len(WORKSPACE_ROOT):])
            _refuse_escape(name, url)
            path = self.workspace / name
            if not path.is_file():
                raise AssetError(msg("asset_not_found", name=name))
            return self._inside(path, url, [self.workspace])
        if url.startswith(PRESS_ROOT):
            name = unquote(url[len(PRESS_ROOT):])
            _refuse_escape(name, url)
            path = Path(str(resources.files("metier.press").joinpath(name)))
            if not path.is_file():
                raise AssetError(msg("asset_not_found", name=name))
            return path
        if url.startswith(("http:", "https:", "ftp:")):
            raise AssetError(msg("asset_remote", url=url))
        raise AssetError(msg("asset_outside", url=url))

    @staticmethod
    def _inside(path: Path, url: str, roots) -> Path:
        try:
            real = path.resolve()
        except (OSError, RuntimeError, ValueError):  # a symbolic link loop, a NUL character
            raise AssetError(msg("asset_not_found", name=_shown(url))) from None
        if not any(real.is_relative_to(root) for root in roots):
            raise AssetError(msg("asset_outside", url=url))
        return real

    @staticmethod
    def _read(path: Path, kind: str, shown: str) -> bytes:
        """The bytes of a local file; an image is checked (size first, then content) before it is handed on."""
        if kind not in IMAGE_TYPES:
            return path.read_bytes()
        problem = size_problem(path.stat().st_size, shown, MAX_IMAGE_BYTES)
        body = b"" if problem else path.read_bytes()
        problem = problem or image_problem(body, shown, kind)
        if problem:
            raise AssetError(problem)
        return body

    def _data(self, url: str, headers=None) -> URLFetcherResponse | tuple[bytes, str]:
        """A ``data:`` URL decoded by WeasyPrint's fetcher: an image in it as checked ``(bytes, media type)``
        (converted to CMYK like any image in a press file), anything else as WeasyPrint's response."""
        response = super().fetch(url, headers)
        kind = response.content_type
        if kind not in IMAGE_TYPES:
            return response
        try:
            body = response.read()
        finally:
            response.close()
        problem = image_problem(body, url, kind)
        if problem:
            raise AssetError(problem)
        return body, kind

    def _remote(self, url: str) -> tuple[bytes, str]:
        """The bytes and media type of the image at *url*, or :class:`AssetError` saying why not."""
        request = urllib.request.Request(url, headers={
            "User-Agent": f"metier/{__version__}",
            "Accept": "image/svg+xml, image/png, image/jpeg, image/webp, image/gif;q=0.8",
            "Accept-Encoding": "identity",
        })
        deadline = time.monotonic() + REMOTE_TIMEOUT
        _refuse_private(url)
        try:
            with _opener().open(request, timeout=REMOTE_TIMEOUT) as response:
                encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
                if encoding != "identity":
                    raise AssetError(msg("remote_compressed", url=url, encoding=encoding))
                kind = response.headers.get_content_type()
                if kind not in IMAGE_TYPES:
                    raise AssetError(msg("remote_not_image", url=url, type=kind))
                length = (response.headers.get("Content-Length") or "").strip()
                if length.isdigit() and int(length) > REMOTE_MAX_BYTES:
                    raise AssetError(msg("remote_too_large", url=url, limit=REMOTE_MAX_BYTES // (1024 * 1024)))
                chunks, size = [], 0
                while chunk := response.read1(_CHUNK):  # one network read at a time: a slow server meets the deadline
                    size += len(chunk)
                    if size > REMOTE_MAX_BYTES:
                        raise AssetError(msg("remote_too_large", url=url, limit=REMOTE_MAX_BYTES // (1024 * 1024)))
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    chunks.append(chunk)
        except AssetError:
            raise
        except urllib.error.HTTPError as exc:
            exc.close()
            raise AssetError(msg("remote_failed", url=url, reason=f"HTTP {exc.code} {exc.reason}".strip())) from None
        except (TimeoutError, urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise AssetError(msg("remote_timeout", url=url, seconds=REMOTE_TIMEOUT)) from None
            raise AssetError(msg("remote_failed", url=url, reason=str(reason) or type(exc).__name__)) from None
        body = b"".join(chunks)
        problem = image_problem(body, url, kind)
        if problem:
            raise AssetError(problem)
        return body, kind


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects, to public http(s) addresses only (no FTP handler is installed)."""

    max_redirections = REMOTE_REDIRECTS

    def redirect_request(self, req, fp, code, msg_, headers, newurl):
        """The request for *newurl*, refused (as :class:`AssetError`) when it leads to a private network."""
        _refuse_private(newurl)
        return super().redirect_request(req, fp, code, msg_, headers, newurl)


def _refuse_private(url: str) -> None:
    """Refuse *url* when its host is, or resolves to, an address that is not on the public internet.

    A build server's own network (its loopback, private ranges, cloud metadata
    at 169.254.169.254) is never fetched for a page, whatever a text names.
    """
    if ALLOW_PRIVATE_NETWORKS:
        return
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise AssetError(msg("remote_failed", url=url, reason=str(exc) or type(exc).__name__)) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global:
            raise AssetError(msg("remote_private", url=url, address=str(address)))


def _opener() -> urllib.request.OpenerDirector:
    """An opener for http(s) only: no file:, ftp: or data: handler, a few redirects, the usual proxies."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(),
                    urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), _Redirects(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _shown(url: str) -> str:
    """How a message names the file behind *url*: its path in the workspace or layout, else the URL."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    for root in (WORKSPACE_ROOT, ASSET_ROOT, PRESS_ROOT):
        if url.startswith(root):
            return unquote(url[len(root):])
    return url


def _refuse_escape(name: str, url: str) -> None:
    if name.startswith("/") or ".." in Path(name).parts or "\\" in name:
        raise AssetError(msg("asset_outside", url=url))
