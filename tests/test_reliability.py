"""Nothing lost: parallel commands, failing commits, hostile files."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import Invoke, clean, git, head
from filelock import FileLock


def run_vhuis(store: Path, *args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "vhuis", "--store", str(store), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def test_parallel_signal_adds_all_land(small_store: Path, vhuis: Invoke) -> None:
    """Four processes started while the store's lock is held queue at it; each gets its own id and commit."""
    before = head(small_store)
    writers = 4  # each a whole vhuis process (about 0.4 s of CPU); four queue as eight did

    def add(n: int) -> subprocess.CompletedProcess[str]:
        return run_vhuis(
            small_store, "signal", "add", "2026-001", "--source", "citizen", "--summary", f"Melding nummer {n}"
        )

    with ThreadPoolExecutor(max_workers=writers) as pool:
        with FileLock(small_store / ".git" / "vhuis.lock"):  # all start, none can write yet: they queue
            results = pool.map(add, range(writers))
            time.sleep(1.5)
        results = list(results)
    assert [r.returncode for r in results] == [0] * writers, [r.stderr for r in results if r.returncode]
    printed = sorted(r.stdout.strip() for r in results)
    assert printed == sorted(f"S{i}" for i in range(2, writers + 2))
    assert git(small_store, "rev-list", "--count", f"{before}..HEAD").strip() == str(writers)
    shown = json.loads(vhuis("case", "show", "2026-001", "--json", store=small_store).stdout)
    assert sorted(s["summary"] for s in shown["signals"][1:]) == sorted(f"Melding nummer {n}" for n in range(writers))
    assert clean(small_store)
    assert not list(small_store.rglob("*.tmp"))


def test_lock_timeout_is_a_clear_message(small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    # In this process: the lock is an flock on its own open file, which the command's own open cannot take
    # either (a Python started for it costs about 0.35 s of CPU; test_parallel_signal_adds_all_land has those).
    monkeypatch.setenv("VHUIS_LOCK_TIMEOUT", "0.3")
    before = head(small_store)
    with FileLock(small_store / ".git" / "vhuis.lock"):
        result = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert result.exit_code == 7
    assert "another vhuis command has held the store's lock" in result.stderr
    assert head(small_store) == before and clean(small_store)


def test_a_hook_that_refuses_leaves_the_file_as_in_head(small_store: Path, vhuis: Invoke) -> None:
    hook = small_store / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'geen commits op vrijdag' >&2\nexit 1\n")
    hook.chmod(0o755)
    case_file = small_store / "cases/2026-001.yaml"
    original = case_file.read_bytes()
    before = head(small_store)
    outcome = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert outcome.exit_code == 6
    assert "geen commits op vrijdag" in outcome.stderr and "nothing was changed" in outcome.stderr
    assert case_file.read_bytes() == original
    assert head(small_store) == before and clean(small_store)


def test_a_refused_new_case_leaves_no_file(small_store: Path, vhuis: Invoke) -> None:
    hook = small_store / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    outcome = vhuis("case", "new", "Iets", "--approach", "area", "--area", "Markt", store=small_store)
    assert outcome.exit_code == 6
    assert not (small_store / "cases/2026-002.yaml").exists() and not (small_store / "cases/2026-012.yaml").exists()
    assert clean(small_store)


def test_a_stale_index_lock_says_what_to_do(small_store: Path, vhuis: Invoke) -> None:
    (small_store / ".git/index.lock").write_text("")
    original = (small_store / "cases/2026-001.yaml").read_bytes()
    outcome = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "x", store=small_store)
    assert outcome.exit_code == 6
    assert "index.lock" in outcome.stderr and "remove the stale lock file" in outcome.stderr
    assert (small_store / "cases/2026-001.yaml").read_bytes() == original
    (small_store / ".git/index.lock").unlink()
    assert clean(small_store)


@pytest.mark.parametrize("room", [64, -200], ids=["room for the old file", "not even room for the old file"])
def test_a_full_disk_leaves_the_file_as_in_head(small_store: Path, room: int) -> None:
    case_file = small_store / "cases/2026-001.yaml"
    original = case_file.read_bytes()
    limit = len(original) + room

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = run_vhuis(
        small_store,
        "signal",
        "add",
        "2026-001",
        "--source",
        "citizen",
        "--summary",
        "lange melding " * 40,
        preexec_fn=small_disk,
    )
    assert result.returncode in (11, 6)  # vhuis could not write (WRITE), or git itself could not (GIT)
    assert "nothing was changed" in result.stderr
    assert case_file.read_bytes() == original
    assert clean(small_store)
    assert not list(small_store.rglob("*.tmp"))


HOSTILE = {
    "python tag": "id: !!python/object/apply:os.system ['touch /tmp/vhuis-pwned']\n",
    "alias bomb": "a: &a ['x','x','x','x','x','x','x','x','x']\n"
    + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abc", "bcd", strict=True)),
    "deep nesting": "id: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "not utf-8": "title: caf\xe9\n",
    "not a mapping": "- just\n- a list\n",
    "syntax": "id: 2026-002\ntitle: [unclosed\n",
    "empty": "",
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_case_files_are_named_and_read_commands_carry_on(small_store: Path, vhuis: Invoke, kind: str) -> None:
    bad = small_store / "cases/2026-002.yaml"
    raw = HOSTILE[kind].encode("latin-1" if kind == "not utf-8" else "utf-8")
    bad.write_bytes(raw)
    git(small_store, "add", "-A")
    git(small_store, "commit", "-qm", f"hostile: {kind}")
    listed = vhuis("case", "list", "--json", store=small_store)
    assert listed.exit_code == 0
    assert [row["id"] for row in json.loads(listed.stdout)] == ["2026-001"]
    assert "cases/2026-002.yaml" in listed.stderr
    checked = vhuis("check", store=small_store)
    assert checked.exit_code == 3 and "cases/2026-002.yaml" in checked.stdout
    shown = vhuis("case", "show", "2026-002", store=small_store)
    assert shown.exit_code == 3 and "cases/2026-002.yaml" in shown.stderr and "Traceback" not in shown.stderr
    assert not Path("/tmp/vhuis-pwned").exists()


def test_huge_file_is_refused_quickly(small_store: Path, vhuis: Invoke) -> None:
    (small_store / "cases/2026-002.yaml").write_text("title: " + "x" * 3_000_000 + "\n")
    shown = vhuis("case", "show", "2026-002", store=small_store)
    assert shown.exit_code == 3 and "too large" in shown.stderr


@pytest.mark.parametrize("case_id", ["../partners", "/etc/passwd", "2026-001/../../x", "2026-1", "..", "2026-001.yaml"])
def test_case_ids_never_leave_the_store(small_store: Path, vhuis: Invoke, case_id: str) -> None:
    outcome = vhuis("signal", "add", case_id, "--source", "citizen", "--summary", "x", store=small_store)
    assert outcome.exit_code == 2 and "is not a case id" in outcome.stderr
    assert clean(small_store)
