"""vhuis report: the office's three questions, the balance of every plan, and signals per place.

Every number below is worked out by hand from the store in this file (TESTSTAD):
the comments next to the expectations say which entries make it.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, build_store, clean, head

from vhuis.cli.report_cmds import bar, sparkline
from vhuis.domain.report import months_up_to, office_report, signal_trend, store_report
from vhuis.storage.store import Store
from vhuis.vocab import MeetingStatus

PARTNERS = """
- {id: preventiedienst, name: Preventiedienst Teststad, kind: city-service, email: preventie@teststad.example}
- {id: politie, name: Lokale politie, kind: police, email: info@politie.example}
- {id: nmbs, name: NMBS Securail, kind: transport, email: null}
- {id: jeugddienst, name: Jeugddienst, kind: city-service, email: jeugd@teststad.example}
"""

# active; M3 is dropped, so aftercare has no measure; C2 done late, C5 dropped, C3/C4/C6 made on 03-01 and 04-10
STATION = """
id: 2026-001
title: Overlast in de stationshal
approach: area
area: Station
themes: [overlast]
status: active
opened: 2026-01-10
lead: preventiedienst
partners: [politie, nmbs]
signals:
  - {id: S1, date: 2026-01-15, source: citizen, summary: Reizigers voelen zich onveilig.}
  - {id: S2, date: 2026-02-03, source: police, summary: Vechtpartij in de hal.}
  - {id: S3, date: 2026-02-20, source: partner, partner: nmbs, summary: Vernielingen aan de automaten.}
  - {id: S4, date: 2026-04-02, source: citizen, summary: Opnieuw lawaai na middernacht.}
plan:
  measures:
    - {id: M1, title: Avondrondes, type: preventive, phase: prevention, owner: preventiedienst, status: running}
    - {id: M2, title: Gerichte patrouilles, type: repressive, phase: reaction, owner: politie, status: running}
    - {id: M3, title: Nazorg voor reizigers, type: preventive, phase: aftercare, owner: jeugddienst, status: dropped}
commitments:
  - {id: C1, partner: politie, action: Patrouilles op vrijdag, made: 2026-01-20, due: 2026-02-28, status: done,
     done: 2026-02-20}
  - {id: C2, partner: nmbs, action: Offerte voor verlichting, made: 2026-01-20, due: 2026-02-15, status: done,
     done: 2026-03-01}
  - {id: C3, partner: politie, action: Cijfers van het eerste kwartaal, made: 2026-03-01, due: 2026-03-31}
  - {id: C4, partner: preventiedienst, action: Rondes uitbreiden naar zaterdag, made: 2026-03-01, due: 2026-05-31}
  - {id: C5, partner: jeugddienst, action: Geschrapte afspraak, made: 2026-03-01, due: 2026-03-10, status: dropped}
  - {id: C6, partner: nmbs, action: Camera plaatsen, made: 2026-04-10, due: 2026-04-30}
"""

# a group case without a plan yet; C1 done four days late
YOUTH = """
id: 2026-002
title: Jongeren die 's avonds rondhangen
approach: group
group: Jongeren van 14 tot 18 jaar
status: reported
opened: 2026-02-01
partners: [jeugddienst]
signals:
  - {id: S1, date: 2026-02-10, source: community-guard, summary: Groep aan het plein.}
  - {id: S2, date: 2026-04-05, source: citizen, summary: Groep aan de speeltuin.}
commitments:
  - {id: C1, partner: jeugddienst, action: Contact met het jeugdhuis, made: 2026-02-12, due: 2026-03-01, status: done,
     done: 2026-03-05}
"""

# closed: not in the per-case list, but its forgotten commitment C1 still counts for politie
CLOSED = """
id: 2026-003
title: Graffiti aan het station
approach: area
area: Station
status: closed
opened: 2026-01-05
signals:
  - {id: S1, date: 2026-01-08, source: city-service, summary: Graffiti aan de gevel.}
plan:
  measures:
    - {id: M1, title: Graffiti verwijderen, type: repressive, phase: reaction, owner: politie, status: done}
commitments:
  - {id: C1, partner: politie, action: Daders opsporen, made: 2026-01-10, due: 2026-01-31}
