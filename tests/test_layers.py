"""The architecture holds: imports only go down the layers, and no module imports itself in a circle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_the_layer_contracts_in_pyproject_are_kept() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)

    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_no_module_imports_itself_in_a_circle() -> None:
    graph = grimp.build_graph("vhuis", exclude_type_checking_imports=True)
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != "vhuis" and graph.chain_exists(imported=module, importer=imported):
                circles.append(f"{module} -> {imported} -> ... -> {module}")

    assert circles == []


def test_every_module_lives_in_a_layer() -> None:
    loose = sorted(
        path.name
        for path in (ROOT / "vhuis").glob("*.py")
        if path.name not in {"__init__.py", "__main__.py", "errors.py", "model.py", "vocab.py", "clock.py", "i18n.py"}
    )

    assert loose == [], "put each module in cli/, collab/, documents/, domain/ or storage/ (README, Development)"
