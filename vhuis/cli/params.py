"""What the command line turns typed text into: days, case and partner ids, the enums.

Each is a parser for typer (``typer.Option(..., parser=Day())``): it returns the domain's value,
or raises ``Refused`` (a ValueError) saying what is wrong in vhuis's words; ``vhuis.cli.app``
shows that under the parameter's name as typed (``--opened: ...``). ``label`` is the one place
that names a parameter, also for a field the domain refuses (``InvalidInput.field``).

People type as they speak: an enum's value in English (as the files hold it) or in Dutch
(``burger``, ``In uitvoering``), a day as ``2026-03-15``, ``15/03/2026`` or ``gisteren``. The
values are parsed before the store is open, so a refusal first looks up the store's language
(``_speak_the_stores_language``) and lists what would be valid in it.
Light: no models and no pydantic of vhuis's own here.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Generic, TypeVar

from vhuis.clock import iso_day, today
from vhuis.i18n import NP_, _, activate, catalog, pgettext
from vhuis.vocab import ALIASES, CASE_ID, PARTNER_ID, TERMS, GoalResult, term

if TYPE_CHECKING:
    from typer._click import Command, Parameter

E = TypeVar("E", bound=StrEnum)


class Refused(ValueError):
    """A typed value that is not valid; the message says why, without the parameter's name."""


def _speak_the_stores_language() -> None:
    """Make the store's language the active one, to word a refusal: the store is not open yet.

    The store is found as ``store_of`` will find it (the command's ``--store``, which is eager,
    then the one before the command, ``$VHUIS_STORE``, the working folder) and its language read
    from vhuis.yaml without YAML. No store there: the language stays as it is (Dutch, the default).
    """
    from typer._click.globals import get_current_context

    from vhuis.errors import VhuisError
    from vhuis.storage.store import Store, find_root

    ctx = get_current_context(silent=True)
    if ctx is None:  # called outside a command (a test of the parser alone)
        return
    explicit = ctx.params.get("store") or getattr(ctx.find_root().obj, "store", None)
    with suppress(VhuisError):
        activate(Store(find_root(explicit)).language)


# -- days ------------------------------------------------------------------------------

DAY_FIRST = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})")  # 15/03/2026, 15-03-2026, 5/3/2026
RELATIVE: dict[tuple[str, str], int] = {
    NP_("typed day", "today"): 0,
    NP_("typed day", "yesterday"): -1,
    NP_("typed day", "tomorrow"): 1,
}


@cache
def _relative_words() -> dict[str, int]:
    """Every word for a day near today, English and Dutch, with its distance: ``gisteren`` and ``yesterday`` are -1."""
    dutch = catalog("nl")
    return {
        word.lower(): shift
        for (context, english), shift in RELATIVE.items()
        for word in (english, dutch.pgettext(context, english))
    }


class Day:
    """A day that exists, written ``2026-03-15``, ``15/03/2026`` or ``15-03-2026``, or today, yesterday, tomorrow.

    Anything else is refused rather than guessed: a year of two digits, the year first with '/',
    the month first (``03/15/2026``: there is no month 15), ``20261015``.
    """

    def __call__(self, value: str | date) -> date:
        if isinstance(value, date):
            return value
        text = value.strip().lower()
        if text in _relative_words():
            return today() + timedelta(days=_relative_words()[text])
        try:
            if day_first := DAY_FIRST.fullmatch(text):
                day, _sep, month, year = day_first.groups()
                return date(int(year), int(month), int(day))
            return iso_day(text)
        except ValueError:
            pass
        _speak_the_stores_language()
        words = [pgettext(*word) for word in RELATIVE]
        raise Refused(
            _(
                "{value} is not a date; write it as YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY, a day that exists "
                "(e.g. 2026-04-30 or 30/04/2026), or as {words}"
            ).format(value=repr(value), words=_or(words))
        ) from None


class CaseId:
    """A case id: the year and a number, ``2026-007``. Whether the case exists is the store's to say."""

    def __call__(self, value: str) -> str:
        if not CASE_ID.match(value):
            _speak_the_stores_language()
            raise Refused(_("{value} is not a case id (YYYY-NNN, e.g. 2026-007)").format(value=repr(value)))
        return value


INBOX_ID = re.compile(r"I[1-9][0-9]*")


