"""Three-way merge of case, meeting and partner files, by meaning rather than by line.

Both sides are read as documents and merged field by field against their common
base: entry lists (signals, measures, commitments, partners) by id, plain lists
(themes, partners of a case, attendance, the agenda, goals, decisions) as sets,
everything else as values. A field changed on one side takes that side's value;
the same field changed to different values on both sides is a Conflict.

When both sides added an entry with the same id (each made an S4), both entries
are kept and the one of the side named by ``renumber`` gets the next free id;
commitments of that side that named a renumbered measure follow it. In a sync
that side is the local, not yet pushed one: ids already on the shared remote
stay as they are, because others may have seen and used them.

No git and no files here: text in, text out.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from vhuis import yamlfile
from vhuis.errors import InvalidData, Problem
from vhuis.model import ENTRY_PREFIX, Case, Meeting, Partner

Side = Literal["ours", "theirs"]
Kind = Literal["case", "meeting", "partners"]

NOUNS = {"signals": "signal", "measures": "measure", "commitments": "commitment"}
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

    def describe(self, ours_name: str = "ours", theirs_name: str = "theirs") -> str:
        if self.note:
            return f"{self.field}: {self.note}"
        values = f"{ours_name} {show(self.ours)}, {theirs_name} {show(self.theirs)}"
        return f"{self.field}: {values} (before: {show(self.base)})"


@dataclass(frozen=True)
class Renumbered:
    """An entry of the renumbered side that got a new id because both sides had used it."""

    section: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{NOUNS.get(self.section, 'entry')} {self.old} renumbered to {self.new}"


@dataclass
class Merged:
    """The result: canonical text when it merged cleanly, else the conflicts."""

    document: Any
    text: str | None = None
    conflicts: list[Conflict] = field(default_factory=list)
    renumbered: list[Renumbered] = field(default_factory=list)


def show(value: Any) -> str:
    """A value as a person reads it in a message."""
    if value is REMOVED:
        return "(removed)"
    if value is None or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, str):
        return repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        if "id" in value:
            return f"entry {value['id']}"
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


def kind_of(path: str) -> Kind | None:
    """Which kind of vhuis file a path (as git names it) is, or None for any other file."""
    parts = path.replace("\\", "/").split("/")
    if parts[-1] == "partners.yaml":
        return "partners"
    if len(parts) >= 2 and parts[-1].endswith(".yaml") and parts[-2] in ("cases", "meetings"):
        return "case" if parts[-2] == "cases" else "meeting"
    return None


def read_document(kind: Kind, text: str, name: str) -> Any:
    """A file's text as a normalised document (every key present, dates as ISO text).

    Raises InvalidData when the text is not a valid file of that kind.
    """
    loaded = yamlfile.load(text, name)
    try:
        if kind == "partners":
            return [p.model_dump(mode="json") for p in _PARTNER_LIST.validate_python(loaded or [])]
        model: type[BaseModel] = Case if kind == "case" else Meeting
        if not isinstance(loaded, dict):
            raise InvalidData(f"{name} is not a vhuis file", [Problem(name, 1, "", "expected a mapping of fields")])
        return model.model_validate(loaded).model_dump(mode="json")
    except ValidationError as error:
        from vhuis.store import problems_from

        raise InvalidData(f"{name} does not follow the schema", problems_from(error, name, text)) from None


def canonical_text(kind: Kind, document: Any) -> str:
    """The canonical file text of a document; raises ValidationError when it is not valid."""
    if kind == "partners":
        return yamlfile.dump([p.model_dump(mode="python") for p in _PARTNER_LIST.validate_python(document)])
    model: type[BaseModel] = Case if kind == "case" else Meeting
    return yamlfile.dump(model.model_validate(document).model_dump(mode="python"))


def merge_texts(kind: Kind, base: str | None, ours: str, theirs: str, name: str, renumber: Side = "ours") -> Merged:
    """Merge two versions of a file against their base (None or empty when both sides added the file).

    Raises InvalidData when a version cannot be read as a vhuis file (the caller
    can fall back to a merge by lines).
    """
    base_doc = read_document(kind, base, name) if base and base.strip() else None
    return merge_documents(kind, base_doc, read_document(kind, ours, name), read_document(kind, theirs, name), renumber)


def merge_documents(kind: Kind, base: Any, ours: Any, theirs: Any, renumber: Side = "ours") -> Merged:
    """Merge normalised documents (see read_document)."""
    base, ours, theirs = copy.deepcopy(base), copy.deepcopy(ours), copy.deepcopy(theirs)
    renumbered: list[Renumbered] = []
    if kind == "case":
        side, other = (ours, theirs) if renumber == "ours" else (theirs, ours)
        renumbered = _renumber_collisions(base or {}, side, other)
    conflicts: list[Conflict] = []
    document = _merge("partners" if kind == "partners" else "", base, ours, theirs, conflicts)
    if kind == "case" and not conflicts:
        conflicts += _dangling_measures(document)
    merged = Merged(document, conflicts=conflicts, renumbered=renumbered)
    if not conflicts:
        try:
            merged.text = canonical_text(kind, document)
        except ValidationError as error:
            for detail in error.errors():
                where = yamlfile.field_name([str(s) if not isinstance(s, int) else s for s in detail["loc"]])
                note = "the merged file would not be valid: " + detail["msg"].removeprefix("Value error, ")
                merged.conflicts.append(Conflict(where or "(file)", None, None, None, note))
    return merged


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
        base_ids = {e["id"] for e in _section(base, section)}
        others = {e["id"]: e for e in _section(other, section)}
        mine = _section(side, section)
        taken = base_ids | set(others) | {e["id"] for e in mine}
        renames: dict[str, str] = {}
        for entry in mine:
            old = entry["id"]
            if old in base_ids or old not in others or others[old] == entry:
                continue
            new = f"{prefix}{max((_number(i) for i in taken), default=0) + 1}"
            taken.add(new)
            entry["id"] = new
            renames[old] = new
            moved.append(Renumbered(section, old, new))
        if section == "measures" and renames:
            for commitment in _section(side, "commitments"):
                if commitment.get("measure") in renames:
                    commitment["measure"] = renames[commitment["measure"]]
    return moved


def _dangling_measures(document: dict[str, Any]) -> list[Conflict]:
    measures = {m["id"] for m in _section(document, "measures")}
    return [
        Conflict(
            f"commitments[{c['id']}].measure",
            None,
            None,
            None,
            f"names measure {c['measure']}, which the other side removed",
        )
        for c in _section(document, "commitments")
        if c.get("measure") and c["measure"] not in measures
    ]


# -- the merge itself ----------------------------------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _merge(path: str, base: Any, ours: Any, theirs: Any, conflicts: list[Conflict]) -> Any:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        before = base if isinstance(base, dict) else {}
        keys = [*ours, *(k for k in theirs if k not in ours)]
        return {k: _merge(_join(path, k), before.get(k), ours.get(k), theirs.get(k), conflicts) for k in keys}
    if isinstance(ours, list) and isinstance(theirs, list):
        earlier: list[Any] = base if isinstance(base, list) else []
        if all(_has_id(e) for e in [*earlier, *ours, *theirs]):
            return _merge_entries(path, earlier, ours, theirs, conflicts)
        return _merge_set(earlier, ours, theirs)
    conflicts.append(Conflict(path, base, ours, theirs))
    return ours


def _has_id(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("id"), str)


def _merge_set(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Keep what either side added, drop what either side removed; ours' order first."""
    kept = [x for x in ours if not (x in base and x not in theirs)]
    return kept + [x for x in theirs if x not in base and x not in kept]


def _merge_entries(
    path: str,
    base: list[dict[str, Any]],
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    conflicts: list[Conflict],
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
            kept.append(_merge(where, before.get(entry_id), entry, others[entry_id], conflicts))
        elif entry_id not in before:
            kept.append(entry)
        elif entry != before[entry_id]:
            conflicts.append(
                Conflict(where, before[entry_id], entry, REMOVED, "changed on one side, removed on the other")
            )
            kept.append(entry)
    for entry in theirs:
        entry_id = entry["id"]
        if entry_id in mine:
            continue
        if entry_id not in before:
            kept.append(entry)
        elif entry != before[entry_id]:
            conflicts.append(
                Conflict(
                    f"{path}[{entry_id}]", before[entry_id], REMOVED, entry, "removed on one side, changed on the other"
                )
            )
            kept.append(entry)
    old = [e for e in kept if e["id"] in before]
    new = sorted((e for e in kept if e["id"] not in before), key=lambda e: (_number(e["id"]), e["id"]))
    return old + new
