"""What a clone's git needs from vhuis and git does not clone: the merge driver and the pre-commit hook.

git config and hooks stay on the machine where they were made, so every clone
needs them once. ``configure_driver`` teaches git the vhuis merge driver (so a
plain ``git pull`` merges by meaning, as ``vhuis sync`` does); ``ensure_driver``
does that quietly the first time any vhuis command runs in a clone, at the cost
of reading one small file afterwards. ``install_hook`` adds a pre-commit hook
that runs ``vhuis check --staged``, so a hand edit committed with plain git is
checked too.

This module loads on every command: it imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from vhuis.errors import GitError, StoreError
from vhuis.i18n import _
from vhuis.storage.repo import CHECKED_ENV, Config, Repo

DRIVER_NAME = "vhuis: merge case, meeting, partner, inbox and area files by meaning"
MERGED_BY_MEANING = ("cases/*.yaml", "meetings/*.yaml", "partners.yaml", "inbox.yaml", "areas.yaml")
HOOK_MARK = "# vhuis pre-commit hook"
STORE_FILES = ("vhuis.yaml", "partners.yaml", "inbox.yaml", "areas.yaml", "cases/", "meetings/")


def driver_command() -> str:
    """The merge driver as git runs it: this Python, so the vhuis that configured it."""
    return f"{shlex.quote(sys.executable)} -m vhuis merge-driver %O %A %B %P"


MERGED_BY_LINES = (".vhuis/archived",)
"""Lists of one record a line, merged by keeping the lines of both sides (git's union driver)."""


def _attribute_lines(prefix: str) -> list[str]:
    return [
        *(f"/{prefix}{pattern} merge=vhuis" for pattern in MERGED_BY_MEANING),
        *(f"/{prefix}{name} merge=union" for name in MERGED_BY_LINES),
    ]


def _marker(repo: Repo) -> Path:
    return repo.git_dir / "vhuis" / "driver"


def configure_driver(repo: Repo, root: Path, config: Config | None = None) -> None:
    """Tell this clone's git about the vhuis merge driver, and where it applies (the store in ``root``).

    ``config``: git's settings as read already in this command (one ``git config --list`` otherwise).
    """
    command = driver_command()
    config = repo.config() if config is None else config
    for key, value in (("merge.vhuis.name", DRIVER_NAME), ("merge.vhuis.driver", command)):
        if (config.get(key, scope="local") or "") != value:
            repo.run("config", "--local", key, value)
    wanted = _attribute_lines(repo.prefix_of(root))
    attributes = _attributes_path(repo)  # shared by linked worktrees, as git reads it
    present = attributes.read_text(encoding="utf-8").splitlines() if attributes.exists() else []
    missing = [line for line in wanted if line not in present]
    if missing:
        _write(attributes, "".join(f"{line}\n" for line in [*present, *missing]))
    marker, text = _marker(repo), _marker_text(command, wanted)
    if not marker.exists() or marker.read_text(encoding="utf-8") != text:
        _write(marker, text)


def _attributes_path(repo: Repo) -> Path:
    """``info/attributes`` as git finds it: in the folder linked worktrees share (gitrepository-layout).

    Read from the .git folder (its ``commondir``); asked of git when its environment names another.
    """
    if any(name in os.environ for name in ("GIT_DIR", "GIT_COMMON_DIR")):
        return _git_path(repo, "info/attributes")
    return repo.common_dir() / "info" / "attributes"


def _marker_text(command: str, attribute_lines: list[str]) -> str:
    return "\n".join([command, *attribute_lines]) + "\n"


def ensure_driver(repo: Repo, root: Path) -> None:
    """Configure the merge driver once per clone (and again when another vhuis runs here); quiet, best effort.

    Costs one small file read when it is configured already: no git is started.
    A clone where it cannot be configured (no repository, a read-only .git) is
    left as it is; ``vhuis sync`` configures the driver again, and says so when it cannot.
    """
    try:
        marker = _marker(repo)
        wanted = _marker_text(driver_command(), _attribute_lines(repo.prefix_of(root)))
        if marker.read_text(encoding="utf-8") == wanted:
            return
    except (OSError, StoreError, ValueError):
        pass
    with contextlib.suppress(OSError, GitError, StoreError):
        configure_driver(repo, root)


def _write(path: Path, text: str) -> None:
    from vhuis.storage.store import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)


# -- the pre-commit hook --------------------------------------------------------------


@dataclass(frozen=True)
class HookOutcome:
    """What became of the pre-commit hook: installed, there already, or left alone (and why)."""

    path: Path
    installed: bool
    reason: str = ""  # why vhuis did not install it, when it did not
    line: str = ""  # what to add to the existing hook instead


def hook_script(prefix: str) -> str:
    """The hook: ``vhuis check --staged`` when store files are staged; never blocks a commit it could not check."""
    store = shlex.quote(prefix.rstrip("/") or ".")
    paths = " ".join(shlex.quote(f"{prefix}{name}") for name in STORE_FILES)
    python = shlex.quote(sys.executable)
    return f"""#!/bin/sh
{HOOK_MARK}: checks the staged store files with 'vhuis check --staged'.
# Installed by 'vhuis init' or 'vhuis clone'; see docs/sync.md. Skip it for one commit: git commit --no-verify
# vhuis's own commits are checked before they are made, so it skips them.
[ "${CHECKED_ENV}" = 1 ] && exit 0
git diff --cached --quiet -- {paths} && exit 0
python={python}
if [ -x "$python" ] && "$python" -c 'import vhuis' 2>/dev/null; then
    "$python" -m vhuis --store {store} check --staged
elif command -v vhuis >/dev/null 2>&1; then
    vhuis --store {store} check --staged
else
    echo "vhuis pre-commit hook: vhuis is not found ($python, nor vhuis on PATH); this commit is NOT checked" >&2
    exit 0
fi
status=$?
if [ "$status" = 3 ]; then
    echo "vhuis: commit refused. Repair the files above, or commit anyway with: git commit --no-verify" >&2
    exit 1
fi
if [ "$status" != 0 ]; then
    echo "vhuis pre-commit hook: vhuis check could not run (exit $status); this commit is NOT checked" >&2
fi
exit 0
"""


def install_hook(repo: Repo, root: Path, config: Config) -> HookOutcome:
    """Install the pre-commit hook, replacing an older vhuis hook; never overwrite someone else's hook.

    ``config``: git's settings (``Repo.config``), as read already in this command.
    """
    prefix = repo.prefix_of(root)
    hooks_path = (config.get("core.hooksPath") or "").strip()
    path = _git_path(repo, "hooks/pre-commit")
    line = f"vhuis --store {shlex.quote(prefix.rstrip('/') or '.')} check --staged || exit 1"
    if hooks_path:
        why = _("git takes its hooks from {folder} (core.hooksPath)").format(folder=hooks_path)
        return HookOutcome(path, False, why, line)
    if path.exists() and HOOK_MARK not in path.read_text(encoding="utf-8", errors="replace"):
        return HookOutcome(path, False, _("{file} exists already (another pre-commit hook)").format(file=path), line)
    _write(path, hook_script(prefix))
    path.chmod(0o755)
    return HookOutcome(path, True)


def _git_path(repo: Repo, name: str) -> Path:
    """Where git keeps ``name`` (info/attributes, hooks/...): in the main .git folder, also for a linked worktree."""
    path = Path(repo.run("rev-parse", "--git-path", name))
    return path if path.is_absolute() else repo.top / path
