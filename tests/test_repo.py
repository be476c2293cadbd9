"""One way to run git (vhuis/storage/repo.py): what a user notices of it.

Every git command vhuis starts goes through ``Repo``; GitPython is not used. So
a store whose repository git itself handles, vhuis handles too (a SHA-256
repository, which GitPython cannot read), and 'vhuis sync' starts no GitPython.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import CASE, PARTNERS, Invoke, clean, git, head
from test_sync import shared

from vhuis.collab.setup import GITATTRIBUTES


def shared_sha256(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare SHA-256 remote holding the small store, and two clones of it: Anna's and Bart's."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "--object-format=sha256", str(remote))
    anna = tmp_path / "anna"
    git(tmp_path, "init", "-q", "-b", "main", "--object-format=sha256", str(anna))
    files = {
        "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n",
        "partners.yaml": PARTNERS,
        "cases/2026-001.yaml": CASE,
        ".gitattributes": GITATTRIBUTES,
    }
    for name, text in files.items():
        path = anna / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    git(anna, "add", "-A")
    git(anna, "commit", "-q", "-m", "test store")
    git(anna, "remote", "add", "origin", str(remote))
    git(anna, "push", "-q", "-u", "origin", "main")
    bart = tmp_path / "bart"
    git(tmp_path, "clone", "-q", str(remote), str(bart))
    return remote, anna, bart


def test_a_clash_in_a_sha256_repository_is_listed_and_settled(tmp_path: Path, vhuis: Invoke) -> None:
    remote, anna, bart = shared_sha256(tmp_path)
    assert git(bart, "rev-parse", "--show-object-format").strip() == "sha256"
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    assert vhuis("case", "status", "2026-001", "planned", store=bart).exit_code == 0
    before = head(bart)

    refused = vhuis("sync", store=bart)
    assert refused.exit_code == 8, refused.stderr
    assert "cases/2026-001.yaml, status:\n  here (yours, Sarah Test, " in refused.stderr
    assert head(bart) == before and clean(bart)

    settled = vhuis("resolve", "2026-001", "status", "--theirs", store=bart)
    assert settled.exit_code == 0, settled.stderr
    assert vhuis("sync", store=bart).exit_code == 0
    assert "status: analysis" in (bart / "cases" / "2026-001.yaml").read_text(encoding="utf-8")
    assert git(remote, "rev-parse", "main").strip() == head(bart)


def imported(done: subprocess.CompletedProcess[str]) -> set[str]:
    """The modules a ``python -X importtime`` run imported."""
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_sync_and_the_merge_driver_start_no_gitpython(tmp_path: Path, vhuis: Invoke) -> None:
    """GitPython costs ~30 ms to import: no command needs it any more, a merging 'vhuis sync' included."""
    _remote, anna, bart = shared(tmp_path)
    assert vhuis("case", "status", "2026-001", "analysis", store=anna).exit_code == 0
    assert vhuis("sync", store=anna).exit_code == 0
    added = vhuis("signal", "add", "2026-001", "--source", "citizen", "--summary", "Nieuwe klacht", store=bart)
    assert added.exit_code == 0, added.stderr

    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vhuis", "sync"], cwd=bart, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "vhuis.collab.sync" in imported(done) and "git" not in imported(done)
    assert git(anna, "rev-parse", "main").strip() != head(bart)  # it merged

    for name, text in (("base", "a\nb\nc\nd\n"), ("ours", "A\nb\nc\nd\n"), ("theirs", "a\nb\nc\nD\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [str(tmp_path / name) for name in ("base", "ours", "theirs")]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vhuis", "merge-driver", *files, "README.md"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ours").read_text(encoding="utf-8") == "A\nb\nc\nD\n"  # merged by lines
    assert "git" not in imported(done)
