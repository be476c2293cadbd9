"""Convocations: one e-mail per partner invited to a planned meeting.

Each names the day, hour and place, the agenda (the approval of the last held
meeting's minutes first, then the cases) and the partner's own open
commitments, overdue first. They are written and sent as the reminders are
(vhuis.documents.remind), in the store's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from typing import TYPE_CHECKING

from vhuis.documents.context import hour
from vhuis.documents.remind import confidential_lines, confidential_subject, letter, long_date, owed_lines
from vhuis.domain.meetings import default_invited, latest_held, minutes_path
from vhuis.domain.owes import Owed, owed_for
from vhuis.errors import InvalidInput, Problem
from vhuis.i18n import N_, _, catalog, ngettext
from vhuis.model import Meeting, MeetingStatus

if TYPE_CHECKING:
    from vhuis.storage.store import Store


@dataclass(frozen=True)
class Convocation:
    partner: str
    message: EmailMessage
    commitments: int
    overdue: int


@dataclass(frozen=True)
class Convocations:
    meeting: Meeting
    convocations: list[Convocation]
    skipped: list[str]  # sentences: who is invited but cannot be written to
    problems: list[Problem]


@dataclass(frozen=True)
class Previous:
    """The held meeting whose minutes are up for approval, and the file they are in (None: not written yet)."""

    day: date
    minutes: str | None


def _body(
    store: Store,
    meeting: Meeting,
    name: str,
    previous: Previous | None,
    titles: dict[str, str],
    items: list[Owed],
    agenda: list[str],
    confidential: bool = False,
) -> str:
    language = store.settings.language
    words = catalog(language)

    def partner_name(partner: str | None) -> str | None:
        if partner is None:
            return None
        known = store.partners.get(partner)
        return known.name if known is not None else partner

    lines = confidential_lines(name, language) if confidential else []
    lines += [words.gettext(N_("Dear {name},")).format(name=name), ""]
    lines += [words.gettext(N_("You are invited to the following meeting.")), ""]
    facts = [
        (words.gettext(N_("Meeting")), meeting.title),
        (words.gettext(N_("Date")), long_date(meeting.date, language)),
        (words.gettext(N_("Hour")), hour(meeting.time, language) or words.gettext(N_("not set yet"))),
        (words.gettext(N_("Place")), meeting.place or words.gettext(N_("not set yet"))),
        (words.gettext(N_("Chair")), partner_name(meeting.chair)),
        (words.gettext(N_("Minutes taken by")), partner_name(meeting.secretary)),
    ]
    lines += [f"{label}: {' '.join(value.split())}" for label, value in facts if value]
    lines += ["", words.gettext(N_("Agenda")) + ":"]
    number = 0
    if previous is not None:
        number += 1
        approval = words.gettext(N_("Approval of the minutes of the meeting of {day}")).format(
            day=long_date(previous.day, language)
        )
        where = f"({previous.minutes})" if previous.minutes else words.gettext(N_("(the minutes are not drawn up yet)"))
        lines.append(f"{number}. {approval} {where}")
    case_word = words.pgettext("e-mail", "Case")
    for case_id in agenda:
        number += 1
        lines.append(f"{number}. {case_word} {case_id}: {' '.join(titles.get(case_id, '').split())}")
    if not agenda:
        lines.append(words.gettext(N_("(no cases on the agenda yet)")))
    lines.append("")
    if items:
        lines.append(words.gettext(N_("Your open commitments, to follow up at the meeting:")))
        lines += owed_lines(items, titles, language)
    else:
        lines.append(words.gettext(N_("You have no open commitments.")))
    closing = words.gettext(N_("Can you not attend? Let us know, so that we can note you as excused."))
    lines += ["", closing, "", words.gettext(N_("Kind regards,")), store.settings.name, ""]
    return "\n".join(lines)


def previous_minutes(store: Store, day: date) -> Previous | None:
    """The last held meeting before ``day``, whose minutes this meeting approves."""
    held = latest_held(store, day)
    if held is None:
        return None
    path = minutes_path(store, held.date)
    return Previous(held.date, store.rel(path) if path.exists() else None)


def planned_meeting(store: Store, day: date) -> Meeting:
    """The meeting on ``day``; refused when there is none or it was held already."""
    meeting = store.meeting(day)
    if meeting.status is MeetingStatus.held:
        raise InvalidInput(
            _(
                "the meeting of {day} was held already; a convocation is only for a planned meeting "
                "(plan one with 'vhuis meeting plan DATE')"
            ).format(day=day.isoformat()),
            "day",
        )
    return meeting


def convocations(store: Store, day: date, on: date, sender: str) -> Convocations:
    """One convocation per partner invited to the planned meeting on ``day``, as of ``on``.

    Each partner's agenda and open commitments hold only what it may see (domain/audience.py).
    When ``vhuis.yaml`` has a charter, an invited partner outside its participants stops them all.
    """
    from vhuis.domain.audience import outside_charter, secret_commitments, sees_case

    meeting = planned_meeting(store, day)
    invited = meeting.invited or default_invited(store, meeting.cases)
    if not invited:
        raise InvalidInput(
            _(
                "nobody is invited to the meeting of {day}: it has no invited partners and no cases on its agenda "
                "(add them with 'vhuis meeting plan' or 'vhuis meeting edit')"
            ).format(day=day.isoformat()),
            "day",
        )
    charter = store.settings.charter
    if charter is not None and (outside := outside_charter(store.settings, invited)):
        raise InvalidInput(
            ngettext(
                "the meeting of {day} invites {partners}, who is not a participant of the charter in vhuis.yaml "
                "(participants: {participants}); nothing was written. Take it off the meeting's invited "
                "('vhuis meeting edit {day}'), or add it to charter.participants when the table agrees",
                "the meeting of {day} invites {partners}, who are not participants of the charter in vhuis.yaml "
                "(participants: {participants}); nothing was written. Take them off the meeting's invited "
                "('vhuis meeting edit {day}'), or add them to charter.participants when the table agrees",
                len(outside),
            ).format(
                day=day.isoformat(), partners=", ".join(outside), participants=", ".join(charter.participants) or "-"
            ),
            "day",
        )
    digests, problems = store.digests()
    titles = {c.id: c.title for c in digests}
    cases = {c.id: c for c in digests}
    secret = secret_commitments(digests)
    previous = previous_minutes(store, day)
    language = store.settings.language
    words = catalog(language)
    # short: Python folds a long subject with ':' or '(' in it right after "Subject:", and reads it back
    # with a space in front; the office is in From and under the letter
    subject = words.gettext(N_("Invitation to the meeting of {day}")).format(day=long_date(day, language))
    made: list[Convocation] = []
    skipped: list[str] = []
    for partner_id in invited:
        partner = store.partners.get(partner_id)
        if partner is None:
            skipped.append(
                _("{partner} is invited but is not in partners.yaml; no convocation").format(partner=partner_id)
            )
            continue
        if not partner.email:
            skipped.append(
                _(
                    "{partner} is invited but has no e-mail address in partners.yaml; no convocation "
                    "(add one with 'email:' there)"
                ).format(partner=partner_id)
            )
            continue
        items = owed_for(digests, on, partner_id, partner_id)
        agenda = [c for c in meeting.cases if c in cases and sees_case(cases[c], partner_id)]  # a broken file: unknown
        confidential = any(cases[c].confidential for c in agenda) or any(
            (o.case, o.commitment) in secret for o in items
        )
        body = _body(store, meeting, partner.name, previous, titles, items, agenda, confidential)
        said = confidential_subject(subject, language) if confidential else subject
        message = letter(sender, partner.name, partner.email, said, body, on, language)
        made.append(Convocation(partner_id, message, len(items), sum(o.days_overdue > 0 for o in items)))
    return Convocations(meeting, made, skipped, problems)
