"""History from git, sync with the shared remote, and the merge driver git calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, StoreOption, store_of
from vhuis.errors import ExitCode


def history(
    ctx: typer.Context,
    case_id: Annotated[str | None, typer.Argument(metavar="[CASE]", help="Only this case, e.g. 2026-007.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only commits made on or after this day.")] = None,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The change history from git, newest first, told in the case's own terms."""
    from contextlib import closing

    from vhuis.history import history as walk
    from vhuis.inputs import parse_day

    found = store_of(ctx, store)
    day = parse_day(since, "--since") if since is not None else None
    with closing(walk(found, case_id, day)) as entries:
        if json:
            output.emit_json([entry.as_json() for entry in entries])
            return
        last = ""
        for entry in entries:  # printed as worked out: the first lines show at once, `| head` ends early
            if entry.commit != last:
                author = entry.author.split(" <", 1)[0]
                typer.echo(f"{entry.commit[:8]}  {entry.date[:16].replace('T', ' ')}  {author}  {entry.message}")
                last = entry.commit
            what = f"{entry.case}: " if entry.case and case_id is None else ""
            for change in entry.changes:
                typer.echo(f"    {what}{change}")
    if not last:
        output.say("no history yet" + (f" for case {case_id}" if case_id else "") + (f" since {day}" if day else ""))


def sync(ctx: typer.Context, store: StoreOption = None) -> None:
    """Fetch from the shared remote, merge by meaning, and push: safe to run at any time."""
    from vhuis.sync import sync as run_sync

    report = run_sync(store_of(ctx, store))
    for old, new in report.renumbered_cases:
        output.warn(f"case {old} is now {new}: the id {old} was taken on the remote by another case")
    for move in report.renumbered_entries:
        output.warn(move)
    target = f"{report.remote}/{report.branch}"
    if report.in_sync_already:
        output.done(f"already in sync with {target}")
        return
    parts = []
    if report.received:
        parts.append(f"{report.received} commit{'s' if report.received != 1 else ''} received")
    if report.sent:
        parts.append(f"{report.sent} commit{'s' if report.sent != 1 else ''} sent")
    rounds = f" (the remote moved meanwhile; {report.rounds} rounds)" if report.rounds > 1 else ""
    output.done(f"in sync with {target}: {', '.join(parts) or 'nothing to send'}{rounds}")


def merge_driver(
    base: Annotated[Path, typer.Argument(help="%O: the common ancestor's version.")],
    ours: Annotated[Path, typer.Argument(help="%A: our version; the result is written here.")],
    theirs: Annotated[Path, typer.Argument(help="%B: their version.")],
    name: Annotated[str, typer.Argument(help="%P: the file's path in the repository.")],
) -> None:
    """The git merge driver for case, meeting and partner files (git runs it; see docs/sync.md)."""
    from vhuis.sync import merge_driver as run_driver

    conflicts = run_driver(base, ours, theirs, name)
    if conflicts:
        for line in conflicts:
            output.fail(f"merge conflict: {line}")
        raise typer.Exit(int(ExitCode.CONFLICT))
