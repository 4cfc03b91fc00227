"""Rules on the official codes of a profile: its ROME code and its FAP code, against the referentials.

The labels are compared leniently (case, accents, punctuation and spacing
ignored), so that only a label that names something else is reported; the
message gives the official label to copy.
"""

from __future__ import annotations

import re
import unicodedata

from metier.lint.registry import Context, Finding, rule
from metier.messages import msg


def comparable(label: str) -> str:
    """*label* without case, accents, punctuation or extra spaces (typographic apostrophes are apostrophes)."""
    text = unicodedata.normalize("NFKD", label.replace("’", "'")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@rule("rome-unknown", "error", "The ROME code is not in the ROME 4.0 referential.")
def rome_unknown(ctx: Context):
    """A ROME code that the referential does not list."""
    rome = ctx.referentials.rome
    for _, path, profile in ctx.profiles():
        if profile.summary.rome is None:
            continue
        code = profile.summary.rome.code
        if code not in rome:
            yield Finding(path, ("summary", "rome", "code"), msg("lint_rome_unknown", code=code))


@rule("rome-label", "warning", "The ROME label differs from the official label of its code.")
def rome_label(ctx: Context):
    """A known ROME code printed with a label that is not its official one."""
    rome = ctx.referentials.rome
    for _, path, profile in ctx.profiles():
        if profile.summary.rome is None:
            continue
        code, label = profile.summary.rome.code, profile.summary.rome.label
        official = rome.get(code)
        if official and comparable(official) != comparable(label):
            yield Finding(path, ("summary", "rome", "label"),
                          msg("lint_rome_label", code=code, label=label, official=official))


def fap_lookup(ctx: Context, code: str) -> list[tuple[str, str, int]]:
    """``(nomenclature, official label, level)`` of *code* in FAP 2021 and FAP 2009 (a domain letter is in both)."""
    return [(f"FAP {entry.nomenclature}", entry.label, entry.level) for entry in ctx.referentials.fap(code)]


@rule("fap-unknown", "error", "The FAP code is in neither FAP 2009 nor FAP 2021.")
def fap_unknown(ctx: Context):
    """A FAP code that neither nomenclature lists."""
    for _, path, profile in ctx.profiles():
        code = profile.summary.fap.code
        if not fap_lookup(ctx, code):
            yield Finding(path, ("summary", "fap", "code"), msg("lint_fap_unknown", code=code))


@rule("fap-label", "warning", "The FAP label differs from the label of its code at that level (FAP 2009 or 2021).")
def fap_label(ctx: Context):
    """A FAP code printed with a label that is not the one of its nomenclature and level."""
    for _, path, profile in ctx.profiles():
        code, label = profile.summary.fap.code, profile.summary.fap.label
        found = fap_lookup(ctx, code)
        if found and all(comparable(official) != comparable(label) for _, official, _ in found):
            name, official, level = found[0]
            yield Finding(path, ("summary", "fap", "label"),
                          msg("lint_fap_label", code=code, label=label, official=official, nomenclature=name,
                              level=level))


@rule("rome-choose", "warning", "A source gave several ROME codes for the job; the first is used until one is chosen.")
def rome_choose(ctx: Context):
    """A profile whose ``summary.rome.alternatives`` still lists other codes (an ONISEP métier with several)."""
    rome = ctx.referentials.rome
    for _, path, profile in ctx.profiles():
        code = profile.summary.rome
        if code is not None and code.alternatives:
            others = ", ".join(f"{c} {rome.get(c, '(not in the referential)')}" for c in code.alternatives)
            yield Finding(path, ("summary", "rome", "alternatives"),
                          msg("lint_rome_choose", code=code.code, label=code.label, others=others))


@rule("rome-missing", "warning", "The profile has no ROME code (summary.rome).")
def rome_missing(ctx: Context):
    """A profile without ``summary.rome``: an imported métier for which the source gave none, or only a domain."""
    for _, path, profile in ctx.profiles():
        if profile.summary.rome is None:
            yield Finding(path, ("summary",), msg("lint_rome_missing"), key=True)
