"""Intake and triage: signals without a case go into inbox.yaml, are bundled, and move into a case or are dismissed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.domain.intake import triage
from vhuis.errors import InvalidInput
from vhuis.model import InboxSignal, Settings, Triage
from vhuis.storage import yamlfile

ON = date(2026, 11, 27)


def signal(number: int, day: str, themes: list[str], area: str | None = "Kolderbos", **more: object) -> InboxSignal:
    return InboxSignal.model_validate(
        {"id": f"I{number}", "date": day, "source": "citizen", "area": area, "themes": themes, "summary": "Lawaai"}
        | more
    )


# -- triage, on the models -------------------------------------------------------------------


def test_triage_bundles_open_signals_by_area_or_group_and_theme_a_signal_in_each_of_its_themes() -> None:
    signals = [
        signal(1, "2026-10-01", ["overlast"]),
        signal(2, "2026-10-05", ["overlast", "zwerfvuil"]),
        signal(3, "2026-10-09", ["overlast"], area=None, group="Jongeren (16-19 jaar)"),
        signal(4, "2026-10-10", []),
    ]
    bundles = {(b.area, b.group, b.theme): b.signals for b in triage(signals, ON, Triage())}
    assert bundles == {
        ("Kolderbos", None, "overlast"): ["I1", "I2"],
        ("Kolderbos", None, "zwerfvuil"): ["I2"],
        (None, "Jongeren (16-19 jaar)", "overlast"): ["I3"],
        ("Kolderbos", None, None): ["I4"],
    }


def test_triage_flags_a_bundle_by_the_signals_within_the_days_before_on_and_puts_it_first() -> None:
    signals = [
        signal(1, "2026-01-10", ["overlast"]),  # long ago: still open, but does not count towards the flag
        signal(2, "2026-09-01", ["overlast"]),
        signal(3, "2026-10-01", ["overlast"]),
        signal(4, "2026-10-02", ["vandalisme"], area="Stationsomgeving"),
        signal(5, "2026-10-03", ["vandalisme"], area="Stationsomgeving"),
        signal(6, "2026-10-04", ["vandalisme"], area="Stationsomgeving"),
        signal(7, "2026-12-01", ["overlast"]),  # after --on: not there yet
        signal(8, "2026-10-05", ["overlast"], status="dismissed", reason="Eenmalig"),
        signal(9, "2026-10-06", ["overlast"], status="linked", case="2026-001"),
    ]
    found = triage(signals, ON, Triage(signals=3, days=180))
    assert [(b.area, b.count, b.recent, b.over_threshold) for b in found] == [
        ("Stationsomgeving", 3, 3, True),
        ("Kolderbos", 3, 2, False),
    ]
    assert found[1].signals == ["I1", "I2", "I3"]
    assert triage(signals, ON, Triage(signals=3, days=365))[0].area == "Kolderbos"  # a longer window: flagged too
    assert all(b.over_threshold for b in triage(signals, ON, Triage(signals=3, days=365)))


def test_triage_takes_a_place_or_theme_written_with_other_capitals_as_the_same() -> None:
    signals = [signal(1, "2026-10-01", ["overlast"]), signal(2, "2026-10-02", ["Overlast"], area="kolderbos ")]
    [bundle] = triage(signals, ON, Triage(signals=2))
    assert (bundle.area, bundle.theme, bundle.signals, bundle.over_threshold) == (
        "Kolderbos",
        "overlast",
        ["I1", "I2"],
        True,
    )


def test_the_settings_know_the_triage_threshold_with_its_defaults() -> None:
    assert Settings().triage == Triage(signals=3, days=180)
    assert Settings.model_validate({"triage": None}).triage == Triage()
    assert Settings.model_validate({"triage": {"signals": 5}}).triage == Triage(signals=5, days=180)
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        Settings.model_validate({"triage": {"days": 0}})


# -- the commands ----------------------------------------------------------------------------

INBOX = """
- id: I1
  date: 2026-09-20
  source: citizen
  partner: null
  area: Kolderbos
  group: null
  themes: [overlast]
  summary: Jongeren maken 's avonds lawaai op het plein.
  status: open
  case: null
  reason: null
- id: I2
  date: 2026-10-05
  source: community-guard
  partner: null
  area: Kolderbos
  group: null
  themes: [overlast, zwerfvuil]
  summary: Zwerfvuil en lawaai op het plein na 22 uur.
