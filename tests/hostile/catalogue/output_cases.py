"""Output patterns of ``metier.yaml`` targets that would write outside ``out/``, or everything into one file.

``metier targets`` (and ``metier build``, before rendering anything) refuses
them, located at the pattern. ``metier check`` only refuses what is wrong with
the text itself (a NUL character); it does not check where the pattern leads
yet: the last case says it should.
"""

from __future__ import annotations

from tests.hostile.catalogue import Case
from tests.hostile.catalogue.base import PROJECT, vary

M = "metier.yaml"
TARGETS = ("targets",)
AT = f"{M}:12:13: targets.sheets.output:"
OUTSIDE = "is not inside out/; write a path such as out/{target}/{campus}/{profile}.pdf"
FIELDS = "use {target}, {campus} and {profile}"


def output(pattern: str) -> dict[str, str]:
    """metier.yaml whose sheets target writes to *pattern* (as written in YAML)."""
    return {M: vary(PROJECT, "    kind: sheets", f"    kind: sheets\n    output: {pattern}")}


CASES = [
    Case("parent-folder", output("../{profile}.pdf"), (f'{AT} output "../{{profile}}.pdf" {OUTSIDE}',), command=TARGETS),
    Case("absolute-path", output("/tmp/metier/{profile}.pdf"),
         (f'{AT} output "/tmp/metier/{{profile}}.pdf" {OUTSIDE}',), command=TARGETS),
    Case("dot-dot-inside", output("out/{profile}/../../x/{profile}.pdf"),
         (f'{AT} output "out/{{profile}}/../../x/{{profile}}.pdf" {OUTSIDE}',), command=TARGETS),
    Case("backslashes", output("'out\\..\\{profile}.pdf'"), (f'{AT} output "out\\..\\{{profile}}.pdf" {OUTSIDE}',),
         command=TARGETS),
    Case("not-a-pdf", output("out/{profile}.html"), (f'{AT} output "out/{{profile}}.html" {OUTSIDE}',), command=TARGETS),
    Case("profile-missing", output("out/{target}/{campus}.pdf"),
         (f'{AT} output "out/{{target}}/{{campus}}.pdf" must contain {{profile}}: a sheets target writes one file per profile',),
         command=TARGETS),
    Case("attribute-placeholder", output("out/{profile.__class__}.pdf"),
         (f'{AT} output "out/{{profile.__class__}}.pdf": unknown placeholder {{profile.__class__}}; {FIELDS}',),
         command=TARGETS),
    Case("padding-placeholder", output("out/{profile:^999999999}.pdf"),
         (f'{AT} output "out/{{profile:^999999999}}.pdf": unknown placeholder {{profile:^999999999}}; {FIELDS}',),
         command=TARGETS, seconds=2),
    Case("conversion-placeholder", output("out/{profile!r}.pdf"),
         (f'{AT} output "out/{{profile!r}}.pdf": unknown placeholder {{profile!r}}; {FIELDS}',), command=TARGETS),
    Case("unpaired-brace", output("out/{profile.pdf"),
         (f"{AT} output \"out/{{profile.pdf\": expected '}}' before end of string; {FIELDS}",), command=TARGETS),
    Case("nul-character", output('"out/{profile}\\0.pdf"'),
         (f"{AT} contains the invisible control character U+0000, which cannot be printed; "
          "remove it (or the escape that writes it, such as \\f or \\x07)",)),
    Case("reported-by-check", output("../{profile}.pdf"), (f'{AT} output "../{{profile}}.pdf" {OUTSIDE}',)),
]
