"""The store's git repository: identity, hand edits, one commit per change.

Everything that runs git lives here, over GitPython (imported lazily: read
commands that need no git start faster without it). Git runs as a program with
an argument list, never through a shell.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from vhuis.errors import GitError, StoreError

if TYPE_CHECKING:
    import git


class Repo:
    """The git repository that holds a store (the store may be a folder inside it)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def git_repo(self) -> git.Repo:
        import git

        try:
            return git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(
                f"{self.root} is not inside a git repository; run 'git init' there, "
                "or make a new store with 'vhuis init'"
            ) from None

    @cached_property
    def top(self) -> Path:
        return Path(self.git_repo.working_tree_dir or self.root).resolve()

    @cached_property
    def git_dir(self) -> Path:
        """The repository's .git folder, found without starting git (read paths stay fast)."""
        for folder in (self.root, *self.root.parents):
            marker = folder / ".git"
            if marker.is_dir():
                return marker.resolve()
            if marker.is_file():
                pointer = marker.read_text(encoding="utf-8").strip().removeprefix("gitdir:").strip()
                return (folder / pointer).resolve()
        return Path(self.git_repo.git_dir).resolve()

    def rel(self, path: Path) -> str:
        """A path as git names it: relative to the top of the work tree, with '/'."""
        return path.resolve().relative_to(self.top).as_posix()

    def run(self, *args: str) -> str:
        import git

        try:
            return str(self.git_repo.git.execute(["git", *args], with_extended_output=False))
        except git.GitCommandError as error:
            raise GitError(_git_says(error, args[0])) from None

    def identity(self) -> str:
        """The author of the next commit, or a GitError that says how to set one."""
        import git

        try:
            return str(self.git_repo.git.var("GIT_AUTHOR_IDENT")).rsplit(">", 1)[0] + ">"
        except git.GitCommandError:
            raise GitError(
                "git does not know who you are, and every change in the store is signed "
                "with your name. Set it once:\n"
                '  git config --global user.name "Voornaam Naam"\n'
                '  git config --global user.email "naam@genk.be"'
            ) from None

    def has_head(self) -> bool:
        return self.git_repo.head.is_valid()

    def edited(self, paths: Iterable[Path]) -> list[str]:
        """Those of ``paths`` that differ from HEAD in the work tree or the index."""
        names = [self.rel(p) for p in paths]
        if not names:
            return []
        status = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *names)
        return sorted({entry[3:] for entry in status.split("\0") if len(entry) > 3})

    def commit(self, paths: list[Path], message: str) -> str:
        """Commit exactly ``paths`` (already written) as one commit; other staged work stays staged."""
        names = [self.rel(p) for p in paths]
        self.run("add", "--", *names)
        self.run("commit", "--quiet", "--only", "-m", message, "--", *names)
        return str(self.git_repo.head.commit.hexsha)

    def unstage(self, paths: list[Path]) -> None:
        """Best effort after a failed commit: put the index entries back as in HEAD."""
        import git

        names = [self.rel(p) for p in paths]
        try:
            if self.has_head():
                self.git_repo.git.reset("-q", "HEAD", "--", *names)
            else:
                self.git_repo.git.rm("-q", "--cached", "--ignore-unmatch", "--", *names)
        except git.GitCommandError:
            pass


def _git_says(error: git.GitCommandError, verb: str) -> str:
    said = (error.stderr or error.stdout or "").strip()
    said = said.removeprefix("stderr: ").strip().strip("'").strip()
    lines = [line for line in said.splitlines() if line.strip()]
    detail = "\n  ".join(lines[-6:]) if lines else f"exit status {error.status}"
    hint = ""
    if "index.lock" in said:
        hint = (
            "\nAnother git program seems to be working in this repository. If none is running "
            "(it crashed), remove the stale lock file named above and run the command again."
        )
    elif verb == "commit":
        hint = "\nGit refused the commit (a hook, or git itself: see its words above); the file is as it was."
    return f"git {verb} failed, so nothing was changed:\n  {detail}{hint}"


def init_repo(root: Path) -> None:
    """Make ``root`` a git repository unless it is inside one already."""
    import git

    try:
        git.Repo(root, search_parent_directories=True)
    except git.InvalidGitRepositoryError:
        git.Repo.init(root, initial_branch="main")
