"""Values the user gave, checked against the calendar and the store before anything is written.

Every refusal is an InvalidInput that names the field it concerns in the domain's words
(``opened``, ``partners``); the command line shows it as the user typed it. Kept apart from the
case workflow so that read commands can use them without loading the models.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vhuis.clock import today
from vhuis.errors import InvalidInput

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def day_that_came(day: date | None, field: str, first: date | None = None, first_is: str = "") -> date:
    """``day`` (today when None) when it is not after today and, with ``first``, not before it."""
    last = today()
    day = last if day is None else day
    if first is not None and first > last:
        raise InvalidInput(f"no day fits yet: {first_is} ({first}) is after today ({last})", field)
    span = f"give a day from {first} to {last}" if first is not None else f"give a day up to today ({last})"
    if day > last:
        raise InvalidInput(f"{day} is after today ({last}); {span}", field)
    if first is not None and day < first:
        raise InvalidInput(f"{day} is before {first_is} ({first}); {span}", field)
    return day


def unknown_partner(store: Store, partner: str) -> str | None:
    """What is wrong with ``partner`` as a partner of this store, or None."""
    if partner in store.partners:
        return None
    known = ", ".join(sorted(store.partners)) or "none yet; add one with 'vhuis partner add'"
    return f"{partner!r} is not a partner (known: {known})"


def known_partner(store: Store, partner: str, field: str) -> str:
    """``partner`` when the store knows it; else an InvalidInput about ``field``."""
    if wrong := unknown_partner(store, partner):
        raise InvalidInput(wrong, field)
    return partner
