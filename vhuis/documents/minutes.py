"""The minutes of a meeting: rendered, written to a file, or published into the store and committed.

The context comes from context.py, the template and its environment from
templates.py. docs/templates.md is the user's side of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vhuis.documents.context import minutes_context
from vhuis.documents.markdown import md
from vhuis.documents.templates import render_template, template_file
from vhuis.domain.meetings import minutes_path
from vhuis.errors import FixedRecord, InvalidInput
from vhuis.i18n import _
from vhuis.model import MeetingStatus
from vhuis.storage.storefile import read_inside

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def render_minutes(
    store: Store, day: date, template: str | None = None, charts: bool = False, reader: str | None = None
) -> str:
    """The minutes of the meeting on ``day`` as Markdown; nothing is written.

    ``reader``: the partner whose version this is (``--for``), without what it may not see; None
    is the office's full record. Either is marked confidential at its top (whatever the template)
    when anything in it is.

    A template that is missing, does not parse, or fails while rendering (an
    unknown variable, say) is an error naming the template file and line.
    """
    return _render(store, day, template, charts, reader)[0]


def _render(store: Store, day: date, template: str | None, charts: bool, reader: str | None) -> tuple[str, str | None]:
    """The minutes as Markdown, and the word they are marked with ('Vertrouwelijk'), or None when not marked."""
    meeting = store.meeting(day)
    if meeting.status is MeetingStatus.planned:
        raise InvalidInput(
            _(
                "the meeting of {day} is planned and was not held yet: minutes are written after the meeting. "
                "Record it first ('vhuis meeting attend {day}' marks it held)"
            ).format(day=day)
        )
    name = template_file(template)
    context = minutes_context(store, meeting, charts, reader)
    text = render_template(store, name, context)
    mark = confidential_mark(context)
    return mark + text, context["labels"]["confidential"] if mark else None


def confidential_mark(context: dict[str, Any]) -> str:
    """The paragraph that opens minutes holding anything confidential: for whom they are; '' when nothing is."""
    if not context["confidential"]:
        return ""
    labels, reader = context["labels"], context["reader"]
    said = labels["for_office"] if reader is None else labels["for_reader"].format(partner=md(reader["name"]))
    return f"**{labels['confidential']}** · {said}\n\n"


@dataclass(frozen=True)
class Published:
    path: Path
    committed: bool


def publish_minutes(
    store: Store, day: date, template: str | None = None, force: bool = False, charts: bool = False
) -> Published:
    """Render the minutes into ``minutes/DATE.md`` and commit them; no commit when they are unchanged.

    Committed minutes are the record of the meeting: a render that would change them is
    refused, saying what would change, unless ``force``; approved minutes are never rewritten.
    """
    with store.lock():
        meeting = store.meeting(day)
        text = render_minutes(store, day, template, charts)
        path = minutes_path(store, day)
        try:  # a link or a FIFO in its place is named, not followed or waited for
            current: str | None = read_inside(store.root, path).decode("utf-8", errors="replace")
        except FileNotFoundError:
            current = None
        if current == text and not store.repo.edited([path]):
            return Published(path, False)
        committed = _committed(store, path)
        if committed is not None and committed != text:
            guard_record(store.rel(path), day, committed, text, getattr(meeting, "approved", None), force)
        verb = "update" if current is not None else "add"
        store.commit({path: text}, f"meeting {day}: {verb} minutes")
    return Published(path, True)


def _committed(store: Store, path: Path) -> str | None:
    """The minutes as the last commit has them; None when they were never committed."""
    if not store.repo.has_head():
        return None
    spec = f"HEAD:{store.repo.rel(path)}"
    raw = store.repo.blobs([spec])[spec]
    return None if raw is None else raw.decode("utf-8", errors="replace")


def guard_record(name: str, day: date, committed: str, text: str, approved: object, force: bool) -> None:
    """Stop a render that would change committed minutes, unless forced; approved minutes always."""
    change = what_changes(name, committed, text)
    if approved:
        raise FixedRecord(
            _(
                "{file} were approved at the meeting of {approved} and are never rewritten; writing them again "
                "would change them:\n{change}\nRecord what changed since in the minutes of a later meeting"
            ).format(file=name, approved=approved, change=change)
        )
    if not force:
        raise FixedRecord(
            _(
                "{file} are committed, and are the record of the meeting; writing them again would change them:"
                "\n{change}\nNothing was written. 'vhuis minutes {day} --force' rewrites them"
            ).format(file=name, change=change, day=day)
        )


def what_changes(name: str, old: str, new: str, most: int = 12) -> str:
    """A short unified diff (no context), at most ``most`` changed lines, and how many lines it adds and removes."""
    import difflib

    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), name, name, n=0, lineterm=""))[2:]
    changed = [line for line in lines if not line.startswith("@@")]
    added = sum(line.startswith("+") for line in changed)
    removed = len(changed) - added
    shown = [f"  {line}" for line in changed[:most]]
    if len(changed) > most:
        shown.append("  " + _("... and {n} more changed lines").format(n=len(changed) - most))
    summary = _("lines: {added} added, {removed} removed").format(added=added, removed=removed)
    return "\n".join([*shown, f"  ({summary})"])


def write_minutes(
    store: Store, day: date, out: Path, template: str | None = None, charts: bool = False, reader: str | None = None
) -> Path:
    """Render the minutes into any file ``out`` (a device, a FIFO, through a link: outfile.py); not committed."""
    from vhuis.storage.outfile import write_output

    write_output(out, render_minutes(store, day, template, charts, reader), "--out", f"{day}.md")
    return out


FORMATS = ("md", "html", "pdf")


def export_minutes(
    store: Store, day: date, form: str, template: str | None = None, charts: bool = False, reader: str | None = None
) -> str | bytes:
    """The minutes as ``form`` (md, html or pdf: export.py), from the same Markdown as the record; nothing written."""
    text, mark = _render(store, day, template, charts, reader)
    if form == "md":
        return text
    from vhuis.documents.export import to_html, to_pdf

    title = store.meeting(day).title
    if mark is not None:
        title = f"{mark}: {title}"
    if form == "html":
        return to_html(text, title, store.settings.language.value)
    return to_pdf(text, title)


def export_path(store: Store, day: date, form: str) -> Path:
    """Where an export goes without --out: ``minutes/DATE.html`` or ``.pdf``, beside the record; not committed."""
    return minutes_path(store, day).with_suffix(f".{form}")


def write_export(
    store: Store,
    day: date,
    form: str,
    out: Path | None,
    template: str | None = None,
    charts: bool = False,
    reader: str | None = None,
) -> Path:
    """Write the minutes as ``form`` into ``out`` (default: export_path); not committed."""
    from vhuis.storage.outfile import write_output

    target = out if out is not None else export_path(store, day, form)
    if out is None:
        target.parent.mkdir(parents=True, exist_ok=True)
    write_output(target, export_minutes(store, day, form, template, charts, reader), "--out", f"{day}.{form}")
    return target


def check_reader(store: Store, reader: str, out: str | None) -> None:
    """Refuse a partner's version (``--for``) before anything is rendered or written.

    The partner must be known, inside the charter's participants when ``vhuis.yaml`` has a charter,
    and the version goes to ``out`` (a file outside the store, or ``-``): it is an output for that
    partner, never part of the store, where git would keep it and every clone would get it.
    """
    from vhuis.domain.audience import outside_charter
    from vhuis.domain.inputs import known_partner

    known_partner(store, reader, "reader")
    charter = store.settings.charter
    if charter is not None and outside_charter(store.settings, [reader]):
        raise InvalidInput(
            _(
                "{partner} is not a participant of the charter in vhuis.yaml (participants: {participants}), so no "
                "minutes go to it; nothing was written. Add it to charter.participants only when the table agrees"
            ).format(partner=reader, participants=", ".join(charter.participants) or "-"),
            "reader",
        )
    if out is None:
        raise InvalidInput(
            _(
                "a partner's version of the minutes is never kept in the store; say where it goes: "
                "--out FILE (outside the store) or --out - (printed)"
            ),
            "reader",
        )
    if out != "-" and Path(out).resolve().is_relative_to(store.root.resolve()):
        raise InvalidInput(
            _(
                "{out} is inside the store, where git would keep a partner's version and every clone would get it; "
                "nothing was written. Write it outside the store (e.g. --out ~/{name})"
            ).format(out=out, name=Path(out).name),
            "out",
        )
