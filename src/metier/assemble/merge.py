"""Joining PDFs into one, keeping vector content and the first document's metadata."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def concatenate(pdfs: list[bytes]) -> bytes:
    """One PDF with the pages of *pdfs* in order (the flyers of a campus before imposing them n-up)."""
    if not pdfs:
        raise ValueError("nothing to join: no PDF given")
    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)), import_outline=False)
    metadata = PdfReader(io.BytesIO(pdfs[0])).metadata
    if metadata:
        writer.add_metadata({k: v for k, v in metadata.items() if isinstance(v, str)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
