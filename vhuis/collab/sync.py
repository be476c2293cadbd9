"""Several people on one store: fetch from the shared remote, merge by meaning, push.

``sync`` is safe to run at any time. Under the store's lock it refuses to start
with uncommitted work in cases/ or meetings/, makes sure git knows the vhuis
merge driver (git config is not cloned), fetches, finds the remote branch that
holds the store (vhuis.collab.remote; never one with unrelated history), renumbers
local cases whose id was also used on the remote, merges (case, meeting and
partner files through the driver, see vhuis.collab.merge), checks the store files it
would send (vhuis.collab.snapshot), and pushes; a push that the remote rejects because
it moved meanwhile starts another round, a bounded number of times. A real
conflict or an invalid file puts the store back exactly as it was before the sync.

``merge_driver`` is what git runs for ``merge=vhuis`` files during any merge.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vhuis.collab import clashes, merge
from vhuis.collab.gitsetup import configure_driver
from vhuis.collab.remote import (
    branch_files,
    point_remote_head,
    preferred_for_sync,
    remote_refs,
    require_shared_history,
    store_branch,
)
from vhuis.collab.retention import require_same_purge
from vhuis.errors import DirtyFile, GitError, InvalidData, MergeConflict, Problem, StoreError
from vhuis.i18n import _, ngettext
from vhuis.model import CASE_ID, Meeting
from vhuis.storage.repo import Config, merge_file
from vhuis.storage.store import ARCHIVED_FILE, SETTINGS_FILE, Store, atomic_write, dump_model, parse

MAX_ROUNDS = 3
NOTES_ENV = "VHUIS_MERGE_NOTES"


@dataclass
class SyncReport:
    """What a sync did, for the person at the keyboard."""

    remote: str
    branch: str  # the remote's branch that holds the store
    received: int = 0
    sent: int = 0
    rounds: int = 0
    renumbered_cases: list[tuple[str, str]] = field(default_factory=list)
    renumbered_entries: list[str] = field(default_factory=list)
    sent_invalid: list[Problem] = field(default_factory=list)  # sent anyway, with --force
    pointed_remote_head: bool = False  # the first push set the bare remote's HEAD to this branch
    notes: list[clashes.Note] = field(default_factory=list)  # settled clashes, for the merge commit and the person

    @property
    def settled(self) -> list[str]:
        """What the merge settled, as the person at the keyboard reads it."""
        return [note.told for note in self.notes]

    @property
    def in_sync_already(self) -> bool:
        return not (self.received or self.sent or self.renumbered_cases or self.renumbered_entries)


def _last_lines(text: str, count: int = 4) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n  ".join(lines[-count:]) or _("(git said nothing)")


def _rebasing() -> bool:
    git_dir = Path(os.environ.get("GIT_DIR", ".git"))
    return (git_dir / "rebase-merge").is_dir() or (git_dir / "rebase-apply").is_dir()


def driver_language(name: str) -> str:
    """The language of the store that holds ``name`` (as git names the file it merges, from the work tree's top).

    git starts the merge driver in a process of its own, with no store open: its words follow the
    store's language all the same.
    """
    from vhuis.i18n import DEFAULT
    from vhuis.storage.store import find_root

    try:
        return Store(find_root(start=(Path.cwd() / name).parent)).language
    except StoreError:
        return DEFAULT


def merge_driver(base: Path, ours: Path, theirs: Path, name: str, env: Mapping[str, str] = os.environ) -> list[str]:
    """Merge ``theirs`` into ``ours`` (both files) against ``base``; the conflicts, none when merged.

    Files that are not vhuis files, or a version that does not read as one, are
    merged by lines (git merge-file), with conflict markers where lines clash.
    ``env`` tells where the recorded choices are and where to note what was done
    (git's environment when git runs the driver; see ``_merge_here``).
    """
    kind = merge.mergeable_kind(name)
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in (base, ours, theirs)]
    if kind is None:
        return _merge_lines(base, ours, theirs, name)
    renumber: merge.Side = "theirs" if _rebasing() else "ours"
    try:
        merged = merge.merge_texts(kind, texts[0], texts[1], texts[2], name, renumber, clashes.driver_settle(name, env))
    except InvalidData:
        return _merge_lines(base, ours, theirs, name)
    if merged.conflicts:
        _merge_lines(base, ours, theirs, name)
        return [f"{name}: {conflict.explain('ours', 'theirs')}" for conflict in merged.conflicts]
    assert merged.text is not None
    ours.write_text(merged.text, encoding="utf-8", newline="\n")
    clashes.driver_note(name, merged.settled, env)
    notes = env.get(NOTES_ENV)
    if notes and merged.renumbered:
        what = Path(name).stem if kind == "case" else name
        with Path(notes).open("a", encoding="utf-8") as out:
            for move in merged.renumbered:
                record = f"{what}: {move} (the id was taken on the remote)"
                told = _("{what}: {move} (the id was taken on the remote)").format(what=what, move=move.told())
                out.write(json.dumps({"record": record, "told": told}, ensure_ascii=False) + "\n")
    return []


def _merge_lines(base: Path, ours: Path, theirs: Path, name: str) -> list[str]:
    try:
        if merge_file(ours, base, theirs):
            return []
    except GitError:
        pass
    return [_("{file}: both sides changed the same lines (merged by lines, not by meaning)").format(file=name)]


# -- sync -----------------------------------------------------------------------------


def sync(store: Store, force: bool = False) -> SyncReport:
    """Fetch, merge and push with the store's remote; see the module docstring.

    What would be sent is checked first: invalid store files stop the sync
    (InvalidData, nothing sent) unless ``force``.
    """
    store.repo.identity()
    remote = store.settings.remote or "origin"
    with store.lock():
        branch, start, config = _prepare(store, remote)
        start = start or store.repo.run("rev-parse", "HEAD").strip()
        report = SyncReport(remote, branch)
        head = start  # HEAD as this sync left it: a fetch does not move it, a merge or a commit does
        try:
            for round_ in range(1, MAX_ROUNDS + 1):
                report.rounds = round_
                _fetch(store, remote)
                upstream, theirs, read = _store_branch(store, remote, branch, config)
                report.branch = upstream
                if theirs is not None:
                    bases = _bases(store, head, theirs)
                    require_shared_history(store.repo, remote, upstream, theirs, store.repo.prefix, bool(bases))
                    require_same_purge(store, remote, theirs, read)
                    before = head
                    head, counted, ahead = _integrate(store, report, theirs, head, bases)
                    if before == start and counted is not None:
                        report.received = counted  # the commits of theirs that HEAD lacked, counted for the merge
                    elif before == start and head == before:
                        report.received = 0  # theirs is in HEAD already
                    else:
                        report.received = _count(store, f"{start}..{theirs}")
                    if head == theirs:
                        ahead = 0  # a fast-forward (or nothing on either side)
                else:
                    ahead = None
                if ahead is None:
                    ahead = _count(store, f"{theirs}..{head}") if theirs else _count(store, head)
                if ahead == 0:
                    return report
                report.sent_invalid = _check_outgoing(store, theirs, head, force)
                track = theirs is None or config.get(f"branch.{branch}.merge") is None
                if _push(store, remote, branch, upstream, track):
                    report.sent = ahead
                    if theirs is None:
                        report.pointed_remote_head = point_remote_head(store.repo, remote, upstream)
                    return report
            raise GitError(
                _(
                    "the remote '{remote}' kept changing while vhuis tried to send your work ({rounds} rounds); "
                    "nothing was changed here. Run 'vhuis sync' again in a moment"
                ).format(remote=remote, rounds=MAX_ROUNDS)
            )
        except BaseException:
            _put_back(store, start)
            raise


def _prepare(store: Store, remote: str) -> tuple[str, str | None, Config]:
    """The current branch, HEAD's commit (None when git could not say) and git's settings, once the store is fit
    to sync: no unfinished merge, no uncommitted work. The merge driver is taught to git here if it needs it.
    """
    git_dir = store.repo.git_dir
    if (git_dir / "MERGE_HEAD").exists() or (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        raise GitError(
            _(
                "a git merge or rebase is in progress in this store; settle its clashes with 'vhuis resolve' (alone, "
                "it lists them with their commands) or undo it (git merge --abort, git rebase --abort), "
                "then run 'vhuis sync' again"
            )
        )
    dirty = store.repo.uncommitted([f"{store.repo.prefix}cases", f"{store.repo.prefix}meetings"])
    if dirty:
        raise DirtyFile(
            ngettext(
                "{files} has changes that are not committed. "
                "vhuis sync only merges and sends committed work: commit them (git add FILE && git commit), "
                "or put them aside (git stash), then run 'vhuis sync' again",
                "{files} have changes that are not committed. "
                "vhuis sync only merges and sends committed work: commit them (git add FILE && git commit), "
                "or put them aside (git stash), then run 'vhuis sync' again",
                len(dirty),
            ).format(files=", ".join(dirty))
        )
    if not store.repo.succeeds("diff", "--cached", "--quiet"):
        raise DirtyFile(_("some changes are staged for a commit (git add); commit them or unstage them first"))
    heads = store.repo.heads()
    start, branch = heads if heads is not None else (None, _symbolic_head(store))
    if branch is None:
        raise GitError(
            _("the store is not on a branch (a detached HEAD); check out the branch first (git switch main)")
        )
    config = store.repo.config()
    remotes = [remote] if config.has_remote(remote) else store.repo.run("remote").split()
    if remote not in remotes:
        named = _(" (it has: {remotes})").format(remotes=", ".join(remotes)) if remotes else ""
        raise GitError(
            _(
                "this store has no git remote '{remote}' to sync with{named}. Add the shared repository once with "
                "'git remote add {remote} URL' (see docs/sync.md), or name the remote with 'remote:' in vhuis.yaml"
            ).format(remote=remote, named=named)
        )
    configure_driver(store.repo, store.root, config)
    return branch, start, config


def _symbolic_head(store: Store) -> str | None:
    """The branch HEAD names, also a branch with no commit yet; None when HEAD is detached."""
    branch = store.repo.try_run("symbolic-ref", "--quiet", "--short", "HEAD")
    return branch.out.strip() if branch.ok else None


def _store_branch(
    store: Store, remote: str, branch: str, config: Config
) -> tuple[str, str | None, dict[str, bytes | None]]:
    """The remote branch this branch syncs with: the one that holds the store (whatever the remote's HEAD
    names), preferring its upstream, then its own name; its own name when the remote holds no store yet.
    With its commit as last fetched (None when the remote has no such branch), and the store's settings
    and list of archived cases in each branch (``REV:PATH`` -> content), read by one ``git cat-file``.
    """
    refs = remote_refs(store.repo, remote)
    preferred = preferred_for_sync(remote, branch, config, refs.head)
    prefix = store.repo.prefix
    read = branch_files(store.repo, refs.branches, prefix, (SETTINGS_FILE, ARCHIVED_FILE))
    upstream = store_branch(store.repo, remote, prefix, preferred, refs.branches, read) or branch
    return upstream, refs.commit_of(store.repo, remote, upstream), read


def _check_outgoing(store: Store, theirs: str | None, head: str, force: bool) -> list[Problem]:
    """The errors in the store files a push would change (as merged); refused unless ``force``."""
    from vhuis.collab.snapshot import outgoing_problems
    from vhuis.domain.checks import errors

    invalid = errors(outgoing_problems(store, theirs, head))
    if invalid and not force:
        files = sorted({problem.file for problem in invalid})
        problems = ngettext("{n} problem", "{n} problems", len(invalid)).format(n=len(invalid))
        raise InvalidData(
            ngettext(
                "vhuis sync sent nothing: {files} would break the store for everyone who syncs "
                "({problems}; the store is as it was before the sync). Repair and commit it (vhuis case edit "
                "CASE, or by hand and git commit), then sync again; or send it knowingly with 'vhuis sync --force'",
                "vhuis sync sent nothing: {files} would break the store for everyone who syncs "
                "({problems}; the store is as it was before the sync). Repair and commit them (vhuis case edit "
                "CASE, or by hand and git commit), then sync again; or send them knowingly with 'vhuis sync --force'",
                len(files),
            ).format(files=", ".join(files), problems=problems),
            invalid,
        )
    return invalid


def _fetch(store: Store, remote: str) -> None:
    fetched = store.repo.try_run("fetch", "--quiet", "--prune", remote)
    if not fetched.ok:
        url = store.repo.try_run("remote", "get-url", remote).out.strip()
        raise GitError(
            _(
                "could not reach the remote '{remote}' ({url}); nothing was changed. Check the network or the "
                "address (git remote -v), then run 'vhuis sync' again. git said:"
            ).format(remote=remote, url=url)
            + f"\n  {_last_lines(fetched.err)}"
        )


def _resolve(store: Store, ref: str) -> str | None:
    found = store.repo.try_run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return found.out.strip() if found.ok and found.out.strip() else None


def _count(store: Store, revisions: str) -> int:
    return int(store.repo.run("rev-list", "--count", revisions).strip() or 0)


def _bases(store: Store, head: str, theirs: str) -> list[str]:
    """The best common ancestors of two commits (``git merge-base --all``); none when they share no history.

    One program answers what ``merge-base --is-ancestor`` both ways would: ``theirs`` is in ``head``
    exactly when it is their only base, and ``head`` in ``theirs`` when ``head`` is.
    """
    found = store.repo.try_run("merge-base", "--all", head, theirs)
    return found.out.split() if found.ok else []


def _integrate(
    store: Store, report: SyncReport, theirs: str, head: str, bases: list[str]
) -> tuple[str, int | None, int | None]:
    """Bring the remote's commits into the branch at ``head`` (``bases``: the two's, see ``_bases``): fast-forward,
    or renumber and merge. HEAD's commit after, and when they were counted: the commits of ``theirs`` that
    ``head`` lacked, and those HEAD now has that ``theirs`` lacks (what a push would send).
    """
    if bases == [theirs]:
        return head, None, None
    if bases == [head]:
        moved = store.repo.try_run("merge", "--ff-only", "--quiet", theirs)
        if not moved.ok:
            raise GitError(
                _("could not take over the remote's changes; nothing was changed:") + f"\n  {_last_lines(moved.err)}"
            )
        return theirs, None, None
    if not bases:
        raise GitError(
            _(
                "the remote '{remote}' holds another store (no history in common with this one); "
                "nothing was changed. Clone the shared store instead (see docs/sync.md)"
            ).format(remote=report.remote)
        )
    renumbered = _renumber_cases(store, bases[0], theirs)  # a commit each
    report.renumbered_cases += renumbered
    notes = store.repo.git_dir / "vhuis-merge-notes"
    notes.unlink(missing_ok=True)
    env = {NOTES_ENV: str(notes), **clashes.merge_env(store.repo.git_dir)}
    # One common ancestor (nearly always): the store files are merged in this process, not by a driver
    # that git starts once per file. Several: git merges them first into a base, with the driver.
    here = len(bases) == 1
    without_driver = ["-c", "merge.vhuis.driver=false"] if here else []
    merged = store.repo.try_run(*without_driver, "merge", "--no-ff", "--no-commit", "--quiet", theirs, env=env)
    if not merged.ok:
        known = clashes.Known(bases=bases)
        if not (here and _merge_here(store, env, known)):
            _settle_or_refuse(store, report, head, theirs, merged.err, known)
    moves = [_moved(line) for line in notes.read_text(encoding="utf-8").splitlines()] if notes.exists() else []
    notes.unlink(missing_ok=True)
    report.renumbered_entries += [move.told for move in moves]
    report.notes = clashes.settled_notes(store.repo.git_dir) + report.notes
    # Ours only (HEAD's commits that theirs lacks) and theirs only, by one program: the merge commit will
    # have those of ours, the renumberings and itself that theirs lacks.
    counted = store.repo.run("rev-list", "--count", "--left-right", f"{head}...{theirs}").split()
    ours_only, count = int(counted[0]), int(counted[1])
    message = f"sync: merge {count} commit{'s' if count != 1 else ''} from {report.remote}"
    if moves or report.notes:
        message += "\n\n" + "\n".join(note.record for note in [*moves, *report.notes])
    committed = store.repo.try_run("commit", "--quiet", "-m", message, env=env)
    if not committed.ok:
        raise GitError(_("git could not commit the merge:") + f"\n  {_last_lines(committed.err)}")
    clashes.forget(store.repo.git_dir)
    return store.repo.run("rev-parse", "HEAD").strip(), count, ours_only + len(renumbered) + 1


def _moved(line: str) -> clashes.Note:
    """One renumbering the merge driver noted (a line of English alone, from a vhuis before notes had two)."""
    try:
        said = json.loads(line)
        return clashes.Note(str(said["record"]), str(said["told"]))
    except (ValueError, TypeError, KeyError):
        return clashes.Note(line, line)


def _merge_here(store: Store, env: dict[str, str], known: clashes.Known) -> bool:
    """What git's merge driver does for each file it would have started it for, done in this process.

    git merged with the driver switched off, which leaves each such file unmerged
    with git's three versions in the index. Each is merged here as the driver
    merges it (``merge_driver``, the same ``env``): the result is written and
    staged, or written with conflict markers and left unmerged, as git leaves a
    file the driver could not merge. Whether the merge is now whole; ``known`` learns the files left
    unmerged and the versions read.
    """
    import tempfile

    unmerged = known.stages = clashes.unmerged(store)
    both = {path: blobs for path, blobs in unmerged.items() if 2 in blobs and 3 in blobs}
    said = store.repo.read("check-attr", "-z", "merge", "--", *both).split(b"\0") if both else []
    attributes = zip(said[0::3], said[2::3], strict=False)  # path NUL "merge" NUL value NUL
    driven = [path.decode("utf-8", "surrogateescape") for path, value in attributes if value == b"vhuis"]
    if not driven:
        return False
    contents = known.read = store.repo.blobs([blob for path in driven for blob in both[path].values()])
    merged: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vhuis-merge-") as folder:
        for number, path in enumerate(sorted(driven)):
            base, ours, theirs = (Path(folder) / f"{number}.{stage}" for stage in (1, 2, 3))
            for stage, file in ((1, base), (2, ours), (3, theirs)):
                file.write_bytes(contents.get(both[path].get(stage, "")) or b"")  # no base: both added it
            if not merge_driver(base, ours, theirs, path, env):
                merged.append(path)
            (store.repo.top / path).write_bytes(ours.read_bytes())
    if merged:
        store.repo.run("add", "--", *merged)  # settles exactly these: the others stay unmerged
    known.stages = {path: blobs for path, blobs in unmerged.items() if path not in merged}
    return (store.repo.git_dir / "MERGE_HEAD").exists() and not known.stages


def _put_back(store: Store, start: str) -> None:
    """Undo an unfinished merge and any commits of this sync: the store as before it.

    In a merge, one ``git rev-parse`` names both HEAD and MERGE_HEAD (aborting a merge leaves HEAD where it is).
    """
    both = store.repo.try_run("rev-parse", "HEAD^{commit}", "MERGE_HEAD^{commit}") if _merging(store) else None
    if both is not None and both.ok and len(both.out.split()) == 2:
        store.repo.try_run("merge", "--abort")
        head: str | None = both.out.split()[0]
    else:
        if _merging(store) and _resolve(store, "MERGE_HEAD") is not None:
            store.repo.try_run("merge", "--abort")
        head = _resolve(store, "HEAD")
    if head != start:
        store.repo.try_run("reset", "--quiet", "--keep", start)


def _merging(store: Store) -> bool:
    """Whether git left a merge unfinished (its MERGE_HEAD file): no git program is started."""
    return (store.repo.git_dir / "MERGE_HEAD").exists()


def _settle_or_refuse(
    store: Store, report: SyncReport, head: str, theirs: str, said: str, known: clashes.Known
) -> None:
    """After git's merge stopped: apply the choices made with 'vhuis resolve', or refuse with every clash left.

    ``known``: what was asked of git since the merge stopped (the files left unmerged follow what is settled).
    """
    if known.stages is None:
        known.stages = clashes.unmerged(store)
    if not known.stages:
        raise GitError(_("git could not merge the remote's changes:") + f"\n  {_last_lines(said)}")
    report.notes += clashes.settle_index(store, known=known)
    left = clashes.from_index(store, head, theirs, known=known)
    if left:
        already = len(clashes.load(store.repo.git_dir))
        settled = (
            ngettext(
                " ({n} more already settled with 'vhuis resolve')",
                " ({n} more already settled with 'vhuis resolve')",
                already,
            ).format(n=already)
            if already
            else ""
        )
        raise clashes.refusal(
            left,
            _(
                "your changes and the remote's clash in {places}, so nothing was merged and the store "
                "is as it was before 'vhuis sync'{settled}:"
            ).format(places=clashes.count(left), settled=settled),
            _(
                "Agree with your colleague which value is right, and run one command of each clash: --ours keeps "
                "yours, --theirs takes the remote's, --edit lets you write the value. The last one merges; then run "
                "'vhuis sync' to send the result."
            ),
        )
    if known.stages:
        raise GitError(_("git could not merge the remote's changes:") + f"\n  {_last_lines(said)}")


def merge_remote(store: Store, settle: Callable[[list[clashes.Clash]], bool]) -> SyncReport:
    """Fetch and merge the remote's commits without sending anything: the work of 'vhuis resolve'.

    The merge is tried first; ``settle`` is shown the clashes it met (none when it
    merged cleanly) and records choices for some of them, or raises. When it
    returns True the merge is made again with every choice recorded so far and
    committed, unless clashes are left (MergeConflict). Whatever fails puts the
    store back as it was.
    """
    store.repo.identity()
    remote = store.settings.remote or "origin"
    with store.lock():
        branch, start, config = _prepare(store, remote)
        _fetch(store, remote)
        upstream, theirs, _read = _store_branch(store, remote, branch, config)
        bases: list[str] = []
        if theirs is not None:
            shared = None if start is None else bool(bases := _bases(store, start, theirs))
            require_shared_history(store.repo, remote, upstream, theirs, store.repo.prefix, shared)
        start = start or store.repo.run("rev-parse", "HEAD").strip()
        report = SyncReport(remote, branch)
        try:
            met: list[clashes.Clash] = []
            if theirs is not None:
                recorded = clashes.load(store.repo.git_dir)
                try:
                    _integrate(store, SyncReport(remote, branch), theirs, start, bases)
                except MergeConflict as error:
                    met = error.clashes
                _put_back(store, start)
                if recorded:
                    clashes.record(store.repo.git_dir, recorded)
            if not settle(met) or theirs is None:
                return report
            _, counted, _ahead = _integrate(store, report, theirs, start, bases)
            report.received = _count(store, f"{start}..{theirs}") if counted is None else counted
            return report
        except BaseException:
            _put_back(store, start)
            raise


def _push(store: Store, remote: str, branch: str, upstream: str, track: bool) -> bool:
    """Send the branch (``track``: and make it the branch's upstream); False when the remote moved meanwhile."""
    args = ["push", *(["--set-upstream"] if track else []), remote, f"{branch}:refs/heads/{upstream}"]
    pushed = store.repo.try_run(*args)
    if pushed.ok:
        return True
    said = pushed.err
    moved = ("[rejected]" in said and ("fetch first" in said or "non-fast-forward" in said)) or (
        "[remote rejected]" in said and ("failed to update ref" in said or "cannot lock ref" in said)
    )
    if moved:
        return False
    raise GitError(
        _("the remote '{remote}' refused your changes; nothing was changed here. git said:").format(remote=remote)
        + f"\n  {_last_lines(said)}"
    )


# -- case ids across clones -------------------------------------------------------------


def _case_files(store: Store, commits: list[str]) -> list[dict[str, str]]:
    """Case id -> blob of every case file in each commit (its cases/ folder read by one ``git cat-file``)."""
    specs = [f"{commit}:{store.repo.prefix}cases" for commit in commits]
    found = store.repo.folders(specs)
    return [
        {
            name.removesuffix(".yaml"): blob
            for name, (_mode, blob) in found[spec].items()
            if name.endswith(".yaml") and CASE_ID.match(name.removesuffix(".yaml"))
        }
        for spec in specs
    ]


def _renumber_cases(store: Store, base: str, theirs: str) -> list[tuple[str, str]]:
    """Local cases made since the last sync whose id the remote also used: each gets the next free id."""
    ours, before, remote = _case_files(store, ["HEAD", base, theirs])
    clashes = sorted(i for i in ours if i not in before and i in remote and remote[i] != ours[i])
    taken = set(ours) | set(remote)
    moves: list[tuple[str, str]] = []
    for old in clashes:
        year = old.split("-")[0]
        number = max(int(i.split("-")[1]) for i in taken if i.startswith(f"{year}-")) + 1
        new = f"{year}-{number:03d}"
        taken.add(new)
        _renumber_case(store, old, new, base)
        moves.append((old, new))
    return moves


def _renumber_case(store: Store, old: str, new: str, base: str) -> None:
    case = store.case(old)
    case.id = new
    files: dict[Path, str] = {store.case_path(new): dump_model(case)}
    for day in store.meeting_dates():
        path = store.root / "meetings" / f"{day}.yaml"
        meeting = store.read(path, Meeting)
        if old not in meeting.cases or old in _agenda_at(store, base, path):
            continue
        meeting.cases = [new if c == old else c for c in meeting.cases]
        files[path] = dump_model(meeting)
    old_path = store.case_path(old)
    for path, text in files.items():
        atomic_write(path, text)
    old_path.unlink()
    message = f"{old}: renumbered to {new} (the id was taken on the remote)"
    store.repo.commit_paths(list(files), message, new=[store.case_path(new)], gone=[old_path])


def _agenda_at(store: Store, commit: str, path: Path) -> list[str]:
    """The agenda of a meeting file as it was in ``commit`` (empty when it did not exist)."""
    shown = store.repo.try_run("show", f"{commit}:{store.repo.rel(path)}")
    if not shown.ok:
        return []
    try:
        return parse(shown.out, store.rel(path), Meeting).cases
    except InvalidData:
        return []
