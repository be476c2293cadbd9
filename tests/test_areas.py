"""The register of areas (areas.yaml), a group case's area, and the example store's register and domain fixes.

The register is read and checked on files (a Store needs no repository to read); the promises
that nothing is written, and that a case or signal is committed as the register spells it, go
through the command line and git.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, ROOT, Invoke, build_store, clean, git, head

from vhuis.errors import InvalidData, InvalidInput
from vhuis.model import Approach, Phase
from vhuis.storage import yamlfile

SETTINGS = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n"
AREAS = """
- name: Winterslag
  municipality: Genk
  kind: wijk
- name: Waterschei
  municipality: Genk
  kind: wijk
- name: Kolderbos
  municipality: Genk
  kind: wijk
- name: Stationsomgeving
  municipality: Genk
  kind: hotspot
- name: Niel-bij-As
  municipality: As
  kind: wijk
"""
INBOX = """
- {id: I1, date: 2026-10-01, source: citizen, area: Winterslag, summary: Lawaai na middernacht}
- {id: I2, date: 2026-10-03, source: police, area: winterslag, summary: Samenscholing aan de kerk}
- {id: I3, date: 2026-10-04, source: citizen, group: Jongeren met brommers, summary: Brommers rond de sporthal}
- {id: I4, date: 2026-10-05, source: citizen, area: Kolderbosplein, summary: Zwerfvuil aan de banken}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    """A store's files, without a repository: enough for what only reads them."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A store with a register of areas, as files only."""
    return write(tmp_path / "files", {"vhuis.yaml": SETTINGS, "partners.yaml": PARTNERS, "areas.yaml": AREAS})


@pytest.fixture
def area_store(tmp_path: Path) -> Path:
    """A committed store with a register of areas, one case (Stationsomgeving) and an inbox."""
    return build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": SETTINGS,
            "partners.yaml": PARTNERS,
            "areas.yaml": AREAS,
            "cases/2026-001.yaml": CASE,
            "inbox.yaml": INBOX,
        },
    )


def load(root: Path, name: str) -> object:
    return yamlfile.load((root / name).read_text(encoding="utf-8"), name)


# -- the register, on files ----------------------------------------------------------------


def test_a_registered_area_is_taken_in_any_capitals_and_spacing_and_given_back_as_the_register_spells_it(
    files: Path,
) -> None:
    from vhuis.domain.areas import registered
    from vhuis.storage.store import Store

    store = Store(files)
    assert registered(store, "winterslag", "area") == "Winterslag"
    assert registered(store, "  NIEL-BIJ-AS ", "area") == "Niel-bij-As"
    assert registered(store, "stationsomgeving", "area") == "Stationsomgeving"
    assert registered(store, None, "area") is None


def test_an_unknown_area_is_refused_with_the_nearest_registered_names(files: Path) -> None:
    from vhuis.domain.areas import registered
    from vhuis.storage.store import Store

    with pytest.raises(InvalidInput) as typo:
        registered(Store(files), "Winterslag-Centrum", "area")
    assert typo.value.field == "area"
    assert typo.value.wrong == [
        ("area", "'Winterslag-Centrum' is not an area of areas.yaml; did you mean 'Winterslag'?")
    ]
    with pytest.raises(InvalidInput, match="did you mean 'Niel-bij-As'"):  # the words it begins with
        registered(Store(files), "niel", "area")
    with pytest.raises(InvalidInput, match="did you mean 'Stationsomgeving'"):  # most alike
        registered(Store(files), "Statiomsomgeving", "area")
    with pytest.raises(InvalidInput) as far:
        registered(Store(files), "Markt", "area")
    assert far.value.wrong == [
        (
            "area",
            "'Markt' is not an area of areas.yaml (5 areas listed); give one of them, or add it to areas.yaml first",
        )
    ]


