"""What changed between two versions of a store file, told in the office's own terms (pure).

Versions are compared as parsed YAML, not as lines: ``added signal S3``,
``status: analysis -> planned``, ``C2 due: 2026-06-30 -> 2026-07-15``. A version
that is not a valid file is Broken, with the reason in a few words: a commit that
breaks a file says why, and its repair is told against the last valid version.
A merge is told by what it did of its own (merge_changes): entries renumbered,
clashes settled, anything else it changed. No git here: vhuis.collab.history reads the
versions and caches what is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from vhuis import vocab
from vhuis.errors import InvalidData
from vhuis.i18n import N_, _, ngettext
from vhuis.vocab import CASE_ID

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


# -- comparing two versions (pure) --------------------------------------------------


# The closed vocabularies of each kind of entry, by field: their values read as vocab.term says.
_VALUES: dict[str, dict[str, type[StrEnum]]] = {
    "case": {"status": vocab.CaseStatus, "approach": vocab.Approach},
    "signal": {"source": vocab.Source},
    "measure": {"type": vocab.MeasureType, "phase": vocab.Phase, "status": vocab.MeasureStatus},
    "commitment": {"status": vocab.CommitmentStatus},
    "partner": {"kind": vocab.PartnerKind},
}
# What the history says of an entry added or removed, by the kind of entry.
_ADDED_ENTRY = {
    "signal": N_("added signal {id}"),
    "measure": N_("added measure {id}"),
    "commitment": N_("added commitment {id}"),
    "partner": N_("added partner {id}"),
}
_REMOVED_ENTRY = {
    "signal": N_("removed signal {id}"),
    "measure": N_("removed measure {id}"),
    "commitment": N_("removed commitment {id}"),
    "partner": N_("removed partner {id}"),
}


def _plain(value: Any, values: type[StrEnum] | None = None) -> str:
    """A value as the history shows it: a value of a closed vocabulary in the active language (``values``)."""
    if value is None or value == [] or value == "":
        return _("(none)")
    if isinstance(value, list):
        return ", ".join(_plain(v, values) for v in value)
    if values is not None and isinstance(value, str) and value in values.__members__.values():
        return vocab.term(values(value))
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _field(label: str, key: str, old: Any, new: Any, values: type[StrEnum] | None = None) -> str:
    if key in TEXT_FIELDS or isinstance(old, dict) or isinstance(new, dict):
        if _empty(old):
            return _("{field} set").format(field=label)
        if _empty(new):
            return _("{field} cleared").format(field=label)
        return _("{field} changed").format(field=label)
    return f"{label}: {_plain(old, values)} -> {_plain(new, values)}"


def _listed(added: str, removed: str, old: Any, new: Any, label: str = "") -> list[str]:
    """Values added to and removed from a list; ``added`` and ``removed`` say it of one ``{value}``."""
    before = list(old or []) if isinstance(old, list) else []
    after = list(new or []) if isinstance(new, list) else []
    lead = f"{label}: " if label else ""
    said = [lead + _(added).format(value=_plain(x)) for x in after if x not in before]
    return said + [lead + _(removed).format(value=_plain(x)) for x in before if x not in after]


def _entries(noun: str, old: Any, new: Any) -> list[str]:
    """Entries compared by id: added, removed, and each changed field."""
    before = {e.get("id"): e for e in old or [] if isinstance(e, dict)}
    after = {e.get("id"): e for e in new or [] if isinstance(e, dict)}
    values = _VALUES.get(noun, {})
    changes: list[str] = []
    for entry_id, entry in after.items():
        if entry_id not in before:
            changes.append(_(_ADDED_ENTRY[noun]).format(id=entry_id))
            continue
        earlier = before[entry_id]
        if earlier == entry:
            continue
        keys = [*entry, *(k for k in earlier if k not in entry)]
        finished = entry.get("status") == "done" and earlier.get("status") != "done" and entry.get("done")
        postponed = _postponements(entry_id, earlier.get("postponed"), entry.get("postponed"))
        for key in keys:
            if key == "id" or earlier.get(key) == entry.get(key):
                continue
            if postponed and key in ("due", "postponed"):
                continue
            if finished and key == "done":
                continue
            if finished and key == "status":
                status = values.get("status")
                changes.append(
                    _("{id} status: {old} -> {done} ({day})").format(
                        id=entry_id,
                        old=_plain(earlier.get(key), status),
                        done=_plain("done", status),
                        day=entry["done"],
                    )
                )
                continue
            changes.append(_field(f"{entry_id} {key}", key, earlier.get(key), entry.get(key), values.get(key)))
        changes += postponed
    changes += [_(_REMOVED_ENTRY[noun]).format(id=entry_id) for entry_id in before if entry_id not in after]
    return changes


def _postponements(entry_id: Any, old: Any, new: Any) -> list[str]:
    """The postponements a commitment gained: ``C2 postponed: 2026-06-30 -> 2026-07-15 (reason)``."""
    before = old if isinstance(old, list) else []
    added = [p for p in new if isinstance(p, dict) and p not in before] if isinstance(new, list) else []
    return [
        _("{id} postponed: {old} -> {new} ({reason})").format(
            id=entry_id, old=_plain(p.get("from")), new=_plain(p.get("to")), reason=_short(p.get("reason"))
        )
        for p in added
    ]


def _flat(value: Any, path: str) -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flat(inner, f"{path}.{key}"))
        return flat
    return {path: value}


def _short(text: Any, size: int = 60) -> str:
    words = str(text)
    return words if len(words) <= size else words[: size - 3] + "..."


def case_changes(old: Any, new: Any) -> list[str]:
    """What changed between two versions of a case document (None: the file did not exist)."""
    if not isinstance(old, dict) and not isinstance(new, dict):
        return []
    if not isinstance(old, dict):
        return [_("opened case")]
    if not isinstance(new, dict):
        return [_("removed the case file")]
    changes: list[str] = []
    if old.get("id") != new.get("id"):
        changes.append(_("renumbered from {old} to {new}").format(old=_plain(old.get("id")), new=_plain(new.get("id"))))
    for key in CASE_FIELDS:
        if old.get(key) != new.get(key):
            changes.append(_field(key, key, old.get(key), new.get(key), _VALUES["case"].get(key)))
    changes += _listed(N_("added theme {value}"), N_("removed theme {value}"), old.get("themes"), new.get("themes"))
    changes += _listed(
        N_("added partner {value}"), N_("removed partner {value}"), old.get("partners"), new.get("partners")
    )
    changes += _entries("signal", old.get("signals"), new.get("signals"))
    before, after = _flat(old.get("analysis") or {}, "analysis"), _flat(new.get("analysis") or {}, "analysis")
    for path in [*after, *(p for p in before if p not in after)]:
        if before.get(path) != after.get(path) and not (_empty(before.get(path)) and _empty(after.get(path))):
            changes.append(_field(path, path.rsplit(".", 1)[-1], before.get(path), after.get(path)))
    old_plan: dict[str, Any] = old["plan"] if isinstance(old.get("plan"), dict) else {}
    new_plan: dict[str, Any] = new["plan"] if isinstance(new.get("plan"), dict) else {}
    old_goals, new_goals = old_plan.get("goals") or [], new_plan.get("goals") or []
    changes += [_("added goal '{goal}'").format(goal=_short(g)) for g in new_goals if g not in old_goals]
    changes += [_("removed goal '{goal}'").format(goal=_short(g)) for g in old_goals if g not in new_goals]
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
            changes.append(_("decision of {day} changed").format(day=_plain(day)))
        else:
            changes.append(_("added decision of {day}").format(day=_plain(day)))
    return changes + [_("removed decision of {day}").format(day=_plain(d.get("date"))) for d in gone]


def meeting_changes(old: Any, new: Any, label: str = "") -> list[str]:
    """What changed between two versions of a meeting document (``label``: "meeting 2026-11-12")."""
    if not isinstance(old, dict) and not isinstance(new, dict):
        return []
    label = label or _("meeting")
    if not isinstance(old, dict):
        return [_("added {meeting}").format(meeting=label)]
    if not isinstance(new, dict):
        return [_("removed {meeting}").format(meeting=label)]
    changes = [
        _field(f"{label} {key}", key, old.get(key), new.get(key))
        for key in ("date", "title", "notes")
        if old.get(key) != new.get(key)
    ]
    for role in ("present", "excused", "absent"):
        changes += _listed(N_("added {value}"), N_("removed {value}"), old.get(role), new.get(role), f"{label} {role}")
    agenda = _("{meeting} agenda").format(meeting=label)
    return changes + _listed(
        N_("added case {value}"), N_("removed case {value}"), old.get("cases"), new.get("cases"), agenda
    )


def partner_changes(old: Any, new: Any) -> list[str]:
    """What changed in the partner registry."""
    return _entries("partner", old if isinstance(old, list) else [], new if isinstance(new, list) else [])


def settings_changes(old: Any, new: Any) -> list[str]:
    if not isinstance(old, dict):
        return [_("added {file}").format(file="vhuis.yaml")]
    if not isinstance(new, dict):
        return [_("removed {file}").format(file="vhuis.yaml")]
    keys = [*new, *(k for k in old if k not in new)]
    said = _("settings {key}: {old} -> {new}")
    return [
        said.format(key=k, old=_plain(old.get(k)), new=_plain(new.get(k))) for k in keys if old.get(k) != new.get(k)
    ]


# -- reading versions -------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A version that is not a valid file of its kind (a hand edit gone wrong): why, in a few words."""

    why: str


