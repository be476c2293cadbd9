"""The store's history from git, told in the office's own terms.

One ``git log --raw`` walk names the commits and the blobs of every file they
changed; the blobs are read through GitPython's object database (one long-lived
``git cat-file`` process, not one program per file) and each version is compared
with its parent as parsed YAML, not as lines: ``added signal S3``,
``status: analysis -> planned``, ``C2 due: 2026-06-30 -> 2026-07-15``. Hand
edits committed with plain git are explained the same way.

A commit gives one Entry per case file it touched (``case`` is the case id), and
one more with ``case`` None for its other files (meetings, partners, settings,
minutes). A merge commit appears only where the merge itself changed something
that neither side had (an entry renumbered by the merge driver, say).

The functions that compare two versions (case_changes and friends) are pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from vhuis.collab import merge
from vhuis.errors import InvalidData
from vhuis.model import CASE_ID
from vhuis.storage import yamlfile
from vhuis.storage.store import Store

NO_BLOB = "0" * 40
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


def _short(text: Any) -> str:
    words = str(text)
    return words if len(words) <= 60 else words[:57] + "..."


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


class _Unreadable:
    """A version that is not a readable YAML file (a hand edit gone wrong)."""


UNREADABLE: Any = _Unreadable()


def read_version(kind: str, raw: bytes | None, name: str) -> Any:
    """A version of a file as a document: normalised when valid, as typed when not, None when absent."""
    if raw is None:
        return None
    if kind == "file":
        return raw
    try:
        text = yamlfile.decode(raw, name)
    except InvalidData:
        return UNREADABLE
    if kind in ("case", "meeting", "partners"):
        try:
            return merge.read_document(kind, text, name)  # type: ignore[arg-type]
        except InvalidData:
            pass
    try:
        return yamlfile.load(text, name)
    except InvalidData:
        return UNREADABLE


def describe(kind: str, name: str, old: Any, new: Any) -> list[str]:
    """Sentences for one file of the store between two versions."""
    if new is UNREADABLE:
        return [f"{name} edited by hand into something that is not valid YAML"]
    if old is UNREADABLE:
        old = None if kind != "case" else {}
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


STORE_FILES = ("vhuis.yaml", "partners.yaml", ".gitattributes")
STORE_FOLDERS = ("cases/", "meetings/", "minutes/", "templates/")


def in_store(name: str) -> bool:
    """Whether a path (inside the store's folder) is one of the store's own files, not, say, a README."""
    return name in STORE_FILES or name.startswith(STORE_FOLDERS)


def kind_of(name: str) -> str:
    """The kind of a file by its path inside the store."""
    if name == "vhuis.yaml":
        return "settings"
    found = merge.kind_of(name)
    if found == "case" and not CASE_ID.match(name.rsplit("/", 1)[-1].removesuffix(".yaml")):
        return "file"
    return found or "file"


# -- the walk -----------------------------------------------------------------------


@dataclass
class _Change:
    status: str
    old_path: str
    new_path: str
    blobs: list[str]  # one per parent (the old versions), then the new one


@dataclass
class _Commit:
    sha: str
    parents: list[str]
    date: str
    author: str
    message: str
    body: str
    changes: list[_Change]


# Only NUL separates: no commit message, name or path can hold one (a message can hold \x1e).
_FORMAT = "%H%x00%P%x00%aI%x00%an <%ae>%x00%s%x00%b%x00"
_RENUMBERED = re.compile(r"^(\S+): (signal|measure|commitment) (\S+) renumbered to (\S+)", re.MULTILINE)


def _parse_log(text: str) -> list[_Commit]:
    """Each commit's six fields (taken by position, whatever text they hold), then its raw changes."""
    commits: list[_Commit] = []
    tokens = text.split("\0")
    index = 0
    while index + 6 <= len(tokens):
        sha, parents, day, author, message, body = tokens[index : index + 6]
        index += 6
        changes: list[_Change] = []
        while index < len(tokens):
            token = tokens[index].strip("\n")
            if token and not token.startswith(":"):
                break  # the next commit's hash
            index += 1
            if not token:
                continue
            fields = token.lstrip(":").split()
            count = len(token) - len(token.lstrip(":"))
            status = fields[-1]
            blobs = fields[count + 1 : 2 * count + 2]
            old_path = tokens[index]
            index += 1
            new_path = old_path
            if count == 1 and status[0] in "RC":
                new_path = tokens[index]
                index += 1
            changes.append(_Change(status[0], old_path, new_path, blobs))
        commits.append(_Commit(sha, parents.split(), day, author, message, body, changes))
    return commits


class _Reader:
    """Blobs read through the object database, each parsed once."""

    def __init__(self, store: Store) -> None:
        self.odb = store.repo.git_repo.odb
        self.cache: dict[tuple[str, str], Any] = {}

    def version(self, kind: str, blob: str, name: str) -> Any:
        if blob == NO_BLOB:
            return None
        key = (kind, blob)
        if key not in self.cache:
            raw = self.odb.stream(bytes.fromhex(blob)).read()
            self.cache[key] = read_version(kind, raw, name)
        return self.cache[key]


def history(store: Store, case_id: str | None = None, since: date | None = None) -> list[Entry]:
    """The entries of the commits that touched the store (or one case), newest first."""
    repo = store.repo
    if not repo.has_head():
        return []
    prefix = repo.rel(store.root)
    prefix = "" if prefix == "." else prefix + "/"
    if case_id is not None:
        store.case_path(case_id)
    pathspec = [f"{prefix}cases"] if case_id is not None else ([prefix.rstrip("/")] if prefix else [])
    output = repo.run(
        "log", "-z", "--raw", "--no-abbrev", "-M", "-c", "--date-order", "--parents", f"--format={_FORMAT}",
        "--", *pathspec,
    )  # fmt: skip
    commits = _parse_log(output)
    reader = _Reader(store)
    if case_id is not None:
        return _case_history(store, commits, reader, prefix, case_id, since)
    entries: list[Entry] = []
    for commit in commits:
        if since is not None and date.fromisoformat(commit.date[:10]) < since:
            continue
        entries += _commit_entries(commit, reader, prefix)
    return entries


def _changes_of(change: _Change, reader: _Reader, prefix: str) -> tuple[str | None, list[str]] | None:
    """The case (or None) and the sentences of one changed file; None when outside the store."""
    if not change.new_path.startswith(prefix):
        return None
    name = change.new_path[len(prefix) :]
    old_name = change.old_path[len(prefix) :] if change.old_path.startswith(prefix) else change.old_path
    if not (in_store(name) or in_store(old_name)):
        return None
    kind = kind_of(name)
    old_kind = kind_of(old_name)
    new = reader.version(kind, change.blobs[-1], name)
    per_parent = []
    for blob in change.blobs[:-1]:
        old = reader.version(old_kind if old_kind == kind else "file", blob, old_name)
        sentences = describe(kind, name, old, new)
        if change.status == "R" and kind != "case":
            sentences = [f"renamed {old_name} to {name}", *sentences]
        per_parent.append(sentences)
    sentences = [s for s in per_parent[0] if all(s in other for other in per_parent[1:])] if per_parent else []
    case = name.rsplit("/", 1)[-1].removesuffix(".yaml") if kind == "case" else None
    if not sentences and len(change.blobs) == 2 and change.blobs[0] != change.blobs[1]:
        sentences = ["file rewritten without a change in content"]
    return case, sentences


def _commit_entries(commit: _Commit, reader: _Reader, prefix: str) -> list[Entry]:
    by_case: dict[str | None, list[str]] = {}
    touched = False
    for change in commit.changes:
        found = _changes_of(change, reader, prefix)
        if found is None:
            continue
        touched = True
        if found[1]:
            by_case.setdefault(found[0], []).extend(found[1])
    merged = len(commit.parents) > 1
    if merged:
        _explain_renumbering(commit, by_case)
    if not by_case and not merged:
        if not touched:  # a commit about other files (code, a README): not part of the store's history
            return []
        by_case[None] = []
    cases = sorted(c for c in by_case if c is not None)
    order: list[str | None] = [*cases, *([None] if None in by_case else [])]
    return [Entry(commit.sha, commit.date, commit.author, commit.message, c, by_case[c]) for c in order]


def _explain_renumbering(commit: _Commit, by_case: dict[str | None, list[str]]) -> None:
    """In a sync's merge, an entry renumbered by the merge driver reads as such, not as new."""
    for case, noun, old, new in _RENUMBERED.findall(commit.body):
        sentences = by_case.get(case, [])
        added = f"added {noun} {new}"
        if added in sentences:
            sentences[sentences.index(added)] = f"{noun} {old} renumbered to {new}"


def _case_history(
    store: Store, commits: list[_Commit], reader: _Reader, prefix: str, case_id: str, since: date | None
) -> list[Entry]:
    """Follow one case back from HEAD, through renumbering, along the parents that hold it."""
    git_repo = store.repo.git_repo
    wanted: dict[str, str | None] = {}
    path = f"{prefix}cases/{case_id}.yaml"
    entries: list[Entry] = []
    if commits:
        wanted[commits[0].sha] = path
    for commit in commits:
        name = wanted.get(commit.sha)
        if name is None:
            continue
        parent_name: str | None = name
        for change in commit.changes:
            if change.new_path != name and change.old_path != name:
                continue
            if change.new_path == name and change.status == "A":
                parent_name = None
            elif change.new_path == name and change.status == "R":
                parent_name = change.old_path
            found = _changes_of(change, reader, prefix)
            in_range = since is None or date.fromisoformat(commit.date[:10]) >= since
            if found is not None and found[1] and in_range and change.new_path == name:
                by_case: dict[str | None, list[str]] = {case_id: found[1]}
                if len(commit.parents) > 1:
                    _explain_renumbering(commit, by_case)
                entries.append(Entry(commit.sha, commit.date, commit.author, commit.message, case_id, found[1]))
        holders = commit.parents
        if len(commit.parents) > 1 and parent_name is not None:
            holders = [p for p in commit.parents if _holds(git_repo, p, parent_name)] or commit.parents
        for parent in holders:
            wanted.setdefault(parent, parent_name)
    return entries


def _holds(git_repo: Any, commit: str, path: str) -> bool:
    try:
        git_repo.commit(commit).tree[path]
    except KeyError:
        return False
    return True
