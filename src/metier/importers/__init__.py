"""Importers: profile skeletons made from other organisations' job data (``metier import``).

Each importer reads one published format and writes profiles that validate
as they are, marking with « À RÉDIGER » what the user still has to write. An
importer never prints: it returns what it did, row by row, for the command
line to report.
"""
