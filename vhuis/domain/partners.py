"""The partner registry (partners.yaml): adding a partner is one commit."""

from __future__ import annotations

from vhuis.domain import privacy
from vhuis.domain.cases import build
from vhuis.errors import InvalidInput
from vhuis.i18n import _
from vhuis.model import Partner, PartnerKind
from vhuis.storage.store import PARTNERS_FILE, Store, dump_partners


def add_partner(store: Store, partner_id: str, name: str, kind: PartnerKind, email: str | None) -> Partner:
    partner = build(
        Partner,
        names={"id": "partner_id"},
        id=partner_id,
        name=name,
        kind=kind,
        email=email,
    )
    privacy.guard_partner(partner, store, PARTNERS_FILE)
    with store.lock():
        if partner_id in store.partners:
            raise InvalidInput(
                _("partner {partner} exists already ({name})").format(
                    partner=repr(partner_id), name=store.partners[partner_id].name
                ),
                "partner_id",
            )
        partners = [*store.partners.values(), partner]
        store.commit({store.root / PARTNERS_FILE: dump_partners(partners)}, f"partners: add {partner_id} ({name})")
    return partner
