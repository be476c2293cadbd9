"""The store's git repository: identity, hand edits, one commit per change, and every git program vhuis starts.

Every git command vhuis runs goes through this module (``_start``): with an
argument list, never through a shell, in the C locale, with ``VHUIS_CHECKED``
set (see CHECKED_ENV) and no terminal input. ``Repo.run`` is for commands whose
failure is an error (a GitError in git's words); ``Repo.try_run`` for those whose
failure is an answer (a push the remote rejected, a merge that stopped on a
conflict, ``merge-base --is-ancestor``). File versions are read with one
``git cat-file --batch`` (``Repo.blobs``, or ``Repo.reader`` for a long read).
The write path starts no GitPython: vhuis does not use GitPython at all.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO

from vhuis.errors import GitError, StoreError
from vhuis.i18n import N_, _

NO_IDENTITY = N_(
    "git does not know who you are, and every change in the store is signed with your name. Set it once:\n"
    '  git config --global user.name "Voornaam Naam"\n'
    '  git config --global user.email "naam@genk.be"'
)
# Set on every git command vhuis runs: what vhuis commits it has validated already, so the
# pre-commit hook it installs (vhuis/collab/gitsetup.py) has nothing to check.
CHECKED_ENV = "VHUIS_CHECKED"


@dataclass(frozen=True)
class Done:
    """A git command that ran: its exit status and what it printed (less one final newline)."""

    status: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.status == 0


@dataclass(frozen=True)
class Config:
    """git's configuration as one ``git config --list`` read it (``Repo.config``): valid until git changes it.

    A sync reads it once instead of a ``git config --get`` for each setting: nothing a sync does
    before it pushes changes the branch and remote settings it reads.
    """

    entries: tuple[tuple[str, str, str | None], ...]  # (scope, key as git prints it, value: None for "key" alone)

    def get(self, key: str, scope: str | None = None) -> str | None:
        """What ``git config [--local] --get KEY`` prints (the last value; "" for a key without one), None when unset.

        Section and name match in any case, a subsection (a branch's name) exactly, as git matches them.
        """
        section, dot, rest = key.partition(".")
        middle, _dot, name = rest.rpartition(".")
        key = f"{section.lower()}{dot}{middle}{_dot}{name.lower()}"
        found: str | None = None
        for where, setting, value in self.entries:
            if setting == key and (scope is None or where == scope):
                found = value or ""
        return found

    def has_remote(self, remote: str) -> bool:
        """Whether any setting names the remote ``remote`` (``git remote`` lists it then)."""
        prefix = f"remote.{remote}."
        return any(name.startswith(prefix) and "." not in name[len(prefix) :] for _scope, name, _value in self.entries)


def _start(
    args: Iterable[str], cwd: Path | None, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The one place vhuis starts a git program and waits for it."""
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        env=_env(env),
    )


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", CHECKED_ENV: "1", **(extra or {})}


def _text(raw: bytes) -> str:
    """git's output as text, lines ending in '\\n' (as Python's text mode reads them), less one final newline."""
    text = raw.decode("utf-8", errors="surrogateescape")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removesuffix("\n")


