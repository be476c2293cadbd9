"""Every output that goes to a partner holds only what that partner may see (issue 16, items 3 and 4).

One store: a confidential case 2026-001 (audience politie and zol) with a commitment for the
hospital restricted to it, and an open case 2026-002 with a decision and a signal restricted to
the police. For each output (minutes --for in Markdown, HTML and PDF, remind, invite, owes --ics
--partner) the bytes produced are read back: straathoekwerk, outside the audience, gets no trace
of what it may not see; an audience member gets it.
"""

from __future__ import annotations

import email
import io
from email import policy
from pathlib import Path

import pytest

from tests.conftest import Invoke, build_store, git

MEETING_DAY = "2026-11-12"

FILES = {
    "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n",
    "partners.yaml": """
        - id: politie
          name: Lokale politie
          kind: police
          email: info@politie.example
        - id: zol
          name: Ziekenhuis Oost-Limburg
          kind: health
          email: onthaal@zol.example
        - id: straathoekwerk
          name: Straathoekwerk Genk
          kind: welfare
          email: team@straathoekwerk.example
        - id: preventiedienst
          name: Preventiedienst
          kind: city-service
          email: preventie@genk.example
        """,
    "cases/2026-001.yaml": """
        id: 2026-001
        title: Spuitenvondsten in het Stadspark
        approach: area
        area: Stadspark
        group: null
        themes:
          - drugs
        status: active
        opened: 2026-09-01
        confidential: true
        audience:
          - politie
          - zol
        lead: politie
        partners:
          - politie
          - zol
          - straathoekwerk
        signals:
          - id: S1
            date: 2026-10-20
            source: citizen
            partner: null
            summary: Naalden gevonden bij de vijver.
        analysis: null
        plan: null
        commitments:
          - id: C1
            partner: zol
            action: Overdosecijfers van spoed doorgeven
            made: 2026-10-15
            due: 2026-12-20
            measure: null
            status: open
            done: null
            restricted_to:
              - zol
          - id: C2
            partner: politie
            action: Patrouille aan de vijver
            made: 2026-10-15
            due: 2026-12-18
            measure: null
            status: open
            done: null
          - id: C3
            partner: straathoekwerk
            action: Contact leggen met de gebruikers
            made: 2026-10-15
            due: 2026-11-20
            measure: null
            status: open
            done: null
        decisions:
          - date: 2026-11-12
            text: Naaldcontainers plaatsen aan de vijver.
        """,
    "cases/2026-002.yaml": """
        id: 2026-002
        title: Overlast aan het station
        approach: area
        area: Stationsomgeving
        group: null
        themes:
          - overlast
        status: active
        opened: 2026-09-01
        lead: preventiedienst
        partners:
          - politie
          - straathoekwerk
        signals:
          - id: S1
            date: 2026-10-20
            source: citizen
            partner: null
            summary: Jongeren hangen rond in de hal.
          - id: S2
            date: 2026-10-25
            source: police
            partner: politie
            summary: Melding van dealen bij de fietsenstalling.
            restricted_to:
              - politie
        analysis: null
        plan: null
        commitments:
          - id: C1
            partner: straathoekwerk
            action: Jongeren aanspreken in de hal
            made: 2026-10-15
            due: 2026-12-15
            measure: null
            status: open
            done: null
        decisions:
          - date: 2026-11-12
            text: Gerichte controle in de stationshal.
            restricted_to:
              - politie
          - date: 2026-11-12
            text: Extra verlichting in de hal vragen.
        """,
    "meetings/2026-10-15.yaml": """
        date: 2026-10-15
        title: Overleg oktober
        present: [politie, zol, straathoekwerk, preventiedienst]
        excused: []
        absent: []
        cases: [2026-001, 2026-002]
        notes: null
        """,
    "meetings/2026-11-12.yaml": """
        date: 2026-11-12
        title: Overleg november
        present: [politie, zol, straathoekwerk, preventiedienst]
        excused: []
        absent: []
        cases: [2026-001, 2026-002]
        notes: null
        discussion:
          2026-001: Bespreking over de vijverzone.
          2026-002: Bespreking over de stationshal.
        """,
    "meetings/2026-12-10.yaml": """
        date: 2026-12-10
        title: Overleg december
        status: planned
        time: '19:30'
        place: Stadhuis
        present: []
        excused: []
        absent: []
        cases: [2026-001, 2026-002]
        invited: [politie, zol, straathoekwerk]
        notes: null
        """,
}

