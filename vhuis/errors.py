"""The errors vhuis raises, and the exit codes they map to.

Domain code raises these; exactly one place (``vhuis.cli.app``) turns them into a
message on stderr and an exit status. ``docs/exit-codes.md`` lists the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from vhuis.i18n import _, ngettext


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    INVALID = 3
    NOT_FOUND = 4
    STORE = 5
    GIT = 6
    LOCKED = 7
    CONFLICT = 8
    PRIVACY = 9
    SEND = 10
    WRITE = 11


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file or an input: where, what, and how bad."""

    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join([*parts, self.message])

    def shown(self) -> str:
        """The problem as a person reads it in a list: a warning says that it is one."""
        return str(self) if self.severity == "error" else _("{problem} (warning)").format(problem=self)

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


def tally(problems: Sequence[Problem]) -> str:
    """How many errors and warnings: ``2 errors, 1 warning``."""
    errors = sum(1 for problem in problems if problem.severity == "error")
    warnings = len(problems) - errors
    return _("{errors}, {warnings}").format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )


class VhuisError(Exception):
    """Something went wrong that the user can act on."""

    exit_code = ExitCode.ERROR


@dataclass(frozen=True)
class Ref:
    """Another field named inside a message ("already listed with --present"), shown as the user typed it."""

    field: str


Said = str | tuple[str | Ref, ...]


class InvalidInput(VhuisError):
    """A value the user gave is not valid.

    Each thing wrong names the ``field`` it concerns in the domain's words (a parameter of the
    function that refused it: ``opened``, ``partners``); the command line shows it as the user typed
    it (``--opened``, ``--partner``) through ``text(label)``. ``heading`` puts the things on lines
    of their own under it; without one they are joined with ``; ``.
    """

    exit_code = ExitCode.USAGE

    def __init__(
        self, message: Said, field: str = "", *, also: Sequence[tuple[str, Said]] = (), heading: str = ""
    ) -> None:
        self.wrong = [(field, message), *also]
        self.heading = heading
        super().__init__(self.text())

    @property
    def field(self) -> str:
        """The field of the first thing wrong ('' when it concerns no one field)."""
        return self.wrong[0][0]

    def text(self, label: Callable[[str], str] = str) -> str:
        """The message, each field shown as ``label`` names it."""
        said = []
        for field, message in self.wrong:
            text = (
                message
                if isinstance(message, str)
                else "".join(label(part.field) if isinstance(part, Ref) else part for part in message)
            )
            said.append(f"{label(field)}: {text}" if field else text)
        if self.heading:
            return "\n  ".join([f"{self.heading}:", *said])
        return "; ".join(said)


class InvalidData(VhuisError):
    """A file, or the result of a change, breaks the schema; lists every problem."""

    exit_code = ExitCode.INVALID

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [summary, *(f"  {p.shown()}" for p in problems)]
        super().__init__("\n".join(lines))


class NotFound(VhuisError):
    """A case, entry, partner, meeting or template that does not exist."""

    exit_code = ExitCode.NOT_FOUND


class WriteFailed(VhuisError):
    """A file could not be written (no room, no permission, a read-only folder); nothing was committed."""

    exit_code = ExitCode.WRITE


class SendFailed(VhuisError):
    """The mail server could not be reached or refused a message; the .eml files are written all the same."""

    exit_code = ExitCode.SEND


class StoreError(VhuisError):
    """No store where one was expected, or the store itself is unusable."""

    exit_code = ExitCode.STORE


class GitError(VhuisError):
    """Git refused or failed; the store was left as it was."""

    exit_code = ExitCode.GIT


class DirtyFile(GitError):
    """A file the command would change holds uncommitted hand edits."""


class LockTimeout(VhuisError):
    """Another vhuis command holds the store's lock for too long."""

    exit_code = ExitCode.LOCKED


class MergeConflict(VhuisError):
    """Two sides changed the same field to different values."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, message: str, clashes: Sequence[Any] = ()) -> None:
        self.clashes = list(clashes)
        super().__init__(message)


class EditConflict(VhuisError):
    """The case changed while it was open in the editor; the draft is kept."""

    exit_code = ExitCode.CONFLICT


class FixedRecord(VhuisError):
    """Committed minutes that writing them again would change, without --force (approved minutes: never)."""

    exit_code = ExitCode.CONFLICT


class PersonalData(VhuisError):
    """Text holds personal data that must not reach a file or a commit."""

    exit_code = ExitCode.PRIVACY
