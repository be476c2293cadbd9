"""The privacy guard refuses personal data and lets ordinary signal texts pass."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.be import nn

from vhuis.domain import privacy
from vhuis.errors import ExitCode, PersonalData
from vhuis.i18n import activate
from vhuis.model import Case, Partner, Settings, Signal
from vhuis.storage import yamlfile

CORPUS = Path(__file__).parent / "data" / "privacy"
PARTNER_EMAILS = frozenset({"veiligheidshuis@genk.be", "preventie.genk@gmail.com"})
DOMAINS = frozenset({"genk.be", "police.belgium.eu"})


def kinds(text: str) -> list[str]:
    return [f.kind for f in privacy.findings(text, PARTNER_EMAILS, DOMAINS)]


def found(text: str) -> list[str]:
    return [f.found for f in privacy.findings(text, PARTNER_EMAILS, DOMAINS)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Jongere met rijksregisternummer 85.07.30-033.28 aan het station", "85.07.30-033.28"),
        ("RRN 85073003328 gekend bij de politie", "85073003328"),
        ("nummer 85 07 30 033 28 in het PV", "85 07 30 033 28"),
        ("nummer 85-07-30-033-28", "85-07-30-033-28"),
        ("geboren na 2000: 17.07.30-033.84", "17.07.30-033.84"),
        ("(01040949787)", "01040949787"),
    ],
)
def test_national_register_numbers_are_refused_in_every_notation(text: str, number: str) -> None:
    assert kinds(text) == ["national register number"]
    assert found(text) == [number]


@pytest.mark.parametrize("text", ["BIS-nummer 98.47.28-482.95", "bis 01490700185", "BIS 04 41 30 753 08"])
def test_bis_numbers_are_refused(text: str) -> None:
    assert kinds(text) == ["BIS number"]


@pytest.mark.parametrize(
    "text",
    [
        "85.07.30-033.29",  # wrong check digits
        "99.13.45-123.45",  # no such month or day
        "Budget 12.345.678,90 euro",
        "referentie 20260312001",
    ],
)
def test_eleven_digits_that_fail_the_checksum_pass(text: str) -> None:
    assert kinds(text) == []


@settings(max_examples=60, deadline=None)
@given(
    born=st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)),
    counter=st.integers(min_value=1, max_value=997),
    notation=st.sampled_from(["{}{}{}{}{}", "{}.{}.{}-{}.{}", "{} {} {} {} {}", "{}-{}-{}-{}-{}", "{}{}{}-{}-{}"]),
)
def test_any_valid_national_number_is_refused(born: date, counter: int, notation: str) -> None:
    first = f"{born:%y%m%d}{counter:03d}"
    number = next(first + f"{c:02d}" for c in range(100) if nn.is_valid(first + f"{c:02d}"))
    written = notation.format(number[:2], number[2:4], number[4:6], number[6:9], number[9:])
    assert kinds(f"Verdachte met nummer {written}, gezien aan het station.") == ["national register number"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("gsm 0470 12 34 56", "0470 12 34 56"),
        ("tel 089/12.34.56 na 18u", "089/12.34.56"),
        ("bereikbaar op 011 23 45 67.", "011 23 45 67"),
        ("+32 470 12 34 56", "+32 470 12 34 56"),
        ("0032 470 12 34 56", "0032 470 12 34 56"),
        ("0470123456", "0470123456"),
        ("0486/55.66.77", "0486/55.66.77"),
        ("(0494) 11 22 33", "(0494) 11 22 33"),
        ("Nederlands nummer +31 6 12345678", "+31 6 12345678"),
    ],
)
def test_phone_numbers_are_refused_in_national_and_international_form(text: str, number: str) -> None:
    assert kinds(text) == ["phone number"]
    assert found(text) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "bel 101 of 112",
        "Tele-Onthaal 106, Awel 102, 1712",
        "Druglijn 078 15 10 20",
        "gratis nummer 0800 32 123",
        "om 22:30 en om 21u15",
        "op 12/03/2026 werd een groep gezien",
        "3600 Genk, Stalenstraat 12",
        "open 09.00-12.30 en 13.30-17.00",
        "PV 012345/2026",
        "ondernemingsnummer 0456.321.157",
    ],
)
def test_emergency_helplines_and_numbers_that_are_not_phones_pass(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("mail van jan.peeters@telenet.be", "jan.peeters@telenet.be"),
        ("Melder: ahmed.y@skynet.be.", "ahmed.y@skynet.be"),
        ("schrijf naar eva(at)telenet.be", "eva(at)telenet.be"),
        ("Joris [at] gmail [dot] com", "Joris [at] gmail [dot] com"),
        ("veiligheidshuis@genk.be.example.com", "veiligheidshuis@genk.be.example.com"),
        ("iemand@notgenk.be", "iemand@notgenk.be"),
    ],
)
def test_private_email_addresses_are_refused(text: str, address: str) -> None:
    assert kinds(text) == ["e-mail address"]
    assert found(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "naar veiligheidshuis@genk.be",
        "via Preventie.Genk@gmail.com, het adres van de dienst",
        "info@genk.be of preventie@stad.genk.be",
        "lpgenk.jeugd@police.belgium.eu",
        "volg @politiegenk",
    ],
)
def test_partner_addresses_and_organisation_domains_pass(text: str) -> None:
    assert kinds(text) == []


def test_without_a_partner_list_every_address_is_refused() -> None:
    assert [f.kind for f in privacy.findings("naar veiligheidshuis@genk.be")] == ["e-mail address"]


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("bestelwagen 1-ABC-123", "1-ABC-123"),
        ("plaat 1ABC123 genoteerd", "1ABC123"),
        ("2-XYZ-987 rijdt rondjes", "2-XYZ-987"),
        ("oude Golf ABC-123", "ABC-123"),
        ("bestelwagen 123-ABC", "123-ABC"),
        ("nummerplaat 1 GHT 789", "1 GHT 789"),
        ("kenteken abc-123", "abc-123"),
    ],
)
def test_licence_plates_are_refused(text: str, plate: str) -> None:
    assert kinds(text) == ["licence plate"]
    assert found(text) == [plate]


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 en 3-MMC",
        "E314 afrit 32, N76",
        "1 per 100 reizigers, 1 van 250 meldingen",
        "camera's CAM-012 tot CAM-024",
        "een plaat van 123 kilo, de nummerplaat was 100 meter verder",
        "dossier 2026-007",
        "lijn 45 en buslijn 1",
    ],
)
def test_codes_that_look_like_plates_pass(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "rekening BE68 5390 0754 7034",
        "BE68539007547034 graag",
        "be68 5390 0754 7034.",
        "BE 48 3200 7018 4927",
        "BE33 1989-4525-8646",
        "NL91 ABNA 0417 1643 00",
        "FR14 2004 1010 0505 0001 3M02 606 en verder",
    ],
)
def test_ibans_are_refused(text: str) -> None:
    assert kinds(text) == ["IBAN"]


def test_an_iban_with_a_wrong_checksum_passes() -> None:
    assert kinds("BE69 5390 0754 7034") == []


@pytest.mark.parametrize(
    "text",
    [
        "geboren op 12/03/1998",
        "geb. 12.03.98",
        "°12-03-1998",
        "geboortedatum: 3 maart 2001",
        "born 1998-03-12",
        "date of birth 12 March 1998",
        "DOB 12/03/1998",
        "D.O.B. 21/04/2003",
        "geboren te Genk op 5 januari 2009",
        "born on March 4, 1987",
        "Jan (°1998)",
    ],
)
def test_dates_of_birth_are_refused(text: str) -> None:
    assert kinds(text) == ["date of birth"]


@pytest.mark.parametrize(
    "text",
    [
        "op 12/03/2026 werd een groep gezien",
        "overleg op 2026-04-21",
        "geboren en getogen in Genk",
        "de jongeren zijn geboren tussen 2008 en 2010",
        "In Born op 12/03/2026 dezelfde groep",
        "30°C aan de vijver",
        "geb. C, lokaal 2.14",
    ],
)
def test_event_dates_and_birth_words_without_a_date_pass(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "35% minder meldingen",
        "€ 1.250 schade",
        "EUR 1.250.000",
        "in 2025 en 2026",
        "van 18u tot 02u",
        "Stalenstraat 12 bus 3",
    ],
)
def test_ordinary_numbers_pass(text: str) -> None:
    assert kinds(text) == []


def test_each_finding_says_what_was_found_and_how_to_write_it_instead() -> None:
    [finding] = privacy.findings("bel de melder op 0470 12 34 56")
    assert finding.kind == "phone number"
    assert finding.found == "0470 12 34 56"
    assert "contact details" in finding.hint


def test_several_kinds_in_one_text_are_all_reported_in_order() -> None:
    text = "Melder 0470 12 34 56, jan@telenet.be, rijdt met 1-ABC-123, geboren op 12/03/1998"
    assert kinds(text) == ["phone number", "e-mail address", "licence plate", "date of birth"]


def load_corpus(name: str) -> dict[str, list[str]]:
    corpus: dict[str, list[str]] = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    return corpus


def corpus_context() -> tuple[frozenset[str], frozenset[str]]:
    context = yaml.safe_load((CORPUS / "context.yaml").read_text(encoding="utf-8"))
    return frozenset(context["allowed_emails"]), frozenset(context["organisation_domains"])


def test_corpus_every_text_with_personal_data_is_refused_as_its_kind() -> None:
    allowed, domains = corpus_context()
    personal = load_corpus("personal.yaml")
    assert sum(map(len, personal.values())) >= 100
    missed = [
        (kind, text)
        for kind, texts in personal.items()
        for text in texts
        if kind not in {f.kind for f in privacy.findings(text, allowed, domains)}
    ]
    assert missed == []


def test_corpus_fewer_than_one_in_a_hundred_ordinary_texts_is_refused() -> None:
    allowed, domains = corpus_context()
    ordinary = [text for texts in load_corpus("ordinary.yaml").values() for text in texts]
    assert len(ordinary) >= 100
    refused = [text for text in ordinary if privacy.findings(text, allowed, domains)]
    assert len(refused) / len(ordinary) < 0.01, refused


def store_with(partner_email: str | None = "veiligheidshuis@genk.be") -> Any:
    partner = Partner(id="preventiedienst", name="Preventiedienst", kind="city-service", email=partner_email)
    return SimpleNamespace(
        partners={"preventiedienst": partner}, settings=Settings(organisation_domains=["police.belgium.eu"])
    )


def case(*summaries: str) -> Case:
    signals = [
        Signal(id=f"S{i}", date=date(2026, 3, 12), source="citizen", summary=summary)
        for i, summary in enumerate(summaries, 1)
    ]
    return Case(
        id="2026-007",
        title="Overlast station",
        approach="area",
        area="Station",
        opened=date(2026, 3, 1),
        signals=signals,
    )


def test_guard_refuses_a_record_and_says_where_what_and_how() -> None:
    activate("en")  # the messages as an English office reads them
    with pytest.raises(PersonalData) as refused:
        privacy.guard_record(case("Melder belt terug op 0470 12 34 56"), None, store_with(), "cases/2026-007.yaml")
    message = str(refused.value)
    assert "cases/2026-007.yaml" in message
    assert "signals[0].summary" in message
    assert "phone number '0470 12 34 56'" in message
    assert "leave contact details out" in message
    assert refused.value.exit_code is ExitCode.PRIVACY


def test_guard_lets_partner_addresses_and_organisation_domains_through() -> None:
    record = case("Doorgestuurd naar veiligheidshuis@genk.be en jeugd@police.belgium.eu")
    privacy.guard_record(record, None, store_with(), "cases/2026-007.yaml")


def test_guard_scans_only_new_text_so_an_old_record_does_not_block_every_change() -> None:
    activate("en")  # the messages as an English office reads them
    before = case("Melder belt terug op 0470 12 34 56")
    after = case("Melder belt terug op 0470 12 34 56", "Nieuwe melding over de fietsenstalling")
    privacy.guard_record(after, before, store_with(), "cases/2026-007.yaml")
    with pytest.raises(PersonalData, match=r"signals\[1\]\.summary: e-mail address"):
        privacy.guard_record(
            case("Melder belt terug op 0470 12 34 56", "mail jan@telenet.be"), before, store_with(), "x"
        )


def test_check_reports_hand_typed_personal_data_with_file_line_and_field() -> None:
    activate("en")  # the messages as an English office reads them
    text = "id: 2026-007\nsignals:\n  - id: S1\n    summary: Melder 0470 12 34 56\n  - id: S2\n    summary: Geen\n"
    problems = privacy.scan_document(yaml.safe_load(text), "cases/2026-007.yaml", yamlfile.Locator(text))
    assert [str(p) for p in problems] == [
        "cases/2026-007.yaml:4: signals[0].summary: phone number '0470 12 34 56': " + privacy.HINTS["phone number"]
    ]
    assert problems[0].severity == "error"


def test_check_accepts_the_partners_own_addresses() -> None:
    document = [{"id": "preventiedienst", "name": "Preventiedienst", "email": "veiligheidshuis@genk.be"}]
    assert privacy.scan_document(document, "partners.yaml", lambda path: None, PARTNER_EMAILS, DOMAINS) == []


def test_importing_the_guard_does_not_load_phonenumbers() -> None:
    code = "import sys, vhuis.domain.privacy; print('phonenumbers' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
