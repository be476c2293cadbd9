"""The meeting cycle (issue 13 items 1 and 4): the meeting's new keys, plan, attend, note, approve, edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.domain.checks import check_store
from vhuis.domain.meetings import NoteKind, add_note, approve, attend, plan_meeting
from vhuis.errors import InvalidInput, NotFound, PersonalData
from vhuis.model import Meeting, MeetingStatus, NextMeeting
from vhuis.storage.store import Store, dump_model, parse

SCHEMA_1 = (
    "date: 2026-03-15\n"
    "title: Overleg Veiligheidshuis\n"
    "present:\n"
    "  - politie\n"
    "excused: []\n"
    "absent: []\n"
    "cases:\n"
    "  - 2026-001\n"
    "notes: null\n"
)

FULL = """\
date: 2026-03-15
title: Overleg Veiligheidshuis
status: planned
time: '14:00'
place: Stadhuis, zaal 2
chair: preventiedienst
secretary: politie
invited:
  - politie
  - preventiedienst
present: []
excused: []
absent: []
cases:
  - 2026-001
discussion:
  2026-001: De hal wordt 's avonds gesloten.
announcements:
  - Nieuwe wijkagent.
other_business:
  - Geen vragen.
notes: null
next:
  date: 2026-04-12
  time: '14:00'
  place: Stadhuis
