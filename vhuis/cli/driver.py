"""The merge driver's entry: git starts it once for every store file it merges, so it starts lean.

``vhuis merge-driver BASE OURS THEIRS PATH`` (as git runs it) is answered here without
building the Typer app: that is about a third of each run's start-up, paid again for
every file of a ``git pull``. Anything else (``--help``, a wrong number of
arguments) goes to the full command line, which says what is wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vhuis.cli import output
from vhuis.errors import ExitCode, VhuisError


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Merge one file by meaning into ``ours``; say every clash on stderr; the exit status for git."""
    from vhuis.collab.sync import merge_driver

    conflicts = merge_driver(base, ours, theirs, name)
    for line in conflicts:
        output.fail(f"merge conflict: {line}")
    if conflicts:
        output.say("settle it with 'vhuis resolve' (alone, it lists every clash with the command that settles it)")
        return int(ExitCode.CONFLICT)
    return int(ExitCode.OK)


def run() -> None:
    """The console script (and ``python -m vhuis``): the merge driver's short way, else the command line."""
    args = sys.argv[1:]
    if args[:1] == ["merge-driver"] and len(args) == 5 and not any(arg.startswith("-") for arg in args[1:]):
        base, ours, theirs, name = args[1:]
        try:
            status = merge_file(Path(base), Path(ours), Path(theirs), name)
        except VhuisError as error:
            output.fail(str(error))
            status = int(error.exit_code)
        raise SystemExit(status)
    from vhuis.cli.app import run as command_line

    command_line()
