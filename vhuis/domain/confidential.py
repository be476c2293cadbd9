"""The partners a command may name as the ones that see something: a confidential case's audience,
an entry's ``restricted_to``, a meeting's invited, chair, secretary and attendance.

Each must be a partner of the store and, when vhuis.yaml holds a charter, one of its participants
(art. 458ter Sw.: no agenda, invitation or minutes go to a partner outside them). Who then sees
what is vhuis.domain.audience's to say. One choice, so that a partner keeps seeing its own work
(docs/privacy.md): the partner that owes a commitment (or reported a signal) is always among the
partners it is restricted to; vhuis adds it when it is not given.
"""

from __future__ import annotations

from collections.abc import Iterable

from vhuis.domain.audience import outside_charter
from vhuis.domain.inputs import nearest_partner
from vhuis.errors import InvalidInput, Said
from vhuis.i18n import _
from vhuis.storage.store import Store


def charter_refusals(store: Store, given: Iterable[tuple[str, str]]) -> list[tuple[str, Said]]:
    """For each (field, partner) outside vhuis.yaml's charter, what is wrong; none without a charter."""
    charter = store.settings.charter
    if charter is None:
        return []
    pairs = list(given)
    outside = set(outside_charter(store.settings, (partner for _field, partner in pairs)))
    participants = ", ".join(charter.participants) or _("none")
    said = _(
        "{partner} is not among the charter's participants (vhuis.yaml charter.participants: {participants}); "
        "no agenda, invitation or minutes go to a partner outside them"
    )
    return [
        (field, said.format(partner=repr(partner), participants=participants))
        for field, partner in pairs
        if partner in outside and partner in store.partners
    ]


def partner_refusals(store: Store, given: Iterable[tuple[str, str]]) -> list[tuple[str, Said]]:
    """For each (field, partner): not a partner (with the nearest ids), or outside the charter."""
    pairs = list(given)
    wrong: list[tuple[str, Said]] = [
        (field, unknown) for field, partner in pairs if (unknown := nearest_partner(store, partner))
    ]
    return wrong + charter_refusals(store, pairs)


def restriction(store: Store, partners: Iterable[str], own: str | None = None) -> list[str]:
    """The partners an entry is restricted to: those given, each once, and ``own`` (the partner whose
    commitment or signal it is) when any are given; InvalidInput about ``restricted_to`` when one is no
    partner or outside the charter. None given: the entry is not restricted (an empty list).
    """
    restricted = list(dict.fromkeys(partners))
    if not restricted:
        return []
    if own is not None and own not in restricted:
        restricted.append(own)
    wrong = partner_refusals(store, [("restricted_to", partner) for partner in restricted])
    if wrong:
        (field, message), *also = wrong
        raise InvalidInput(message, field, also=also)
    return restricted