approved: 2026-04-12
"""


def test_a_schema_1_meeting_keeps_its_bytes_and_is_held() -> None:
    meeting = parse(SCHEMA_1, "meetings/2026-03-15.yaml", Meeting)
    assert meeting.status is MeetingStatus.held
    assert meeting.invited == [] and meeting.discussion == {} and meeting.next is None
    assert dump_model(meeting) == SCHEMA_1


def test_the_new_meeting_keys_round_trip_in_file_order() -> None:
    meeting = parse(FULL, "meetings/2026-03-15.yaml", Meeting)
    assert meeting.status is MeetingStatus.planned
    assert meeting.next == NextMeeting(date=date(2026, 4, 12), time="14:00", place="Stadhuis")
    assert meeting.discussion == {"2026-001": "De hal wordt 's avonds gesloten."}
    assert dump_model(meeting) == FULL


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"time": "2pm"}, "'2pm' is not a time of day (HH:MM, e.g. 14:00)"),
        ({"time": "24:00"}, "'24:00' is not a time of day"),
        ({"next": {"date": "2026-04-12", "time": "9u"}}, "'9u' is not a time of day"),
        ({"discussion": {"2026-002": "x"}}, "discussion: '2026-002' is not on the agenda (cases: 2026-001)"),
        ({"approved": "2026-03-15"}, "approved: 2026-03-15 is not after the meeting (2026-03-15)"),
        ({"chair": "Jan Peeters"}, "chair"),
        ({"status": "cancelled"}, "status"),
    ],
)
def test_bad_meeting_keys_are_refused(change: dict[str, object], said: str) -> None:
    document = {"date": "2026-03-15", "cases": ["2026-001"], **change}
    with pytest.raises(ValueError, match=None) as refused:
        Meeting.model_validate(document)
    assert said in str(refused.value)


def test_check_names_an_unknown_chair_secretary_or_invited_partner(tmp_path: Path) -> None:
    text = SCHEMA_1.replace("present:", "chair: burgemeester\nsecretary: nmbs\ninvited:\n  - stadswacht\npresent:")
    root = build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\nlanguage: en\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE,
            "meetings/2026-03-15.yaml": text,
        },
    )
    problems = [(p.field, p.line) for p in check_store(Store(root)) if p.file == "meetings/2026-03-15.yaml"]
    assert problems == [("chair", 3), ("invited[0]", 6)]


# -- the commands ------------------------------------------------------------------------------------

HELD = "meetings/2026-03-15.yaml"


@pytest.fixture
def cycle_store(tmp_path: Path) -> Path:
    """The small store with a held meeting of schema 1 on 2026-03-15 and a standing member."""
    return build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\nstanding:\n  - nmbs\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE,
            HELD: SCHEMA_1,
        },
    )


def subjects(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


def changed(root: Path) -> list[str]:
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


def test_plan_invites_lead_partners_and_standing_members(cycle_store: Path) -> None:
    planned = plan_meeting(Store(cycle_store), date(2026, 4, 12), time="14:00", cases=["2026-001"])
    assert planned.meeting.status is MeetingStatus.planned
    assert planned.meeting.invited == ["preventiedienst", "politie", "nmbs"]
    assert planned.previous is None
    assert (cycle_store / HELD).read_text() == SCHEMA_1


def test_plan_reports_every_bad_value_at_once_and_writes_nothing(cycle_store: Path) -> None:
    before = head(cycle_store)
    with pytest.raises(InvalidInput) as refused:
        plan_meeting(Store(cycle_store), date(2026, 4, 12), time="2pm", chair="jan", invite=["x"], cases=["2026-009"])
    assert [field for field, _ in refused.value.wrong] == ["time", "chair", "invite", "cases", "", ""]
    assert head(cycle_store) == before and not (cycle_store / "meetings/2026-04-12.yaml").exists()


def test_meeting_plan_next_is_one_commit_and_names_it_on_the_last_held_meeting(
    cycle_store: Path, vhuis: Invoke
) -> None:
    result = vhuis(
        "meeting", "plan", "2026-04-12", "--time", "14:00", "--place", "Stadhuis", "--chair", "preventiedienst",
        "--invite", "politie", "--case", "2026-001", "--next", store=cycle_store,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2026-04-12\n"
    assert "meeting 2026-04-12 planned: 1 invited, 1 on the agenda" in result.stderr
    assert "the meeting of 2026-03-15 names it as the next meeting" in result.stderr
    assert subjects(cycle_store)[0] == "meeting 2026-04-12: plan (1 invited, 1 case; next meeting of 2026-03-15)"
    assert changed(cycle_store) == [HELD, "meetings/2026-04-12.yaml"]
    assert (cycle_store / HELD).read_text() == SCHEMA_1 + (
        "next:\n  date: 2026-04-12\n  time: '14:00'\n  place: Stadhuis\n"
    )
    assert clean(cycle_store)


def test_meeting_plan_refuses_a_day_that_has_a_meeting(cycle_store: Path, vhuis: Invoke) -> None:
    before = head(cycle_store)
    result = vhuis("meeting", "plan", "2026-03-15", store=cycle_store)
    assert result.exit_code == 2
    assert "there is a meeting on 2026-03-15 already" in result.stderr
    assert head(cycle_store) == before and clean(cycle_store)


def test_meeting_attend_makes_a_planned_meeting_held_in_one_commit(cycle_store: Path, vhuis: Invoke) -> None:
    plan_meeting(Store(cycle_store), date(2026, 4, 12), cases=["2026-001"])
    result = vhuis("meeting", "attend", "2026-04-12", "--present", "politie", "--excused", "nmbs", store=cycle_store)
    assert result.exit_code == 0, result.stderr
    assert "meeting 2026-04-12: 1 present, 1 excused, 0 absent" in result.stderr
    meeting = Store(cycle_store).meeting(date(2026, 4, 12))
    assert meeting.status is MeetingStatus.held and meeting.present == ["politie"] and meeting.excused == ["nmbs"]
    assert "status" not in (cycle_store / "meetings/2026-04-12.yaml").read_text()
    assert subjects(cycle_store)[0] == "meeting 2026-04-12: attendance (1 present, 1 excused, 0 absent)"
    assert changed(cycle_store) == ["meetings/2026-04-12.yaml"]


def test_attend_moves_a_partner_to_the_role_named_and_needs_someone_present(cycle_store: Path) -> None:
    store = Store(cycle_store)
    meeting = attend(store, date(2026, 3, 15), present=["preventiedienst"], excused=["politie"])
    assert (meeting.present, meeting.excused, meeting.absent) == (["preventiedienst"], ["politie"], [])
    before = head(cycle_store)
    with pytest.raises(InvalidInput, match="name the partners that were present"):
        attend(store, date(2026, 3, 15), excused=["preventiedienst"])
    assert head(cycle_store) == before


def test_attend_refuses_a_partner_in_two_roles_and_an_unknown_meeting(cycle_store: Path) -> None:
    store = Store(cycle_store)
    before = head(cycle_store)
    with pytest.raises(InvalidInput, match="a partner has one role"):
        attend(store, date(2026, 3, 15), present=["politie"], absent=["politie"])
    with pytest.raises(NotFound):
        attend(store, date(2026, 3, 16), present=["politie"])
    assert head(cycle_store) == before


def test_notes_go_to_the_discussion_announcements_and_other_business(cycle_store: Path) -> None:
    store = Store(cycle_store)
    add_note(store, date(2026, 3, 15), NoteKind.discussion, "De hal sluit om 22 uur.", "2026-001")
    add_note(store, date(2026, 3, 15), NoteKind.discussion, "Evaluatie in juni.", "2026-001")
    add_note(store, date(2026, 3, 15), NoteKind.announcement, "Nieuwe wijkagent.")
    meeting = add_note(store, date(2026, 3, 15), NoteKind.other_business, "Geen vragen.")
    assert meeting.discussion == {"2026-001": "De hal sluit om 22 uur.\n\nEvaluatie in juni."}
    assert meeting.announcements == ["Nieuwe wijkagent."] and meeting.other_business == ["Geen vragen."]
    assert subjects(cycle_store)[:4] == [
        "meeting 2026-03-15: note (other business)",
        "meeting 2026-03-15: note (announcement)",
        "meeting 2026-03-15: note (discussion of 2026-001)",
        "meeting 2026-03-15: note (discussion of 2026-001)",
    ]


def test_a_note_off_the_agenda_or_with_personal_data_is_refused(cycle_store: Path, vhuis: Invoke) -> None:
    before = head(cycle_store)
    result = vhuis("meeting", "note", "2026-03-15", "--case", "2026-002", "Iets.", store=cycle_store)
    assert result.exit_code == 2
    assert "--case: '2026-002' is not on the agenda of 2026-03-15 (agenda: 2026-001)" in result.stderr
    result = vhuis("meeting", "note", "2026-03-15", "Iets.", store=cycle_store)
    assert result.exit_code == 2 and "one of --case CASE, --announcement, --other-business" in result.stderr
    with pytest.raises(PersonalData, match="announcements"):
        add_note(Store(cycle_store), date(2026, 3, 15), NoteKind.announcement, "Bel 0470 12 34 56.")
    assert head(cycle_store) == before and clean(cycle_store)


def test_meeting_approve_records_the_later_meeting_once(cycle_store: Path, vhuis: Invoke) -> None:
    plan_meeting(Store(cycle_store), date(2026, 4, 12))
    result = vhuis("meeting", "approve", "2026-03-15", "--at", "2026-04-12", store=cycle_store)
    assert result.exit_code == 0, result.stderr
    assert "the minutes of 2026-03-15 were approved at the meeting of 2026-04-12" in result.stderr
    assert (cycle_store / HELD).read_text() == SCHEMA_1 + "approved: 2026-04-12\n"
    assert subjects(cycle_store)[0] == "meeting 2026-03-15: minutes approved at 2026-04-12"
    assert changed(cycle_store) == [HELD]
    before = head(cycle_store)
    again = vhuis("meeting", "approve", "2026-03-15", "--at", "2026-04-12", store=cycle_store)
    assert again.exit_code == 0 and "already" in again.stderr and head(cycle_store) == before


def test_approve_refuses_an_earlier_or_unknown_meeting_and_a_planned_one(cycle_store: Path) -> None:
    store = Store(cycle_store)
    plan_meeting(store, date(2026, 4, 12))
    plan_meeting(store, date(2026, 5, 10))
    before = head(cycle_store)
    with pytest.raises(InvalidInput, match="2026-03-01 is not after 2026-03-15"):
        approve(store, date(2026, 3, 15), date(2026, 3, 1))
    with pytest.raises(NotFound):
        approve(store, date(2026, 3, 15), date(2026, 4, 13))
    with pytest.raises(InvalidInput, match="is planned, not held"):
        approve(store, date(2026, 4, 12), date(2026, 5, 10))
    approve(store, date(2026, 3, 15), date(2026, 4, 12))
    with pytest.raises(InvalidInput, match="approved at the meeting of 2026-04-12 already"):
        approve(store, date(2026, 3, 15), date(2026, 5, 10))
    assert len(subjects(cycle_store)) == len(git(cycle_store, "log", "--format=%s", before).splitlines()) + 1


def test_meeting_edit_validates_before_it_commits(
    cycle_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = head(cycle_store)
    monkeypatch.setenv("EDITOR", "sed -i 's/^notes: null/time: 2pm/'")
    result = vhuis("meeting", "edit", "2026-03-15", store=cycle_store)
    assert result.exit_code == 2
    assert "'2pm' is not a time of day" in result.stderr and "your text is kept in" in result.stderr
    assert head(cycle_store) == before and clean(cycle_store)
    monkeypatch.setenv("EDITOR", "sed -i 's/^notes: null/notes: Volgend overleg in april./'")
    result = vhuis("meeting", "edit", "2026-03-15", store=cycle_store)
    assert result.exit_code == 0, result.stderr
    assert (cycle_store / HELD).read_text() == SCHEMA_1.replace("notes: null", "notes: Volgend overleg in april.")
    assert subjects(cycle_store)[0] == "meeting 2026-03-15: edit" and changed(cycle_store) == [HELD]
    monkeypatch.setenv("EDITOR", "true")
    result = vhuis("meeting", "edit", "2026-03-15", store=cycle_store)
    assert result.exit_code == 0 and "no changes" in result.stderr


def test_meeting_show_tells_the_plan_discussion_next_meeting_and_approval(cycle_store: Path, vhuis: Invoke) -> None:
    store = Store(cycle_store)
    plan_meeting(store, date(2026, 4, 12), time="14:00", place="Stadhuis", chair="preventiedienst", next_of_last=True)
    add_note(store, date(2026, 3, 15), NoteKind.discussion, "De hal sluit om 22 uur.", "2026-001")
    add_note(store, date(2026, 3, 15), NoteKind.announcement, "Nieuwe wijkagent.")
    approve(store, date(2026, 3, 15), date(2026, 4, 12))
    planned = vhuis("meeting", "show", "2026-04-12", store=cycle_store).stdout
    assert "planned: not held yet\nwhen and where: 14:00, Stadhuis\nchair: Preventiedienst\ninvited: NMBS\n" in planned
    held = vhuis("meeting", "show", "2026-03-15", store=cycle_store).stdout
    assert "Discussion\n  2026-001  De hal sluit om 22 uur.\n\nAnnouncements\n  - Nieuwe wijkagent.\n" in held
    assert "next meeting: 2026-04-12 14:00, Stadhuis\nminutes approved at the meeting of 2026-04-12\n" in held
    assert "planned" not in held
