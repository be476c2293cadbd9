"""The merge driver: git starts it once for every store file it merges (see vhuis/cli/entry.py)."""

from __future__ import annotations

from pathlib import Path

from vhuis.cli import output
from vhuis.errors import ExitCode
from vhuis.i18n import _, activate


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Merge one file by meaning into ``ours``; say every clash on stderr; the exit status for git."""
    from vhuis.collab.sync import driver_language, merge_driver

    activate(driver_language(name))  # git starts the driver with no store open: it speaks the store's language
    conflicts = merge_driver(base, ours, theirs, name)
    for line in conflicts:
        output.fail(_("merge conflict: {clash}").format(clash=line))
    if conflicts:
        output.say(_("settle it with 'vhuis resolve' (alone, it lists every clash with the command that settles it)"))
        return int(ExitCode.CONFLICT)
    return int(ExitCode.OK)
