"""Meetings (overleg): who came, which cases were on the agenda, and what was agreed there.

A decision or commitment belongs to the meeting on its date (``decisions[].date``,
``commitments[].made``), so the case files stay the one record of what was agreed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vhuis.domain import privacy
from vhuis.domain.cases import build
from vhuis.domain.inputs import naming, unknown_partner
from vhuis.errors import InvalidInput, Problem, Said
from vhuis.i18n import N_, _, catalog
from vhuis.model import CASE_ID, Case, Commitment, Decision, Meeting
from vhuis.storage.store import Store, dump_model


def minutes_path(store: Store, day: date) -> Path:
    return store.root / "minutes" / f"{day.isoformat()}.md"


def default_title(store: Store) -> str:
    """'Overleg Veiligheidshuis Genk': the title of a meeting that was given none, in the store's language."""
    return catalog(store.settings.language).gettext(N_("{office} meeting")).format(office=store.settings.name)


def new_meeting(
    store: Store,
    day: date,
    present: Iterable[str],
    excused: Iterable[str] = (),
    absent: Iterable[str] = (),
    cases: Iterable[str] = (),
    title: str | None = None,
    notes: str | None = None,
) -> Meeting:
    """Write ``meetings/DATE.yaml`` as one commit; every bad partner or case is reported at once."""
    when = day
    attendance = {
        "present": list(dict.fromkeys(present)),
        "excused": list(dict.fromkeys(excused)),
        "absent": list(dict.fromkeys(absent)),
    }
    agenda = list(dict.fromkeys(cases))
    if not attendance["present"]:
        raise InvalidInput(_("name the partners that were present"), "present")
    wrong: list[tuple[str, Said]] = []
    seen: dict[str, str] = {}
    strangers = False
    for role, partners in attendance.items():
        for partner in partners:
            if unknown_partner(store, partner):
                strangers = True
                wrong.append((role, _("{partner} is not a partner").format(partner=repr(partner))))
            elif partner in seen:
                said = _("{partner} is already listed with {field}; a partner has one role")
                wrong.append((role, naming(said, seen[partner], partner=repr(partner))))
            seen.setdefault(partner, role)
    known_cases = store.case_ids()
    missing = [c for c in agenda if c not in known_cases]
    for case_id in missing:
        what = (
            _("{case} is not a case")
            if CASE_ID.match(case_id)
            else _("{case} is not a case id (YYYY-NNN, e.g. 2026-007)")
        )
        wrong.append(("cases", what.format(case=repr(case_id))))
    if strangers:
        known = ", ".join(sorted(store.partners)) or _("none yet (vhuis partner add)")
        wrong.append(("", _("known partners: {partners}").format(partners=known)))
    if missing:
        wrong.append(
            ("", _("known cases: {cases}").format(cases=", ".join(known_cases) or _("none yet (vhuis case new)")))
        )
    if wrong:
        (field, message), *also = wrong
        raise InvalidInput(message, field, also=also, heading=_("the meeting of {day} was not added").format(day=when))
    meeting = build(
        Meeting,
        {"date": when},
        title=title if title is not None else default_title(store),
        present=attendance["present"],
        excused=attendance["excused"],
        absent=attendance["absent"],
        cases=agenda,
        notes=notes if notes and notes.strip() else None,
    )
    path = store.meeting_path(when)
    name = store.rel(path)
    privacy.guard_record(meeting, None, store, name)
    with store.lock():
        if path.exists():
            raise InvalidInput(
                _(
                    "there is a meeting on {day} already ({file}); a day has one meeting. "
                    "See it with 'vhuis meeting show {day}', or edit the file by hand"
                ).format(day=when, file=name)
            )
        count = len(meeting.cases)
        store.commit(
            {path: dump_model(meeting)},
            f"meeting {when}: add ({len(meeting.present)} present, {count} case{'' if count == 1 else 's'})",
        )
    return meeting


@dataclass(frozen=True)
class Agreed:
    """A decision or commitment of one case, as it belongs to a meeting."""

    case: str
    entry: Decision | Commitment


@dataclass
class MeetingView:
    """A meeting with what was agreed on its day, and where it stands among the others."""

    meeting: Meeting
    previous: date | None
    decisions: list[Agreed] = field(default_factory=list)
    commitments: list[Agreed] = field(default_factory=list)
    minutes: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The meeting as in its file, plus what belongs to it."""
        document: dict[str, Any] = self.meeting.model_dump(mode="json")
        document["previous"] = self.previous.isoformat() if self.previous else None
        document["decisions"] = [
            {"case": a.case, "text": a.entry.text} for a in self.decisions if isinstance(a.entry, Decision)
        ]
        document["commitments"] = [
            {
                "case": a.case,
                "commitment": a.entry.id,
                "partner": a.entry.partner,
                "action": a.entry.action,
                "due": a.entry.due.isoformat(),
                "status": a.entry.status.value,
            }
            for a in self.commitments
            if isinstance(a.entry, Commitment)
        ]
        document["minutes"] = self.minutes
        return document


def previous_meeting(store: Store, day: date) -> date | None:
    """The date of the meeting file before ``day``, if there is one."""
    earlier = [d for d in store.meeting_dates() if d < day.isoformat()]
    return date.fromisoformat(earlier[-1]) if earlier else None


def agreed_on(cases: Iterable[Case], day: date) -> tuple[list[Agreed], list[Agreed]]:
    """The decisions dated ``day`` and the commitments made on ``day``, case by case."""
    decisions: list[Agreed] = []
    commitments: list[Agreed] = []
    for case in cases:
        decisions += [Agreed(case.id, d) for d in case.decisions if d.date == day]
        commitments += [Agreed(case.id, c) for c in case.commitments if c.made == day]
    return decisions, commitments


def meeting_view(store: Store, when: date) -> tuple[MeetingView, list[Problem]]:
    """One meeting with its decisions and commitments; problems of cases that do not load."""
    meeting = store.meeting(when)
    cases, problems = store.cases()
    decisions, commitments = agreed_on(cases, when)
    minutes = minutes_path(store, when)
    view = MeetingView(
        meeting,
        previous_meeting(store, when),
        decisions,
        commitments,
        store.rel(minutes) if minutes.exists() else None,
    )
    return view, problems


def meeting_rows(store: Store) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The ``meeting list --json`` shape, oldest first; problems of meeting files that do not load."""
    meetings, problems = store.meetings()
    rows = []
    for meeting in meetings:
        minutes = minutes_path(store, meeting.date)
        rows.append(
            {
                "date": meeting.date.isoformat(),
                "title": meeting.title,
                "present": list(meeting.present),
                "excused": list(meeting.excused),
                "absent": list(meeting.absent),
                "cases": list(meeting.cases),
                "minutes": store.rel(minutes) if minutes.exists() else None,
            }
        )
    return rows, problems
