"""The meeting cycle (issue 13 items 1 and 4): the meeting's new keys, plan, attend, note, approve, edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, build_store

from vhuis.domain.checks import check_store
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
