"""vhuis check: validate the store, every problem at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, StoreOption, store_of
from vhuis.errors import ExitCode

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
        in_order = f"the staged store files are in order ({len(names)})"
    else:
        problems, in_order = check_everything(found), "the store is in order"
    if not show(problems, in_order, json):
        raise typer.Exit(int(ExitCode.INVALID))


def show(problems: list[Problem], in_order: str, json: bool) -> bool:
    """Print the problems (or that all is in order); whether there were no errors."""
    from vhuis.domain.checks import errors

    failed = bool(errors(problems))
    if json:
        output.emit_json({"ok": not failed, "problems": [p.as_json() for p in problems]})
        return not failed
    for problem in problems:
        output.result(f"{problem}" if problem.severity == "error" else f"{problem} (warning)")
    count = len(errors(problems))
    output.say(f"{count} errors, {len(problems) - count} warnings" if problems else in_order)
    return not failed
