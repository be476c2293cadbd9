"""vhuis check: validate the store, every problem at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, StoreOption, store_of
from vhuis.errors import ExitCode
from vhuis.i18n import _

if TYPE_CHECKING:
    from vhuis.errors import Problem


def check(
    ctx: typer.Context,
    staged: Annotated[
        bool,
        typer.Option("--staged", help="Only the store files staged for the next commit, as staged (the git hook)."),
    ] = False,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Validate every file of the store and report every problem at once."""
    from vhuis.documents.checkup import check_everything

    found = store_of(ctx, store)
    if staged:
        from vhuis.collab.snapshot import staged_problems

        names, problems = staged_problems(found)
        in_order = _("the staged store files are in order ({n})").format(n=len(names))
    else:
        problems, in_order = check_everything(found), _("the store is in order")
    if not show(problems, in_order, json):
        raise typer.Exit(int(ExitCode.INVALID))


def show(problems: list[Problem], in_order: str, json: bool) -> bool:
    """Print the problems (or that all is in order); whether there were no errors."""
    from vhuis.domain.checks import errors
    from vhuis.errors import tally

    failed = bool(errors(problems))
    if json:
        output.emit_json({"ok": not failed, "problems": [p.as_json() for p in problems]})
        return not failed
    for problem in problems:
        output.result(problem.shown())
    output.say(tally(problems) if problems else in_order)
    return not failed