def test_without_areas_yaml_any_place_goes_as_given(tmp_path: Path) -> None:
    from vhuis.domain.areas import register_of, registered
    from vhuis.storage.store import Store

    store = Store(write(tmp_path, {"vhuis.yaml": SETTINGS, "partners.yaml": PARTNERS}))
    assert register_of(store) is None
    assert registered(store, "ergens in de stad", "area") == "ergens in de stad"


def test_the_register_refuses_one_area_listed_twice_in_other_capitals(tmp_path: Path) -> None:
    from vhuis.domain.areas import register_of
    from vhuis.storage.store import Store

    twice = AREAS + "- {name: WINTERSLAG, municipality: Genk, kind: wijk}\n"
    store = Store(write(tmp_path, {"vhuis.yaml": SETTINGS, "partners.yaml": PARTNERS, "areas.yaml": twice}))
    with pytest.raises(InvalidData) as found:
        register_of(store)
    assert [(p.line, p.field, p.message) for p in found.value.problems] == [
        (16, "[5].name", "'WINTERSLAG' is listed twice")
    ]


def test_a_new_group_case_keeps_its_area_as_the_register_spells_it(files: Path) -> None:
    from vhuis.domain.cases import draft_case
    from vhuis.storage.store import Store

    case = draft_case(
        Store(files), "Brommers aan de sporthal", Approach.group, "waterschei", "Jongeren met brommers",
        opened=date(2026, 11, 2),
    )  # fmt: skip
    assert (case.approach, case.group, case.area, case.where) == (
        Approach.group, "Jongeren met brommers", "Waterschei", "Jongeren met brommers"
    )  # fmt: skip


def test_a_new_case_with_an_area_the_register_lacks_is_refused(files: Path) -> None:
    from vhuis.domain.cases import draft_case
    from vhuis.storage.store import Store

    for approach, group in ((Approach.area, None), (Approach.group, "Jongeren")):
        with pytest.raises(InvalidInput, match="did you mean 'Kolderbos'") as refused:
            draft_case(Store(files), "Overlast", approach, "Kolderbosch", group, opened=date(2026, 11, 2))
        assert refused.value.field == "area"


def test_a_hand_edit_that_changes_the_area_is_held_to_the_register(files: Path) -> None:
    from vhuis.domain.cases import read_edit
    from vhuis.storage.store import Store

    case = textwrap.dedent(CASE).lstrip()
    write(files, {"cases/2026-001.yaml": case.replace("area: Stationsomgeving", "area: Markt")})
    store = Store(files)
    typo = case.replace("area: Stationsomgeving", "area: Winterslag-Centrum").encode()
    with pytest.raises(InvalidData) as refused:
        read_edit(store, "2026-001", typo)
    assert [(p.line, p.field, p.message) for p in refused.value.problems] == [
        (4, "area", "'Winterslag-Centrum' is not an area of areas.yaml; did you mean 'Winterslag'?")
    ]
    edited = read_edit(store, "2026-001", case.replace("area: Stationsomgeving", "area: winterslag").encode())
    assert edited.area == "Winterslag"
    # a case that names a place from before the register can still be edited, while its area stays
    unchanged = read_edit(store, "2026-001", case.replace("area: Stationsomgeving", "area: Markt").encode())
    assert unchanged.area == "Markt"


def test_check_warns_about_case_files_and_inbox_signals_whose_area_is_not_registered(area_store: Path) -> None:
    from vhuis.domain.checks import check_store
    from vhuis.storage.store import Store

    (area_store / "cases/2026-001.yaml").write_text(
        textwrap.dedent(CASE).lstrip().replace("area: Stationsomgeving", "area: Stationsomgeving Genk")
    )
    found = [(p.file, p.line, p.field, p.severity, p.message) for p in check_store(Store(area_store))]
    assert found == [
        (
            "cases/2026-001.yaml", 4, "area", "warning",
            "'Stationsomgeving Genk' is not an area of areas.yaml; did you mean 'Stationsomgeving'?",
        ),
        (
            "inbox.yaml", 4, "[3].area", "warning",
            "'Kolderbosplein' is not an area of areas.yaml; did you mean 'Kolderbos'?",
        ),
    ]  # fmt: skip