def _why(error: InvalidData) -> str:
    """The first problem of a broken file, short."""
    from vhuis.storage.yamlfile import not_yaml

    problem = error.problems[0] if error.problems else None
    if problem is None:
        words = str(error).splitlines()[0]
    elif str(error).splitlines()[0] == not_yaml(problem.file):
        where = _("line {line}: ").format(line=problem.line) if problem.line else ""
        words = _("not valid YAML ({problem})").format(problem=where + problem.message)
    else:
        words = ": ".join(part for part in (problem.field, problem.message) if part)
    more = len(error.problems) - 1
    words = _short(words, 100)
    if more <= 0:
        return words
    return words + ngettext(" (and {n} more problem)", " (and {n} more problems)", more).format(n=more)


def read_version(kind: str, raw: bytes | None, name: str) -> Any:
    """A version of a file: a normalised document when valid, Broken when not, None when absent."""
    if raw is None:
        return None
    if kind == "file":
        return raw
    from vhuis.collab import merge
    from vhuis.storage import yamlfile

    try:
        text = yamlfile.decode(raw, name)
        if kind in ("case", "meeting", "partners"):
            return merge.read_document(kind, text, name)  # type: ignore[arg-type]
        return yamlfile.load(text, name)
    except InvalidData as error:
        return Broken(_why(error))