# What straathoekwerk (outside the audience of 2026-001) may never read, in any output.
CONFIDENTIAL_CASE = [
    "2026-001",
    "Spuitenvondsten",
    "Naalden gevonden",
    "Overdosecijfers",
    "Patrouille aan de vijver",
    "Contact leggen met de gebruikers",
    "vijverzone",
    "Naaldcontainers",
]
RESTRICTED_TO_POLICE = ["Gerichte controle", "dealen bij de fietsenstalling"]
ONLY_ZOL = "Overdosecijfers"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The store above, committed (made once with git, copied for each test)."""
    return build_store(tmp_path / "store", FILES)


def with_charter(store: Path, participants: list[str]) -> None:
    """A charter in vhuis.yaml, typed in by hand."""
    listed = "".join(f"    - {p}\n" for p in participants)
    charter = f"charter:\n  purpose: Casusoverleg drugs\n  legal_basis: art. 458ter Sw.\n  participants:\n{listed}"
    path = store / "vhuis.yaml"
    path.write_text(path.read_text(encoding="utf-8") + charter, encoding="utf-8")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


def minutes_for(vhuis: Invoke, store: Path, partner: str | None, form: str, out: Path) -> str:
    """The minutes (``partner``'s version, or the office's) written to ``out``, read back as text."""
    args = ["minutes", MEETING_DAY, "--format", form, "--out", str(out)]
    result = vhuis(*args, *(["--for", partner] if partner else []), store=store)
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    return pdf_text(data) if form == "pdf" else data.decode("utf-8")


def mail_text(path: Path) -> tuple[bytes, str]:
    """An .eml file's bytes, and its headers and decoded body as text."""
    data = path.read_bytes()
    message = email.message_from_bytes(data, policy=policy.default)
    headers = "\n".join(f"{k}: {v}" for k, v in message.items())
    body = message.get_content() if not message.is_multipart() else ""
    return data, f"{headers}\n{body}"


def assert_no_trace(text: str | bytes, words: list[str]) -> None:
    shown = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text
    found = [word for word in words if word in shown]
    assert found == [], f"{found} in:\n{shown}"


# -- minutes --for --------------------------------------------------------------


@pytest.mark.parametrize("form", ["md", "html", "pdf"])
def test_a_partner_outside_the_audience_finds_no_trace_of_the_confidential_case_in_its_minutes(
    store: Path, vhuis: Invoke, tmp_path: Path, form: str
) -> None:
    text = minutes_for(vhuis, store, "straathoekwerk", form, tmp_path / f"straathoekwerk.{form}")
    assert_no_trace(text, [*CONFIDENTIAL_CASE, *RESTRICTED_TO_POLICE])
    assert "Overlast aan het station" in text
    assert "Jongeren aanspreken in de hal" in text
    assert "Extra verlichting" in text
    assert "Confidential" not in text  # nothing confidential is left in what it shows


@pytest.mark.parametrize("form", ["md", "html", "pdf"])
def test_an_audience_member_gets_the_confidential_case_marked_for_it_alone(
    store: Path, vhuis: Invoke, tmp_path: Path, form: str
) -> None:
    text = minutes_for(vhuis, store, "zol", form, tmp_path / f"zol.{form}")
    for word in ["2026-001", "Spuitenvondsten", "Overdosecijfers", "vijverzone", "Naaldcontainers"]:
        assert word in text
    assert_no_trace(text, RESTRICTED_TO_POLICE)
    body = text.split("<body", 1)[-1]  # html: after its <title>, which says "Confidential: Overleg november"
    assert body.find("Confidential") < body.find("Overleg november")  # at the top, before the title
    assert "meant for Ziekenhuis Oost-Limburg only" in " ".join(text.split())


