"""metier: turn structured job profiles (YAML) into print-ready PDF job sheets.

The public API mirrors the pipeline: :func:`load_workspace` reads and validates a
workspace folder, :func:`render_sheet` turns one profile into PDF bytes for one
campus, and :func:`build` writes every output of a workspace into ``out/``.

They are imported lazily: ``metier check`` should not pay for WeasyPrint's import.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "build", "load_workspace", "render_sheet"]

_API = {
    "build": "metier.build.run",
    "load_workspace": "metier.load.workspace",
    "render_sheet": "metier.render.sheet",
}


def __getattr__(name):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'metier' has no attribute {name!r}")
