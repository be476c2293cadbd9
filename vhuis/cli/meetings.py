"""vhuis meeting (new, plan, attend, note, approve, edit, list, show) and vhuis minutes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import JsonOption, StoreOption, group, store_of
from vhuis.cli.helptext import examples
from vhuis.cli.params import Day, Form, PartnerId
from vhuis.errors import InvalidData, InvalidInput, PersonalData, VhuisError
from vhuis.i18n import NP_, _, pgettext
from vhuis.vocab import CommitmentStatus, MeetingStatus, term

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


def _partners(option: str, text: str) -> Any:
    """A repeatable or single partner option that completes partner ids."""
    return typer.Option(option, metavar="PARTNER", autocompletion=complete.partners, help=text)


PRESENT = "A partner that was present (repeatable)."
EXCUSED = "A partner that sent apologies (repeatable)."
ABSENT = "A partner that was absent without notice (repeatable)."


@meeting_app.command(
    "new",
    epilog=examples(
        "vhuis meeting new 2026-11-26 --present politie --present economie --excused jeugddienst --case 2026-007",
    ),
)
def meeting_new(
    ctx: typer.Context,
    day: DateArg,
    present: Annotated[list[str], _partners("--present", PRESENT)],
    excused: Annotated[list[str] | None, _partners("--excused", EXCUSED)] = None,
    absent: Annotated[list[str] | None, _partners("--absent", ABSENT)] = None,
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
    lines += cycle_lines(document, who)
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
    if document["discussion"]:
        lines += ["", output.bold(_("Discussion"))]
        lines += [f"  {case}  {text}" for case, text in document["discussion"].items()]
    for key, heading in (("announcements", _("Announcements")), ("other_business", _("Other business"))):
        if document[key]:
            lines += ["", output.bold(heading)]
            lines += [f"  - {text}" for text in document[key]]
    if document["notes"]:
        lines += ["", _("notes: {notes}").format(notes=document["notes"])]
    if document["next"]:
        upcoming = document["next"]
        when = " ".join(v for v in (upcoming["date"], upcoming["time"]) if v)
        lines += ["", _("next meeting: {when}").format(when=", ".join(v for v in (when, upcoming["place"]) if v))]
    if document["approved"]:
        lines.append(_("minutes approved at the meeting of {day}").format(day=document["approved"]))
    written = document["minutes"] or _("not written yet ('vhuis minutes {day}' writes them)").format(
        day=document["date"]
    )
    lines += ["", _("minutes: {minutes}").format(minutes=written)]
    output.text(lines)


@meeting_app.command(
    "plan",
    epilog=examples(
        "vhuis meeting plan 2026-12-10 --time 14:00 --place 'Stadhuis, zaal 2' --chair preventiedienst "
        "--secretary preventiedienst --case 2026-007",
        "vhuis meeting plan 2026-12-10 --next",
    ),
)
def meeting_plan(
    ctx: typer.Context,
    day: DateArg,
    time: Annotated[str | None, typer.Option("--time", metavar="HH:MM", help="The hour it starts.")] = None,
    place: Annotated[str | None, typer.Option("--place", metavar="TEXT", help="Where it is held.")] = None,
    chair: Annotated[str | None, _partners("--chair", "The partner that chairs it.")] = None,
    secretary: Annotated[str | None, _partners("--secretary", "The partner that takes the minutes.")] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Default 'Overleg <office name>'.", show_default=False)
    ] = None,
    cases: Annotated[
        list[str] | None,
        typer.Option(
            "--case", metavar="CASE", autocompletion=complete.cases, help="A case on the agenda (repeatable)."
        ),
    ] = None,
    invite: Annotated[
        list[str] | None,
        _partners(
            "--invite",
            "A partner to invite (repeatable). Default: the lead and partners of the agenda's cases, "
            "and vhuis.yaml's standing members (with a charter: those among its participants).",
        ),
    ] = None,
    next_of_last: Annotated[
        bool,
        typer.Option("--next", help="Also name it as the next meeting of the latest held meeting before it."),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Plan a meeting: day, hour, place, chair, secretary, agenda and who is invited; prints its date."""
    from vhuis.domain.meetings import plan_meeting

    planned = plan_meeting(
        store_of(ctx, store), day, time, place, chair, secretary, title, cases or [], invite or [], next_of_last
    )
    meeting = planned.meeting
    output.result(meeting.date.isoformat())
    output.done(
        _("meeting {day} planned: {invited} invited, {agenda} on the agenda").format(
            day=meeting.date, invited=len(meeting.invited), agenda=len(meeting.cases)
        )
    )
    if planned.previous is not None:
        output.say(_("the meeting of {previous} names it as the next meeting").format(previous=planned.previous.date))
    if planned.left_out:
        output.warn(
            _("not invited, outside vhuis.yaml's charter: {partners}").format(partners=", ".join(planned.left_out))
        )


