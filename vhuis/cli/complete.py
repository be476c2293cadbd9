"""What the shell completes besides commands and options: case, partner and inbox ids, areas, meeting days, enums.

The shell starts vhuis for every <TAB> (``_VHUIS_COMPLETE=complete_bash COMP_WORDS=...``), so
these read names only, never a case: the case ids are the names of the files in cases/ (one
folder scan: the keys of the index), the meeting dates the names of those in meetings/, the
partner ids the registry's (one small YAML file). A shell that shows a description beside
each value (zsh, fish; not bash) gets the case titles from the index's JSON (storage/index.py),
as it was last written: no model, no pydantic, no case file parsed.

Completing never writes (not even the index) and never says anything: a store that cannot be
found or read, or anything else that goes wrong, completes nothing.

An enum completes its English values (what files and --json hold) and its Dutch words (the
input aliases: ``burger``, ``in-uitvoering``). With nothing typed yet, the store's language
chooses which; once a few letters are typed, both that start with them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

Completions = list[tuple[str, str]]  # (value, description) pairs, as typer's ``autocompletion`` returns them


def _quietly(find: Callable[[], Completions]) -> Completions:
    try:
        return find()
    except Exception:  # a completion that fails completes nothing, and says nothing: the shell shows whatever we print
        return []


def _root(ctx: typer.Context) -> Path:
    """The store's folder: --store as typed (the command's or vhuis's own), else as every command finds it."""
    from vhuis.storage.store import find_root

    given: Any = None
    context: Any = ctx
    while context is not None and given is None:
        given = context.params.get("store")
        context = context.parent
    return find_root(Path(given) if given else None)


def _names(folder: Path, suffix: str = ".yaml") -> list[str]:
    with os.scandir(folder) as entries:
        return [entry.name.removesuffix(suffix) for entry in entries if entry.name.endswith(suffix)]


def _shows_descriptions() -> bool:
    """Whether the shell shows a description beside each value: bash (the only one to set COMP_WORDS) does not."""
    return "COMP_WORDS" not in os.environ


def case_titles(root: Path) -> dict[str, str]:
    """Every case's title as the index last saw it (``{"2026-007": "..."}``); none without an index."""
    from vhuis.storage.index import index_path
    from vhuis.storage.repo import Repo

    try:
        document = json.loads(index_path(Repo(root).git_dir).read_bytes())
        entries = document["entries"]
    except Exception:
        return {}
    titles = {}
    for name, entry in entries.items():
        digest = entry.get("digest") if isinstance(entry, dict) else None
        if isinstance(digest, dict) and isinstance(digest.get("title"), str):
            titles[Path(name).stem] = digest["title"]
    return titles


def case_ids(root: Path, incomplete: str = "", described: bool = False) -> Completions:
    """The case ids that start with ``incomplete``, in id order; with their titles if ``described``."""
    from vhuis.vocab import CASE_ID

    ids = [name for name in _names(root / "cases") if CASE_ID.match(name) and name.startswith(incomplete)]
    ids.sort(key=lambda case_id: (case_id[:4], int(case_id[5:])))
    titles = case_titles(root) if described and ids else {}
    return [(case_id, titles.get(case_id, "")) for case_id in ids]


def partner_ids(root: Path, incomplete: str = "") -> Completions:
    """The registry's partner ids that start with ``incomplete``, with their names."""
    import yaml

    from vhuis.storage.store import PARTNERS_FILE

    text = (root / PARTNERS_FILE).read_text(encoding="utf-8")
    listed = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506  # a safe loader
    found = []
    for partner in listed if isinstance(listed, list) else []:
        if isinstance(partner, dict) and isinstance(partner.get("id"), str) and partner["id"].startswith(incomplete):
            found.append((partner["id"], str(partner.get("name") or "")))
    return found


def inbox_ids(root: Path, incomplete: str = "") -> Completions:
    """The open signals of the inbox whose ids start with ``incomplete`` (``i7`` too), with their summaries."""
    import yaml

    from vhuis.storage.store import INBOX_FILE

    text = (root / INBOX_FILE).read_text(encoding="utf-8")
    listed = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506  # a safe loader
    found = []
    for signal in listed if isinstance(listed, list) else []:
        if not isinstance(signal, dict) or not isinstance(signal.get("id"), str):
            continue
        if signal.get("status") in (None, "open") and signal["id"].startswith(incomplete.upper()):
            found.append((signal["id"], str(signal.get("summary") or "")))
    return found


