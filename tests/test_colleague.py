"""Setting up a colleague with git's own defaults, and never sending what breaks their store.

Remotes here are made as git makes them by default (``git init --bare``: a HEAD
that names ``master``), while vhuis makes ``main``; one remote is served by
``git daemon`` on the loopback interface, a real network transport.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Invoke, clean, git, head, made_once

from vhuis.storage import yamlfile

CASE = "2026-003"
COMMITMENT = ["commitment", "add", CASE, "--due", "2026-12-31"]


def bare_remote(tmp_path: Path, name: str = "remote.git") -> Path:
    """A shared repository as git makes it by default: its HEAD names 'master'."""
    remote = tmp_path / name
    git(tmp_path, "init", "-q", "--bare", str(remote))
    assert (remote / "HEAD").read_text() == "ref: refs/heads/master\n"
    return remote


def officer_store(tmp_path: Path, vhuis: Invoke, remote: str | None = None) -> Path:
    """The officer's store (the example cases), made with vhuis init; with ``remote``, sent there by hand."""

    def init(anna: Path) -> None:
        made = vhuis("init", str(anna), "--example")
        assert made.exit_code == 0, made.stderr

    anna = made_once(("vhuis init --example",), tmp_path / "anna", init)
    if remote is not None:
        git(anna, "remote", "add", "origin", remote)
        git(anna, "push", "-q", "-u", "origin", "main")
    return anna


def commitments(store: Path) -> list[tuple[str, str]]:
    text = (store / "cases" / f"{CASE}.yaml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    return [(c["id"], c["action"]) for c in yamlfile.load(text, CASE)["commitments"]]


def remote_branches(remote: Path) -> list[str]:
    return git(remote, "for-each-ref", "--format=%(refname:short)", "refs/heads/").split()


def break_case(store: Path) -> Path:
    """A hand edit that breaks the schema (a Dutch word for a status), not committed yet."""
    path = store / "cases" / f"{CASE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: bezig", 1), encoding="utf-8")
    return path


# -- 1. the remote's default branch ----------------------------------------------------------


