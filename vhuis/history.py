"""The store's history from git, told in the office's own terms.

Every commit reachable from HEAD is read, on every side of every merge (no
history simplification), and each version of a file is compared with its parent
as parsed YAML, not as lines: ``added signal S3``, ``status: analysis -> planned``,
``C2 due: 2026-06-30 -> 2026-07-15``. Hand edits committed with plain git are
explained the same way; a hand edit that breaks a file says why, and its repair is
compared with the last valid version.

A commit gives one Entry per case file it touched (``case`` is the case id), and
one more with ``case`` None for its other files (meetings, partners, settings,
minutes). A merge appears only where it did something of its own: an entry
renumbered, a clash settled (``clash settled: status kept active``), or a change
made while merging; the commits of both sides are listed in their own right.

Commits never change, so what was said about each commit is cached in
``.git/vhuis/history.json``, keyed by commit and by a fingerprint of the code
that describes; a missing, corrupt or stale cache is rebuilt. Entries are
yielded as they are worked out, so the first lines show at once.

The functions that compare versions (case_changes, describe, merge_changes) are pure.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vhuis import __version__, gitwalk
from vhuis.errors import InvalidData
from vhuis.gitwalk import Commit, Move
from vhuis.vocab import CASE_ID

if TYPE_CHECKING:
    from vhuis.store import Store

TEXT_FIELDS = {
    "title",
    "summary",
    "action",
    "text",
    "problem",
    "socio_economic",
    "environment",
    "offenders",
    "victims",
    "notes",
}
ENTRY_SECTIONS = (("signals", "signal"), ("measures", "measure"), ("commitments", "commitment"))
CASE_FIELDS = ("title", "approach", "area", "group", "status", "opened", "lead")
KNOWN_CASE_KEYS = {
    "id",
    *CASE_FIELDS,
    "themes",
    "partners",
    "signals",
    "analysis",
    "plan",
    "commitments",
    "decisions",
}


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


# -- comparing two versions (pure) --------------------------------------------------


def _plain(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _field(label: str, key: str, old: Any, new: Any) -> str:
    if key in TEXT_FIELDS or isinstance(old, dict) or isinstance(new, dict):
        if _empty(old):
            return f"{label} set"
        if _empty(new):
            return f"{label} cleared"
        return f"{label} changed"
    return f"{label}: {_plain(old)} -> {_plain(new)}"


def _listed(noun: str, old: Any, new: Any, label: str = "") -> list[str]:
    before = list(old or []) if isinstance(old, list) else []
    after = list(new or []) if isinstance(new, list) else []
    lead = f"{label}: " if label else ""
    added = [f"{lead}added {noun}{_plain(x)}" for x in after if x not in before]
    return added + [f"{lead}removed {noun}{_plain(x)}" for x in before if x not in after]


def _entries(noun: str, old: Any, new: Any) -> list[str]:
    """Entries compared by id: added, removed, and each changed field."""
    before = {e.get("id"): e for e in old or [] if isinstance(e, dict)}
    after = {e.get("id"): e for e in new or [] if isinstance(e, dict)}
    changes: list[str] = []
    for entry_id, entry in after.items():
        if entry_id not in before:
            changes.append(f"added {noun} {entry_id}")
            continue
        earlier = before[entry_id]
        if earlier == entry:
            continue
        keys = [*entry, *(k for k in earlier if k not in entry)]
        finished = entry.get("status") == "done" and earlier.get("status") != "done" and entry.get("done")
        for key in keys:
            if key == "id" or earlier.get(key) == entry.get(key):
                continue
            if finished and key == "done":
                continue
            if finished and key == "status":
                changes.append(f"{entry_id} status: {_plain(earlier.get(key))} -> done ({entry['done']})")
                continue
            changes.append(_field(f"{entry_id} {key}", key, earlier.get(key), entry.get(key)))
    changes += [f"removed {noun} {entry_id}" for entry_id in before if entry_id not in after]
    return changes


def _flat(value: Any, path: str) -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flat(inner, f"{path}.{key}"))
        return flat
    return {path: value}


def _short(text: Any, size: int = 60) -> str:
    words = str(text)
    return words if len(words) <= size else words[: size - 3] + "..."


def case_changes(old: Any, new: Any) -> list[str]:
    """What changed between two versions of a case document (None: the file did not exist)."""
    if not isinstance(old, dict) and not isinstance(new, dict):
        return []
    if not isinstance(old, dict):
        return ["opened case"]
    if not isinstance(new, dict):
        return ["removed the case file"]
    changes: list[str] = []
    if old.get("id") != new.get("id"):
        changes.append(f"renumbered from {_plain(old.get('id'))} to {_plain(new.get('id'))}")
    for key in CASE_FIELDS:
        if old.get(key) != new.get(key):
            changes.append(_field(key, key, old.get(key), new.get(key)))
    changes += _listed("theme ", old.get("themes"), new.get("themes"))
    changes += _listed("partner ", old.get("partners"), new.get("partners"))
    changes += _entries("signal", old.get("signals"), new.get("signals"))
    before, after = _flat(old.get("analysis") or {}, "analysis"), _flat(new.get("analysis") or {}, "analysis")
    for path in [*after, *(p for p in before if p not in after)]:
        if before.get(path) != after.get(path) and not (_empty(before.get(path)) and _empty(after.get(path))):
            changes.append(_field(path, path.rsplit(".", 1)[-1], before.get(path), after.get(path)))
    old_plan: dict[str, Any] = old["plan"] if isinstance(old.get("plan"), dict) else {}
    new_plan: dict[str, Any] = new["plan"] if isinstance(new.get("plan"), dict) else {}
    old_goals, new_goals = old_plan.get("goals") or [], new_plan.get("goals") or []
    changes += [f"added goal '{_short(g)}'" for g in new_goals if g not in old_goals]
    changes += [f"removed goal '{_short(g)}'" for g in old_goals if g not in new_goals]
    changes += _entries("measure", old_plan.get("measures"), new_plan.get("measures"))
    changes += _entries("commitment", old.get("commitments"), new.get("commitments"))
    changes += _decisions(old.get("decisions"), new.get("decisions"))
    for key in [*new, *(k for k in old if k not in new)]:
        if key not in KNOWN_CASE_KEYS and old.get(key) != new.get(key):
            changes.append(_field(str(key), "", old.get(key), new.get(key)))
    return changes


def _decisions(old: Any, new: Any) -> list[str]:
    before = [d for d in old or [] if isinstance(d, dict)]
    after = [d for d in new or [] if isinstance(d, dict)]
    gone = [d for d in before if d not in after]
    came = [d for d in after if d not in before]
    changes: list[str] = []
    for decision in came:
        day = decision.get("date")
        match = next((d for d in gone if d.get("date") == day), None)
        if match is not None:
            gone.remove(match)
            changes.append(f"decision of {_plain(day)} changed")
        else:
            changes.append(f"added decision of {_plain(day)}")
    return changes + [f"removed decision of {_plain(d.get('date'))}" for d in gone]


def meeting_changes(old: Any, new: Any, label: str = "meeting") -> list[str]:
    """What changed between two versions of a meeting document."""
    if not isinstance(old, dict) and not isinstance(new, dict):
        return []
    if not isinstance(old, dict):
        return [f"added {label}"]
    if not isinstance(new, dict):
        return [f"removed {label}"]
    changes = [
        _field(f"{label} {key}", key, old.get(key), new.get(key))
        for key in ("date", "title", "notes")
        if old.get(key) != new.get(key)
    ]
    for role in ("present", "excused", "absent"):
        changes += _listed("", old.get(role), new.get(role), f"{label} {role}")
    return changes + _listed("case ", old.get("cases"), new.get("cases"), f"{label} agenda")


def partner_changes(old: Any, new: Any) -> list[str]:
    """What changed in the partner registry."""
    return _entries("partner", old if isinstance(old, list) else [], new if isinstance(new, list) else [])


def settings_changes(old: Any, new: Any) -> list[str]:
    if not isinstance(old, dict):
        return ["added vhuis.yaml"]
    if not isinstance(new, dict):
        return ["removed vhuis.yaml"]
    keys = [*new, *(k for k in old if k not in new)]
    return [f"settings {k}: {_plain(old.get(k))} -> {_plain(new.get(k))}" for k in keys if old.get(k) != new.get(k)]


# -- reading versions -------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A version that is not a valid file of its kind (a hand edit gone wrong): why, in a few words."""

    why: str


