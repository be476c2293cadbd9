"""Bad input: a clear message, a non-zero exit, no traceback, and the store unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke, clean, git, head

BAD = [
    (["case", "show", "2026-099"], "there is no case 2026-099"),
    (["case", "show", "../../etc/passwd"], "is not a case id"),
    (["signal", "add", "2026-099", "--source", "citizen", "--summary", "x"], "there is no case 2026-099"),
    (["signal", "add", "2026-001", "--source", "buurman", "--summary", "x"], "--source: 'buurman' is not one of"),
    (["signal", "add", "2026-001", "--source", "citizen", "--summary", "   "], "--summary: must not be empty"),
    (
        ["signal", "add", "2026-001", "--source", "citizen", "--summary", "x", "--date", "2026-02-31"],
        "--date: '2026-02-31' is not a date",
    ),
    (
        ["signal", "add", "2026-001", "--source", "partner", "--partner", "politei", "--summary", "x"],
        "--partner: 'politei' is not a partner (known: nmbs, politie, preventiedienst)",
    ),
    (
        ["commitment", "add", "2026-001", "--partner", "politie", "--action", "x", "--due", "04/30/2026"],
        "--due: '04/30/2026' is not a date",
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
            "--due",
            "2026-12-30",
            "--measure",
            "M9",
        ],
        "--measure: case 2026-001 has no measure 'M9'",
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
            "--due",
            "2026-01-01",
            "--made",
            "2026-03-01",
        ],
        "is before the day the commitment is made",
    ),
    (["commitment", "done", "2026-001", "C7"], "case 2026-001 has no commitment C7"),
    (
        ["measure", "add", "2026-001", "Rondes", "--type", "soft", "--phase", "prevention", "--owner", "politie"],
        "--type: 'soft' is not one of",
    ),
    (
        [
            "measure",
            "add",
            "2026-001",
            "Rondes",
            "--type",
            "preventive",
            "--phase",
            "prevention",
            "--owner",
            "brandweer",
        ],
        "--owner: 'brandweer' is not a partner",
    ),
    (["case", "status", "2026-001", "klaar"], "STATUS: 'klaar' is not one of"),
    (["case", "status", "2026-001", "reported"], "already reported"),
    (["case", "new", "Iets", "--approach", "area"], "needs its area"),
    (["case", "new", "Iets", "--approach", "wijk", "--area", "X"], "--approach: 'wijk' is not one of"),
    (["case", "new", "Iets", "--approach", "group", "--area", "X"], "--group: a case with approach 'group' needs"),
    (["analysis", "set", "2026-001"], "give at least one of"),
    (["decision", "add", "2026-001", ""], "TEXT: must not be empty"),
    (["partner", "add", "Politie Genk", "--name", "X", "--kind", "police"], "is not a partner id"),
    (["partner", "add", "politie", "--name", "X", "--kind", "police"], "partner 'politie' exists already"),
    (["partner", "add", "brandweer", "--name", "X", "--kind", "fire"], "--kind: 'fire' is not one of"),
    (["owes", "--on", "eergisteren"], "--on: 'eergisteren' is not a date"),
    (["owes", "brandweer"], "PARTNER: 'brandweer' is not a partner"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_changes_nothing(small_store: Path, vhuis: Invoke, args: list[str], message: str) -> None:
    before = head(small_store)
    outcome = vhuis(*args, store=small_store)
    assert outcome.exit_code != 0
    assert message in outcome.stderr
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert outcome.stdout == ""
    assert head(small_store) == before and clean(small_store)


def test_no_store(tmp_path: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = vhuis("case", "list")
    assert outcome.exit_code == 5
    assert "hier is geen vhuis-opslag" in outcome.stderr and "vhuis init" in outcome.stderr  # no store: Dutch


def test_no_git_identity(small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME")
        monkeypatch.delenv(f"GIT_{who}_EMAIL")
    monkeypatch.setenv("EMAIL", "")
    git(small_store, "config", "user.useConfigOnly", "true")
    before = head(small_store)
    outcome = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert outcome.exit_code == 6
    assert "git does not know who you are" in outcome.stderr and 'git config --global user.name "' in outcome.stderr
    assert head(small_store) == before and clean(small_store)


def test_hand_edit_in_progress_is_not_swept_in(small_store: Path, vhuis: Invoke) -> None:
    case_file = small_store / "cases/2026-001.yaml"
    edited = case_file.read_text().replace("Overlast aan het station", "Overlast aan het station (hand edit)")
    case_file.write_text(edited)
    before = head(small_store)
    outcome = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert outcome.exit_code == 6
    assert "cases/2026-001.yaml has changes that are not committed" in outcome.stderr
    assert head(small_store) == before
    assert case_file.read_text() == edited


def test_staged_work_on_another_file_stays_out_of_the_commit(small_store: Path, vhuis: Invoke) -> None:
    (small_store / "notes.txt").write_text("in progress\n")
    git(small_store, "add", "notes.txt")
    assert vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store).exit_code == 0
    assert git(small_store, "show", "--name-only", "--format=", "HEAD").split() == ["cases/2026-001.yaml"]
    assert git(small_store, "status", "--porcelain").strip() == "A  notes.txt"


def test_broken_case_file_names_file_line_and_field(small_store: Path, vhuis: Invoke) -> None:
    case_file = small_store / "cases/2026-001.yaml"
    case_file.write_text(
        case_file.read_text().replace("date: 2026-03-01", "date: 2026-02-31").replace("source: citizen", "source: buur")
    )
    git(small_store, "commit", "-qam", "broken by hand")
    shown = vhuis("case", "show", "2026-001", store=small_store)
    assert shown.exit_code == 3
    assert "cases/2026-001.yaml:15: signals[0].date: '2026-02-31' is not a date" in shown.stderr
    assert "cases/2026-001.yaml:16: signals[0].source: 'buur' is not one of" in shown.stderr


def test_debug_shows_the_traceback(small_store: Path) -> None:
    quiet = subprocess.run(
        [sys.executable, "-m", "vhuis", "--store", str(small_store), "case", "show", "2026-404"],
        capture_output=True,
        text=True,
    )
    assert quiet.returncode == 4 and "Traceback" not in quiet.stderr
    loud = subprocess.run(
        [sys.executable, "-m", "vhuis", "--debug", "--store", str(small_store), "case", "show", "2026-404"],
        capture_output=True,
        text=True,
    )
    assert loud.returncode != 0 and "Traceback" in loud.stderr