"""

# opened on 05-01: after the report of 04-15; only repressive measures
PARK = """
id: 2026-004
title: Drugsdealen in het park
approach: area
area: Park
status: analysis
opened: 2026-05-01
lead: politie
signals:
  - {id: S1, date: 2026-04-28, source: police, summary: Dealen aan de vijver.}
plan:
  measures:
    - {id: M1, title: Controles, type: repressive, phase: reaction, owner: politie, status: planned}
    - {id: M2, title: Camera aan de vijver, type: repressive, phase: prevention, owner: politie, status: planned}
commitments:
  - {id: C1, partner: politie, action: Controles aan de vijver, made: 2026-05-02, due: 2026-05-20}
  - {id: C2, partner: politie, action: Verslag van de controles, made: 2026-11-20, due: 2026-12-15}
"""

MEETINGS = {
    "meetings/2026-01-20.yaml": "date: 2026-01-20\npresent: [preventiedienst, politie, nmbs]\nabsent: [jeugddienst]\n",
    "meetings/2026-03-01.yaml": (
        "date: 2026-03-01\npresent: [preventiedienst, politie]\nexcused: [nmbs]\nabsent: [jeugddienst]\n"
    ),
    "meetings/2026-04-10.yaml": "date: 2026-04-10\npresent: [preventiedienst, politie, nmbs, jeugddienst]\n",
    "meetings/2026-05-15.yaml": "date: 2026-05-15\npresent: [preventiedienst]\nexcused: [politie]\nabsent: [nmbs]\n",
}


def make_teststad(root: Path, language: str = "nl", **replace: str) -> Path:
    files = {
        "vhuis.yaml": f"name: Veiligheidshuis Teststad\ncity: Teststad\nlanguage: {language}\n",
        "partners.yaml": PARTNERS,
        "cases/2026-001.yaml": STATION,
        "cases/2026-002.yaml": YOUTH,
        "cases/2026-003.yaml": CLOSED,
        "cases/2026-004.yaml": PARK,
        **MEETINGS,
    }
    files.update(replace)
    return build_store(root, files)


@pytest.fixture
def teststad(tmp_path: Path) -> Path:
    return make_teststad(tmp_path / "store", language="en")


def report_json(vhuis: Invoke, store: Path, *args: str) -> dict[str, Any]:
    result = vhuis("report", "--json", *args, store=store)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    document: dict[str, Any] = json.loads(result.stdout)
    return document


AS_OF_DAY = ("on", "cases", "partners", "signals", "escalations", "evaluations", "evaluation_due")


def without_verdicts(document: dict[str, Any]) -> dict[str, Any]:
    """The report's numbers as of its day; its verdicts are tested in tests/test_digest.py, the keys of its
    period (``period``, ``opened``, ``by_theme``...) in tests/test_report_period.py."""
    return {key: value for key, value in document.items() if key in AS_OF_DAY}


def test_report_json_on_a_day(teststad: Path, vhuis: Invoke) -> None:
    assert without_verdicts(report_json(vhuis, teststad, "--on", "2026-04-15")) == {
        "on": "2026-04-15",
        "cases": [
            # 003 is closed, 004 not opened yet; M3 is dropped, so aftercare is missing
            {
                "id": "2026-001",
                "title": "Overlast in de stationshal",
                "status": "active",
                "preventive": 1,
                "repressive": 1,
                "phases_missing": ["proaction", "aftercare"],
                "open": 3,  # C3, C4, C6
                "overdue": 1,  # C3, due 03-31
                "goals_reached": None,  # not evaluated
            },
            {
                "id": "2026-002",
                "title": "Jongeren die 's avonds rondhangen",
                "status": "reported",
                "preventive": 0,
                "repressive": 0,
                "phases_missing": ["proaction", "prevention", "reaction", "aftercare"],
                "open": 0,
                "overdue": 0,
                "goals_reached": None,
            },
        ],
        "partners": [
            # registry order; meetings of 01-20, 03-01 and 04-10 (not 05-15)
            {
                "partner": "preventiedienst",
                "open": 1,  # 001 C4
                "overdue": 0,
                "done": 0,
                "done_late": 0,
                "present": 3,
                "excused": 0,
                "absent": 0,
            },
            {
                "partner": "politie",
                "open": 2,  # 001 C3 and the closed case's C1, both overdue
                "overdue": 2,
                "done": 1,  # 001 C1, eight days early
                "done_late": 0,
                "present": 3,
                "excused": 0,
                "absent": 0,
            },
            {
                "partner": "nmbs",
                "open": 1,  # 001 C6
                "overdue": 0,
                "done": 1,  # 001 C2, done 03-01, due 02-15
                "done_late": 1,
                "present": 2,
                "excused": 1,
                "absent": 0,
            },
            {
                "partner": "jeugddienst",
                "open": 0,  # 001 C5 is dropped: neither open nor done
                "overdue": 0,
                "done": 1,  # 002 C1, done 03-05, due 03-01
                "done_late": 1,
                "present": 1,
                "excused": 0,
                "absent": 2,
            },
        ],
        "signals": [
            {"month": "2026-01", "where": "Station", "count": 2},  # 001 S1 and the closed case's S1
            {"month": "2026-02", "where": "Jongeren van 14 tot 18 jaar", "count": 1},
            {"month": "2026-02", "where": "Station", "count": 2},
            {"month": "2026-04", "where": "Jongeren van 14 tot 18 jaar", "count": 1},
            {"month": "2026-04", "where": "Station", "count": 1},  # the park's signal of 04-28 comes later
        ],
        # the closed case's C1 is 74 days overdue (more than 30); 001 C3 only 15
        "escalations": [
            {
                "partner": "politie",
                "case": "2026-003",
                "commitment": "C1",
                "action": "Daders opsporen",
                "due": "2026-01-31",
                "days_overdue": 74,
                "postponed": 0,
                "escalated": True,
            }
        ],
        "evaluations": [],
        "evaluation_due": [],
    }


def test_report_json_in_the_past_counts_only_what_was_known_then(teststad: Path, vhuis: Invoke) -> None:
    document = report_json(vhuis, teststad, "--on", "2026-02-25")
    assert document["on"] == "2026-02-25"
    cases = {c["id"]: (c["open"], c["overdue"]) for c in document["cases"]}
    # 001: C2 was done only on 03-01, so open and overdue then; C3-C6 were not made yet.
    # 002: C1 was done on 03-05, so open then, due 03-01, not overdue yet.
    assert cases == {"2026-001": (1, 1), "2026-002": (1, 0)}
    partners = {p["partner"]: p for p in document["partners"]}
    assert partners["politie"] == {
        "partner": "politie",
        "open": 1,  # the closed case's C1
        "overdue": 1,
        "done": 1,  # 001 C1, done 02-20
        "done_late": 0,
        "present": 1,  # only the meeting of 01-20
        "excused": 0,
        "absent": 0,
    }
    assert [partners[p]["done_late"] for p in ("nmbs", "jeugddienst")] == [0, 0]
    assert [partners[p]["absent"] for p in ("nmbs", "jeugddienst")] == [0, 1]
    assert document["signals"] == [
        {"month": "2026-01", "where": "Station", "count": 2},
        {"month": "2026-02", "where": "Jongeren van 14 tot 18 jaar", "count": 1},
        {"month": "2026-02", "where": "Station", "count": 2},
    ]


def test_report_today_takes_in_cases_opened_later(teststad: Path, vhuis: Invoke) -> None:
    document = report_json(vhuis, teststad)
    assert document["on"] == "2026-11-27"
    park = document["cases"][-1]
    assert park == {
        "id": "2026-004",
        "title": "Drugsdealen in het park",
        "status": "analysis",
        "preventive": 0,
        "repressive": 2,
        "phases_missing": ["proaction", "aftercare"],
        "open": 2,
        "overdue": 1,  # C1; C2 is due 12-15
        "goals_reached": None,
    }
    assert [c["id"] for c in document["cases"]] == ["2026-001", "2026-002", "2026-004"]
    politie = document["partners"][1]
    assert (politie["open"], politie["overdue"], politie["present"], politie["excused"]) == (4, 3, 3, 1)


def test_report_for_people_answers_the_three_questions(teststad: Path, vhuis: Invoke) -> None:
    result = vhuis("report", store=teststad)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Veiligheidshuis Teststad: report on 2026-11-27"
    assert (
        "Which problems are there? 3 open cases; no signals in 2026-09 to 2026-11." in lines
    )  # the last signal was in April
    assert (
        "Do all partners take part? not all (4 meetings up to 2026-11-27): "
        "absent without notice: nmbs 1×, jeugddienst 2×." in lines
    )
    assert (
        "Does every partner do what it promised? not all: 5 of 6 open commitments overdue "
        "(politie 3, preventiedienst 1, nmbs 1); 2 of 3 done commitments were done late." in lines
    )
    assert (
        "Preventive next to repressive, every link of the chain? 1 case with only one kind of measure "
        "(2026-004); 2 with a link of the safety chain missing (2026-001, 2026-004)." in lines
    )
    row = next(line for line in lines if line.startswith("2026-004"))
    assert row.split()[-3:] == ["!", "only", "repressive"]
    assert "proaction, aftercare" in row
    assert "██ 2" in row  # repressive: 2 of 2
    assert "no measures yet" in next(line for line in lines if line.startswith("2026-002"))
    jeugd = next(line for line in lines if line.startswith("jeugddienst"))
    # present 1 of the 3 meetings it was invited to (issue 17, item 4: the one of 05-15 does not name it;
    # the old bar counted all 4 meetings)
    assert jeugd.split() == ["jeugddienst", "0", "1", "1", "1", "0", "2", "█░░", "1/3"]
    station = next(line for line in lines if line.startswith("Station"))
    # no signal in the last six months; five in the twelve: January 2, February 2, April 1
    assert station.split() == ["Station", "5", "██", "▄"]
    assert clean(teststad)


def test_report_of_an_earlier_day_for_people(teststad: Path, vhuis: Invoke) -> None:
    lines = vhuis("report", "--on", "2026-04-15", store=teststad).stdout.splitlines()
    assert "Which problems are there? 2 open cases; 5 signals in 2026-02 to 2026-04, most in Station (3)." in lines
    assert (
        "Do all partners take part? not all (3 meetings up to 2026-04-15): absent without notice: jeugddienst 2×."
        in lines
    )


def test_report_of_the_first_weeks_speaks_in_the_singular(teststad: Path, vhuis: Invoke) -> None:
    lines = vhuis("report", "--on", "2026-02-25", store=teststad).stdout.splitlines()
    assert lines[2:5] == [
        "Which problems are there? 2 open cases; 5 signals in 2025-12 to 2026-02, most in Station (4).",
        "Do all partners take part? not all (1 meeting up to 2026-02-25): absent without notice: jeugddienst 1×; "
        "named in an open case but present at no meeting: jeugddienst.",
        "Does every partner do what it promised? not all: 2 of 3 open commitments overdue (politie 1, nmbs 1); "
        "0 of 1 done commitment was done late.",
    ]


def test_report_reads_nothing_it_should_not_and_writes_nothing(teststad: Path, vhuis: Invoke) -> None:
    before = head(teststad)
    assert vhuis("report", "--on", "2026-04-31", store=teststad).exit_code == 2
    broken = make_teststad(
        teststad.parent / "broken", **{"cases/2026-002.yaml": YOUTH.replace("status: reported", "status: open")}
    )
    result = vhuis("report", "--json", "--on", "2026-04-15", store=broken)
    assert result.exit_code == 0
    assert "waarschuwing: overgeslagen: cases/2026-002.yaml:5: status: 'open' is geen geldige waarde" in result.stderr
    assert [c["id"] for c in json.loads(result.stdout)["cases"]] == ["2026-001"]
    assert head(teststad) == before
    assert clean(teststad)


def test_an_empty_store_has_a_report(tmp_path: Path, vhuis: Invoke) -> None:
    store = build_store(tmp_path / "empty", {"vhuis.yaml": "name: Leeg\nlanguage: en\n"})
    assert without_verdicts(report_json(vhuis, store)) == {
        "on": "2026-11-27",
        "cases": [],
        "partners": [],
        "signals": [],
        "escalations": [],
        "evaluations": [],
        "evaluation_due": [],
    }
    result = vhuis("report", store=store)
    assert "Which problems are there? 0 open cases; no signals in 2026-09 to 2026-11." in result.stdout
    assert "Do all partners take part? no meetings up to 2026-11-27 yet." in result.stdout


def test_report_is_served_from_the_index_and_agrees_with_the_case_files(
    example_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fast on 2,000 cases: a second report parses no case file, and says what a full parse says."""
    import vhuis.storage.index

    for file in (example_store / "cases").glob("*.yaml"):
        os.utime(file, (file.stat().st_mtime - 3600, file.stat().st_mtime - 3600))
    parsed: list[str] = []
    original = vhuis.storage.index.digest_of
    monkeypatch.setattr(vhuis.storage.index, "digest_of", lambda case: parsed.append(case.id) or original(case))
    on = date(2026, 11, 27)
    first, problems = store_report(Store(example_store), on)
    assert len(parsed) == 6
    parsed.clear()
    again, _ = store_report(Store(example_store), on)
    assert parsed == []
    store = Store(example_store)
    cases, _ = store.cases()
    meetings, _ = store.meetings()
    assert first.as_json() == again.as_json() == office_report(cases, meetings, store.partners, on).as_json()
    assert problems == []


