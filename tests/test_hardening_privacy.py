"""Issue 11, items 9 and 10: the privacy guard covers partners.yaml and vhuis.yaml, and pasted notations."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from vhuis import privacy

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
