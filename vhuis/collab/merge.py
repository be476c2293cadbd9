"""Three-way merge of case, meeting, partner, inbox and area files, by meaning rather than by line.

Both sides are read as documents and merged field by field against their common
base: entry lists (signals, measures, commitments, partners, inbox signals, and
areas by name) by id, plain lists
(themes, partners of a case, the agenda, goals, decisions) as sets, a meeting's
attendance partner by partner (each partner has one role: present, excused or
absent), everything else as values. A field changed on one side takes that
side's value; the same field changed to different values on both sides is a
Conflict. Every conflict of a file is found in one go, including those that only
show in the merged whole (a commitment naming a measure the other side removed,
a merged file that would not be valid).

A person settles a conflict by naming the side to keep, or the value to write
(``Settle``, recorded by ``vhuis resolve``); a settlement applies only while both
sides still hold the values it was made for.

When both sides added an entry with the same id (each made an S4, or an inbox
signal I7), both entries are kept and the one of the side named by ``renumber``
gets the next free id; commitments of that side that named a renumbered measure
follow it. In a sync
that side is the local, not yet pushed one: ids already on the shared remote
stay as they are, because others may have seen and used them.

No git and no files here: text in, text out.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from vhuis import i18n
from vhuis.errors import InvalidData, Problem
from vhuis.i18n import _
from vhuis.model import ENTRY_PREFIX, Case, Meeting, Partner
from vhuis.storage import yamlfile
from vhuis.storage.store import dump_model

Side = Literal["ours", "theirs"]
Take = Literal["ours", "theirs", "value"]
Kind = Literal["case", "meeting", "partners", "inbox", "areas"]

NOUNS = {"signals": "signal", "measures": "measure", "commitments": "commitment", "inbox": "inbox signal"}
LISTS: dict[str, str] = {"partners": "partners", "inbox": "inbox", "areas": "areas"}
"""The kinds whose file is a list of records, each with the name its entries have in a field path."""
FILES: dict[str, Kind] = {"partners.yaml": "partners", "inbox.yaml": "inbox", "areas.yaml": "areas"}
INBOX_PREFIX = "I"
ROLES = ("present", "excused", "absent")
_PARTNER_LIST: TypeAdapter[list[Partner]] = TypeAdapter(list[Partner])


class _Removed:
    """The value of an entry that one side removed."""

    def __repr__(self) -> str:
        return "(removed)"


REMOVED: Any = _Removed()


@dataclass(frozen=True)
class Conflict:
    """One field that the two sides changed to different values."""

    field: str
    base: Any
    ours: Any
    theirs: Any
    note: str = ""

    def explain(self, ours_name: str = "ours", theirs_name: str = "theirs") -> str:
        if self.note:
            return f"{self.field or _('(file)')}: {self.note}"
        return _("{field}: {ours_name} {ours}, {theirs_name} {theirs} (before: {base})").format(
            field=self.field,
            ours_name=ours_name,
            ours=show(self.ours),
            theirs_name=theirs_name,
            theirs=show(self.theirs),
            base=show(self.base),
        )

    @property
    def name(self) -> str:
        """The field as a person names it to settle it: ``status``, ``C2.due``, ``attendance.nmbs``."""
        return label(self.field)

    @property
    def editable(self) -> bool:
        """A single value a person can write (a text, a date, a status), not an entry or a whole file."""
        return not self.note and all(v is None or isinstance(v, str) for v in (self.ours, self.theirs))


@dataclass(frozen=True)
class Settle:
    """How a person settled one conflict: the side to keep, or the value to write.

    ``ours`` and ``theirs`` are the fingerprints of the two values it was made
    for; when either side has changed the field since, it no longer applies.
    """

    ours: str
    theirs: str
    take: Take
    value: Any = None

    def fits(self, conflict: Conflict) -> bool:
        return self.ours == fingerprint(conflict.ours) and self.theirs == fingerprint(conflict.theirs)

    def pick(self, conflict: Conflict) -> Any:
        if self.take == "value":
            return self.value
        return conflict.ours if self.take == "ours" else conflict.theirs


@dataclass(frozen=True)
class Settled:
    """A conflict that a Settle decided, and the value it kept."""

    conflict: Conflict
    take: Take
    value: Any


@dataclass(frozen=True)
class Renumbered:
    """An entry of the renumbered side that got a new id because both sides had used it."""

    section: str
    old: str
    new: str

    def __str__(self) -> str:
        """In English: how a merge note in a commit message tells it (commit messages stay English)."""
        return f"{NOUNS.get(self.section, 'entry')} {self.old} renumbered to {self.new}"

    def told(self) -> str:
        """In the active language, for the person at the keyboard."""
        said = {
            "signals": _("signal {old} renumbered to {new}"),
            "measures": _("measure {old} renumbered to {new}"),
            "commitments": _("commitment {old} renumbered to {new}"),
            "inbox": _("inbox signal {old} renumbered to {new}"),
        }.get(self.section, _("entry {old} renumbered to {new}"))
        return said.format(old=self.old, new=self.new)


@dataclass
class Merged:
    """The result: canonical text when it merged cleanly, else the conflicts."""

    document: Any
    text: str | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    renumbered: list[Renumbered] = field(default_factory=list)
    settled: list[Settled] = field(default_factory=list)


def show(value: Any) -> str:
    """A value as a person reads it in a one-line message; texts whole, never cut."""
    if value is REMOVED:
        return "(removed)"
    if value is None or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        if "id" in value:
            return f"entry {value['id']}"
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


def fingerprint(value: Any) -> str:
    """A value as stable text, to tell later whether a side still holds it."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def label(path: str) -> str:
    """A field path as a person types it: ``commitments[C2].due`` -> ``C2.due``, ``inbox[I3]`` -> ``I3``.

    Entry ids are unique within a file, so the id alone names the entry; no brackets,
    which shells treat as patterns.
    """
    return re.sub(r"(?:[a-z_]+\.)*[a-z_]+\[([^\]]+)\]", r"\1", path)