def test_the_minutes_chart_each_case_s_signals_per_month_and_nothing_else(tmp_path: Path, vhuis: Invoke) -> None:
    from markdown_it import MarkdownIt

    hostile = 'Overlast"] ``` bar [9] %%{init: {}}%%'  # a title is one line (docs/format.md)
    store = make_teststad(
        tmp_path / "store",
        **{
            "meetings/2026-04-10.yaml": MEETINGS["meetings/2026-04-10.yaml"] + "cases: [2026-001, 2026-002]\n",
            "cases/2026-001.yaml": STATION.replace(
                "title: Overlast in de stationshal", f"title: {json.dumps(hostile)}"
            ),
        },
    )
    result = vhuis("minutes", "2026-04-10", "--out", "-", "--charts", store=store)
    assert result.exit_code == 0, result.stderr
    fences = [(t.info, t.content) for t in MarkdownIt("commonmark").parse(result.stdout) if t.type == "fence"]
    assert fences == [
        (  # 001 up to 04-10: January 1, February 2, March none, April 1
            "mermaid",
            "xychart-beta\n"
            '    title "Signalen per maand"\n'
            '    x-axis ["2026-01", "2026-02", "2026-03", "2026-04"]\n'
            '    y-axis "Signalen" 0 --> 2\n'
            "    bar [1, 2, 0, 1]\n",
        ),
        (  # 002: February 1, April 1
            "mermaid",
            "xychart-beta\n"
            '    title "Signalen per maand"\n'
            '    x-axis ["2026-02", "2026-03", "2026-04"]\n'
            '    y-axis "Signalen" 0 --> 1\n'
            "    bar [1, 0, 1]\n",
        ),
    ]


