"""``metier build --watch``: build, then build again whenever a file of the workspace changes.

Changes are debounced (an editor's save of several files is one rebuild) and
the build is incremental, so a change rebuilds only the outputs it affects.
The output folder, hidden files and editor back-ups are ignored. The callback
decides what a build is and reports it; an error in one build never stops the
loop. The library never prints: the command line says what happened.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from watchfiles import DefaultFilter, watch as watch_changes

from metier.build.targets import OUT

DEBOUNCE_MS = 400


class WorkspaceFilter(DefaultFilter):
    """Every change in the workspace except ``out/``, hidden files and folders, and editor and VCS debris."""

    def __init__(self, root: Path):
        super().__init__()
        self.out = Path(root) / OUT

    def __call__(self, change, path: str) -> bool:
        changed = Path(path)
        root = self.out.parent
        parts = changed.relative_to(root).parts if changed.is_relative_to(root) else changed.parts[-1:]
        return (super().__call__(change, path) and not changed.is_relative_to(self.out)
                and not any(part.startswith(".") for part in parts))


def watch(root: Path | str, on_change: Callable[[set[str]], object], *,
          stop: threading.Event | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
    """Call *on_change* once, then after every batch of changes under *root*, until *stop* is set.

    *on_change* gets the changed files as paths relative to *root* (an empty
    set for the first call). Ctrl-C ends the loop with ``KeyboardInterrupt``.
    """
    root = Path(root).resolve()
    on_change(set())
    for changes in watch_changes(root, watch_filter=WorkspaceFilter(root), debounce=debounce_ms,
                                 stop_event=stop, raise_interrupt=True):
        on_change({_relative(path, root) for _, path in changes})


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path
