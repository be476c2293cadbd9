"""Shell completion (case ids, partner ids, meeting dates, enum values), and every command's help as piped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import Invoke, clean

from vhuis.cli import complete
from vhuis.cli.app import app
from vhuis.vocab import CaseStatus, Phase, Source

# -- help ---------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\[?[A-Z][A-Z0-9_:-]*\]?(\.\.\.)?")  # CASE, [CASE], HOST:PORT, TEXT...
OPTION_ROW = re.compile(r"^  (?:-\w, )?(--[\w-]+)(?: (\S+))?(?:\s{2,}|$)")
ARGUMENT_ROW = re.compile(r"^  (\S+)( \S+)?(?:\s{2,}|$)", re.MULTILINE)


def every_command(command: Any = None, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command and group of the app, hidden ones too, and the app itself."""
    command = command or typer.main.get_command(app)
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += every_command(sub, (*path, name))
    return found


def test_the_walk_sees_every_command() -> None:
    paths = every_command()
    assert len(paths) >= 35
    assert ("case", "new") in paths and ("merge-driver",) in paths and () in paths


@pytest.mark.parametrize("path", every_command(), ids=lambda path: " ".join(path) or "vhuis")
def test_help_piped_is_plain_with_placeholders_in_capitals_and_ends_in_examples(
    vhuis: Invoke, path: tuple[str, ...]
) -> None:
    shown = vhuis(*path, "--help")
    assert shown.exit_code == 0
    text = shown.stdout
    lines = text.splitlines()
    assert [line for line in lines if line != line.rstrip()] == [], "a line ends in spaces"
    assert not re.search(r"<(bool|str|int|path|date|list\[\w+\])>", text), "a typed placeholder such as <bool>"
    assert "{" not in text.split("\n", 1)[0] and "[[" not in text

    usage = lines[0].removeprefix("Usage: vhuis").split()
    for piece in usage[len(path) :]:
        assert piece in ("[OPTIONS]", "COMMAND", "[ARGS]...") or PLACEHOLDER.fullmatch(piece), (usage, piece)
    for line in lines:
        row = OPTION_ROW.match(line)
        if row and row.group(2):
            assert PLACEHOLDER.fullmatch(row.group(2)), line
    arguments = text.split("\nArguments:\n", 1)[1].split("\n\n", 1)[0] if "\nArguments:\n" in text else ""
    for row in ARGUMENT_ROW.finditer(arguments):
        assert PLACEHOLDER.fullmatch(row.group(1)) and not row.group(2), row.group(0)

    examples = text.rsplit("Examples:\n", 1)
    assert len(examples) == 2, "no examples"
    shown_examples = examples[1].splitlines()
    assert shown_examples and all(line.startswith("  vhuis ") for line in shown_examples), shown_examples
    assert len(shown_examples) <= 2


def test_flags_show_no_value_and_options_say_what_they_take(vhuis: Invoke) -> None:
    text = vhuis("owes", "--help").stdout
    assert re.search(r"^  --overdue  +Only commitments", text, re.MULTILINE)
    assert re.search(r"^  --on DATE  +As of this day", text, re.MULTILINE)
    assert re.search(r"^  --partner PARTNER  +Only this partner", text, re.MULTILINE)
    assert "Usage: vhuis owes [OPTIONS] [PARTNER]" in text
    assert "Usage: vhuis case new [OPTIONS] TITLE" in vhuis("case", "new", "--help").stdout
    assert "Usage: vhuis history [OPTIONS] [CASE]" in vhuis("history", "--help").stdout


def test_completion_can_be_installed_and_shown(vhuis: Invoke) -> None:
    text = vhuis("--help").stdout
    assert "--install-completion" in text and "--show-completion" in text


# -- completion ---------------------------------------------------------------

PARTNERS = """\
- id: politie
  name: Lokale politie
  kind: police
- id: preventiedienst
  name: Preventiedienst
  kind: city-service
- id: nmbs
  name: NMBS
  kind: transport
"""


