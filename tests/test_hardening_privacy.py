"""Issue 11, items 9 and 10: the privacy guard covers partners.yaml and vhuis.yaml, and pasted notations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import CASE, Invoke, build_store, clean, git, head
from vhuis.domain import privacy
from vhuis.domain.checks import check_store
from vhuis.errors import PersonalData
from vhuis.model import Case, Signal
from vhuis.storage.store import Store

# --- Item 9: partners.yaml and vhuis.yaml ---------------------------------------------------------


def test_partner_add_refuses_a_phone_number_in_the_name_and_commits_nothing(small_store: Path, vhuis: Invoke) -> None:
    before = head(small_store)
    registry = (small_store / "partners.yaml").read_text(encoding="utf-8")
    result = vhuis(
        "partner", "add", "buur", "--name", "Jan Peeters, gsm 0470 12 34 56", "--kind", "other", store=small_store
    )
    assert result.exit_code == 9
    assert "partners.yaml was not changed" in result.stderr
    assert "--name: phone number '0470 12 34 56'" in result.stderr
    assert head(small_store) == before and clean(small_store)
    assert (small_store / "partners.yaml").read_text(encoding="utf-8") == registry
    assert "0470" not in git(small_store, "log", "--all", "--format=%B")


@pytest.mark.parametrize(
    "email",
    ["jan.peeters@telenet.be", "K.Janssens@Hotmail.com", "marie1978@gmail.com", "lien@yahoo.fr", "a.b@mail.skynet.be"],
)
def test_partner_add_refuses_a_private_persons_address_at_a_mail_provider(
    small_store: Path, vhuis: Invoke, email: str
) -> None:
    before = head(small_store)
    result = vhuis(
        "partner", "add", "buur", "--name", "Buurtbewoner", "--kind", "other", "--email", email, store=small_store
    )
    assert result.exit_code == 9
    assert f"--email: {email!r} is at a private mail provider" in result.stderr
    assert "function address" in result.stderr
    assert head(small_store) == before and clean(small_store)


@pytest.mark.parametrize(
    "email",
    [
        "bewonersgroep.kolderbos@gmail.com",  # a function address at a mail provider
        "info.buurtwerk@hotmail.com",
        "jeugdhuis-winterslag@telenet.be",
        "secretariaat@vzw-dekroon.example",  # the organisation's own domain
        "jan.peeters@politie.example",  # a person at an organisation: the office's partner contact
    ],
)
def test_partner_add_accepts_function_addresses_and_organisations_own_domains(
    small_store: Path, vhuis: Invoke, email: str
) -> None:
    result = vhuis(
        "partner", "add", "nieuw", "--name", "Nieuwe partner", "--kind", "other", "--email", email, store=small_store
    )
    assert result.exit_code == 0, result.stderr
    assert email in (small_store / "partners.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "value", "shown"),
    [
        ("--name", "Veiligheidshuis, contact jan@telenet.be", "--name: e-mailadres 'jan@telenet.be'"),
        ("--city", "Genk (gsm 0470 12 34 56)", "--city: telefoonnummer '0470 12 34 56'"),
    ],
)
def test_init_refuses_personal_data_in_name_or_city_and_makes_nothing(
    tmp_path: Path, vhuis: Invoke, option: str, value: str, shown: str
) -> None:
    folder = tmp_path / "nieuw"
    result = vhuis("init", str(folder), option, value)
    assert result.exit_code == 9
    assert "de opslag werd niet aangemaakt" in result.stderr  # no store yet: the default language
    assert shown in result.stderr
    assert not folder.exists()


PARTNERS_BY_HAND = """
- id: politie
  name: Lokale politie
  kind: police
  email: info@politie.example
- id: preventiedienst
  name: Preventiedienst
  kind: city-service
  email: preventie.genk@gmail.com
- id: nmbs
  name: NMBS
  kind: transport
  email: null
- id: buur
  name: Jan Peeters, gsm 0470 12 34 56
  kind: other
  email: jan.peeters@telenet.be
