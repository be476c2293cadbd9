"""vhuis owes: who owes what, as a table, JSON or an iCalendar file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import JsonOption, OnOption, StoreOption, store_of
from vhuis.cli.params import PartnerId
from vhuis.errors import InvalidInput
from vhuis.i18n import NP_, _, ngettext, pgettext

if TYPE_CHECKING:
    from datetime import date

    from vhuis.domain.owes import Owed
    from vhuis.storage.store import Store

OWES_COLUMNS = [
    NP_("table column", "partner"),
    NP_("table column", "case"),
    NP_("table column", "id"),
    NP_("table column", "action"),
    NP_("table column", "due"),
    NP_("table column", "overdue"),
]


def owes(
    ctx: typer.Context,
    partner: Annotated[
        str | None, typer.Argument(parser=PartnerId(), autocompletion=complete.partners, help="Only this partner.")
    ] = None,
    partner_option: Annotated[
        str | None,
        typer.Option(
            "--partner",
            metavar="PARTNER",
            parser=PartnerId(),
            autocompletion=complete.partners,
            help="Only this partner (the same as PARTNER).",
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only commitments past their due date.")] = False,
    on: OnOption = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", metavar="FILE", help="Write them as an iCalendar file instead ('-': to stdout)."),
    ] = None,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Who owes what: every open commitment, by partner, most overdue first."""
    from vhuis.clock import today
    from vhuis.domain.inputs import known_partner
    from vhuis.domain.owes import owed

    found, day = store_of(ctx, store), on or today()
    if partner is not None and partner_option is not None and partner != partner_option:
        raise InvalidInput(
            _("PARTNER {partner} and --partner {option} disagree; give one of them").format(
                partner=repr(partner), option=repr(partner_option)
            )
        )
    if partner_option is not None:
        partner = known_partner(found, partner_option, "partner_option")
    elif partner is not None:
        known_partner(found, partner, "partner")
    if ics is not None:
        _owes_calendar(found, day, partner, overdue, ics, json)
        return
    digests, problems = found.digests()
    output.skipped(problems)
    items = owed(digests, day, partner, overdue, found.escalation)
    if json:
        output.emit_json([item.as_json() for item in items])
    elif not items:
        nobody = _("nobody owes anything overdue on {day}") if overdue else _("nobody owes anything on {day}")
        output.say(nobody.format(day=day))
    else:
        show(found, day, items)


def show(found: Store, day: date, items: list[Owed]) -> None:
    """The open commitments as a table, one block per partner."""
    from vhuis.domain.owes import by_partner

    names = found.partners
    rows = []
    for partner_id, group in by_partner(items).items():
        label = f"{names[partner_id].name} ({partner_id})" if partner_id in names else partner_id
        for index, item in enumerate(group):
            rows.append([label if index == 0 else "", item.case, item.commitment, item.action, item.due, remark(item)])
    columns = [pgettext(*column) for column in OWES_COLUMNS]
    output.table(columns, rows, title=_("Open commitments on {day}").format(day=day))


def remark(item: Owed) -> str:
    """How late, how often postponed, and the mark of an escalated commitment: '40 days overdue, ! escalated'."""
    days, times = item.days_overdue, item.postponed
    parts = [ngettext("{n} day overdue", "{n} days overdue", days).format(n=days)] if days else []
    if times:
        parts.append(ngettext("postponed once", "postponed {n} times", times).format(n=times))
    if item.escalated:
        parts.append(_("! escalated"))
    return ", ".join(parts)


def _owes_calendar(found: Store, day: date, partner: str | None, overdue: bool, ics: Path, json: bool) -> None:
    from vhuis.documents.ics import owed_calendar, write_calendar

    if json:
        raise InvalidInput(_("--ics and --json both want to be the output; give one of them"))
    made = owed_calendar(found, day, partner, overdue)
    output.skipped(made.problems)
    if str(ics) == "-":
        output.emit_document(made.ics)  # bytes as they are: iCalendar lines end in CRLF
        return
    write_calendar(ics, made.ics)
    written = ngettext("{n} open commitment written to {file}", "{n} open commitments written to {file}", made.events)
    output.done(written.format(n=made.events, file=ics))
