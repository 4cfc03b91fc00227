"""The confined fetcher: images checked again at render time, links out refused, remote images only when allowed."""

from __future__ import annotations

import base64
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from metier.load.workspace import load_workspace
from metier.render import fetcher as fetcher_module
from metier.render.document import DocumentRenderer
from metier.render.environment import ASSET_ROOT, WORKSPACE_ROOT
from metier.render.fetcher import AssetError, ConfinedFetcher
from metier.render.layouts import resolve_layout
from tests.load.test_images import OK_SVG, png_claiming, raster

OUTSIDE = "is outside the workspace and the layouts; metier only reads files inside them"


@pytest.fixture
def fetcher(sample):
    """The fetcher of the job sheet at Lyon, remote images refused."""
    return ConfinedFetcher(resolve_layout("job-sheet", sample, "lyon"), sample)


def refusal(fetcher, url) -> str:
    """Why *fetcher* refuses *url* (the test fails if it does not)."""
    with pytest.raises(AssetError) as info:
        fetcher.fetch(url)
    return str(info.value)


# --- what the load-time check refuses is refused when rendering too ---------------------

@pytest.mark.parametrize("name, data, message", [
    ("assets/empty.png", b"", '"assets/empty.png" is empty (0 bytes); copy or export the image again'),
    ("assets/cut.png", raster()[:-40],
     '"assets/cut.png" is a truncated PNG image: the file ends before the picture does; copy or export it again'),
    ("assets/text.jpg", b"just some text",
     '"assets/text.jpg" is not a PNG or JPEG image (its content is something else); export it again as PNG, JPEG or SVG'),
    ("assets/bomb.png", png_claiming(20_000, 20_000),
     '"assets/bomb.png" has 400.0 megapixels, over the limit of 50 megapixels (decoding it would take too much memory); '
     "scale it down: 3000 pixels across is plenty for a printed page"),
    ("assets/entity.svg",
     b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     '"assets/entity.svg" has a <!DOCTYPE> or <!ENTITY> declaration, which metier refuses (entities can read other '
     "files or grow without end); export it again as plain SVG"),
    ("assets/linked.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><image href="logo.svg"/></svg>',
     '"assets/linked.svg" refers to another file or address ("logo.svg"); metier prints only self-contained SVG images: '
     "embed that image in the SVG, or export it again"),
])
def test_bad_workspace_images_are_refused_when_rendering(fetcher, sample, name, data, message):
    (sample / name).write_bytes(data)
    assert refusal(fetcher, WORKSPACE_ROOT + name) == message


def test_bad_layout_images_are_refused_too(sample):
    folder = sample / "campuses/lyon/layouts/job-sheet"
    folder.mkdir(parents=True)
    with open(folder / "band.png", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    fetcher = ConfinedFetcher(resolve_layout("job-sheet", sample, "lyon"), sample)
    assert refusal(fetcher, ASSET_ROOT + "band.png") == (
        '"band.png" is 21 MB, over the limit of 20 MB for an image; export it smaller')


def test_sound_images_and_other_files_pass(fetcher, sample):
    (sample / "assets/photo.jpg").write_bytes(raster("JPEG"))
    assert fetcher.fetch(WORKSPACE_ROOT + "assets/photo.jpg").content_type == "image/jpeg"
    assert fetcher.fetch(WORKSPACE_ROOT + "assets/logo.svg").content_type == "image/svg+xml"
    assert fetcher.fetch(ASSET_ROOT + "fonts/Inter-Regular.otf").content_type == "font/otf"


def test_images_in_data_urls_are_checked(fetcher):
    bad = "data:image/svg+xml;base64," + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg">'
                                                         b'<image href="file:///etc/passwd"/></svg>').decode()
    assert refusal(fetcher, bad).endswith('refers to another file or address ("file:///etc/passwd"); metier prints '
                                          "only self-contained SVG images: embed that image in the SVG, or export it again")
    good = "data:image/svg+xml;base64," + base64.b64encode(OK_SVG).decode()
    assert fetcher.fetch(good).read() == OK_SVG
    assert fetcher.fetch("data:text/css,p%7Bcolor:red%7D").read() == b"p{color:red}"


# --- confinement ------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    WORKSPACE_ROOT + "%2e%2e/secret.txt",
    WORKSPACE_ROOT + "assets/..%2F..%2Fsecret.txt",
    ASSET_ROOT + "%2E%2E/%2E%2E/etc/passwd",
    "file://localhost/etc/passwd",
    "FILE:///etc/passwd",
])
def test_encoded_escapes_are_refused(fetcher, url):
    assert refusal(fetcher, url) == f"{url} {OUTSIDE}"


