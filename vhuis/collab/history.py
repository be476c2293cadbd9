"""The store's history from git, told in the office's own terms.

Every commit reachable from HEAD is read, on every side of every merge (no
history simplification), and each version of a file is compared with its parent
by vhuis.collab.changes: ``added signal S3``, ``status: analysis -> planned``. Hand edits
committed with plain git are explained the same way.

A commit gives one Entry per case file it touched (``case`` is the case id), and
one more with ``case`` None for its other files (meetings, partners, settings,
minutes). A merge appears only where it did something of its own: an entry
renumbered, a clash settled (``clash settled: status kept active``), or a change
made while merging; the commits of both sides are listed in their own right.

Commits never change, so what was said about each commit is cached in
``.git/vhuis/history.json``, keyed by commit and by a fingerprint of the code
that describes; a missing, corrupt or stale cache is rebuilt. Entries are
yielded as they are worked out, so the first lines show at once.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vhuis import __version__, i18n
from vhuis.collab import gitwalk
from vhuis.collab.changes import (
    Broken,
    file_kind,
    file_sentences,
    in_store,
    merge_changes,
    read_version,
    rebased_renumbering,
)
from vhuis.collab.gitwalk import Commit, Move
from vhuis.errors import NotFound
from vhuis.i18n import _

if TYPE_CHECKING:
    from vhuis.storage.store import Store


@dataclass(frozen=True)
class Entry:
    """What one commit did to one case (or, with case None, to the store's other files)."""

    commit: str
    date: str
    author: str
    message: str
    case: str | None
    changes: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "message": self.message,
            "case": self.case,
            "changes": self.changes,
        }


# -- the cache --------------------------------------------------------------------------

CACHE_FILE = "history.json"
_DESCRIBING = (  # relative to the vhuis package
    "collab/changes.py",
    "collab/history.py",
    "collab/gitwalk.py",
    "collab/merge.py",
    "model.py",
    "vocab.py",
    "clock.py",
    "storage/yamlfile.py",
)


def code_version() -> str:
    """A fingerprint of the code that describes commits: a new vhuis never trusts an old description.

    The sentences are in the active language: another language, or other words for it (its
    catalog), never reads a description cached for the first.
    """
    digest = hashlib.sha256(__version__.encode())
    language = i18n.active()
    digest.update(language.encode())
    catalog = f"locale/{language}/LC_MESSAGES/{i18n.DOMAIN}.mo"
    for module in (*_DESCRIBING, *([catalog] if language != i18n.SOURCE else [])):
        try:
            digest.update((Path(__file__).parent.parent / module).read_bytes())
        except OSError:
            digest.update(module.encode())
    return digest.hexdigest()[:16]


def _well_formed(move: Any) -> bool:
    return (
        isinstance(move, list)
        and len(move) == len(Move._fields)
        and all(isinstance(part, str) for part in move)
        and len(move[0]) == 1
    )


class _Cache:
    """What was said about each commit: its changes against each parent, and its sentences per file.

    Entries are checked as they are used; anything that does not look right is
    worked out again. Written atomically when it grew; failing to write is not an error.
    """

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.version = code_version()
        self.prefix = prefix
        self.commits: dict[str, Any] = {}
        self.changed = False
        try:
            stored = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return
        if (
            isinstance(stored, dict)
            and stored.get("version") == self.version
            and stored.get("prefix") == prefix
            and isinstance(stored.get("commits"), dict)
        ):
            self.commits = stored["commits"]

    def moves(self, sha: str) -> list[list[Move]] | None:
        entry = self.commits.get(sha)
        sides = entry.get("moves") if isinstance(entry, dict) else None
        if not isinstance(sides, list) or not all(isinstance(side, list) for side in sides):
            return None
        moves = [[Move(*move) for move in side if _well_formed(move)] for side in sides]
        if sum(map(len, moves)) != sum(map(len, sides)):
            return None
        return moves

    def set_moves(self, sha: str, moves: list[list[Move]]) -> None:
        self.commits[sha] = {"moves": [[list(move) for move in side] for side in moves], "said": {}}
        self.changed = True

    def said(self, sha: str, path: str) -> list[str] | None:
        entry = self.commits.get(sha)
        said = entry.get("said") if isinstance(entry, dict) else None
        sentences = said.get(path) if isinstance(said, dict) else None
        if isinstance(sentences, list) and all(isinstance(s, str) for s in sentences):
            return sentences
        return None

    def set_said(self, sha: str, path: str, sentences: list[str]) -> None:
        entry = self.commits.get(sha)
        if isinstance(entry, dict):
            if not isinstance(entry.get("said"), dict):
                entry["said"] = {}
            entry["said"][path] = sentences
            self.changed = True

    def save(self, reachable: set[str]) -> None:
        if not self.changed:
            return
        if len(self.commits) > len(reachable) + 1000:  # many commits no longer reachable (rebased away)
            self.commits = {sha: entry for sha, entry in self.commits.items() if sha in reachable}
        from vhuis.storage.store import atomic_write

        text = json.dumps(
            {"version": self.version, "prefix": self.prefix, "commits": self.commits}, separators=(",", ":")
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, text)
        except OSError:
            pass


