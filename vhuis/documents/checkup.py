"""The whole store checked: its data files (vhuis.domain.checks) and its own minutes templates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vhuis.documents.minutes import render_minutes
from vhuis.documents.templates import environment
from vhuis.domain.checks import check_store
from vhuis.errors import InvalidData, NotFound, Problem
from vhuis.i18n import _
from vhuis.storage import schema
from vhuis.storage.storefile import read_inside

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def check_everything(store: Store) -> list[Problem]:
    """What ``vhuis check`` reports: every data file, then each template the store brings."""
    found = check_store(store)
    if (store.root / "templates").is_dir():
        try:
            found += template_problems(store)
        except InvalidData as error:
            found += error.problems
    return found + [Problem(name, None, "", schema.stale_message(), "warning") for name in schema.stale(store)]


def template_problems(store: Store) -> list[Problem]:
    """What is wrong with the store's own templates: each must parse, and render the latest meeting."""
    import jinja2

    own = sorted((store.root / "templates").glob("*.j2")) if (store.root / "templates").is_dir() else []
    if not own:
        return []
    found: list[Problem] = []
    env = environment(store)
    readable: list[Path] = []
    for path in own:
        name = store.rel(path)
        try:
            env.parse(read_inside(store.root, path).decode("utf-8"), path.name, str(path))
        except jinja2.TemplateSyntaxError as error:
            found.append(
                Problem(
                    name,
                    error.lineno,
                    "",
                    _("does not parse: {error}").format(error=error.message or _("syntax error")),
                )
            )
            continue
        except InvalidData as error:  # a link, a FIFO, a folder: named, never followed
            found += error.problems
            continue
        except (OSError, UnicodeDecodeError) as error:
            found.append(Problem(name, None, "", _("cannot be read: {error}").format(error=error)))
            continue
        readable.append(path)
    # a misnamed file is named elsewhere; a planned meeting has no minutes yet
    meetings = [day for day in store.meeting_dates() if _real_day(day) and not _planned(store, day)]
    failed = _("fails on the meeting of {day}: {error}")
    named = {p.file for p in found}  # a template that includes one of these fails on it: named once is enough
    for path in readable:
        if meetings and path.name.endswith(".md.j2"):
            try:
                render_minutes(store, date.fromisoformat(meetings[-1]), path.name.removesuffix(".md.j2"))
            except (InvalidData, NotFound) as error:
                problems = getattr(error, "problems", [])
                found += [
                    Problem(p.file, p.line, p.field, failed.format(day=meetings[-1], error=p.message))
                    for p in problems
                    if p.file not in named
                ]
                if not problems:
                    found.append(Problem(store.rel(path), None, "", failed.format(day=meetings[-1], error=error)))
    return found


def _planned(store: Store, day: str) -> bool:
    """Whether the meeting of ``day`` is still to come; a file that does not read counts as held (it fails there)."""
    from vhuis.model import MeetingStatus

    try:
        return store.meeting(date.fromisoformat(day)).status is MeetingStatus.planned
    except (InvalidData, NotFound, ValueError):
        return False


def _real_day(name: str) -> bool:
    try:
        date.fromisoformat(name)
    except ValueError:
        return False
    return True
