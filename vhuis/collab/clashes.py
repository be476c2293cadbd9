"""Clashes of a merge: what each one is, whose each value is, and the choices that settle them.

A clash is a field (or a whole file) that both sides of a merge changed in
different ways. Found from git's index after a merge stopped (the unmerged
entries), each clash names both values whole, the author and day of the commit
on each side that last changed it, and the ``vhuis resolve`` commands that
settle it.

``vhuis resolve`` records a person's choice in ``.git/vhuis-settled.json``; the
merge driver (through ``CHOICES_ENV``) and ``settle_index`` apply it while both
sides still hold the values it was made for. The choices are forgotten once the
merge that used them is committed.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vhuis.collab import merge
from vhuis.errors import GitError, InvalidData, MergeConflict
from vhuis.i18n import N_, _, ngettext
from vhuis.model import CASE_ID

if TYPE_CHECKING:
    from vhuis.storage.store import Store

CHOICES_ENV = "VHUIS_MERGE_CHOICES"
SETTLED_ENV = "VHUIS_MERGE_SETTLED"
CHOICES_FILE = "vhuis-settled.json"
SETTLED_NOTES = "vhuis-merge-settled"
HERE = N_("here")
REMOTE = N_("on the remote")
OTHER = N_("on the other side")
WHOLE_FILE = N_("(the whole file)")


@dataclass(frozen=True)
class Whose:
    """The commit on one side that last changed a clashing value."""

    author: str
    day: str


@dataclass(frozen=True)
class Clash:
    """One field, or one whole file, that the two sides changed in different ways."""

    file: str  # as git names it
    shown: str  # as the store names it: cases/2026-001.yaml
    target: str  # what 'vhuis resolve' takes for the file: 2026-001, 2026-11-25, partners, inbox, areas, a path
    conflict: merge.Conflict
    whole: bool  # settled by taking one side's whole file (git could not merge it by meaning)
    there: str = REMOTE
    here_by: Whose | None = None
    there_by: Whose | None = None
    kind: merge.Kind | None = None
    texts: tuple[str | None, str, str] | None = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The field as typed after the target ('' for the whole file)."""
        return "" if self.whole else self.conflict.name

    @property
    def editable(self) -> bool:
        return not self.whole and self.conflict.editable

    @property
    def ours_fp(self) -> str:
        return merge.fingerprint(self.conflict.ours)

    @property
    def theirs_fp(self) -> str:
        return merge.fingerprint(self.conflict.theirs)

    def command(self, how: str) -> str:
        named = (shlex.quote(part) for part in (self.target, self.name) if part)  # an area's name may hold a space
        return " ".join(("vhuis resolve", *named, f"--{how}"))

    def lines(self) -> list[str]:
        """The clash told in full, for a person: both values whole, whose they are, the commands."""
        what = self.name or _("the whole file")
        head = f"{self.shown}, {what}"
        lines = [f"{head}: {self.conflict.note}" if self.conflict.note else f"{head}:"]
        nothing = _("(not listed)") if self.conflict.field.startswith("attendance.") else _("(empty)")
        there = _(self.there)
        theirs_whose = f"{there} ({_by(self.there_by)})" if self.there_by else there
        yours = (
            _("{here} (yours, {whose})").format(here=_(HERE), whose=_by(self.here_by))
            if self.here_by
            else _("{here} (yours)").format(here=_(HERE))
        )
        for title, value in (
            (yours, self.conflict.ours),
            (theirs_whose, self.conflict.theirs),
            *(((_("before"), self.conflict.base),) if self._shows_base() else ()),
        ):
            changed = self.whole and value is not merge.REMOVED
            lines += _value_lines(title, _("changed") if changed else value, nothing)
        keep, take, write = (
            _("keep yours:"),
            _("take the remote's:") if self.there == REMOTE else _("take theirs:"),
            _("write it yourself:"),
        )
        width = max(len(keep), len(take), len(write))
        commands = [(keep, self.command("ours")), (take, self.command("theirs"))]
        if self.editable:
            commands.append((write, self.command("edit")))
        lines += [f"  {said.ljust(width)} {command}" for said, command in commands]
        return lines

    def _shows_base(self) -> bool:
        return not self.whole and self.texts is not None and bool(self.texts[0] and self.texts[0].strip())


