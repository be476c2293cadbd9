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
import os
import time
from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vhuis.errors import InvalidData, Problem, StoreError
from vhuis.vocab import Approach, CaseStatus, CommitmentStatus, MeasureStatus, MeasureType, Phase, Source

if TYPE_CHECKING:
    from vhuis.model import Case
    from vhuis.store import Store

VERSION = 2
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


class CaseDigest:
    """What read commands need of a case, with the same attribute names as the model."""

    def __init__(self, digest: dict[str, Any]) -> None:
        self._digest = digest
        self.id: str = digest["id"]
        self.title: str = digest["title"]
        self.approach = Approach(digest["approach"])
        self.area: str | None = digest["area"]
        self.group: str | None = digest["group"]
        self.themes: list[str] = digest["themes"]
        self.status = CaseStatus(digest["status"])
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
        return [SignalRow(i, date.fromisoformat(d), Source(s), p) for i, d, s, p in self._digest["signals"]]

    @cached_property
    def measures(self) -> list[MeasureRow]:
        return [
            MeasureRow(i, MeasureType(t), Phase(ph), o, MeasureStatus(st))
            for i, t, ph, o, st in self._digest["measures"]
        ]

    @cached_property
    def commitments(self) -> list[CommitmentRow]:
        return [
            CommitmentRow(i, p, a, date.fromisoformat(m), date.fromisoformat(d), ms, CommitmentStatus(st), _day(dn))
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


def _valid(entry: Any, stamp: list[int]) -> bool:
    return isinstance(entry, dict) and entry.get("stamp") == stamp and ("digest" in entry or "problems" in entry)


class Audit(NamedTuple):
    """A per-file check whose findings the index keeps, keyed by the file and by ``key``.

    ``key`` names everything besides the file that the findings depend on (the
    privacy guard's allowed addresses, say), so a change there re-runs the audit.
    """

    key: str
    run: Callable[[Case, str, str], list[Problem]]  # (case, file name, file text) -> findings


def case_digests(store: Store, audit: Audit | None = None) -> tuple[list[CaseDigest], list[Problem]]:
    """A digest of every case, and the problems of the files that do not load.

    With ``audit``, the problems also hold its findings for every case that loads,
    served from the index for files unchanged since it last ran.
    """
    try:
        path: Path | None = index_path(store.repo.git_dir)
    except StoreError:  # not in a git repository: read without an index
        path = None
    old = _read_index(path) if path is not None else {}
    entries: dict[str, Any] = {}
    digests: list[CaseDigest] = []
    problems: list[Problem] = []
    racy_after = (time.time() - RACY_SECONDS) * 1e9
    changed = False
    for case_id in store.case_ids():
        file = store.case_path(case_id)
        name = store.rel(file)
        try:
            stat = file.stat()
        except OSError:
            continue
        stamp = [stat.st_mtime_ns, stat.st_size, stat.st_ino]
        entry = old.get(name)
        case: Case | None = None
        if not _valid(entry, stamp):
            changed = True
            try:
                case = store.case(case_id)
                entry = {"stamp": stamp, "digest": digest_of(case)}
            except InvalidData as error:
                entry = {"stamp": stamp, "problems": [p.as_json() for p in error.problems]}
        assert entry is not None
        if "digest" in entry:
            digests.append(CaseDigest(entry["digest"]))
            if audit is not None:
                audited = entry.get("audit")
                if not (isinstance(audited, dict) and audited.get("key") == audit.key):
                    changed = True
                    case = case or store.case(case_id)
                    found = audit.run(case, name, store.read_text(file))
                    audited = entry["audit"] = {"key": audit.key, "problems": [p.as_json() for p in found]}
                problems.extend(Problem(**p) for p in audited["problems"])
        else:
            problems.extend(Problem(**p) for p in entry["problems"])
        if stamp[0] < racy_after:
            entries[name] = entry
        else:
            changed = True
    if path is not None and (changed or len(entries) != len(old)):
        _write_index(path, entries)
    return digests, problems
