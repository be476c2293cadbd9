"""The index: a digest of every case, cached under ``.git/``, for read commands.

Read commands that look across all cases (owes, case list, report) need only a
digest of each case: its list row, its signals, measures and commitments, without
the long texts. Parsing 2,000 YAML files takes seconds; reading their digests
from one JSON file takes milliseconds, so only files changed since the last run
are parsed.

The index is never the source of truth. Each entry is keyed by its file's stat
(mtime in ns, size, inode); a file that changed, or has no entry, is parsed
again, and a file removed is dropped. A file changed within the last two seconds
is not cached (racy timestamps, as in git's own index), so a quick hand edit is
always seen. A missing, unreadable or corrupt index is rebuilt; failing to write
it is not an error. Broken files are cached with their problems, so every run
names them.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from vhuis.errors import InvalidData, Problem, StoreError
from vhuis.vocab import Approach, CaseStatus, CommitmentStatus, MeasureStatus, MeasureType, Phase, Source

if TYPE_CHECKING:
    from vhuis.model import Case
    from vhuis.storage.store import Store

VERSION = 4  # raise it whenever the models or the loader accept less: old entries would hide the new problems
RACY_SECONDS = 2.0


class SignalRow(NamedTuple):
    id: str
    date: date
    source: Source
    partner: str | None


class MeasureRow(NamedTuple):
    id: str
    type: MeasureType
    phase: Phase
    owner: str
    status: MeasureStatus


class CommitmentRow(NamedTuple):
    id: str
    partner: str
    action: str
    made: date
    due: date
    measure: str | None
    status: CommitmentStatus
    done: date | None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# Enum(value) goes through EnumMeta.__call__ in Python; a dict lookup is ~20x faster, which
# matters for the ~36,000 rows of a 2,000-case store.
_SOURCE: dict[str, Source] = {s.value: s for s in Source}
_TYPE: dict[str, MeasureType] = {t.value: t for t in MeasureType}
_PHASE: dict[str, Phase] = {p.value: p for p in Phase}
_MEASURE: dict[str, MeasureStatus] = {s.value: s for s in MeasureStatus}
_COMMITMENT: dict[str, CommitmentStatus] = {s.value: s for s in CommitmentStatus}
_APPROACH: dict[str, Approach] = {a.value: a for a in Approach}
_STATUS: dict[str, CaseStatus] = {s.value: s for s in CaseStatus}


class CaseDigest:
    """What read commands need of a case, with the same attribute names as the model."""

    def __init__(self, digest: dict[str, Any]) -> None:
        self._digest = digest
        self.id: str = digest["id"]
        self.title: str = digest["title"]
        self.approach = _APPROACH[digest["approach"]]
        self.area: str | None = digest["area"]
        self.group: str | None = digest["group"]
        self.themes: list[str] = digest["themes"]
        self.status = _STATUS[digest["status"]]
        self.lead: str | None = digest["lead"]
        self.partners: list[str] = digest["partners"]

    @property
    def where(self) -> str:
        return (self.area if self.approach is Approach.area else self.group) or ""

    @cached_property
    def opened(self) -> date:
        return date.fromisoformat(self._digest["opened"])

    @cached_property
    def signals(self) -> list[SignalRow]:
        return [SignalRow(i, date.fromisoformat(d), _SOURCE[s], p) for i, d, s, p in self._digest["signals"]]

    @cached_property
    def measures(self) -> list[MeasureRow]:
        return [MeasureRow(i, _TYPE[t], _PHASE[ph], o, _MEASURE[st]) for i, t, ph, o, st in self._digest["measures"]]

    @cached_property
    def commitments(self) -> list[CommitmentRow]:
        return [
            CommitmentRow(i, p, a, date.fromisoformat(m), date.fromisoformat(d), ms, _COMMITMENT[st], _day(dn))
            for i, p, a, m, d, ms, st, dn in self._digest["commitments"]
        ]


def digest_of(case: Case) -> dict[str, Any]:
    """The JSON form of a case's digest."""
    return {
        "id": case.id,
        "title": case.title,
        "approach": case.approach.value,
        "area": case.area,
        "group": case.group,
        "themes": list(case.themes),
        "status": case.status.value,
        "opened": case.opened.isoformat(),
        "lead": case.lead,
        "partners": list(case.partners),
        "signals": [[s.id, s.date.isoformat(), s.source.value, s.partner] for s in case.signals],
        "measures": [[m.id, m.type.value, m.phase.value, m.owner, m.status.value] for m in case.measures],
        "commitments": [
            [
                c.id,
                c.partner,
                c.action,
                c.made.isoformat(),
                c.due.isoformat(),
                c.measure,
                c.status.value,
                c.done.isoformat() if c.done else None,
            ]
            for c in case.commitments
        ],
    }