def area_names(root: Path, incomplete: str = "") -> Completions:
    """The names of the register of areas (areas.yaml) that start with ``incomplete`` in any capitals, with
    their kind and municipality; none without a register."""
    import yaml

    from vhuis.storage.store import AREAS_FILE

    text = (root / AREAS_FILE).read_text(encoding="utf-8")
    listed = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506  # a safe loader
    typed = incomplete.casefold()
    found = []
    for area in listed if isinstance(listed, list) else []:
        if isinstance(area, dict) and isinstance(area.get("name"), str) and area["name"].casefold().startswith(typed):
            found.append((area["name"], ", ".join(str(area[key]) for key in ("kind", "municipality") if area.get(key))))
    return found


def meeting_dates(root: Path, incomplete: str = "") -> Completions:
    """The dates of the recorded meetings that start with ``incomplete``, newest first."""
    days = []
    for name in _names(root / "meetings"):
        try:
            date.fromisoformat(name)
        except ValueError:
            continue
        if name.startswith(incomplete) and len(name) == len("2026-10-15"):
            days.append(name)
    return [(day, "") for day in sorted(days, reverse=True)]


def _language(root: Path | None) -> str:
    from vhuis.i18n import DEFAULT
    from vhuis.storage.store import Store

    return Store(root).language if root is not None else DEFAULT


def enum_values(enum: type[StrEnum], language: str, incomplete: str = "") -> Completions:
    """The values of ``enum`` to offer: see the module's text. Each is described by its word in the other language."""
    from vhuis.i18n import catalog
    from vhuis.vocab import TERMS

    dutch = catalog("nl")
    words = {member: dutch.pgettext(*TERMS[member]) if member in TERMS else member.value for member in enum}
    english = [(member.value, words[member].replace(" ", "-")) for member in enum]
    in_dutch = [(word, value) for value, word in english]
    if not incomplete:
        return in_dutch if language == "nl" else english
    typed = incomplete.lower()
    found: dict[str, str] = {}
    for value, other in english + in_dutch:
        if value.lower().startswith(typed):
            found.setdefault(value, "" if other == value else other)
    return list(found.items())


# -- what the parameters name as their ``autocompletion`` ----------------------------


def cases(ctx: typer.Context, incomplete: str) -> Completions:
    return _quietly(lambda: case_ids(_root(ctx), incomplete, _shows_descriptions()))


def partners(ctx: typer.Context, incomplete: str) -> Completions:
    return _quietly(lambda: partner_ids(_root(ctx), incomplete))


def inbox(ctx: typer.Context, incomplete: str) -> Completions:
    return _quietly(lambda: inbox_ids(_root(ctx), incomplete))


def areas(ctx: typer.Context, incomplete: str) -> Completions:
    return _quietly(lambda: area_names(_root(ctx), incomplete))


def meetings(ctx: typer.Context, incomplete: str) -> Completions:
    return _quietly(lambda: meeting_dates(_root(ctx), incomplete))


def clashes(ctx: typer.Context, incomplete: str) -> Completions:
    """What ``vhuis resolve`` settles: a case, a meeting's date, or the partners."""

    def found() -> Completions:
        root = _root(ctx)
        listed = [*case_ids(root, incomplete), *meeting_dates(root, incomplete)]
        return listed + [("partners", "")] * "partners".startswith(incomplete)

    return _quietly(found)


def values(enum: type[StrEnum]) -> Callable[[typer.Context, str], Completions]:
    """The completion of one enum's values."""

    def complete(ctx: typer.Context, incomplete: str) -> Completions:
        def found() -> Completions:
            try:
                root: Path | None = _root(ctx)
            except Exception:  # outside a store: the values still complete, in the default language
                root = None
            return enum_values(enum, _language(root), incomplete)

        return _quietly(found)

    return complete