class Repo:
    """The git repository that holds a store (the store may be a folder inside it)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _not_a_repository(self) -> str:
        return _(
            "{folder} is not inside a git repository; run 'git init' there, or make a new store with 'vhuis init'"
        ).format(folder=self.root)

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

    def prefix_of(self, folder: Path) -> str:
        """A folder as git names it, with a trailing '/' ('' at the top of the work tree)."""
        rel = self.rel(folder)
        return "" if rel == "." else rel + "/"

    @cached_property
    def prefix(self) -> str:
        """Where the store sits in the repository: its folder as git names it, with a trailing '/' ('' at the top)."""
        return self.prefix_of(self.root)

    def run(self, *args: str, env: dict[str, str] | None = None) -> str:
        """What git prints (less one final newline), or a GitError that quotes it."""
        done = _start(args, self.top, env=env)
        if done.returncode != 0:
            said = done.stderr or done.stdout
            raise GitError(_git_says(said.decode("utf-8", errors="replace"), done.returncode, args[0]))
        return _text(done.stdout)

    def try_run(self, *args: str, env: dict[str, str] | None = None) -> Done:
        """A git command whose failure is an answer (a rejected push, a merge that stopped): never raises."""
        done = _start(args, self.top, env=env)
        return Done(done.returncode, _text(done.stdout), _text(done.stderr))

    def succeeds(self, *args: str) -> bool:
        """Whether a git command exits 0 (``merge-base --is-ancestor``, ``rev-parse --verify``, ...)."""
        return _start(args, self.top).returncode == 0

    def read(self, *args: str, stdin: bytes | None = None) -> bytes:
        """What git prints, as bytes (for output vhuis splits on NUL itself), or a GitError that quotes it."""
        done = _start(args, self.top, stdin=stdin)
        if done.returncode != 0:
            raise GitError(_git_says(done.stderr.decode("utf-8", errors="replace"), done.returncode, args[0]))
        return done.stdout

    def filter_repo(self, *args: str) -> str:
        """git-filter-repo (a dependency of vhuis: one Python module), run by this Python; what it printed.

        It rewrites every commit of every ref; a GitError quotes it when it fails.
        """
        import importlib.util

        if importlib.util.find_spec("git_filter_repo") is None:
            raise GitError(
                _(
                    "git-filter-repo is not installed with this vhuis; install it (pip install git-filter-repo) "
                    "and run the command again"
                )
            )
        done = subprocess.run(
            [sys.executable, "-m", "git_filter_repo", *args],
            cwd=self.top,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=_env(),
        )
        if done.returncode != 0:
            said = (done.stderr or done.stdout).decode("utf-8", errors="replace")
            raise GitError(_git_says(said, done.returncode, "filter-repo"))
        return _text(done.stdout)

    def reader(self) -> subprocess.Popen[bytes]:
        """A ``git cat-file --batch`` left running, for a long read of many versions (see read_answer)."""
        return subprocess.Popen(
            ["git", "cat-file", "--batch"], cwd=self.top, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env()
        )

    def blobs(self, specs: list[str]) -> dict[str, bytes | None]:
        """The content of each ``REV:PATH`` (``:PATH``: the staged version; or a blob id), None where there is none."""
        if not specs:
            return {}
        out = io.BytesIO(self.read("cat-file", "--batch", stdin="".join(f"{spec}\n" for spec in specs).encode()))
        found: dict[str, bytes | None] = {}
        for spec in specs:
            answer = read_answer(out)
            found[spec] = answer[1] if answer is not None else None
        return found

    def folders(self, specs: list[str]) -> dict[str, dict[str, tuple[str, str]]]:
        """The entries of each folder ``REV:PATH`` as ``git ls-tree REV -- PATH/`` lists them, by one ``cat-file``.

        Name -> (mode, object id); empty where the revision has no such folder.
        """
        if not specs:
            return {}
        out = io.BytesIO(self.read("cat-file", "--batch", stdin="".join(f"{spec}\n" for spec in specs).encode()))
        found: dict[str, dict[str, tuple[str, str]]] = {}
        for spec in specs:
            answer = read_object(out)
            found[spec] = _tree_entries(answer[2], len(answer[0]) // 2) if answer and answer[1] == "tree" else {}
        return found

    def as_of(self, names: list[str], until: str) -> dict[str, bytes | None]:
        """Each file (as git names it) as it was in the last commit made at or before ``until`` (a git date).

        Two git programs, however many files: the commit, then one ``cat-file --batch``. None for a file
        that commit did not have, and for every file when no commit is that old.
        """
        if not names or not self.has_head():
            return dict.fromkeys(names)
        commit = self.run("rev-list", "-1", f"--until={until}", "HEAD")
        if not commit:
            return dict.fromkeys(names)
        found = self.blobs([f"{commit}:{name}" for name in names])
        return {name: found[f"{commit}:{name}"] for name in names}

    def config(self) -> Config:
        """Every git setting of every scope, in git's order, read by one ``git config --list``."""
        said = self.run("config", "-z", "--list", "--show-scope").split("\0")  # scope NUL key [LF value] NUL
        entries: list[tuple[str, str, str | None]] = []
        for scope, setting in zip(said[0::2], said[1::2], strict=False):
            key, newline, value = setting.partition("\n")
            entries.append((scope, key, value if newline else None))
        return Config(tuple(entries))

    def common_dir(self) -> Path:
        """Where git keeps what linked worktrees share (info/, hooks/, config): the .git folder, or what
        a linked worktree's ``commondir`` file names (gitrepository-layout), found without starting git.
        """
        try:
            named = (self.git_dir / "commondir").read_text(encoding="utf-8").strip()
        except OSError:
            return self.git_dir
        return (self.git_dir / named).resolve() if named else self.git_dir

    def heads(self) -> tuple[str, str | None] | None:
        """HEAD's commit and the branch it names (as ``git symbolic-ref --short HEAD`` says; None when detached),
        by one ``git rev-parse``; None when HEAD names no commit yet.
        """
        done = self.try_run("rev-parse", "HEAD", "--abbrev-ref=loose", "HEAD")
        lines = done.out.split("\n")
        if not done.ok or len(lines) != 2:
            return None
        return lines[0], None if lines[1] == "HEAD" else lines[1]

    def identity(self) -> str:
        """The author of the next commit, or a GitError that says how to set one."""
        try:
            return self.run("var", "GIT_AUTHOR_IDENT").rsplit(">", 1)[0] + ">"
        except GitError:
            raise GitError(_(NO_IDENTITY)) from None

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
        for marker, what, go_on, undo in _IN_PROGRESS:
            if (git_dir / marker).exists():
                if marker == "rebase-apply" and (git_dir / marker / "applying").exists():
                    what, go_on, undo = "git am", "git am --continue", "git am --abort"
                raise GitError(
                    _(
                        "a {what} is in progress in this store, and a change made now would land in the middle of it. "
                        "Finish it ({go_on}, or undo it: {undo}), then run the command again"
                    ).format(what=what, go_on=go_on, undo=undo)
                )
        try:
            head = (git_dir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return  # git itself will say what is wrong
        if head.startswith("ref:"):
            return
        raise GitError(
            _(
                "the store is not on a branch (HEAD is detached at {commit}): a change made now would land on no "
                "branch, and going back to the branch would leave it behind. Go back first with: git switch "
                "{branch} ('git branch' lists the branches), then run the command again"
            ).format(commit=head[:7], branch=self._left_branch() or "main")
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
        return self.uncommitted([self.rel(p) for p in paths])

    def uncommitted(self, names: list[str]) -> list[str]:
        """The files under ``names`` (as git names them, folders too) that differ from HEAD or git does not know."""
        if not names:
            return []
        status = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *names)
        return sorted({entry[3:] for entry in status.split("\0") if len(entry) > 3})

    def commit_paths(
        self, paths: list[Path], message: str, new: Iterable[Path] = (), gone: Iterable[Path] = ()
    ) -> None:
        """Commit exactly ``paths`` as they are in the work tree, as one commit; other staged work stays staged.

        ``new`` are those of them git does not know yet: only they need ``git add`` first.
        ``gone`` are files removed from the work tree whose removal the commit records too.
        """
        names = [self.rel(p) for p in paths]
        added = [self.rel(p) for p in new]
        removed = [self.rel(p) for p in gone]
        if added:
            self.run("add", "--", *added)
        try:
            self.run("commit", "--quiet", "--only", "-m", message, "--", *names, *removed)
        except GitError as error:
            said = str(error)
            if any(sign in said for sign in ("tell me who you are", "default identity", "empty ident")):
                raise GitError(_(NO_IDENTITY)) from None
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
                files.append(path)
            clean = merge_file(files[0], files[1], files[2], labels)
            return files[0].read_text(encoding="utf-8"), clean


def merge_file(ours: Path, base: Path, theirs: Path, labels: tuple[str, str, str] = ("ours", "base", "theirs")) -> bool:
    """``git merge-file``: ``theirs`` merged into ``ours`` (rewritten, conflict markers where lines clash); clean?

    Needs no repository: the merge driver runs it on git's temporary files.
    """
    args = ["merge-file", "-L", labels[0], "-L", labels[1], "-L", labels[2], str(ours), str(base), str(theirs)]
    done = _start(args, None)
    if done.returncode < 0 or done.returncode > 127:
        raise GitError(_git_says(done.stderr.decode("utf-8", errors="replace"), done.returncode, "merge-file"))
    return done.returncode == 0


def read_answer(out: IO[bytes]) -> tuple[str, bytes] | None:
    """The next answer of ``git cat-file --batch``: the blob id and content, None for no such file (or not a file)."""
    answer = read_object(out)
    return (answer[0], answer[2]) if answer is not None and answer[1] == "blob" else None


def read_object(out: IO[bytes]) -> tuple[str, str, bytes] | None:
    """The next answer of ``git cat-file --batch``: the object's id, type and content; None for no such object."""
    header = out.readline().decode("utf-8", errors="replace").split()
    if len(header) < 3 or header[-1] in ("missing", "ambiguous") or not header[2].isdigit():
        return None
    size = int(header[2])
    content = out.read(size)
    out.read(1)  # the newline after the content
    return header[0], header[1], content


def _tree_entries(raw: bytes, id_size: int) -> dict[str, tuple[str, str]]:
    """A tree object's entries (git's format: MODE SP NAME NUL and the id's bytes): name -> (mode, id in hex)."""
    entries: dict[str, tuple[str, str]] = {}
    at = 0
    while at < len(raw):
        space = raw.index(b" ", at)
        nul = raw.index(b"\0", space)
        name = raw[space + 1 : nul].decode("utf-8", errors="surrogateescape")
        mode = f"{int(raw[at:space], 8):06o}"  # as ls-tree prints it: a folder's 40000 is 040000
        entries[name] = (mode, raw[nul + 1 : nul + 1 + id_size].hex())
        at = nul + 1 + id_size
    return entries


_IN_PROGRESS = (  # git's marker file, the work in progress, how to finish it, how to undo it
    ("rebase-merge", "git rebase", "git rebase --continue", "git rebase --abort"),
    ("rebase-apply", "git rebase", "git rebase --continue", "git rebase --abort"),
    ("MERGE_HEAD", "git merge", "git commit", "git merge --abort"),
    ("CHERRY_PICK_HEAD", "git cherry-pick", "git cherry-pick --continue", "git cherry-pick --abort"),
    ("REVERT_HEAD", "git revert", "git revert --continue", "git revert --abort"),
)


def _git_says(said: str, status: int, verb: str) -> str:
    lines = [line for line in said.strip().splitlines() if line.strip()]
    detail = "\n  ".join(lines[-6:]) if lines else _("exit status {status}").format(status=status)
    hint = ""
    if any(sign in said for sign in ("No space left on device", "Out of diskspace")):
        hint = "\n" + _("The disk is full: make room on it, then run the command again.")
    elif "index.lock" in said and "File exists" in said:
        hint = "\n" + _(
            "Another git program seems to be working in this repository. If none is running "
            "(it crashed), remove the stale lock file named above and run the command again."
        )
    elif verb == "commit":
        hint = "\n" + _("Git refused the commit (a hook, or git itself: see its words above); the file is as it was.")
    return _("git {verb} failed, so nothing was changed:").format(verb=verb) + f"\n  {detail}{hint}"


def init_repo(root: Path) -> None:
    """Make ``root`` a git repository unless it is inside one already."""
    try:
        Repo(root).top  # noqa: B018 - finding it is the test
    except StoreError:
        made = _start(["init", "-q", "-b", "main", str(root)], None)
        if made.returncode != 0:
            raise GitError(_git_says(made.stderr.decode("utf-8", errors="replace"), made.returncode, "init")) from None


def clone_repo(url: str, target: Path) -> None:
    """``git clone`` of ``url`` into ``target``; a GitError in git's words when it cannot."""
    made = _start(["clone", "--quiet", "--origin", "origin", "--", url, str(target)], None)
    if made.returncode != 0:
        raise GitError(_git_says(made.stderr.decode("utf-8", errors="replace"), made.returncode, "clone"))
