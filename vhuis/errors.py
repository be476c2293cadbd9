"""The errors vhuis raises, and the exit codes they map to.

Domain code raises these; exactly one place (``vhuis.cli.app``) turns them into a
message on stderr and an exit status. ``docs/exit-codes.md`` lists the codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


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

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


class VhuisError(Exception):
    """Something went wrong that the user can act on."""

    exit_code = ExitCode.ERROR


class InvalidInput(VhuisError):
    """An argument or option the user gave is not valid."""

    exit_code = ExitCode.USAGE


class InvalidData(VhuisError):
    """A file, or the result of a change, breaks the schema; lists every problem."""

    exit_code = ExitCode.INVALID

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [summary, *(f"  {p}" for p in problems)]
        super().__init__("\n".join(lines))


class NotFound(VhuisError):
    """A case, entry, partner, meeting or template that does not exist."""

    exit_code = ExitCode.NOT_FOUND


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


class PersonalData(VhuisError):
    """Text holds personal data that must not reach a file or a commit."""

    exit_code = ExitCode.PRIVACY
