"""Markdown to HTML for long text fields, with raw HTML off and typography applied.

Users write Markdown in YAML; the layouts receive safe HTML (a ``Markup``).
Raw HTML in the text is shown as text, never interpreted. Headings inside a
field are demoted below the layout's own section headings. Typography is
applied token by token to prose only: code spans and link targets are never
touched, and the last character of the previous run is passed on so that
"**gras** :" still gets its no-break space.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from metier.text.typography import typeset

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
HEADING_SHIFT = 2


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = lambda url: url.lower().startswith(_SAFE_SCHEMES)
    return md


@lru_cache(maxsize=4096)
def markdown(text: str | None, language: str = "fr", *, inline: bool = False) -> Markup:
    """Render Markdown *text* as HTML with the typography of *language*.

    With *inline*, a single paragraph is rendered without its ``<p>`` wrapper
    (for list items and table cells). Results are memoised: a profile's text
    appears in its sheet for every campus, its brochure entries and its flyers.
    """
    if not text:
        return Markup("")
    md = _parser()
    tokens = md.parseInline(text) if inline else md.parse(text)
    for token in tokens:
        if token.type == "heading_open" or token.type == "heading_close":
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"
        if token.children:
            _typeset_children(token.children, language)
    html = md.renderer.render(tokens, md.options, {})
    return Markup(html.strip() if inline else html)


def _typeset_children(children, language: str) -> None:
    prev = ""
    in_link = False
    for child in children:
        if child.type == "link_open":
            in_link = True
        elif child.type == "link_close":
            in_link = False
        elif child.type == "text":
            if not (in_link and child.content.lower().startswith(_SAFE_SCHEMES)):
                child.content = typeset(child.content, language, before=prev)
            prev = child.content[-1:] or prev
        elif child.type in ("code_inline",):
            prev = child.content[-1:] or prev
        elif child.type in ("softbreak", "hardbreak"):
            prev = " "


def text(value: str | None, language: str = "fr") -> Markup:
    """Escape a one-line plain text value and apply typography."""
    if value is None:
        return Markup("")
    return _text(str(value), language)


@lru_cache(maxsize=4096)
def _text(value: str, language: str) -> Markup:
    return Markup(escape(typeset(value, language)))


def lead(value: str | None) -> str:
    """The first paragraph (or list) of Markdown *value*, as Markdown.

    Condensed layouts (brochure entries, flyers) print a long section by its
    lead only; the cut falls between blocks, never inside a sentence. A lead
    paragraph that announces what follows ("Ses missions :") keeps the block
    it announces.
    """
    if not value:
        return ""
    lines = value.splitlines()
    blocks = [t.map for t in _parser().parse(value)
              if t.level == 0 and t.map and t.type in ("paragraph_open", "bullet_list_open", "ordered_list_open")]
    if not blocks:
        return value.strip()
    start, end = blocks[0]
    first = "\n".join(lines[start:end]).strip()
    if first.endswith(":") and len(blocks) > 1:
        end = blocks[1][1]
    return "\n".join(lines[start:end]).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])")


def cut(value: str | None, limit: int) -> tuple[str, bool]:
    """The lead of Markdown *value* (see :func:`lead`) cut to at most *limit* characters at a sentence end.

    Returns the text and whether it was cut; a cut text ends with " …" so the
    reader knows there is more (a flyer then prints where to read the rest).
    The cut falls after the last whole sentence that fits; when even the first
    sentence is longer than *limit*, that sentence is kept whole rather than
    cut inside. A list lead is cut between its items.
    """
    text = lead(value)
    if len(text) <= limit:
        return text, False
    if text.lstrip().startswith(("-", "*", "+")) or re.match(r"\s*\d+[.)]", text):
        items, size = [], 0
        for line in text.splitlines():
            if items and size + len(line) > limit and re.match(r"\s*(?:[-*+]|\d+[.)])\s", line):
                break
            items.append(line)
            size += len(line) + 1
        return "\n".join(items) + ("\n\n…" if len(items) < len(text.splitlines()) else ""), len(items) < len(text.splitlines())
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    fitting = [e for e in ends if e <= limit]
    end = fitting[-1] if fitting else (ends[0] if ends else len(text))
    if end >= len(text.rstrip()):
        return text, False
    return text[:end].rstrip() + " …", True
