"""Values the user gave, checked against the calendar and the store before anything is written.

Every refusal is an InvalidInput that names the field it concerns in the domain's words
(``opened``, ``partners``); the command line shows it as the user typed it. Kept apart from the
case workflow so that read commands can use them without loading the models.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vhuis.clock import today
from vhuis.errors import InvalidInput, Ref, Said
from vhuis.i18n import _

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def naming(message: str, field: str, **values: object) -> Said:
    """A translated ``message`` that names another ``field`` as ``{field}``, shown as the user typed it."""
    before, _found, after = message.partition("{field}")
    return (before.format(**values), Ref(field), after.format(**values))


def day_that_came(day: date | None, field: str, first: date | None = None, first_is: str = "") -> date:
    """``day`` (today when None) when it is not after today and, with ``first``, not before it."""
    last = today()
    day = last if day is None else day
    if first is not None and first > last:
        raise InvalidInput(
            _("no day fits yet: {first_is} ({first}) is after today ({today})").format(
                first_is=first_is, first=first, today=last
            ),
            field,
        )
    if first is not None:
        span = _("give a day from {first} to {last}").format(first=first, last=last)
    else:
        span = _("give a day up to today ({today})").format(today=last)
    if day > last:
        raise InvalidInput(_("{day} is after today ({today}); {span}").format(day=day, today=last, span=span), field)
    if first is not None and day < first:
        raise InvalidInput(
            _("{day} is before {first_is} ({first}); {span}").format(
                day=day, first_is=first_is, first=first, span=span
            ),
            field,
        )
    return day


def unknown_partner(store: Store, partner: str) -> str | None:
    """What is wrong with ``partner`` as a partner of this store, or None."""
    if partner in store.partners:
        return None
    known = ", ".join(sorted(store.partners)) or _("none yet; add one with 'vhuis partner add'")
    return _("{partner} is not a partner (known: {known})").format(partner=repr(partner), known=known)


def nearest_partner(store: Store, partner: str) -> str | None:
    """What is wrong with ``partner`` as a partner of this store, naming the nearest ids first; None when it is one."""
    if partner in store.partners:
        return None
    from difflib import get_close_matches

    nearest = get_close_matches(partner, sorted(store.partners), n=3, cutoff=0.75)
    if not nearest:
        return unknown_partner(store, partner)
    return _("{partner} is not a partner; did you mean {nearest}? (known: {known})").format(
        partner=repr(partner), nearest=", ".join(nearest), known=", ".join(sorted(store.partners))
    )


def known_partner(store: Store, partner: str, field: str) -> str:
    """``partner`` when the store knows it; else an InvalidInput about ``field``."""
    if wrong := unknown_partner(store, partner):
        raise InvalidInput(wrong, field)
    return partner