# -- through the command line: nothing written on a refusal; committed as the register spells it -------


@pytest.mark.parametrize(
    "command",
    [
        ["case", "new", "Overlast aan de kerk", "--approach", "area", "--area", "Winterslag-Centrum"],
        ["case", "new", "Brommers", "--approach", "group", "--group", "Jongeren", "--area", "Winterslag-Centrum"],
        ["signal", "add", "--source", "citizen", "--summary", "Lawaai", "--area", "Winterslag-Centrum"],
    ],
)
def test_a_command_that_sets_an_unknown_area_refuses_and_writes_nothing(
    area_store: Path, vhuis: Invoke, command: list[str]
) -> None:
    before, inbox = head(area_store), (area_store / "inbox.yaml").read_bytes()
    result = vhuis(*command, store=area_store)
    assert result.exit_code == 2
    assert "--area: 'Winterslag-Centrum' is not an area of areas.yaml; did you mean 'Winterslag'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert head(area_store) == before and clean(area_store)
    assert (area_store / "inbox.yaml").read_bytes() == inbox
    assert not (area_store / "cases/2026-002.yaml").exists()


def test_signal_add_writes_the_area_as_the_register_spells_it(area_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "signal", "add", "--source", "citizen", "--summary", "Lawaai", "--area", "kolderbos", store=area_store
    )
    assert (result.exit_code, result.stdout) == (0, "I5\n")
    inbox = load(area_store, "inbox.yaml")
    assert isinstance(inbox, list) and inbox[-1]["area"] == "Kolderbos"
    assert (
        git(area_store, "log", "-1", "--format=%s").strip()
        == "inbox: add signal I5 from citizen (2026-11-27, area Kolderbos)"
    )


def test_case_new_from_signals_with_an_area_the_register_lacks_is_refused(area_store: Path, vhuis: Invoke) -> None:
    before = head(area_store)
    result = vhuis("case", "new", "Zwerfvuil", "--from", "I4", store=area_store)
    assert result.exit_code == 2
    assert "--area: 'Kolderbosplein' is not an area of areas.yaml; did you mean 'Kolderbos'?" in result.stderr
    assert head(area_store) == before and clean(area_store)
    fixed = vhuis("case", "new", "Zwerfvuil", "--from", "I4", "--area", "KOLDERBOS", store=area_store)
    assert fixed.exit_code == 0
    assert load(area_store, "cases/2026-002.yaml")["area"] == "Kolderbos"  # type: ignore[index]


def test_a_group_case_from_signals_keeps_the_area_they_share_and_the_group(area_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "case", "new", "Samenscholing aan de kerk", "--approach", "group", "--group", "Jongeren (16-19 jaar)",
        "--from", "I1", "--from", "I2", store=area_store,
    )  # fmt: skip
    assert result.exit_code == 0
    case = load(area_store, "cases/2026-002.yaml")
    assert isinstance(case, dict)
    assert (case["approach"], case["group"], case["area"]) == ("group", "Jongeren (16-19 jaar)", "Winterslag")
    # a group signal and a place: the group from the signal, the place as given
    mixed = vhuis("case", "new", "Brommers", "--from", "I3", "--area", "waterschei", store=area_store)
    assert mixed.exit_code == 0
    case = load(area_store, "cases/2026-003.yaml")
    assert isinstance(case, dict)
    assert (case["approach"], case["group"], case["area"]) == ("group", "Jongeren met brommers", "Waterschei")