def test_a_restricted_entry_is_left_out_for_an_audience_member_it_is_not_restricted_to(
    store: Path, vhuis: Invoke, tmp_path: Path
) -> None:
    text = minutes_for(vhuis, store, "politie", "md", tmp_path / "politie.md")
    assert "Spuitenvondsten" in text
    assert "Gerichte controle in de stationshal" in text
    assert "dealen bij de fietsenstalling" in text
    assert_no_trace(text, [ONLY_ZOL, "2026-001 | C1", "2026-001 C1"])
    assert text.startswith("**Confidential** · This version of the minutes is meant for Lokale politie only")


def test_the_full_minutes_are_the_offices_record_marked_confidential(store: Path, vhuis: Invoke) -> None:
    result = vhuis("minutes", MEETING_DAY, store=store)
    assert result.exit_code == 0, result.stderr
    record = (store / "minutes" / f"{MEETING_DAY}.md").read_text(encoding="utf-8")
    assert record.startswith("**Confidential** · The full minutes, for the office")
    for word in [*CONFIDENTIAL_CASE, *RESTRICTED_TO_POLICE]:
        assert word in record


def test_a_partners_version_is_never_committed_nor_written_into_the_store(
    store: Path, vhuis: Invoke, tmp_path: Path
) -> None:
    commits = git(store, "rev-list", "--count", "HEAD")
    result = vhuis("minutes", MEETING_DAY, "--for", "zol", store=store)
    assert result.exit_code == 2
    assert "--out" in result.stderr
    inside = vhuis("minutes", MEETING_DAY, "--for", "zol", "--out", str(store / "minutes" / "zol.md"), store=store)
    assert inside.exit_code == 2
    assert "inside the store" in inside.stderr
    printed = vhuis("minutes", MEETING_DAY, "--for", "zol", "--out", "-", store=store)
    assert printed.exit_code == 0
    assert printed.stdout.startswith("**Confidential**")
    assert git(store, "rev-list", "--count", "HEAD") == commits
    assert git(store, "status", "--porcelain") == ""


def test_minutes_for_an_unknown_partner_are_refused_and_nothing_is_written(
    store: Path, vhuis: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "onbekend.md"
    result = vhuis("minutes", MEETING_DAY, "--for", "onbekend", "--out", str(out), store=store)
    assert result.exit_code == 2
    assert "--for: 'onbekend' is not a partner (known: politie, preventiedienst, straathoekwerk, zol)" in result.stderr
    assert not out.exists()


def test_minutes_for_a_partner_outside_the_charter_are_refused(store: Path, vhuis: Invoke, tmp_path: Path) -> None:
    with_charter(store, ["politie", "zol", "preventiedienst"])
    out = tmp_path / "straathoekwerk.md"
    result = vhuis("minutes", MEETING_DAY, "--for", "straathoekwerk", "--out", str(out), store=store)
    assert result.exit_code == 2
    assert "straathoekwerk is not a participant of the charter in vhuis.yaml" in result.stderr
    assert not out.exists()
    assert vhuis("minutes", MEETING_DAY, "--for", "zol", "--out", "-", store=store).exit_code == 0


def test_a_dutch_store_marks_them_vertrouwelijk(store: Path, vhuis: Invoke) -> None:
    settings = store / "vhuis.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: nl"), "utf-8")
    result = vhuis("minutes", MEETING_DAY, "--for", "zol", "--out", "-", store=store)
    assert result.stdout.startswith(
        "**Vertrouwelijk** · Deze versie van het verslag is alleen bestemd voor Ziekenhuis Oost-Limburg"
    )


# -- remind, invite, owes --ics ----------------------------------------------------


def mail_subject(path: Path) -> str:
    return str(email.message_from_bytes(path.read_bytes(), policy=policy.default)["Subject"])


