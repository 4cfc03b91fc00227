"""``out/build-report.json``: what a build did with every output, for people and for CI.

For each output: its target, kind, campus, profile(s), the inputs its key was
computed from, its variant, its status (``built``, ``up to date``,
``failed``), pages, page budget with any overflow and fitting steps,
rendering time, warnings and error. Then the input problems the build skipped
over (with their file, line and column) and a summary of the counts. The
report is rewritten atomically by every build, including one that failed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from metier.build.fingerprint import versions
from metier.build.targets import OUT
from metier.build.writer import write_atomic

REPORT = f"{OUT}/build-report.json"
STATUSES = ("built", "up to date", "failed")


def report_data(result, *, settings: dict | None = None) -> dict:
    """The report of *result* (a :class:`~metier.build.run.BuildResult`) as JSON-ready data."""
    counts = Counter(o.status for o in result.outputs)
    return {
        "versions": versions(),
        "settings": settings or {},
        "seconds": round(result.seconds, 3),
        "summary": {**{status: counts.get(status, 0) for status in STATUSES},
                    "warnings": result.warnings, "input problems": len(result.issues)},
        "outputs": [
            {
                "path": o.path, "target": o.target, "kind": o.kind, "campus": o.campus,
                **({"profile": o.profile} if o.profile else {"profiles": list(o.profiles)}),
                "variant": o.variant, "status": o.status, "pages": o.pages, "seconds": round(o.seconds, 3),
                **({"budget": o.budget, "overflow": o.overflow, "fitted": list(o.fitted)} if o.budget else {}),
                "warnings": list(o.warnings), "error": o.error,
                "key": o.key, "inputs": list(o.inputs) + sorted(o.files),
            }
            for o in result.outputs
        ],
        "input problems": [
            {"file": i.path, "line": i.line, "column": i.column, "field": i.field,
             "severity": i.severity, "message": i.message}
            for i in result.issues
        ],
    }


def write_report(root: Path, result, *, settings: dict | None = None) -> Path:
    """Write the report of *result* to ``out/build-report.json`` under *root* and return its path."""
    path = Path(root) / REPORT
    write_atomic(path, json.dumps(report_data(result, settings=settings), indent=2, ensure_ascii=False).encode())
    return path