@meeting_app.command(
    "attend",
    epilog=examples("vhuis meeting attend 2026-12-10 --present politie --present preventiedienst --excused nmbs"),
)
def meeting_attend(
    ctx: typer.Context,
    day: MeetingArg,
    present: Annotated[list[str] | None, _partners("--present", PRESENT)] = None,
    excused: Annotated[list[str] | None, _partners("--excused", EXCUSED)] = None,
    absent: Annotated[list[str] | None, _partners("--absent", ABSENT)] = None,
    store: StoreOption = None,
) -> None:
    """Record who was present, excused or absent; a planned meeting becomes held."""
    from vhuis.domain.meetings import attend

    meeting = attend(store_of(ctx, store), day, present or [], excused or [], absent or [])
    output.done(
        _("meeting {day}: {present} present, {excused} excused, {absent} absent").format(
            day=meeting.date, present=len(meeting.present), excused=len(meeting.excused), absent=len(meeting.absent)
        )
    )


@meeting_app.command(
    "note",
    epilog=examples(
        "vhuis meeting note 2026-12-10 --case 2026-007 'De hal wordt om 22 uur gesloten.'",
        "vhuis meeting note 2026-12-10 --announcement 'Nieuwe wijkagent in Winterslag.'",
    ),
)
def meeting_note(
    ctx: typer.Context,
    day: MeetingArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What was said.")],
    case: Annotated[
        str | None,
        typer.Option(
            "--case", metavar="CASE", autocompletion=complete.cases, help="The discussion of a case on the agenda."
        ),
    ] = None,
    announcement: Annotated[bool, typer.Option("--announcement", help="An announcement (mededeling).")] = False,
    other_business: Annotated[
        bool, typer.Option("--other-business", help="A question of the round (rondvraag).")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Add the discussion of an agenda item, an announcement or a question of the round of questions."""
    from vhuis.domain.meetings import NoteKind, add_note

    found = store_of(ctx, store)  # its language says the refusal below
    if [case is not None, announcement, other_business].count(True) != 1:
        raise InvalidInput(_("say where the note goes: one of --case CASE, --announcement, --other-business"))
    kind = (
        NoteKind.discussion if case is not None else NoteKind.announcement if announcement else NoteKind.other_business
    )
    meeting = add_note(found, day, kind, text, case)
    output.done(_("meeting {day}: note added").format(day=meeting.date))


@meeting_app.command("approve", epilog=examples("vhuis meeting approve 2026-11-12 --at 2026-12-10"))
def meeting_approve(
    ctx: typer.Context,
    day: MeetingArg,
    at: Annotated[
        date,
        typer.Option(
            "--at",
            metavar="LATER",
            parser=Day(),
            autocompletion=complete.meetings,
            help="The meeting that approved them.",
        ),
    ],
    store: StoreOption = None,
) -> None:
    """Record that the minutes of a meeting were approved at a later meeting."""
    from vhuis.domain.meetings import approve

    meeting, changed = approve(store_of(ctx, store), day, at)
    if changed:
        output.done(_("the minutes of {day} were approved at the meeting of {at}").format(day=meeting.date, at=at))
    else:
        output.say(
            _("the minutes of {day} were approved at the meeting of {at} already").format(day=meeting.date, at=at)
        )


@meeting_app.command("edit", epilog=examples("vhuis meeting edit 2026-12-10"))
def meeting_edit(ctx: typer.Context, day: MeetingArg, store: StoreOption = None) -> None:
    """Edit a meeting in $EDITOR; it is validated before it is committed."""
    from vhuis.domain.meetings import meeting_draft, read_meeting_edit, save_meeting_edit

    found = store_of(ctx, store)
    draft, opened = meeting_draft(found, day)
    kept = _("your text is kept in {draft}").format(draft=draft)
    while True:
        failed = output.run_editor(draft)
        if failed is not None:
            raise InvalidInput(_("{failed}. Nothing was changed.").format(failed=failed) + f" {kept}")
        try:
            edited = read_meeting_edit(found, day, draft.read_bytes())
            break
        except (InvalidData, PersonalData) as error:
            output.fail(str(error))
            if not sys.stdin.isatty() or not typer.confirm(
                _("Edit again? (no keeps your text aside)"), default=True, err=True
            ):
                unchanged = _("the edit of the meeting of {day} was not saved; the meeting is unchanged.").format(
                    day=day
                )
                raise InvalidInput(f"{unchanged} {kept}") from None
    try:
        saved = save_meeting_edit(found, day, opened, edited)
    except VhuisError:
        output.warn(kept)
        raise
    if saved:
        output.done(_("meeting {day} saved (one commit)").format(day=day))
    else:
        output.say(_("meeting {day}: no changes").format(day=day))
    draft.unlink(missing_ok=True)


def cycle_lines(document: dict[str, Any], who: Callable[[list[str]], str]) -> list[output.Line]:
    """The lines of what a meeting plan says: planned or held, hour and place, chair, secretary, invited."""
    lines: list[output.Line] = []
    if document["status"] == MeetingStatus.planned.value:
        lines.append(_("planned: not held yet"))
    if document["time"] or document["place"]:
        lines.append(
            _("when and where: {where}").format(where=", ".join(v for v in (document["time"], document["place"]) if v))
        )
    for key, said in (("chair", _("chair: {partner}")), ("secretary", _("secretary: {partner}"))):
        if document[key]:
            lines.append(said.format(partner=who([document[key]])))
    if document["invited"]:
        lines.append(_("invited: {partners}").format(partners=who(document["invited"])))
    return lines


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
    reader: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="PARTNER",
            parser=PartnerId(),
            autocompletion=complete.partners,
            help=(
                "That partner's version: without the cases and entries it may not see; never committed, "
                "so give --out FILE (outside the store) or --out -."
            ),
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the minutes (verslag) of a meeting, in Markdown, from the meeting and its cases."""
    from vhuis.documents.minutes import (
        check_reader,
        export_minutes,
        publish_minutes,
        render_minutes,
        write_export,
        write_minutes,
    )

    found = store_of(ctx, store)
    if reader is not None:
        check_reader(found, reader, out)
    if form != "md":
        if out == "-":
            output.emit_document(export_minutes(found, day, form, template, charts, reader))
            return
        written = write_export(found, day, form, Path(out) if out is not None else None, template, charts, reader)
        output.done(_("minutes of {day} written to {file} (not committed)").format(day=day, file=written))
    elif out == "-":
        sys.stdout.write(render_minutes(found, day, template, charts, reader))
    elif out is not None:
        written = write_minutes(found, day, Path(out), template, charts, reader)
        output.done(_("minutes of {day} written to {file} (not committed)").format(day=day, file=written))
    else:
        published = publish_minutes(found, day, template, force, charts)
        if published.committed:
            output.done(
                _("minutes of {day} written to {file} and committed").format(day=day, file=found.rel(published.path))
            )
        else:
            output.say(_("{file} is up to date; nothing to commit").format(file=found.rel(published.path)))
