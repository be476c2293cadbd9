"""The partner registry (partners.yaml): adding, editing or removing a partner is one commit."""

from __future__ import annotations

import os

from vhuis.domain import privacy
from vhuis.domain.cases import build
from vhuis.domain.checks import meeting_partner_refs, partner_refs
from vhuis.domain.inputs import unknown_partner
from vhuis.errors import InvalidData, InvalidInput, NotFound, Ref
from vhuis.i18n import _, ngettext
from vhuis.model import Partner, PartnerKind
from vhuis.storage import yamlfile
from vhuis.storage.store import INBOX_FILE, PARTNERS_FILE, Store, dump_partners, read_records


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


def edit_partner(
    store: Store, partner_id: str, name: str | None = None, kind: PartnerKind | None = None, email: str | None = None
) -> tuple[Partner, list[str]]:
    """Change a partner's name, kind or address (an empty ``email``: no address); the partner and the fields changed.

    The same checks as ``add_partner``: a valid record, and no personal data in the name or a
    private person's address.
    """
    given = {"name": name, "kind": kind, "email": email}
    if all(value is None for value in given.values()):
        raise InvalidInput((_("give at least one of "), Ref("name"), ", ", Ref("kind"), ", ", Ref("email")))
    with store.lock():
        old = store.partners.get(partner_id)
        if old is None:
            raise NotFound(unknown_partner(store, partner_id) or "")
        values = old.model_dump()
        values.update({field: value for field, value in given.items() if value is not None})
        if email is not None and not email.strip():
            values["email"] = None
        partner = build(Partner, names={"id": "partner_id"}, **values)
        changed = [field for field in given if getattr(partner, field) != getattr(old, field)]
        if not changed:
            raise InvalidInput(_("partner {partner} already reads exactly that").format(partner=partner_id))
        privacy.guard_partner(partner, store, PARTNERS_FILE)
        partners = [partner if p.id == partner_id else p for p in store.partners.values()]
        store.commit(
            {store.root / PARTNERS_FILE: dump_partners(partners)}, f"partners: edit {partner_id} ({', '.join(changed)})"
        )
    return partner, changed


def references(store: Store, partner_id: str) -> list[str]:
    """Every place in the store that names ``partner_id``: ``file: field``, in file order.

    Read from the case digests (the index) and the meeting and inbox files. A file that does not
    load could name it too: InvalidData lists those, so that nothing is removed on a guess.
    """

    found: list[str] = []
    digests, problems = store.digests()
    for case in digests:
        name = store.rel(store.case_path(case.id))
        found += [
            f"{name}: {yamlfile.field_name(path)}" for path, partner in partner_refs(case) if partner == partner_id
        ]
    meetings, unread = store.meetings()
    problems += unread
    for meeting in meetings:
        name = store.rel(store.meeting_path(meeting.date))
        found += [
            f"{name}: {yamlfile.field_name(path)}"
            for path, partner in meeting_partner_refs(meeting)
            if partner == partner_id
        ]
    inbox = store.root / INBOX_FILE
    if os.path.lexists(inbox):
        try:
            signals = read_records(store.read_text(inbox), INBOX_FILE)
        except InvalidData as error:
            problems += error.problems
        else:
            found += [
                f"{INBOX_FILE}: [{i}].partner"
                for i, signal in enumerate(signals)
                if getattr(signal, "partner", None) == partner_id
            ]
    if problems:
        raise InvalidData(
            _("cannot tell whether these files name partner {partner}; mend them first ('vhuis check')").format(
                partner=partner_id
            ),
            problems,
        )
    return found


def remove_partner(store: Store, partner_id: str) -> Partner:
    """Take a partner out of the registry; refused while a case, meeting or inbox signal names it."""
    with store.lock():
        partner = store.partners.get(partner_id)
        if partner is None:
            raise NotFound(unknown_partner(store, partner_id) or "")
        named = references(store, partner_id)
        if named:
            heading = ngettext(
                "partner {partner} is still named in {n} place; nothing was changed",
                "partner {partner} is still named in {n} places; nothing was changed",
                len(named),
            ).format(partner=partner_id, n=len(named))
            advice = _(
                "a partner stays in the registry while the store names it, so that every record "
                "keeps saying who it was; a case it no longer takes part in lets it go with "
                "'vhuis case partners CASE --remove {partner}'"
            ).format(partner=partner_id)
            raise InvalidInput(named[0], also=[("", place) for place in named[1:]] + [("", advice)], heading=heading)
        partners = [p for p in store.partners.values() if p.id != partner_id]
        store.commit(
            {store.root / PARTNERS_FILE: dump_partners(partners)}, f"partners: remove {partner_id} ({partner.name})"
        )
    return partner
