"""vhuis init: make a new store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import output
from vhuis.i18n import _, activate

if TYPE_CHECKING:
    from vhuis.collab.gitsetup import HookOutcome


def init(
    folder: Annotated[Path, typer.Argument(help="Where to make the store (default: here).")] = Path(),
    example: Annotated[bool, typer.Option("--example", help="Fill it with the fictional Genk example cases.")] = False,
    name: Annotated[str | None, typer.Option("--name", help="The office's name, e.g. 'Veiligheidshuis Genk'.")] = None,
    city: Annotated[str | None, typer.Option("--city", help="The city, e.g. Genk.")] = None,
) -> None:
    """Make a new store (a git repository with vhuis.yaml and partners.yaml)."""
    from vhuis.collab.setup import init_store

    made = init_store(folder, example=example, name=name, city=city)
    activate(made.store.language)
    say_hook(made.hook)
    output.done(_("store made in {folder} (one commit)").format(folder=made.store.root))


def say_hook(hook: HookOutcome) -> None:
    """What became of the pre-commit hook: installed, or someone else's left in place."""
    if hook.installed:
        output.say(_("git pre-commit hook installed: store files committed by hand are checked first"))
    else:
        output.warn(
            _(
                "no vhuis pre-commit hook installed: {reason}. To have hand edits checked before they are "
                "committed, add this line to that hook: {line}"
            ).format(reason=hook.reason, line=hook.line)
        )
