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
from typing import Any

from vhuis.errors import InvalidData
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


def _plain(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _field(label: str, key: str, old: Any, new: Any) -> str:
    if key in TEXT_FIELDS or isinstance(old, dict) or isinstance(new, dict):
        if _empty(old):
            return f"{label} set"
        if _empty(new):
            return f"{label} cleared"
        return f"{label} changed"
    return f"{label}: {_plain(old)} -> {_plain(new)}"


def _listed(noun: str, old: Any, new: Any, label: str = "") -> list[str]:
    before = list(old or []) if isinstance(old, list) else []
    after = list(new or []) if isinstance(new, list) else []
    lead = f"{label}: " if label else ""
    added = [f"{lead}added {noun}{_plain(x)}" for x in after if x not in before]
    return added + [f"{lead}removed {noun}{_plain(x)}" for x in before if x not in after]


def _entries(noun: str, old: Any, new: Any) -> list[str]:
    """Entries compared by id: added, removed, and each changed field."""
    before = {e.get("id"): e for e in old or [] if isinstance(e, dict)}
    after = {e.get("id"): e for e in new or [] if isinstance(e, dict)}
    changes: list[str] = []
    for entry_id, entry in after.items():
        if entry_id not in before:
            changes.append(f"added {noun} {entry_id}")
            continue
        earlier = before[entry_id]
        if earlier == entry:
            continue
        keys = [*entry, *(k for k in earlier if k not in entry)]
        finished = entry.get("status") == "done" and earlier.get("status") != "done" and entry.get("done")
        for key in keys:
            if key == "id" or earlier.get(key) == entry.get(key):
                continue
            if finished and key == "done":
                continue
            if finished and key == "status":
                changes.append(f"{entry_id} status: {_plain(earlier.get(key))} -> done ({entry['done']})")
                continue
            changes.append(_field(f"{entry_id} {key}", key, earlier.get(key), entry.get(key)))
    changes += [f"removed {noun} {entry_id}" for entry_id in before if entry_id not in after]
    return changes


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
        return ["opened case"]
    if not isinstance(new, dict):
        return ["removed the case file"]
    changes: list[str] = []
    if old.get("id") != new.get("id"):
        changes.append(f"renumbered from {_plain(old.get('id'))} to {_plain(new.get('id'))}")
    for key in CASE_FIELDS:
        if old.get(key) != new.get(key):
            changes.append(_field(key, key, old.get(key), new.get(key)))
    changes += _listed("theme ", old.get("themes"), new.get("themes"))
    changes += _listed("partner ", old.get("partners"), new.get("partners"))
    changes += _entries("signal", old.get("signals"), new.get("signals"))
    before, after = _flat(old.get("analysis") or {}, "analysis"), _flat(new.get("analysis") or {}, "analysis")
    for path in [*after, *(p for p in before if p not in after)]:
        if before.get(path) != after.get(path) and not (_empty(before.get(path)) and _empty(after.get(path))):
            changes.append(_field(path, path.rsplit(".", 1)[-1], before.get(path), after.get(path)))
    old_plan: dict[str, Any] = old["plan"] if isinstance(old.get("plan"), dict) else {}
    new_plan: dict[str, Any] = new["plan"] if isinstance(new.get("plan"), dict) else {}
    old_goals, new_goals = old_plan.get("goals") or [], new_plan.get("goals") or []
    changes += [f"added goal '{_short(g)}'" for g in new_goals if g not in old_goals]
    changes += [f"removed goal '{_short(g)}'" for g in old_goals if g not in new_goals]
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
            changes.append(f"decision of {_plain(day)} changed")
        else:
            changes.append(f"added decision of {_plain(day)}")
    return changes + [f"removed decision of {_plain(d.get('date'))}" for d in gone]


def meeting_changes(old: Any, new: Any, label: str = "meeting") -> list[str]:
    """What changed between two versions of a meeting document."""
    if not isinstance(old, dict) and not isinstance(new, dict):
        return []
    if not isinstance(old, dict):
        return [f"added {label}"]
    if not isinstance(new, dict):
        return [f"removed {label}"]
    changes = [
        _field(f"{label} {key}", key, old.get(key), new.get(key))
        for key in ("date", "title", "notes")
        if old.get(key) != new.get(key)
    ]
    for role in ("present", "excused", "absent"):
        changes += _listed("", old.get(role), new.get(role), f"{label} {role}")
    return changes + _listed("case ", old.get("cases"), new.get("cases"), f"{label} agenda")


def partner_changes(old: Any, new: Any) -> list[str]:
    """What changed in the partner registry."""
    return _entries("partner", old if isinstance(old, list) else [], new if isinstance(new, list) else [])


def settings_changes(old: Any, new: Any) -> list[str]:
    if not isinstance(old, dict):
        return ["added vhuis.yaml"]
    if not isinstance(new, dict):
        return ["removed vhuis.yaml"]
    keys = [*new, *(k for k in old if k not in new)]
    return [f"settings {k}: {_plain(old.get(k))} -> {_plain(new.get(k))}" for k in keys if old.get(k) != new.get(k)]


# -- reading versions -------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A version that is not a valid file of its kind (a hand edit gone wrong): why, in a few words."""

    why: str


def _why(error: InvalidData) -> str:
    """The first problem of a broken file, short."""
    problem = error.problems[0] if error.problems else None
    if problem is None:
        words = str(error).splitlines()[0]
    elif "not valid YAML" in str(error).splitlines()[0]:
        where = f"line {problem.line}: " if problem.line else ""
        words = f"not valid YAML ({where}{problem.message})"
    else:
        words = ": ".join(part for part in (problem.field, problem.message) if part)
    more = len(error.problems) - 1
    words = _short(words, 100)
    return words + (f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else "")


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
    label = "the file" if kind == "case" else name
    if isinstance(new, Broken):
        if old is None:
            return [f"added a broken file: {new.why}" if kind == "case" else f"added {name}, broken: {new.why}"]
        if isinstance(old, Broken):
            return [f"still broken: {new.why}" if kind == "case" else f"{name} still broken: {new.why}"]
        return [f"broke {label}: {new.why}"]
    if isinstance(old, Broken):
        repaired = "repaired a broken hand edit" + ("" if kind == "case" else f" of {name}")
        if new is None:
            return [f"removed {label} (it was broken)"]
        return [repaired, *file_sentences(kind, name, last_valid, new)]
    if kind == "case":
        return case_changes(old, new)
    if kind == "meeting":
        return meeting_changes(old, new, f"meeting {name.rsplit('/', 1)[-1].removesuffix('.yaml')}")
    if kind == "partners":
        if old is None and isinstance(new, list):
            return [f"added partners.yaml ({len(new)} partners)"]
        return partner_changes(old, new)
    if kind == "settings":
        return settings_changes(old, new)
    if old is None:
        return [f"added {name}"]
    if new is None:
        return [f"removed {name}"]
    return [f"changed {name}"]


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
    added = [c for c in changes if c.startswith(f"added {noun} ")]
    if f"added {noun} {named}" in changes or len(added) != 1 or named not in _ids(old, SECTION_OF[noun]):
        return changes
    now = added[0].removeprefix(f"added {noun} ")
    if now in _ids(old, SECTION_OF[noun]):
        return changes
    at = changes.index(added[0])
    told = [f"added {noun} {named}", f"{noun} {named} renumbered to {now} (the id was taken on the remote)"]
    return [*changes[:at], *told, *changes[at + 1 :]]


# -- what a merge did of its own (pure) ---------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
_NOUN = {"signals": "signal", "measures": "measure", "commitments": "commitment", "partners": "partner"}


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
        return f"{_NOUN.get(before, 'entry')} {steps[last][1]}"
    return f"{steps[last][1]} " + ".".join(key for key, _ in steps[last + 1 :])


def _value(value: Any, key: str) -> str:
    """A value of a settled clash, whole: two texts that differ only at their end must read as different."""
    from vhuis.collab.merge import REMOVED

    if value is REMOVED:
        return "(removed)"
    if isinstance(value, str) and (key in TEXT_FIELDS or len(value) > 40):
        return repr(value)
    return _plain(value)


def _settled(steps: list[tuple[str, str]], ours: Any, theirs: Any, result: Any) -> str:
    from vhuis.collab.merge import REMOVED

    label = _label(steps)
    if steps[-1][1]:  # a whole entry: changed on one side, removed on the other
        return f"clash settled: {label} " + ("removed, not kept as changed" if result is REMOVED else "kept as changed")
    key = steps[-1][0]
    if result == ours:
        return f"clash settled: {label} kept {_value(ours, key)} (the other side had {_value(theirs, key)})"
    if result == theirs:
        return (
            f"clash settled: {label} took {_value(theirs, key)} from the other side (this side had {_value(ours, key)})"
        )
    return (
        f"clash settled: {label} set to {_value(result, key)} "
        f"(the sides had {_value(ours, key)} and {_value(theirs, key)})"
    )


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
    said = [str(r) for r in merged.renumbered if r.new in _ids(result, r.section)]
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


STORE_FILES = ("vhuis.yaml", "partners.yaml", ".gitattributes")
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