def file_sentences(kind: str, name: str, old: Any, new: Any, last_valid: Any = None) -> list[str]:
    """Sentences for one file of the store between two versions.

    ``last_valid`` is the last valid version before ``old``, for when ``old`` is broken:
    a repair is told as what differs from it.
    """
    case = kind == "case"
    if isinstance(new, Broken):
        if old is None:
            said = _("added a broken file: {why}") if case else _("added {file}, broken: {why}")
        elif isinstance(old, Broken):
            said = _("still broken: {why}") if case else _("{file} still broken: {why}")
        else:
            said = _("broke the file: {why}") if case else _("broke {file}: {why}")
        return [said.format(file=name, why=new.why)]
    if isinstance(old, Broken):
        if new is None:
            said = _("removed the file (it was broken)") if case else _("removed {file} (it was broken)")
            return [said.format(file=name)]
        repaired = _("repaired a broken hand edit") if case else _("repaired a broken hand edit of {file}")
        return [repaired.format(file=name), *file_sentences(kind, name, last_valid, new)]
    if kind == "case":
        return case_changes(old, new)
    if kind == "meeting":
        day = name.rsplit("/", 1)[-1].removesuffix(".yaml")
        return meeting_changes(old, new, _("meeting {day}").format(day=day))
    if kind == "partners":
        if old is None and isinstance(new, list):
            return [
                ngettext("added partners.yaml ({n} partner)", "added partners.yaml ({n} partners)", len(new)).format(
                    n=len(new)
                )
            ]
        return partner_changes(old, new)
    if kind == "settings":
        return settings_changes(old, new)
    if old is None:
        return [_("added {file}").format(file=name)]
    if new is None:
        return [_("removed {file}").format(file=name)]
    return [_("changed {file}").format(file=name)]


