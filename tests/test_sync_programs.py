"""How many git programs a sync starts: each costs a few milliseconds, and a sync asks git nothing twice.

The programs are counted by wrapping ``vhuis.storage.repo._start`` (the one place vhuis starts git) with a
function that notes each and then starts it: git still runs, so the results are git's own.
"""

from __future__ import annotations

import json
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
    # var, status, diff --cached, rev-parse, config, fetch, for-each-ref, cat-file, merge-base, cat-file
    # (cases/ of three commits), merge, the file merged here (ls-files, check-attr, cat-file, add),
    # rev-list --left-right, commit, rev-parse, diff, cat-file, push (40 before)
    assert len(started) <= 21, shown(started)
    assert started.count(["rev-parse", "HEAD"]) <= 1, shown(started)  # once, after the merge commit
    assert not [args for args in started if args[:2] in (["config", "--get"], ["config", "--local"])], shown(started)
    assert not [args for args in started if args[:2] == ["merge-base", "--is-ancestor"]], shown(started)


def test_a_sync_with_nothing_to_do_starts_nine_programs(tmp_path: Path, vhuis: Invoke, started: Started) -> None:
    _remote, _anna, bart = two_sides(tmp_path, vhuis)
    assert vhuis("sync", store=bart).exit_code == 0
    started.clear()

    done = vhuis("sync", store=bart)

    assert done.exit_code == 0, done.stderr
    assert "already in sync with origin/main" in done.stderr
    assert len(started) <= 9, shown(started)  # 23 before


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


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_a_folder_read_with_cat_file_is_what_ls_tree_lists(tmp_path: Path, object_format: str) -> None:
    """The case files of three commits in one program: the same names, modes and ids as 'git ls-tree'."""
    git(tmp_path, "init", "-q", "-b", "main", f"--object-format={object_format}", "repo")
    top = tmp_path / "repo"
    (top / "sub" / "cases" / "nested").mkdir(parents=True)
    (top / "sub" / "cases" / "2026-001.yaml").write_text("id: 2026-001\n", encoding="utf-8")
    (top / "sub" / "cases" / "é één.yaml").write_text("x\n", encoding="utf-8")
    (top / "sub" / "cases" / "nested" / "a").write_text("a\n", encoding="utf-8")
    (top / "sub" / "cases" / "run.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    (top / "sub" / "cases" / "run.sh").chmod(0o755)
    (top / "sub" / "plain").write_text("not a folder\n", encoding="utf-8")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "one")
    listed = {}
    for entry in git(top, "ls-tree", "-z", "HEAD", "--", "sub/cases/").split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            mode, _kind, blob = meta.split()
            listed[path.rsplit("/", 1)[-1]] = (mode, blob)
    commit = head(top)

    found = Repo(top).folders([f"{commit}:sub/cases", "HEAD:sub/plain", "HEAD:sub/none", f"{commit}:sub/cases"])

    assert found[f"{commit}:sub/cases"] == listed and len(listed) == 4
    assert found["HEAD:sub/plain"] == {} and found["HEAD:sub/none"] == {}


def test_init_where_git_takes_hooks_elsewhere_still_says_so(tmp_path: Path, vhuis: Invoke) -> None:
    """core.hooksPath is read from the one 'git config --list' that the driver's settings came from."""
    git(tmp_path, "init", "-q", "-b", "main", "kantoor")
    git(tmp_path / "kantoor", "config", "core.hooksPath", ".githooks")

    made = vhuis("init", str(tmp_path / "kantoor"), "--name", "Veiligheidshuis Test", "--city", "Genk")

    assert made.exit_code == 0, made.stderr
    assert "git haalt zijn hooks uit .githooks (core.hooksPath)" in made.stderr  # Dutch: no store yet
    assert not (tmp_path / "kantoor" / ".git" / "hooks" / "pre-commit").exists()
    assert "merge=vhuis" in (tmp_path / "kantoor" / ".git" / "info" / "attributes").read_text(encoding="utf-8")


def test_what_a_merge_with_renumbering_sends_is_counted_as_git_counts_it(tmp_path: Path, vhuis: Invoke) -> None:
    """The commits sent after a merge are worked out (ours, the renumberings, the merge), not asked: git agrees."""
    remote, anna, bart = shared_remote(tmp_path, "anna", "bart")
    new = ["case", "new", "--approach", "area", "--opened", "2026-11-20"]
    for title in ("Fietsdiefstal aan het station", "Graffiti aan de brug"):
        assert vhuis(*new, title, "--area", "Station", store=anna).exit_code == 0
    for title in ("Zwerfvuil in het park", "Lawaai in de Molenstraat", "Sluikstort aan de vijver"):
        assert vhuis(*new, title, "--area", "Stadspark", store=bart).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    theirs = head(anna)
    before = head(bart)

    synced = vhuis("sync", store=bart)

    assert synced.exit_code == 0, synced.stderr
    sent = int(git(bart, "rev-list", "--count", f"{theirs}..HEAD"))
    received = int(git(bart, "rev-list", "--count", f"{before}..{theirs}"))
    assert (sent, received) == (3 + 2 + 1, 2)  # three cases, two renumbered, the merge; Anna's two
    assert f"in sync with origin/main: {received} commits received, {sent} commits sent" in synced.stderr
    assert head(bart) == git(remote, "rev-parse", "main").strip()


def test_a_clash_is_refused_and_settled_with_half_the_programs(tmp_path: Path, vhuis: Invoke, started: Started) -> None:
    """What git said about the stopped merge is followed through the settling, not asked again."""
    _remote, anna, bart = shared_remote(tmp_path, "anna", "bart")
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis("case", "status", "2026-001", "active", store=bart).exit_code == 0
    before = head(bart)
    counts = []
    for args in (["sync"], ["resolve"], ["resolve", "2026-001", "status", "--ours"], ["sync"]):
        started.clear()
        done = vhuis(*args, store=bart)
        counts.append(len(started))
        assert done.exit_code == (8 if len(counts) < 3 else 0), done.stderr
        if len(counts) < 3:
            assert "vhuis resolve 2026-001 status --ours" in done.stderr and head(bart) == before and clean(bart)
    assert "in sync with origin/main: 2 commits sent" in done.stderr
    assert json.loads(vhuis("case", "show", "2026-001", "--json", store=bart).stdout)["status"] == "active"
    # 46, 45, 61 and 27 before
    assert all(a <= b for a, b in zip(counts, [23, 23, 32, 13], strict=True)), counts


def test_with_git_dir_in_the_environment_git_is_asked_where_info_attributes_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: Started
) -> None:
    """GIT_DIR (a hook, a script) may name another repository than the folders do: then git says where."""
    _remote, _anna, bart = shared_remote(tmp_path, "anna", "bart")
    linked = tmp_path / "bart-werk"
    git(bart, "worktree", "add", "-q", "-b", "werk", str(linked), "origin/main")
    monkeypatch.setenv("GIT_DIR", git(linked, "rev-parse", "--absolute-git-dir").strip())
    (bart / ".git" / "info" / "attributes").unlink(missing_ok=True)
    started.clear()

    configure_driver(Repo(linked), linked)

    assert ["rev-parse", "--git-path", "info/attributes"] in started
    assert "/cases/*.yaml merge=vhuis" in (bart / ".git" / "info" / "attributes").read_text(encoding="utf-8")