"""


def hand_edited_store(root: Path, settings: str, partners: str = PARTNERS_BY_HAND) -> Store:
    return Store(build_store(root, {"vhuis.yaml": settings, "partners.yaml": partners, "cases/2026-001.yaml": CASE}))


def case_saying(summary: str) -> Case:
    return Case(
        id="2026-001",
        title="Overlast aan het station",
        approach="area",
        area="Stationsomgeving",
        opened=date(2026, 3, 2),
        signals=[Signal(id="S1", date=date(2026, 3, 1), source="citizen", summary=summary)],
    )


def test_a_private_address_written_into_partners_yaml_by_hand_does_not_pass_the_guard(tmp_path: Path) -> None:
    store = hand_edited_store(tmp_path / "store", "name: Test\norganisation_domains: [gmail.com, politie.example]\n")
    with pytest.raises(PersonalData, match=r"e-mail address 'jan\.peeters@telenet\.be'"):
        privacy.guard_record(case_saying("Mail van jan.peeters@telenet.be"), None, store, "cases/2026-001.yaml")
    # gmail.com listed as an organisation's domain lets no private gmail address through either
    with pytest.raises(PersonalData, match=r"e-mail address 'iemand@gmail\.com'"):
        privacy.guard_record(case_saying("Mail van iemand@gmail.com"), None, store, "cases/2026-001.yaml")
    # the partners' function address and an organisation's domain still pass
    text = "Doorgestuurd naar preventie.genk@gmail.com en wijkagent.noord@politie.example"
    privacy.guard_record(case_saying(text), None, store, "cases/2026-001.yaml")


def test_check_scans_partners_yaml_and_vhuis_yaml_with_line_and_field(tmp_path: Path) -> None:
    settings = (
        "name: Veiligheidshuis Test\n"
        "city: Genk, contact 0470 12 34 56\n"
        "remote: git@git.example:office/store.git\n"
        "organisation_domains:\n"
        "  - politie.example\n"
        "  - telenet.be\n"
    )
    problems = [str(p) for p in check_store(hand_edited_store(tmp_path / "store", settings))]
    assert problems == [
        "vhuis.yaml:2: city: phone number '0470 12 34 56': " + privacy.HINTS["phone number"],
        "vhuis.yaml:6: organisation_domains[1]: 'telenet.be' is a private mail provider, not an organisation's "
        "domain: every private address there would pass the privacy guard; list the partners' own domains, "
        "or give the partner's address in partners.yaml",
        "partners.yaml:14: [3].name: phone number '0470 12 34 56': " + privacy.HINTS["phone number"],
        "partners.yaml:16: [3].email: " + str(privacy.private_partner_email("jan.peeters@telenet.be")),
    ]


def test_vhuis_check_fails_on_personal_data_in_partners_yaml(tmp_path: Path, vhuis: Invoke) -> None:
    store = hand_edited_store(tmp_path / "store", "name: Veiligheidshuis Test\n")
    result = vhuis("check", store=store.root)
    assert result.exit_code == 3
    assert "partners.yaml:14: [3].name: telefoonnummer '0470 12 34 56'" in result.stdout
    assert (
        "partners.yaml:16: [3].email: 'jan.peeters@telenet.be' is een adres bij een private maildienst" in result.stdout
    )


# --- Item 10: notations pasted from Word and Outlook, and other word orders -----------------------

NBSP, THIN, NARROW, EN_DASH, NB_HYPHEN = "\u00a0", "\u2009", "\u202f", "\u2013", "\u2011"
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        (
            f"RRN 85{NBSP}07{NBSP}30{NBSP}033{NBSP}28",
            "national register number",
            f"85{NBSP}07{NBSP}30{NBSP}033{NBSP}28",
        ),
        (
            f"nummer 85{THIN}07{THIN}30{THIN}033{THIN}28",
            "national register number",
            f"85{THIN}07{THIN}30{THIN}033{THIN}28",
        ),
        (f"RRN 85.07.30{EN_DASH}033.28", "national register number", f"85.07.30{EN_DASH}033.28"),
        (f"BIS{NARROW}98.47.28{NB_HYPHEN}482.95", "BIS number", f"98.47.28{NB_HYPHEN}482.95"),
        (f"rekening BE68{NBSP}5390{NBSP}0754{NBSP}7034", "IBAN", f"BE68{NBSP}5390{NBSP}0754{NBSP}7034"),
        (f"op BE68{NARROW}5390{NARROW}0754{NARROW}7034", "IBAN", f"BE68{NARROW}5390{NARROW}0754{NARROW}7034"),
        ("rekening BE68.5390.0754.7034.", "IBAN", "BE68.5390.0754.7034"),
        ("Gezien: 1-ABC 123 aan de school", "licence plate", "1-ABC 123"),
        ("1ABC-123 gezien", "licence plate", "1ABC-123"),
        ("het is 1 - ABC - 123", "licence plate", "1 - ABC - 123"),
        ("bestelwagen 1 abc 123 aan de school", "licence plate", "1 abc 123"),
        (f"1{EN_DASH}ABC{EN_DASH}123", "licence plate", f"1{EN_DASH}ABC{EN_DASH}123"),
        (f"1{NB_HYPHEN}ABC{NB_HYPHEN}123", "licence plate", f"1{NB_HYPHEN}ABC{NB_HYPHEN}123"),
        ("bel gsm0470123456", "phone number", "0470123456"),
        (f"gsm 0470{NBSP}12{NBSP}34{NBSP}56", "phone number", f"0470{NBSP}12{NBSP}34{NBSP}56"),
        ("die op 3 maart 1985 geboren is", "date of birth", "op 3 maart 1985 geboren"),
        ("zij is geboren op de 3de maart 1985", "date of birth", "geboren op de 3de maart 1985"),
        ("geboren op 01-jan-2000", "date of birth", "geboren op 01-jan-2000"),
    ],
)
def test_pasted_notations_and_other_word_orders_are_caught_and_quoted_as_typed(
    text: str, kind: str, found: str
) -> None:
    assert [(f.kind, f.found) for f in privacy.findings(text)] == [(kind, found)]


@pytest.mark.parametrize("invisible", ZERO_WIDTH)
@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("1-AB", "C-123", "licence plate"),
        ("BE68 5390 07", "54 7034", "IBAN"),
        ("jan.pee", "ters@telenet.be", "e-mail address"),
    ],
)
def test_zero_width_characters_inside_a_plate_iban_or_address_do_not_hide_it(
    invisible: str, before: str, after: str, kind: str
) -> None:
    text = f"Melding: {before}{invisible}{after}, zie foto"
    assert [(f.kind, f.found) for f in privacy.findings(text)] == [(kind, before + invisible + after)]


def test_the_refusal_shows_the_invisible_characters_it_found(small_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "signal",
        "add",
        "2026-001",
        "--source",
        "citizen",
        "--summary",
        f"Betaald op BE68{NBSP}5390\u200b0754 7034",
        store=small_store,
    )
    assert result.exit_code == 9
    assert "IBAN 'BE68\\xa05390\\u200b0754 7034'" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Een initiatief geboren op 3 maart 2025 in de wijkraad.",
        "Het buurtproject werd geboren op 12/03/2025 tijdens het overleg.",
        "Op 3 maart 2026 vergaderde de wijkraad over de geboortegolf.",
        "3 van 120 auto's gecontroleerd op de parking.",
        "Wagen geparkeerd voor Weg naar As 5 bus 101.",
        f"Lijn 45{NBSP}–{NBSP}120 reizigers per dag",
        f"Overleg op 12{NBSP}maart{NBSP}2026 om 19:30",
        "Ondernemingsnummer BE0456321157 van de uitbater",
        f"Budget €{NBSP}1.250,00 voor de camera's",
    ],
)
def test_ordinary_texts_in_the_same_notations_pass(text: str) -> None:
    assert privacy.findings(text) == []
