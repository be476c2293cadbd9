"""vhuis report --from --to: the bestuur's report over a period (issue 17, items 1 and 4; docs/report.md).

Every number is worked out by hand from PERIODSTAD below, over the first half of 2026; the
previous period of equal length (181 days) is 2025-07-04 to 2025-12-31.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke, build_store, clean, head

from vhuis.domain.period import Period, PeriodReport, period_of, store_period_report
from vhuis.domain.report import office_report
from vhuis.errors import InvalidInput
from vhuis.storage.store import Store
from vhuis.vocab import MeasureType, Phase

PARTNERS = """
- {id: politie, name: Lokale politie, kind: police, email: null}
- {id: preventiedienst, name: Preventiedienst, kind: city-service, email: null}
- {id: straathoekwerk, name: Straathoekwerk, kind: welfare, email: null}
- {id: zol, name: Ziekenhuis, kind: health, email: null}
- {id: nmbs, name: NMBS, kind: transport, email: null}
"""

AREAS = """
- {name: Station, municipality: Genk, kind: hotspot}
- {name: Centrum As, municipality: As, kind: wijk}
"""

# closed in the period, evaluated: goal 1 reached, goal 2 partly; one signal before, one in the period
CLOSED = """
id: 2025-010
title: Overlast aan het station
approach: area
area: Station
themes: [overlast]
status: closed
opened: 2025-03-01
closed: 2026-02-10
signals:
  - {id: S1, date: 2025-04-01, source: citizen, summary: Te vroeg voor beide periodes.}
  - {id: S2, date: 2025-11-20, source: citizen, summary: In de vorige periode.}
  - {id: S3, date: 2026-01-15, source: police, summary: In de periode.}
plan:
  goals: [Minder overlast, Meer toezicht]
  measures:
    - {id: M1, title: Rondes, type: preventive, phase: prevention, owner: preventiedienst, status: done}
    - {id: M2, title: Controles, type: repressive, phase: reaction, owner: politie, status: done}
evaluation: {date: 2026-02-01, goals: {1: reached, 2: partly}}
"""

# opened in the period in As; only a repressive measure; C1 kept on time, C2 late, C3 escalated,
# C4 restricted to the police (its action never shows) and escalated
ACTIVE = """
id: 2026-001
title: Drugs in het centrum van As
approach: area
area: Centrum As
themes: [drugs, overlast]
status: active
opened: 2026-01-05
lead: politie
partners: [straathoekwerk]
signals:
  - {id: S1, date: 2026-01-10, source: citizen, summary: Dealen aan de kerk.}
  - {id: S2, date: 2026-02-10, source: police, summary: Opnieuw.}
  - {id: S3, date: 2026-03-05, source: partner, partner: straathoekwerk, summary: Groep aan de kerk.}
plan:
  measures:
    - {id: M1, title: Controles, type: repressive, phase: reaction, owner: politie, status: running}
commitments:
  - {id: C1, partner: politie, action: Patrouilles, made: 2026-01-10, due: 2026-02-01, status: done, done: 2026-01-30}
  - {id: C2, partner: straathoekwerk, action: Contacten leggen, made: 2026-01-10, due: 2026-02-15, status: done,
     done: 2026-02-20}
  - {id: C3, partner: straathoekwerk, action: Beleidssignaal bezorgen, made: 2026-02-01, due: 2026-03-01}
  - {id: C4, partner: politie, action: Beperkte actie van de politie, made: 2026-02-01, due: 2026-03-01,
     restricted_to: [politie]}
"""

# confidential, a group without an area (so in the city's municipality), dismissed in the period
SECRET = """
id: 2026-002
title: Geheime titel van een vertrouwelijk dossier
approach: group
group: Jongeren X
status: dismissed
opened: 2026-02-01
closed: 2026-05-01
confidential: true
audience: [politie, zol]
signals:
  - {id: S1, date: 2026-04-01, source: police, summary: Geheim signaal.}
