"""vhuis remind: one e-mail per partner that owes something, written as .eml and sent only when asked.

The store is the one of tests/test_report.py. On 2026-11-27 politie owes four
commitments (three overdue), preventiedienst one (overdue), nmbs one but has no
address; jeugddienst owes nothing.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, clean, head
from test_report import CLOSED, PARTNERS, make_teststad


@pytest.fixture
def teststad(tmp_path: Path) -> Path:
    return make_teststad(tmp_path / "store")


def read_eml(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_one_message_per_partner_that_owes_something(teststad: Path, vhuis: Invoke) -> None:
    out = teststad.parent / "herinneringen"
    result = vhuis("remind", "--out", str(out), store=teststad)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["politie.eml", "preventiedienst.eml"]
    warning = "waarschuwing: nmbs heeft 1 openstaande afspraak maar geen e-mailadres in partners.yaml; geen herinnering"
    assert warning in result.stderr
    assert f"2 herinneringen geschreven naar {out}" in result.stderr
    assert clean(teststad)

    politie = read_eml(out / "politie.eml")
    assert politie["To"] == "Lokale politie <info@politie.example>"
    assert politie["From"] == "Sarah Test <sarah.test@genk.example>"  # the git identity at the keyboard
    assert politie["Subject"] == "Veiligheidshuis Teststad: 4 openstaande afspraken (3 te laat)"
    assert politie.get_content_type() == "text/plain"
    assert politie.get_content_charset() == "utf-8"
    assert politie["Message-ID"].endswith("@genk.example>")
    assert politie.get_content().splitlines() == [
        "Beste collega's van Lokale politie,",
        "",
        "Volgende afspraken staan op 27 november 2026 nog open:",
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
        "Is een afspraak al uitgevoerd, of is de timing niet haalbaar? "
        "Laat het ons weten, dan passen we het dossier aan.",
        "",
        "Met vriendelijke groeten,",
        "Veiligheidshuis Teststad",
    ]
    raw = (out / "politie.eml").read_bytes()
    assert b"\r\n" in raw
    assert raw.decode("ascii")  # RFC 5322 on the wire: 7-bit, the UTF-8 text quoted-printable

    prevention = read_eml(out / "preventiedienst.eml")
    assert prevention["Subject"] == "Veiligheidshuis Teststad: 1 openstaande afspraak (1 te laat)"
    assert "Nog te doen" not in prevention.get_content()


def test_as_of_an_earlier_day_and_in_english(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(
        tmp_path / "store",
        language="en",
        **{"partners.yaml": PARTNERS.replace("email: null", "email: securail@nmbs.example")},
    )
    out = tmp_path / "out"
    result = vhuis("remind", "--on", "2026-04-15", "--out", str(out), "--from", "Veiligheidshuis <vh@genk.be>",
                   store=store)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    # on 04-15: politie owes 001 C3 and 003 C1 (both overdue), preventiedienst 001 C4, nmbs 001 C6
    assert sorted(p.name for p in out.iterdir()) == ["nmbs.eml", "politie.eml", "preventiedienst.eml"]
    nmbs = read_eml(out / "nmbs.eml")
    assert nmbs["From"] == "Veiligheidshuis <vh@genk.be>"
    assert nmbs["To"] == "NMBS Securail <securail@nmbs.example>"
    assert nmbs["Subject"] == "Veiligheidshuis Teststad: 1 open commitment"
    assert nmbs["Date"].startswith("Wed, 15 Apr 2026 08:00:00")
    assert nmbs.get_content().splitlines()[:9] == [
        "Dear NMBS Securail,",
        "",
        "On 15 April 2026, these commitments of NMBS Securail are still open:",
        "",
        "Still to do:",
        "",
        "- Camera plaatsen",
        "  Case 2026-001 C6: Overlast in de stationshal",
        "  due 30 April 2026",
    ]
    politie = read_eml(out / "politie.eml")
    assert politie["Subject"] == "Veiligheidshuis Teststad: 2 open commitments (2 overdue)"
    assert "due 31 January 2026 (OVERDUE: 74 days)" in politie.get_content()


def test_text_beyond_ascii_survives(tmp_path: Path, vhuis: Invoke) -> None:
    partners = PARTNERS.replace("name: Lokale politie", "name: Politiezone Genk–As (ö)")
    case = "cases/2026-003.yaml"
    store = make_teststad(
        tmp_path / "store",
        **{"partners.yaml": partners, case: CLOSED.replace("Daders opsporen", "Daders opsporen – café “De Smis”")},
    )
    out = tmp_path / "out"
    assert vhuis("remind", "--out", str(out), store=store).exit_code == 0
    politie = read_eml(out / "politie.eml")
    assert politie["To"] == '"Politiezone Genk–As (ö)" <info@politie.example>'
    assert "- Daders opsporen – café “De Smis”" in politie.get_content().splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "niemand"], "--from: 'niemand' is geen e-mailadres"),
        (["--smtp", "localhost"], "--smtp: 'localhost' is geen HOST:POORT"),
        (["--on", "2026-13-01"], "--on: '2026-13-01' is geen datum"),
    ],
)
def test_bad_options_write_nothing(teststad: Path, vhuis: Invoke, args: list[str], message: str) -> None:
    out = teststad.parent / "out"
    result = vhuis("remind", "--out", str(out), *args, store=teststad)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not out.exists()


def test_a_partner_with_a_broken_address_stops_before_anything_is_written(tmp_path: Path, vhuis: Invoke) -> None:
    store = make_teststad(
        tmp_path / "store", **{"partners.yaml": PARTNERS.replace("info@politie.example", "info@politie")}
    )
    out = tmp_path / "out"
    result = vhuis("remind", "--out", str(out), store=store)
    assert result.exit_code == 3
    assert "'info@politie' is geen e-mailadres" in result.stderr
    assert not out.exists()


def test_out_must_be_a_folder(teststad: Path, vhuis: Invoke) -> None:
    file = teststad.parent / "bestand.txt"
    file.write_text("x")
    result = vhuis("remind", "--out", str(file), store=teststad)
    assert result.exit_code == 2
    assert "is een bestand; geef een map op" in result.stderr


# -- sending ------------------------------------------------------------------


class Inbox:
    """What the test's SMTP server received; refuses RCPT TO for the addresses in ``refuse``."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse = refuse

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox(refuse=("preventie@teststad.example",))
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), ready_timeout=5)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def test_smtp_sends_what_it_wrote(teststad: Path, vhuis: Invoke, smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    inbox.refuse = ()
    out = teststad.parent / "out"
    result = vhuis("remind", "--out", str(out), "--smtp", f"127.0.0.1:{port}", store=teststad)
    assert result.exit_code == 0, result.stderr
    assert f"verstuurd via 127.0.0.1:{port} naar politie, preventiedienst" in result.stderr
    assert [(sender, to) for sender, to, _ in inbox.received] == [
        ("sarah.test@genk.example", ["info@politie.example"]),
        ("sarah.test@genk.example", ["preventie@teststad.example"]),
    ]
    sent = message_from_bytes(inbox.received[0][2], policy=policy.default)
    assert isinstance(sent, EmailMessage)
    written = read_eml(out / "politie.eml")
    assert sent["Subject"] == written["Subject"] == "Veiligheidshuis Teststad: 4 openstaande afspraken (3 te laat)"
    assert sent.get_content() == written.get_content()


def test_a_refused_message_is_named_and_the_files_stay(
    teststad: Path, vhuis: Invoke, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    out = teststad.parent / "out"
    result = vhuis("remind", "--out", str(out), "--smtp", f"127.0.0.1:{port}", store=teststad)
    assert result.exit_code == 10
    assert f"fout: --smtp: de herinneringen konden niet verstuurd worden via 127.0.0.1:{port}" in result.stderr
    assert "daarvoor wel verstuurd naar politie" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(inbox.received) == 1
    assert sorted(p.name for p in out.iterdir()) == ["politie.eml", "preventiedienst.eml"]


def test_no_server_is_a_clear_error(teststad: Path, vhuis: Invoke) -> None:
    before = head(teststad)
    port = free_port()  # nothing listens there
    out = teststad.parent / "out"
    result = vhuis("remind", "--out", str(out), "--smtp", f"127.0.0.1:{port}", store=teststad)
    assert result.exit_code == 10
    assert (
        f"fout: --smtp: de herinneringen konden niet verstuurd worden via 127.0.0.1:{port} (Connection refused); "
        "er werd er geen verstuurd" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert "2 herinneringen geschreven" in result.stderr
    assert head(teststad) == before
    assert clean(teststad)


def test_without_a_git_identity_from_is_asked_for(
    teststad: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME")
        monkeypatch.delenv(f"GIT_{who}_EMAIL")
    for key, value in {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "user.useConfigOnly",
        "GIT_CONFIG_VALUE_0": "true",
    }.items():
        monkeypatch.setenv(key, value)  # git must not guess a name from the machine
    out = teststad.parent / "out"
    result = vhuis("remind", "--out", str(out), store=teststad)
    assert result.exit_code == 2
    assert "--from: git weet niet wie u bent" in result.stderr
    assert not out.exists()
    with_from = vhuis("remind", "--out", str(out), "--from", "vh@genk.be", store=teststad)
    assert with_from.exit_code == 0, with_from.stderr
    assert read_eml(out / "politie.eml")["From"] == "vh@genk.be"