def test_case_show_and_list_show_the_area_of_a_group_case(area_store: Path, vhuis: Invoke) -> None:
    assert vhuis(
        "case", "new", "Brommers", "--approach", "group", "--group", "Jongeren met brommers", "--area", "Waterschei",
        "--opened", "2026-11-02", store=area_store,
    ).exit_code == 0  # fmt: skip
    shown = vhuis("case", "show", "2026-002", store=area_store).stdout
    assert "status reported · group: Jongeren met brommers · area Waterschei · opened 2026-11-02" in shown
    listed = vhuis("case", "list", store=area_store).stdout
    assert "Jongeren met brommers · area Waterschei" in listed
    [row] = [r for r in json.loads(vhuis("case", "list", "--json", store=area_store).stdout) if r["id"] == "2026-002"]
    assert (row["group"], row["area"]) == ("Jongeren met brommers", "Waterschei")
    by_area = json.loads(vhuis("case", "list", "--area", "waterschei", "--json", store=area_store).stdout)
    assert [r["id"] for r in by_area] == ["2026-002"]  # the group case is found by its area too


# -- the example store ---------------------------------------------------------------------------


def test_init_example_copies_a_register_that_lists_every_area_of_the_example_cases(tmp_path: Path) -> None:
    from vhuis.collab.setup import init_store
    from vhuis.domain.areas import register_of

    store = init_store(tmp_path / "proef", example=True).store
    register = register_of(store)
    assert register is not None
    assert (tmp_path / "proef/areas.yaml").read_text(encoding="utf-8") == (ROOT / "areas.yaml").read_text("utf-8")
    assert {a.municipality for a in register.areas} == {"Genk", "As", "Opglabbeek", "Zutendaal"}
    cases, problems = store.cases()
    assert problems == []
    named = {case.id: case.area for case in cases if case.area is not None}
    spelled = {area.name for area in register.areas}
    assert {case: area for case, area in named.items() if area not in spelled} == {}  # exactly as it spells them
    assert named["2026-011"] == "Waterschei"  # the group case has its place


def test_check_is_clean_on_the_example_store(example_store: Path, vhuis: Invoke) -> None:
    assert (example_store / "areas.yaml").exists()
    result = vhuis("check", store=example_store)
    assert (result.exit_code, result.stdout, result.stderr.strip()) == (0, "", "de opslag is in orde")


def test_the_example_minutes_name_the_area_of_a_group_case(example_store: Path, vhuis: Invoke) -> None:
    meeting = example_store / "meetings/2026-11-12.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("  - 2026-009\n", "  - 2026-009\n  - 2026-011\n"))
    git(example_store, "commit", "-qam", "2026-011 on the agenda")
    minutes = vhuis("minutes", "2026-11-12", "--out", "-", store=example_store).stdout
    assert "Dossier 2026-011 · Doelgroep: Jongeren met brommers (16-19 jaar) · Gebied: Waterschei · Status:" in minutes


def test_the_example_baal_measure_is_a_reaction_and_street_corner_work_passes_on_anonymous_signals(
    example_store: Path,
) -> None:
    from vhuis.storage.store import Store

    store = Store(example_store)
    [baal] = [m for m in store.case("2026-007").measures if m.owner == "baal"]
    assert baal.phase is Phase.reaction
    street = [c.action for c in store.case("2026-003").commitments if c.partner == "straathoekwerk"]
    assert street == ["Anonieme beleidssignalen over de groep doorgeven aan het overleg"]


def test_area_completes_from_the_register_in_any_capitals_with_kind_and_municipality(files: Path) -> None:
    from vhuis.cli import complete

    assert complete.area_names(files, "w") == [("Winterslag", "wijk, Genk"), ("Waterschei", "wijk, Genk")]
    assert complete.area_names(files, "STAT") == [("Stationsomgeving", "hotspot, Genk")]


def test_without_a_register_a_group_case_keeps_any_area_as_typed(small_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "case", "new", "Brommers", "--approach", "group", "--group", "Jongeren", "--area", "rond de sporthal",
        store=small_store,
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "2026-002\n")
    case = load(small_store, "cases/2026-002.yaml")
    assert isinstance(case, dict) and (case["group"], case["area"]) == ("Jongeren", "rond de sporthal")
    assert clean(small_store)
