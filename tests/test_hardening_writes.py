"""The write path holds under careless and unlucky use (issue 11: items 3, 4, 5, 11, 15 and a full disk)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Invoke, build_store

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
    assert "The disk is full" in outcome.stderr
    assert "remove the stale lock file" not in outcome.stderr
    assert not (full_disk / ".git/index.lock").exists()
