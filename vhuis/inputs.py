"""Values typed on the command line, checked before anything is read or written.

Kept apart from the case workflow so that read commands can use them without
loading the models.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vhuis.errors import InvalidInput
from vhuis.vocab import today

if TYPE_CHECKING:
    from vhuis.store import Store


def parse_day(text: str | None, option: str) -> date:
    """A date given on the command line; today when not given."""
    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{option}: {text!r} is not a date; write it as YYYY-MM-DD, a day that exists (e.g. 2026-04-30)"
        ) from None


def known_partner(store: Store, partner: str, option: str) -> str:
    if partner not in store.partners:
        known = ", ".join(sorted(store.partners)) or "none yet; add one with 'vhuis partner add'"
        raise InvalidInput(f"{option}: {partner!r} is not a partner (known: {known})")
    return partner
