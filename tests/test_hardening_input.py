"""Issue 11, the text and values that come in (arguments, $EDITOR, files, environment) and how user text is shown.

Each test fails on the code before the fix: a non-UTF-8 argument, control characters and line breaks,
rich markup in user text, loose date forms, messages naming options that do not exist, dates outside
their limits, partner addresses without '@', and unusable environment variables.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Invoke, clean, git, head

from vhuis.errors import InvalidInput
from vhuis.history import history
from vhuis.inputs import parse_day
from vhuis.store import Store

CASE_FILE = "cases/2026-001.yaml"


def run_vhuis(store: Path, *args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """vhuis in its own process: arguments may be bytes, as a terminal that does not send UTF-8 gives them."""
    return subprocess.run(
        [sys.executable, "-m", "vhuis", "--store", str(store), *args],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        env={**os.environ, "LC_ALL": "C.UTF-8", **(env or {})},
        check=False,
    )


def unchanged(store: Path, before: str) -> bool:
    return head(store) == before and clean(store)


def hand_edit(store: Path, old: str, new: str, name: str = CASE_FILE) -> None:
    path = store / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_history_survives_a_commit_message_with_the_old_separator(small_store: Path, vhuis: Invoke) -> None:
    """A commit message may hold \\x1e and \\x1f (a hand commit, or one from before they were refused)."""
    hand_edit(small_store, "status: reported", "status: analysis")
    git(small_store, "commit", "-q", "-am", "Overlast\x1emarkt\x1f en \x1b[2J\x9b gewist")
    entries = history(Store(small_store))
    assert entries[0].message == "Overlast\x1emarkt\x1f en \x1b[2J\x9b gewist"
    assert entries[0].changes == ["status: reported -> analysis"]
    shown = vhuis("history", store=small_store)
    assert shown.exit_code == 0, shown.stderr
    assert "Overlast\\x1emarkt\\x1f en \\x1b[2J\\x9b gewist" in shown.stdout
    assert not any(c in shown.stdout for c in "\x1b\x1e\x1f\x9b")
    as_json = vhuis("history", "--json", store=small_store).stdout
    assert "\x9b" not in as_json and "\\u009b" in as_json
    assert json.loads(as_json)[0]["message"] == entries[0].message


def test_display_shows_control_characters_as_escapes() -> None:
    from vhuis.cli.output import printable

    assert printable("a\x1b]52;c;x\x07b\x9b\nc\td") == "a\\x1b]52;c;x\\x07b\\x9b\nc\td"
    assert printable("Caf\udce9") == "Caf\\xe9"
    assert printable("twee\nregels\u2028", one_line=True) == "twee\\nregels\\u2028"


def test_case_show_prints_user_text_literally(small_store: Path, vhuis: Invoke) -> None:
    text = "Let op :warning: [bold]niet vet[/bold] en een backslash\\"
    assert vhuis("decision", "add", "2026-001", "--", text, store=small_store).exit_code == 0
    assert vhuis("goal", "add", "2026-001", "Pad C:\\temp\\", store=small_store).exit_code == 0
    shown = vhuis("case", "show", "2026-001", store=small_store).stdout
    assert f"  2026-11-27  {text}\n" in shown
    assert "  goal: Pad C:\\temp\\\n" in shown


@pytest.mark.parametrize("text", ["20261015", "2026-W42-4", "2026-10-15T00:00", "2026-1-5", "٢٠٢٦-١٠-١٥"])
def test_only_yyyy_mm_dd_is_a_date_on_the_command_line(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"--date: .* is not a date; write it as YYYY-MM-DD"):
        parse_day(text, "--date")
    assert parse_day("2026-10-15", "--date") == date(2026, 10, 15)


@pytest.mark.parametrize(
    ("args", "message", "not_named"),
    [
        (["case", "new", " ", "--approach", "area", "--area", "Markt"], "TITLE: must not be empty", "--title"),
        (["decision", "add", "2026-001", " "], "TEXT: must not be empty", "--text"),
        (["partner", "add", "Bad Id", "--name", "X", "--kind", "other"], "ID: 'Bad Id' is not a partner id", "--id"),
        (
            ["case", "new", "Iets", "--approach", "area", "--area", "Markt", "--opened", "0999-01-01"],
            "--opened: 0999-01-01 is before the first day a case id can name (1000-01-01)",
            "--id",
        ),
        (["case", "status", "2026-001", "planed"], "STATUS: 'planed' is not one of", "--status"),
    ],
    ids=["title", "text", "id", "opened", "status"],
)
def test_messages_name_the_argument_as_the_user_typed_it(
    small_store: Path, vhuis: Invoke, args: list[str], message: str, not_named: str
) -> None:
    before = head(small_store)
    outcome = vhuis(*args, store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert not_named not in outcome.stderr
    assert unchanged(small_store, before)


def add_commitment(store: Path, vhuis: Invoke) -> None:
    made = vhuis(
        "commitment", "add", "2026-001", "--partner", "politie", "--action", "Patrouille",
        "--made", "2026-03-15", "--due", "2026-04-30", store=store,
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            "2026-01-02",
            "--date: 2026-01-02 is before C1 was made (2026-03-15); give a day from 2026-03-15 to 2026-11-27",
        ),
        ("2026-11-28", "--date: 2026-11-28 is after today (2026-11-27); give a day from 2026-03-15 to 2026-11-27"),
    ],
)
def test_a_commitment_is_done_between_the_day_it_was_made_and_today(
    small_store: Path, vhuis: Invoke, day: str, message: str
) -> None:
    add_commitment(small_store, vhuis)
    before = head(small_store)
    outcome = vhuis("commitment", "done", "2026-001", "C1", "--date", day, store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert unchanged(small_store, before)
    assert vhuis("commitment", "done", "2026-001", "C1", "--date", "2026-03-15", store=small_store).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["signal", "add", "2026-001", "--source", "citizen", "--summary", "Melding", "--date", "2026-12-01"],
            "--date: 2026-12-01 is after today (2026-11-27); give a day up to today (2026-11-27)",
        ),
        (
            ["case", "new", "Iets", "--approach", "area", "--area", "Markt", "--opened", "2027-01-04"],
            "--opened: 2027-01-04 is after today (2026-11-27); give a day from 1000-01-01 to 2026-11-27",
        ),
    ],
    ids=["signal", "opened"],
)
def test_a_signal_or_a_case_is_not_dated_in_the_future(
    small_store: Path, vhuis: Invoke, args: list[str], message: str
) -> None:
    before = head(small_store)
    outcome = vhuis(*args, store=small_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert unchanged(small_store, before)


def test_a_lock_timeout_that_is_not_a_number_is_named(small_store: Path) -> None:
    before = head(small_store)
    result = run_vhuis(
        small_store, "signal", "add", "2026-001", "--source", "citizen", "--summary", "x",
        env={"VHUIS_LOCK_TIMEOUT": "abc"},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "VHUIS_LOCK_TIMEOUT: 'abc' is not a number of seconds" in result.stderr
    assert "VHUIS_LOCK_TIMEOUT=30" in result.stderr
    assert unchanged(small_store, before)


def test_a_today_that_is_not_a_date_is_named(small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VHUIS_TODAY", "gisteren")
    before = head(small_store)
    outcome = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert outcome.exit_code == 2
    assert "VHUIS_TODAY: 'gisteren' is not a date; set it as YYYY-MM-DD (e.g. VHUIS_TODAY=2026-04-30)" in (
        outcome.stderr
    )
    assert unchanged(small_store, before)
