"""The content rules: each has an id, a one-line description, a default severity and a check.

A rule is a function that takes a :class:`Context` (the workspace, the lint
settings, the referentials) and yields :class:`Finding` objects: where (file
and dotted field) and what to do. :func:`metier.lint.run.lint` turns findings
into located issues, applies the severities of ``metier.yaml`` and the
``# metier-ignore:`` markers of the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One occurrence found by a rule: the file (workspace-relative), the value's location in it, the message."""

    path: str
    loc: tuple
    message: str
    key: bool = False  # locate the key rather than the value (for a missing value)
    line: int | None = None  # a line of the file, when the finding is about the text rather than a value


@dataclass(frozen=True)
class Rule:
    """A content rule."""

    id: str
    summary: str
    severity: str
    check: Callable[["Context"], Iterator[Finding]] = field(repr=False, compare=False)


@dataclass
class Context:
    """What rules look at: the loaded workspace, the lint settings, the referentials (loaded on first use)."""

    ws: object
    settings: object
    refdata_option: str | None = None
    _referentials: object = None
    only: frozenset | None = None
    """The files whose findings are wanted (``None``: every file); rules looking at one profile at a time skip the others."""
    _lines: dict = field(default_factory=dict)

    def lines(self, path: str) -> list[str]:
        """The lines of the workspace file *path* (read once; none when it cannot be read as UTF-8)."""
        if path not in self._lines:
            store = getattr(self.ws, "store", None)
            if store is not None:  # a draft's store gives the unsaved text (metier.load.store.DraftStore)
                text = store.text(path)
                self._lines[path] = text.splitlines() if text is not None else []
            else:
                try:
                    self._lines[path] = (self.ws.root / path).read_text(encoding="utf-8-sig").splitlines()
                except (OSError, UnicodeDecodeError):
                    self._lines[path] = []
        return self._lines[path]

    def profiles(self):
        """``(id, file, profile)`` of every valid profile the run looks at (:attr:`only`), in id order."""
        for pid, path, profile in self.all_profiles():
            if self.only is None or path in self.only:
                yield pid, path, profile

    def all_profiles(self):
        """``(id, file, profile)`` of every valid profile, in id order: for rules that compare profiles."""
        for pid, profile in sorted(self.ws.profiles.items()):
            yield pid, f"profiles/{pid}.yaml", profile

    @property
    def referentials(self):
        """The ROME and FAP referentials: ``--refdata``, else ``refdata`` of metier.yaml, else the bundled files."""
        if self._referentials is None:
            from metier.refdata import referentials_for

            self._referentials = referentials_for(self.ws.root, self.ws.project.refdata, self.refdata_option)
        return self._referentials


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, summary: str):
    """Register the decorated function as the check of rule *rule_id*."""
    assert severity in SEVERITIES, severity

    def register(check):
        RULES[rule_id] = Rule(rule_id, summary, severity, check)
        return check
    return register
