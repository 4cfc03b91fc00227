"""Campus template overrides that are broken or try to leave Jinja's sandbox.

Each case adds ``campuses/lyon/layouts/job-sheet/sheet.html.j2``, which
extends the job sheet and replaces its ``title`` block, then renders the
sheet of ``profiles/hostile.yaml`` for Lyon. ``metier check`` does not render,
so it passes; rendering must stop with the template file, its line and what
is wrong, and nothing the template asked for may run or be read.
"""

from __future__ import annotations

from tests.hostile.catalogue import SHEET_HTML, WROTE_HTML, Case, Step
from tests.hostile.catalogue.base import PROFILE

T = "campuses/lyon/layouts/job-sheet/sheet.html.j2"
AT = f"error: template {T}, line 2:"
OUTSIDE = "is outside the layout's search path; name templates relative to a layout folder, without \"..\", " \
          "a leading \"/\" or a link that leads elsewhere"


def title_block(body: str) -> dict[str, str]:
    """The files of a case: the base profile, and a Lyon override of the sheet whose title block is *body*."""
    return {"profiles/hostile.yaml": PROFILE,
            T: '{% extends "!layout/sheet.html.j2" %}\n{% block title %}' + body + "{% endblock %}\n"}


def refused(name: str, body: str, line: str) -> Case:
    """A case whose title block *body* must stop the rendering with *line* (after ``error: template ..., line 2:``)."""
    return Case(name, title_block(body), code=0, then=Step(SHEET_HTML, (f"{AT} {line}",), 1))


CASES = [
    Case("override-that-works", title_block("Fiche {{ profile.title }}"), code=0, then=Step(SHEET_HTML, WROTE_HTML),
         html_has=("<title>Fiche Analyste hostile</title>",)),
    refused("syntax-error", "{% if %}", "Expected an expression, got 'end of statement block'"),
    refused("undefined-variable", "{{ nope }}", "'nope' is undefined"),
    refused("undefined-attribute", "{{ profile.nope }}", "'metier.model.profile.Profile object' has no attribute 'nope'"),
    refused("class-mro", "{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe."),
    refused("cycler-globals", "{{ cycler.__init__.__globals__ }}", "access to attribute '__init__' of 'type' object is unsafe."),
    refused("lipsum-globals", "{{ lipsum.__globals__['os'] }}",
            "access to attribute '__globals__' of 'function' object is unsafe."),
    refused("private-context", "{{ self._TemplateReference__context }}",
            "access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe."),
    refused("model-dict", "{{ profile.__dict__ }}", "access to attribute '__dict__' of 'Profile' object is unsafe."),
    refused("format-attribute", "{{ '{0.__class__}'.format(1) }}", "access to attribute '__class__' of 'int' object is unsafe."),
    refused("attr-filter", "{{ ''|attr('__class__') }}", "access to attribute '__class__' of 'str' object is unsafe."),
    refused("include-absolute", "{% include '/etc/passwd' %}", f'template "/etc/passwd" {OUTSIDE}'),
    refused("include-parent", "{% include '../../../../../../../../etc/passwd' %}",
            f'template "../../../../../../../../etc/passwd" {OUTSIDE}'),
    refused("include-base-parent", "{% include '!base/../../../../../../etc/hostname' %}",
            f'template "!base/../../../../../../etc/hostname" {OUTSIDE}'),
    Case("extends-parent", {"profiles/hostile.yaml": PROFILE, T: '{% extends "!layout/../../../../../../etc/passwd" %}\n'},
         code=0, then=Step(SHEET_HTML, (f'error: template {T}, line 1: template "!layout/../../../../../../etc/passwd" '
                                        f"{OUTSIDE}",), 1)),
    refused("huge-power", "{{ 9 ** (9 ** 9) }}", '"9 ** 387420489" is too large a number for a template (more than 4096 bits)'),
    refused("huge-repetition", "{{ 'x' * 10 ** 9 }}",
            "a text or list repeated with * would be longer than 100000 items, too long for a template"),
    refused("huge-range", "{{ range(10 ** 9) | list | length }}",
            "OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000)."),
    refused("division-by-zero", "{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
    refused("endless-macro", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError: maximum recursion depth exceeded"),
    refused("filter-given-a-number", "{{ 5 | md }}", "TypeError: Input data should be a string, not <class 'int'>"),
]