def mergeable_kind(path: str) -> Kind | None:
    """Which kind of vhuis file a path (as git names it) is, or None for any other file."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) >= 2 and parts[-1].endswith(".yaml") and parts[-2] in ("cases", "meetings"):
        return "case" if parts[-2] == "cases" else "meeting"
    return FILES.get(parts[-1])


def read_document(kind: Kind, text: str, name: str) -> Any:
    """A file's text as a normalised document (every key present, dates as ISO text).

    Raises InvalidData when the text is not a valid file of that kind.
    """
    if kind in ("inbox", "areas"):
        return _read_records(kind, text)
    loaded = yamlfile.load(text, name)
    try:
        if kind == "partners":
            return [p.model_dump(mode="json") for p in _PARTNER_LIST.validate_python(loaded or [])]
        model: type[BaseModel] = Case if kind == "case" else Meeting
        if not isinstance(loaded, dict):
            problem = Problem(name, 1, "", _("expected a mapping of fields"))
            raise InvalidData(_("{file} is not a vhuis file").format(file=name), [problem])
        return model.model_validate(loaded).model_dump(mode="json")
    except ValidationError as error:
        from vhuis.storage.store import problems_from

        raise InvalidData(
            _("{file} does not follow the schema").format(file=name), problems_from(error, name, text)
        ) from None


def _read_records(kind: Kind, text: str) -> list[dict[str, Any]]:
    """inbox.yaml or areas.yaml as entries; an area's id is its name (areas.yaml names them so)."""
    from vhuis.storage.store import AREAS_FILE, INBOX_FILE, read_records

    records = [r.model_dump(mode="json") for r in read_records(text, INBOX_FILE if kind == "inbox" else AREAS_FILE)]
    return records if kind == "inbox" else [{"id": area["name"], **area} for area in records]


def _records_adapter(kind: Kind) -> TypeAdapter[list[Any]]:
    from vhuis.model import Area, InboxSignal

    return TypeAdapter(list[InboxSignal] if kind == "inbox" else list[Area])


