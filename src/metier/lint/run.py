"""Run the content rules on a loaded workspace: located issues, with the configured severities and silences.

``lint:`` in ``metier.yaml`` changes a rule's severity or turns it off
(``rules: {rome-label: error, duplicate-text: off}``) and sets the rules'
thresholds. One occurrence is silenced in its file with a comment on its line
or on the line above, giving a reason::

    updated:   # metier-ignore: updated-missing -- the seed fiche had no date

A marker without a reason, or naming no known rule, is itself reported.
"""

from __future__ import annotations

import re

from metier.errors import Issue
from metier.lint import codes, content, refresh  # noqa: F401 - importing them registers their rules
from metier.lint.registry import RULES, Context
from metier.messages import msg

MARKER = re.compile(r"#\s*metier-ignore:\s*(?P<rules>[\w,\s-]+?)\s*(?:--\s*(?P<reason>\S.*))?$")


def lint(ws, refdata_dir: str | None = None, today=None, paths=None) -> list[Issue]:
    """The findings of every enabled rule on *ws*, as issues (severity from ``lint.rules``), minus silenced ones.

    *refdata_dir* is a folder of newer referential files (``--refdata``, as
    the user wrote it); default: ``refdata`` of ``metier.yaml``, else the
    bundled files. *paths* (workspace-relative file names) keeps only the
    findings in those files, the same as filtering a whole run's, but rules
    that look at one profile at a time skip the other profiles: what an
    editor checking one file while the user types needs at 1,000 profiles.
    """
    if ws.project is None:
        return []
    settings = ws.project.lint
    if today is not None:
        settings = settings.model_copy(update={"today": today})
    only = None if paths is None else frozenset(paths)
    ctx = Context(ws, settings, refdata_dir, only=only)
    issues = _unknown_rules(ws) if only is None or "metier.yaml" in only else []
    markers: dict[str, dict[int, tuple[set[str], str | None]]] = {}
    for rule in RULES.values():
        severity = settings.rules.get(rule.id, rule.severity)
        if severity == "off":
            continue
        for finding in rule.check(ctx):
            if only is not None and finding.path not in only:
                continue
            doc = ws.documents.get(finding.path)
            if finding.line is not None:
                line, column = finding.line, 1
            else:
                line, column = doc.locate(finding.loc, key=finding.key) if doc else (1, 1)
            if _silenced(ctx, finding.path, line, rule.id, markers):
                continue
            field = ".".join(str(p) for p in finding.loc)
            issues.append(Issue(finding.path, line, column, field, finding.message, severity, rule=rule.id))
    for path, lines in markers.items():
        for line, (rules, reason) in lines.items():
            if not reason:
                issues.append(Issue(path, line, 1, "", msg("lint_ignore_needs_reason"), "warning", rule="ignore-marker"))
            for rule_id in sorted(rules - set(RULES)):
                issues.append(Issue(path, line, 1, "", msg("lint_ignore_unknown_rule", rule=rule_id), "warning",
                                    rule="ignore-marker"))
    return sorted(issues, key=lambda i: (i.path, i.line, i.column, i.rule))


def _unknown_rules(ws) -> list[Issue]:
    doc = ws.documents.get("metier.yaml")
    issues = []
    for rule_id in ws.project.lint.rules:
        if rule_id not in RULES:
            line, column = doc.locate(("lint", "rules", rule_id), key=True) if doc else (1, 1)
            from metier.load.validate import suggestion

            issues.append(Issue("metier.yaml", line, column, f"lint.rules.{rule_id}",
                                msg("lint_unknown_rule", rule=rule_id, suggestion=suggestion(rule_id, list(RULES)))))
    return issues


def _silenced(ctx: Context, path: str, line: int, rule_id: str, markers) -> bool:
    """Whether a ``# metier-ignore:`` marker on *line* or the line above names *rule_id* (with a reason)."""
    if path not in markers:
        markers[path] = _markers(ctx.lines(path))
    for number in (line, line - 1):
        rules, reason = markers[path].get(number, (set(), None))
        if rule_id in rules and reason:
            return True
    return False


def _markers(lines: list[str]) -> dict[int, tuple[set[str], str | None]]:
    found = {}
    for number, line in enumerate(lines, 1):
        match = MARKER.search(line)
        if match:
            rules = {r.strip() for r in match.group("rules").replace(",", " ").split() if r.strip()}
            found[number] = (rules, match.group("reason"))
    return found