# -- the walk -----------------------------------------------------------------------


class _Walk:
    """One reading of the history: the commits, their changes (cached), and parsed versions."""

    def __init__(self, store: Store, prefix: str) -> None:
        self.repo = store.repo
        self.prefix = prefix
        self.commits = gitwalk.commits(store.repo)
        self.by_sha = {commit.sha: commit for commit in self.commits}
        self.order = {commit.sha: index for index, commit in enumerate(self.commits)}
        self.cache = _Cache(store.repo.git_dir / "vhuis" / CACHE_FILE, prefix)
        self.reader = gitwalk.Reader(store.repo)
        self.parsed: dict[tuple[str, str], Any] = {}
        self.known: dict[str, list[list[Move]]] = {}
        self.pathspec = [prefix.rstrip("/")] if prefix else []
        self.chunk = 16
        self.batch = 8
        self.fetched = 0  # the versions of commits before this index were read ahead
        self.bases: dict[tuple[str, str], str | None] = {}

    def moves(self, sha: str) -> list[list[Move]]:
        """The store files a commit changed against each parent; asked of git for many commits at once."""
        if sha not in self.known:
            todo: list[Commit] = []
            for commit in self.commits[self.order[sha] :]:
                if commit.sha in self.known:
                    continue
                cached = self.cache.moves(commit.sha)
                if cached is not None and len(cached) == max(1, len(commit.parents)):
                    self.known[commit.sha] = cached
                    continue
                todo.append(commit)
                if len(todo) >= self.chunk:
                    break
            self.chunk = min(self.chunk * 4, 4096)
            for found, moves in gitwalk.changes(self.repo, todo, self.pathspec).items():
                moves = [[m for m in side if self._ours(m)] for side in moves]
                self.known[found] = moves
                self.cache.set_moves(found, moves)
        return self.known[sha]

    def close(self) -> None:
        self.reader.close()
        self.cache.save(set(self.by_sha))

    def _ours(self, move: Move) -> bool:
        """Whether a change is to one of the store's own files."""
        names = [p[len(self.prefix) :] for p in (move.new_path, move.old_path) if p.startswith(self.prefix)]
        return any(in_store(name) for name in names)

    def paths(self, sha: str) -> list[str]:
        """The files (as git names them) a commit changed against any parent, in order."""
        return list(dict.fromkeys(m.new_path for side in self.moves(sha) for m in side))

    # -- sentences ---------------------------------------------------------------

    def said(self, index: int, path: str, ahead: bool = True) -> list[str]:
        """The sentences for one file of one commit; ``ahead``: read what the next commits need too."""
        commit = self.commits[index]
        sentences = self.cache.said(commit.sha, path)
        if sentences is None:
            if ahead:
                self._prefetch(index)
            sentences = self._describe(commit, path)
            self.cache.set_said(commit.sha, path, sentences)
        return sentences

    def _prefetch(self, index: int) -> None:
        """Read, in one request, the versions that this and the next commits not yet described will need."""
        if index < self.fetched:
            return
        end = index + self.batch
        names: list[str] = []
        for commit in self.commits[index:end]:
            for path in self.paths(commit.sha):
                if self.cache.said(commit.sha, path) is None:
                    names += self._needs(commit, path)
        self.reader.fetch(names)
        self.fetched = end
        self.batch = min(self.batch * 2, 256)

    def _needs(self, commit: Commit, path: str) -> list[str]:
        blobs = [b for side in self.moves(commit.sha) for m in side if m.new_path == path for b in m[3:]]
        names = [b for b in blobs if not gitwalk.absent(b)]
        if len(commit.parents) > 1:
            base = self._merge_base(commit.parents[0], commit.parents[1])
            if base is not None:
                names.append(f"{base}:{self._side_path(commit, 0, path)}")
        return names

    def _side_path(self, commit: Commit, side: int, path: str) -> str:
        move = next((m for m in self.moves(commit.sha)[side] if m.new_path == path), None)
        return move.old_path if move is not None else path

    def _version(self, name: str, path: str) -> tuple[str, Any]:
        """The blob id and parsed version of a version (a blob id or commit:path); ('', None) when absent."""
        if gitwalk.absent(name):
            return "", None
        found = self.reader.get(name)
        if found is None:
            return "", None
        blob, raw = found
        kind = file_kind(path[len(self.prefix) :])
        key = (kind, blob)
        if key not in self.parsed:
            self.parsed[key] = read_version(kind, raw, path[len(self.prefix) :])
        return blob, self.parsed[key]

    def _describe(self, commit: Commit, path: str) -> list[str]:
        sides = self.moves(commit.sha)
        if len(sides) > 1:
            return self._describe_merge(commit, path)
        move = next((m for m in sides[0] if m.new_path == path), None)
        if move is None:
            return []
        name = path[len(self.prefix) :]
        old_name = move.old_path[len(self.prefix) :]
        kind, old_kind = file_kind(name), file_kind(old_name)
        new = self._version(move.new_blob, path)[1]
        old = self._version(move.old_blob, move.old_path if old_kind == kind else "")[1]
        last_valid = self._last_valid(commit, move.old_path) if isinstance(old, Broken) else None
        sentences = file_sentences(kind, name, old, new, last_valid)
        if move.status == "R" and kind != "case":
            sentences = [_("renamed {old} to {new}").format(old=old_name, new=name), *sentences]
        if kind == "case":
            sentences = rebased_renumbering(commit.message, name[6:-5], old, new, sentences)
        if not sentences and move.old_blob != move.new_blob:
            sentences = [_("file rewritten without a change in content")]
        return sentences

    def _describe_merge(self, commit: Commit, path: str) -> list[str]:
        sides = self.moves(commit.sha)
        moves = [next((m for m in side if m.new_path == path), None) for side in sides]
        result_blob = next(m.new_blob for m in moves if m is not None)
        blobs = [result_blob if m is None else m.old_blob for m in moves]
        base = self._merge_base(commit.parents[0], commit.parents[1]) if len(commit.parents) == 2 else None
        base_name = f"{base}:{self._side_path(commit, 0, path)}" if base is not None else ""
        found = self.reader.get(base_name) if base_name else None
        base_blob = found[0] if found is not None else ""
        blob_of = [b if not gitwalk.absent(b) else "" for b in blobs]
        result_id = "" if gitwalk.absent(result_blob) else result_blob
        for taken, blob in enumerate(
            blob_of
        ):  # took one side whole, and only that side had changed: nothing of its own
            if blob == result_id and all(b == base_blob for i, b in enumerate(blob_of) if i != taken):
                return []
        name = path[len(self.prefix) :]
        kind = file_kind(name)
        result = self._version(result_blob, path)[1]
        versions = [self._version(b, path)[1] for b in blobs]
        before = self._version(base_name, path)[1] if base_name else None
        return merge_changes(kind, name, before, versions, result)

    def _last_valid(self, commit: Commit, path: str) -> Any:
        """The last valid version of a file before ``commit``, along first parents (None: never valid)."""
        sha = commit.parents[0] if commit.parents else None
        while sha is not None and sha in self.by_sha:
            move = next((m for m in self.moves(sha)[0] if m.new_path == path), None)
            if move is not None:
                version = self._version(move.new_blob, path)[1]
                if version is not None and not isinstance(version, Broken):
                    return version
                if move.status == "A":
                    return None
                path = move.old_path
            parents = self.by_sha[sha].parents
            sha = parents[0] if parents else None
        return None

    def _merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor of two commits (the newest, on a criss-cross)."""
        if (one, other) not in self.bases:
            self.bases[one, other] = self._find_base(one, other)
        return self.bases[one, other]

    def _find_base(self, one: str, other: str) -> str | None:
        mine = self._ancestors([one])
        common: list[str] = []
        seen: set[str] = set()
        todo = [other]
        while todo:
            sha = todo.pop()
            if sha in seen:
                continue
            seen.add(sha)
            if sha in mine:
                common.append(sha)
                continue
            todo += self.by_sha[sha].parents if sha in self.by_sha else []
        if not common:
            return None
        below = self._ancestors([p for sha in common for p in self.by_sha[sha].parents])
        best = [sha for sha in common if sha not in below]
        return min(best or common, key=lambda sha: self.order.get(sha, 0))

    def _ancestors(self, start: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(start)
        while todo:
            sha = todo.pop()
            if sha not in seen:
                seen.add(sha)
                todo += self.by_sha[sha].parents if sha in self.by_sha else []
        return seen

    # -- entries ------------------------------------------------------------------

    def store_entries(self, since: date | None) -> Iterator[Entry]:
        for index, commit in enumerate(self.commits):
            if since is not None and date.fromisoformat(commit.date[:10]) < since:
                continue
            paths = self.paths(commit.sha)
            if not paths:
                continue
            by_case: dict[str | None, list[str]] = {}
            for path in paths:
                name = path[len(self.prefix) :]
                case = name[6:-5] if file_kind(name) == "case" else None
                sentences = self.said(index, path)
                if sentences:
                    by_case.setdefault(case, []).extend(sentences)
            if not by_case and len(commit.parents) <= 1:
                by_case[None] = []
            cases = sorted(c for c in by_case if c is not None)
            for case in [*cases, *([None] if None in by_case else [])]:
                yield Entry(commit.sha, commit.date, commit.author, commit.message, case, by_case[case])

    def case_entries(self, case_id: str, since: date | None) -> Iterator[Entry]:
        """Follow one case back from HEAD along every parent, through renumbering."""
        wanted: dict[str, set[str]] = {}
        if self.commits:
            wanted[self.commits[0].sha] = {f"{self.prefix}cases/{case_id}.yaml"}
        for index, commit in enumerate(self.commits):
            paths = wanted.pop(commit.sha, None)
            if not paths:
                continue
            sides = self.moves(commit.sha)
            in_range = since is None or date.fromisoformat(commit.date[:10]) >= since
            for path in sorted(paths):
                if in_range and any(m.new_path == path for side in sides for m in side):
                    sentences = self.said(index, path, ahead=False)
                    if sentences:
                        yield Entry(commit.sha, commit.date, commit.author, commit.message, case_id, sentences)
            for parent, side in zip(commit.parents, sides, strict=False):
                for path in paths:
                    move = next((m for m in side if m.new_path == path), None)
                    if move is None or move.status not in "AC":
                        wanted.setdefault(parent, set()).add(path if move is None else move.old_path)


def history(store: Store, case_id: str | None = None, since: date | None = None) -> Generator[Entry, None, None]:
    """The entries of the commits that touched the store (or one case), newest first, as they are worked out.

    Close the iterator when stopping early (``contextlib.closing``): that saves what was learnt.
    A case that never was (no file, and no commit that held one) is NotFound, once the walk found nothing.
    """
    repo = store.repo
    path = None if case_id is None else store.case_path(case_id)
    if not repo.has_head():
        if path is not None and not os.path.lexists(path):
            raise _never_was(store, path)
        return
    walk = _Walk(store, repo.prefix)
    try:
        if case_id is None:
            yield from walk.store_entries(since)
            return
        told = False
        for entry in walk.case_entries(case_id, since):
            told = True
            yield entry
        if path is None or told or os.path.lexists(path):
            return
        if since is None or next(walk.case_entries(case_id, None), None) is None:
            raise _never_was(store, path)
    finally:
        walk.close()


def _never_was(store: Store, path: Path) -> NotFound:
    return NotFound(
        _("there is no case {case} (no {file}, and no commit ever held one); 'vhuis case list' shows the cases").format(
            case=path.name.removesuffix(".yaml"), file=store.rel(path)
        )
    )
