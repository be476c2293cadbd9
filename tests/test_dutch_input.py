"""Values and dates typed as the office speaks: Dutch words for every closed vocabulary, days as
people write them, and filters that say so when a value cannot match (issue 14, items 2, 3 and 5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, TODAY, Invoke, build_store, git

from vhuis import i18n
from vhuis.cli.params import Choice, Day, Refused, accepted
from vhuis.errors import ExitCode
from vhuis.vocab import (
    TERMS,
    Approach,
    CaseStatus,
    CommitmentStatus,
    GoalResult,
    MeasureStatus,
    MeasureType,
    PartnerKind,
    Phase,
    Source,
    term,
)

# design.md, "Words": the English value and the Dutch words one may type for it, written out here
# rather than derived from the code, so that the table and the code are checked against each other.
TABLE: dict[StrEnum, tuple[str, ...]] = {
    Source.citizen: ("burger",),
    Source.mayor: ("burgemeester",),
    Source.council: ("stadsbestuur",),
    Source.police: ("politie",),
    Source.community_guard: ("gemeenschapswacht",),
    Source.city_service: ("stadsdienst",),
    Source.partner: ("partner",),
    Approach.area: ("gebied",),
    Approach.group: ("groep",),
    CaseStatus.reported: ("gemeld",),
    CaseStatus.analysis: ("analyse",),
    CaseStatus.planned: ("gepland",),
    CaseStatus.active: ("in-uitvoering",),
    CaseStatus.monitoring: ("monitoring",),
    CaseStatus.closed: ("afgesloten",),
    CaseStatus.dismissed: ("niet-weerhouden",),
    MeasureType.preventive: ("preventief",),
    MeasureType.repressive: ("repressief",),
    Phase.proaction: ("proactie",),
    Phase.prevention: ("preventie",),
    Phase.reaction: ("reactie",),
    Phase.aftercare: ("opvolging", "nazorg"),
    MeasureStatus.planned: ("gepland",),
    MeasureStatus.running: ("lopend",),
    MeasureStatus.done: ("afgerond",),
    MeasureStatus.dropped: ("geschrapt",),
    CommitmentStatus.open: ("open",),
    CommitmentStatus.done: ("afgerond",),
    CommitmentStatus.dropped: ("geschrapt",),
    GoalResult.reached: ("gehaald",),
    GoalResult.partly: ("deels",),
    GoalResult.not_reached: ("niet-gehaald",),
    PartnerKind.city_service: ("stadsdienst",),
    PartnerKind.police: ("politie",),
    PartnerKind.justice: ("justitie",),
    PartnerKind.welfare: ("welzijn",),
    PartnerKind.transport: ("vervoer",),
    PartnerKind.health: ("gezondheid",),
    PartnerKind.other: ("andere",),
}
ENUMS = [Source, Approach, CaseStatus, MeasureType, Phase, MeasureStatus, CommitmentStatus, GoalResult, PartnerKind]


def spellings(member: StrEnum) -> list[str]:
    """How a person may type ``member`` besides its value as the files hold it: each of its words as
    written, in capitals, capitalised, and with a space for '-' ('In uitvoering')."""
    typed = set()
    for word in (member.value, *TABLE[member]):
        typed |= {word, word.upper(), word.capitalize(), word.replace("-", " "), word.replace("-", " ").capitalize()}
    return sorted(typed - {member.value})


@pytest.fixture
def speaking() -> Iterator[object]:
    """Activate a language for a parser called alone; the default again afterwards."""
    yield i18n.activate
    i18n.activate(i18n.DEFAULT)


@pytest.mark.parametrize(
    ("member", "typed"),
    [(member, typed) for member in TABLE for typed in spellings(member)],
    ids=lambda value: f"{type(value).__name__}.{value.name}" if isinstance(value, StrEnum) else str(value),
)
def test_every_value_is_taken_in_english_and_in_dutch_in_any_case(member: StrEnum, typed: str) -> None:
    assert Choice(type(member))(typed) is member


def test_the_table_covers_every_value_and_the_words_people_read_are_the_words_they_may_type(
    speaking: object,
) -> None:
    assert set(TABLE) == {member for enum in ENUMS for member in enum} == set(TERMS)
    i18n.activate("nl")
    for member in TERMS:  # what `term` shows, typed back as it reads ('in uitvoering'), is that value
        assert Choice(type(member))(term(member)) is member
        assert term(member).replace(" ", "-") == TABLE[member][0]
    for enum in ENUMS:  # no word names two values of one field
        words = accepted(enum)
        assert {word for member in enum for word in (member.value, *TABLE[member])} == set(words)


def test_council_is_a_source_read_as_stadsbestuur(speaking: object) -> None:
    assert Choice(Source)("Stadsbestuur") is Source.council is Choice(Source)("council")
    i18n.activate("nl")
    assert term(Source.council) == "stadsbestuur"


def test_a_refused_value_lists_the_valid_ones_in_the_active_language(speaking: object) -> None:
    i18n.activate("nl")
    with pytest.raises(Refused) as dutch:
        Choice(CaseStatus)("plannd")
    assert str(dutch.value) == (
        "'plannd' is geen geldige waarde; kies uit: 'gemeld', 'analyse', 'gepland', 'in-uitvoering', "
        "'monitoring', 'afgesloten' of 'niet-weerhouden'"
    )
    i18n.activate("en")
    with pytest.raises(Refused) as english:
        Choice(Phase)("nazorgen")
    assert str(english.value) == "'nazorgen' is not one of: 'proaction', 'prevention', 'reaction' or 'aftercare'"


TODAY_DATE = date.fromisoformat(TODAY)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("15/03/2026", date(2026, 3, 15)),
        ("15-03-2026", date(2026, 3, 15)),
        ("5/3/2026", date(2026, 3, 5)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        ("vandaag", TODAY_DATE),
        ("Today", TODAY_DATE),
        ("GISTEREN", TODAY_DATE - timedelta(days=1)),
        ("yesterday", TODAY_DATE - timedelta(days=1)),
        ("morgen", TODAY_DATE + timedelta(days=1)),
        ("Tomorrow", TODAY_DATE + timedelta(days=1)),
    ],
)
def test_a_day_is_taken_as_people_write_it(typed: str, day: date) -> None:
    assert Day()(typed) == day


def test_the_words_for_today_follow_vhuis_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VHUIS_TODAY", "2026-03-01")
    assert [Day()(word) for word in ("gisteren", "vandaag", "morgen")] == [
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 3, 2),
    ]


@pytest.mark.parametrize(
    "typed",
    ["03/15/2026", "31/02/2026", "2026/03/15", "1/2/26", "15/03/26", "15/03-2026", "15.03.2026", "eergisteren", ""],
)
def test_a_day_that_could_be_misread_is_refused_with_the_forms_that_are_taken(typed: str, speaking: object) -> None:
    i18n.activate("en")
    with pytest.raises(Refused) as english:
        Day()(typed)
    assert str(english.value) == (
        f"{typed!r} is not a date; write it as YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY, a day that exists "
        "(e.g. 2026-04-30 or 30/04/2026), or as today, yesterday or tomorrow"
    )
    i18n.activate("nl")
    with pytest.raises(Refused) as dutch:
        Day()(typed)
    assert "DD/MM/JJJJ" in str(dutch.value) and str(dutch.value).endswith("of als vandaag, gisteren of morgen")


# -- through the command line ---------------------------------------------------------------


def dutch_store(root: Path) -> Path:
    return build_store(
        root,
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: nl\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE,
        },
    )


def test_a_signal_typed_in_dutch_is_written_in_english_and_iso(small_store: Path, vhuis: Invoke) -> None:
    added = vhuis(
        "signal", "add", "2026-001", "--source", "Burger", "--summary", "Lawaai", "--date", "15/03/2026",
        store=small_store,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    text = (small_store / "cases" / "2026-001.yaml").read_text(encoding="utf-8")
    assert "  - id: S2\n    date: 2026-03-15\n    source: citizen\n" in text
    assert git(small_store, "log", "-1", "--format=%s").strip() == "2026-001: add signal S2 from citizen (2026-03-15)"


def test_an_unknown_status_filter_is_refused_in_the_stores_language(
    tmp_path: Path, small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    dutch = dutch_store(tmp_path / "nl")
    refused = vhuis("case", "list", "--status", "plannd", store=dutch)
    assert refused.exit_code == ExitCode.USAGE and refused.stdout == ""
    assert "--status: 'plannd' is geen geldige waarde; kies uit: 'gemeld', 'analyse'," in refused.stderr
    assert "of 'niet-weerhouden'" in refused.stderr
    # --store given after the value is read first: the English store's words, though the Dutch one is here
    monkeypatch.chdir(dutch)
    english = vhuis("case", "list", "--status", "plannd", "--store", str(small_store))
    assert english.exit_code == ExitCode.USAGE
    assert "--status: 'plannd' is not one of: 'reported', 'analysis'," in english.stderr


def test_filters_take_dutch_words_and_refuse_an_unknown_partner(small_store: Path, vhuis: Invoke) -> None:
    listed = vhuis("case", "list", "--status", "Gemeld", "--json", store=small_store)
    assert listed.exit_code == 0 and '"id": "2026-001"' in listed.stdout
    unknown = vhuis("case", "list", "--partner", "polizie", store=small_store)
    assert unknown.exit_code == ExitCode.USAGE and unknown.stdout == ""
    assert "--partner: 'polizie' is not a partner (known: nmbs, politie, preventiedienst)" in unknown.stderr


def test_the_history_of_a_case_that_never_was_is_not_found(small_store: Path, vhuis: Invoke) -> None:
    for json in ([], ["--json"]):
        never = vhuis("history", "2026-099", *json, store=small_store)
        assert never.exit_code == ExitCode.NOT_FOUND and never.stdout == ""
        assert "there is no case 2026-099 (no cases/2026-099.yaml, and no commit ever held one)" in never.stderr
    # a case that is there, written by hand and not committed yet: no changes, and no error
    (small_store / "cases" / "2026-002.yaml").write_text(CASE.replace("2026-001", "2026-002"), encoding="utf-8")
    quiet = vhuis("history", "2026-002", store=small_store)
    assert quiet.exit_code == 0 and "no history yet for case 2026-002" in quiet.stderr
    later = vhuis("history", "2026-001", "--since", "31/12/2099", store=small_store)
    assert later.exit_code == 0 and "no history yet for case 2026-001 since 2099-12-31" in later.stderr


def test_meeting_dates_are_typed_as_people_write_them(example_store: Path, vhuis: Invoke) -> None:
    added = vhuis(
        "signal", "add", "2026-003", "--source", "stadsbestuur", "--summary", "Vraag van het college",
        "--date", "1-11-2026", store=example_store,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    shown = vhuis("meeting", "show", "12/11/2026", "--json", store=example_store)
    assert shown.exit_code == 0 and '"date": "2026-11-12"' in shown.stdout
    minutes = vhuis("minutes", "12-11-2026", "--out", "-", store=example_store)
    assert minutes.exit_code == 0, minutes.stderr
    assert "1 november 2026 (stadsbestuur): Vraag van het college" in minutes.stdout
