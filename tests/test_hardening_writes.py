"""The write path holds under careless and unlucky use (issue 11: items 3, 4, 5, 11, 15 and a full disk)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.storage.store import new_file_mode

ROOT = Path(__file__).resolve().parent.parent
ADD_SIGNAL = ("signal", "add", "2026-001", "--source", "citizen", "--summary", "Weer rommel in de hal.")


def run_vhuis(store: Path, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "vhuis", "--store", str(store), *args], capture_output=True, text=True, **kwargs
    )


def use_editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str) -> Path:
    """$EDITOR is a small Python script; ``body`` sees ``draft`` (the file to edit) and ``vhuis(*args)``."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import subprocess, sys\n"
        "from pathlib import Path\n"
        "draft = Path(sys.argv[1])\n"
        "Path(sys.argv[0]).with_suffix('.ran').write_text(str(draft))\n"
        "def vhuis(*args):\n"
        "    subprocess.run([sys.executable, '-m', 'vhuis', *args], check=True, capture_output=True)\n" + body
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return script.with_suffix(".ran")


def kept_draft(said: str) -> Path:
    found = re.search(r"--from-draft (\S+)", said)
    assert found, said
    return Path(found[1])


# -- item 3: case edit never throws away what was typed -----------------------------------


def test_case_edit_refuses_before_the_editor_opens_when_the_case_has_hand_edits(
    small_store: Path, vhuis: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = use_editor(monkeypatch, tmp_path, "draft.write_text(draft.read_text() + 'decisions: []\\n')\n")
    case_file = small_store / "cases/2026-001.yaml"
    edited = case_file.read_text().replace("Jongeren hangen rond", "Jongeren hangen 's avonds rond")
    case_file.write_text(edited)
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 6
    assert "cases/2026-001.yaml has changes that are not committed" in outcome.stderr
    assert "git commit -- cases/2026-001.yaml" in outcome.stderr and "git stash" in outcome.stderr
    assert not ran.exists(), "the editor opened, and what would be typed there would be lost"
    assert case_file.read_text() == edited


def test_case_edit_on_a_detached_head_is_refused_before_the_editor_opens(
    small_store: Path, vhuis: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = use_editor(monkeypatch, tmp_path, "draft.write_text(draft.read_text() + 'decisions: []\\n')\n")
    git(small_store, "checkout", "-q", "--detach")
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 6 and "not on a branch" in outcome.stderr
    assert not ran.exists(), "the editor opened, and what would be typed there would be lost"


def test_a_case_changed_under_the_editor_keeps_the_draft_and_from_draft_applies_it(
    small_store: Path, vhuis: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_editor(
        monkeypatch,
        tmp_path,
        "draft.write_text(draft.read_text().replace('area: Stationsomgeving', 'area: Stationsplein'))\n"
        f"vhuis('--store', {str(small_store)!r}, *{ADD_SIGNAL!r})\n",
    )
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 8
    assert "case 2026-001 changed while you were editing it" in outcome.stderr
    draft = kept_draft(outcome.stderr)
    assert "area: Stationsplein" in draft.read_text(), "what was typed is kept"
    assert git(small_store, "log", "-1", "--format=%s").strip().startswith("2026-001: add signal S2")
    assert "area: Stationsomgeving" in (small_store / "cases/2026-001.yaml").read_text()

    use_editor(monkeypatch, tmp_path, "")  # the officer looks at the merged text and saves it as it is
    outcome = vhuis("case", "edit", "2026-001", "--from-draft", str(draft), store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert "your edit is merged into it" in outcome.stderr
    text = (small_store / "cases/2026-001.yaml").read_text()
    assert "area: Stationsplein" in text and "Weer rommel in de hal." in text, "both changes landed"
    assert git(small_store, "log", "-1", "--format=%s").strip() == "2026-001: edit case by hand"
    assert clean(small_store) and not draft.exists()


def test_an_edit_that_clashes_with_a_change_made_meanwhile_shows_both_versions(
    small_store: Path, vhuis: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_editor(
        monkeypatch,
        tmp_path,
        "draft.write_text(draft.read_text().replace('status: reported', 'status: dismissed'))\n"
        f"vhuis('--store', {str(small_store)!r}, 'case', 'status', '2026-001', 'analysis')\n",
    )
    draft = kept_draft(vhuis("case", "edit", "2026-001", store=small_store).stderr)
    shown = tmp_path / "shown.yaml"
    use_editor(
        monkeypatch,
        tmp_path,
        f"Path({str(shown)!r}).write_text(draft.read_text())\n"
        "lines = [l for l in draft.read_text().splitlines(keepends=True) if not l.startswith(('<<<<<<<', '=======', "
        "'>>>>>>>', 'status: analysis'))]\n"
        "draft.write_text(''.join(lines))\n",
    )
    outcome = vhuis("case", "edit", "2026-001", "--from-draft", str(draft), store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert "in the same places as your edit" in outcome.stderr and "status: now 'analysis'" in outcome.stderr
    assert "status: analysis" in shown.read_text() and "status: dismissed" in shown.read_text()
    assert "status: dismissed" in (small_store / "cases/2026-001.yaml").read_text()
    assert clean(small_store)


def test_an_edit_that_does_not_validate_is_kept_and_can_be_finished_later(
    small_store: Path, vhuis: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_editor(
        monkeypatch,
        tmp_path,
        "draft.write_text(draft.read_text().replace('lead: preventiedienst', 'lead: brandweer')"
        ".replace('title: Overlast aan het station', 'title: Overlast aan het station en de markt'))\n",
    )
    before = head(small_store)
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 2
    assert "'brandweer' is not in partners.yaml" in outcome.stderr and "was not saved" in outcome.stderr
    assert head(small_store) == before and clean(small_store)
    draft = kept_draft(outcome.stderr)
    assert "en de markt" in draft.read_text()

    use_editor(monkeypatch, tmp_path, "draft.write_text(draft.read_text().replace('brandweer', 'politie'))\n")
    outcome = vhuis("case", "edit", "2026-001", "--from-draft", str(draft), store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    text = (small_store / "cases/2026-001.yaml").read_text()
    assert "title: Overlast aan het station en de markt" in text and "lead: politie" in text
    assert not list((small_store / ".git/vhuis/drafts").iterdir())


def test_an_edit_whose_commit_is_refused_is_kept(
    small_store: Path, vhuis: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = small_store / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'geen commits vandaag' >&2\nexit 1\n")
    hook.chmod(0o755)
    use_editor(
        monkeypatch, tmp_path, "draft.write_text(draft.read_text().replace('status: reported', 'status: analysis'))\n"
    )
    outcome = vhuis("case", "edit", "2026-001", store=small_store)
    assert outcome.exit_code == 6 and "geen commits vandaag" in outcome.stderr
    assert "status: analysis" in kept_draft(outcome.stderr).read_text()
    assert clean(small_store)


# -- item 4: no commit off a branch, none in the middle of a rebase or merge ---------------


def test_a_change_on_a_detached_head_is_refused(small_store: Path, vhuis: Invoke) -> None:
    git(small_store, "checkout", "-q", "--detach")
    before = head(small_store)
    original = (small_store / "cases/2026-001.yaml").read_bytes()
    outcome = vhuis(*ADD_SIGNAL, store=small_store)
    assert outcome.exit_code == 6
    assert "not on a branch" in outcome.stderr and "git switch main" in outcome.stderr
    assert head(small_store) == before and (small_store / "cases/2026-001.yaml").read_bytes() == original
    git(small_store, "switch", "-q", "main")
    assert vhuis(*ADD_SIGNAL, store=small_store).exit_code == 0
    assert git(small_store, "branch", "--contains", "HEAD").strip() == "* main"


def _conflict_on_notes(store: Path, operation: str) -> None:
    """Leave ``operation`` (merge, rebase, cherry-pick, revert) stopped at a conflict in notes.txt."""
    (store / "notes.txt").write_text("een\n")
    git(store, "add", "notes.txt")
    git(store, "commit", "-q", "-m", "notes")
    git(store, "switch", "-q", "-c", "other")
    (store / "notes.txt").write_text("twee\n")
    git(store, "commit", "-q", "-am", "notes on other")
    git(store, "switch", "-q", "main")
    (store / "notes.txt").write_text("drie\n")
    git(store, "commit", "-q", "-am", "notes on main")
    if operation == "revert":
        (store / "notes.txt").write_text("vier\n")
        git(store, "commit", "-q", "-am", "notes again")
        target = git(store, "rev-parse", "HEAD~1").strip()
    else:
        target = "other"
    stopped = subprocess.run(["git", operation, target], cwd=store, capture_output=True, text=True)
    assert stopped.returncode != 0, stopped.stdout


@pytest.mark.parametrize("operation", ["merge", "rebase", "cherry-pick", "revert"])
def test_a_change_in_the_middle_of_a_git_operation_is_refused(small_store: Path, vhuis: Invoke, operation: str) -> None:
    _conflict_on_notes(small_store, operation)
    before = head(small_store)
    original = (small_store / "cases/2026-001.yaml").read_bytes()
    outcome = vhuis(*ADD_SIGNAL, store=small_store)
    assert outcome.exit_code == 6
    assert f"a git {operation} is in progress" in outcome.stderr
    assert f"git {operation} --abort" in outcome.stderr
    assert head(small_store) == before and (small_store / "cases/2026-001.yaml").read_bytes() == original


# -- item 5: an uncommitted registry never validates a commit -------------------------------


@pytest.mark.parametrize(
    ("registry", "hand_edit"),
    [
        ("partners.yaml", "- id: nieuwe\n  name: Nieuwe partner\n  kind: other\n  email: null\n"),
        ("vhuis.yaml", "organisation_domains: [genk.be]\n"),
    ],
)
def test_an_uncommitted_registry_edit_does_not_validate_a_commit(
    small_store: Path, vhuis: Invoke, registry: str, hand_edit: str
) -> None:
    with (small_store / registry).open("a") as out:
        out.write(hand_edit)
    before = head(small_store)
    lead = "nieuwe" if registry == "partners.yaml" else "politie"
    outcome = vhuis("case", "new", "Overlast op de markt", "--approach", "area", "--area", "Markt", "--lead", lead,
                    store=small_store)  # fmt: skip
    assert outcome.exit_code == 6
    assert f"{registry} has changes that are not committed" in outcome.stderr
    assert "checks every change against the committed settings and partners" in outcome.stderr
    assert head(small_store) == before and not (small_store / "cases/2026-002.yaml").exists()
    git(small_store, "commit", "-q", "-am", f"{registry} by hand")
    assert vhuis("case", "new", "Overlast op de markt", "--approach", "area", "--area", "Markt", "--lead", lead,
                 store=small_store).exit_code == 0  # fmt: skip


def test_partner_add_still_writes_partners_yaml(small_store: Path, vhuis: Invoke) -> None:
    outcome = vhuis("partner", "add", "nieuwe", "--name", "Nieuwe partner", "--kind", "other", store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert "id: nieuwe" in (small_store / "partners.yaml").read_text() and clean(small_store)


# -- item 11: a link the file system refuses; new files follow the umask ---------------------

NOBODY = 65534


@pytest.fixture
def shared_store() -> Iterator[Path]:
    """A store another user (nobody) works in, where the case file belongs to root and is not theirs to write."""
    folder = Path(tempfile.mkdtemp(prefix="vhuis-shared-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        store = build_store(
            folder / "store",
            {
                "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n",
                "partners.yaml": PARTNERS,
                "cases/2026-001.yaml": CASE,
            },
        )
        for path in [store, *store.rglob("*")]:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        case_file = store / "cases/2026-001.yaml"
        os.chown(case_file, 0, 0)
        case_file.chmod(0o644)
        yield store
    finally:
        shutil.rmtree(folder)


AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def as_nobody(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(store.parent), "GIT_CONFIG_GLOBAL": "/dev/null"}
    return subprocess.run(
        [*AS_NOBODY, sys.executable, "-m", "vhuis", "--store", str(store), *args],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.mark.skipif(
    os.geteuid() != 0
    or not shutil.which("setpriv")
    or Path("/proc/sys/fs/protected_hardlinks").read_text().strip() != "1",
    reason="needs root and setpriv, to work as another user where fs.protected_hardlinks refuses links",
)
def test_a_refused_hard_link_falls_back_to_a_copy(shared_store: Path) -> None:
    case_file = shared_store / "cases/2026-001.yaml"
    probe = subprocess.run(
        [*AS_NOBODY, sys.executable, "-c", f"import os; os.link({str(case_file)!r}, {str(case_file)!r} + '.probe')"],
        capture_output=True,
        text=True,
    )
    assert "Operation not permitted" in probe.stderr, "the file system itself refuses the link"

    def safe_git(*args: str) -> str:
        return git(shared_store, "-c", "safe.directory=*", *args)

    before = safe_git("rev-parse", "HEAD")
    done = as_nobody(shared_store, *ADD_SIGNAL)
    assert done.returncode == 0, done.stderr
    assert "Weer rommel in de hal." in case_file.read_text()
    assert safe_git("rev-parse", "HEAD") != before
    assert not [p.name for p in case_file.parent.iterdir() if p.name.startswith(".")]

    hook = shared_store / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'geen commits vandaag' >&2\nexit 1\n")
    hook.chmod(0o755)
    os.chown(case_file, 0, 0)
    case_file.chmod(0o644)
    original = case_file.read_bytes()
    refused = as_nobody(shared_store, "signal", "add", "2026-001", "--source", "citizen", "--summary", "Nog eens.")
    assert refused.returncode == 6, refused.stderr
    assert "geen commits vandaag" in refused.stderr and "failed unexpectedly" not in refused.stderr
    assert case_file.read_bytes() == original
    assert safe_git("status", "--porcelain", "--untracked-files=all") == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="as root the real file system refuses the link (test above)")
def test_a_refused_hard_link_falls_back_to_a_copy_where_links_cannot_be_refused_for_real(
    small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    case_file = small_store / "cases/2026-001.yaml"
    assert vhuis(*ADD_SIGNAL, store=small_store).exit_code == 0
    hook = small_store / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    original = case_file.read_bytes()
    assert vhuis(*ADD_SIGNAL, store=small_store).exit_code == 6
    assert case_file.read_bytes() == original and clean(small_store)


@pytest.mark.parametrize(("umask", "mode"), [(0o002, 0o664), (0o077, 0o600)])
def test_new_files_follow_the_umask(small_store: Path, vhuis: Invoke, umask: int, mode: int) -> None:
    # In this process, as a command started with that umask (a Python started for it costs about 0.35 s of
    # CPU): vhuis reads the umask once per process (new_file_mode), so it is read anew for this command.
    before = os.umask(umask)
    new_file_mode.cache_clear()
    try:
        done = vhuis("case", "new", "Overlast op de markt", "--approach", "area", "--area", "Markt", store=small_store)
    finally:
        os.umask(before)
        new_file_mode.cache_clear()
    assert done.exit_code == 0, done.stderr
    assert (small_store / "cases/2026-002.yaml").stat().st_mode & 0o777 == mode


# -- item 15: what a killed writer leaves behind goes ---------------------------------------


def test_a_writer_killed_during_a_slow_hook_leaves_nothing_for_good(small_store: Path, vhuis: Invoke) -> None:
    marker, release = small_store.parent / "hook-started", small_store.parent / "hook-may-end"
    hook = small_store / ".git/hooks/pre-commit"
    # The hook runs until the writer is killed and the test lets it end (at most 30 s).
    hook.write_text(
        f"#!/bin/sh\ntouch '{marker}'\ni=0\n"
        f"while [ ! -e '{release}' ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i+1)); done\n"
    )
    hook.chmod(0o755)
    writer = subprocess.Popen(
        [sys.executable, "-m", "vhuis", "--store", str(small_store), *ADD_SIGNAL],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert writer.poll() is None and time.monotonic() < deadline, "the hook never started"
        time.sleep(0.02)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    release.touch()
    while (small_store / ".git/index.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # git itself goes on and ends its commit
    hook.unlink()
    left = [p.name for p in (small_store / "cases").iterdir() if p.name.startswith(".")]
    assert left == [f".2026-001.yaml.{writer.pid}.old"]

    checked = vhuis("check", store=small_store)
    assert f"cases/.2026-001.yaml.{writer.pid}.old: left behind by a vhuis command that was stopped" in checked.stdout
    outcome = vhuis("decision", "add", "2026-001", "--", "Extra toezicht in de hal.", store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert not [p.name for p in (small_store / "cases").iterdir() if p.name.startswith(".")]
    assert clean(small_store)
    assert "left behind" not in vhuis("check", store=small_store).stdout


def a_dead_pid() -> int:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(gone.stdout)


def test_leftovers_go_only_when_their_process_is_gone(small_store: Path, vhuis: Invoke) -> None:
    cases = small_store / "cases"
    busy = subprocess.Popen(["sleep", "60"])
    try:
        waiting = cases / f".2026-001.yaml.{a_dead_pid()}.k3x_9abz.tmp"
        in_use = cases / f".2026-001.yaml.{busy.pid}.old"
        from_before = small_store / ".partners.yaml.q0w9e8r7.tmp"
        for path in (waiting, in_use, from_before):
            path.write_text("id: 2026-001\n")
        checked = vhuis("check", store=small_store).stdout
        assert f"cases/{waiting.name}: left behind" in checked and "a change that never landed" in checked
        assert ".partners.yaml.q0w9e8r7.tmp: left behind" in checked
        assert in_use.name not in checked, "a command still at work is not named"
        assert vhuis(*ADD_SIGNAL, store=small_store).exit_code == 0
        assert not waiting.exists() and in_use.exists() and from_before.exists()
    finally:
        busy.kill()
        busy.wait()
    assert vhuis(*ADD_SIGNAL, store=small_store).exit_code == 0
    assert not in_use.exists() and from_before.exists()


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0 or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("needs chattr +i (root on a file system that has it)")
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_check_names_a_leftover_that_cannot_be_removed(
    small_store: Path, vhuis: Invoke, immutable: Callable[[Path], None]
) -> None:
    stuck = small_store / "cases" / f".2026-001.yaml.{a_dead_pid()}.old"
    stuck.write_text("id: 2026-001\n")
    immutable(stuck)
    assert vhuis(*ADD_SIGNAL, store=small_store).exit_code == 0, "a leftover that stays does not stop the work"
    assert stuck.exists()
    checked = vhuis("check", store=small_store)
    assert checked.exit_code == 0
    assert f"cases/{stuck.name}: left behind by a vhuis command that was stopped" in checked.stdout
    assert "if it stays, remove it by hand" in checked.stdout


# -- smaller: a full disk is not a stale lock -------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A store on a tiny file system (tmpfs) that is full."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
        ).returncode
    ):
        pytest.skip("needs root, to mount a small file system and fill it")
    try:
        store = mount / "store"
        shutil.copytree(ROOT / "cases", store / "cases")
        for name in ("vhuis.yaml", "partners.yaml"):
            shutil.copy(ROOT / name, store / name)
        build_store(store, {})
        filler = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(filler)
        for path in (store / "cases").iterdir():
            path.touch()  # git status wants to write a fresh index
        yield store
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_git_status_says_the_disk_is_full(full_disk: Path, vhuis: Invoke) -> None:
    outcome = vhuis("signal", "add", "2026-003", "--source", "citizen", "--summary", "x", store=full_disk)
    assert outcome.exit_code == 6
    assert "De schijf is vol" in outcome.stderr
    assert "remove the stale lock file" not in outcome.stderr
    assert not (full_disk / ".git/index.lock").exists()


def test_an_editor_that_cannot_start_changes_nothing_and_says_so(
    small_store: Path, vhuis: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = git(small_store, "rev-parse", "HEAD")
    monkeypatch.setenv("EDITOR", "/geen/editor")
    monkeypatch.delenv("VISUAL", raising=False)

    outcome = vhuis("case", "edit", "2026-001", store=small_store)

    assert outcome.exit_code == 2
    assert "the editor (/geen/editor) did not run well" in outcome.stderr
    assert "set $EDITOR. Nothing was changed." in outcome.stderr
    assert git(small_store, "rev-parse", "HEAD") == before
    assert git(small_store, "status", "--porcelain") == ""