def _by(whose: Whose | None) -> str:
    return f"{whose.author}, {whose.day}" if whose else ""


def plain(value: Any, nothing: str = "") -> str:
    """A value as a person reads it: texts as they are (whole), entries as their fields."""
    if value is merge.REMOVED:
        return _("(removed)")
    if value is None or value == "" or value == [] or value == {}:
        return nothing or _("(empty)")
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    return str(value)


def _value_lines(title: str, value: Any, nothing: str) -> list[str]:
    text = plain(value, nothing)
    if "\n" not in text:
        return [f"  {title}: {text}"]
    return [f"  {title}:", *(f"    {line}" for line in text.splitlines())]


# -- the choices a person made ---------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """How one clash is to be settled, as 'vhuis resolve' recorded it."""

    file: str
    field: str
    ours: str
    theirs: str
    take: merge.Take
    value: Any = None
    whole: bool = False
    ours_by: str = ""
    theirs_by: str = ""

    def settle(self) -> merge.Settle:
        return merge.Settle(self.ours, self.theirs, self.take, self.value)


def choices_path(git_dir: Path) -> Path:
    return git_dir / CHOICES_FILE


def load(git_dir: Path) -> list[Choice]:
    path = choices_path(git_dir)
    if not path.exists():
        return []
    try:
        return [Choice(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))["choices"]]
    except (ValueError, KeyError, TypeError):
        return []  # a damaged file only loses choices; the clashes show again


def record(git_dir: Path, made: list[Choice]) -> None:
    """Add choices, replacing earlier ones for the same field of the same file."""
    from vhuis.storage.store import atomic_write

    replaced = {(c.file, c.field, c.whole) for c in made}
    kept = [c for c in load(git_dir) if (c.file, c.field, c.whole) not in replaced]
    text = json.dumps({"choices": [asdict(c) for c in [*kept, *made]]}, ensure_ascii=False, indent=1)
    atomic_write(choices_path(git_dir), text + "\n")


def forget(git_dir: Path) -> None:
    choices_path(git_dir).unlink(missing_ok=True)
    (git_dir / SETTLED_NOTES).unlink(missing_ok=True)


def settle_map(choices: list[Choice], file: str) -> dict[str, merge.Settle]:
    return {c.field: c.settle() for c in choices if c.file == file and not c.whole}


def merge_env(git_dir: Path) -> dict[str, str]:
    """What the merge driver needs to apply the recorded choices and say what it settled."""
    (git_dir / SETTLED_NOTES).unlink(missing_ok=True)
    return {CHOICES_ENV: str(choices_path(git_dir)), SETTLED_ENV: str(git_dir / SETTLED_NOTES)}


def driver_settle(name: str, env: Mapping[str, str] = os.environ) -> dict[str, merge.Settle]:
    """The settlements for one file, when the merge driver runs inside a sync or 'vhuis resolve'."""
    where = env.get(CHOICES_ENV)
    return settle_map(load(Path(where).parent), name) if where and Path(where).name == CHOICES_FILE else {}


class Note(NamedTuple):
    """What a merge did of its own, twice: for the merge commit's message, and for the person at the keyboard.

    Commit messages stay English (a record shared by clones that may speak other languages);
    the person reads the note in the store's language.
    """

    record: str
    told: str


def noted(say: Callable[[Callable[[str], str]], str]) -> Note:
    """A Note from ``say``, which words it with the translation it is given (English: none)."""
    return Note(say(N_), say(_))