commitments:
  - {id: C1, partner: politie, action: Geheime actie, made: 2026-02-01, due: 2026-02-15}
"""

# opened after the period: in none of its numbers
LATER = """
id: 2026-003
title: Later dossier
approach: area
area: Station
status: reported
opened: 2026-07-15
signals:
  - {id: S1, date: 2026-07-20, source: citizen, summary: Na de periode.}
"""

MEETINGS = {
    "meetings/2025-12-01.yaml": "date: 2025-12-01\npresent: [politie]\n",  # before the period
    # 2026-001 on the agenda invites politie (lead) and straathoekwerk; nmbs is listed absent, uninvited
    "meetings/2026-02-01.yaml": (
        "date: 2026-02-01\npresent: [politie]\nabsent: [straathoekwerk, nmbs]\ncases: [2026-001]\n"
    ),
    "meetings/2026-03-01.yaml": "date: 2026-03-01\ninvited: [politie, zol]\npresent: [politie]\nexcused: [zol]\n",
    # an older file: no invited, no agenda; its lists are its invitation
    "meetings/2026-04-01.yaml": "date: 2026-04-01\npresent: [preventiedienst]\n",
    "meetings/2026-06-01.yaml": "date: 2026-06-01\nstatus: planned\ninvited: [nmbs]\n",  # not held
}

HALF_YEAR = Period(date(2026, 1, 1), date(2026, 6, 30))


def periodstad_files(language: str = "en") -> dict[str, str]:
    return {
        "vhuis.yaml": f"name: Veiligheidshuis Periodstad\ncity: Genk\nlanguage: {language}\n",
        "partners.yaml": PARTNERS,
        "areas.yaml": AREAS,
        "cases/2025-010.yaml": CLOSED,
        "cases/2026-001.yaml": ACTIVE,
        "cases/2026-002.yaml": SECRET,
        "cases/2026-003.yaml": LATER,
        **MEETINGS,
    }


@pytest.fixture
def periodstad(tmp_path: Path) -> Path:
    return build_store(tmp_path / "store", periodstad_files())


@pytest.fixture
def half_year(periodstad: Path) -> PeriodReport:
    made, problems = store_period_report(Store(periodstad), HALF_YEAR)
    assert problems == []
    return made


# -- the period -----------------------------------------------------------------


def test_a_period_defaults_to_the_year_so_far_and_compares_with_the_one_before() -> None:
    assert period_of(None, None, date(2026, 11, 27)) == Period(date(2026, 1, 1), date(2026, 11, 27))
    assert period_of(None, date(2025, 6, 30), date(2026, 11, 27)) == Period(date(2025, 1, 1), date(2025, 6, 30))
    assert HALF_YEAR.days == 181
    assert HALF_YEAR.previous == Period(date(2025, 7, 4), date(2025, 12, 31))
    assert Period(date(2026, 1, 1), date(2026, 12, 31)).previous == Period(date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(InvalidInput, match="start: 2026-07-01 is after the period's last day, 2026-06-30 \\(end\\)"):
        period_of(date(2026, 7, 1), date(2026, 6, 30), date(2026, 11, 27))


def test_cases_opened_closed_and_still_open_in_the_period(half_year: PeriodReport) -> None:
    assert (half_year.opened, half_year.closed, half_year.dismissed, half_year.still_open) == (2, 2, 1, 1)
    # 2025-010 closed on 02-10 (evaluated: 1 reached, 1 partly); 2026-002 dismissed, never evaluated
    assert [c.as_json() for c in half_year.closed_cases] == [
        {
            "case": "2025-010",
            "title": "Overlast aan het station",
            "status": "closed",
            "closed": "2026-02-10",
            "goals": 2,
            "evaluated": "2026-02-01",
            "reached": 1,
            "partly": 1,
            "not_reached": 0,
            "unrated": 0,
        },
        {
            "case": "2026-002",
            "title": None,  # confidential: counted, its title never shown
            "status": "dismissed",
            "closed": "2026-05-01",
            "goals": 0,
            "evaluated": None,
            "reached": 0,
            "partly": 0,
            "not_reached": 0,
            "unrated": 0,
        },
    ]


def test_signals_per_theme_area_municipality_and_month_against_the_previous_period(half_year: PeriodReport) -> None:
    made = half_year.as_json()
    # in the period: 2025-010 S3, 2026-001 S1-S3, 2026-002 S1; before it: 2025-010 S2
    assert made["trend"] == {
        "previous": {"from": "2025-07-04", "to": "2025-12-31"},
        "signals": 5,
        "previous_signals": 1,
        "difference": 4,
    }
    assert made["by_theme"] == [
        {"theme": "overlast", "count": 4, "previous": 1, "difference": 3},  # 2026-001 has two themes
        {"theme": "drugs", "count": 3, "previous": 0, "difference": 3},
        {"theme": None, "count": 1, "previous": 0, "difference": 1},
    ]
    assert made["by_area"] == [
        {"area": "Centrum As", "count": 3, "previous": 0, "difference": 3},
        {"area": "Station", "count": 1, "previous": 1, "difference": 0},
        {"area": None, "count": 1, "previous": 0, "difference": 1},  # the group case
    ]
    assert made["by_municipality"] == [
        {"municipality": "As", "count": 3, "previous": 0, "difference": 3},  # by areas.yaml
        {"municipality": "Genk", "count": 2, "previous": 1, "difference": 1},  # Station, and the city for no area
    ]
    assert made["by_month"] == [
        {"month": "2026-01", "count": 2},
        {"month": "2026-02", "count": 1},
        {"month": "2026-03", "count": 1},
        {"month": "2026-04", "count": 1},
        {"month": "2026-05", "count": 0},
        {"month": "2026-06", "count": 0},
    ]


def test_attendance_counts_only_the_meetings_a_partner_was_invited_to(half_year: PeriodReport) -> None:
    assert half_year.meetings == 3  # the meeting of 2025-12-01 is before it, that of 06-01 only planned
    assert [a.as_json() for a in half_year.attendance] == [
        {  # invited by the agenda of 02-01 (lead of 2026-001) and by the list of 03-01
            "partner": "politie",
            "invited": 2,
            "present": 2,
            "excused": 0,
            "absent": 0,
            "unrecorded": 0,
            "concerned": True,
        },
        {  # the meeting of 04-01 has neither invited nor agenda: its lists invite
            "partner": "preventiedienst",
            "invited": 1,
            "present": 1,
            "excused": 0,
            "absent": 0,
            "unrecorded": 0,
            "concerned": True,
        },
        {
            "partner": "straathoekwerk",
            "invited": 1,
            "present": 0,
            "excused": 0,
            "absent": 1,
            "unrecorded": 0,
            "concerned": True,
        },
        {"partner": "zol", "invited": 1, "present": 0, "excused": 1, "absent": 0, "unrecorded": 0, "concerned": True},
        {  # listed absent on 02-01 but never invited: not concerned, never absent
            "partner": "nmbs",
            "invited": 0,
            "present": 0,
            "excused": 0,
            "absent": 0,
            "unrecorded": 0,
            "concerned": False,
        },
    ]
    answers = half_year.answers
    assert [a.partner for a in answers.absent] == ["straathoekwerk"]
    assert answers.never_present == ("straathoekwerk", "zol")
    assert answers.not_concerned == ("nmbs",)


def test_the_report_as_of_a_day_counts_attendance_fairly_too(periodstad: Path) -> None:
    """Item 4 in the existing view: nmbs, never invited, was counted absent, and present at none."""
    store = Store(periodstad)
    cases, _ = store.cases()
    meetings, _ = store.meetings()
    made = office_report(cases, meetings, store.partners, date(2026, 6, 30))
    rows = {p.partner: (p.invited, p.present, p.excused, p.absent) for p in made.partners}
    assert rows["nmbs"] == (0, 0, 0, 0)
    assert rows["straathoekwerk"] == (1, 0, 0, 1)
    assert rows["politie"] == (3, 3, 0, 0)  # also the meeting of 2025-12-01
    assert made.meetings == 4  # held ones only: not the planned meeting of 06-01
    assert [r.partner for r in made.verdicts.absent] == ["straathoekwerk"]


def test_follow_up_per_partner_kept_in_the_period_and_owed_at_its_end(half_year: PeriodReport) -> None:
    rows = {f.partner: f.as_json() for f in half_year.follow_up}
    assert list(rows) == ["politie", "preventiedienst", "straathoekwerk", "zol", "nmbs"]
    # politie: C1 on time; 2026-001 C4 and 2026-002 C1 open, overdue more than 30 days on 06-30
    assert rows["politie"] == {
        "partner": "politie",
        "on_time": 1,
        "late": 0,
        "open": 2,
        "overdue": 2,
        "escalated": 2,
    }
    assert rows["straathoekwerk"] == {
        "partner": "straathoekwerk",
        "on_time": 0,
        "late": 1,  # C2, done 02-20, due 02-15
        "open": 1,
        "overdue": 1,
        "escalated": 1,
    }
    assert rows["zol"]["open"] == rows["nmbs"]["open"] == 0


def test_a_period_that_ends_after_today_counts_what_is_owed_as_of_today(periodstad: Path) -> None:
    year = period_of(date(2026, 1, 1), date(2026, 12, 31), date(2026, 2, 15))
    assert (year.end, year.as_of) == (date(2026, 12, 31), date(2026, 2, 15))
    made, _ = store_period_report(Store(periodstad), year)
    assert made.as_json()["period"] == {"from": "2026-01-01", "to": "2026-12-31", "as_of": "2026-02-15"}
    rows = {f.partner: f for f in made.follow_up}
    # on 02-15 straathoekwerk owes C2 (due that day, done later) and C3 (due 03-01): open, neither overdue
    assert (rows["straathoekwerk"].open, rows["straathoekwerk"].overdue, rows["straathoekwerk"].escalated) == (2, 0, 0)
    assert made.report.on == date(2026, 2, 15)
    # the same year counted as of its last day: C3 is long overdue then
    whole, _ = store_period_report(Store(periodstad), Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert {f.partner: f.overdue for f in whole.follow_up}["straathoekwerk"] == 1


def test_the_balance_of_every_plan_open_in_the_period(half_year: PeriodReport) -> None:
    plans = {b.case: b for b in half_year.balance}
    assert list(plans) == ["2025-010", "2026-001", "2026-002"]  # 2026-003 was opened after it
    assert plans["2025-010"].one_sided is None
    assert plans["2025-010"].phases == {Phase.proaction: 0, Phase.prevention: 1, Phase.reaction: 1, Phase.aftercare: 0}
    assert plans["2026-001"].one_sided is MeasureType.repressive
    assert plans["2026-001"].phases_missing == (Phase.proaction, Phase.prevention, Phase.aftercare)
    assert plans["2026-002"].no_measures and plans["2026-002"].title is None
    answers = half_year.answers
    assert answers.one_sided == ("2026-001",)
    assert answers.chain_link_missing == ("2025-010", "2026-001")
    assert answers.no_measures == ("2026-002",)
    assert (answers.evaluated, answers.reached, answers.partly, answers.not_reached) == (1, 1, 1, 0)


# -- the command ------------------------------------------------------------------


def test_report_json_keeps_its_keys_and_adds_the_period(periodstad: Path, vhuis: Invoke) -> None:
    result = vhuis("report", "--from", "2026-01-01", "--to", "30/06/2026", "--json", store=periodstad)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["on"] == "2026-06-30"  # the old keys are as of the period's last day
    for key in ("cases", "partners", "signals", "verdicts", "escalations", "evaluations", "evaluation_due"):
        assert key in document
    assert document["period"] == {"from": "2026-01-01", "to": "2026-06-30", "as_of": "2026-06-30"}
    assert (document["opened"], document["closed"], document["still_open"]) == (2, 2, 1)
    assert document["by_area"][0] == {"area": "Centrum As", "count": 3, "previous": 0, "difference": 3}
    assert document["by_theme"][0]["theme"] == "overlast"
    # counts, never restricted text: the confidential case's title, the restricted and confidential actions
    for secret in ("Geheime", "Beperkte actie", "Geheim signaal", "Jongeren X"):
        assert secret not in result.stdout
    assert {"month": "2026-04", "where": None, "count": 1} in document["signals"]  # the confidential group
    escalated = {(e["case"], e["commitment"]): e["action"] for e in document["escalations"]}
    assert escalated == {
        ("2026-001", "C3"): "Beleidssignaal bezorgen",
        ("2026-001", "C4"): None,
        ("2026-002", "C1"): None,
    }
    assert vhuis("report", "--on", "2026-06-30", "--from", "2026-01-01", "--json", store=periodstad).stdout == (
        result.stdout
    )


def test_report_for_people_answers_the_questions_over_the_period(periodstad: Path, vhuis: Invoke) -> None:
    result = vhuis("report", "--from", "2026-01-01", "--to", "2026-06-30", store=periodstad)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "The period 2026-01-01 to 2026-06-30 (compared with 2025-07-04 to 2025-12-31)" in lines
    assert (
        "Which problems are there? 1 case still open on 2026-06-30; 2 opened and 2 closed in the period; "
        "5 signals (+4 against the previous period), most in Centrum As (3)." in lines
    )
    assert (
        "Do all partners take part? not all (3 meetings): absent without notice: straathoekwerk 1×; "
        "invited but present at none: straathoekwerk, zol. Not concerned (invited to none): nmbs." in lines
    )
    assert (
        "Does every partner do what it promised? kept in the period: 1 on time, 1 late; on 2026-06-30: 3 open, "
        "3 overdue, 3 escalated (politie 2, straathoekwerk 1)." in lines
    )
    nmbs = [line.split() for line in lines if line.startswith("nmbs")]
    assert ["nmbs", "0", "0", "0", "0", "not", "concerned"] in nmbs  # the period's attendance table
    for secret in ("Geheime", "Beperkte", "Jongeren X"):
        assert secret not in result.stdout
    assert "(confidential)" in result.stdout


def test_a_period_that_ends_before_it_starts_is_refused(periodstad: Path, vhuis: Invoke) -> None:
    before = head(periodstad)
    result = vhuis("report", "--from", "2026-07-01", "--to", "2026-06-30", store=periodstad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--from: 2026-07-01 is after the period's last day, 2026-06-30 (--to)" in result.stderr
    assert "Traceback" not in result.stderr
    both = vhuis("report", "--on", "2026-06-01", "--to", "2026-06-30", store=periodstad)
    assert both.exit_code == 2
    assert "--on 2026-06-01 and --to 2026-06-30 name two last days" in both.stderr
    assert head(periodstad) == before
    assert clean(periodstad)


def test_a_dutch_store_reads_its_period_in_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    store = build_store(tmp_path / "nl", periodstad_files(language="nl"))
    said = vhuis("report", "--from", "2026-01-01", "--to", "2026-06-30", store=store).stdout
    assert "De periode 1 januari 2026 tot 30 juni 2026 (vergeleken met 4 juli 2025 tot 31 december 2025)" in said
    assert "Niet betrokken (voor geen enkel overleg uitgenodigd): nmbs." in said
    assert "(vertrouwelijk)" in said
