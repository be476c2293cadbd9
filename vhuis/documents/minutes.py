"""The minutes of a meeting: rendered, written to a file, or published into the store and committed.

The context comes from context.py, the template and its environment from
templates.py. docs/templates.md is the user's side of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vhuis.documents.context import minutes_context
from vhuis.documents.templates import render_template, template_file
from vhuis.domain.meetings import minutes_path
from vhuis.storage.storefile import read_inside

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def render_minutes(store: Store, day: date, template: str | None = None) -> str:
    """The minutes of the meeting on ``day`` as Markdown; nothing is written.

    A template that is missing, does not parse, or fails while rendering (an
    unknown variable, say) is an error naming the template file and line.
    """
    meeting = store.meeting(day)
    name = template_file(template)
    return render_template(store, name, minutes_context(store, meeting))


@dataclass(frozen=True)
class Published:
    path: Path
    committed: bool


def publish_minutes(store: Store, day: date, template: str | None = None) -> Published:
    """Render the minutes into ``minutes/DATE.md`` and commit them; no commit when they are unchanged."""
    with store.lock():
        text = render_minutes(store, day, template)
        path = minutes_path(store, day)
        try:  # a link or a FIFO in its place is named, not followed or waited for
            current: str | None = read_inside(store.root, path).decode("utf-8", errors="replace")
        except FileNotFoundError:
            current = None
        if current == text and not store.repo.edited([path]):
            return Published(path, False)
        verb = "update" if current is not None else "add"
        store.commit({path: text}, f"meeting {day}: {verb} minutes")
    return Published(path, True)


def write_minutes(store: Store, day: date, out: Path, template: str | None = None) -> Path:
    """Render the minutes into any file ``out`` (a device, a FIFO, through a link: outfile.py); not committed."""
    from vhuis.storage.outfile import write_output

    write_output(out, render_minutes(store, day, template), "--out", f"{day}.md")
    return out
