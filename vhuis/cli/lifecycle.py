"""The later life of a case: vhuis commitment postpone, vhuis evaluation set."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import CaseArg, StoreOption, store_of
from vhuis.cli.entries import commitment_app
from vhuis.cli.helptext import examples
from vhuis.cli.params import Day
from vhuis.i18n import _


@commitment_app.command(
    "postpone",
    epilog=examples(
        "vhuis commitment postpone 2026-007 C1 --due 2026-12-31 --reason 'Wacht op de offerte van de leverancier'",
        "vhuis commitment postpone 2026-007 C2 --due 15/01/2027 --reason 'Na de feestdagen'",
    ),
)
def commitment_postpone(
    ctx: typer.Context,
    case_id: CaseArg,
    commitment_id: Annotated[str, typer.Argument(metavar="COMMITMENT", help="C1, C2, ...")],
    due: Annotated[date, typer.Option("--due", parser=Day(), help="The new due date, later than the current one.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is postponed (kept in the case file).")],
    store: StoreOption = None,
) -> None:
    """Give an open commitment a later due date; every postponement is kept, with its reason."""
    from vhuis.domain.lifecycle import postpone_commitment

    postponement = postpone_commitment(store_of(ctx, store), case_id, commitment_id, due, reason)
    output.done(
        _("{case}: commitment {commitment} postponed from {old} to {new}").format(
            case=case_id, commitment=commitment_id, old=postponement.from_, new=postponement.to
        )
    )