def test_a_reminder_never_names_a_commitment_or_case_the_partner_may_not_see(
    store: Path, vhuis: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "mail"
    result = vhuis("remind", "--out", str(out), "--from", "vh@genk.example", store=store)
    assert result.exit_code == 0, result.stderr
    data, text = mail_text(out / "straathoekwerk.eml")
    assert_no_trace(data, CONFIDENTIAL_CASE)
    assert_no_trace(text, CONFIDENTIAL_CASE)
    assert "Jongeren aanspreken in de hal" in text
    _, zol = mail_text(out / "zol.eml")
    assert "Overdosecijfers van spoed doorgeven" in zol  # restricted to zol, owed by zol: shown to zol
    assert "Spuitenvondsten in het Stadspark" in zol
    assert "straathoekwerk owes 1 it may not see" in result.stderr  # the office is told
    # a message holding something not every partner may see is marked so, as the minutes are
    assert "\nConfidential: this message is meant for Ziekenhuis Oost-Limburg only" in zol
    assert mail_subject(out / "zol.eml").startswith("Confidential: ")
    assert "Confidential" not in text and not mail_subject(out / "straathoekwerk.eml").startswith("Confidential")


def test_no_reminder_goes_to_a_partner_outside_the_charter(store: Path, vhuis: Invoke, tmp_path: Path) -> None:
    with_charter(store, ["politie", "zol", "preventiedienst"])
    out = tmp_path / "mail"
    result = vhuis("remind", "--out", str(out), "--from", "vh@genk.example", store=store)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["politie.eml", "zol.eml"]
    assert "straathoekwerk owes 2 but is not a participant of the charter" in result.stderr


def test_an_invitation_lists_only_the_cases_the_partner_may_see(store: Path, vhuis: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "mail"
    result = vhuis("invite", "2026-12-10", "--out", str(out), "--from", "vh@genk.example", store=store)
    assert result.exit_code == 0, result.stderr
    data, text = mail_text(out / "straathoekwerk.eml")
    assert_no_trace(data, CONFIDENTIAL_CASE)
    assert_no_trace(text, CONFIDENTIAL_CASE)
    assert "2026-002: Overlast aan het station" in text
    assert "Jongeren aanspreken in de hal" in text
    _, zol = mail_text(out / "zol.eml")
    assert "2026-001: Spuitenvondsten in het Stadspark" in zol
    assert "Overdosecijfers van spoed doorgeven" in zol
    _, politie = mail_text(out / "politie.eml")
    assert "2026-001: Spuitenvondsten in het Stadspark" in politie
    assert ONLY_ZOL not in politie
    for marked in ("zol.eml", "politie.eml"):  # a confidential case on their agenda
        assert mail_subject(out / marked).startswith("Confidential: Invitation to the meeting of")
    assert "\nConfidential: this message is meant for Lokale politie only" in politie
    assert "Confidential" not in text and mail_subject(out / "straathoekwerk.eml").startswith("Invitation")


def test_an_invitation_to_a_partner_outside_the_charter_is_refused(store: Path, vhuis: Invoke, tmp_path: Path) -> None:
    with_charter(store, ["politie", "zol"])
    out = tmp_path / "mail"
    result = vhuis("invite", "2026-12-10", "--out", str(out), "--from", "vh@genk.example", store=store)
    assert result.exit_code == 2
    assert "invites straathoekwerk, who is not a participant of the charter" in result.stderr
    assert not out.exists()


def test_a_partners_calendar_holds_only_what_it_may_see(store: Path, vhuis: Invoke) -> None:
    outside = vhuis("owes", "--ics", "-", "--partner", "straathoekwerk", store=store)
    assert outside.exit_code == 0, outside.stderr
    unfolded = outside.stdout.replace("\r\n ", "")
    assert_no_trace(unfolded, CONFIDENTIAL_CASE)
    assert "Jongeren aanspreken in de hal" in unfolded
    member = vhuis("owes", "--ics", "-", "--partner", "zol", store=store).stdout.replace("\r\n ", "")
    assert "Overdosecijfers van spoed doorgeven (2026-001 C1)" in member
    assert member.count("CLASS:CONFIDENTIAL") == 1 and "CLASS:" not in unfolded  # a calendar shows it private
    office = vhuis("owes", "--ics", "-", store=store).stdout.replace("\r\n ", "")
    for word in ["Overdosecijfers", "Patrouille aan de vijver", "Contact leggen met de gebruikers"]:
        assert word in office