# -- the pieces ---------------------------------------------------------------


def test_months_and_trend() -> None:
    assert months_up_to(date(2026, 2, 10), 3) == ["2025-12", "2026-01", "2026-02"]

    class Signal:
        def __init__(self, day: str) -> None:
            self.date = date.fromisoformat(day)

    signals = [Signal(d) for d in ("2025-11-30", "2026-01-02", "2026-01-31", "2026-03-01", "2026-03-02")]
    assert signal_trend(signals, date(2026, 3, 1)) == [
        ("2025-11", 1),
        ("2025-12", 0),
        ("2026-01", 2),
        ("2026-02", 0),
        ("2026-03", 1),
    ]
    assert signal_trend(signals, date(2026, 3, 1), longest=2) == [("2026-02", 0), ("2026-03", 1)]
    assert signal_trend(signals, date(2025, 1, 1)) == []


def test_bars() -> None:
    assert bar(3, 5) == "███░░"
    assert bar(0, 5) == "░░░░░"
    assert bar(1, 100) == "█░░░░░░░░░"  # a count above 0 always shows
    assert bar(100, 100) == "██████████"
    assert bar(0, 0) == ""
    assert sparkline([0, 1, 8, 4]) == " ▁█▄"


def test_office_report_counts_unknown_partners_after_the_registry() -> None:
    class Meeting:
        def __init__(self) -> None:
            self.date = date(2026, 1, 1)
            self.status = MeetingStatus.held  # the report counts held meetings only, and who was invited
            self.invited: list[str] = []
            self.cases: list[str] = []
            self.present = ["politie", "onbekend"]
            self.excused: list[str] = []
            self.absent: list[str] = []

    made = office_report([], [Meeting()], ["zol", "politie"], date(2026, 2, 1))
    assert [(p.partner, p.present) for p in made.partners] == [("zol", 0), ("politie", 1), ("onbekend", 1)]
    assert made.cases == []
    assert made.signals == []