def _why(error: InvalidData) -> str:
    """The first problem of a broken file, short."""
    problem = error.problems[0] if error.problems else None
    if problem is None:
        words = str(error).splitlines()[0]
    elif "not valid YAML" in str(error).splitlines()[0]:
        where = f"line {problem.line}: " if problem.line else ""
        words = f"not valid YAML ({where}{problem.message})"
    else:
        words = ": ".join(part for part in (problem.field, problem.message) if part)
    more = len(error.problems) - 1
    words = _short(words, 100)
    return words + (f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else "")


def read_version(kind: str, raw: bytes | None, name: str) -> Any:
    """A version of a file: a normalised document when valid, Broken when not, None when absent."""
    if raw is None:
        return None
    if kind == "file":
        return raw
    from vhuis import merge, yamlfile

    try:
        text = yamlfile.decode(raw, name)
        if kind in ("case", "meeting", "partners"):
            return merge.read_document(kind, text, name)  # type: ignore[arg-type]
        return yamlfile.load(text, name)
    except InvalidData as error:
        return Broken(_why(error))


def describe(kind: str, name: str, old: Any, new: Any, last_valid: Any = None) -> list[str]:
    """Sentences for one file of the store between two versions.

    ``last_valid`` is the last valid version before ``old``, for when ``old`` is broken:
    a repair is told as what differs from it.
    """
    label = "the file" if kind == "case" else name
    if isinstance(new, Broken):
        if old is None:
            return [f"added a broken file: {new.why}" if kind == "case" else f"added {name}, broken: {new.why}"]
        if isinstance(old, Broken):
            return [f"still broken: {new.why}" if kind == "case" else f"{name} still broken: {new.why}"]
        return [f"broke {label}: {new.why}"]
    if isinstance(old, Broken):
        repaired = "repaired a broken hand edit" + ("" if kind == "case" else f" of {name}")
        if new is None:
            return [f"removed {label} (it was broken)"]
        return [repaired, *describe(kind, name, last_valid, new)]
    if kind == "case":
        return case_changes(old, new)
    if kind == "meeting":
        return meeting_changes(old, new, f"meeting {name.rsplit('/', 1)[-1].removesuffix('.yaml')}")
    if kind == "partners":
        if old is None and isinstance(new, list):
            return [f"added partners.yaml ({len(new)} partners)"]
        return partner_changes(old, new)
    if kind == "settings":
        return settings_changes(old, new)
    if old is None:
        return [f"added {name}"]
    if new is None:
        return [f"removed {name}"]
    return [f"changed {name}"]


