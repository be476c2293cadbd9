"""What the command line turns typed text into: days, case and partner ids, the enums.

Each is a parser for typer (``typer.Option(..., parser=Day())``): it returns the domain's value,
or raises ``Refused`` (a ValueError) saying what is wrong in vhuis's words; ``vhuis.cli.app``
shows that under the parameter's name as typed (``--opened: ...``). ``label`` is the one place
that names a parameter, also for a field the domain refuses (``InvalidInput.field``).
Light: no models and no pydantic of vhuis's own here.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from vhuis.clock import iso_day
from vhuis.domain.inputs import NOT_A_DAY
from vhuis.vocab import CASE_ID, PARTNER_ID

if TYPE_CHECKING:
    from typer._click import Command, Parameter

E = TypeVar("E", bound=StrEnum)


class Refused(ValueError):
    """A typed value that is not valid; the message says why, without the parameter's name."""


class Day:
    """A day written YYYY-MM-DD (not 20261015) that exists."""

    def __call__(self, value: str | date) -> date:
        if isinstance(value, date):
            return value
        try:
            return iso_day(value)
        except ValueError:
            raise Refused(f"{value!r} {NOT_A_DAY}") from None


class CaseId:
    """A case id: the year and a number, ``2026-007``. Whether the case exists is the store's to say."""

    def __call__(self, value: str) -> str:
        if not CASE_ID.match(value):
            raise Refused(f"{value!r} is not a case id (YYYY-NNN, e.g. 2026-007)")
        return value


class PartnerId:
    """A partner id's form: lowercase letters, digits and '-'. Whether it is a partner is the store's to say."""

    def __call__(self, value: str) -> str:
        if not PARTNER_ID.fullmatch(value):
            raise Refused(f"{value!r} is not a partner id (lowercase letters, digits and '-', e.g. 'de-lijn')")
        return value


def _or(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def listed(enum: type[StrEnum]) -> str:
    """The enum's values for a help text: ``a, b or c``."""
    return _or([member.value for member in enum])


class Choice(Generic[E]):
    """One value of a vhuis enum; the values come from the enum itself."""

    def __init__(self, enum: type[E]) -> None:
        self.enum = enum

    def __call__(self, value: str | E) -> E:
        try:
            return self.enum(value)
        except ValueError:
            raise Refused(f"{value!r} is not one of: {_or([repr(m.value) for m in self.enum])}") from None


def named(param: Parameter) -> str:
    """A parameter as the user types it: an option by its flag (``--opened``), an argument by its metavar."""
    from typer.core import TyperOption

    if isinstance(param, TyperOption):
        return str(param.opts[0])
    return param.metavar or (param.name or "").upper()


def label(command: Command | None, field: str) -> str:
    """``field`` (a parameter of the domain function that refused a value) as the user typed it.

    The command's parameter of that name (or with a trailing ``_``, for ``type_``); any other field as it is.
    """
    for param in command.params if command is not None else ():
        if param.name in (field, f"{field}_"):
            return named(param)
    return field
