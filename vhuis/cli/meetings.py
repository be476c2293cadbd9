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
from vhuis.cli.params import Day, Form
from vhuis.i18n import NP_, _, pgettext
from vhuis.vocab import CommitmentStatus, term

meeting_app = group("Meetings (overleg): who came and which cases were on the agenda.")

MEETING_COLUMNS = [
    NP_("table column", "date"),
    NP_("table column", "title"),
    NP_("table column", "present"),
    NP_("table column", "agenda"),
    NP_("table column", "minutes"),
]

DateArg = Annotated[date, typer.Argument(metavar="DATE", parser=Day(), help="The meeting's day.")]
MeetingArg = Annotated[  # a meeting that is recorded: its date completes
    date,
    typer.Argument(metavar="DATE", parser=Day(), autocompletion=complete.meetings, help="The meeting's day."),
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
        _(
            "meeting {day} added: {present} present, {agenda} on the agenda; 'vhuis minutes {day}' writes the minutes"
        ).format(day=meeting.date, present=len(meeting.present), agenda=len(meeting.cases))
    )


@meeting_app.command("list", epilog=examples("vhuis meeting list", "vhuis meeting list --json"))
def meeting_list(ctx: typer.Context, json: JsonOption = False, store: StoreOption = None) -> None:
    """List the meetings, oldest first, and whether their minutes were written."""
    from vhuis.domain.meetings import meeting_rows

    rows, problems = meeting_rows(store_of(ctx, store))
    output.skipped(problems)
    if json:
        output.emit_json(rows)
        return
    output.table(
        [pgettext(*column) for column in MEETING_COLUMNS],
        [[r["date"], r["title"], len(r["present"]), ", ".join(r["cases"]), r["minutes"] or "-"] for r in rows],
    )


@meeting_app.command("show", epilog=examples("vhuis meeting show 2026-11-12"))
def meeting_show(ctx: typer.Context, day: MeetingArg, json: JsonOption = False, store: StoreOption = None) -> None:
    """Show one meeting, with the decisions and commitments of its day."""
    from vhuis.domain.meetings import meeting_view

    found = store_of(ctx, store)
    view, problems = meeting_view(found, day)
    output.skipped(problems)
    document = view.as_json()
    if json:
        output.emit_json(document)
        return
    names = {p.id: p.name for p in found.partners.values()}

    def who(ids: list[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids) or "-"

    lines: list[output.Line] = [[output.bold(document["date"]), f"  {document['title']}"]]
    lines.append(_("previous meeting: {day}").format(day=document["previous"] or "-"))
    lines.append(_("present: {partners}").format(partners=who(document["present"])))
    lines.append(_("excused: {partners}").format(partners=who(document["excused"])))
    lines.append(_("absent: {partners}").format(partners=who(document["absent"])))
    lines.append(_("agenda: {cases}").format(cases=", ".join(document["cases"]) or "-"))
    if document["decisions"]:
        lines += ["", output.bold(_("Decisions"))]
        lines += [f"  {d['case']}  {d['text']}" for d in document["decisions"]]
    if document["commitments"]:
        lines += ["", output.bold(_("Commitments"))]
        for c in document["commitments"]:
            action = f"{who([c['partner']])}: {c['action']}"
            due = _("due {due}; {state}").format(due=c["due"], state=term(CommitmentStatus(c["status"])))
            lines.append(f"  {c['case']} {c['commitment']}  {action} ({due})")
    if document["notes"]:
        lines += ["", _("notes: {notes}").format(notes=document["notes"])]
    written = document["minutes"] or _("not written yet ('vhuis minutes {day}' writes them)").format(
        day=document["date"]
    )
    lines += ["", _("minutes: {minutes}").format(minutes=written)]
    output.text(lines)


def minutes(
    ctx: typer.Context,
    day: MeetingArg,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help=(
                "Write to this file instead (not committed); '-' prints them. Default: minutes/DATE.md, committed; "
                "html and pdf: minutes/DATE.html or .pdf, not committed."
            ),
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
    form: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            parser=Form("md", "html", "pdf"),
            help="md (the record, committed), html (one file, for print and e-mail) or pdf.",
        ),
    ] = "md",
    force: Annotated[
        bool, typer.Option("--force", help="Rewrite committed minutes that would change (never approved ones).")
    ] = False,
    charts: Annotated[
        bool, typer.Option("--charts", help="Draw each case's signals per month (a Mermaid block in Markdown).")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Write the minutes (verslag) of a meeting, in Markdown, from the meeting and its cases."""
    from vhuis.documents.minutes import export_minutes, publish_minutes, render_minutes, write_export, write_minutes

    found = store_of(ctx, store)
    if form != "md":
        if out == "-":
            exported = export_minutes(found, day, form, template, charts)
            if isinstance(exported, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(exported)
            else:
                sys.stdout.write(exported)
            return
        written = write_export(found, day, form, Path(out) if out is not None else None, template, charts)
        output.done(_("minutes of {day} written to {file} (not committed)").format(day=day, file=written))
    elif out == "-":
        sys.stdout.write(render_minutes(found, day, template, charts))
    elif out is not None:
        written = write_minutes(found, day, Path(out), template, charts)
        output.done(_("minutes of {day} written to {file} (not committed)").format(day=day, file=written))
    else:
        published = publish_minutes(found, day, template, force, charts)
        if published.committed:
            output.done(
                _("minutes of {day} written to {file} and committed").format(day=day, file=found.rel(published.path))
            )
        else:
            output.say(_("{file} is up to date; nothing to commit").format(file=found.rel(published.path)))
