"""Checking store files as git holds them (in a commit, or staged), not as the work tree holds them.

``vhuis sync`` checks the files its push would change, as of the merged result;
the pre-commit hook (``vhuis check --staged``) checks the files staged for a
commit. Each file is checked as ``vhuis check`` would (schema, ids, references
to partners and cases, personal data), against the partner registry and
settings of the same snapshot. Only the named files are checked: a partner
removed from partners.yaml is not looked for in the cases that did not change.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar

from vhuis.collab.gitsetup import STORE_FILES
from vhuis.domain import privacy
from vhuis.domain.checks import (
    Locate,
    audience_charter_problems,
    case_problems,
    charter_problems,
    local_problems,
    meeting_charter_problems,
    meeting_problems,
)
from vhuis.errors import InvalidData, Problem
from vhuis.model import Case, Meeting, Partner, Settings
from vhuis.storage import yamlfile
from vhuis.storage.store import (
    ARCHIVED_FILE,
    PARTNERS_FILE,
    RECORD_LISTS,
    SETTINGS_FILE,
    Store,
    archived_in,
    file_name_says,
    parse,
    read_partners,
    read_records,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")
STAGED = ""
THROUGH_THE_INDEX_FROM = 50  # files; fewer are read from git objects, which is quicker than a look at every case
READ = re.compile(r"cases/\d{4}-\d{3,}\.yaml|meetings/\d{4}-\d{2}-\d{2}\.yaml")  # the files vhuis reads


def staged_problems(store: Store) -> tuple[list[str], list[Problem]]:
    """The store files staged for the next commit, and what is wrong in their staged versions."""
    prefix = store.repo.prefix
    listing = store.repo.run(
        "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--", *(prefix + f for f in STORE_FILES)
    )
    names = _store_names(listing, prefix)
    return names, snapshot_problems(store, STAGED, names)


def outgoing_problems(store: Store, theirs: str | None, head: str) -> list[Problem]:
    """What is wrong in the store files a push of ``head`` changes on a remote at ``theirs`` (None: all of them).

    Many files (a first push) whose work tree versions are those of ``head`` are
    checked as ``vhuis check`` checks the work tree: through the index, on every core.
    """
    prefix = store.repo.prefix
    paths = [prefix + f for f in STORE_FILES]
    if theirs is None:
        listing = store.repo.run("ls-tree", "-r", "-z", "--name-only", head, "--", *paths)
    else:
        listing = store.repo.run("diff", "--name-only", "-z", "--diff-filter=ACMR", theirs, head, "--", *paths)
    names = _store_names(listing, prefix)
    if len(names) > THROUGH_THE_INDEX_FROM and _work_tree_holds(store, head, paths):
        from vhuis.documents.checkup import check_everything

        wanted = set(names)
        return [problem for problem in check_everything(store) if problem.file in wanted]
    return snapshot_problems(store, head, names)


def _work_tree_holds(store: Store, commit: str, paths: list[str]) -> bool:
    """True when ``commit`` is checked out and the work tree holds its versions of ``paths``, nothing else."""
    if store.repo.run("rev-parse", "HEAD") != commit:
        return False
    return not store.repo.uncommitted(paths)


def _store_names(listing: str, prefix: str) -> list[str]:
    """The store files in a NUL-separated listing of repository paths, as names in the store."""
    names = [path.removeprefix(prefix) for path in listing.split("\0") if path]
    return sorted(n for n in names if n in (SETTINGS_FILE, PARTNERS_FILE, *RECORD_LISTS) or READ.fullmatch(n))


def snapshot_problems(store: Store, revision: str, names: list[str]) -> list[Problem]:
    """What is wrong in the files ``names`` (in the store) as they are in ``revision`` (STAGED: the index)."""
    prefix = store.repo.prefix
    wanted = sorted({*names, SETTINGS_FILE, PARTNERS_FILE})
    blobs = store.repo.blobs([f"{revision}:{prefix}{name}" for name in wanted])
    texts: dict[str, str] = {}
    found: list[Problem] = []
    for name in wanted:
        raw = blobs[f"{revision}:{prefix}{name}"]
        if raw is None:
            continue
        try:
            texts[name] = yamlfile.decode(raw, name)
        except InvalidData as error:
            if name in names:
                found += error.problems
    settings = _load(texts, SETTINGS_FILE, Settings, names, found)
    partners = _partners(texts, names, found)
    emails = frozenset(p.email.lower() for p in (partners or {}).values() if p.email)
    domains = frozenset(d.lower() for d in settings.organisation_domains) if settings else frozenset()
    if SETTINGS_FILE in names and settings is not None and partners is not None:
        found += charter_problems(settings, partners, yamlfile.Locator(texts[SETTINGS_FILE]))
    case_ids: set[str] | None = None
    for name in names:
        if name in (SETTINGS_FILE, PARTNERS_FILE):
            continue
        if name in RECORD_LISTS:  # inbox.yaml, areas.yaml: their shape, and each id or name once
            try:
                read_records(texts[name], name) if name in texts else None
            except InvalidData as error:
                found += error.problems
            continue
        stem = name.split("/", 1)[1].removesuffix(".yaml")
        locate = yamlfile.Locator(texts.get(name, ""))
        document: BaseModel | None
        if name.startswith("cases/"):
            document = case = _load(texts, name, Case, names, found)
            if case is not None:
                found += _case_problems(case, stem, partners, name, locate)
                found += audience_charter_problems(case, settings, name, locate) if settings else []
        else:
            document = meeting = _load(texts, name, Meeting, names, found)
            if meeting is not None:
                case_ids = _case_ids(store, revision, prefix) if case_ids is None else case_ids
                found += _meeting_problems(meeting, stem, partners, case_ids, name, locate)
                found += meeting_charter_problems(meeting, settings, name, locate) if settings else []
        if document is not None:
            found += privacy.scan_document(document.model_dump(mode="json"), name, locate, emails, domains)
    return sorted(found, key=lambda p: (p.file, p.line or 0))


def _case_problems(
    case: Case, stem: str, partners: dict[str, Partner] | None, name: str, locate: Locate
) -> list[Problem]:
    found = local_problems(case, name, locate) if partners is None else case_problems(case, partners, name, locate)
    if case.id != stem:
        found.append(Problem(name, locate(("id",)), "id", file_name_says(repr(case.id), repr(stem))))
    return found


def _meeting_problems(
    meeting: Meeting, stem: str, partners: dict[str, Partner] | None, case_ids: set[str], name: str, locate: Locate
) -> list[Problem]:
    found = [] if partners is None else meeting_problems(meeting, partners, case_ids, name, locate)
    if meeting.date.isoformat() != stem:
        found.append(Problem(name, locate(("date",)), "date", file_name_says(str(meeting.date), stem)))
    return found


def _load(texts: dict[str, str], name: str, model: type[M], names: list[str], found: list[Problem]) -> M | None:
    """The file as ``model``; its problems join ``found`` when it is one of the files checked."""
    if name not in texts:
        return None
    try:
        return parse(texts[name], name, model)
    except InvalidData as error:
        if name in names:
            found += error.problems
        return None


def _partners(texts: dict[str, str], names: list[str], found: list[Problem]) -> dict[str, Partner] | None:
    """The partner registry of the snapshot; None when it does not load (references are then not checked)."""
    if PARTNERS_FILE not in texts:
        return {}
    try:
        return {p.id: p for p in read_partners(texts[PARTNERS_FILE], PARTNERS_FILE)}
    except InvalidData as error:
        if PARTNERS_FILE in names:
            found += error.problems
        return None


def _case_ids(store: Store, revision: str, prefix: str) -> set[str]:
    folder = f"{prefix}cases/"
    if revision == STAGED:
        listing = store.repo.run("ls-files", "-z", "--", folder)
    else:
        listing = store.repo.run("ls-tree", "-r", "-z", "--name-only", revision, "--", folder)
    found = {path.rsplit("/", 1)[-1].removesuffix(".yaml") for path in listing.split("\0") if path.endswith(".yaml")}
    archived = store.repo.blobs([f"{revision}:{prefix}{ARCHIVED_FILE}"])[f"{revision}:{prefix}{ARCHIVED_FILE}"]
    return found | set(archived_in(archived.decode("utf-8", errors="replace")) if archived else ())
