"""Open commitments as an iCalendar file, for the calendars partners already live in.

One all-day event per open commitment, on its due date. Everything in the file
comes from the case files, never from the clock: the UID is the commitment's
case and id (so a subscribed calendar updates an event instead of adding a
second one), DTSTAMP is the day it was made, and the events are in a fixed
order. The same store gives the same bytes, so a calendar published from a
cron job only changes when a commitment does.

icalendar is imported inside the function, so the CLI starts without it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from vhuis.documents.words import calendar_name
from vhuis.domain.owes import Owed, owed_for
from vhuis.errors import Problem

if TYPE_CHECKING:
    from vhuis.model import Case
    from vhuis.storage.store import Store

PRODID = "-//vhuis//Veiligheidshuis commitments//NL"


def slug(name: str) -> str:
    """``Veiligheidshuis Genk`` -> ``veiligheidshuis-genk``: the domain part of every UID."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "vhuis"


def uid(case: str, commitment: str, office: str) -> str:
    """``2026-003-C1@veiligheidshuis-genk.vhuis``: the same commitment always has the same UID."""
    return f"{case}-{commitment}@{slug(office)}.vhuis"


def commitments_calendar(
    cases: Iterable[Case],
    items: Iterable[Owed],
    office: str,
    partner_names: dict[str, str],
    calendar_name: str,
) -> bytes:
    """The ``items`` (open commitments, as ``owed`` finds them) as an iCalendar file (RFC 5545).

    A commitment not every partner may see (of a confidential case, or restricted) is an event of
    ``CLASS:CONFIDENTIAL``, which calendar programs show as private when the calendar is shared.
    """
    from icalendar import Calendar, Event

    from vhuis.domain.audience import secret_commitments

    titles: dict[str, str] = {}
    made: dict[tuple[str, str], datetime] = {}
    cases = list(cases)
    secret = secret_commitments(cases)
    for case in cases:
        titles[case.id] = case.title
        for c in case.commitments:
            made[case.id, c.id] = datetime.combine(c.made, time(), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    ordered = sorted(items, key=lambda o: (o.due, o.case, o.partner, len(o.commitment), o.commitment))
    for item in ordered:
        name = partner_names.get(item.partner, item.partner)
        event = Event()
        event.add("uid", uid(item.case, item.commitment, office))
        event.add("dtstamp", made[item.case, item.commitment])
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", f"{item.partner}: {item.action} ({item.case} {item.commitment})")
        event.add("description", f"{item.case}: {titles.get(item.case, '')}\n{name}: {item.action}\n{office}")
        event.add("categories", [item.partner])
        event.add("transp", "TRANSPARENT")
        if (item.case, item.commitment) in secret:
            event.add("class", "CONFIDENTIAL")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


@dataclass(frozen=True)
class OwedCalendar:
    ics: bytes
    events: int
    problems: list[Problem]


def owed_calendar(store: Store, on: date, partner: str | None = None, overdue_only: bool = False) -> OwedCalendar:
    """The calendar of what is owed on ``on`` (the same commitments as ``vhuis owes``), from the index.

    A partner's calendar holds only what that partner may see (domain/audience.py); without a
    partner it is the office's own, with everything.
    """
    digests, problems = store.digests()
    items = owed_for(digests, on, partner, partner, overdue_only)
    office = store.settings.name
    name = calendar_name(office, store.settings.language)
    if partner in store.partners:
        name += f" {store.partners[partner].name}"
    names = {p.id: p.name for p in store.partners.values()}
    return OwedCalendar(commitments_calendar(digests, items, office, names, name), len(items), problems)


def write_calendar(path: Path, ics: bytes) -> None:
    """Write the file in one step (a subscribed calendar never sees half of it); see vhuis/storage/outfile.py."""
    from vhuis.storage.outfile import write_output

    write_output(path, ics.decode("utf-8"), "--ics", "afspraken.ics")
