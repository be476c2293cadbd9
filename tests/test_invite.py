"""vhuis invite: one convocation (.eml) per partner invited to a planned meeting.

The store is the one of tests/test_report.py (and tests/test_remind.py), with a
meeting planned on 2026-12-10. On 2026-11-27 politie owes four commitments
(three overdue), preventiedienst one (overdue), nmbs one but has no address.
The last held meeting is 2026-05-15.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke, clean, head
from test_remind import Inbox, read_eml, smtp_server  # noqa: F401  # smtp_server is a fixture
from test_report import make_teststad

PLANNED = """\
date: 2026-12-10
title: Overleg Veiligheidshuis Teststad
status: planned
time: '14:00'
place: Stadhuis, zaal 2
chair: preventiedienst
cases: [2026-001, 2026-004]
invited: [politie, preventiedienst, nmbs]
"""


def store_with_meeting(root: Path, language: str = "nl", meeting: str = PLANNED, **replace: str) -> Path:
    return make_teststad(root, language=language, **{"meetings/2026-12-10.yaml": meeting, **replace})


def test_one_convocation_per_invited_partner_in_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_with_meeting(tmp_path / "store", **{"minutes/2026-05-15.md": "# Verslag\n"})
    out = tmp_path / "uitnodigingen"
    result = vhuis("invite", "2026-12-10", "--out", str(out), store=store)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["politie.eml", "preventiedienst.eml"]
    assert "waarschuwing: nmbs is uitgenodigd maar heeft geen e-mailadres in partners.yaml" in result.stderr
    assert f"2 uitnodigingen geschreven naar {out}" in result.stderr
    assert clean(store)

    politie = read_eml(out / "politie.eml")
    assert politie["To"] == "Lokale politie <info@politie.example>"
    assert politie["Subject"] == "Uitnodiging overleg 10 december 2026"
    assert politie["Content-Language"] == "nl"
    assert politie.get_content().splitlines() == [
        "Beste collega's van Lokale politie,",
        "",
        "Hierbij nodigen wij u uit op het volgende overleg.",
        "",
        "Overleg: Overleg Veiligheidshuis Teststad",
        "Datum: 10 december 2026",
        "Uur: 14.00 uur",  # as the minutes write it
        "Plaats: Stadhuis, zaal 2",
        "Voorzitter: Preventiedienst Teststad",
        "",
        "Agenda:",
        "1. Goedkeuring van het verslag van het overleg van 15 mei 2026 (minutes/2026-05-15.md)",
        "2. Dossier 2026-001: Overlast in de stationshal",
        "3. Dossier 2026-004: Drugsdealen in het park",
        "",
        "Uw openstaande afspraken, op te volgen op het overleg:",
        "",
        "Termijn overschreden:",
        "",
        "- Daders opsporen",
        "  Dossier 2026-003 C1: Graffiti aan het station",
        "  deadline 31 januari 2026 (termijn 300 dagen overschreden)",
        "",
        "- Cijfers van het eerste kwartaal",
        "  Dossier 2026-001 C3: Overlast in de stationshal",
        "  deadline 31 maart 2026 (termijn 241 dagen overschreden)",
        "",
        "- Controles aan de vijver",
        "  Dossier 2026-004 C1: Drugsdealen in het park",
        "  deadline 20 mei 2026 (termijn 191 dagen overschreden)",
        "",
        "Nog te doen:",
        "",
        "- Verslag van de controles",
        "  Dossier 2026-004 C2: Drugsdealen in het park",
        "  deadline 15 december 2026",
        "",
        "Kunt u niet aanwezig zijn? Laat het ons weten, dan noteren we u als verontschuldigd.",
        "",
        "Met vriendelijke groeten,",
        "Veiligheidshuis Teststad",
    ]
    prevention = read_eml(out / "preventiedienst.eml").get_content()
    assert "- Rondes uitbreiden naar zaterdag" in prevention
    assert "Daders opsporen" not in prevention  # only the partner's own commitments


def test_english_store_and_the_default_invited(tmp_path: Path, vhuis: Invoke) -> None:
    meeting = "date: 2026-12-10\nstatus: planned\ncases: [2026-002]\n"
    store = store_with_meeting(tmp_path / "store", language="en", meeting=meeting)
    out = tmp_path / "out"
    result = vhuis("invite", "2026-12-10", "--out", str(out), "--from", "vh@genk.be", store=store)
    assert result.exit_code == 0, result.stderr
    # no one invited: the lead and partners of the agenda's cases; 2026-002 has no lead and one partner
    assert sorted(p.name for p in out.iterdir()) == ["jeugddienst.eml"]
    youth = read_eml(out / "jeugddienst.eml")
    assert youth["Subject"] == "Invitation to the meeting of 10 December 2026"
    assert youth["Content-Language"] == "en"
    text = "\n".join(youth.get_content().splitlines())
    assert "Date: 10 December 2026\nHour: not set yet\nPlace: not set yet\n" in text
    assert "1. Approval of the minutes of the meeting of 15 May 2026 (the minutes are not drawn up yet)" in text
    assert "2. Case 2026-002:" in text
    assert "You have no open commitments." in text


def test_reminders_say_their_language_too(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(tmp_path / "store")
    out = tmp_path / "out"
    assert vhuis("remind", "--out", str(out), store=store).exit_code == 0
    assert read_eml(out / "politie.eml")["Content-Language"] == "nl"


@pytest.mark.parametrize(
    ("day", "code", "message"),
    [
        ("2026-05-15", 2, "DATE: het overleg van 2026-05-15 heeft al plaatsgevonden"),
        ("2026-12-11", 4, "er is geen overleg op 2026-12-11"),
    ],
)
def test_no_planned_meeting_writes_nothing(tmp_path: Path, vhuis: Invoke, day: str, code: int, message: str) -> None:
    store = store_with_meeting(tmp_path / "store")
    before = head(store)
    out = tmp_path / "out"
    result = vhuis("invite", day, "--out", str(out), store=store)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert head(store) == before


def test_nobody_to_invite_is_refused(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_with_meeting(tmp_path / "store", meeting="date: 2026-12-10\nstatus: planned\n")
    out = tmp_path / "out"
    result = vhuis("invite", "2026-12-10", "--out", str(out), store=store)
    assert result.exit_code == 2
    assert "niemand is uitgenodigd op het overleg van 2026-12-10" in result.stderr
    assert not out.exists()


def test_smtp_sends_one_message_per_partner(
    tmp_path: Path,
    vhuis: Invoke,
    smtp_server: tuple[Inbox, int],  # noqa: F811
) -> None:
    inbox, port = smtp_server
    inbox.refuse = ()
    store = store_with_meeting(tmp_path / "store")
    out = tmp_path / "out"
    result = vhuis("invite", "2026-12-10", "--out", str(out), "--smtp", f"127.0.0.1:{port}", store=store)
    assert result.exit_code == 0, result.stderr
    assert f"verstuurd via 127.0.0.1:{port} naar politie, preventiedienst" in result.stderr
    assert [to for _sender, to, _content in inbox.received] == [
        ["info@politie.example"],
        ["preventie@teststad.example"],
    ]


def test_a_refused_message_names_the_convocations(
    tmp_path: Path,
    vhuis: Invoke,
    smtp_server: tuple[Inbox, int],  # noqa: F811
) -> None:
    inbox, port = smtp_server  # refuses preventie@teststad.example
    store = store_with_meeting(tmp_path / "store")
    out = tmp_path / "out"
    result = vhuis("invite", "2026-12-10", "--out", str(out), "--smtp", f"127.0.0.1:{port}", store=store)
    assert result.exit_code == 10
    assert f"--smtp: de uitnodigingen konden niet verstuurd worden via 127.0.0.1:{port}" in result.stderr
    assert "daarvoor wel verstuurd naar politie" in result.stderr
    assert len(inbox.received) == 1
    assert sorted(p.name for p in out.iterdir()) == ["politie.eml", "preventiedienst.eml"]