def driver_note(name: str, settled: list[merge.Settled], env: Mapping[str, str] = os.environ) -> None:
    """Tell the sync (through ``SETTLED_ENV``) what the driver settled, for the merge commit's message."""
    where = env.get(SETTLED_ENV)
    if not where or not settled:
        return
    choices = {(c.file, c.field): c for c in load(Path(where).parent)}
    target = _target(name)[1]
    with Path(where).open("a", encoding="utf-8") as out:
        for done in settled:
            note = settled_note(target, done.conflict, done.take, done.value, choices.get((name, done.conflict.field)))
            out.write(json.dumps({"file": name, "line": note.record, "told": note.told}, ensure_ascii=False) + "\n")


def settled_notes(git_dir: Path) -> list[Note]:
    """What the merge driver settled, file by file (git merges files in an order of its own)."""
    path = git_dir / SETTLED_NOTES
    notes = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    path.unlink(missing_ok=True)
    return [
        Note(note["line"], note.get("told") or note["line"])
        for note in sorted(notes, key=lambda note: str(note["file"]))
    ]


def settled_note(target: str, conflict: merge.Conflict, take: merge.Take, value: Any, choice: Choice | None) -> Note:
    """``2026-001 status: settled on 'active' (Sarah Test's value; Jan Test's was 'closed')``."""

    def say(words: Callable[[str], str]) -> str:
        what = f"{target} {conflict.name or words(WHOLE_FILE)}"
        ours_by = choice.ours_by if choice and choice.ours_by else words(N_("this side"))
        theirs_by = choice.theirs_by if choice and choice.theirs_by else words(N_("the other side"))
        if take == "value":
            said = words(N_("{what}: settled on a new value {value} (not {ours}'s nor {theirs}'s)"))
            return said.format(what=what, value=merge.show(value), ours=ours_by, theirs=theirs_by)
        kept, dropped = (ours_by, theirs_by) if take == "ours" else (theirs_by, ours_by)
        other = conflict.theirs if take == "ours" else conflict.ours
        if isinstance(value, str) or value is None or value is merge.REMOVED:
            said = words(N_("{what}: settled on {value} ({kept}'s value; {dropped}'s was {other})"))
            return said.format(what=what, value=merge.show(value), kept=kept, dropped=dropped, other=merge.show(other))
        said = words(N_("{what}: settled on {kept}'s version (over {dropped}'s)"))
        return said.format(what=what, kept=kept, dropped=dropped)

    return noted(say)


# -- clashes from git's index ----------------------------------------------------------


def _target(file: str, prefix: str = "") -> tuple[str, str]:
    """The file as the store names it, and what 'vhuis resolve' takes for it."""
    shown = file.removeprefix(prefix)
    stem = shown.rsplit("/", 1)[-1].removesuffix(".yaml")
    kind = merge.mergeable_kind(shown)
    if kind == "case" and CASE_ID.match(stem):
        return shown, stem
    if kind == "meeting":
        return shown, stem
    if kind in merge.LISTS and "/" not in shown:
        return shown, stem  # partners, inbox, areas
    return shown, shown


def target_file(target: str) -> str:
    """The store-relative file that a 'vhuis resolve' target names."""
    name = target.strip().removeprefix("./")
    if CASE_ID.match(name):
        return f"cases/{name}.yaml"
    if len(name) == 10 and name[4] == "-" and name[7] == "-" and name.replace("-", "").isdigit():
        return f"meetings/{name}.yaml"
    if name in merge.LISTS:
        return f"{name}.yaml"
    return name


def unmerged(store: Store) -> dict[str, dict[int, str]]:
    """Each path git could not merge, with the blob of each stage (1 base, 2 ours, 3 theirs)."""
    stages: dict[str, dict[int, str]] = {}
    for entry in store.repo.run("ls-files", "--unmerged", "-z").split("\0"):
        if "\t" not in entry:
            continue
        meta, path = entry.split("\t", 1)
        _mode, blob, stage = meta.split()
        stages.setdefault(path, {})[int(stage)] = blob
    return stages