- id: I3
  date: 2026-11-20
  source: partner
  partner: politie
  area: Stationsomgeving
  themes: [vandalisme]
  summary: Graffiti op een bushokje.
- id: I4
  date: 2026-10-01
  source: citizen
  area: Kolderbos
  themes: [overlast]
  summary: Al behandeld.
  status: dismissed
  reason: Eenmalig
"""


@pytest.fixture
def inbox_store(tmp_path: Path) -> Path:
    """The small store with four inbox signals: I1, I2 (Kolderbos, overlast), I3 (Stationsomgeving), I4 dismissed."""
    return build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\ntriage:\n  signals: 2\n  days: 180\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE,
            "inbox.yaml": INBOX,
        },
    )


def inbox(root: Path) -> dict[str, dict[str, object]]:
    return {s["id"]: s for s in yamlfile.load((root / "inbox.yaml").read_text(encoding="utf-8"), "inbox.yaml")}


def changed(root: Path) -> list[str]:
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


def message(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s").strip()


def test_signal_add_without_a_case_puts_it_in_the_inbox_as_one_commit(small_store: Path, vhuis: Invoke) -> None:
    first = vhuis(
        "signal", "add", "--source", "burger", "--summary", "Lawaai op het plein", "--area", "Kolderbos",
        "--theme", "overlast", "--date", "2026-10-01", store=small_store,
    )  # fmt: skip
    assert (first.exit_code, first.stdout) == (0, "I1\n")
    assert changed(small_store) == ["inbox.yaml"] and clean(small_store)
    assert message(small_store) == "inbox: add signal I1 from citizen (2026-10-01, area Kolderbos)"
    second = vhuis(
        "signal", "add", "--source", "police", "--partner", "politie", "--summary", "Samenscholing",
        "--group", "Jongeren (16-19 jaar)", "--theme", "overlast", "--theme", "drugs", store=small_store,
    )  # fmt: skip
    assert second.stdout == "I2\n"
    assert inbox(small_store)["I2"] == {
        "id": "I2",
        "date": "2026-11-27",
        "source": "police",
        "partner": "politie",
        "area": None,
        "group": "Jongeren (16-19 jaar)",
        "themes": ["overlast", "drugs"],
        "summary": "Samenscholing",
        "status": "open",
        "case": None,
        "reason": None,
    }
    assert len(git(small_store, "log", "--format=%h").split()) == 3


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ([], "--area: give the area the signal is about, or the target group with --group"),
        (["--area", "Kolderbos", "--group", "Jongeren"], "--group: a signal is about an area or a group, not both"),
        (["--area", "Kolderbos", "--date", "2026-12-01"], "--date: 2026-12-01 is after today"),
        (["--area", "Kolderbos", "--partner", "brandweer"], "--partner: 'brandweer' is not a partner"),
    ],
)
def test_signal_add_to_the_inbox_refuses_bad_input_and_writes_nothing(
    small_store: Path, vhuis: Invoke, given: list[str], said: str
) -> None:
    before = head(small_store)
    result = vhuis("signal", "add", "--source", "citizen", "--summary", "Lawaai", *given, store=small_store)
    assert result.exit_code == 2
    assert said in result.stderr
    assert head(small_store) == before and not (small_store / "inbox.yaml").exists()


def test_signal_add_to_the_inbox_refuses_personal_data(small_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "signal", "add", "--source", "citizen", "--summary", "Bel de buurman op 0470 12 34 56", "--area", "Kolderbos",
        store=small_store,
    )  # fmt: skip
    assert result.exit_code == 9
    assert "inbox.yaml was not changed" in result.stderr and "phone number" in result.stderr
    assert not (small_store / "inbox.yaml").exists() and clean(small_store)


def test_signal_add_to_a_case_refuses_area_group_and_theme_they_belong_to_the_case(
    small_store: Path, vhuis: Invoke
) -> None:
    before = head(small_store)
    for option in (["--area", "Kolderbos"], ["--group", "Jongeren"], ["--theme", "overlast"]):
        result = vhuis(
            "signal", "add", "2026-001", "--source", "citizen", "--summary", "Lawaai", *option, store=small_store
        )
        assert result.exit_code == 2
        assert f"{option[0]}: a signal of case 2026-001 is about the case's area or group and themes" in result.stderr
    assert head(small_store) == before
    same = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Lawaai", store=small_store)
    assert (same.exit_code, same.stdout) == (0, "S2\n")


def test_triage_json_is_one_object_per_bundle_flagged_first(inbox_store: Path, vhuis: Invoke) -> None:
    result = vhuis("triage", "--json", store=inbox_store)
    assert result.exit_code == 0

    def bundle(area: str, theme: str, signals: list[str], flagged: bool) -> dict[str, object]:
        return {"area": area, "group": None, "theme": theme, "count": len(signals), "signals": signals,
                "over_threshold": flagged}  # fmt: skip

    assert json.loads(result.stdout) == [
        bundle("Kolderbos", "overlast", ["I1", "I2"], True),
        bundle("Kolderbos", "zwerfvuil", ["I2"], False),
        bundle("Stationsomgeving", "vandalisme", ["I3"], False),
    ]
    earlier = json.loads(vhuis("triage", "--on", "2026-09-30", "--json", store=inbox_store).stdout)
    assert earlier == [
        {
            "area": "Kolderbos",
            "group": None,
            "theme": "overlast",
            "count": 1,
            "signals": ["I1"],
            "over_threshold": False,
        }
    ]


def test_triage_shows_a_table_and_how_to_open_a_case_from_a_flagged_bundle(inbox_store: Path, vhuis: Invoke) -> None:
    result = vhuis("triage", store=inbox_store)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Open inbox signals on 2026-11-27: a bundle with 2 or more in 180 days asks for a case"
    assert lines[1].split() == ["where", "theme", "signals", "recent", "ids", "case?"]
    assert lines[2].split() == ["Kolderbos", "overlast", "2", "2", "I1,", "I2", "yes"]
    assert "vhuis case new TITLE --from I1 --from I2" in result.stderr
    assert clean(inbox_store)


def test_triage_speaks_the_stores_language(inbox_store: Path, vhuis: Invoke) -> None:
    text = (inbox_store / "vhuis.yaml").read_text(encoding="utf-8").replace("language: en", "language: nl")
    (inbox_store / "vhuis.yaml").write_text(text, encoding="utf-8")
    git(inbox_store, "commit", "-qam", "Dutch")
    result = vhuis("triage", store=inbox_store)
    assert result.stdout.splitlines()[1].split()[:3] == ["waar", "thema", "signalen"]
    assert "open een dossier met 'vhuis case new TITEL --from I1 --from I2'" in result.stderr


def test_signal_link_moves_the_signal_into_the_case_in_one_commit(inbox_store: Path, vhuis: Invoke) -> None:
    result = vhuis("signal", "link", "I3", "2026-001", store=inbox_store)
    assert (result.exit_code, result.stdout) == (0, "S2\n")
    assert sorted(changed(inbox_store)) == ["cases/2026-001.yaml", "inbox.yaml"] and clean(inbox_store)
    assert message(inbox_store) == "2026-001: link inbox signal I3 as signal S2 from partner (2026-11-20)"
    moved = inbox(inbox_store)["I3"]
    assert (moved["status"], moved["case"]) == ("linked", "2026-001")
    case = yamlfile.load((inbox_store / "cases/2026-001.yaml").read_text(encoding="utf-8"), "case")
    assert case["signals"][-1] == {
        "id": "S2",
        "date": "2026-11-20",
        "source": "partner",
        "partner": "politie",
        "summary": "Graffiti op een bushokje.",
    }


@pytest.mark.parametrize(
    ("command", "code", "said"),
    [
        (["link", "I4", "2026-001"], 2, "inbox signal I4 was dismissed (Eenmalig)"),
        (["link", "I9", "2026-001"], 4, "the inbox has no signal I9 (open: I1, I2, I3)"),
        (["link", "I1", "2026-009"], 4, "there is no case 2026-009"),
        (["link", "X1", "2026-001"], 2, "'X1' is not an inbox signal (I1, I2, ...)"),
        (["dismiss", "I4", "--reason", "Nog eens"], 2, "inbox signal I4 was dismissed"),
        (["dismiss", "I9", "--reason", "Weg"], 4, "the inbox has no signal I9"),
        (["dismiss", "I1", "--reason", " "], 2, "--reason: say why the signal is dismissed"),
    ],
)
def test_link_and_dismiss_refuse_a_signal_that_is_not_open_and_write_nothing(
    inbox_store: Path, vhuis: Invoke, command: list[str], code: int, said: str
) -> None:
    before = head(inbox_store)
    result = vhuis("signal", *command, store=inbox_store)
    assert result.exit_code == code
    assert said in result.stderr
    assert head(inbox_store) == before and clean(inbox_store)


def test_a_linked_signal_cannot_be_linked_again(inbox_store: Path, vhuis: Invoke) -> None:
    assert vhuis("signal", "link", "I1", "2026-001", store=inbox_store).exit_code == 0
    again = vhuis("signal", "dismiss", "I1", "--reason", "Dubbel", store=inbox_store)
    assert again.exit_code == 2
    assert "inbox signal I1 was already moved into case 2026-001" in again.stderr


def test_signal_dismiss_keeps_the_reason_in_one_commit(inbox_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "signal", "dismiss", "i3", "--reason", "Eenmalig; al verwijderd door de stadsdienst", store=inbox_store
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert changed(inbox_store) == ["inbox.yaml"]
    assert message(inbox_store) == "inbox: dismiss signal I3: Eenmalig; al verwijderd door de stadsdienst"
    dismissed = inbox(inbox_store)["I3"]
    assert (dismissed["status"], dismissed["reason"]) == ("dismissed", "Eenmalig; al verwijderd door de stadsdienst")
    assert vhuis("check", store=inbox_store).exit_code == 0


def test_case_new_from_inbox_signals_opens_the_case_and_links_them_in_one_commit(
    inbox_store: Path, vhuis: Invoke
) -> None:
    result = vhuis(
        "case", "new", "Overlast op het Kolderbosplein", "--lead", "preventiedienst", "--from", "I1", "--from", "I2",
        "--opened", "2026-11-25", store=inbox_store,
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "2026-002\n")
    assert "I1 → S1, I2 → S2" in result.stderr
    assert sorted(changed(inbox_store)) == ["cases/2026-002.yaml", "inbox.yaml"] and clean(inbox_store)
    assert message(inbox_store) == (
        "2026-002: open case 'Overlast op het Kolderbosplein' (area: Kolderbos) from inbox signals I1 as S1, I2 as S2"
    )
    case = yamlfile.load((inbox_store / "cases/2026-002.yaml").read_text(encoding="utf-8"), "case")
    assert (case["approach"], case["area"], case["group"], case["themes"]) == (
        "area", "Kolderbos", None, ["overlast", "zwerfvuil"]
    )  # fmt: skip
    assert [(s["id"], s["date"], s["source"]) for s in case["signals"]] == [
        ("S1", "2026-09-20", "citizen"),
        ("S2", "2026-10-05", "community-guard"),
    ]
    assert [inbox(inbox_store)[i]["case"] for i in ("I1", "I2", "I3")] == ["2026-002", "2026-002", None]
    assert json.loads(vhuis("triage", "--json", store=inbox_store).stdout)[0]["signals"] == ["I3"]
    assert vhuis("check", store=inbox_store).exit_code == 0


def test_case_new_from_takes_what_is_given_over_the_signals(inbox_store: Path, vhuis: Invoke) -> None:
    result = vhuis(
        "case", "new", "Overlast rond het plein", "--approach", "area", "--area", "Kolderbosplein",
        "--theme", "overlast", "--from", "I1", store=inbox_store,
    )  # fmt: skip
    assert result.exit_code == 0
    case = yamlfile.load((inbox_store / f"cases/{result.stdout.strip()}.yaml").read_text(encoding="utf-8"), "case")
    assert (case["area"], case["themes"]) == ("Kolderbosplein", ["overlast"])


@pytest.mark.parametrize(
    ("given", "code", "said"),
    [
        (["--from", "I1", "--from", "I3"], 2, "--area: the signals I1, I3 name different areas ('Kolderbos', "),
        (["--from", "I1", "--from", "I4"], 2, "inbox signal I4 was dismissed"),
        (["--from", "I1", "--from", "I8"], 4, "the inbox has no signal I8"),
        (["--from", "I1", "--lead", "brandweer"], 2, "--lead: 'brandweer' is not a partner"),
        ([], 2, "--approach: say whether the case is about an area or a group, or open it from inbox signals"),
    ],
)  # fmt: skip
def test_case_new_from_refuses_and_writes_nothing(
    inbox_store: Path, vhuis: Invoke, given: list[str], code: int, said: str
) -> None:
    before = head(inbox_store)
    result = vhuis("case", "new", "Overlast", *given, store=inbox_store)
    assert result.exit_code == code
    assert said in result.stderr
    assert head(inbox_store) == before and clean(inbox_store)
    assert not (inbox_store / "cases/2026-002.yaml").exists()


def test_open_case_from_refuses_signals_that_name_no_area_or_group(inbox_store: Path) -> None:
    from vhuis.domain.intake import open_case_from
    from vhuis.storage.store import Store

    text = (inbox_store / "inbox.yaml").read_text(encoding="utf-8").replace("area: Stationsomgeving", "area: null")
    (inbox_store / "inbox.yaml").write_text(text, encoding="utf-8")
    git(inbox_store, "commit", "-qam", "no area")
    with pytest.raises(InvalidInput, match="the signals I3 name no area or group"):
        open_case_from(Store(inbox_store), "Graffiti", ["I3"])


def test_case_new_from_takes_the_signals_in_the_order_they_came_in_and_each_theme_once(
    inbox_store: Path, vhuis: Invoke
) -> None:
    later = (
        "- id: I5\n  date: 2026-11-02\n  source: citizen\n  area: Kolderbos\n  themes: [Overlast]\n  summary: Lawaai.\n"
    )
    with (inbox_store / "inbox.yaml").open("a", encoding="utf-8") as inbox_file:
        inbox_file.write(later)
    git(inbox_store, "commit", "-qam", "I5")
    result = vhuis("case", "new", "Overlast", "--from", "I5", "--from", "I2", "--from", "I1", store=inbox_store)
    assert result.exit_code == 0
    assert "I1 → S1, I2 → S2, I5 → S3" in result.stderr
    assert message(inbox_store).endswith("from inbox signals I1 as S1, I2 as S2, I5 as S3")
    case = yamlfile.load((inbox_store / "cases/2026-002.yaml").read_text(encoding="utf-8"), "case")
    assert case["themes"] == ["overlast", "zwerfvuil"]
    assert [s["date"] for s in case["signals"]] == ["2026-09-20", "2026-10-05", "2026-11-02"]


def test_check_finds_personal_data_and_a_missing_case_in_a_hand_edited_inbox(inbox_store: Path, vhuis: Invoke) -> None:
    text = (inbox_store / "inbox.yaml").read_text(encoding="utf-8")
    text = text.replace("Graffiti op een bushokje.", "Graffiti; bel 0470 12 34 56.")
    text = text.replace("  status: open\n  case: null", "  status: linked\n  case: 2026-042")
    (inbox_store / "inbox.yaml").write_text(text, encoding="utf-8")
    result = vhuis("check", "--json", store=inbox_store)
    assert result.exit_code == 3
    found = {(p["line"], p["field"]): p["message"] for p in json.loads(result.stdout)["problems"]}
    assert found[(10, "[0].case")] == "there is no case '2026-042' in cases/"
    assert "phone number" in found[(26, "[2].summary")]


def test_a_tab_completes_the_open_inbox_signals(inbox_store: Path) -> None:
    from test_completion_help import shell

    from vhuis.cli import complete

    assert complete.inbox_ids(inbox_store) == [
        ("I1", "Jongeren maken 's avonds lawaai op het plein."),
        ("I2", "Zwerfvuil en lawaai op het plein na 22 uur."),
        ("I3", "Graffiti op een bushokje."),
    ]  # I4 is dismissed
    done = shell("vhuis signal link ", inbox_store)
    assert (done.returncode, done.stdout.split(), done.stderr) == (0, ["I1", "I2", "I3"], "")
    done = shell("vhuis case new Overlast --from I", inbox_store)
    assert done.stdout.split() == ["I1", "I2", "I3"]
    assert clean(inbox_store)


def test_a_hand_staged_inbox_is_checked_and_its_commits_are_in_the_history(inbox_store: Path, vhuis: Invoke) -> None:
    """The pre-commit hook's check and sync's check before sending read inbox.yaml too; history tells its commits."""
    path = inbox_store / "inbox.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "- id: X1\n  date: 2026-11-01\n", encoding="utf-8")
    git(inbox_store, "add", "inbox.yaml")
    staged = vhuis("check", "--staged", store=inbox_store)
    assert staged.exit_code == 3
    assert "inbox.yaml:" in staged.stdout and "'X1' is not an inbox id" in staged.stdout
    git(inbox_store, "reset", "-q", "--hard")

    assert vhuis("signal", "dismiss", "I1", "--reason", "Eenmalig", store=inbox_store).exit_code == 0
    told = vhuis("history", store=inbox_store).stdout
    assert "inbox: dismiss signal I1" in told.splitlines()[0]
