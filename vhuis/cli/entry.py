"""Where vhuis starts: git's calls of the merge driver take a short way, everything else the command line.

git starts ``vhuis merge-driver BASE OURS THEIRS PATH`` once for every store file it
merges, so that call is answered without building the Typer app: about a fifth of
each run, paid again for every file of a ``git pull``. Anything else (``--help``, a
wrong number of arguments) goes to the full command line, which says what is wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run() -> None:
    """The console script (and ``python -m vhuis``): the merge driver's short way, else the command line."""
    args = sys.argv[1:]
    if args[:1] == ["merge-driver"] and len(args) == 5 and not any(arg.startswith("-") for arg in args[1:]):
        base, ours, theirs, name = args[1:]
        from vhuis.cli import output
        from vhuis.cli.driver import merge_file
        from vhuis.errors import VhuisError

        try:
            status = merge_file(Path(base), Path(ours), Path(theirs), name)
        except VhuisError as error:
            output.fail(str(error))
            status = int(error.exit_code)
        raise SystemExit(status)
    from vhuis.cli.app import run as command_line

    command_line()
