"""Every command has help text and is in the README; the README's Quick start is what CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import typer
from conftest import ROOT, Invoke

from vhuis.cli.app import app


def commands(group: Any = None, prefix: str = "") -> list[tuple[str, Any]]:
    group = group or typer.main.get_command(app)
    found = []
    for name, command in sorted(group.commands.items()):
        if getattr(command, "hidden", False):
            continue
        path = f"{prefix}{name}"
        if hasattr(command, "commands"):
            found += commands(command, f"{path} ")
        else:
            found.append((path, command))
    return found


def test_every_command_has_help_and_is_in_the_readme(vhuis: Invoke) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = commands()
    assert len(listed) >= 20
    for path, command in listed:
        assert (command.help or "").strip(), f"vhuis {path} has no help text"
        shown = vhuis(*path.split(), "--help")
        assert shown.exit_code == 0 and "Usage" in shown.stdout, path
        assert f"`vhuis {path}" in readme, f"vhuis {path} is not in README.md's command table"


def quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_lines_and_ci_runs_the_test_line() -> None:
    lines = quick_start()
    assert len(lines) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[1] in ci


def test_quick_start_main_job_runs_on_the_example_store() -> None:
    """The first Quick start line's command, in the repository root, as a real process; it changes nothing."""
    command = quick_start()[0].split("&&")[-1].split()
    assert command[:3] == ["python", "-m", "vhuis"]

    def status() -> str:
        return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout

    before = status()
    shown = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "Openstaande afspraken" in shown.stdout and "Straathoekwerk Genk" in shown.stdout
    assert status() == before