def test_a_workspace_link_out_is_refused_with_its_reason(fetcher, sample, tmp_path):
    (tmp_path / "outside.png").write_bytes(raster())
    os.symlink(tmp_path / "outside.png", sample / "assets" / "out.png")
    url = WORKSPACE_ROOT + "assets/out.png"
    assert refusal(fetcher, url) == f"{url} {OUTSIDE}"


def test_a_layout_folder_linked_out_of_the_workspace_is_refused(sample, tmp_path):
    """A campus layout folder that is a link to elsewhere is refused: that elsewhere is never read."""
    from metier.errors import MetierError

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.png").write_bytes(raster())
    (sample / "campuses/lyon/layouts").mkdir(parents=True)
    os.symlink(elsewhere, sample / "campuses/lyon/layouts/job-sheet")
    with pytest.raises(MetierError, match="campuses/lyon/layouts/job-sheet is a link to a folder outside the "
                                          "workspace; metier reads layouts only from the workspace"):
        resolve_layout("job-sheet", sample, "lyon")


def test_a_link_loop_is_not_found_rather_than_a_crash(fetcher, sample):
    os.symlink("loop.png", sample / "assets" / "loop.png")
    assert refusal(fetcher, WORKSPACE_ROOT + "assets/loop.png") == (
        "file assets/loop.png is not in the layout's search path nor in the workspace")


# --- remote images ----------------------------------------------------------------------

class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the fetcher hangs up on purpose (too large, too slow): not worth a traceback


class _Server:
    """A local web server: ``routes[path] = (status, headers, body)``, or a callable handler."""

    def __init__(self):
        self.routes: dict = {}
        self.requests: list[str] = []
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                requests.append(self.path)
                route = routes.get(self.path, (404, {}, b"not here"))
                if callable(route):
                    return route(self)
                status, headers, body = route
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers and body is not None:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server(monkeypatch):
    """A local web server (proxies from the environment left out, loopback allowed), stopped after the test."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(fetcher_module, "ALLOW_PRIVATE_NETWORKS", True)
    running = _Server()
    yield running
    running.close()


@pytest.fixture
def remote(sample):
    """The fetcher of the job sheet at Lyon for a target with remote_images: true."""
    return ConfinedFetcher(resolve_layout("job-sheet", sample, "lyon"), sample, remote_images=True)


def test_remote_images_from_a_private_network_are_refused(remote, server, monkeypatch):
    """The build server's own network (loopback here; private ranges, cloud metadata) is never fetched."""
    monkeypatch.setattr(fetcher_module, "ALLOW_PRIVATE_NETWORKS", False)
    server.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, raster())
    url = server.url + "/logo.png"
    assert refusal(remote, url) == (f"{url} leads to 127.0.0.1, an address of a private network; metier fetches "
                                    "remote images only from the public internet (copy the image into the workspace)")
    assert server.requests == []
    assert refusal(remote, "http://169.254.169.254/latest/meta-data/x.png").startswith(
        "http://169.254.169.254/latest/meta-data/x.png leads to 169.254.169.254, an address of a private network")


def test_a_redirect_to_a_private_network_is_refused(remote, server, monkeypatch):
    server.routes["/hop.png"] = (302, {"Location": "http://10.0.0.1/secret.png"}, b"")
    monkeypatch.setattr(fetcher_module, "ALLOW_PRIVATE_NETWORKS", False)
    original = fetcher_module._refuse_private
    monkeypatch.setattr(fetcher_module, "_refuse_private",
                        lambda url: None if url.startswith(server.url) else original(url))  # the first hop is local
    assert refusal(remote, server.url + "/hop.png") == (
        "http://10.0.0.1/secret.png leads to 10.0.0.1, an address of a private network; metier fetches remote images "
        "only from the public internet (copy the image into the workspace)")


def test_remote_images_are_refused_unless_the_target_allows_them(fetcher, server):
    server.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, raster())
    url = server.url + "/logo.png"
    assert refusal(fetcher, url) == (f"{url} is a network address; metier does not fetch remote files "
                                     "(copy it into the workspace)")
    assert server.requests == []  # not even asked


def test_an_allowed_remote_image_is_fetched_and_checked(remote, server):
    png, svg = raster(), OK_SVG
    server.routes["/a.png"] = (200, {"Content-Type": "image/png"}, png)
    server.routes["/b.svg"] = (200, {"Content-Type": "image/svg+xml; charset=utf-8"}, svg)
    response = remote.fetch(server.url + "/a.png")
    assert (response.content_type, response.read()) == ("image/png", png)
    assert remote.fetch(server.url + "/b.svg").read() == svg


def _slow(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "image/png")
    handler.end_headers()
    for byte in raster():
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.05)


