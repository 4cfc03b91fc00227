"""The Jinja2 environment: sandboxed, autoescaped, loading from a layout's search path.

A fresh environment is built for each build, so that edited templates are seen
(watch mode). User templates run in Jinja's sandbox: they can format data, not
reach into Python. Every data string reaches the page through a filter that
escapes it and applies typography (``text``, ``md``), so no raw HTML or CSS
from a data field can get onto the page.

Templates are read only from the layout's search path: a name with ``..`` or
a leading ``/``, or a file whose symbolic link leads out of its folder, is
refused. An error raised while a template runs (an undefined variable, an
attribute the sandbox refuses, a division by zero) names the template file and
line that raised it. Powers and repetitions too large to compute (``9**9**9``,
``'x' * 10**9``) are refused before Python starts on them: such a computation
cannot be interrupted, not even by a build's time limit.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import BaseLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError, pass_context
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, SecurityError
from markupsafe import Markup

from metier.errors import DataError, MetierError, RenderTimeout, display_path
from metier.messages import msg, quote
from metier.render.layouts import ResolvedLayout
from metier.render.pictograms import PICTOGRAMS, pictogram_css
from metier.text import formats
from metier.text.labels import label, plural
from metier.text.markdown import cut, lead, markdown, text
from metier.text.typography import NBSP, typeset

ASSET_ROOT = "file:///__metier__/layout/"
WORKSPACE_ROOT = "file:///__metier__/workspace/"


class SearchPathLoader(BaseLoader):
    """Loads templates from a :class:`ResolvedLayout`'s search path, honouring ``!layout/`` and ``!base/``."""

    def __init__(self, layout: ResolvedLayout):
        self.layout = layout

    def get_source(self, environment, template):
        _refuse_escape(template)
        path = self.layout.find(template)
        if path is None:
            raise TemplateNotFound(template)
        folders, relative = self.layout.folders_for(template)
        real = path.resolve()
        if not any(real.is_relative_to(folder.resolve()) for folder in folders):
            raise TemplateRefused(msg("template_outside", name=template))  # a symbolic link leads elsewhere
        source = path.read_text("utf-8")
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime


class TemplateRefused(TemplateError):
    """A template name that leads out of the layout's search path."""


class TemplateProblem(TemplateSyntaxError):
    """An error raised while a template ran, located at the template file and line that raised it.

    It is a :class:`~jinja2.TemplateSyntaxError` so that renderers report it as
    they report a syntax error: the template's file, its line, the problem.
    """


def _refuse_escape(name: str) -> None:
    """Refuse a template name that is absolute or climbs out of its folder with ``..``."""
    relative = name.split("/", 1)[1] if name.startswith(("!layout/", "!base/")) else name
    pieces = relative.replace("\\", "/").split("/")
    if relative.startswith("/") or ".." in pieces or ":" in pieces[0]:
        raise TemplateRefused(msg("template_outside", name=name))


_METIER_CODE = str(Path(__file__).resolve().parents[1])
"""metier's own package: an exception raised in there, under a template, is a bug of metier's."""


def _template_line(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line of the innermost template frame of *exc*'s traceback, if it is the template's doing.

    ``None`` when no template frame is found, or when the exception was raised
    inside metier's own code called by the template (a filter's bug is a bug of
    metier's, not a template error), unless it is a ``TypeError`` or
    ``ValueError``: a filter given a value of the wrong kind by the template.
    What the template called directly (Jinja's sandbox and runtime, Python's
    operators, a model's public method) is the template's doing, as are
    metier's user-facing errors.
    """
    found, after = None, []
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if "__jinja_exception__" in frame.f_globals:  # a frame Jinja rewrote to show the template line
            found, after = (frame.f_code.co_filename, tb.tb_lineno), []
        else:
            after.append(frame.f_code.co_filename)
        tb = tb.tb_next
    if found is None:
        return None
    if isinstance(exc, (MetierError, TemplateError, TypeError, ValueError)):  # incl. a filter given a wrong value
        return found
    if any(str(Path(name).resolve()).startswith(_METIER_CODE) for name in after):
        return None
    return found


MAX_POWER_BITS = 4096
"""The largest whole number (in bits) ``**`` may compute in a template."""


class MetierSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with ``**`` and ``*`` bounded and runtime errors located at their template line."""

    intercepted_binops = frozenset({"**", "*"})  # also keeps Jinja from folding them at compile time

    def call_binop(self, context, operator, left, right):
        """Refuse a power or a repetition too large to compute; compute the others."""
        if operator == "**" and _is_int(left) and _is_int(right) and abs(left) > 1 \
                and right * abs(left).bit_length() > MAX_POWER_BITS:
            raise SecurityError(msg("template_power", expression=quote(f"{left} ** {right}"), bits=MAX_POWER_BITS))
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and _is_int(times) and len(seq) * times > MAX_RANGE:
                    raise SecurityError(msg("template_repeat", limit=MAX_RANGE))
        return super().call_binop(context, operator, left, right)

    def handle_exception(self, source=None):
        """Re-raise the current exception; one raised by template code becomes a :class:`TemplateProblem`."""
        try:
            super().handle_exception(source)
        except (TemplateSyntaxError, TemplateNotFound, DataError):  # already located, or reported with the search path
            raise
        except (MemoryError, RenderTimeout):  # the build's limits, reported as such
            raise
        except Exception as exc:  # noqa: BLE001 - sorted out by where it was raised
            where = _template_line(exc)
            if where is None:
                raise
            problem = str(exc) if isinstance(exc, (TemplateError, MetierError)) \
                else f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}".rstrip(": ")
            located = TemplateProblem(problem, where[1], filename=where[0])
            located.translated = True  # already located: an including template must not locate it again
            raise located from exc


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def css_string(value) -> Markup:
    """A value as a quoted CSS string (for ``content:`` in ``@page`` boxes), safe in a <style>.

    HTML-escaped text (a :class:`Markup`, such as a title joined with a label by
    ``~``) is unescaped first: entities mean nothing in CSS, "R&amp;D" would
    print as written. Backslashes, quotes, angle brackets and every control
    character (a form feed ends a CSS string as a line break does) become CSS
    escapes.
    """
    if isinstance(value, Markup):
        value = value.unescape()
    escaped = re.sub(r'[\\"<>\x00-\x1f\x7f]', lambda m: "\\%x " % ord(m.group(0)), str(value))
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
    rate), or are both 0 (a skeleton's placeholders): the summary box prints
    them anyway. A reference that cannot be
    compared is already refused when the profile is loaded.
    """
    from metier.graphics.chart import chart_problem, salary_chart as draw

    if chart_problem(summary) or not (summary.salary_starting.amount or summary.salary_experienced.amount):
        return Markup("")  # nothing to compare (or placeholders of a skeleton still to write)
    return Markup(draw(summary, language, overrides=overrides, **options))


def binary(value) -> str:
    """*value* as 8-bit binary groups (the decorative band of hidden messages)."""
    from metier.graphics.qr import binary_groups

    return binary_groups(str(value))


def make_environment(layout: ResolvedLayout, language: str) -> SandboxedEnvironment:
    """A sandboxed environment for *layout* whose filters print in *language*."""
    env = MetierSandbox(
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
        cut=cut,
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
        pictogram_css=lambda colour: pictogram_css(layout, colour),
        pictograms=frozenset(PICTOGRAMS),
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