def _blob_text(store: Store, blob: str, read: dict[str, bytes | None] | None = None) -> str:
    """A file version as text; from ``read`` (versions read already, in one git program) when it is there."""
    raw = read.get(blob) if read else None
    return (raw if raw is not None else _blob(store, blob)).decode("utf-8", errors="replace")


def _blob(store: Store, blob: str) -> bytes:
    raw = store.repo.blobs([blob])[blob]
    if raw is None:
        raise GitError(_("git holds no file version {blob}").format(blob=blob))
    return raw


def from_index(
    store: Store,
    ours: str,
    theirs: str,
    there: str = REMOTE,
    swapped: bool = False,
    *,
    known: Known | None = None,
) -> list[Clash]:
    """Every clash git's index holds after a merge stopped, with whose each value is.

    ``ours`` and ``theirs`` are the commits merged; ``swapped`` when git's own sides
    are the other way round (a rebase replays your commit onto theirs). ``known``:
    what this command asked git already, since nothing changed it.
    """
    mine, others = (3, 2) if swapped else (2, 3)
    choices = load(store.repo.git_dir)
    base = _merge_base(store, ours, theirs) if known is None or known.bases is None else next(iter(known.bases), None)
    history = known.history if known is not None and known.history and known.history.base == base else None
    history = history or _History(store, base)
    prefix = store.repo.prefix
    found: list[Clash] = []
    stages = unmerged(store) if known is None or known.stages is None else known.stages
    read = _read(store, stages, known)
    if known is not None:  # kept for the next question of this command, while nothing changes the index
        known.stages, known.read, known.history = stages, read, history
        known.bases = known.bases if known.bases is not None else [base] if base else []
    for path, blobs in sorted(stages.items()):
        shown, target = _target(path, prefix)
        kind = merge.mergeable_kind(shown)
        whole = _whole_conflict(blobs, mine, others)
        texts: tuple[str | None, str, str] | None = None
        conflicts: list[merge.Conflict] = []
        if whole is None and kind is not None:
            texts = (
                _blob_text(store, blobs[1], read) if 1 in blobs else None,
                _blob_text(store, blobs[mine], read),
                _blob_text(store, blobs[others], read),
            )
            try:
                merged = merge.merge_texts(kind, *texts, shown, "ours", settle_map(choices, path))
                conflicts = merged.conflicts
            except InvalidData:
                whole = _changed_both(
                    blobs, mine, others, _("changed on both sides; one version is not a valid vhuis file")
                )
        elif whole is None:
            whole = _changed_both(blobs, mine, others, _("both sides changed the same lines"))
        if whole is not None:
            if _whole_choice(choices, path, whole) is not None:
                continue
            conflicts = [whole]
        for conflict in conflicts:
            found.append(
                Clash(
                    path,
                    shown,
                    target,
                    conflict,
                    whole is not None,
                    there,
                    history.whose(ours, path, kind, conflict, whole is not None),
                    history.whose(theirs, path, kind, conflict, whole is not None),
                    kind,
                    texts,
                )
            )
    return found


def _whole_conflict(blobs: dict[int, str], mine: int, others: int) -> merge.Conflict | None:
    if mine not in blobs:
        note = _("removed here, changed on the other side")
        return merge.Conflict("", None, merge.REMOVED, blobs.get(others), note)
    if others not in blobs:
        return merge.Conflict("", None, blobs[mine], merge.REMOVED, _("changed here, removed on the other side"))
    return None


def _changed_both(blobs: dict[int, str], mine: int, others: int, note: str) -> merge.Conflict:
    return merge.Conflict("", blobs.get(1), blobs[mine], blobs[others], note)


