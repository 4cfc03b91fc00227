"""The URL fetcher: the only way a rendered page reads a file.

Templates and CSS name assets by virtual URLs: ``file:///__metier__/layout/...``
is looked up on the layout's search path (so a campus can replace one image or
font), ``file:///__metier__/workspace/...`` is a file of the workspace. Anything
else is refused: other local files, paths that escape with ``..`` or a symbolic
link, and every network address. ``data:`` URLs (inline SVG) are allowed, and
``file:///__metier__/press/...`` names the package's bundled press files (the
ICC output profile).

A fetcher made for a press variant hands WeasyPrint CMYK images: SVG colours
become ``device-cmyk()`` and raster images are converted through the output
profile (see :mod:`metier.press.colours`).
"""

from __future__ import annotations

import mimetypes
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

from weasyprint.urls import URLFetcher, URLFetcherResponse

from metier.messages import msg
from metier.press.colours import cmyk_raster, cmyk_svg
from metier.press.variant import PRESS_ROOT, SCREEN, Variant
from metier.render.environment import ASSET_ROOT, WORKSPACE_ROOT
from metier.render.layouts import ResolvedLayout

mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("image/svg+xml", ".svg")


class AssetError(ValueError):
    """An asset that cannot or may not be read; WeasyPrint logs it and metier reports it."""


class ConfinedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to a layout's search path and the workspace."""

    def __init__(self, layout: ResolvedLayout, workspace: Path, variant: Variant = SCREEN):
        super().__init__(timeout=5, allowed_protocols={"file", "data"})
        self.layout = layout
        self.workspace = workspace.resolve()
        self.variant = variant
        self.images: dict = {}
        """Decoded images by URL, for WeasyPrint's ``cache`` option: valid for this search path only."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.resolve(url)
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if self.variant.press and kind == "image/svg+xml":
            body = cmyk_svg(body, self.variant.converter)
        elif self.variant.press and kind in ("image/png", "image/jpeg", "image/gif", "image/webp"):
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
            return self._inside(path, url, [d.resolve() for d in self.layout.search_path])
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
        real = path.resolve()
        if not any(real.is_relative_to(root) for root in roots):
            raise AssetError(msg("asset_outside", url=url))
        return real


def _refuse_escape(name: str, url: str) -> None:
    if name.startswith("/") or ".." in Path(name).parts or "\\" in name:
        raise AssetError(msg("asset_outside", url=url))
