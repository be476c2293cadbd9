"""What every command shares: the --store option, finding the store, the group that remembers its command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vhuis.cli import complete
from vhuis.cli.helptext import Commands, HelpGroup
from vhuis.cli.params import CaseId, Day
from vhuis.i18n import activate

if TYPE_CHECKING:
    from typer._click import Command, Context

    from vhuis.storage.store import Store

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="The store's folder (else $VHUIS_STORE, else the nearest folder upward with vhuis.yaml).",
        show_default=False,
        is_eager=True,  # read before the other options, so that a refused value is told in the store's language
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout, nothing else there.")]
CaseArg = Annotated[
    str,
    typer.Argument(metavar="CASE", parser=CaseId(), autocompletion=complete.cases, help="The case id, e.g. 2026-007."),
]
DayOption = Annotated[
    date | None,
    typer.Option("--date", parser=Day(), help="The day: 2026-03-15, 15/03/2026, vandaag... (default today)."),
]
OnOption = Annotated[
    date | None,
    typer.Option("--on", parser=Day(), help="As of this day (2026-03-15, 15/03/2026, gisteren...) instead of today."),
]


@dataclass
class State:
    store: Path | None = None
    debug: bool = False
    command: Command | None = None  # the command being run, to name its parameters in messages


class CommandGroup(HelpGroup):
    """A group that remembers which command it runs, so that an error can name that command's parameters."""

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        state(ctx).command = command
        return name, command, rest


def group(help: str) -> typer.Typer:
    """A command group (``vhuis case ...``); its examples are given where it is added (vhuis/cli/app.py)."""
    return Commands(cls=CommandGroup, help=help, no_args_is_help=True)


def state(ctx: Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def store_of(ctx: typer.Context, explicit: Path | None = None) -> Store:
    """The store the command works on; the first command in a fresh clone also teaches git the merge driver."""
    from vhuis.collab.gitsetup import ensure_driver
    from vhuis.storage.store import Store

    found = Store.find(explicit or state(ctx).store)
    activate(found.language)
    ensure_driver(found.repo, found.root)
    return found
