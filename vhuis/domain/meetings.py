"""Meetings (overleg): who came, which cases were on the agenda, and what was agreed there.

A decision or commitment belongs to the meeting on its date (``decisions[].date``,
``commitments[].made``), so the case files stay the one record of what was agreed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from vhuis.domain import privacy
from vhuis.domain.audience import outside_charter
from vhuis.domain.cases import build
from vhuis.domain.confidential import charter_refusals
from vhuis.domain.inputs import naming, unknown_partner
from vhuis.errors import InvalidInput, Problem, Said
from vhuis.i18n import N_, _, catalog
from vhuis.model import CASE_ID, HOUR, Case, Commitment, Decision, Meeting, MeetingStatus, NextMeeting
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
    twice: list[tuple[str, Said]] = []
    seen: dict[str, str] = {}
    for role, partners in attendance.items():
        for partner in partners:
            if partner in seen and not unknown_partner(store, partner):
                said = _("{partner} is already listed with {field}; a partner has one role")
                twice.append((role, naming(said, seen[partner], partner=repr(partner))))
            seen.setdefault(partner, role)
    given = [(role, partner) for role, partners in attendance.items() for partner in partners]
    wrong = _unknown(store, given, agenda, also=twice)
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
        store.meeting_before(when),
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


# -- the meeting cycle: plan, attend, note, approve, edit ------------------------------------------


def _unknown(
    store: Store, given: Iterable[tuple[str, str]], cases: Iterable[str] = (), also: Iterable[tuple[str, Said]] = ()
) -> list[tuple[str, Said]]:
    """What is wrong with the partners (field, id) and cases named: each unknown one, each outside the charter,
    ``also`` (other problems of those partners), then what is known."""
    given = list(given)
    wrong: list[tuple[str, Said]] = []
    strangers = False
    for role, partner in given:
        if unknown_partner(store, partner):
            strangers = True
            wrong.append((role, _("{partner} is not a partner").format(partner=repr(partner))))
    wrong += charter_refusals(store, given)
    wrong += also
    known_cases = store.case_ids()
    missing = [c for c in cases if c not in known_cases]
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
    return wrong


def _refuse(wrong: list[tuple[str, Said]], heading: str) -> None:
    if wrong:
        (field, message), *also = wrong
        raise InvalidInput(message, field, also=also, heading=heading)


def save_meeting(store: Store, meeting: Meeting, before: Meeting | None, message: str) -> None:
    """Validate the whole meeting, refuse personal data in new text, write and commit its file alone.

    Call it under ``store.lock()``.
    """
    from pydantic import ValidationError

    from vhuis.domain.checks import errors, meeting_problems
    from vhuis.errors import InvalidData
    from vhuis.storage.store import problems_from

    path = store.meeting_path(meeting.date)
    name = store.rel(path)
    try:
        meeting = Meeting.model_validate(meeting.model_dump())
    except ValidationError as error:
        raise InvalidData(_("{file} would not be valid").format(file=name), problems_from(error, name, "")) from None
    problems = errors(meeting_problems(meeting, store.partners, store.known_case_ids(), name))
    if problems:
        raise InvalidData(_("{file} would not be valid; nothing was changed").format(file=name), problems)
    privacy.guard_record(meeting, before, store, name)
    store.commit({path: dump_model(meeting)}, message)


def default_invited(store: Store, cases: Iterable[str]) -> list[str]:
    """The lead and partners of the agenda's cases, then vhuis.yaml's standing members; each once."""
    invited: list[str] = []
    for case_id in cases:
        case = store.case(case_id)
        invited += [*([case.lead] if case.lead else []), *case.partners]
    invited += store.settings.standing
    return list(dict.fromkeys(invited))


def latest_held(store: Store, before: date) -> Meeting | None:
    """The last meeting before ``before`` that was held (a file without status was held)."""
    for day in reversed(store.meeting_dates()):
        if day < before.isoformat():
            meeting = store.meeting(date.fromisoformat(day))
            if meeting.status is MeetingStatus.held:
                return meeting
    return None


@dataclass(frozen=True)
class Planned:
    """A planned meeting, and the held meeting whose ``next`` now names it (with ``--next``)."""

    meeting: Meeting
    previous: Meeting | None = None
    left_out: tuple[str, ...] = ()  # partners of the agenda's cases not invited: outside the charter


def plan_meeting(
    store: Store,
    day: date,
    time: str | None = None,
    place: str | None = None,
    chair: str | None = None,
    secretary: str | None = None,
    title: str | None = None,
    cases: Iterable[str] = (),
    invite: Iterable[str] = (),
    next_of_last: bool = False,
) -> Planned:
    """Write ``meetings/DATE.yaml`` with status planned, as one commit; every bad value reported at once.

    Without ``invite``, the lead and partners of the agenda's cases and the standing members are
    invited, less the partners outside vhuis.yaml's charter (``left_out``); a partner given that is
    outside it is refused. With ``next_of_last``, the latest held meeting before ``day`` gets ``next: {date, time,
    place}`` in the same commit.
    """
    agenda = list(dict.fromkeys(cases))
    invited = list(dict.fromkeys(invite))
    given = [(role, p) for role, p in (("chair", chair), ("secretary", secretary)) if p is not None]
    given += [("invite", p) for p in invited]
    wrong = _unknown(store, given, agenda)
    if time is not None and not HOUR.fullmatch(time):
        wrong.insert(0, ("time", _("{time} is not a time of day (HH:MM, e.g. 14:00)").format(time=repr(time))))
    left_out: list[str] = []
    if not invited and not wrong:
        invited = default_invited(store, agenda)
        wrong = _unknown(store, [("standing", p) for p in store.settings.standing])
        left_out = outside_charter(store.settings, invited)
        invited = [p for p in invited if p not in left_out]
    heading = _("the meeting of {day} was not planned").format(day=day)
    _refuse(wrong, heading)
    names = {"cases": "cases", "invited": "invite"}
    meeting = build(
        Meeting,
        {"date": day, "status": MeetingStatus.planned},
        names,
        title=title if title is not None else default_title(store),
        time=time,
        place=place if place and place.strip() else None,
        chair=chair,
        secretary=secretary,
        invited=invited,
        cases=agenda,
    )
    path = store.meeting_path(day)
    name = store.rel(path)
    with store.lock():
        if path.exists():
            raise InvalidInput(
                _(
                    "there is a meeting on {day} already ({file}); a day has one meeting. "
                    "See it with 'vhuis meeting show {day}', or edit the file by hand"
                ).format(day=day, file=name)
            )
        files = {path: dump_model(meeting)}
        previous = latest_held(store, day) if next_of_last else None
        if next_of_last and previous is None:
            raise InvalidInput(
                _("there is no held meeting before {day} to name it as the next meeting").format(day=day), "next"
            )
        if previous is not None:
            before = previous.model_copy(deep=True)
            previous.next = NextMeeting(date=day, time=meeting.time, place=meeting.place)
            previous_path = store.meeting_path(previous.date)
            privacy.guard_record(previous, before, store, store.rel(previous_path))
            files[previous_path] = dump_model(previous)
        privacy.guard_record(meeting, None, store, name)
        count = len(meeting.cases)
        also = f"; next meeting of {previous.date}" if previous is not None else ""
        store.commit(
            files,
            f"meeting {day}: plan ({len(meeting.invited)} invited, {count} case{'' if count == 1 else 's'}{also})",
        )
    return Planned(meeting, previous, tuple(left_out))


def attend(
    store: Store, day: date, present: Iterable[str] = (), excused: Iterable[str] = (), absent: Iterable[str] = ()
) -> Meeting:
    """Record who was present, excused or absent; a partner named moves to that role. The meeting is held."""
    roles = {"present": list(present), "excused": list(excused), "absent": list(absent)}
    heading = _("the attendance of {day} was not recorded").format(day=day)
    if not any(roles.values()):
        raise InvalidInput(_("name a partner with --present, --excused or --absent"), "present", heading=heading)
    wrong = _unknown(store, [(role, p) for role, partners in roles.items() for p in partners])
    seen: dict[str, str] = {}
    for role, partners in roles.items():
        for partner in partners:
            if partner in seen and seen[partner] != role:
                said = _("{partner} is already listed with {field}; a partner has one role")
                wrong.append((role, naming(said, seen[partner], partner=repr(partner))))
            seen.setdefault(partner, role)
    _refuse(wrong, heading)
    with store.lock():
        meeting = store.meeting(day)
        before = meeting.model_copy(deep=True)
        for role in roles:
            kept = [p for p in getattr(meeting, role) if p not in seen]
            setattr(meeting, role, list(dict.fromkeys(kept + [p for p, r in seen.items() if r == role])))
        if not meeting.present:
            raise InvalidInput(_("name the partners that were present"), "present", heading=heading)
        meeting.status = MeetingStatus.held
        save_meeting(
            store,
            meeting,
            before,
            f"meeting {day}: attendance ({len(meeting.present)} present, {len(meeting.excused)} excused,"
            f" {len(meeting.absent)} absent)",
        )
    return meeting


class NoteKind(StrEnum):
    """Where a note of a meeting goes."""

    discussion = "discussion"
    announcement = "announcement"
    other_business = "other-business"


def add_note(store: Store, day: date, kind: NoteKind, text: str, case: str | None = None) -> Meeting:
    """Add the discussion of a case on the agenda, an announcement or a question of the round."""
    heading = _("the note of the meeting of {day} was not added").format(day=day)
    if not text.strip():
        raise InvalidInput(_("the note is empty; say what was said"), "text", heading=heading)
    with store.lock():
        meeting = store.meeting(day)
        before = meeting.model_copy(deep=True)
        if kind is NoteKind.discussion:
            if case is None or case not in meeting.cases:
                agenda = ", ".join(meeting.cases) or "-"
                raise InvalidInput(
                    _("{case} is not on the agenda of {day} (agenda: {agenda})").format(
                        case=repr(case), day=day, agenda=agenda
                    ),
                    "case",
                    heading=heading,
                )
            said = meeting.discussion.get(case)
            meeting.discussion = {**meeting.discussion, case: f"{said}\n\n{text}" if said else text}
            what = f"discussion of {case}"
        elif kind is NoteKind.announcement:
            meeting.announcements = [*meeting.announcements, text]
            what = "announcement"
        else:
            meeting.other_business = [*meeting.other_business, text]
            what = "other business"
        save_meeting(store, meeting, before, f"meeting {day}: note ({what})")
    return meeting


def approve(store: Store, day: date, at: date) -> tuple[Meeting, bool]:
    """Record that the minutes of ``day`` were approved at the later meeting ``at``; False when they already were."""
    heading = _("the minutes of {day} were not approved").format(day=day)
    if at <= day:
        raise InvalidInput(
            _("{at} is not after {day}: minutes are approved at a later meeting").format(at=at, day=day),
            "at",
            heading=heading,
        )
    with store.lock():
        store.meeting(at)  # it must be a meeting
        meeting = store.meeting(day)
        if meeting.status is MeetingStatus.planned:
            raise InvalidInput(
                _("the meeting of {day} is planned, not held; it has no minutes to approve yet").format(day=day),
                heading=heading,
            )
        if meeting.approved == at:
            return meeting, False
        if meeting.approved is not None:
            raise InvalidInput(
                _("the minutes of {day} were approved at the meeting of {at} already").format(
                    day=day, at=meeting.approved
                ),
                "at",
                heading=heading,
            )
        before = meeting.model_copy(deep=True)
        meeting.approved = at
        save_meeting(store, meeting, before, f"meeting {day}: minutes approved at {at}")
    return meeting, True


def read_meeting_edit(store: Store, day: date, draft: bytes) -> Meeting:
    """The meeting as edited by hand, or InvalidData listing every problem in it."""
    from vhuis.domain.checks import errors, meeting_charter_problems, meeting_problems
    from vhuis.errors import InvalidData
    from vhuis.storage import yamlfile
    from vhuis.storage.store import parse

    name = store.rel(store.meeting_path(day))
    text = yamlfile.decode(draft, name)
    meeting = parse(text, name, Meeting)
    if meeting.date != day:
        raise InvalidData(
            _("{file} was not saved").format(file=name),
            [Problem(name, 1, "date", _("must stay {day}; a meeting keeps its day").format(day=day))],
        )
    locate = yamlfile.Locator(text)
    problems = meeting_problems(meeting, store.partners, store.known_case_ids(), name, locate)
    problems = errors(problems + meeting_charter_problems(meeting, store.settings, name, locate))
    if problems:
        raise InvalidData(_("{file} has problems").format(file=name), problems)
    privacy.guard_record(meeting, store.meeting(day), store, name)
    return meeting


def save_meeting_edit(store: Store, day: date, opened: str, edited: Meeting) -> bool:
    """Commit the edited meeting unless it changed on disk since the editor opened; False when nothing changed."""
    from vhuis.errors import EditConflict

    path = store.meeting_path(day)
    with store.lock():
        now = store.read_text(path)
        if now != opened:
            raise EditConflict(
                _(
                    "{file} changed while it was in the editor; nothing was saved. Run 'vhuis meeting edit {day}' again"
                ).format(file=store.rel(path), day=day)
            )
        if dump_model(edited) == now:
            return False
        save_meeting(store, edited, store.meeting(day), f"meeting {day}: edit")
    return True


def meeting_draft(store: Store, day: date) -> tuple[Path, str]:
    """A copy of the meeting file to edit, in ``.git/vhuis/drafts/`` (never committed), and its text as opened."""
    path = store.meeting_path(day)
    store.ready_to_change([path])
    store.meeting(day)
    opened = store.read_text(path)
    folder = store.repo.git_dir / "vhuis" / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    draft = folder / f"meeting-{day.isoformat()}.yaml"
    draft.write_text(opened, encoding="utf-8", newline="\n")
    return draft, opened
