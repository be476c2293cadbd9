"""A command line builds only the command it names: the same command, help and errors, in less time."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from conftest import clean, head
from typer.testing import CliRunner

from vhuis.cli.app import COMPLETION, app, app_for, named_command


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["case", "list"], "case"),
        (["--store", "/x", "case", "list"], "case"),
        (["--store=/x", "owes", "--overdue"], "owes"),
        (["--debug", "--store", "case", "signal", "add"], "signal"),  # a store folder called "case"
        (["--store", "/x"], None),
        (["--help", "case"], None),  # the whole app's help lists every command
        (["-h"], None),
        (["--", "case"], None),
        ([], None),
        (["--version"], None),
    ],
)
def test_the_command_a_line_names_comes_after_the_top_options(args: list[str], named: str | None) -> None:
    assert named_command(args) == named


def built(chosen: typer.Typer) -> set[str]:
    command = typer.main.get_command(chosen)
    assert isinstance(command, typer.main.TyperGroup)
    return set(command.commands)


def test_a_known_command_is_built_alone_and_anything_else_builds_every_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert built(app_for(["--store", "/x", "case", "list"])) == {"case"}
    assert built(app_for(["minutes", "2026-11-12"])) == {"minutes"}
    assert built(app_for(["merge-driver"])) == {"merge-driver"}  # hidden, and still itself
    every = built(app)
    assert len(every) > 25
    for whole in (["--help", "case"], ["cas", "list"], [], ["--store", "/x"]):
        assert app_for(whole) is app, whole  # click suggests 'case' for 'cas' from every name
    assert built(app) == every  # the whole app is left as it was


@pytest.mark.parametrize(
    ("shell", "words", "index", "named"),
    [
        ("complete_bash", "vhuis case show 2026-0", 3, "case"),
        ("complete_bash", "vhuis --store /x owes ", 4, "owes"),
        ("complete_bash", "vhuis ca", 1, None),  # the command's own name is completed: every name
        ("complete_bash", "vhuis --store /x ", 3, None),
        ("complete_bash", "vhuis case show 'open", 3, None),  # an open quote: typer's to read
        ("complete_zsh", "vhuis case show 2026-0", 3, None),  # zsh passes the line its own way
    ],
)
def test_a_tab_in_bash_after_a_command_builds_that_command_alone(
    monkeypatch: pytest.MonkeyPatch, shell: str, words: str, index: int, named: str | None
) -> None:
    monkeypatch.setenv(COMPLETION, shell)
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(index))
    chosen = app_for([])  # the shell starts vhuis without arguments
    assert (chosen is app) if named is None else (built(chosen) == {named})


TABS = [
    ("vhuis case show 2026-0", 3),
    ("vhuis case list --status ", 4),
    ("vhuis owes ", 2),
    ("vhuis signal add 2026-002 --source ", 4),
    ("vhuis meeting show ", 3),
    ("vhuis ca", 1),
]


@pytest.mark.parametrize(("words", "index"), TABS, ids=[words for words, _index in TABS])
def test_a_tab_completes_the_same_values_with_the_lean_app(
    example_store: Path, monkeypatch: pytest.MonkeyPatch, words: str, index: int
) -> None:
    env = {
        COMPLETION: "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(index),
        "VHUIS_STORE": str(example_store),
    }
    whole = CliRunner().invoke(app, [], env=env)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    lean = CliRunner().invoke(app_for([]), [], env=env)
    assert (lean.exit_code, lean.stdout) == (whole.exit_code, whole.stdout)
    assert whole.exit_code == 0 and whole.stdout.strip(), words


LINES = [
    ["case", "list"],
    ["case", "show", "2026-002"],
    ["owes", "--json"],
    ["case", "--help"],
    ["signal", "add", "--help"],
    ["case", "lst"],  # a group's own suggestion
    ["signal", "add", "2026-002", "--source", "buurman", "--summary", "x"],  # refused: its options named
    ["case", "show", "2026-404"],  # a VhuisError: message and exit code
    ["--version"],
]


@pytest.mark.parametrize("args", LINES, ids=[" ".join(line) for line in LINES])
def test_the_lean_app_says_what_the_whole_app_says(example_store: Path, args: list[str]) -> None:
    runner = CliRunner()
    env = {"VHUIS_STORE": str(example_store), "COLUMNS": "100"}
    whole = runner.invoke(app, args, env=env)
    lean = runner.invoke(app_for(args), args, env=env)
    assert (lean.exit_code, lean.stdout, lean.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
    assert whole.exit_code in (0, 2, 4), whole.stderr


def test_a_write_through_the_lean_app_commits_once(example_store: Path) -> None:
    before = head(example_store)
    args = ["--store", str(example_store), "signal", "add", "2026-002", "--source", "police", "--summary", "Lawaai"]
    done = CliRunner().invoke(app_for(args), args, env={"COLUMNS": "100"})
    assert done.exit_code == 0, done.stderr
    assert head(example_store) != before and clean(example_store)
