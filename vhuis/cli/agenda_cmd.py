"""vhuis agenda: the proposed agenda of a meeting, each case with its reasons; --apply writes it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, StoreOption, store_of
from vhuis.cli.params import Day
from vhuis.i18n import NP_, _, ngettext, pgettext

AGENDA_COLUMNS = [
    NP_("table column", "case"),
    NP_("table column", "title"),
    NP_("table column", "reasons"),
]

# How each reason reads (docs/agenda.md); the keys are the codes of ``--json`` (vhuis.domain.agenda.Reason).
REASON_WORDS = {
    "escalated": NP_("agenda reason", "escalated"),
    "overdue": NP_("agenda reason", "overdue"),
    "due-before-meeting": NP_("agenda reason", "due before the meeting"),
    "awaiting-analysis": NP_("agenda reason", "awaiting analysis"),
    "evaluation-due": NP_("agenda reason", "evaluation due"),
    "new-signals": NP_("agenda reason", "new signals"),
}


def agenda(
    ctx: typer.Context,
    day: Annotated[date, typer.Argument(metavar="DATE", parser=Day(), help="The meeting's day.")],
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the proposed cases into the meeting's agenda (one commit).")
    ] = False,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Propose the agenda of the meeting on DATE: every open case with a reason to discuss it."""
    from vhuis.domain.agenda import apply_agenda, propose

    found = store_of(ctx, store)
    digests, problems = found.digests()
    output.skipped(problems)
    previous = found.meeting_before(day)
    items = propose(digests, day, previous, found.escalation)
    if apply:
        applied = apply_agenda(found, day, [item.case for item in items])
    if json:
        output.emit_json([item.as_json() for item in items])
    elif not items:
        output.say(_("no case to propose for the meeting of {day}").format(day=day))
    else:
        since = _("since the meeting of {day}").format(day=previous) if previous else _("no earlier meeting")
        output.table(
            [pgettext(*column) for column in AGENDA_COLUMNS],
            [[i.case, i.title, ", ".join(pgettext(*REASON_WORDS[r.value]) for r in i.reasons)] for i in items],
            title=_("Proposed agenda for {day} ({since})").format(day=day, since=since),
        )
        if not apply:
            output.say(_("'vhuis agenda {day} --apply' writes these cases into the meeting's agenda").format(day=day))
    if apply:
        if applied.added:
            added = ngettext(
                "{n} case added to the agenda of {day}: {cases}",
                "{n} cases added to the agenda of {day}: {cases}",
                len(applied.added),
            )
            output.done(added.format(n=len(applied.added), day=day, cases=", ".join(applied.added)))
        else:
            output.say(_("every proposed case is on the agenda of {day} already; nothing to commit").format(day=day))
