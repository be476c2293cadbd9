"""Files that ship with vhuis: the default templates and the example store.

In a wheel they sit in ``vhuis/_data``; in a source checkout, at the repository
root (which is itself the example store).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the vhuis package


def resource(name: str) -> Path:
    for base in (_PACKAGE / "_data", _PACKAGE.parent):
        if (base / name).exists():
            return base / name
    raise FileNotFoundError(f"vhuis is installed without its {name}")


EXAMPLE_FILES = ("vhuis.yaml", "partners.yaml", "areas.yaml", "cases", "meetings")