def _whole_choice(choices: list[Choice], path: str, conflict: merge.Conflict) -> Choice | None:
    for choice in choices:
        if (
            choice.whole
            and choice.file == path
            and merge.Settle(choice.ours, choice.theirs, choice.take).fits(conflict)
        ):
            return choice
    return None


def _merge_base(store: Store, ours: str, theirs: str) -> str | None:
    try:
        return store.repo.run("merge-base", ours, theirs).strip() or None
    except GitError:  # unrelated histories have no base; whose-lookups then walk all
        return None


class _History:
    """Finds, per side, the commit that last changed a value; reads each version of a file once.

    The commits that touched a file on one side, their parents and the file in
    each of them are read with three git programs (log, rev-list, cat-file), not
    three for every commit.
    """

    def __init__(self, store: Store, base: str | None) -> None:
        self.store = store
        self.base = base
        self.documents: dict[tuple[str, str], Any] = {}
        self.logs: dict[tuple[str, str], list[list[str]]] = {}
        self.parents: dict[str, list[str]] = {}

    def whose(
        self, tip: str, path: str, kind: merge.Kind | None, conflict: merge.Conflict, whole: bool
    ) -> Whose | None:
        commits = self._log(tip, path)
        if not commits:
            return None
        self._read_all([commit for commit, _author, _day in commits], path, kind, whole)
        for commit, author, day in commits:
            value = self._value(commit, path, kind, conflict, whole)
            if all(self._value(parent, path, kind, conflict, whole) != value for parent in self.parents[commit]):
                return Whose(author, day)
        return Whose(commits[0][1], commits[0][2])

    def _log(self, tip: str, path: str) -> list[list[str]]:
        """The commits on one side since the base that touched the file, newest first: hash, author, day."""
        if (tip, path) not in self.logs:
            span = f"{self.base}..{tip}" if self.base else tip
            log = self.store.repo.run("log", "-n", "200", "--format=%H%x09%an%x09%ad", "--date=short", span, "--", path)
            self.logs[tip, path] = [line.split("\t") for line in log.splitlines() if line.count("\t") == 2]
        return self.logs[tip, path]

    def _read_all(self, commits: list[str], path: str, kind: merge.Kind | None, whole: bool) -> None:
        """The parents of ``commits`` and the file in each of them and their parents, for what is not read yet."""
        unknown = [commit for commit in commits if commit not in self.parents]
        if unknown:
            listed = self.store.repo.run("rev-list", "--no-walk=unsorted", "--parents", *unknown)
            for line in listed.splitlines():
                commit, *parents = line.split()
                self.parents[commit] = parents
        wanted = dict.fromkeys(
            version
            for commit in commits
            for version in (commit, *self.parents[commit])
            if (version, path) not in self.documents
        )
        found = self.store.repo.blobs([f"{version}:{path}" for version in wanted])
        for version in wanted:
            self.documents[version, path] = self._document(found[f"{version}:{path}"], path, kind, whole)

    def _value(self, commit: str, path: str, kind: merge.Kind | None, conflict: merge.Conflict, whole: bool) -> Any:
        document = self.documents[commit, path]
        if whole or kind is None or document is None or isinstance(document, bytes):
            return document
        return merge.value_at(kind, document, conflict.field)

    @staticmethod
    def _document(content: bytes | None, path: str, kind: merge.Kind | None, whole: bool) -> Any:
        """A version of the file as compared: None when absent, its bytes for a whole file, else the document."""
        if content is None or whole or kind is None:
            return content
        try:
            return merge.read_document(kind, content.decode("utf-8", errors="replace"), path)
        except InvalidData:
            return content


# -- settling what git's index holds --------------------------------------------------------


@dataclass
class Known:
    """What a command asked git already about a merge that stopped, while nothing has changed it since."""

    stages: dict[str, dict[int, str]] | None = None  # the files left unmerged (``unmerged``)
    read: dict[str, bytes | None] = field(default_factory=dict)  # file versions read, by blob id
    bases: list[str] | None = None  # the commits' common ancestors, the first the one ``git merge-base`` names
    history: _History | None = None  # who changed what on each side, as read so far


