"""The catalogue of broken and hostile inputs, and what metier must say about each.

A :class:`Case` is a few files written into a copy of the sample workspace
(a file added, or one replaced), the exact lines ``metier check`` must print
about them and its exit code; for templates and Markdown, then, what
rendering the sheet must print, and what the HTML must and must not hold.
The cases are grouped by what they attack, one module each:

* :mod:`.yaml_cases`: the YAML layer (size, depth, aliases, encodings, syntax);
* :mod:`.validation_cases`: values of the wrong type or form, CSS and script injection;
* :mod:`.reference_cases`: file names, ids, and references to what does not exist;
* :mod:`.output_cases`: output patterns of ``metier.yaml`` targets that would write outside ``out/``;
* :mod:`.template_cases`: campus template overrides that are broken or try to leave the sandbox;
* :mod:`.markup_cases`: raw HTML and dangerous links in Markdown and plain text, which must print as text.

``tests/hostile/test_catalogue.py`` runs them, one test each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

CHECK = ("check",)
SHEET_HTML = ("sheet", "hostile", "--campus", "lyon", "--html", "-o", "page.html")
"""Render the sheet of ``profiles/hostile.yaml`` for Lyon as HTML, into ``page.html`` at the workspace root."""
WROTE_HTML = ("Wrote page.html",)


@dataclass(frozen=True)
class Step:
    """A metier command run on the case's workspace, the lines it must print and its exit code."""

    args: tuple[str, ...]
    lines: tuple[str, ...] = ()
    code: int = 0


@dataclass(frozen=True)
class Case:
    """One broken or hostile input and what metier must answer.

    *files* maps a workspace path to its new content (``str`` is written as
    UTF-8, ``bytes`` as they are). *expected* and *code* are what
    ``metier check`` prints (its issue lines, without the content rules'
    lines, which end in ``[rule-id]``, and without the closing count) and its
    exit code; *command* replaces ``check`` for problems another command
    reports. *then* is a second command, usually the rendering of a sheet,
    whose HTML (``page.html``) must contain every string of *html_has* and
    none of *html_lacks*. *seconds* bounds the time of the first command;
    *inspect* is called with the loaded workspace for cases that are accepted
    on purpose; *xfail* says why a case does not pass yet.
    """

    name: str
    files: dict[str, str | bytes]
    expected: tuple[str, ...] = ()
    code: int = 1
    command: tuple[str, ...] = CHECK
    then: Step | None = None
    html_has: tuple[str, ...] = ()
    html_lacks: tuple[str, ...] = ()
    seconds: float | None = None
    inspect: Callable | None = field(default=None, compare=False)
    xfail: str | None = None


def all_cases() -> list[tuple[str, Case]]:
    """Every case of the catalogue as ``(category, case)``, in catalogue order."""
    from tests.hostile.catalogue import (markup_cases, output_cases, reference_cases, template_cases,
                                         validation_cases, yaml_cases)

    modules = {"yaml": yaml_cases, "validation": validation_cases, "references": reference_cases,
               "outputs": output_cases, "templates": template_cases, "markup": markup_cases}
    return [(category, case) for category, module in modules.items() for case in module.CASES]