_ADDED = re.compile(r"^(\S+): add (signal|measure|commitment) ([A-Z]+\d+)\b")
SECTION_OF = {"signal": "signals", "measure": "measures", "commitment": "commitments"}


def _section(document: Any, section: str) -> list[Any]:
    if not isinstance(document, dict):
        return []
    holder = document.get("plan") if section == "measures" else document
    found = holder.get(section) if isinstance(holder, dict) else None
    return found if isinstance(found, list) else []


def _ids(document: Any, section: str) -> set[Any]:
    return {e.get("id") for e in _section(document, section) if isinstance(e, dict)}


def rebased_renumbering(message: str, case_id: str, old: Any, new: Any, changes: list[str]) -> list[str]:
    """A vhuis commit replayed by ``git pull --rebase`` whose new entry the merge driver renumbered.

    Its message still names the id it was made with (``2026-001: add signal S2 ...``),
    its parent already has an entry with that id (the remote's), and it added one
    entry of that kind under another id: told as the renumbering it was, as sync tells it.
    """
    made = _ADDED.match(message)
    if made is None or made[1] != case_id:
        return changes
    noun, named = made[2], made[3]
    added = [c for c in changes if c.startswith(f"added {noun} ")]
    if f"added {noun} {named}" in changes or len(added) != 1 or named not in _ids(old, SECTION_OF[noun]):
        return changes
    now = added[0].removeprefix(f"added {noun} ")
    if now in _ids(old, SECTION_OF[noun]):
        return changes
    at = changes.index(added[0])
    told = [f"added {noun} {named}", f"{noun} {named} renumbered to {now} (the id was taken on the remote)"]
    return [*changes[:at], *told, *changes[at + 1 :]]


