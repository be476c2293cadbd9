"""``vhuis resolve``: settle a clash of a merge, whatever the step rules say.

After ``vhuis sync`` stopped on clashes, the store is as it was before it. Each
``vhuis resolve TARGET [FIELD] --ours|--theirs|--edit`` fetches, records the
choice for the clashes it names, and merges again: while clashes are left the
store stays as it was and they are listed; the one that settles the last clash
commits the merge (one commit), and the next ``vhuis sync`` sends it. The value
kept is written as it is: a status may go any way, because both sides already
made their step.

A merge that plain git started (``git pull``, ``git merge``, ``git pull
--rebase``) and left unfinished is settled in place: a file whose every clash
is settled is written and staged, and once none is left the merge is committed
(or the rebase goes on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from vhuis.collab import clashes, merge, sync
from vhuis.errors import GitError, InvalidInput, MergeConflict, NotFound, PersonalData
from vhuis.i18n import _

if TYPE_CHECKING:
    from vhuis.storage.store import Store

Write = Callable[[clashes.Clash], str]
Merging = Literal["merge", "rebase"]


@dataclass
class Resolution:
    """What one 'vhuis resolve' did: the clashes it settled, those left, and whether the merge is committed."""

    settled: list[clashes.Clash] = field(default_factory=list)
    left: list[clashes.Clash] = field(default_factory=list)
    committed: bool = False
    received: int = 0
    remote: str = ""
    by_git: Merging | None = None
    renumbered_cases: list[tuple[str, str]] = field(default_factory=list)
    renumbered_entries: list[str] = field(default_factory=list)


def in_progress(store: Store) -> Merging | None:
    """The merge or rebase that git started and left unfinished in this store, if any."""
    git_dir = store.repo.git_dir
    if (git_dir / "MERGE_HEAD").exists():
        return "merge"
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        return "rebase"
    return None


def waiting(store: Store) -> Resolution:
    """The clashes waiting to be settled: of the merge git left unfinished, else of a merge with the remote."""
    state = in_progress(store)
    if state is not None:
        with store.lock():
            ours, theirs, swapped = _sides(store, state)
            return Resolution(left=clashes.from_index(store, ours, theirs, clashes.OTHER, swapped), by_git=state)
    met: list[clashes.Clash] = []

    def look(found: list[clashes.Clash]) -> bool:
        met.extend(found)
        return False

    report = sync.merge_remote(store, look)
    return Resolution(left=met, remote=f"{report.remote}/{report.branch}")


def resolve(
    store: Store, target: str, field_name: str | None, take: merge.Take, write: Write | None = None
) -> Resolution:
    """Settle the clashes of ``target`` (a case id, a meeting date, 'partners' or a file), or of one field of it."""
    state = in_progress(store)
    if state is not None:
        return _in_place(store, state, target, field_name, take, write)
    outcome = Resolution()

    def choose(found: list[clashes.Clash]) -> bool:
        outcome.settled = _choose(store, found, target, field_name, take, write)
        return True

    try:
        report = sync.merge_remote(store, choose)
    except MergeConflict as error:
        outcome.left = error.clashes
        return outcome
    outcome.committed = True
    outcome.received = report.received
    outcome.remote = report.remote
    outcome.renumbered_cases = report.renumbered_cases
    outcome.renumbered_entries = report.renumbered_entries
    return outcome


def _choose(
    store: Store, found: list[clashes.Clash], target: str, field_name: str | None, take: merge.Take, write: Write | None
) -> list[clashes.Clash]:
    """Record the choice for the clashes named; the clashes it settles."""
    hits = _matching(found, target, field_name)
    value: Any = None
    if take == "value":
        if len(hits) != 1 or not hits[0].editable:
            raise InvalidInput(_not_one_value(hits))
        if write is None:
            raise InvalidInput(_("--edit needs a person at the keyboard to write the value"))
        value = _checked_value(store, hits[0], write(hits[0]))
    clashes.record(
        store.repo.git_dir,
        [
            clashes.Choice(
                clash.file,
                clash.conflict.field,
                clash.ours_fp,
                clash.theirs_fp,
                take,
                value,
                clash.whole,
                clash.here_by.author if clash.here_by else "",
                clash.there_by.author if clash.there_by else "",
            )
            for clash in hits
        ],
    )
    return hits


def _matching(found: list[clashes.Clash], target: str, field_name: str | None) -> list[clashes.Clash]:
    if not found:
        raise NotFound(
            _("there is no clash to settle: this store and the other side merge without one; run 'vhuis sync'")
        )
    file = clashes.target_file(target)
    in_file = [c for c in found if c.shown == file]
    if not in_file:
        targets = ", ".join(dict.fromkeys(c.target for c in found))
        raise NotFound(
            _("{target} ({file}) has no clash to settle; the clashes are in: {targets}").format(
                target=target, file=file, targets=targets
            )
        )
    if field_name is None:
        return in_file
    wanted = merge.label(field_name.strip())
    hits = [c for c in in_file if c.name and (c.name == wanted or c.name.startswith(wanted + "."))]
    if not hits:
        names = ", ".join(c.name or _("the whole file (name no field)") for c in in_file)
        raise NotFound(
            _("{file} has no clash on '{field}'; its clashes: {names}").format(file=file, field=field_name, names=names)
        )
    return hits


def _not_one_value(hits: list[clashes.Clash]) -> str:
    if len(hits) > 1:
        names = ", ".join(c.name for c in hits)
        return _("--edit writes one value, and this names {n} clashes ({names}); name one of them").format(
            n=len(hits), names=names
        )
    clash = hits[0]
    said = (
        _("{file}, {field} is a whole file: settle it with --ours or --theirs")
        if clash.whole
        else _("{file}, {field} is not a single value: settle it with --ours or --theirs")
    )
    return said.format(file=clash.shown, field=clash.name or _("the whole file"))


def _checked_value(store: Store, clash: clashes.Clash, text: str) -> Any:
    """The value a person wrote, once it is fit to keep: valid in the merged file, and without personal data."""
    from vhuis.domain import privacy

    value: str | None = text.strip() or None
    where = f"{clash.shown}, {clash.name}"
    if value is not None:
        found = privacy.findings(value, *privacy.allowed(store))
        if found:
            raise PersonalData(
                _(
                    "{where} was not settled: the value holds personal data, and git keeps every version forever."
                ).format(where=where)
                + "\n  "
                + "\n  ".join(privacy.explain_finding(f) for f in found)
                + "\n"
                + _("Write about the place or the group, not the person, and try again.")
            )
    if clash.texts is not None and clash.kind is not None:
        choices = clashes.settle_map(clashes.load(store.repo.git_dir), clash.file)
        choices[clash.conflict.field] = merge.Settle(clash.ours_fp, clash.theirs_fp, "value", value)
        merged = merge.merge_texts(clash.kind, *clash.texts, clash.shown, "ours", choices)
        wrong = [c for c in merged.conflicts if c.note and merge.within(c.field, clash.conflict.field)]
        if wrong:
            reasons = "; ".join(c.note.removeprefix(merge.invalid_result("")) for c in wrong)
            raise InvalidInput(
                _("{where}: {value} does not fit: {reasons}. Nothing was settled").format(
                    where=where, value=merge.show(value), reasons=reasons
                )
            )
    return value


# -- a merge that git started ----------------------------------------------------------------


def _sides(store: Store, state: Merging) -> tuple[str, str, bool]:
    """Your commit, the other side's, and whether git's stages are the other way round (a rebase)."""
    if state == "merge":
        ours, theirs = store.repo.run("rev-parse", "HEAD", "MERGE_HEAD").split()
        return ours, theirs, False
    ours, theirs = store.repo.run("rev-parse", "REBASE_HEAD", "HEAD").split()
    return ours, theirs, True


def _in_place(
    store: Store, state: Merging, target: str, field_name: str | None, take: merge.Take, write: Write | None
) -> Resolution:
    store.repo.identity()
    with store.lock():
        ours, theirs, swapped = _sides(store, state)
        known = clashes.Known()  # what git said, followed through the settling: nothing else changes the index
        found = clashes.from_index(store, ours, theirs, clashes.OTHER, swapped, known=known)
        settled = _choose(store, found, target, field_name, take, write)
        notes = [note.record for note in clashes.settle_index(store, swapped, known=known)]
        left = clashes.from_index(store, ours, theirs, clashes.OTHER, swapped, known=known)
        if left:
            return Resolution(settled, left, by_git=state)
        if known.stages:
            raise GitError(_("git still lists files it could not merge; see 'git status'"))
        if state == "merge":
            _commit_merge(store, notes)
        else:
            left = _continue_rebase(store)
            if left:
                return Resolution(settled, left, by_git=state)
        clashes.forget(store.repo.git_dir)
        return Resolution(settled, [], committed=True, by_git=state)


def _commit_merge(store: Store, notes: list[str]) -> None:
    message_file = store.repo.git_dir / "MERGE_MSG"
    said = message_file.read_text(encoding="utf-8") if message_file.exists() else "Merge"
    message = "\n".join(line for line in said.splitlines() if not line.startswith("#")).strip()
    if notes:
        message += "\n\n" + "\n".join(notes)
    store.repo.run("commit", "--quiet", "-m", message)


def _continue_rebase(store: Store) -> list[clashes.Clash]:
    """Let the rebase go on; the clashes of the next commit when it stops again."""
    went = store.repo.try_run("rebase", "--continue", env={"GIT_EDITOR": "true"})
    if went.ok:
        return []
    if clashes.unmerged(store):
        ours, theirs, swapped = _sides(store, "rebase")
        return clashes.from_index(store, ours, theirs, clashes.OTHER, swapped)
    said = (went.err or went.out).strip().splitlines()
    raise GitError(_("git could not go on with the rebase:") + "\n  " + "\n  ".join(said[-4:]))