def canonical_text(kind: Kind, document: Any) -> str:
    """The canonical file text of a document; raises ValidationError when it is not valid."""
    if kind in ("inbox", "areas"):
        records = [{k: v for k, v in entry.items() if k != "id"} for entry in document] if kind == "areas" else document
        return yamlfile.dump([r.model_dump(mode="python") for r in _records_adapter(kind).validate_python(records)])
    if kind == "partners":
        return yamlfile.dump([p.model_dump(mode="python") for p in _PARTNER_LIST.validate_python(document)])
    model: type[BaseModel] = Case if kind == "case" else Meeting
    return dump_model(model.model_validate(document))


def merge_texts(
    kind: Kind,
    base: str | None,
    ours: str,
    theirs: str,
    name: str,
    renumber: Side = "ours",
    settle: Mapping[str, Settle] | None = None,
) -> Merged:
    """Merge two versions of a file against their base (None or empty when both sides added the file).

    Raises InvalidData when a version cannot be read as a vhuis file (the caller
    can fall back to a merge by lines).
    """
    base_doc = read_document(kind, base, name) if base and base.strip() else None
    ours_doc, theirs_doc = read_document(kind, ours, name), read_document(kind, theirs, name)
    return merge_documents(kind, base_doc, ours_doc, theirs_doc, renumber, settle)


def merge_documents(
    kind: Kind,
    base: Any,
    ours: Any,
    theirs: Any,
    renumber: Side = "ours",
    settle: Mapping[str, Settle] | None = None,
) -> Merged:
    """Merge normalised documents (see read_document); ``settle`` decides conflicts by field path."""
    base, ours, theirs = copy.deepcopy(base), copy.deepcopy(ours), copy.deepcopy(theirs)
    renumbered: list[Renumbered] = []
    if kind in ("case", "inbox"):
        side, other = (ours, theirs) if renumber == "ours" else (theirs, ours)
        if kind == "case":
            renumbered = _renumber_collisions(base or {}, side, other)
        else:
            renumbered = _renumber_entries("inbox", INBOX_PREFIX, base or [], side, other)
    run = _Run(settle or {})
    sides = _Sides(kind, copy.deepcopy(base), copy.deepcopy(ours), copy.deepcopy(theirs))
    attendance = _merge_attendance(run, base, ours, theirs) if kind == "meeting" else None
    document = _merge(LISTS.get(kind, ""), base, ours, theirs, run)
    if attendance is not None:
        document.update(attendance)
    if kind == "case":
        _dangling_measures(run, sides, document)
    if kind == "inbox":
        _follow_status(run, sides, document)
    text = _validate(run, sides, document)
    merged = Merged(document, conflicts=run.conflicts, renumbered=renumbered, settled=run.settled)
    if not run.conflicts:
        merged.text = text
    return merged


@dataclass
class _Run:
    """One merge's settlements, and what it met."""

    settle: Mapping[str, Settle]
    conflicts: list[Conflict] = field(default_factory=list)
    settled: list[Settled] = field(default_factory=list)

    def decide(self, conflict: Conflict, default: Any) -> Any:
        """The value to keep: the settled one, else ``default`` (and the conflict stands)."""
        rule = self.settle.get(conflict.field)
        if rule is not None and rule.fits(conflict):
            value = rule.pick(conflict)
            self.settled.append(Settled(conflict, rule.take, value))
            return value
        self.conflicts.append(conflict)
        return default

    def settles(self, conflict: Conflict) -> Settle | None:
        rule = self.settle.get(conflict.field)
        return rule if rule is not None and rule.fits(conflict) else None


# -- field paths -------------------------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)(?:\[([^\]]+)\])?")


def _steps(path: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in _STEP.finditer(path)]


@dataclass(frozen=True)
class _Sides:
    kind: Kind
    base: Any
    ours: Any
    theirs: Any


