"""Meetings: recording one (one commit), listing them, showing what was agreed on a day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke, clean, git, head

from vhuis.domain.meetings import agreed_on
from vhuis.model import Case


def commits(root: Path) -> list[str]:
    return git(root, "log", "--format=%s").splitlines()


def test_meeting_new_writes_the_meeting_file_in_one_commit(small_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "meeting",
        "new",
        "2026-03-15",
        "--present",
        "politie",
        "--present",
        "preventiedienst",
        "--excused",
        "nmbs",
        "--case",
        "2026-001",
        "--notes",
        "Volgend overleg in april.",
        store=small_store,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2026-03-15\n"
    assert "meeting 2026-03-15 added: 2 present, 1 on the agenda" in result.stderr
    assert (small_store / "meetings" / "2026-03-15.yaml").read_text() == (
        "date: 2026-03-15\n"
        "title: Veiligheidshuis Test meeting\n"
        "present:\n"
        "  - politie\n"
        "  - preventiedienst\n"
        "excused:\n"
        "  - nmbs\n"
        "absent: []\n"
        "cases:\n"
        "  - 2026-001\n"
        "notes: Volgend overleg in april.\n"
    )
    assert commits(small_store)[0] == "meeting 2026-03-15: add (2 present, 1 case)"
    assert git(small_store, "show", "--name-only", "--format=", "HEAD").split() == ["meetings/2026-03-15.yaml"]
    assert clean(small_store)


def test_meeting_new_takes_a_title_and_counts_cases_in_the_message(small_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "meeting", "new", "2026-04-02", "--present", "nmbs", "--title", "Stuurgroep station", store=small_store
    )
    assert result.exit_code == 0, result.stderr
    assert "title: Stuurgroep station\n" in (small_store / "meetings" / "2026-04-02.yaml").read_text()
    assert commits(small_store)[0] == "meeting 2026-04-02: add (1 present, 0 cases)"


BAD_MEETINGS = [
    (
        ["2026-03-15", "--present", "politei"],
        2,
        "--present: 'politei' is not a partner\n  known partners: nmbs, politie, preventiedienst",
    ),
    (
        ["2026-03-15", "--present", "politie", "--case", "2026-099", "--case", "../etc"],
        2,
        "--case: '2026-099' is not a case\n  --case: '../etc' is not a case id (YYYY-NNN, e.g. 2026-007)\n"
        "  known cases: 2026-001",
    ),
    (
        ["2026-03-15", "--present", "politie", "--absent", "politie"],
        2,
        "--absent: 'politie' is already listed with --present; a partner has one role",
    ),
    (["2026-02-30", "--present", "politie"], 2, "DATE: '2026-02-30' is not a date"),
    (["2026-03-15"], 2, "Missing option '--present'"),
    (
        ["2026-03-15", "--present", "politie", "--notes", "Contact: 0470 12 34 56"],
        9,
        "notes: phone number '0470 12 34 56'",
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD_MEETINGS)
def test_a_bad_meeting_changes_nothing(
    small_store: Path, vhuis: Invoke, args: list[str], code: int, message: str
) -> None:
    before = head(small_store)
    result = vhuis("meeting", "new", *args, store=small_store)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert head(small_store) == before
    assert not (small_store / "meetings").exists()
    assert clean(small_store)


def test_a_day_has_one_meeting(example_store: Path, vhuis: Invoke) -> None:
    before = head(example_store)
    original = (example_store / "meetings" / "2026-11-12.yaml").read_text()
    result = vhuis("meeting", "new", "2026-11-12", "--present", "politie", store=example_store)
    assert result.exit_code == 2
    assert "er is al een overleg op 2026-11-12 (meetings/2026-11-12.yaml)" in result.stderr
    assert (example_store / "meetings" / "2026-11-12.yaml").read_text() == original
    assert head(example_store) == before


def test_meeting_list_shows_every_meeting_and_its_minutes(example_store: Path, vhuis: Invoke) -> None:
    assert vhuis("minutes", "2026-11-12", store=example_store).exit_code == 0
    listed = json.loads(vhuis("meeting", "list", "--json", store=example_store).stdout)
    assert [(m["date"], len(m["present"]), m["cases"], m["minutes"]) for m in listed] == [
        ("2026-10-15", 7, ["2026-003", "2026-005", "2026-007"], None),
        ("2026-11-12", 8, ["2026-003", "2026-005", "2026-007", "2026-009"], "minutes/2026-11-12.md"),
    ]
    assert listed[0] == {
        "date": "2026-10-15",
        "title": "Overleg Veiligheidshuis Genk",
        "present": [
            "preventiedienst",
            "politie",
            "jeugddienst",
            "straathoekwerk",
            "economie",
            "nmbs",
            "wijkontwikkeling",
        ],
        "excused": ["de-lijn"],
        "absent": ["baal"],
        "cases": ["2026-003", "2026-005", "2026-007"],
        "minutes": None,
    }
    table = vhuis("meeting", "list", store=example_store).stdout.splitlines()
    assert table[0].split() == ["datum", "titel", "aanwezig", "agenda", "verslag"]
    assert table[2].split()[-1] == "minutes/2026-11-12.md"
    assert table[1].split()[-1] == "-"


def test_meeting_show_gives_what_was_agreed_on_its_day(example_store: Path, vhuis: Invoke) -> None:
    shown = json.loads(vhuis("meeting", "show", "2026-11-12", "--json", store=example_store).stdout)
    assert shown["previous"] == "2026-10-15"
    assert shown["decisions"] == [
        {"case": "2026-003", "text": "De jeugddienst onderzoekt samen met straathoekwerk een avondwerking op vrijdag."}
    ]
    assert [(c["case"], c["commitment"], c["partner"], c["due"]) for c in shown["commitments"]] == [
        ("2026-003", "C5", "nmbs", "2026-12-31"),
        ("2026-003", "C6", "de-lijn", "2026-11-26"),
        ("2026-005", "C4", "politie", "2026-12-10"),
        ("2026-007", "C2", "baal", "2026-12-17"),
        ("2026-009", "C1", "drugshulp", "2026-12-05"),
        ("2026-009", "C2", "straathoekwerk", "2026-11-30"),
    ]
    assert shown["minutes"] is None
    assert shown["notes"] == "Volgend overleg op 10 december 2026 in het stadhuis."

    text = vhuis("meeting", "show", "2026-11-12", store=example_store).stdout
    assert "verontschuldigd: Ziekenhuis Oost-Limburg\n" in text
    assert "  2026-009 C1  Drugshulpverlening CAD Limburg: Naaldenruil" in text
    assert "verslag: nog niet opgemaakt ('vhuis minutes 2026-11-12' maakt het op)" in text


def test_meeting_show_of_an_unknown_day_names_the_meetings_there_are(example_store: Path, vhuis: Invoke) -> None:
    result = vhuis("meeting", "show", "2026-11-13", store=example_store)
    assert result.exit_code == 4
    assert result.stderr.startswith(
        "fout: er is geen overleg op 2026-11-13 (recente overleggen: 2026-10-15, 2026-11-12)"
    )


def test_decisions_and_commitments_belong_to_the_meeting_on_their_date() -> None:
    case = Case.model_validate(
        {
            "id": "2026-001",
            "title": "Overlast",
            "approach": "area",
            "area": "Station",
            "opened": "2026-01-01",
            "commitments": [
                {"id": "C1", "partner": "politie", "action": "Patrouilles", "made": "2026-03-15", "due": "2026-04-30"},
                {"id": "C2", "partner": "politie", "action": "Cijfers", "made": "2026-03-16", "due": "2026-04-30"},
            ],
            "decisions": [{"date": "2026-03-15", "text": "Ja"}, {"date": "2026-02-01", "text": "Nee"}],
        }
    )
    decisions, commitments = agreed_on([case], date(2026, 3, 15))
    assert [(a.case, a.entry) for a in decisions] == [("2026-001", case.decisions[0])]
    assert [(a.case, a.entry) for a in commitments] == [("2026-001", case.commitments[0])]
