"""metier studio: a local web front door onto the same library (edit fiches in the browser, watch pages change).

Modules: :mod:`~metier.studio.security` (token, host, origin, CSRF),
:mod:`~metier.studio.forms` (schema -> form fields, form -> changes),
:mod:`~metier.studio.edit` (patching a YAML file's text, value by value),
:mod:`~metier.studio.history` (previous versions, undo),
:mod:`~metier.studio.app` (the routes).
"""