_ADDED = re.compile(r"^(\S+): add (signal|measure|commitment) ([A-Z]+\d+)\b")
SECTION_OF = {"signal": "signals", "measure": "measures", "commitment": "commitments"}


def _section(document: Any, section: str) -> list[Any]:
    if not isinstance(document, dict):
        return []
    holder = document.get("plan") if section == "measures" else document
    found = holder.get(section) if isinstance(holder, dict) else None
    return found if isinstance(found, list) else []


def _ids(document: Any, section: str) -> set[Any]:
    return {e.get("id") for e in _section(document, section) if isinstance(e, dict)}


def rebased_renumbering(message: str, case_id: str, old: Any, new: Any, changes: list[str]) -> list[str]:
    """A vhuis commit replayed by ``git pull --rebase`` whose new entry the merge driver renumbered.

    Its message still names the id it was made with (``2026-001: add signal S2 ...``),
    its parent already has an entry with that id (the remote's), and it added one
    entry of that kind under another id: told as the renumbering it was, as sync tells it.
    """
    made = _ADDED.match(message)
    if made is None or made[1] != case_id:
        return changes
    noun, named = made[2], made[3]
    said = _(_ADDED_ENTRY[noun])
    before, after = said.split("{id}", 1)
    added = [c for c in changes if c.startswith(before) and c.endswith(after) and len(c) > len(before + after)]
    if said.format(id=named) in changes or len(added) != 1 or named not in _ids(old, SECTION_OF[noun]):
        return changes
    now = added[0][len(before) : len(added[0]) - len(after)]
    if now in _ids(old, SECTION_OF[noun]):
        return changes
    at = changes.index(added[0])
    moved = {
        "signal": _("signal {old} renumbered to {new} (the id was taken on the remote)"),
        "measure": _("measure {old} renumbered to {new} (the id was taken on the remote)"),
        "commitment": _("commitment {old} renumbered to {new} (the id was taken on the remote)"),
    }[noun]
    told = [said.format(id=named), moved.format(old=named, new=now)]
    return [*changes[:at], *told, *changes[at + 1 :]]


# -- what a merge did of its own (pure) ---------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
_NOUN = {
    "signals": N_("signal {id}"),
    "measures": N_("measure {id}"),
    "commitments": N_("commitment {id}"),
    "partners": N_("partner {id}"),
}
_ENTRY = N_("entry {id}")


def _steps(field: str, kind: str) -> list[tuple[str, str]]:
    """A clash's field (``commitments[C2].due``) as steps: (key, '') or ('', entry id)."""
    steps = [(key, ident) for key, ident in _STEP.findall(field)]
    if kind == "partners" and steps[:1] == [("partners", "")]:
        steps = steps[1:]
    return steps


def _get(document: Any, steps: list[tuple[str, str]]) -> Any:
    from vhuis.collab.merge import REMOVED

    current = document
    for key, ident in steps:
        if key:
            current = current.get(key) if isinstance(current, dict) else None
        else:
            entries = current if isinstance(current, list) else []
            current = next((e for e in entries if isinstance(e, dict) and e.get("id") == ident), REMOVED)
            if current is REMOVED:
                return REMOVED
    return current


def _put(document: Any, steps: list[tuple[str, str]], value: Any) -> None:
    """Set the value at ``steps`` (an entry is replaced, added or, for REMOVED, taken out)."""
    from vhuis.collab.merge import REMOVED

    holder = _get(document, steps[:-1]) if len(steps) > 1 else document
    key, ident = steps[-1]
    if key and isinstance(holder, dict):
        holder[key] = value
    elif ident and isinstance(holder, list):
        at = next((i for i, e in enumerate(holder) if isinstance(e, dict) and e.get("id") == ident), None)
        if at is not None:
            del holder[at]
        if value is not REMOVED:
            holder.insert(len(holder) if at is None else at, value)


