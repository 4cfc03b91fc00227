"""The rule on profiles written from ROME: the referential has changed what a profile took from it.

A profile written by ``metier new profile --rome`` or an import records what
it took (:mod:`metier.importers.provenance`); this rule compares that with
what the bundled ROME content and the workspace's referentials give today.
"""

from __future__ import annotations

from metier.lint.registry import Context, Finding, rule
from metier.messages import msg


@rule("rome-changed", "warning", "The ROME referential now gives another text or label than a profile took from it.")
def rome_changed(ctx: Context):
    """A field filled from ROME that the current referential (bundled content, ``refdata`` labels) writes otherwise."""
    from metier.importers.provenance import changes, read_record
    from metier.importers.rome import fresh_profile
    from metier.refdata.rome import bundled_content

    content = bundled_content()
    fresh: dict[str, str] = {}
    for _, path, _profile in ctx.profiles():
        text = "\n".join(ctx.lines(path))
        record = read_record(text)
        if record is None or record.code not in content:
            continue
        if record.code not in fresh:
            fresh[record.code] = fresh_profile(record.code, content, ctx.referentials)
        for change in changes(text, fresh[record.code]):
            yield Finding(path, change.path, msg("lint_rome_changed_edited" if change.edited else "lint_rome_changed",
                                                 code=record.code, version=record.version, field=change.field,
                                                 now=content.version))
