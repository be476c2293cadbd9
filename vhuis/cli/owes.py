"""vhuis owes: who owes what, as a table, JSON or an iCalendar file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import JsonOption, OnOption, StoreOption, store_of
from vhuis.cli.params import PartnerId
from vhuis.errors import InvalidInput

if TYPE_CHECKING:
    from datetime import date

    from vhuis.domain.owes import Owed
    from vhuis.storage.store import Store


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
        raise InvalidInput(f"PARTNER {partner!r} and --partner {partner_option!r} disagree; give one of them")
    if partner_option is not None:
        partner = known_partner(found, partner_option, "partner_option")
    elif partner is not None:
        known_partner(found, partner, "partner")
    if ics is not None:
        _owes_calendar(found, day, partner, overdue, ics, json)
        return
    digests, problems = found.digests()
    for problem in problems:
        output.warn(f"skipped: {problem}")
    items = owed(digests, day, partner, overdue)
    if json:
        output.emit_json([item.as_json() for item in items])
    elif not items:
        output.say(f"nobody owes anything{' overdue' if overdue else ''} on {day}")
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
            days = item.days_overdue
            late = f"{days} day{'s' if days != 1 else ''} overdue" if days else ""
            rows.append([label if index == 0 else "", item.case, item.commitment, item.action, item.due, late])
    output.table(["partner", "case", "id", "action", "due", "overdue"], rows, title=f"Open commitments on {day}")


def _owes_calendar(found: Store, day: date, partner: str | None, overdue: bool, ics: Path, json: bool) -> None:
    from vhuis.documents.ics import owed_calendar, write_calendar

    if json:
        raise InvalidInput("--ics and --json both want to be the output; give one of them")
    made = owed_calendar(found, day, partner, overdue)
    for problem in made.problems:
        output.warn(f"skipped: {problem}")
    if str(ics) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(made.ics)  # bytes as they are: iCalendar lines end in CRLF
        sys.stdout.buffer.flush()
        return
    write_calendar(ics, made.ics)
    output.done(f"{made.events} open commitment{'s' if made.events != 1 else ''} written to {ics}")
