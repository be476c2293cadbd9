"""The later life of a case: vhuis commitment postpone, vhuis evaluation set."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import CaseArg, DayOption, StoreOption, group, store_of
from vhuis.cli.entries import commitment_app
from vhuis.cli.helptext import examples
from vhuis.cli.params import Day, Goal, GoalVerdict
from vhuis.errors import InvalidInput
from vhuis.i18n import _
from vhuis.vocab import term

evaluation_app = group("The evaluation of a case: were the plan's goals reached?")


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


@evaluation_app.command(
    "set",
    epilog=examples(
        "vhuis evaluation set 2026-007 --goal 1=reached --goal 2=partly --effect 'Een derde minder meldingen'",
        "vhuis evaluation set 2026-007 --goal 1=gehaald --process 'Goede samenwerking met de winkeliers'",
    ),
)
def evaluation_set(
    ctx: typer.Context,
    case_id: CaseArg,
    goals: Annotated[
        list[GoalVerdict] | None,
        typer.Option(
            "--goal",
            metavar="GOAL",
            parser=Goal(),
            help="N=RESULT: a goal by its number in the plan, and reached, partly or not-reached (repeatable).",
        ),
    ] = None,
    effect: Annotated[str | None, typer.Option("--effect", help="What the approach brought about.")] = None,
    process: Annotated[str | None, typer.Option("--process", help="How the collaboration went.")] = None,
    day: DayOption = None,
    store: StoreOption = None,
) -> None:
    """Record the evaluation of a case: per goal whether it was reached, the effect and the process."""
    from vhuis.domain.lifecycle import set_evaluation

    found = store_of(ctx, store)  # its language words the refusal below
    given: dict[int, GoalVerdict] = {}
    for verdict in goals or []:
        if given.setdefault(verdict.number, verdict) != verdict:
            raise InvalidInput(
                _("goal {number} is given twice, as {first} and {second}; give it once").format(
                    number=verdict.number, first=term(given[verdict.number].result), second=term(verdict.result)
                ),
                "goals",
            )
    evaluation = set_evaluation(found, case_id, {n: v.result for n, v in given.items()}, effect, process, day)
    output.done(_("{case}: evaluation of {day} recorded").format(case=case_id, day=evaluation.date))