def _read(store: Store, stages: dict[str, dict[int, str]], known: Known | None) -> dict[str, bytes | None]:
    """Every version of the unmerged files, those not read yet in one ``git cat-file``."""
    read = {} if known is None else known.read
    wanted = sorted({blob for blobs in stages.values() for blob in blobs.values()} - set(read))
    return {**read, **store.repo.blobs(wanted)}


def settle_index(store: Store, swapped: bool = False, *, known: Known | None = None) -> list[Note]:
    """Apply the recorded choices to the files git could not merge; what was settled, for the commit message.

    A whole file takes the chosen side's version (or goes, when that side removed
    it); a vhuis file whose every clash has a choice is merged with them and written.
    ``known``: what this command asked git already; its ``stages`` and ``read`` follow what is settled.
    """
    from vhuis.storage.store import atomic_write

    mine, others = (3, 2) if swapped else (2, 3)
    choices = load(store.repo.git_dir)
    prefix = store.repo.prefix
    notes: list[Note] = []
    stages = unmerged(store) if known is None or known.stages is None else known.stages
    read = _read(store, stages, known)
    settled: set[str] = set()  # staged or removed: no longer unmerged
    for path, blobs in sorted(stages.items()):
        shown, target = _target(path, prefix)
        kind = merge.mergeable_kind(shown)
        on_disk = store.repo.top / path
        whole = _whole_conflict(blobs, mine, others)
        if whole is None and kind is not None:
            try:
                texts = [_blob_text(store, blobs[i], read) if i in blobs else None for i in (1, mine, others)]
                merged = merge.merge_texts(
                    kind, texts[0], texts[1] or "", texts[2] or "", shown, "ours", settle_map(choices, path)
                )
            except InvalidData:
                merged = None
            if merged is not None:
                if merged.text is None:
                    continue
                atomic_write(on_disk, merged.text)
                store.repo.run("add", "--", path)
                settled.add(path)
                lookup = {(c.file, c.field): c for c in choices}
                notes += [
                    settled_note(target, s.conflict, s.take, s.value, lookup.get((path, s.conflict.field)))
                    for s in merged.settled
                ]
                continue
        conflict = whole or _changed_both(blobs, mine, others, "")
        choice = _whole_choice(choices, path, conflict)
        if choice is None:
            continue
        kept = blobs.get(mine if choice.take == "ours" else others)
        if kept is None:
            store.repo.run("rm", "-q", "--force", "--", path)
        else:
            on_disk.parent.mkdir(parents=True, exist_ok=True)
            on_disk.write_bytes(read.get(kept) or _blob(store, kept))
            store.repo.run("add", "--", path)
        settled.add(path)
        notes.append(_whole_note(target, choice.ours_by if choice.take == "ours" else choice.theirs_by, kept is None))
    if known is not None:
        known.stages = {path: blobs for path, blobs in stages.items() if path not in settled}
        known.read = read
    return notes


def _whole_note(target: str, whose: str, gone: bool) -> Note:
    """A whole file settled by taking one side's version (``gone``: that side had removed it)."""

    def say(words: Callable[[str], str]) -> str:
        said = (
            words(N_("{what} (the whole file): settled on {whose}'s version (removed)"))
            if gone
            else words(N_("{what} (the whole file): settled on {whose}'s version"))
        )
        return said.format(what=target, whose=whose or words(N_("the chosen side")))

    return noted(say)


def refusal(found: list[Clash], header: str, footer: str) -> MergeConflict:
    """The error that lists every clash, each with the commands that settle it."""
    blocks = ["\n".join(clash.lines()) for clash in found]
    return MergeConflict("\n\n".join([header, *blocks, footer]), found)


def count(found: list[Clash]) -> str:
    return ngettext("{n} place", "{n} places", len(found)).format(n=len(found))
