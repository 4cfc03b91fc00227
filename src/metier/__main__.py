"""Run metier as ``python -m metier``."""

from metier.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