def value_at(kind: Kind, document: Any, path: str) -> Any:
    """The value at a field path of a normalised document (REMOVED for an entry that is not there)."""
    if document is None:
        return None
    if not path:
        return document
    current: Any = {LISTS[kind]: document} if kind in LISTS else document
    for key, entry_id in _steps(path):
        if key == "attendance" and kind == "meeting" and entry_id is None:
            current = {p: role for role in ROLES for p in current.get(role) or []}
            continue
        if not isinstance(current, dict):
            return None
        current = current.get(key)
        if entry_id is not None:
            found = [e for e in current or [] if isinstance(e, dict) and e.get("id") == entry_id]
            if not found:
                return REMOVED
            current = found[0]
    return current


def _put(kind: Kind, document: Any, path: str, value: Any) -> Any:
    """The document with the value at ``path`` replaced (an entry removed when value is REMOVED)."""
    if not path:
        return copy.deepcopy(value)
    root: Any = {LISTS[kind]: document} if kind in LISTS else document
    steps = _steps(path)
    current = root
    for index, (key, entry_id) in enumerate(steps):
        last = index == len(steps) - 1
        if entry_id is None:
            if last:
                current[key] = copy.deepcopy(value)
            else:
                current = current.setdefault(key, {}) or {}
            continue
        entries = current.get(key) or []
        at = next((i for i, e in enumerate(entries) if e.get("id") == entry_id), None)
        if last:
            if value is REMOVED:
                current[key] = [e for e in entries if e.get("id") != entry_id]
            elif at is None:
                current[key] = [*entries, copy.deepcopy(value)]
            else:
                entries[at] = copy.deepcopy(value)
            return root[LISTS[kind]] if kind in LISTS else root
        if at is None:
            return root[LISTS[kind]] if kind in LISTS else root
        current = entries[at]
    return root[LISTS[kind]] if kind in LISTS else root


def within(one: str, other: str) -> bool:
    """Whether one field path lies inside the other (or is the same)."""
    return one == other or not other or one.startswith((other + ".", other + "["))


# -- renumbering -----------------------------------------------------------------


def _section(document: dict[str, Any], section: str) -> list[dict[str, Any]]:
    if section == "measures":
        plan = document.get("plan") or {}
        return list(plan.get("measures") or [])
    return list(document.get(section) or [])


def _number(entry_id: str) -> int:
    digits = re.sub(r"\D", "", entry_id)
    return int(digits) if digits else 0


def _renumber_collisions(base: dict[str, Any], side: dict[str, Any], other: dict[str, Any]) -> list[Renumbered]:
    """Give ``side``'s new entries whose id ``other`` also added (with other content) the next free id."""
    moved: list[Renumbered] = []
    for section, prefix in ENTRY_PREFIX.items():
        mine = _section(side, section)
        moves = _renumber_entries(section, prefix, _section(base, section), mine, _section(other, section))
        moved += moves
        renames = {move.old: move.new for move in moves}
        if section == "measures" and renames:
            for commitment in _section(side, "commitments"):
                if commitment.get("measure") in renames:
                    commitment["measure"] = renames[commitment["measure"]]
    return moved


def _renumber_entries(
    section: str, prefix: str, base: list[dict[str, Any]], mine: list[dict[str, Any]], other: list[dict[str, Any]]
) -> list[Renumbered]:
    """Renumber (in place) the entries of ``mine`` that are new and whose id ``other`` also gave a new entry."""
    base_ids = {e["id"] for e in base}
    others = {e["id"]: e for e in other}
    taken = base_ids | set(others) | {e["id"] for e in mine}
    moved: list[Renumbered] = []
    for entry in mine:
        old = entry["id"]
        if old in base_ids or old not in others or others[old] == entry:
            continue
        new = f"{prefix}{max((_number(i) for i in taken), default=0) + 1}"
        taken.add(new)
        entry["id"] = new
        moved.append(Renumbered(section, old, new))
    return moved


# -- what only shows in the merged whole -------------------------------------------


