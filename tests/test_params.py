"""The command line's parameter types (vhuis/cli/params.py), the typed domain API under them,
and one error per kind of failure (issue 18, items 1 and 4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path

import pytest
from conftest import Invoke, head

from vhuis import i18n
from vhuis.cli.params import CaseId, Choice, Day, PartnerId, Refused
from vhuis.domain.cases import add_commitment, new_case
from vhuis.errors import ExitCode, InvalidData, InvalidInput, SendFailed, WriteFailed
from vhuis.storage.outfile import write_output
from vhuis.storage.store import Store, read_partners
from vhuis.vocab import Approach, CaseStatus, MeasureStatus, MeasureType, PartnerKind, Phase, Source

ENUMS: list[type[StrEnum]] = [Approach, CaseStatus, MeasureStatus, MeasureType, PartnerKind, Phase, Source]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """A parser called alone (no command, no store) words its refusal in the active language: English here."""
    i18n.activate("en")
    yield
    i18n.activate(i18n.DEFAULT)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_enum_parameter_takes_each_of_its_values_and_lists_them_when_refusing(enum: type[StrEnum]) -> None:
    choice = Choice(enum)
    assert [choice(member.value) for member in enum] == list(enum)
    with pytest.raises(Refused) as refused:
        choice("iets-anders")
    assert str(refused.value).startswith("'iets-anders' is not one of: ")
    assert all(repr(member.value) in str(refused.value) for member in enum)


@pytest.mark.parametrize(
    ("command", "enums"),
    [
        (["signal", "add"], [Source]),
        (["measure", "add"], [MeasureType, Phase, MeasureStatus]),
        (["case", "status"], [CaseStatus]),
        (["case", "new"], [Approach]),
        (["partner", "add"], [PartnerKind]),
    ],
    ids=lambda value: " ".join(value) if isinstance(value[0], str) else "",
)
def test_help_lists_the_values_of_the_enums(vhuis: Invoke, command: list[str], enums: list[type[StrEnum]]) -> None:
    shown = vhuis(*command, "--help")
    assert shown.exit_code == 0
    text = re.sub(r"-\s+", "-", " ".join(shown.stdout.split()))  # folded to the terminal's width, also at a "-"
    for enum in enums:
        for member in enum:
            assert member.value in text, (enum.__name__, member.value)


def test_a_day_is_not_written_in_the_other_iso_forms() -> None:
    assert Day()("2026-10-15") == date(2026, 10, 15)
    for text in ("20261015", "2026-02-31", "15.10.2026", "2026-10-15T00:00"):
        with pytest.raises(Refused, match="is not a date; write it as YYYY-MM-DD"):
            Day()(text)


def test_ids_are_checked_for_their_form() -> None:
    assert CaseId()("2026-007") == "2026-007"
    assert PartnerId()("de-lijn") == "de-lijn"
    with pytest.raises(Refused, match="is not a case id"):
        CaseId()("../../etc/passwd")
    with pytest.raises(Refused, match="is not a partner id"):
        PartnerId()("De Lijn")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["signal", "add", "2026-001", "--source", "citizen", "--summary", "x", "--date", "20261015"],
            "--date: '20261015' is not a date; write it as YYYY-MM-DD",
        ),
        (["meeting", "show", "20261015"], "DATE: '20261015' is not a date"),
        (["history", "--since", "20261015"], "--since: '20261015' is not a date"),
        (["owes", "--on", "20261015"], "--on: '20261015' is not a date"),
        (
            ["measure", "add", "2026-001", "Camera", "--type", "soft", "--phase", "reaction", "--owner", "politie"],
            "--type: 'soft' is not one of: 'preventive' or 'repressive'",
        ),
        (
            ["case", "new", "Iets", "--approach", "area", "--area", "Markt", "--partner", "Politie Genk"],
            "--partner: 'Politie Genk' is not a partner id",
        ),
        (
            ["case", "new", "Iets", "--approach", "area", "--area", "Markt", "--lead", "brandweer"],
            "--lead: 'brandweer' is not a partner",
        ),
        (
            [
                "commitment",
                "add",
                "2026-001",
                "--partner",
                "politie",
                "--action",
                "x",
                "--made",
                "2026-03-15",
                "--due",
                "2026-03-01",
            ],
            "--due: 2026-03-01 is before the day the commitment is made (2026-03-15)",
        ),
        (
            ["meeting", "new", "2026-03-15", "--present", "politie", "--excused", "politie", "--case", "2026-077"],
            "--excused: 'politie' is already listed with --present",
        ),
        (["meeting", "new", "2026-03-15", "--present", "politie", "--case", "2026-077"], "--case: '2026-077'"),
        (["goal", "add", "2026-001", " "], "GOAL: must not be empty"),
    ],
    ids=["day", "date arg", "since", "on", "enum", "partner id", "lead", "due", "role", "case", "goal"],
)
def test_messages_name_the_parameter_as_typed(small_store: Path, vhuis: Invoke, args: list[str], message: str) -> None:
    before = head(small_store)
    outcome = vhuis(*args, store=small_store)
    assert outcome.exit_code == 2, outcome.stderr
    assert message in outcome.stderr
    assert "Traceback" not in outcome.stderr and "Invalid value" not in outcome.stderr
    assert head(small_store) == before


def test_the_domain_takes_values_and_names_the_field_it_refuses(small_store: Path) -> None:
    store = Store.find(small_store)
    with pytest.raises(InvalidInput) as refused:
        new_case(store, "Iets", Approach.area, "Markt", None, opened=date(2999, 1, 1))
    assert refused.value.field == "opened"
    assert "--" not in str(refused.value)
    with pytest.raises(InvalidInput) as unknown:
        add_commitment(store, "2026-001", "brandweer", "Blussen", date(2026, 5, 1), made=date(2026, 4, 1))
    assert unknown.value.field == "partner"
    case = new_case(store, "Iets", Approach.area, "Markt", None, lead="politie", opened=date(2026, 3, 1))
    assert (case.id, case.status, case.opened) == ("2026-002", CaseStatus.reported, date(2026, 3, 1))


def test_every_duplicate_partner_id_is_reported_at_once() -> None:
    text = "".join(f"- id: {pid}\n  name: {pid.title()}\n  kind: other\n" for pid in ["a", "b", "a", "c", "b"])
    with pytest.raises(InvalidData) as refused:
        read_partners(text, "partners.yaml")
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("[2].id", "'a' is listed twice"),
        ("[4].id", "'b' is listed twice"),
    ]


def test_a_file_that_cannot_be_written_is_one_kind_of_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(WriteFailed, match=r"--out: cannot write .*a-file/verslag\.md"):
        write_output(tmp_path / "a-file" / "verslag.md", "tekst", "--out")
    assert WriteFailed.exit_code == ExitCode.WRITE == 11
    assert SendFailed.exit_code == ExitCode.SEND


def test_minutes_that_cannot_be_written_exit_with_the_write_code(example_store: Path, vhuis: Invoke) -> None:
    (example_store.parent / "a-file").write_text("x", encoding="utf-8")
    meeting = sorted((example_store / "meetings").glob("*.yaml"))[0].stem
    outcome = vhuis("minutes", meeting, "--out", str(example_store.parent / "a-file" / "v.md"), store=example_store)
    assert outcome.exit_code == 11
    assert "--out: kan " in outcome.stderr and "niet schrijven" in outcome.stderr
