"""Values typed on the command line, checked before anything is read or written.

Kept apart from the case workflow so that read commands can use them without
loading the models.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vhuis.clock import iso_day, today
from vhuis.errors import InvalidInput

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def parse_day(text: str | None, option: str) -> date:
    """A date given on the command line; today when not given."""
    if text is None:
        return today()
    try:
        return iso_day(text)
    except ValueError:
        raise InvalidInput(
            f"{option}: {text!r} is not a date; write it as YYYY-MM-DD, a day that exists (e.g. 2026-04-30)"
        ) from None


def day_that_came(day: date, option: str, first: date | None = None, first_is: str = "") -> date:
    """``day`` when it is not after today and, with ``first``, not before it (``first_is`` says what ``first`` is)."""
    last = today()
    if first is not None and first > last:
        raise InvalidInput(f"{option}: no day fits yet: {first_is} ({first}) is after today ({last})")
    span = f"give a day from {first} to {last}" if first is not None else f"give a day up to today ({last})"
    if day > last:
        raise InvalidInput(f"{option}: {day} is after today ({last}); {span}")
    if first is not None and day < first:
        raise InvalidInput(f"{option}: {day} is before {first_is} ({first}); {span}")
    return day


def known_partner(store: Store, partner: str, option: str) -> str:
    if partner not in store.partners:
        known = ", ".join(sorted(store.partners)) or "none yet; add one with 'vhuis partner add'"
        raise InvalidInput(f"{option}: {partner!r} is not a partner (known: {known})")
    return partner
