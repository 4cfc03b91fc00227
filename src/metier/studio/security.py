"""Who may talk to the studio: the token, the host, the origin and the CSRF token.

The studio listens on 127.0.0.1 only, but any page open in the user's browser
can send requests to 127.0.0.1, and any process of the machine can connect.
So every request must carry the studio's random token: in the address the
command prints (``?token=...``, traded at once for a cookie that scripts
cannot read and other sites do not get) or in that cookie. A request that
changes anything (any method but GET and HEAD) must also come from the
studio's own page: its ``Origin`` (or, lacking one, its ``Referer``) is the
studio's own address, and it carries the page's CSRF token in the
``X-CSRF-Token`` header (which htmx adds to every request of the page, and
which no other site can make a browser send). The ``Host`` header must be
127.0.0.1 or localhost, which defeats DNS rebinding.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.responses import PlainTextResponse, RedirectResponse

from metier.messages import msg

COOKIE = "metier_studio"
SAFE_METHODS = ("GET", "HEAD")
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def new_token() -> str:
    """A random token, 256 bits, safe in an address."""
    return secrets.token_urlsafe(32)


def csrf_for(token: str) -> str:
    """The CSRF token pages carry: derived from the session token, so it needs no storage."""
    return hmac.new(token.encode(), b"metier-studio-csrf", "sha256").hexdigest()


class Guard:
    """ASGI middleware refusing every request that is not the studio user's (see the module docstring)."""

    def __init__(self, app, token: str):
        self.app = app
        self.token = token
        self.csrf = csrf_for(token)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self.refusal(scope)
        if refusal is not None:
            return await refusal(scope, receive, send)
        return await self.app(scope, receive, send)

    def refusal(self, scope):
        """The response refusing this request, or ``None`` when it may go on."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if _hostname(host) not in LOCAL_HOSTS:
            return PlainTextResponse(msg("studio_bad_host"), 403)
        query = _query(scope)
        if "token" in query and _same(query["token"], self.token) and scope["method"] in SAFE_METHODS:
            # trade the token in the address for a cookie, and take the token out of the address bar
            rest = "&".join(f"{k}={v}" for k, v in query.items() if k != "token")
            response = RedirectResponse(scope["path"] + ("?" + rest if rest else ""), 303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return response
        if not _same(_cookie(headers.get("cookie", ""), COOKIE), self.token):
            return PlainTextResponse(msg("studio_no_token"), 401)
        if scope["method"] not in SAFE_METHODS:
            if not self.same_origin(headers, host):
                return PlainTextResponse(msg("studio_bad_origin"), 403)
            if not _same(headers.get("x-csrf-token", ""), self.csrf):
                return PlainTextResponse(msg("studio_bad_origin"), 403)
        return None

    @staticmethod
    def same_origin(headers: dict, host: str) -> bool:
        """Whether the request's Origin (else Referer) is the studio's own address."""
        origin = headers.get("origin") or headers.get("referer")
        if not origin:
            return False
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc == host


def _hostname(host: str) -> str:
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def _query(scope) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
