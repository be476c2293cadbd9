"""After the retention period: which cases are due, the archive they go to, and the purge of the history.

``retention`` lists the closed and dismissed cases whose term has ended (vhuis.domain.retention);
a case whose file has no ``closed`` date (files from before vhuis wrote it) takes the day of the
commit that closed it. ``archive`` writes a case's last file and its whole history as plain text
to a folder, and takes the file out of the store in one commit, recording its id in
``.vhuis/archived``. ``purge`` removes the archived cases' files from every commit of the history
with git-filter-repo, after a backup bundle, and leaves no object of them behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vhuis.domain.retention import FINISHED, Term, due, terms
from vhuis.errors import GitError, InvalidInput, Problem, WriteFailed
from vhuis.i18n import N_, _
from vhuis.storage.repo import Repo
from vhuis.storage.store import ARCHIVED_FILE, ARCHIVED_HEADER, Store, archived_in
from vhuis.vocab import term

_STATUS = re.compile(r"^status:[ \t]*['\"]?([a-z-]+)", re.MULTILINE)
_FINISHED = {status.value for status in FINISHED}
BUNDLE_NAME = "{name}-voor-purge-{day}.bundle"
IN_THE_REPOSITORY = N_(
    "{path} is inside the store's git repository, where a 'git add' would put the cases back into the history; "
    "choose a folder outside it"
)


def inside(repo: Repo, folder: Path) -> bool:
    """Whether ``folder`` (which may not exist yet) lies in the repository's work tree."""
    return folder.resolve().is_relative_to(repo.top)


def closing_days(repo: Repo, names: list[str]) -> dict[str, date]:
    """The day of the commit that closed each case in ``names`` (files as git names them), from HEAD's history.

    For each file: the oldest commit of the latest unbroken run of versions that are closed or
    dismissed. A file whose last committed version is neither (or that was never committed) is
    left out. Two git programs however many files: one log, one ``cat-file --batch``.
    """
    if not names or not repo.has_head():
        return {}
    log = repo.run("log", "--format=%x00%H %as", "--name-only", "HEAD", "--", *names)
    commits: dict[str, list[tuple[str, str]]] = {}
    for block in log.split("\0")[1:]:
        head_line, *touched = block.strip("\n").split("\n")
        sha, day = head_line.split()
        for name in touched:
            if name:
                commits.setdefault(name, []).append((sha, day))
    versions = repo.blobs([f"{sha}:{name}" for name, found in commits.items() for sha, _day in found])
    days = {}
    for name, found in commits.items():
        closed = None
        for sha, day in found:  # newest first
            raw = versions[f"{sha}:{name}"]
            status = _STATUS.search(raw.decode("utf-8", errors="replace")) if raw else None
            if status is None or status.group(1) not in _FINISHED:
                break
            closed = day
        if closed is not None:
            days[name] = date.fromisoformat(closed)
    return days


@dataclass
class Retention:
    """Every closed or dismissed case with its term, as of ``day``."""

    day: date
    years: int
    terms: list[Term]
    problems: list[Problem] = field(default_factory=list)

    @property
    def due(self) -> list[Term]:
        return due(self.terms, self.day)

    @property
    def unknown(self) -> list[Term]:
        """Closed or dismissed, but neither the file nor the history says when."""
        return [found for found in self.terms if found.closed is None]


def retention(store: Store, day: date) -> Retention:
    """The store's closed and dismissed cases and their terms (vhuis.yaml ``retention: {closed_years}``)."""
    cases, problems = store.digests()
    years = store.settings.retention.closed_years
    lacking = {
        store.repo.rel(store.case_path(case.id)): case.id
        for case in cases
        if case.status in FINISHED and case.closed is None
    }
    found = closing_days(store.repo, list(lacking))
    from_history = {lacking[name]: day for name, day in found.items()}
    return Retention(day, years, terms(cases, years, from_history), problems)


# -- archive -------------------------------------------------------------------------------------


def archive_names(case_id: str) -> tuple[str, str]:
    """The files a case becomes in the archive folder: its last file, and its history as text."""
    return f"{case_id}.yaml", f"{case_id}.history.txt"


