"""How many git programs a sync starts: each costs a few milliseconds, and a sync asks git nothing twice.

The programs are counted by wrapping ``vhuis.storage.repo._start`` (the one place vhuis starts git) with a
function that notes each and then starts it: git still runs, so the results are git's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke, clean, git, head, shared_remote

import vhuis.storage.repo as repo_module
from vhuis.collab.gitsetup import configure_driver, ensure_driver
from vhuis.storage.repo import Repo

Started = list[list[str]]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Started:
    """The argument lists of the git programs vhuis starts from here on (in this process)."""
    programs: Started = []
    start = repo_module._start

    def counting(args, cwd, stdin=None, env=None):  # type: ignore[no-untyped-def]
        programs.append(list(args))
        return start(args, cwd, stdin, env)

    monkeypatch.setattr(repo_module, "_start", counting)
    return programs


def shown(programs: Started) -> str:
    return "\n".join(" ".join(args)[:100] for args in programs)


def two_sides(tmp_path: Path, vhuis: Invoke) -> tuple[Path, Path, Path]:
    """Anna has sent a change; Bart has one of his own, not sent: his sync merges and sends."""
    remote, anna, bart = shared_remote(tmp_path, "anna", "bart")
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    added = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Nieuwe klacht", store=bart)
    assert added.exit_code == 0, added.stderr
    return remote, anna, bart


def test_a_plain_sync_asks_git_each_thing_once(tmp_path: Path, vhuis: Invoke, started: Started) -> None:
    remote, _anna, bart = two_sides(tmp_path, vhuis)
    started.clear()

    done = vhuis("sync", store=bart)

    assert done.exit_code == 0, done.stderr
    assert "in sync with origin/main: 1 commit received, 2 commits sent" in done.stderr
    assert head(bart) == git(remote, "rev-parse", "main").strip() and clean(bart)
    # var, status, diff --cached, rev-parse, config, fetch, for-each-ref, cat-file, merge-base, cat-file,
    # ls-tree x3, merge, the file merged here (ls-files, check-attr, cat-file, add, ls-files), rev-list,
    # commit, rev-parse, rev-list, diff, cat-file, push (40 before)
    assert len(started) <= 26, shown(started)
    assert started.count(["rev-parse", "HEAD"]) <= 1, shown(started)  # once, after the merge commit
    assert not [args for args in started if args[:2] in (["config", "--get"], ["config", "--local"])], shown(started)
    assert not [args for args in started if args[:2] == ["merge-base", "--is-ancestor"]], shown(started)


def test_a_sync_with_nothing_to_do_starts_ten_programs(tmp_path: Path, vhuis: Invoke, started: Started) -> None:
    _remote, _anna, bart = two_sides(tmp_path, vhuis)
    assert vhuis("sync", store=bart).exit_code == 0
    started.clear()

    done = vhuis("sync", store=bart)

    assert done.exit_code == 0, done.stderr
    assert "already in sync with origin/main" in done.stderr
    assert len(started) <= 10, shown(started)  # 23 before


def test_a_taught_clone_is_checked_with_one_program_or_none(tmp_path: Path, vhuis: Invoke, started: Started) -> None:
    _remote, _anna, bart = shared_remote(tmp_path, "anna", "bart")
    repo = Repo(bart)
    configure_driver(repo, bart)
    attributes = (bart / ".git" / "info" / "attributes").read_text(encoding="utf-8")
    started.clear()

    configure_driver(repo, bart)  # what sync, init and clone do: one 'git config --list', nothing written
    assert started == [["config", "-z", "--list", "--show-scope"]]
    ensure_driver(Repo(bart), bart)  # what every other command does: a look at .git/vhuis/driver
    assert len(started) == 1
    assert (bart / ".git" / "info" / "attributes").read_text(encoding="utf-8") == attributes


def test_a_linked_worktree_is_taught_in_the_folder_it_shares(tmp_path: Path, vhuis: Invoke) -> None:
    """info/attributes is found from the worktree's commondir, where 'git rev-parse --git-path' says git reads it."""
    remote, anna, bart = shared_remote(tmp_path, "anna", "bart")
    linked = tmp_path / "bart-werk"
    git(bart, "worktree", "add", "-q", "-b", "werk", str(linked), "origin/main")
    shared = Path(git(linked, "rev-parse", "--path-format=absolute", "--git-path", "info/attributes").strip())
    assert shared == (bart / ".git" / "info" / "attributes").resolve()
    shared.unlink(missing_ok=True)
    (bart / ".git" / "vhuis" / "driver").unlink(missing_ok=True)

    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    added = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Nieuwe klacht", store=linked)
    assert added.exit_code == 0, added.stderr
    assert "/cases/*.yaml merge=vhuis" in shared.read_text(encoding="utf-8")
    assert not (Path(git(linked, "rev-parse", "--absolute-git-dir").strip()) / "info" / "attributes").exists()

    done = vhuis("sync", store=linked)

    assert done.exit_code == 0, done.stderr
    assert "in sync with origin/main: 1 commit received, 2 commits sent" in done.stderr
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "sync: merge 1 commit from origin"
    assert git(linked, "config", "--get", "branch.werk.merge").strip() == "refs/heads/main"  # upstream set
    assert clean(linked)


def test_a_detached_head_and_a_missing_remote_are_refused_as_before(tmp_path: Path, vhuis: Invoke) -> None:
    _remote, _anna, bart = shared_remote(tmp_path, "anna", "bart")
    git(bart, "checkout", "-q", "--detach")
    detached = vhuis("sync", store=bart)
    assert detached.exit_code != 0
    assert "the store is not on a branch (a detached HEAD)" in detached.stderr
    git(bart, "checkout", "-q", "main")
    git(bart, "remote", "rename", "origin", "gedeeld")
    missing = vhuis("sync", store=bart)
    assert missing.exit_code != 0
    assert "this store has no git remote 'origin' to sync with (it has: gedeeld)" in missing.stderr