def test_the_first_sync_makes_a_plain_git_clone_of_a_bare_remote_work(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    anna = officer_store(tmp_path, vhuis)
    git(anna, "remote", "add", "origin", str(remote))
    synced = vhuis("sync", store=anna)
    assert synced.exit_code == 0, synced.stderr
    assert "standaardbranch van de gedeelde repository is nu main" in synced.stderr
    assert git(remote, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    git(tmp_path, "clone", "-q", str(remote), "bart")
    assert (tmp_path / "bart" / "vhuis.yaml").is_file()  # the colleague's clone is not empty


def test_init_in_an_empty_clone_points_at_the_shared_store_instead(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    officer_store(tmp_path, vhuis, str(remote))
    subprocess.run(["git", "clone", "-q", str(remote), "bart"], cwd=tmp_path, capture_output=True, check=True)
    bart = tmp_path / "bart"
    assert not (bart / "vhuis.yaml").exists()  # HEAD names master, the store is on main
    refused = vhuis("init", str(bart))
    assert refused.exit_code == 5
    assert "is een kloon van een gedeelde opslag: origin/main bevat die al" in refused.stderr
    assert "git switch main" in refused.stderr
    assert not (bart / "vhuis.yaml").exists() and not git(bart, "for-each-ref", "refs/heads/")


def test_sync_never_sends_a_second_unrelated_store(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    officer_store(tmp_path, vhuis, str(remote))
    subprocess.run(["git", "clone", "-q", str(remote), "bart"], cwd=tmp_path, capture_output=True, check=True)
    bart = tmp_path / "bart"
    # A store made in the empty clone on 'master' (as the old hint 'make one with vhuis init' led to).
    (bart / "vhuis.yaml").write_text("name: Veiligheidshuis Genk\n", encoding="utf-8")
    (bart / "partners.yaml").write_text("[]\n", encoding="utf-8")
    git(bart, "add", "-A")
    git(bart, "commit", "-q", "-m", "another store")
    before = git(remote, "rev-parse", "main").strip()

    refused = vhuis("sync", store=bart)
    assert refused.exit_code == 6
    assert "bevat een andere vhuis-opslag op de branch 'main', zonder gemeenschappelijke geschiedenis" in refused.stderr
    assert "vhuis clone URL" in refused.stderr
    assert remote_branches(remote) == ["main"]  # no 'master' beside it: the office is not split
    assert git(remote, "rev-parse", "main").strip() == before
    assert clean(bart)


def test_sync_finds_the_store_branch_whatever_the_local_branch_is_called(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    officer_store(tmp_path, vhuis, str(remote))
    subprocess.run(["git", "clone", "-q", str(remote), "bart"], cwd=tmp_path, capture_output=True, check=True)
    bart = tmp_path / "bart"
    git(bart, "switch", "-q", "--no-track", "-c", "werk", "origin/main")  # no upstream, another name
    assert vhuis("decision", "add", CASE, "Extra avondronde", store=bart).exit_code == 0

    synced = vhuis("sync", store=bart)
    assert synced.exit_code == 0, synced.stderr
    assert "gelijk met origin/main: 1 commit verstuurd" in synced.stderr
    assert remote_branches(remote) == ["main"]
    assert git(remote, "rev-parse", "main").strip() == head(bart)
    assert git(bart, "config", "branch.werk.merge").strip() == "refs/heads/main"  # a plain 'git pull' knows too


# -- 2. vhuis clone, and the merge driver in every clone --------------------------------------


def test_clone_checks_out_the_store_whatever_the_remote_head_names(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    officer_store(tmp_path, vhuis, str(remote))  # pushed by hand: the remote's HEAD still names master

    cloned = vhuis("clone", str(remote), str(tmp_path / "bart"))
    assert cloned.exit_code == 0, cloned.stderr
    bart = tmp_path / "bart"
    assert "opslag gekloond naar" in cloned.stderr and "(branch main)" in cloned.stderr
    assert "de opslag is in orde" in cloned.stderr
    assert "vhuis sync" in cloned.stderr  # what to do next
    assert git(bart, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(bart, "rev-parse", "--abbrev-ref", "main@{upstream}").strip() == "origin/main"
    assert git(bart, "config", "merge.vhuis.driver").strip().endswith("-m vhuis merge-driver %O %A %B %P")
    assert "vhuis check --staged" in (bart / ".git" / "hooks" / "pre-commit").read_text()
    assert clean(bart)
    listed = vhuis("case", "list", "--json", store=bart)
    assert listed.exit_code == 0 and CASE in listed.stdout


def test_clone_of_a_repository_without_a_store_leaves_nothing(tmp_path: Path, vhuis: Invoke) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    (other / "README.md").write_text("not a store\n", encoding="utf-8")
    git(other, "add", "README.md")
    git(other, "commit", "-q", "-m", "readme")
    refused = vhuis("clone", str(other), str(tmp_path / "bart"))
    assert refused.exit_code == 5
    assert "bevat geen vhuis-opslag: geen van de branches (master) heeft vhuis.yaml bovenaan" in refused.stderr
    assert not (tmp_path / "bart").exists()

    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine\n", encoding="utf-8")
    taken = vhuis("clone", str(other), str(tmp_path / "full"))
    assert taken.exit_code == 5 and "bestaat al en is geen lege map" in taken.stderr
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine\n"


@pytest.mark.parametrize("pull", [["--no-rebase", "--no-edit"], ["--rebase"]], ids=["merge", "rebase"])
def test_a_clones_plain_git_pull_merges_new_commitments_by_meaning(
    tmp_path: Path, vhuis: Invoke, pull: list[str]
) -> None:
    remote = bare_remote(tmp_path)
    anna = officer_store(tmp_path, vhuis, str(remote))
    assert vhuis("clone", str(remote), str(tmp_path / "bart")).exit_code == 0
    bart = tmp_path / "bart"
    assert vhuis(*COMMITMENT, "--partner", "politie", "--action", "Patrouille", store=anna).stdout == "C7\n"
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis(*COMMITMENT, "--partner", "nmbs", "--action", "Camera", store=bart).stdout == "C7\n"

    pulled = subprocess.run(["git", "pull", "-q", *pull], cwd=bart, capture_output=True, text=True, check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert commitments(bart)[-2:] == [("C7", "Patrouille"), ("C8", "Camera")]  # the id on the remote stays
    assert vhuis("check", store=bart).exit_code == 0 and clean(bart)


def test_any_vhuis_command_teaches_a_plain_clone_the_merge_driver(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    anna = officer_store(tmp_path, vhuis, str(remote))
    git(remote, "symbolic-ref", "HEAD", "refs/heads/main")  # as docs/sync.md says, after a push by hand
    git(tmp_path, "clone", "-q", str(remote), "bart")
    bart = tmp_path / "bart"
    assert vhuis("owes", store=bart).exit_code == 0  # a read command, the first in this clone
    assert vhuis(*COMMITMENT, "--partner", "politie", "--action", "Patrouille", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis(*COMMITMENT, "--partner", "nmbs", "--action", "Camera", store=bart).exit_code == 0

    pulled = subprocess.run(["git", "pull", "-q", "--no-rebase", "--no-edit"], cwd=bart, capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    assert commitments(bart)[-2:] == [("C7", "Patrouille"), ("C8", "Camera")]


# -- 3. a real transport: git daemon on the loopback interface --------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``git daemon`` serving the folder ``served`` on 127.0.0.1 (push allowed); yields (folder, base URL)."""
    served = tmp_path / "served"
    served.mkdir()
    port = _free_port()
    process = subprocess.Popen(
        ["git", "daemon", "--listen=127.0.0.1", f"--port={port}", "--reuseaddr", "--export-all",
         "--enable=receive-pack", "--informative-errors", f"--base-path={served}", str(served)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    said = process.stderr.read().decode() if process.stderr and process.poll() is not None else ""
                    pytest.fail(f"git daemon did not start on port {port}: {said}")
                time.sleep(0.05)
        yield served, f"git://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def test_clone_and_sync_both_ways_over_git_daemon(tmp_path: Path, vhuis: Invoke, daemon: tuple[Path, str]) -> None:
    served, base = daemon
    bare_remote(served, "store.git")
    url = f"{base}/store.git"
    anna = officer_store(tmp_path, vhuis)
    git(anna, "remote", "add", "origin", url)
    first = vhuis("sync", store=anna)
    assert first.exit_code == 0, first.stderr
    assert "gelijk met origin/main" in first.stderr
    assert git(served / "store.git", "symbolic-ref", "HEAD").strip() == "refs/heads/master"  # not ours to set

    cloned = vhuis("clone", url, str(tmp_path / "bart"))
    assert cloned.exit_code == 0, cloned.stderr
    bart = tmp_path / "bart"
    assert vhuis(*COMMITMENT, "--partner", "politie", "--action", "Patrouille", store=anna).exit_code == 0
    assert vhuis(*COMMITMENT, "--partner", "nmbs", "--action", "Camera", store=bart).exit_code == 0
    sent = vhuis("sync", store=bart)
    assert sent.exit_code == 0 and "1 commit verstuurd" in sent.stderr, sent.stderr
    merged = vhuis("sync", store=anna)
    assert merged.exit_code == 0 and "ontvangen" in merged.stderr and "verstuurd" in merged.stderr, merged.stderr
    assert vhuis("sync", store=bart).exit_code == 0
    assert head(anna) == head(bart) == git(served / "store.git", "rev-parse", "main").strip()
    assert commitments(anna)[-2:] == commitments(bart)[-2:] == [("C7", "Camera"), ("C8", "Patrouille")]


# -- 8. sync checks what it sends; reads name what they skip ----------------------------------


def test_sync_refuses_to_send_a_committed_hand_edit_that_breaks_the_schema(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    anna = officer_store(tmp_path, vhuis, str(remote))
    assert vhuis("clone", str(remote), str(tmp_path / "bart")).exit_code == 0
    bart = tmp_path / "bart"
    assert vhuis("decision", "add", CASE, "Camera plaatsen", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    break_case(bart)
    git(bart, "commit", "-q", "--no-verify", "-am", "status in het Nederlands")
    before, remote_before = head(bart), git(remote, "rev-parse", "main").strip()

    refused = vhuis("sync", store=bart)
    assert refused.exit_code == 3
    assert f"vhuis sync heeft niets verstuurd: cases/{CASE}.yaml zou de opslag breken" in refused.stderr
    assert f"cases/{CASE}.yaml:9: status: 'bezig' is geen geldige waarde" in refused.stderr
    assert "vhuis sync --force" in refused.stderr
    assert head(bart) == before and clean(bart)  # the merge with Anna's decision was undone
    assert git(remote, "rev-parse", "main").strip() == remote_before

    forced = vhuis("sync", "--force", store=bart)
    assert forced.exit_code == 0, forced.stderr
    assert f"toch verstuurd (--force): cases/{CASE}.yaml:9: status" in forced.stderr
    assert git(remote, "rev-parse", "main").strip() == head(bart)


def test_sync_checks_only_what_it_sends_as_merged(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    anna = officer_store(tmp_path, vhuis, str(remote))
    assert vhuis("clone", str(remote), str(tmp_path / "bart")).exit_code == 0
    bart = tmp_path / "bart"
    break_case(anna)
    git(anna, "commit", "-q", "--no-verify", "-am", "broken, sent knowingly")
    assert vhuis("sync", "--force", store=anna).exit_code == 0
    assert vhuis("decision", "add", "2026-005", "Extra verlichting", store=bart).exit_code == 0
    synced = vhuis("sync", store=bart)  # the broken file came from the remote: not Bart's to send
    assert synced.exit_code == 0, synced.stderr
    assert "1 commit ontvangen, 2 commits verstuurd" in synced.stderr  # the decision and the merge
    assert git(remote, "rev-parse", "main").strip() == head(bart)


def test_the_first_push_of_a_large_store_is_checked_too(tmp_path: Path, vhuis: Invoke) -> None:
    remote = bare_remote(tmp_path)
    anna = officer_store(tmp_path, vhuis)
    text = (anna / "cases" / f"{CASE}.yaml").read_text(encoding="utf-8")
    for number in range(100, 160):  # enough files to be checked through the index
        case_id = f"2026-{number}"
        (anna / "cases" / f"{case_id}.yaml").write_text(text.replace(f"id: {CASE}", f"id: {case_id}", 1))
    broken = anna / "cases" / "2026-150.yaml"
    broken.write_text(broken.read_text().replace("status: active", "status: bezig", 1), encoding="utf-8")
    git(anna, "add", "cases")
    git(anna, "commit", "-q", "--no-verify", "-m", "sixty cases by hand")
    git(anna, "remote", "add", "origin", str(remote))

    refused = vhuis("sync", store=anna)
    assert refused.exit_code == 3
    assert "cases/2026-150.yaml:9: status: 'bezig'" in refused.stderr
    assert "2026-149" not in refused.stderr
    assert remote_branches(remote) == []


def test_reads_that_skip_a_broken_case_say_so_on_every_run(tmp_path: Path, vhuis: Invoke) -> None:
    anna = officer_store(tmp_path, vhuis)
    path = break_case(anna)
    git(anna, "commit", "-q", "--no-verify", "-am", "status in het Nederlands")
    old = time.time() - 60
    os.utime(path, (old, old))  # old enough for the index to keep it
    for run in ("first", "from the index"):
        for command in (["case", "list"], ["owes"], ["report"], ["case", "list", "--json"], ["owes", "--json"]):
            done = vhuis(*command, store=anna)
            assert done.exit_code == 0, (command, run)
            assert f"overgeslagen: cases/{CASE}.yaml:9: status: 'bezig'" in done.stderr, (command, run)
    assert f"cases/{CASE}.yaml" in (anna / ".git" / "vhuis" / "index.json").read_text()


# -- 9. the pre-commit hook --------------------------------------------------------------------


def hand_commit(store: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-q", *args], cwd=store, capture_output=True, text=True, check=False, env=env
    )


def test_the_hook_refuses_a_hand_commit_that_breaks_the_schema(tmp_path: Path, vhuis: Invoke) -> None:
    anna = officer_store(tmp_path, vhuis)
    before = head(anna)
    path = break_case(anna)
    refused = hand_commit(anna, "-am", "status in het Nederlands")
    assert refused.returncode != 0
    assert f"cases/{CASE}.yaml:9: status: 'bezig' is geen geldige waarde" in refused.stderr  # git shows hooks there
    assert "vhuis: commit refused" in refused.stderr and "git commit --no-verify" in refused.stderr
    assert head(anna) == before

    # The staged version is what is checked, not the work tree.
    git(anna, "add", str(path))
    valid = path.read_text().replace("status: bezig", "status: active").replace("title: ", "title: Herzien ", 1)
    path.write_text(valid, encoding="utf-8")
    assert hand_commit(anna, "-m", "staged broken, work tree fixed").returncode != 0
    git(anna, "add", str(path))
    fixed = hand_commit(anna, "-m", "a valid hand edit")
    assert fixed.returncode == 0, fixed.stderr
    assert head(anna) != before

    break_case(anna)
    skipped = hand_commit(anna, "--no-verify", "-am", "knowingly")
    assert skipped.returncode == 0
    assert vhuis("decision", "add", "2026-005", "Extra verlichting", store=anna).exit_code == 0  # vhuis's own


def test_a_hook_that_cannot_find_vhuis_lets_the_commit_through_and_says_so(tmp_path: Path, vhuis: Invoke) -> None:
    anna = officer_store(tmp_path, vhuis)
    hook = anna / ".git" / "hooks" / "pre-commit"
    lines = hook.read_text().splitlines()
    hook.write_text("\n".join("python=/nowhere/python" if s.startswith("python=") else s for s in lines) + "\n")
    break_case(anna)
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    assert subprocess.run(["sh", "-c", "command -v vhuis"], env=env, capture_output=True).returncode != 0
    through = hand_commit(anna, "-am", "unchecked", env=env)
    assert through.returncode == 0
    assert "vhuis is not found (/nowhere/python, nor vhuis on PATH); this commit is NOT checked" in through.stderr


def test_init_leaves_an_existing_pre_commit_hook_alone_and_says_so(tmp_path: Path, vhuis: Invoke) -> None:
    store = tmp_path / "store"
    store.mkdir()
    git(store, "init", "-q", "-b", "main")
    hook = store / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho their hook\n")
    hook.chmod(0o755)
    made = vhuis("init", str(store))
    assert made.exit_code == 0, made.stderr
    assert "geen vhuis-pre-commit-hook geïnstalleerd" in made.stderr and "bestaat al" in made.stderr
    assert "voeg dan deze regel toe aan die hook: vhuis --store . check --staged || exit 1" in made.stderr
    assert hook.read_text() == "#!/bin/sh\necho their hook\n"


def test_check_staged_checks_only_the_staged_store_files(tmp_path: Path, vhuis: Invoke) -> None:
    anna = officer_store(tmp_path, vhuis)
    nothing = vhuis("check", "--staged", store=anna)
    assert nothing.exit_code == 0 and "bestanden van de opslag zijn in orde (0)" in nothing.stderr
    git(anna, "add", str(break_case(anna)))
    staged = vhuis("check", "--staged", "--json", store=anna)
    assert staged.exit_code == 3
    assert f'"file": "cases/{CASE}.yaml"' in staged.stdout and '"line": 9' in staged.stdout
