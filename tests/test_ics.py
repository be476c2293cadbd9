"""vhuis owes --ics: open commitments as a calendar that partners subscribe to.

The store is the one of tests/test_report.py; on 2026-11-27 six commitments are open.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, clean, head
from icalendar import Calendar
from test_report import make_teststad
from typer.testing import CliRunner

from vhuis.cli.app import app


@pytest.fixture
def teststad(tmp_path: Path) -> Path:
    return make_teststad(tmp_path / "store")


def events(ics: bytes) -> list[Any]:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


def ics_of(vhuis: Invoke, store: Path, *args: str) -> bytes:
    """What ``vhuis owes --ics - ...`` writes on stdout, byte for byte (the fixture's text folds CRLF)."""
    result = CliRunner().invoke(app, ["owes", "--ics", "-", *args], env={"VHUIS_STORE": str(store)})
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_every_open_commitment_is_an_all_day_event_on_its_due_date(teststad: Path, vhuis: Invoke) -> None:
    path = teststad.parent / "afspraken.ics"
    result = vhuis("owes", "--ics", str(path), store=teststad)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"6 openstaande afspraken geschreven naar {path}" in result.stderr
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Veiligheidshuis Teststad: afspraken"
    found = [
        (str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")
    ]
    assert found == [  # by due date; done (001 C1, C2, 002 C1) and dropped (001 C5) commitments are left out
        (
            "2026-003-C1@veiligheidshuis-teststad.vhuis",
            date(2026, 1, 31),
            date(2026, 2, 1),
            "politie: Daders opsporen (2026-003 C1)",
        ),
        (
            "2026-001-C3@veiligheidshuis-teststad.vhuis",
            date(2026, 3, 31),
            date(2026, 4, 1),
            "politie: Cijfers van het eerste kwartaal (2026-001 C3)",
        ),
        (
            "2026-001-C6@veiligheidshuis-teststad.vhuis",
            date(2026, 4, 30),
            date(2026, 5, 1),
            "nmbs: Camera plaatsen (2026-001 C6)",
        ),
        (
            "2026-004-C1@veiligheidshuis-teststad.vhuis",
            date(2026, 5, 20),
            date(2026, 5, 21),
            "politie: Controles aan de vijver (2026-004 C1)",
        ),
        (
            "2026-001-C4@veiligheidshuis-teststad.vhuis",
            date(2026, 5, 31),
            date(2026, 6, 1),
            "preventiedienst: Rondes uitbreiden naar zaterdag (2026-001 C4)",
        ),
        (
            "2026-004-C2@veiligheidshuis-teststad.vhuis",
            date(2026, 12, 15),
            date(2026, 12, 16),
            "politie: Verslag van de controles (2026-004 C2)",
        ),
    ]
    first = calendar.walk("VEVENT")[0]
    assert str(first["DESCRIPTION"]) == (
        "2026-003: Graffiti aan het station\nLokale politie: Daders opsporen\nVeiligheidshuis Teststad"
    )
    assert first.decoded("DTSTAMP") == datetime.fromisoformat("2026-01-10T00:00:00+00:00")  # the day it was made
    assert b"DTSTART;VALUE=DATE:20260131\r\n" in path.read_bytes()
    assert clean(teststad)


def test_the_file_is_the_same_bytes_on_every_run_and_only_changes_with_the_store(teststad: Path, vhuis: Invoke) -> None:
    first, second = ics_of(vhuis, teststad), ics_of(vhuis, teststad)
    assert first == second
    path = teststad.parent / "afspraken.ics"
    vhuis("owes", "--ics", str(path), store=teststad)
    assert path.read_bytes() == first
    later = ics_of(vhuis, teststad, "--on", "2026-11-28")  # the next day: nothing changed, nothing moves
    assert later == first

    # a commitment done disappears; a new one appears; every other event stays byte for byte the same
    assert vhuis("commitment", "done", "2026-001", "C3", store=teststad).exit_code == 0
    added = vhuis(
        "commitment", "add", "2026-002", "--partner", "jeugddienst", "--action", "Avondwerking voorstellen",
        "--due", "2026-12-20", "--made", "2026-11-27", store=teststad,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    after = ics_of(vhuis, teststad)
    before_events = {str(e["UID"]): e.to_ical() for e in events(first)}
    after_events = {str(e["UID"]): e.to_ical() for e in events(after)}
    assert set(before_events) - set(after_events) == {"2026-001-C3@veiligheidshuis-teststad.vhuis"}
    assert set(after_events) - set(before_events) == {"2026-002-C2@veiligheidshuis-teststad.vhuis"}
    assert all(after_events[uid] == ical for uid, ical in before_events.items() if uid in after_events)


def test_one_partner_gets_its_own_calendar(teststad: Path, vhuis: Invoke) -> None:
    by_option = ics_of(vhuis, teststad, "--partner", "politie")
    by_argument = ics_of(vhuis, teststad, "politie")
    assert by_option == by_argument
    calendar = Calendar.from_ical(by_option)
    assert str(calendar["X-WR-CALNAME"]) == "Veiligheidshuis Teststad: afspraken Lokale politie"
    assert [str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")] == [
        "2026-003-C1",
        "2026-001-C3",
        "2026-004-C1",
        "2026-004-C2",
    ]
    overdue = events(ics_of(vhuis, teststad, "--partner", "politie", "--overdue"))
    assert len(overdue) == 3  # 004 C2 is due on 12-15
    assert events(ics_of(vhuis, teststad, "--partner", "jeugddienst")) == []


def test_an_english_store_names_its_calendar_in_english(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store", language="en")
    calendar = Calendar.from_ical(ics_of(vhuis, store, "--partner", "nmbs"))
    assert str(calendar["X-WR-CALNAME"]) == "Veiligheidshuis Teststad: commitments NMBS Securail"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["politie", "--partner", "nmbs"], "PARTNER 'politie' en --partner 'nmbs' verschillen"),
        (["--partner", "brandweer"], "--partner: 'brandweer' is geen partner"),
        (["--json"], "--ics en --json willen allebei de uitvoer zijn"),
        (["--on", "2026-02-30"], "'2026-02-30' is geen datum"),  # a Dutch store: its language
    ],
)
def test_bad_options_write_nothing(teststad: Path, vhuis: Invoke, args: list[str], message: str) -> None:
    path = teststad.parent / "afspraken.ics"
    result = vhuis("owes", "--ics", str(path), *args, store=teststad)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not path.exists()


def test_a_folder_is_not_a_calendar_file(teststad: Path, vhuis: Invoke) -> None:
    before = head(teststad)
    result = vhuis("owes", "--ics", str(teststad.parent), store=teststad)
    assert result.exit_code == 2
    assert "is een map; geef een bestandsnaam" in result.stderr
    assert head(teststad) == before


def test_the_calendar_on_stdout_of_a_real_process(teststad: Path) -> None:
    environment = {**os.environ, "VHUIS_STORE": str(teststad)}
    out = subprocess.run(
        [sys.executable, "-m", "vhuis", "owes", "--ics", "-"], capture_output=True, env=environment, check=True
    )
    assert out.stdout.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert out.stdout.endswith(b"END:VCALENDAR\r\n")
    assert len(events(out.stdout)) == 6
    assert out.stderr == b""


def test_the_cli_starts_without_icalendar_and_smtplib() -> None:
    code = "import sys, vhuis.cli.app; print(sorted(m for m in ('icalendar', 'smtplib') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded == "[]\n"
