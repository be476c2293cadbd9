"""History from git, sync with the shared remote, a colleague's clone, and the merge driver git calls."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, StoreOption, store_of
from vhuis.errors import ExitCode, Problem


def history(
    ctx: typer.Context,
    case_id: Annotated[str | None, typer.Argument(metavar="[CASE]", help="Only this case, e.g. 2026-007.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only commits made on or after this day.")] = None,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The change history from git, newest first, told in the case's own terms."""
    from vhuis.history import history as walk
    from vhuis.inputs import parse_day

    found = store_of(ctx, store)
    day = parse_day(since, "--since") if since is not None else None
    if case_id is not None:
        found.case_path(case_id)
    entries = walk(found, case_id, day)
    if json:
        output.emit_json([entry.as_json() for entry in entries])
        return
    if not entries:
        output.say("no history yet" + (f" for case {case_id}" if case_id else "") + (f" since {day}" if day else ""))
        return
    for index, entry in enumerate(entries):
        same = index > 0 and entries[index - 1].commit == entry.commit
        if not same:
            author = entry.author.split(" <", 1)[0]
            output.result(f"{entry.commit[:8]}  {entry.date[:16].replace('T', ' ')}  {author}  {entry.message}")
        what = f"{entry.case}: " if entry.case and case_id is None else ""
        for change in entry.changes:
            output.result(f"    {what}{change}")


def sync(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="Send store files that do not pass 'vhuis check' anyway (knowingly).")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Fetch from the shared remote, merge by meaning, and push: safe to run at any time."""
    from vhuis.sync import sync as run_sync

    report = run_sync(store_of(ctx, store), force=force)
    for problem in report.sent_invalid:
        output.warn(f"sent anyway (--force): {problem}")
    if report.pointed_remote_head:
        output.say(f"the shared repository's default branch is now {report.branch} (a plain 'git clone' checks it out)")
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


def clone(
    url: Annotated[str, typer.Argument(help="The shared repository: a folder, or an ssh://, https:// or git:// URL.")],
    folder: Annotated[
        Path | None, typer.Argument(help="The new folder (default: named after the repository).", show_default=False)
    ] = None,
) -> None:
    """Clone the office's shared store, ready to work in: merge driver, pre-commit hook, checked."""
    from vhuis.cli.store_cmds import say_hook
    from vhuis.remote import clone_store

    cloned = clone_store(url, folder)
    say_hook(cloned.hook)
    for problem in cloned.problems:
        output.warn(f"{problem}" if problem.severity == "error" else f"{problem} (warning)")
    where = cloned.store.root
    output.done(f"store cloned into {where} (branch {cloned.branch}); vhuis check: {_check_summary(cloned.problems)}")
    steps = [f"cd {shlex.quote(str(where))}"]
    if cloned.identity is None:
        steps += ['git config user.name "Voornaam Naam"', 'git config user.email "naam@genk.be"']
    else:
        output.say(f"your changes will be signed {cloned.identity} (to change it here: git config user.name ...)")
    steps.append("vhuis sync    # at the start and the end of the day; 'git pull' merges by meaning too")
    output.say("next:\n" + "\n".join(f"  {step}" for step in steps))


def _check_summary(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    if not problems:
        return "the store is in order"
    return f"{errors} errors, {len(problems) - errors} warnings (see above)"