@pytest.fixture
def names(tmp_path: Path) -> Path:
    """A store's files, as completion reads them: names, and the partner registry (no git needed)."""
    root = tmp_path / "store"
    root.mkdir()
    (root / "vhuis.yaml").write_text("name: Test\ncity: Genk\nlanguage: en\n", encoding="utf-8")
    (root / "partners.yaml").write_text(PARTNERS, encoding="utf-8")
    for folder, files in {
        "cases": ["2026-001.yaml", "2026-010.yaml", "2026-1000.yaml", "2026-002.yaml", "2025-099.yaml", "notes.txt"],
        "meetings": ["2026-10-15.yaml", "2026-11-12.yaml", "2026-13-01.yaml", "draft.yaml"],
    }.items():
        (root / folder).mkdir()
        for name in files:
            (root / folder / name).write_text("not read\n", encoding="utf-8")
    return root


def test_case_ids_complete_from_the_file_names_in_id_order(names: Path) -> None:
    ids = [value for value, _ in complete.case_ids(names)]
    assert ids == ["2025-099", "2026-001", "2026-002", "2026-010", "2026-1000"]
    assert [value for value, _ in complete.case_ids(names, "2026-00")] == ["2026-001", "2026-002"]


def test_partner_ids_complete_with_their_names(names: Path) -> None:
    assert complete.partner_ids(names, "p") == [("politie", "Lokale politie"), ("preventiedienst", "Preventiedienst")]
    assert [value for value, _ in complete.partner_ids(names)] == ["politie", "preventiedienst", "nmbs"]


def test_meeting_dates_complete_newest_first_and_only_real_days(names: Path) -> None:
    assert complete.meeting_dates(names) == [("2026-11-12", ""), ("2026-10-15", "")]
    assert complete.meeting_dates(names, "2026-10") == [("2026-10-15", "")]


def test_enum_values_complete_in_the_stores_language_and_in_both_once_typed() -> None:
    assert [value for value, _ in complete.enum_values(CaseStatus, "en")] == [member.value for member in CaseStatus]
    assert ("in-uitvoering", "active") in complete.enum_values(CaseStatus, "nl")
    assert [value for value, _ in complete.enum_values(Source, "nl")][:2] == ["burger", "burgemeester"]
    assert complete.enum_values(Source, "en", "bu") == [("burger", "citizen"), ("burgemeester", "mayor")]
    phases = ["proaction", "prevention", "proactie", "preventie"]
    assert [value for value, _ in complete.enum_values(Phase, "en", "pr")] == phases
    assert [value for value, _ in complete.enum_values(Source, "en", "part")] == ["partner"]


def test_case_titles_come_from_the_index_read_only(small_store: Path, vhuis: Invoke) -> None:
    index = small_store / ".git" / "vhuis" / "index.json"
    assert complete.case_ids(small_store, described=True) == [("2026-001", "")]
    assert not index.exists(), "completing wrote the index"
    hour_ago = (small_store / "cases" / "2026-001.yaml").stat().st_mtime - 3600
    os.utime(small_store / "cases" / "2026-001.yaml", (hour_ago, hour_ago))  # not a racy timestamp: indexed
    vhuis("case", "list", store=small_store)
    assert complete.case_ids(small_store, described=True) == [("2026-001", "Overlast aan het station")]


def shell(words: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A <TAB> as bash's completion script asks for it: the console script, the words, the word's place."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    script = Path(sys.executable).with_name("vhuis")
    return subprocess.run(
        [str(script)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "_VHUIS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword), **env},
    )


def test_a_tab_in_bash_completes_case_ids_and_statuses_and_writes_nothing(small_store: Path) -> None:
    done = shell("vhuis case show 2026-0", small_store)
    assert (done.returncode, done.stdout, done.stderr) == (0, "2026-001\n", "")
    done = shell("vhuis case status 2026-001 mon", small_store)
    assert done.stdout.split() == ["monitoring"]
    done = shell("vhuis owes --partner p", small_store)
    assert done.stdout.split() == ["politie", "preventiedienst"]
    assert clean(small_store) and not (small_store / ".git" / "vhuis" / "index.json").exists()


def test_a_tab_outside_a_store_or_in_a_broken_one_completes_nothing_and_says_nothing(
    tmp_path: Path, names: Path
) -> None:
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    done = shell("vhuis case show ", nowhere)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")
    (names / "partners.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    done = shell("vhuis owes ", names)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")
    done = shell("vhuis owes ", nowhere, VHUIS_STORE=str(names / "missing"))
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")