def _dangling_measures(run: _Run, sides: _Sides, document: dict[str, Any]) -> None:
    """A commitment that names a measure the other side removed: keep the measure, or drop the link."""
    measures = {m["id"] for m in _section(document, "measures")}
    for commitment in _section(document, "commitments"):
        wanted = commitment.get("measure")
        if not wanted or wanted in measures:
            continue
        held = {
            side: next((m for m in _section(doc or {}, "measures") if m["id"] == wanted), None)
            for side, doc in (("ours", sides.ours), ("theirs", sides.theirs))
        }
        conflict = Conflict(
            f"commitments[{commitment['id']}].measure",
            None,
            wanted if held["ours"] else REMOVED,
            wanted if held["theirs"] else REMOVED,
            _("names measure {measure}, which the other side removed").format(measure=wanted),
        )
        kept = run.decide(conflict, wanted)
        if run.settles(conflict) is None:
            continue
        if kept is REMOVED:
            commitment["measure"] = None
        else:
            restored = held["ours"] or held["theirs"]
            plan = document.get("plan") or {"goals": [], "measures": []}
            plan["measures"] = [*(plan.get("measures") or []), restored]
            document["plan"] = plan
            measures.add(wanted)


def _follow_status(run: _Run, sides: _Sides, document: list[dict[str, Any]]) -> None:
    """An inbox signal's settled status brings the case it was linked to and the reason it was dismissed along.

    Linked on one side and dismissed on the other, a signal clashes on its status only
    (each side set one of ``case`` and ``reason``); whichever status is kept, the
    signal takes that side's case and reason with it, and is never linked and dismissed at once.
    """
    for done in run.settled:
        matched = re.fullmatch(r"inbox\[([^\]]+)\]\.status", done.conflict.field)
        if not matched:
            continue
        chosen = next((s for s in ("ours", "theirs") if getattr(done.conflict, s) == done.value), None)
        entry = next((e for e in document if e.get("id") == matched.group(1)), None)
        source = value_at("inbox", getattr(sides, chosen), f"inbox[{matched.group(1)}]") if chosen else None
        if entry is not None and isinstance(source, dict):
            entry["case"], entry["reason"] = source.get("case"), source.get("reason")


def _validate(run: _Run, sides: _Sides, document: Any) -> str | None:
    """The canonical text of the merged document, once every way it would be invalid is a conflict or settled.

    A problem inside a conflict that is not settled yet is left to that conflict. A
    settlement can decide a problem only once, and only by a side's version: a
    value a person wrote that does not fit stays a conflict.
    """
    kind = sides.kind
    decided: set[str] = set()
    while True:
        try:
            return canonical_text(kind, document)
        except ValidationError as error:
            problems = {_problem_path(kind, document, d["loc"]): _pydantic_says(d) for d in error.errors()}
        standing: list[Conflict] = []
        changed = False
        for path, message in problems.items():
            if any(within(path, c.field) or within(c.field, path) for c in run.conflicts):
                continue
            note = invalid_result(message)
            before, mine, others = (value_at(kind, side, path) for side in (sides.base, sides.ours, sides.theirs))
            conflict = Conflict(path, before, mine, others, note)
            rule = run.settles(conflict)
            used = decided | {s.conflict.field for s in run.settled}
            if rule is None or rule.take == "value" or path in used:
                standing.append(conflict)
                continue
            decided.add(path)
            run.settled.append(Settled(conflict, rule.take, rule.pick(conflict)))
            document = _put(kind, document, path, rule.pick(conflict))
            changed = True
        if not changed:
            run.conflicts += standing
            return None


def _problem_path(kind: Kind, document: Any, loc: tuple[int | str, ...]) -> str:
    """Where the model found a merged document invalid, as a field path down to the entry at most."""
    steps = [LISTS[kind], *loc] if kind in LISTS else list(loc)
    current: Any = {LISTS[kind]: document} if kind in LISTS else document
    path = ""
    for step in steps:
        if isinstance(step, int):
            entry: Any = current[step] if isinstance(current, list) and step < len(current) else None
            return f"{path}[{entry['id']}]" if _has_id(entry) else path
        if not isinstance(current, dict) or step not in current:
            return path
        if kind == "meeting" and step in ROLES:
            return path
        path = _join(path, str(step))
        current = current[step]
    return path


