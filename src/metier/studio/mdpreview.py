"""The preview beside each Markdown text area: the text as the pages print it, rendered on the server.

``POST /markdown`` (sent by htmx as the user types in a text area, and once
when the area appears) names the text area in ``field`` and carries its text;
the answer is that text rendered by the library's own Markdown stage
(:func:`metier.text.markdown.markdown`: raw HTML shown as text, only
``http``, ``https`` and ``mailto`` links, the workspace language's
typography), so what the preview shows is what the sheet prints. A text
longer than the schema allows for Markdown is not rendered: a message says so.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from metier.messages import msg

MAX_MARKDOWN = 20_000
"""The longest Markdown text rendered: the schema's limit for a Markdown field (:data:`metier.model.common.Markdown`)."""


def rendered(text: str, language: str = "fr"):
    """*text* as the pages print it (safe HTML), or ``None`` when it is longer than :data:`MAX_MARKDOWN`."""
    from metier.text.markdown import markdown

    text = text.replace("\r\n", "\n")
    if len(text) > MAX_MARKDOWN:
        return None
    return markdown(text, language if language in ("fr", "en") else "fr")


def routes(studio) -> list[Route]:
    """The Markdown preview route of *studio*."""

    async def preview(request: Request):
        from metier.studio.app import _form

        form = await _form(request)
        text = form.get(form.get("field", ""), "")
        project = studio.resident.workspace.project
        html = rendered(text, project.language if project else "fr")
        if html is None:
            return studio.page("_markdown.html", 422, html="", problem=msg("studio_markdown_too_long",
                                                                            size=len(text), limit=MAX_MARKDOWN))
        return studio.page("_markdown.html", html=html, problem="")

    return [Route("/markdown", preview, methods=["POST"])]
