"""The merge driver: git starts it once for every store file it merges (see vhuis/cli/entry.py)."""

from __future__ import annotations

from pathlib import Path

from vhuis.cli import output
from vhuis.errors import ExitCode
from vhuis.i18n import _, activate


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Merge one file by meaning into ``ours``; say every clash on stderr; the exit status for git.

    git runs the driver at the top of the store's work tree: it speaks the store's language.
    """
    from vhuis.collab.sync import merge_driver
    from vhuis.storage.store import Store

    activate(Store(Path.cwd()).language)

    conflicts = merge_driver(base, ours, theirs, name)
    for line in conflicts:
        output.fail(_("merge conflict: {clash}").format(clash=line))
    if conflicts:
        output.say(_("settle it with 'vhuis resolve' (alone, it lists every clash with the command that settles it)"))
        return int(ExitCode.CONFLICT)
    return int(ExitCode.OK)
