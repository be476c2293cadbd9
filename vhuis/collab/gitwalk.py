"""Reading a repository's history quickly: the commits, what each changed against each parent, file versions.

Three git programs do all the reading, however long the history:

- ``git log -z`` lists every commit reachable from HEAD, children before parents,
  with its real parents (no history simplification) and fields separated by NUL,
  the one character a commit message cannot hold;
- ``git diff-tree --stdin`` names, in one run, the files that each given commit
  changed against each of its parents (a merge once per parent), with blobs and
  renames;
- one ``git cat-file --batch`` reads file versions, many per request.

No parsing of file contents here: bytes in, bytes out.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from typing import NamedTuple

from vhuis.errors import GitError
from vhuis.i18n import _
from vhuis.storage.repo import Repo, read_answer

# Requests written to cat-file before its answers are read: their lines must fit in a pipe's
# buffer (64 kB on Linux, 41 bytes a blob id), or git and vhuis would wait on each other.
BATCH = 400


class Commit(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    date: str  # the author date, ISO 8601
    author: str  # Name <email>
    message: str  # the subject line


class Move(NamedTuple):
    """One file a commit changed against one parent (a blob id of zeros: no such file on that side)."""

    status: str  # A, D, M, R, T (a rename keeps its old path in old_path)
    old_path: str
    new_path: str
    old_blob: str
    new_blob: str


def absent(blob: str) -> bool:
    return not blob.strip("0")


_FIELDS = ("%H", "%P", "%aI", "%an <%ae>", "%s")


def commits(repo: Repo) -> list[Commit]:
    """Every commit reachable from HEAD, newest first, children always before their parents."""
    fields_format = "--format=" + "%x00".join(_FIELDS)
    options = ["--date-order", "-z", "--no-show-signature", "--no-color", "--encoding=UTF-8", fields_format]
    out = repo.read("log", *options, "HEAD", "--")
    fields = out.decode("utf-8", errors="replace").split("\0")
    if fields and fields[-1] == "":
        fields.pop()
    size = len(_FIELDS)
    if len(fields) % size:
        raise GitError(_("git log gave output vhuis cannot read (a NUL in a commit message?)"))
    return [
        Commit(fields[i].strip("\n"), tuple(fields[i + 1].split()), fields[i + 2], fields[i + 3], fields[i + 4])
        for i in range(0, len(fields), size)
    ]


def changes(repo: Repo, todo: list[Commit], pathspec: list[str]) -> dict[str, list[list[Move]]]:
    """For each commit, the files it changed against each parent, in parent order (a root: against nothing)."""
    lines: list[str] = []
    asked: list[str] = []
    for commit in todo:
        if len(commit.parents) <= 1:
            lines.append(commit.sha)
            asked.append(commit.sha)
        else:
            for parent in commit.parents:
                lines.append(f"{commit.sha} {parent}")
                asked.append(commit.sha)
    found: dict[str, list[list[Move]]] = {commit.sha: [] for commit in todo}
    if not lines:
        return found
    out = repo.read(
        "diff-tree",
        "--stdin",
        "--always",
        "--root",
        "-r",
        "-z",
        "--no-abbrev",
        "-M",
        "--",
        *pathspec,
        stdin="".join(f"{line}\n" for line in lines).encode(),
    )
    tokens = out.decode("utf-8", errors="surrogateescape").split("\0")
    index = 0
    record = -1
    while index < len(tokens):
        token = tokens[index].strip("\n")
        index += 1
        if not token:
            continue
        if not token.startswith(":"):  # the next commit's header (--always prints one even for no change)
            record += 1
            if record >= len(asked) or token != asked[record]:
                raise GitError(_("git diff-tree gave output vhuis cannot read"))
            found[token].append([])
            continue
        meta = token[1:].split()
        status = meta[4][0]
        old_path = tokens[index]
        index += 1
        new_path = old_path
        if status in "RC":
            new_path = tokens[index]
            index += 1
        found[asked[record]][-1].append(Move(status, old_path, new_path, meta[2], meta[3]))
    return found


class Reader:
    """File versions by blob id or ``commit:path``, many to a request, through one ``git cat-file --batch``."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.process: subprocess.Popen[bytes] | None = None
        self.known: dict[str, tuple[str, bytes] | None] = {}  # name -> (blob id, content), None: no such file

    def fetch(self, names: Iterable[str]) -> None:
        wanted = [n for n in dict.fromkeys(names) if n not in self.known and "\n" not in n]
        for start in range(0, len(wanted), BATCH):
            self._fetch(wanted[start : start + BATCH])

    def _fetch(self, names: list[str]) -> None:
        if self.process is None:
            self.process = self.repo.reader()
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("".join(f"{name}\n" for name in names).encode("utf-8", errors="surrogateescape"))
        self.process.stdin.flush()
        for name in names:
            self.known[name] = read_answer(self.process.stdout)

    def get(self, name: str) -> tuple[str, bytes] | None:
        """The blob id and content of a version, or None when there is no such file."""
        if name not in self.known:
            self.fetch([name])
        return self.known.get(name)

    def close(self) -> None:
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            self.process.wait()
            self.process = None
