"""Error types: what went wrong, where, and whose fault it is.

* :class:`Issue` is one located problem in the user's files (``path:line:col``).
* :class:`DataError` carries every issue found in one pass, so the user sees them
  all at once instead of fixing one and running again.
* :class:`MetierError` is any other user-facing error (missing workspace, unknown
  profile...). The CLI prints it without a traceback.

Anything else that escapes is a bug in metier and is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath


@dataclass(frozen=True, order=True)
class Issue:
    """One problem at one place of one file.

    ``line`` and ``column`` are 1-based, as editors show them; ``field`` is the
    dotted path of the value inside the file (empty for the file itself).
    ``severity`` is ``"error"``, ``"warning"`` or ``"info"``.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: str = field(default="error", compare=False)
    rule: str = field(default="", compare=False)
    """The id of the content rule that found it (``metier check --list-rules``), if one did."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        prefix = f"{self.severity}: " if self.severity in ("warning", "info") else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}: {prefix}{what}{rule}"


class RenderTimeout(Exception):
    """Rendering one output took longer than ``limits.seconds`` (raised by the build's timer, never caught on the way)."""


class MetierError(Exception):
    """A problem the user can fix: shown as one line, never as a traceback."""


class DataError(MetierError):
    """Invalid input files: every located issue found, in file order."""

    def __init__(self, issues: list[Issue]):
        self.issues = sorted(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


def display_path(path, root) -> str:
    """Return *path* relative to *root* with forward slashes when possible.

    Messages name files as the user sees them in the workspace, never as an
    absolute machine path.
    """
    from pathlib import Path

    path, root = Path(path), Path(root)
    try:
        return str(PurePosixPath(path.resolve().relative_to(root.resolve())))
    except ValueError:
        return str(PurePosixPath(path))


class Advisory(str):
    """A warning of an output that ``--strict`` lets pass: advice, not a defect (a photo at 200 ppi).

    Every other warning of an output fails it with ``--strict``. It is a
    ``str``, so reports and caches treat it as any warning.
    """