def _label(steps: list[tuple[str, str]]) -> str:
    last = max((i for i, (_, ident) in enumerate(steps) if ident), default=-1)
    if last < 0:
        return ".".join(key for key, _ in steps)
    if last == len(steps) - 1:
        before = steps[last - 1][0] if last > 0 else "partners"
        return _(_NOUN.get(before, _ENTRY)).format(id=steps[last][1])
    return f"{steps[last][1]} " + ".".join(key for key, _ in steps[last + 1 :])


def _value(value: Any, key: str) -> str:
    """A value of a settled clash, whole: two texts that differ only at their end must read as different."""
    from vhuis.collab.merge import REMOVED

    if value is REMOVED:
        return _("(removed)")
    if isinstance(value, str) and (key in TEXT_FIELDS or len(value) > 40):
        return repr(value)
    return _plain(value)


def _settled(steps: list[tuple[str, str]], ours: Any, theirs: Any, result: Any) -> str:
    from vhuis.collab.merge import REMOVED

    label = _label(steps)
    if steps[-1][1]:  # a whole entry: changed on one side, removed on the other
        if result is REMOVED:
            return _("clash settled: {field} removed, not kept as changed").format(field=label)
        return _("clash settled: {field} kept as changed").format(field=label)
    key = steps[-1][0]
    values = {"ours": _value(ours, key), "theirs": _value(theirs, key), "result": _value(result, key)}
    if result == ours:
        said = _("clash settled: {field} kept {ours} (the other side had {theirs})")
    elif result == theirs:
        said = _("clash settled: {field} took {theirs} from the other side (this side had {ours})")
    else:
        said = _("clash settled: {field} set to {result} (the sides had {ours} and {theirs})")
    return said.format(field=label, **values)


def merge_changes(kind: str, name: str, base: Any, sides: list[Any], result: Any) -> list[str]:
    """What a merge did to one file of its own: entries renumbered, clashes settled, anything more.

    The merge is done again by meaning (as the merge driver does, renumbering the
    first parent's new entries); where the sides clashed, the result tells how the
    clash was settled; whatever else differs from that merge was changed while merging.
    """
    versions = [base, *sides, result]
    if kind not in ("case", "meeting", "partners") or len(sides) != 2 or any(isinstance(v, Broken) for v in versions):
        return _made_by_merge(kind, name, sides, result)
    if result is None or any(side is None for side in sides):
        return _made_by_merge(kind, name, sides, result)
    from vhuis.collab import merge

    merged = merge.merge_documents(kind, base, sides[0], sides[1], "ours")  # type: ignore[arg-type]
    expected = merged.document
    said = [r.told() for r in merged.renumbered if r.new in _ids(result, r.section)]
    for conflict in merged.conflicts:
        if conflict.note and conflict.ours is None and conflict.theirs is None:
            continue  # not a clash of values (a dangling measure, an invalid result): told below as a change
        steps = _steps(conflict.field, kind)
        if not steps:
            continue
        now = _get(result, steps)
        _put(expected, steps, now)
        said.append(_settled(steps, conflict.ours, conflict.theirs, now))
    return said + file_sentences(kind, name, expected, result)


def _made_by_merge(kind: str, name: str, sides: list[Any], result: Any) -> list[str]:
    """What the result has that no side had: the sentences every side's comparison shares."""
    told = [file_sentences(kind, name, side, result) for side in sides]
    return [s for s in told[0] if all(s in other for other in told[1:])] if told else []


STORE_FILES = ("vhuis.yaml", "partners.yaml", "inbox.yaml", "areas.yaml", ".gitattributes")
STORE_FOLDERS = ("cases/", "meetings/", "minutes/", "templates/")


def in_store(name: str) -> bool:
    """Whether a path (inside the store's folder) is one of the store's own files, not, say, a README."""
    return name in STORE_FILES or name.startswith(STORE_FOLDERS)


def file_kind(name: str) -> str:
    """The kind of a file by its path inside the store."""
    if name == "vhuis.yaml":
        return "settings"
    parts = name.split("/")
    if name == "partners.yaml":
        return "partners"
    if len(parts) == 2 and parts[1].endswith(".yaml") and parts[0] in ("cases", "meetings"):
        if parts[0] == "meetings":
            return "meeting"
        return "case" if CASE_ID.match(parts[1].removesuffix(".yaml")) else "file"
    return "file"
