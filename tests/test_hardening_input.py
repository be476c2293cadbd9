"""Issue 11, the text and values that come in (arguments, $EDITOR, files, environment) and how user text is shown.

Each test fails on the code before the fix: a non-UTF-8 argument, control characters and line breaks,
rich markup in user text, loose date forms, messages naming options that do not exist, dates outside
their limits, partner addresses without '@', and unusable environment variables.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import clean, git, head

from vhuis.history import history
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


# -- item 8: history reads any commit message -------------------------------------------------


def test_history_survives_a_commit_message_with_the_old_separator(small_store: Path) -> None:
    """A commit message may hold \\x1e and \\x1f (a hand commit, or one from before they were refused)."""
    hand_edit(small_store, "status: reported", "status: analysis")
    git(small_store, "commit", "-q", "-am", "Overlast\x1emarkt\x1f en \x1b[2J\x9b gewist")
    entries = history(Store(small_store))
    assert entries[0].message == "Overlast\x1emarkt\x1f en \x1b[2J\x9b gewist"
    assert entries[0].changes == ["status: reported -> analysis"]
