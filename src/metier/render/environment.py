"""The Jinja2 environment: sandboxed, autoescaped, loading from a layout's search path.

A fresh environment is built for each build, so that edited templates are seen
(watch mode). User templates run in Jinja's sandbox: they can format data, not
reach into Python. Every data string reaches the page through a filter that
escapes it and applies typography (``text``, ``md``), so no raw HTML or CSS
from a data field can get onto the page.
"""

from __future__ import annotations

import re

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from metier.errors import display_path
from metier.render.layouts import ResolvedLayout
from metier.text import formats
from metier.text.labels import label, plural
from metier.text.markdown import lead, markdown, text
from metier.text.typography import NBSP, typeset

ASSET_ROOT = "file:///__metier__/layout/"
WORKSPACE_ROOT = "file:///__metier__/workspace/"


class SearchPathLoader(BaseLoader):
    """Loads templates from a :class:`ResolvedLayout`'s search path, honouring ``!layout/`` and ``!base/``."""

    def __init__(self, layout: ResolvedLayout):
        self.layout = layout

    def get_source(self, environment, template):
        path = self.layout.find(template)
        if path is None:
            raise TemplateNotFound(template)
        source = path.read_text("utf-8")
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime


def css_string(value) -> Markup:
    """A value as a quoted CSS string (for ``content:`` in ``@page`` boxes), safe in a <style>."""
    escaped = re.sub(r'[\\"<>\n\r]', lambda m: "\\%x " % ord(m.group(0)), str(value))
    return Markup(f'"{escaped}"')


def page_numbers(language: str, prefix: str = "") -> Markup:
    """A CSS ``content`` value printing "Page X / Y" from the label catalogue, after *prefix*."""
    parts = [css_string(typeset(prefix, language))] if prefix else []
    for piece in re.split(r"(\{page\}|\{pages\})", label(language, "page")):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append(css_string(typeset(piece, language)))
    return Markup(" ".join(parts))


def footer_contacts(campus) -> str:
    """One line for the page footer: the campus and its first contact's e-mail and phone."""
    first = campus.contacts[0]
    bits = [campus.name, first.email, nbsp(first.phone) if first.phone else None]
    return " · ".join(b for b in bits if b)


def nbsp(value) -> str:
    """Spaces made unbreakable (phone numbers, short names)."""
    return str(value).replace(" ", NBSP)


def _overrides(context) -> dict | None:
    """The printed labels the rendered campus replaces (its ``labels``), if any."""
    campus = context.get("campus")
    return getattr(campus, "labels", None) or None


def qr(value, size_mm: float = 25, colour: str = "#000000", label: str | None = None) -> Markup:
    """An inline vector SVG QR code for *value* (drawn by :mod:`metier.graphics.qr`)."""
    from metier.graphics.qr import qr_svg

    return Markup(qr_svg(str(value), size_mm=size_mm, colour=colour, label=label))


def salary_chart(summary, language: str, overrides: dict | None = None, **options) -> Markup:
    """An inline vector SVG chart of a profile's salaries (:mod:`metier.graphics.chart`).

    Empty when its salaries cannot share one scale (say, an hourly and a monthly
    rate): the summary box prints them anyway. A reference that cannot be
    compared is already refused when the profile is loaded.
    """
    from metier.graphics.chart import chart_problem, salary_chart as draw

    if chart_problem(summary):
        return Markup("")
    return Markup(draw(summary, language, overrides=overrides, **options))


def binary(value) -> str:
    """*value* as 8-bit binary groups (the decorative band of hidden messages)."""
    from metier.graphics.qr import binary_groups

    return binary_groups(str(value))


def make_environment(layout: ResolvedLayout, language: str) -> SandboxedEnvironment:
    """A sandboxed environment for *layout* whose filters print in *language*."""
    env = SandboxedEnvironment(
        loader=SearchPathLoader(layout),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=lambda value: markdown(value, language),
        md_inline=lambda value: markdown(value, language, inline=True),
        text=lambda value: text(value, language),
        salary=lambda value: formats.salary(value, language),
        money=lambda value, currency="EUR": formats.money(value, currency, language),
        date=lambda value: formats.date(value, language),
        date_range=lambda start, end=None: formats.date_range(start, end, language),
        study_level=lambda value: formats.study_level(value, language),
        rating=pass_context(lambda ctx, value: label(language, f"rating.{value}", _overrides(ctx))),
        lead=lambda value: markdown(lead(value), language),
        qr=qr,
        binary=binary,
        years=lambda value: plural(language, "duration_years", value),
        count=pass_context(lambda ctx, n, key: plural(language, key, n, _overrides(ctx))),
        css_string=css_string,
        nbsp=nbsp,
        asset=lambda name: Markup(ASSET_ROOT + str(name)),
        workspace_file=lambda name: Markup(WORKSPACE_ROOT + str(name)),
    )
    env.globals.update(
        L=pass_context(lambda ctx, key, **values: text(label(language, key, _overrides(ctx), **values), language)),
        page_numbers=lambda prefix="": page_numbers(language, prefix),
        footer_contacts=footer_contacts,
        salary_chart=pass_context(lambda ctx, summary, **options: salary_chart(summary, language, _overrides(ctx), **options)),
        colon=Markup(NBSP + ":" if language == "fr" else ":"),
        language=language,
    )
    return env


def template_location(path: str, workspace) -> str:
    """Name a template file in a message: relative to the workspace, or as a built-in file."""
    shown = display_path(path, workspace)
    if shown.startswith("/"):
        parts = shown.split("/")
        return "<built-in>/" + "/".join(parts[-2:])
    return shown