class InboxId:
    """A signal of the inbox: ``I7`` (``i7`` too). Whether the inbox holds it is the store's to say."""

    def __call__(self, value: str) -> str:
        typed = value.strip()
        if not INBOX_ID.fullmatch(typed.upper()):
            _speak_the_stores_language()
            raise Refused(_("{value} is not an inbox signal (I1, I2, ...)").format(value=repr(value)))
        return typed.upper()


class PartnerId:
    """A partner id's form: lowercase letters, digits and '-'. Whether it is a partner is the store's to say."""

    def __call__(self, value: str) -> str:
        if not PARTNER_ID.fullmatch(value):
            _speak_the_stores_language()
            raise Refused(
                _("{value} is not a partner id (lowercase letters, digits and '-', e.g. 'de-lijn')").format(
                    value=repr(value)
                )
            )
        return value


def _or(values: list[str]) -> str:
    """``a, b or c``, in the active language."""
    if len(values) == 1:
        return values[0]
    return _("{values} or {last}").format(values=", ".join(values[:-1]), last=values[-1])


def listed(enum: type[StrEnum]) -> str:
    """The enum's values for a help text: ``a, b or c`` (help texts stay English)."""
    values = [member.value for member in enum]
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def typed_term(member: StrEnum) -> str:
    """``member`` as a person types it in the active language: its term, '-' for a space (``in-uitvoering``)."""
    return "-".join(term(member).split())


def _typed(text: str) -> str:
    """What was typed, the way it is looked up: lowercase, '-' for spaces (``In uitvoering``: ``in-uitvoering``)."""
    return "-".join(text.split()).lower()


@cache
def accepted(enum: type[E]) -> dict[str, E]:
    """Every word that names a value of ``enum``: its English value, its Dutch term, and vocab.ALIASES.

    Built from the table people read (vocab.TERMS through the Dutch catalog), so that what they
    read and what they may type cannot drift apart; a word that would name two values is a bug.
    """
    dutch = catalog("nl")
    words: dict[str, E] = {}
    for member in enum:
        for word in (member.value, dutch.pgettext(*TERMS[member]), *ALIASES.get(member, ())):
            key = _typed(word)
            if words.setdefault(key, member) is not member:
                raise AssertionError(f"{word!r} names both {words[key]} and {member} of {enum.__name__}")
    return words


class Choice(Generic[E]):
    """One value of a vhuis enum, typed in English or Dutch, in any case; the words come from the enum itself."""

    def __init__(self, enum: type[E]) -> None:
        self.enum = enum

    def __call__(self, value: str | E) -> E:
        if isinstance(value, self.enum):
            return value
        found: E | None = accepted(self.enum).get(_typed(value))
        if found is not None:
            return found
        _speak_the_stores_language()
        values = _or([repr(typed_term(member)) for member in self.enum])
        raise Refused(_("{value} is not one of: {values}").format(value=repr(value), values=values))


@dataclass(frozen=True)
class GoalVerdict:
    """What ``--goal 2=partly`` says: a goal, by its 1-based number in the plan, and its result."""

    number: int
    result: GoalResult


class Goal:
    """``N=RESULT``: a goal's number in the plan (1, 2, ...) and reached, partly or not-reached (gehaald, ...)."""

    def __call__(self, value: str | GoalVerdict) -> GoalVerdict:
        if isinstance(value, GoalVerdict):
            return value
        number, equals, result = value.partition("=")
        if equals and number.strip().isdigit() and int(number) >= 1:
            return GoalVerdict(int(number), Choice(GoalResult)(result.strip()))
        _speak_the_stores_language()
        examples = f"1={typed_term(GoalResult.reached)}, 2={typed_term(GoalResult.partly)}"
        raise Refused(
            _("{value} is not a goal and its result: write N=RESULT, e.g. {examples}").format(
                value=repr(value), examples=examples
            )
        )


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


# -- document formats ------------------------------------------------------------------


class Form:
    """``--format``: one of the formats a document is written in (``md``, ``html``, ``pdf``), in any case."""

    def __init__(self, *forms: str) -> None:
        self.forms = forms

    def __call__(self, value: str) -> str:
        typed = value.strip().lower().removeprefix(".")
        if typed in self.forms:
            return typed
        _speak_the_stores_language()
        raise Refused(
            _("{value} is not one of: {values}").format(
                value=repr(value), values=_or([repr(form) for form in self.forms])
            )
        )
