"""vhuis schema: the JSON Schemas of the store's files, for editors that check YAML while it is typed."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import StoreOption, state, store_of
from vhuis.i18n import _, activate, ngettext


def schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write one KIND.schema.json per kind into DIR (no store needed, nothing committed); - prints them.",
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Bring the store's schema files for editors up to date (.vhuis/schema, .vscode), as one commit.

    Examples:

        vhuis schema                 # in a store: the schemas and VS Code's settings, committed

        vhuis schema --out schemas   # case.schema.json, meeting.schema.json, ... into schemas/
    """
    from vhuis.storage import schema as schemas

    if out is not None:
        _speak_as_the_store(ctx, store)
    if out is not None and str(out) == "-":
        output.emit_json(schemas.every_schema())
        return
    if out is not None:
        written = schemas.write_schemas(out)
        output.done(
            ngettext("{n} schema written to {out}", "{n} schemas written to {out}", len(written)).format(
                n=len(written), out=out
            )
        )
        return
    found = store_of(ctx, store)
    refreshed = schemas.refresh(found)
    for name in refreshed.untouched:
        output.warn(
            _(
                "{file} is left as it is: it is not plain JSON (comments?). Add what editors need to it by hand: "
                "docs/format.md, 'Schemas for editors', shows it"
            ).format(file=name)
        )
    if refreshed.changed:
        files = ", ".join(refreshed.changed)
        output.done(_("editor schemas brought up to date (one commit): {files}").format(files=files))
    else:
        output.say(_("the editor schemas are up to date"))


def _speak_as_the_store(ctx: typer.Context, explicit: Path | None) -> None:
    """``--out`` needs no store; run in one, it still speaks the store's language."""
    from vhuis.errors import StoreError
    from vhuis.storage.store import Store

    with contextlib.suppress(StoreError):
        activate(Store.find(explicit or state(ctx).store).language)
