"""The store's git repository: identity, hand edits, one commit per change.

Porcelain commands (status, add, commit, log, fetch, ...) run as the git program
with an argument list, never through a shell, straight through subprocess: the
write path then starts without importing GitPython. GitPython (imported lazily)
serves what it does best: reading objects from the object database (history,
sync).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from vhuis.errors import GitError, StoreError

if TYPE_CHECKING:
    import git

NO_IDENTITY = (
    "git does not know who you are, and every change in the store is signed with your name. Set it once:\n"
    '  git config --global user.name "Voornaam Naam"\n'
    '  git config --global user.email "naam@genk.be"'
)
# Set on every git command vhuis runs: what vhuis commits it has validated already, so the
# pre-commit hook it installs (vhuis/collab/gitsetup.py) has nothing to check.
CHECKED_ENV = "VHUIS_CHECKED"


class Repo:
    """The git repository that holds a store (the store may be a folder inside it)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def git_repo(self) -> git.Repo:
        import git

        try:
            return git.Repo(self.top)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(self._not_a_repository()) from None

    def _not_a_repository(self) -> str:
        return (
            f"{self.root} is not inside a git repository; run 'git init' there, or make a new store with 'vhuis init'"
        )

    @cached_property
    def _found(self) -> tuple[Path, Path]:
        """The top of the work tree and the .git folder, found without starting git."""
        for folder in (self.root, *self.root.parents):
            marker = folder / ".git"
            if marker.is_dir():
                return folder.resolve(), marker.resolve()
            if marker.is_file():  # a linked worktree or a submodule: "gitdir: PATH"
                pointer = marker.read_text(encoding="utf-8").strip().removeprefix("gitdir:").strip()
                return folder.resolve(), (folder / pointer).resolve()
        raise StoreError(self._not_a_repository())

    @property
    def top(self) -> Path:
        return self._found[0]

    @property
    def git_dir(self) -> Path:
        return self._found[1]

    def rel(self, path: Path) -> str:
        """A path as git names it: relative to the top of the work tree, with '/'."""
        return path.resolve().relative_to(self.top).as_posix()

    def run(self, *args: str) -> str:
        """What git prints (less one final newline), or a GitError that quotes it."""
        done = subprocess.run(
            ["git", *args],
            cwd=self.top,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            env={**os.environ, "LC_ALL": "C", "LANGUAGE": "C", CHECKED_ENV: "1"},
        )
        if done.returncode != 0:
            raise GitError(_git_says(done.stderr or done.stdout, done.returncode, args[0]))
        return done.stdout.removesuffix("\n")

    def blobs(self, specs: list[str]) -> dict[str, bytes | None]:
        """The content of each ``REV:PATH`` (``:PATH`` for the staged version), None where there is none."""
        if not specs:
            return {}
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self.top,
            input="".join(f"{spec}\n" for spec in specs).encode("utf-8"),
            capture_output=True,
            env={**os.environ, "LC_ALL": "C"},
        )
        if done.returncode != 0:
            raise GitError(_git_says(done.stderr.decode("utf-8", "replace"), done.returncode, "cat-file"))
        found: dict[str, bytes | None] = {}
        out, at = done.stdout, 0
        for spec in specs:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3 or header[1] != b"blob":
                found[spec] = None
                if len(header) == 3:  # a tree or a commit: skip its content
                    at += int(header[2]) + 1
                continue
            size = int(header[2])
            found[spec] = out[at : at + size]
            at += size + 1
        return found

    def identity(self) -> str:
        """The author of the next commit, or a GitError that says how to set one."""
        try:
            return self.run("var", "GIT_AUTHOR_IDENT").rsplit(">", 1)[0] + ">"
        except GitError:
            raise GitError(NO_IDENTITY) from None

    def has_head(self) -> bool:
        try:
            self.run("rev-parse", "--verify", "--quiet", "HEAD")
        except GitError:
            return False
        return True

    def ensure_on_branch(self) -> None:
        """Refuse a commit that would land off every branch, or in the middle of a rebase, merge, ...

        Reads ``.git/HEAD`` and the marker files git leaves while it works: no git program is started.
        """
        git_dir = self.git_dir
        for marker, what, go_on in _IN_PROGRESS:
            if (git_dir / marker).exists():
                if marker == "rebase-apply" and (git_dir / marker / "applying").exists():
                    what, go_on = "git am", "git am --continue, or undo it: git am --abort"
                raise GitError(
                    f"{what} is in progress in this store, and a change made now would land in the middle of it. "
                    f"Finish it ({go_on}), then run the command again"
                )
        try:
            head = (git_dir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return  # git itself will say what is wrong
        if head.startswith("ref:"):
            return
        raise GitError(
            f"the store is not on a branch (HEAD is detached at {head[:7]}): a change made now would land on no "
            f"branch, and going back to the branch would leave it behind. Go back first with: git switch "
            f"{self._left_branch() or 'main'} ('git branch' lists the branches), then run the command again"
        )

    def _left_branch(self) -> str | None:
        """The branch the last 'git checkout' / 'git switch' left, from the end of HEAD's reflog."""
        try:
            with (self.git_dir / "logs" / "HEAD").open("rb") as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - 8192))
                tail = log.read().decode("utf-8", errors="replace")
        except OSError:
            return None
        for line in reversed(tail.splitlines()):
            if "\tcheckout: moving from " in line:
                left = line.split("\tcheckout: moving from ", 1)[1].split(" to ", 1)[0]
                if left and not (len(left) == 40 and all(c in "0123456789abcdef" for c in left)):
                    return left
        return None

    def edited(self, paths: Iterable[Path]) -> list[str]:
        """Those of ``paths`` that differ from HEAD in the work tree or the index."""
        names = [self.rel(p) for p in paths]
        if not names:
            return []
        status = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *names)
        return sorted({entry[3:] for entry in status.split("\0") if len(entry) > 3})

    def commit(self, paths: list[Path], message: str, new: Iterable[Path] = ()) -> None:
        """Commit exactly ``paths`` (already written) as one commit; other staged work stays staged.

        ``new`` are those of them git does not know yet: only they need ``git add`` first.
        """
        names = [self.rel(p) for p in paths]
        added = [self.rel(p) for p in new]
        if added:
            self.run("add", "--", *added)
        try:
            self.run("commit", "--quiet", "--only", "-m", message, "--", *names)
        except GitError as error:
            said = str(error)
            if any(sign in said for sign in ("tell me who you are", "default identity", "empty ident")):
                raise GitError(NO_IDENTITY) from None
            raise

    def unstage(self, paths: list[Path]) -> None:
        """Best effort after a failed commit: put the index entries back as in HEAD."""
        names = [self.rel(p) for p in paths]
        try:
            if self.has_head():
                self.run("reset", "-q", "HEAD", "--", *names)
            else:
                self.run("rm", "-q", "--cached", "--ignore-unmatch", "--", *names)
        except GitError:
            pass

    def merge_lines(self, ours: str, base: str, theirs: str, labels: tuple[str, str, str]) -> tuple[str, bool]:
        """Three texts merged by lines (git merge-file): the result, with conflict markers, and whether it is clean."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="vhuis-merge-") as folder:
            files = []
            for name, text in zip(("ours", "base", "theirs"), (ours, base, theirs), strict=True):
                path = Path(folder) / name
                path.write_text(text, encoding="utf-8", newline="\n")
                files.append(str(path))
            done = subprocess.run(
                ["git", "merge-file", "-p", "-L", labels[0], "-L", labels[1], "-L", labels[2], *files],
                capture_output=True,
                text=True,
                encoding="utf-8",
            )
        if done.returncode < 0 or done.returncode > 127:
            raise GitError(_git_says(done.stderr, done.returncode, "merge-file"))
        return done.stdout, done.returncode == 0


_IN_PROGRESS = (
    ("rebase-merge", "a git rebase", "git rebase --continue, or undo it: git rebase --abort"),
    ("rebase-apply", "a git rebase", "git rebase --continue, or undo it: git rebase --abort"),
    ("MERGE_HEAD", "a git merge", "git commit, or undo it: git merge --abort"),
    ("CHERRY_PICK_HEAD", "a git cherry-pick", "git cherry-pick --continue, or undo it: git cherry-pick --abort"),
    ("REVERT_HEAD", "a git revert", "git revert --continue, or undo it: git revert --abort"),
)


def _git_says(said: str, status: int, verb: str) -> str:
    lines = [line for line in said.strip().splitlines() if line.strip()]
    detail = "\n  ".join(lines[-6:]) if lines else f"exit status {status}"
    hint = ""
    if any(sign in said for sign in ("No space left on device", "Out of diskspace")):
        hint = "\nThe disk is full: make room on it, then run the command again."
    elif "index.lock" in said and "File exists" in said:
        hint = (
            "\nAnother git program seems to be working in this repository. If none is running "
            "(it crashed), remove the stale lock file named above and run the command again."
        )
    elif verb == "commit":
        hint = "\nGit refused the commit (a hook, or git itself: see its words above); the file is as it was."
    return f"git {verb} failed, so nothing was changed:\n  {detail}{hint}"


def init_repo(root: Path) -> None:
    """Make ``root`` a git repository unless it is inside one already."""
    try:
        Repo(root).top  # noqa: B018 - finding it is the test
    except StoreError:
        made = subprocess.run(["git", "init", "-q", "-b", "main", str(root)], capture_output=True, text=True)
        if made.returncode != 0:
            raise GitError(_git_says(made.stderr, made.returncode, "init")) from None


def clone_repo(url: str, target: Path) -> None:
    """``git clone`` of ``url`` into ``target``; a GitError in git's words when it cannot."""
    made = subprocess.run(
        ["git", "clone", "--quiet", "--origin", "origin", "--", url, str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": "C"},
    )
    if made.returncode != 0:
        raise GitError(_git_says(made.stderr, made.returncode, "clone"))
