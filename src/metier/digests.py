"""SHA-256 digests of content: the one way metier tells whether an input changed.

Used for the YAML files a workspace is loaded from, the workspace files a
rendered document names, and every file a build's cache keys cover.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

MISSING = "missing"
"""The digest of a file that cannot be read: differs from every real digest."""


def bytes_digest(data: bytes) -> str:
    """The SHA-256 of *data*, in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path | str) -> str:
    """The SHA-256 of the file at *path*, or :data:`MISSING`."""
    try:
        return bytes_digest(Path(path).read_bytes())
    except OSError:
        return MISSING
