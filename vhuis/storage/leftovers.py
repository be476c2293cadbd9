"""Files a writer keeps beside the file it changes, and the ones a killed writer left behind.

While ``Store.commit`` works, each new version waits in ``.NAME.PID.XXXXXXXX.tmp`` and each
old version is kept in ``.NAME.PID.old`` (PID: the writer's process). A writer killed
with ``kill -9`` cannot remove them. An ``.old`` file always holds a version git has
(vhuis refuses to change a file that differs from HEAD before it keeps one), and a
``.tmp`` file holds a version that never landed; so once their process is gone, both
can go. The next writing command removes them under the store's lock; ``check`` names
those that stay.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from vhuis.errors import Problem
from vhuis.i18n import _

FOLDERS = ("", "cases", "meetings", "minutes", ".vhuis/schema", ".vscode")
_KEPT = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.old")
_WAITING = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]{8}\.tmp")
_WAITING_BEFORE_PIDS = re.compile(r"\.(?P<name>.+\.(?:yaml|md|gitattributes))\.[a-z0-9_]{8}\.tmp")


def kept_name(path: Path) -> Path:
    """Where ``Store.commit`` keeps the old version of ``path`` until its commit has landed."""
    return path.with_name(f".{path.name}.{os.getpid()}.old")


def waiting_prefix(path: Path) -> str:
    """The start of the name of a temporary file that holds a new version of ``path``."""
    return f".{path.name}.{os.getpid()}."


@dataclass(frozen=True)
class Leftover:
    path: Path
    pid: int | None  # None: made by a vhuis from before the names held the process

    @property
    def owner_gone(self) -> bool:
        return self.pid is not None and not _alive(self.pid)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # another user's process
        return True
    return True


def find(root: Path) -> list[Leftover]:
    """Every kept or waiting file in the folders vhuis writes, in name order."""
    found = []
    for folder in FOLDERS:
        try:
            with os.scandir(root / folder) as entries:
                names = [entry.name for entry in entries if entry.name.startswith(".")]
        except OSError:
            continue
        for name in names:
            match = _KEPT.fullmatch(name) or _WAITING.fullmatch(name)
            if match:
                found.append(Leftover(root / folder / name, int(match["pid"])))
            elif _WAITING_BEFORE_PIDS.fullmatch(name):
                found.append(Leftover(root / folder / name, None))
    return sorted(found, key=lambda leftover: leftover.path)


def sweep(root: Path) -> list[Leftover]:
    """Remove the leftovers of writers that are gone; those that stay (in use, or not removable)."""
    stayed = []
    for leftover in find(root):
        if leftover.owner_gone:
            try:
                leftover.path.unlink(missing_ok=True)
                continue
            except OSError:
                pass
        stayed.append(leftover)
    return stayed


def problems(root: Path) -> list[Problem]:
    """What ``check`` says of the leftovers no writing command can remove yet, or could not."""
    found = []
    for leftover in find(root):
        name = leftover.path.relative_to(root).as_posix()
        if leftover.pid is None:
            why = _("left behind by a vhuis command that was stopped; remove it if no vhuis command is running")
        elif leftover.owner_gone:
            why = (
                _(
                    "left behind by a vhuis command that was stopped (process {pid} is gone); it holds an old "
                    "version git has. The next vhuis change removes it; if it stays, remove it by hand"
                )
                if leftover.path.suffix == ".old"
                else _(
                    "left behind by a vhuis command that was stopped (process {pid} is gone); it holds a change "
                    "that never landed. The next vhuis change removes it; if it stays, remove it by hand"
                )
            ).format(pid=leftover.pid)
        else:
            continue  # its command is still at work
        found.append(Problem(name, None, "", why, "warning"))
    return found