def archive(store: Store, case_ids: Iterable[str], out: Path, day: date, force: bool = False) -> list[Path]:
    """Write each case's last file and history to ``out``, then take the files out of the store in one commit.

    Refused, with every reason at once and nothing written, for a case that does not exist, is not
    closed or dismissed, or (without ``force``) has not reached the end of its term; and when a file
    it would write in ``out`` is there already. Returns the files written.
    """
    wanted = list(dict.fromkeys(case_ids))
    with store.lock():
        found = retention(store, day)
        by_id = {t.case: t for t in found.terms}
        present = set(store.case_ids())
        wrong: list[tuple[str, str]] = []
        for case_id in wanted:
            if case_id not in present:
                wrong.append(("", _("there is no case {case} in the store").format(case=case_id)))
                continue
            finished = by_id.get(case_id)
            if finished is None:
                status = store.case(case_id).status
                wrong.append(
                    (
                        "",
                        _("case {case} is {status}; only a closed or dismissed case is archived").format(
                            case=case_id, status=term(status)
                        ),
                    )
                )
            elif not force and finished.expires is None:
                wrong.append(
                    (
                        "",
                        _(
                            "case {case} has no closing date, in its file or its history; write it into the file "
                            "(closed: YYYY-MM-DD) and commit it, or archive it anyway with --force"
                        ).format(case=case_id),
                    )
                )
            elif not force and not finished.due(day):
                wrong.append(
                    (
                        "",
                        _(
                            "case {case} closed on {closed} and is kept until {expires} ({years} years); "
                            "--force archives it before its term ends"
                        ).format(case=case_id, closed=finished.closed, expires=finished.expires, years=found.years),
                    )
                )
        if out.exists() and not out.is_dir():
            wrong.append(("out", _("{path} is not a folder").format(path=out)))
        elif inside(store.repo, out):
            wrong.append(("out", _(IN_THE_REPOSITORY).format(path=out)))
        else:
            for case_id in wanted:
                for name in archive_names(case_id):
                    if os.path.lexists(out / name):
                        wrong.append(("out", _("{path} exists already; choose another folder").format(path=out / name)))
        if wrong:
            (field_name, message), *also = wrong
            raise InvalidInput(
                message, field_name, also=also, heading=_("nothing was archived, and the store is as it was")
            )
        paths = [store.case_path(case_id) for case_id in wanted]
        listing = store.root / ARCHIVED_FILE
        store.ready_to_change([*paths, listing])
        written = _write_archive(store, wanted, out, day)
        recorded = (
            listing.read_text(encoding="utf-8", errors="replace") if listing.exists() else ARCHIVED_HEADER
        ).rstrip("\n") + "\n"
        already = archived_in(recorded)
        recorded += "".join(f"{case_id} {day.isoformat()}\n" for case_id in wanted if case_id not in already)
        message = f"archive {', '.join(wanted)}: out of the store after the retention period ({found.years} years)"
        try:
            store.commit({listing: recorded}, message, gone=paths)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
    return written


def _write_archive(store: Store, case_ids: list[str], out: Path, day: date) -> list[Path]:
    """Each case's last file and its history, as new files in ``out`` (never over a file); all or none."""
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for case_id in case_ids:
            path = store.case_path(case_id)
            final, history = (out / name for name in archive_names(case_id))
            _write_new(final, path.read_bytes())
            written.append(final)
            _write_new(history, history_text(store, case_id, day).encode("utf-8"))
            written.append(history)
    except OSError as error:
        for made in written:
            made.unlink(missing_ok=True)
        raise WriteFailed(
            _("could not write the archive in {folder} ({why}); nothing was archived").format(
                folder=out, why=error.strerror
            )
        ) from None
    return written


def _write_new(path: Path, data: bytes) -> None:
    with path.open("xb") as new:
        new.write(data)
        new.flush()
        os.fsync(new.fileno())


def history_text(store: Store, case_id: str, day: date) -> str:
    """The case file's history as plain text a reader needs no vhuis (nor git) for: a header, then ``git log -p``."""
    name = store.repo.rel(store.case_path(case_id))
    log = store.repo.run(
        "log", "-p", "--format=fuller", "--date=iso-strict", "--no-color", "--no-ext-diff", "--no-textconv",
        "--", name,
    )  # fmt: skip
    header = _(
        "Case {case}: the history of its file {file} in the store of {office}, archived on {day} with vhuis.\n"
        "Every commit that changed the file, newest first: who made it and when, what it says, and the change "
        "itself as a unified diff (a line starting with '-' was taken out, one starting with '+' put in).\n"
        "The file as it was last is {case}.yaml, beside this one."
    ).format(case=case_id, file=name, office=store.settings.name, day=day.isoformat())
    return f"{header}\n{'=' * 78}\n\n{log}\n"


# -- purge -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgePlan:
    """What a purge would remove: the archived cases' files that some commit of some ref still holds."""

    cases: list[str]
    paths: list[str]
    commits: int


def purge_plan(store: Store) -> PurgePlan:
    """The archived cases (``.vhuis/archived``) whose files are still in the history, and in how many commits."""
    cases, paths, commits = [], [], set()
    for case_id in store.archived():
        path = store.case_path(case_id)
        name = store.repo.rel(path)
        if os.path.lexists(path):
            raise InvalidInput(
                _(
                    "case {case} is listed as archived in {listing}, but {file} is in the store again; "
                    "a purge would remove it from every commit. Take it out of the list, or out of the store, first"
                ).format(case=case_id, listing=ARCHIVED_FILE, file=store.rel(path))
            )
        touching = store.repo.run("rev-list", "--all", "--", name).split()
        if touching:
            cases.append(case_id)
            paths.append(name)
            commits.update(touching)
    return PurgePlan(cases, paths, len(commits))


@dataclass(frozen=True)
class Purged:
    plan: PurgePlan
    bundle: Path
    remotes: list[str]


def backup_path(store: Store, folder: Path | None, day: date) -> Path:
    """Where the backup bundle goes: beside the repository's folder, or in ``folder``."""
    top = store.repo.top
    return (folder or top.parent) / BUNDLE_NAME.format(name=top.name, day=day.isoformat())


