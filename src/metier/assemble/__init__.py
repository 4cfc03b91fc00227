"""Assembling PDFs: booklet imposition and n-up sheets, with pypdf."""
