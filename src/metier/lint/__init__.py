"""Content rules for `metier check`: facts checked against the official referentials and against each other.

Each rule has an id, a one-line description and a default severity
(:mod:`metier.lint.registry`); the rules live in :mod:`metier.lint.codes`
(ROME and FAP codes) and :mod:`metier.lint.content` (salaries, dates, sections,
copy-paste slips, to-dos); :func:`metier.lint.run.lint` runs them with the
settings of ``metier.yaml`` and the ``# metier-ignore:`` markers of the files.
"""