def purge(store: Store, day: date, backup: Path | None = None) -> Purged:
    """Remove the archived cases' files from every commit of every ref, after writing a backup bundle.

    Then the reflogs are expired and git's garbage collected, so that no object of those files is
    left; the remotes' settings, which git-filter-repo removes, are put back.
    """
    repo = store.repo
    with store.lock():
        plan = purge_plan(store)
        if not plan.paths:
            return Purged(plan, Path(), [])
        repo.ensure_on_branch()
        dirty = repo.run("status", "--porcelain=v1", "--untracked-files=no")
        if dirty:
            changed = ", ".join(line[3:] for line in dirty.splitlines())
            raise GitError(
                _(
                    "the store has changes that are not committed ({files}); a purge rewrites every commit and "
                    "would lose them. Commit them or undo them first, then run 'vhuis purge --yes' again"
                ).format(files=changed)
            )
        bundle = backup_path(store, backup, day)
        if os.path.lexists(bundle):
            raise InvalidInput(
                _("{path} exists already; move it away, or give another folder with --backup").format(path=bundle),
                "backup",
            )
        if not bundle.parent.is_dir():
            raise InvalidInput(_("{path} is not a folder").format(path=bundle.parent), "backup")
        if inside(repo, bundle.parent):
            raise InvalidInput(_(IN_THE_REPOSITORY).format(path=bundle.parent), "backup")
        repo.run("bundle", "create", "--quiet", str(bundle), "--all")
        repo.run("bundle", "verify", "--quiet", str(bundle))
        remotes = _settings(repo)
        inverted = [arg for path in plan.paths for arg in ("--path", path)]
        # A purge is a run of its own, never the continuation of an earlier one (git-filter-repo would ask).
        (repo.git_dir / "filter-repo" / "already_ran").unlink(missing_ok=True)
        repo.filter_repo("--force", "--quiet", "--invert-paths", *inverted)
        restored = _restore(repo, remotes)
        repo.run("reflog", "expire", "--expire=now", "--expire-unreachable=now", "--all")
        repo.run("gc", "--quiet", "--prune=now")
        for cache in ("history.json", "index.json"):  # what vhuis said of the old commits
            (repo.git_dir / "vhuis" / cache).unlink(missing_ok=True)
    return Purged(plan, bundle, restored)


def _settings(repo: Repo) -> list[tuple[str, str]]:
    """The repository's remote and branch-upstream settings, as git config lists them."""
    done = repo.try_run("config", "--local", "--null", "--get-regexp", r"^(remote|branch)\.")
    found = []
    for item in done.out.split("\0"):
        if item:
            key, _newline, value = item.partition("\n")
            found.append((key, value))
    return found


def _restore(repo: Repo, before: list[tuple[str, str]]) -> list[str]:
    """Put back the settings git-filter-repo removed (it removes the remote 'origin'); the remotes put back."""
    now = _settings(repo)
    restored = []
    for key, value in before:
        if (key, value) in now:
            now.remove((key, value))
            continue
        repo.run("config", "--local", "--add", key, value)
        if key.startswith("remote.") and key.endswith(".url"):
            restored.append(key.removeprefix("remote.").removesuffix(".url"))
    return restored


def require_same_purge(store: Store, remote: str, theirs: str, read: Mapping[str, bytes | None] | None = None) -> None:
    """Refuse to merge with a remote whose history was purged of an archived case this one still holds, or back.

    Either merge would bring a purged case back into the history (the commits before the
    first that held it keep their ids, so the two histories still meet). Costs nothing
    while no case was ever archived: one read of ``.vhuis/archived``, here and in ``theirs``
    (``read``: files of commits read already in this command, that one among them perhaps).
    """
    repo = store.repo
    spec = f"{theirs}:{repo.prefix}{ARCHIVED_FILE}"
    listed = read[spec] if read is not None and spec in read else repo.blobs([spec])[spec]
    archived = {*store.archived(), *(archived_in(listed.decode("utf-8", errors="replace")) if listed else ())}
    if not archived:
        return
    names = [repo.rel(store.case_path(case_id)) for case_id in sorted(archived)]
    here = set(repo.run("log", "--format=", "--name-only", "HEAD", "--", *names).split())
    there = set(repo.run("log", "--format=", "--name-only", theirs, "--", *names).split())
    if here - there:
        raise GitError(
            _(
                "the remote '{remote}' was purged of archived cases ({files}), and this clone still holds them; "
                "a sync would bring them back. Nothing was changed. Clone the store again ('vhuis clone URL'), "
                "and delete this clone once you have redone its changes there (see docs/privacy.md, Retention)"
            ).format(remote=remote, files=", ".join(sorted(here - there)))
        )
    if there - here:
        raise GitError(
            _(
                "this store was purged of archived cases ({files}), but the remote '{remote}' still holds them; "
                "a sync would bring them back. Nothing was changed. Send the purged history first: "
                "git push --force --all {remote} (see docs/privacy.md, Retention)"
            ).format(remote=remote, files=", ".join(sorted(there - here)))
        )