# -- what a merge did of its own (pure) ---------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
_NOUN = {"signals": "signal", "measures": "measure", "commitments": "commitment", "partners": "partner"}


def _steps(field: str, kind: str) -> list[tuple[str, str]]:
    """A clash's field (``commitments[C2].due``) as steps: (key, '') or ('', entry id)."""
    steps = [(key, ident) for key, ident in _STEP.findall(field)]
    if kind == "partners" and steps[:1] == [("partners", "")]:
        steps = steps[1:]
    return steps


def _get(document: Any, steps: list[tuple[str, str]]) -> Any:
    from vhuis.merge import REMOVED

    current = document
    for key, ident in steps:
        if key:
            current = current.get(key) if isinstance(current, dict) else None
        else:
            entries = current if isinstance(current, list) else []
            current = next((e for e in entries if isinstance(e, dict) and e.get("id") == ident), REMOVED)
            if current is REMOVED:
                return REMOVED
    return current


def _put(document: Any, steps: list[tuple[str, str]], value: Any) -> None:
    """Set the value at ``steps`` (an entry is replaced, added or, for REMOVED, taken out)."""
    from vhuis.merge import REMOVED

    holder = _get(document, steps[:-1]) if len(steps) > 1 else document
    key, ident = steps[-1]
    if key and isinstance(holder, dict):
        holder[key] = value
    elif ident and isinstance(holder, list):
        at = next((i for i, e in enumerate(holder) if isinstance(e, dict) and e.get("id") == ident), None)
        if at is not None:
            del holder[at]
        if value is not REMOVED:
            holder.insert(len(holder) if at is None else at, value)


def _label(steps: list[tuple[str, str]]) -> str:
    last = max((i for i, (_, ident) in enumerate(steps) if ident), default=-1)
    if last < 0:
        return ".".join(key for key, _ in steps)
    if last == len(steps) - 1:
        before = steps[last - 1][0] if last > 0 else "partners"
        return f"{_NOUN.get(before, 'entry')} {steps[last][1]}"
    return f"{steps[last][1]} " + ".".join(key for key, _ in steps[last + 1 :])


def _value(value: Any, key: str) -> str:
    from vhuis.merge import REMOVED

    if value is REMOVED:
        return "(removed)"
    if isinstance(value, str) and (key in TEXT_FIELDS or len(value) > 40):
        return repr(_short(value, 40))
    return _plain(value)


def _settled(steps: list[tuple[str, str]], ours: Any, theirs: Any, result: Any) -> str:
    from vhuis.merge import REMOVED

    label = _label(steps)
    if steps[-1][1]:  # a whole entry: changed on one side, removed on the other
        return f"clash settled: {label} " + ("removed, not kept as changed" if result is REMOVED else "kept as changed")
    key = steps[-1][0]
    if result == ours:
        return f"clash settled: {label} kept {_value(ours, key)} (the other side had {_value(theirs, key)})"
    if result == theirs:
        return (
            f"clash settled: {label} took {_value(theirs, key)} from the other side (this side had {_value(ours, key)})"
        )
    return (
        f"clash settled: {label} set to {_value(result, key)} "
        f"(the sides had {_value(ours, key)} and {_value(theirs, key)})"
    )


