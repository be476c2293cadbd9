"""What every command shares: the --store option and finding the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from vhuis.storage.store import Store

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="The store's folder (else $VHUIS_STORE, else the nearest folder upward with vhuis.yaml).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout, nothing else there.")]


@dataclass
class State:
    store: Path | None = None
    debug: bool = False


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def store_of(ctx: typer.Context, explicit: Path | None = None) -> Store:
    """The store the command works on; the first command in a fresh clone also teaches git the merge driver."""
    from vhuis.collab.gitsetup import ensure_driver
    from vhuis.storage.store import Store

    found = Store.find(explicit or state(ctx).store)
    ensure_driver(found.repo, found.root)
    return found