def _redirect_to_file(handler):
    handler.send_response(302)
    handler.send_header("Location", "file:///etc/passwd")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _unsized(handler):  # no Content-Length: the body runs until the connection closes
    handler.send_response(200)
    handler.send_header("Content-Type", "image/png")
    handler.end_headers()
    handler.wfile.write(b"\0" * (11 * 1024 * 1024))


@pytest.mark.parametrize("route, message", [
    ((200, {"Content-Type": "text/html"}, b"<html></html>"),
     "{url} is not an image (the server sent text/html); remote_images fetches PNG, JPEG, GIF, WebP and SVG images only"),
    ((200, {"Content-Type": "image/png", "Content-Length": str(50 * 1024 * 1024)}, None),
     "{url} is larger than 10 MB, the limit for a remote image; copy a smaller image into the workspace"),
    (_unsized, "{url} is larger than 10 MB, the limit for a remote image; copy a smaller image into the workspace"),
    ((200, {"Content-Type": "image/png", "Content-Encoding": "gzip"}, b"\x1f\x8b"),
     "{url} was sent compressed (gzip), which metier refuses for images; copy the image into the workspace"),
    ((404, {}, b"gone"), "{url} could not be fetched (HTTP 404 Not Found); check the address, or copy the image into the workspace"),
    (_redirect_to_file, "{url} could not be fetched (HTTP 302 Found - Redirection to url 'file:///etc/passwd' is not "
                        "allowed); check the address, or copy the image into the workspace"),
    ((200, {"Content-Type": "image/png"}, raster()[:-40]),
     '"{short}" is a truncated PNG image: the file ends before the picture does; copy or export it again'),
])
def test_bad_remote_images_are_refused(remote, server, route, message):
    server.routes["/x.png"] = route
    url = server.url + "/x.png"
    short = url if len(url) <= 40 else url[:37] + "..."
    assert refusal(remote, url) == message.format(url=url, short=short)


def test_a_slow_remote_image_times_out(remote, server, monkeypatch):
    monkeypatch.setattr(fetcher_module, "REMOTE_TIMEOUT", 0.3)
    server.routes["/slow.png"] = _slow
    url = server.url + "/slow.png"
    started = time.monotonic()
    assert refusal(remote, url) == f"{url} did not arrive within 0.3 seconds; copy the image into the workspace"
    assert time.monotonic() - started < 2


def test_remote_images_never_open_other_schemes(remote):
    assert refusal(remote, "ftp://example.org/logo.png") == (
        "ftp://example.org/logo.png is a network address; metier does not fetch remote files (copy it into the workspace)")
    assert refusal(remote, "file:///etc/passwd") == f"file:///etc/passwd {OUTSIDE}"


# --- through the document renderer: per target, and as build warnings -------------------------

PAGE = '<html lang="fr"><body><p>Image :</p><img src="{src}" alt="Logo" style="width: 10mm"></body></html>'


def _not_fill(warnings):
    """The warnings but the page-fill one, which a page of one line always gets (not what these tests are about)."""
    return [w for w in warnings if "filled (under" not in w]


@pytest.mark.weasyprint_warnings_expected
def test_the_setting_reaches_the_fetcher_per_target(sample, server):
    """One renderer serves targets with and without remote images: each gets its own fetcher (and image cache)."""
    server.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, raster())
    url = server.url + "/logo.png"
    documents = DocumentRenderer(load_workspace(sample))
    allowed = documents.render("job-sheet", "lyon", PAGE.format(src=url), remote_images=True)
    assert _not_fill(allowed.warnings) == [] and server.requests == ["/logo.png"]
    refused = documents.render("job-sheet", "lyon", PAGE.format(src=url))
    assert refused.pdf.startswith(b"%PDF") and server.requests == ["/logo.png"]
    assert _not_fill(refused.warnings) == [f"layout warning: Failed to load image at '{url}': AssetError: {url} is a network "
                                "address; metier does not fetch remote files (copy it into the workspace)"]
    assert len(refused.pdf) < len(allowed.pdf)  # the page is made, without the picture


@pytest.mark.weasyprint_warnings_expected
def test_a_bad_image_a_template_names_is_a_warning_and_the_page_is_still_made(sample):
    (sample / "assets/cut.png").write_bytes(raster()[:-40])
    documents = DocumentRenderer(load_workspace(sample))
    local = documents.render("job-sheet", "lyon", PAGE.format(src=WORKSPACE_ROOT + "assets/cut.png"))
    assert local.pdf.startswith(b"%PDF")
    assert _not_fill(local.warnings) == [
        f"layout warning: Failed to load image at '{WORKSPACE_ROOT}assets/cut.png': AssetError: \"assets/cut.png\" is a "
        "truncated PNG image: the file ends before the picture does; copy or export it again"]