# -- the merge itself ----------------------------------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _merge(path: str, base: Any, ours: Any, theirs: Any, run: _Run) -> Any:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        before = base if isinstance(base, dict) else {}
        keys = [*ours, *(k for k in theirs if k not in ours)]
        return {k: _merge(_join(path, k), before.get(k), ours.get(k), theirs.get(k), run) for k in keys}
    if isinstance(ours, list) and isinstance(theirs, list):
        earlier: list[Any] = base if isinstance(base, list) else []
        if all(_has_id(e) for e in [*earlier, *ours, *theirs]):
            return _merge_entries(path, earlier, ours, theirs, run)
        return _merge_set(earlier, ours, theirs)
    return run.decide(Conflict(path, base, ours, theirs), ours)


def _has_id(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("id"), str)


def _merge_set(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Keep what either side added, drop what either side removed; ours' order first."""
    kept = [x for x in ours if not (x in base and x not in theirs)]
    return kept + [x for x in theirs if x not in base and x not in kept]


def _merge_attendance(run: _Run, base: Any, ours: Any, theirs: Any) -> dict[str, list[str]]:
    """A meeting's attendance, partner by partner: each partner keeps one role (or none).

    The role lists are emptied in all three documents, so the general merge leaves them alone.
    """

    def roles(document: Any) -> dict[str, str]:
        return {p: role for role in ROLES for p in (document or {}).get(role) or []}

    before, mine, others = roles(base), roles(ours), roles(theirs)
    order = [*mine, *(p for p in others if p not in mine)]
    merged = {p: _merge(f"attendance.{p}", before.get(p), mine.get(p), others.get(p), run) for p in order}
    for partner, role in merged.items():
        if role is not None and role not in ROLES:
            note = invalid_result(_("{role} is not present, excused or absent").format(role=repr(role)))
            where = f"attendance.{partner}"
            run.conflicts.append(Conflict(where, before.get(partner), mine.get(partner), others.get(partner), note))
    listed = {role: [p for p in order if merged[p] == role] for role in ROLES}
    for document in (base, ours, theirs):
        if document is not None:
            document.update({role: [] for role in ROLES})
    return listed


def _merge_entries(
    path: str,
    base: list[dict[str, Any]],
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    run: _Run,
) -> list[dict[str, Any]]:
    """Entries merged by id: old entries in ours' order, then the new ones by number."""
    before = {e["id"]: e for e in base}
    mine = {e["id"]: e for e in ours}
    others = {e["id"]: e for e in theirs}
    kept: list[dict[str, Any]] = []
    for entry in ours:
        entry_id = entry["id"]
        where = f"{path}[{entry_id}]"
        if entry_id in others:
            kept.append(_merge(where, before.get(entry_id), entry, others[entry_id], run))
        elif entry_id not in before:
            kept.append(entry)
        elif entry != before[entry_id]:
            note = _("changed on one side, removed on the other")
            kept.append(run.decide(Conflict(where, before[entry_id], entry, REMOVED, note), entry))
    for entry in theirs:
        entry_id = entry["id"]
        if entry_id in mine:
            continue
        if entry_id not in before:
            kept.append(entry)
        elif entry != before[entry_id]:
            note = _("removed on one side, changed on the other")
            where = f"{path}[{entry_id}]"
            kept.append(run.decide(Conflict(where, before[entry_id], REMOVED, entry, note), entry))
    kept = [e for e in kept if e is not REMOVED]
    old = [e for e in kept if e["id"] in before]
    new = sorted((e for e in kept if e["id"] not in before), key=lambda e: (_number(e["id"]), e["id"]))
    return old + new


def invalid_result(why: str) -> str:
    """The note of a clash whose merged file would break the schema (``why``: what is wrong)."""
    return _("the merged file would not be valid: {why}").format(why=why)


def _pydantic_says(detail: Any) -> str:
    """A schema error of a merged file: pydantic's own words in English (as ever), the catalog's in another language."""
    if i18n.active() == i18n.SOURCE:
        return str(detail["msg"]).removeprefix("Value error, ")
    from vhuis.storage.store import pydantic_says

    return pydantic_says(detail)
