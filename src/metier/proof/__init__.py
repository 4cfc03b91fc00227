"""Proofs for reviewers: PNG images of every page and a contact sheet per target and campus.

``metier preview`` (:mod:`metier.cli.preview`) builds a target as ``metier build``
does, then turns each PDF into page images (:mod:`metier.proof.pages`) and lays
their thumbnails out on a contact sheet (:mod:`metier.proof.contact`): one
group per document with its name and page count, the pages beyond the page
budget framed in red and the outputs that failed shown as placeholders with
their error. A reviewer who does not read YAML or logs can check a whole
campus by looking at one or two images. The library draws and writes files;
it never prints.
"""