def merge_changes(kind: str, name: str, base: Any, sides: list[Any], result: Any) -> list[str]:
    """What a merge did to one file of its own: entries renumbered, clashes settled, anything more.

    The merge is done again by meaning (as the merge driver does, renumbering the
    first parent's new entries); where the sides clashed, the result tells how the
    clash was settled; whatever else differs from that merge was changed while merging.
    """
    versions = [base, *sides, result]
    if kind not in ("case", "meeting", "partners") or len(sides) != 2 or any(isinstance(v, Broken) for v in versions):
        return _made_by_merge(kind, name, sides, result)
    if result is None or any(side is None for side in sides):
        return _made_by_merge(kind, name, sides, result)
    from vhuis import merge

    merged = merge.merge_documents(kind, base, sides[0], sides[1], "ours")  # type: ignore[arg-type]
    expected = merged.document
    said = [str(r) for r in merged.renumbered if r.new in _ids(result, r.section)]
    for conflict in merged.conflicts:
        if conflict.note and conflict.ours is None and conflict.theirs is None:
            continue  # not a clash of values (a dangling measure, an invalid result): told below as a change
        steps = _steps(conflict.field, kind)
        if not steps:
            continue
        now = _get(result, steps)
        _put(expected, steps, now)
        said.append(_settled(steps, conflict.ours, conflict.theirs, now))
    return said + describe(kind, name, expected, result)


def _made_by_merge(kind: str, name: str, sides: list[Any], result: Any) -> list[str]:
    """What the result has that no side had: the sentences every side's comparison shares."""
    told = [describe(kind, name, side, result) for side in sides]
    return [s for s in told[0] if all(s in other for other in told[1:])] if told else []


STORE_FILES = ("vhuis.yaml", "partners.yaml", ".gitattributes")
STORE_FOLDERS = ("cases/", "meetings/", "minutes/", "templates/")


def in_store(name: str) -> bool:
    """Whether a path (inside the store's folder) is one of the store's own files, not, say, a README."""
    return name in STORE_FILES or name.startswith(STORE_FOLDERS)


def kind_of(name: str) -> str:
    """The kind of a file by its path inside the store."""
    if name == "vhuis.yaml":
        return "settings"
    parts = name.split("/")
    if name == "partners.yaml":
        return "partners"
    if len(parts) == 2 and parts[1].endswith(".yaml") and parts[0] in ("cases", "meetings"):
        if parts[0] == "meetings":
            return "meeting"
        return "case" if CASE_ID.match(parts[1].removesuffix(".yaml")) else "file"
    return "file"


# -- the cache --------------------------------------------------------------------------

CACHE_FILE = "history.json"
_DESCRIBING = ("history.py", "gitwalk.py", "merge.py", "model.py", "vocab.py", "yamlfile.py")


def code_version() -> str:
    """A fingerprint of the code that describes commits: a new vhuis never trusts an old description."""
    digest = hashlib.sha256(__version__.encode())
    for module in _DESCRIBING:
        try:
            digest.update((Path(__file__).parent / module).read_bytes())
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
        from vhuis.store import atomic_write

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
        self.top = store.repo.top
        self.prefix = prefix
        self.commits = gitwalk.commits(self.top)
        self.by_sha = {commit.sha: commit for commit in self.commits}
        self.order = {commit.sha: index for index, commit in enumerate(self.commits)}
        self.cache = _Cache(store.repo.git_dir / "vhuis" / CACHE_FILE, prefix)
        self.reader = gitwalk.Reader(self.top)
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
            for found, moves in gitwalk.changes(self.top, todo, self.pathspec).items():
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
        kind = kind_of(path[len(self.prefix) :])
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
        kind, old_kind = kind_of(name), kind_of(old_name)
        _, new = self._version(move.new_blob, path)
        _, old = self._version(move.old_blob, move.old_path if old_kind == kind else "")
        last_valid = self._last_valid(commit, move.old_path) if isinstance(old, Broken) else None
        sentences = describe(kind, name, old, new, last_valid)
        if move.status == "R" and kind != "case":
            sentences = [f"renamed {old_name} to {name}", *sentences]
        if kind == "case":
            sentences = rebased_renumbering(commit.message, name[6:-5], old, new, sentences)
        if not sentences and move.old_blob != move.new_blob:
            sentences = ["file rewritten without a change in content"]
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
        kind = kind_of(name)
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
                case = name[6:-5] if kind_of(name) == "case" else None
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
    """
    repo = store.repo
    if case_id is not None:
        store.case_path(case_id)
    if not repo.has_head():
        return
    prefix = repo.rel(store.root)
    walk = _Walk(store, "" if prefix == "." else prefix + "/")
    try:
        if case_id is None:
            yield from walk.store_entries(since)
        else:
            yield from walk.case_entries(case_id, since)
    finally:
        walk.close()
