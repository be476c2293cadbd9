"""vhuis meeting (new, list, show) and vhuis minutes."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import JsonOption, StoreOption, group, store_of
from vhuis.cli.helptext import examples
from vhuis.cli.params import Day

meeting_app = group("Meetings (overleg): who came and which cases were on the agenda.")

DateArg = Annotated[date, typer.Argument(metavar="DATE", parser=Day(), help="The meeting's day, YYYY-MM-DD.")]
MeetingArg = Annotated[  # a meeting that is recorded: its date completes
    date,
    typer.Argument(
        metavar="DATE", parser=Day(), autocompletion=complete.meetings, help="The meeting's day, YYYY-MM-DD."
    ),
]


@meeting_app.command(
    "new",
    epilog=examples(
        "vhuis meeting new 2026-11-26 --present politie --present economie --excused jeugddienst --case 2026-007",
    ),
)
def meeting_new(
    ctx: typer.Context,
    day: DateArg,
    present: Annotated[
        list[str],
        typer.Option(
            "--present",
            metavar="PARTNER",
            autocompletion=complete.partners,
            help="A partner that was present (repeatable).",
        ),
    ],
    excused: Annotated[
        list[str] | None,
        typer.Option(
            "--excused",
            metavar="PARTNER",
            autocompletion=complete.partners,
            help="A partner that sent apologies (repeatable).",
        ),
    ] = None,
    absent: Annotated[
        list[str] | None,
        typer.Option(
            "--absent",
            metavar="PARTNER",
            autocompletion=complete.partners,
            help="A partner that was absent without notice (repeatable).",
        ),
    ] = None,
    cases: Annotated[
        list[str] | None,
        typer.Option(
            "--case", metavar="CASE", autocompletion=complete.cases, help="A case on the agenda (repeatable)."
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Default 'Overleg <office name>'.", show_default=False)
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Other business, for the end of the minutes.")] = None,
    store: StoreOption = None,
) -> None:
    """Record a meeting: attendance and agenda; prints its date."""
    from vhuis.domain.meetings import new_meeting

    meeting = new_meeting(store_of(ctx, store), day, present, excused or [], absent or [], cases or [], title, notes)
    output.result(meeting.date.isoformat())
    output.done(
        f"meeting {meeting.date} added: {len(meeting.present)} present, {len(meeting.cases)} on the agenda; "
        f"'vhuis minutes {meeting.date}' writes the minutes"
    )


@meeting_app.command("list", epilog=examples("vhuis meeting list", "vhuis meeting list --json"))
def meeting_list(ctx: typer.Context, json: JsonOption = False, store: StoreOption = None) -> None:
    """List the meetings, oldest first, and whether their minutes were written."""
    from vhuis.domain.meetings import meeting_rows

    rows, problems = meeting_rows(store_of(ctx, store))
    for problem in problems:
        output.warn(f"skipped: {problem}")
    if json:
        output.emit_json(rows)
        return
    output.table(
        ["date", "title", "present", "agenda", "minutes"],
        [[r["date"], r["title"], len(r["present"]), ", ".join(r["cases"]), r["minutes"] or "-"] for r in rows],
    )


@meeting_app.command("show", epilog=examples("vhuis meeting show 2026-11-12"))
def meeting_show(ctx: typer.Context, day: MeetingArg, json: JsonOption = False, store: StoreOption = None) -> None:
    """Show one meeting, with the decisions and commitments of its day."""
    from vhuis.domain.meetings import meeting_view

    found = store_of(ctx, store)
    view, problems = meeting_view(found, day)
    for problem in problems:
        output.warn(f"skipped: {problem}")
    document = view.as_json()
    if json:
        output.emit_json(document)
        return
    names = {p.id: p.name for p in found.partners.values()}

    def who(ids: list[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids) or "-"

    lines: list[output.Line] = [[output.bold(document["date"]), f"  {document['title']}"]]
    lines.append(f"previous meeting: {document['previous'] or '-'}")
    lines += [f"{role}: {who(document[role])}" for role in ("present", "excused", "absent")]
    lines.append(f"agenda: {', '.join(document['cases']) or '-'}")
    if document["decisions"]:
        lines += ["", output.bold("Decisions")]
        lines += [f"  {d['case']}  {d['text']}" for d in document["decisions"]]
    if document["commitments"]:
        lines += ["", output.bold("Commitments")]
        for c in document["commitments"]:
            action = f"{who([c['partner']])}: {c['action']}"
            lines.append(f"  {c['case']} {c['commitment']}  {action} (due {c['due']}; {c['status']})")
    if document["notes"]:
        lines += ["", f"notes: {document['notes']}"]
    written = document["minutes"] or f"not written yet ('vhuis minutes {document['date']}' writes them)"
    lines += ["", f"minutes: {written}"]
    output.text(lines)


def minutes(
    ctx: typer.Context,
    day: MeetingArg,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Write to this file instead (not committed); '-' prints them. Default: minutes/DATE.md, committed.",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="NAME",
            help="A template in templates/ (e.g. 'kort' for kort.md.j2).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the minutes (verslag) of a meeting, in Markdown, from the meeting and its cases."""
    from vhuis.documents.minutes import publish_minutes, render_minutes, write_minutes

    found = store_of(ctx, store)
    if out == "-":
        sys.stdout.write(render_minutes(found, day, template))
    elif out is not None:
        output.done(f"minutes of {day} written to {write_minutes(found, day, Path(out), template)} (not committed)")
    else:
        published = publish_minutes(found, day, template)
        if published.committed:
            output.done(f"minutes of {day} written to {found.rel(published.path)} and committed")
        else:
            output.say(f"{found.rel(published.path)} is up to date; nothing to commit")