def index_path(git_dir: Path) -> Path:
    return git_dir / "vhuis" / "index.json"


def _read_index(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(document, dict)
        or document.get("version") != VERSION
        or not isinstance(document.get("entries"), dict)
    ):
        return {}
    entries: dict[str, Any] = document["entries"]
    return entries


def _write_index(path: Path, entries: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass


def _valid(entry: Any, stamp: list[int]) -> TypeGuard[dict[str, Any]]:
    return isinstance(entry, dict) and entry.get("stamp") == stamp and ("digest" in entry or "problems" in entry)


class Audit(NamedTuple):
    """A per-file check whose findings the index keeps, keyed by the file and by ``key``.

    ``key`` names everything besides the file that the findings depend on (the
    privacy guard's allowed addresses, say), so a change there re-runs the audit.
    """

    key: str
    run: Callable[[Case, str, str], list[Problem]]  # (case, file name, file text) -> findings


PARALLEL_FROM = 200  # stale files; below this a process pool costs more than it saves


def case_digests(store: Store, audit: Audit | None = None) -> tuple[list[CaseDigest], list[Problem]]:
    """A digest of every case, and the problems of the files that do not load.

    With ``audit``, the problems also hold its findings for every case that loads,
    served from the index for files unchanged since it last ran. Many stale files
    (a first run, a large pull) are parsed on every core.
    """
    try:
        path: Path | None = index_path(store.repo.git_dir)
    except StoreError:  # not in a git repository: read without an index
        path = None
    old = _read_index(path) if path is not None else {}
    found: dict[str, Any] = {}
    stamps: dict[str, list[int]] = {}
    stale: list[tuple[str, list[int], Any]] = []
    names: dict[str, str] = {}
    for case_id, name, stat in store.case_stats():
        names[case_id] = name
        stamps[case_id] = stamp = [stat.st_mtime_ns, stat.st_size, stat.st_ino]
        entry = old.get(name)
        if _valid(entry, stamp) and (audit is None or "digest" not in entry or _audited(entry, audit)):
            found[case_id] = entry
        else:
            stale.append((case_id, stamp, entry if _valid(entry, stamp) else None))
    for (case_id, _, _), entry in zip(stale, _refresh_all(store, audit, stale), strict=True):
        found[case_id] = entry

    digests: list[CaseDigest] = []
    problems: list[Problem] = []
    racy_after = (time.time() - RACY_SECONDS) * 1e9
    entries: dict[str, Any] = {}
    for case_id in stamps:  # in case id order, whichever were stale
        entry = found[case_id]
        if "digest" in entry:
            digests.append(CaseDigest(entry["digest"]))
            if audit is not None:
                problems.extend(Problem(**p) for p in entry["audit"]["problems"])
        else:
            problems.extend(Problem(**p) for p in entry["problems"])
        if stamps[case_id][0] < racy_after:
            entries[names[case_id]] = entry
    if path is not None and (stale or len(entries) != len(old)):
        _write_index(path, entries)
    return digests, problems


def _audited(entry: dict[str, Any], audit: Audit) -> bool:
    audited = entry.get("audit")
    return isinstance(audited, dict) and audited.get("key") == audit.key


_JOB: tuple[Store, Audit | None] | None = None  # what forked workers inherit


def _refresh_all(store: Store, audit: Audit | None, stale: list[tuple[str, list[int], Any]]) -> list[dict[str, Any]]:
    global _JOB
    _JOB = (store, audit)
    workers = min(os.cpu_count() or 1, 8)
    try:
        if len(stale) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [_refresh(item) for item in stale]
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_refresh, stale, chunksize=max(1, len(stale) // (workers * 4))))
    finally:
        _JOB = None


def _refresh(item: tuple[str, list[int], Any]) -> dict[str, Any]:
    """A fresh index entry for one case file: its digest, or the problems that keep it from loading."""
    assert _JOB is not None
    store, audit = _JOB
    case_id, stamp, entry = item
    case: Case | None = None
    if entry is None:
        try:
            case = store.case(case_id)
            entry = {"stamp": stamp, "digest": digest_of(case)}
        except InvalidData as error:
            return {"stamp": stamp, "problems": [p.as_json() for p in error.problems]}
    if audit is not None and not _audited(entry, audit):
        file = store.case_path(case_id)
        case = case or store.case(case_id)
        findings = audit.run(case, store.rel(file), store.read_text(file))
        entry = {**entry, "audit": {"key": audit.key, "problems": [p.as_json() for p in findings]}}
    return dict(entry)
