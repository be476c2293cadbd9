"""History from git, sync with the shared remote, a colleague's clone, and the merge driver git calls."""

from __future__ import annotations

import shlex
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import JsonOption, StoreOption, store_of
from vhuis.cli.params import Day
from vhuis.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from vhuis.collab.clashes import Clash
    from vhuis.collab.merge import Take


def history(
    ctx: typer.Context,
    case_id: Annotated[
        str | None, typer.Argument(metavar="CASE", autocompletion=complete.cases, help="Only this case, e.g. 2026-007.")
    ] = None,
    since: Annotated[
        date | None, typer.Option("--since", parser=Day(), help="Only commits made on or after this day.")
    ] = None,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """The change history from git, newest first, told in the case's own terms."""
    from contextlib import closing

    from vhuis.collab.history import history as walk

    found = store_of(ctx, store)
    with closing(walk(found, case_id, since)) as entries:
        if json:
            output.emit_json([entry.as_json() for entry in entries])
            return
        last = ""
        for entry in entries:  # printed as worked out: the first lines show at once, `| head` ends early
            if entry.commit != last:
                author = entry.author.split(" <", 1)[0]
                output.result(f"{entry.commit[:8]}  {entry.date[:16].replace('T', ' ')}  {author}  {entry.message}")
                last = entry.commit
            what = f"{entry.case}: " if entry.case and case_id is None else ""
            for change in entry.changes:
                output.result(f"    {what}{change}")
    if not last:
        output.say(
            "no history yet" + (f" for case {case_id}" if case_id else "") + (f" since {since}" if since else "")
        )


def sync(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="Send store files that do not pass 'vhuis check' anyway (knowingly).")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Fetch from the shared remote, merge by meaning, and push: safe to run at any time."""
    from vhuis.collab.sync import sync as run_sync

    report = run_sync(store_of(ctx, store), force=force)
    for problem in report.sent_invalid:
        output.warn(f"sent anyway (--force): {problem}")
    if report.pointed_remote_head:
        output.say(f"the shared repository's default branch is now {report.branch} (a plain 'git clone' checks it out)")
    for old, new in report.renumbered_cases:
        output.warn(f"case {old} is now {new}: the id {old} was taken on the remote by another case")
    for move in report.renumbered_entries:
        output.warn(move)
    for line in report.settled:
        output.say(line)
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
    from vhuis.cli.driver import merge_file

    status = merge_file(base, ours, theirs, name)
    if status:
        raise typer.Exit(status)


def clone(
    url: Annotated[str, typer.Argument(help="The shared repository: a folder, or an ssh://, https:// or git:// URL.")],
    folder: Annotated[
        Path | None, typer.Argument(help="The new folder (default: named after the repository).", show_default=False)
    ] = None,
) -> None:
    """Clone the office's shared store, ready to work in: merge driver, pre-commit hook, checked."""
    from vhuis.cli.init import say_hook
    from vhuis.collab.remote import clone_store

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


_MARK = "# ------- write the value to keep under this line -------"


def resolve(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="TARGET",
            autocompletion=complete.clashes,
            help="Whose clash: a case id (2026-003), a meeting's date (2026-11-25), partners, or a file.",
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Argument(
            metavar="FIELD",
            help="One field of it, as the clash names it (status, analysis.problem, C2.due, attendance.nmbs, "
            "politie.email); without it, every clash of that file.",
        ),
    ] = None,
    ours: Annotated[bool, typer.Option("--ours", help="Keep your value.")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="Take the other side's value.")] = False,
    edit: Annotated[bool, typer.Option("--edit", help="Write the value yourself, in $EDITOR.")] = False,
    store: StoreOption = None,
) -> None:
    """Settle a clash that 'vhuis sync' (or git pull) met; alone, list the clashes with their commands."""
    from vhuis.collab.resolve import resolve as settle
    from vhuis.collab.resolve import waiting

    found = store_of(ctx, store)
    ways: list[tuple[Take, bool]] = [("ours", ours), ("theirs", theirs), ("value", edit)]
    chosen = [how for how, given in ways if given]
    if target is None:
        if chosen:
            raise InvalidInput("name whose clash to settle: a case id, a meeting's date, 'partners' or a file")
        now = waiting(found)
        _list_waiting(now.left, f"of the merge git started ({now.by_git})" if now.by_git else f"with {now.remote}")
        return
    if len(chosen) != 1:
        raise InvalidInput("choose one: --ours (keep yours), --theirs (take theirs) or --edit (write the value)")
    done = settle(found, target, field, chosen[0], _write_in_editor)
    how = {"ours": "kept yours", "theirs": "took theirs", "value": "wrote your own value"}[chosen[0]]
    for clash in done.settled:
        output.done(f"settled {clash.shown}, {clash.name or 'the whole file'}: {how}")
    for old, new in done.renumbered_cases:
        output.warn(f"case {old} is now {new}: the id {old} was taken on the remote by another case")
    for move in done.renumbered_entries:
        output.warn(move)
    if done.left:
        output.warn(f"{_places(done.left)} still to settle, each with one of its commands:")
        output.say(output.wrap("\n" + "\n\n".join("\n".join(c.lines()) for c in done.left) + "\n"))
        output.say("The last one merges; then run 'vhuis sync' to send the result.")
    elif done.by_git == "rebase":
        output.done("no clash left: the rebase went on to its end; run 'vhuis sync' to send your work")
    elif done.by_git == "merge":
        output.done("no clash left: the merge is committed; run 'vhuis sync' to send it")
    else:
        commits = f"{done.received} commit{'s' if done.received != 1 else ''}"
        output.done(f"no clash left: merged {commits} from {done.remote} in one commit; run 'vhuis sync' to send it")


def _places(left: list[Clash]) -> str:
    return f"{len(left)} clash{'es' if len(left) != 1 else ''}"


def _list_waiting(left: list[Clash], whose: str) -> None:
    from vhuis.collab.clashes import refusal

    if not left:
        output.done(f"nothing to settle: no clash {whose} is waiting")
        return
    raise refusal(
        left,
        f"{_places(left)} {whose} waiting to be settled:",
        "Run one command of each clash: --ours keeps yours, --theirs takes theirs, --edit lets you write the "
        "value. The last one merges; then run 'vhuis sync' to send the result.",
    )


def _write_in_editor(clash: Clash) -> str:
    """The value a person writes for a clash, in $EDITOR, with both sides' values shown above it."""
    shown = [line for line in clash.lines() if not line.lstrip().startswith(("keep yours", "take ", "write it"))]
    start = "" if clash.conflict.ours is None else str(clash.conflict.ours)
    draft_text = "\n".join(
        [
            f"# Settle the clash in {shown[0].removesuffix(':')}",
            "# Write the value to keep under the dashed line (the lines above it are left out);",
            "# it starts as yours. Save and close the editor when done.",
            "#",
            *(f"# {line}" for line in shown[1:]),
            _MARK,
            start,
        ]
    )
    with tempfile.TemporaryDirectory(prefix="vhuis-resolve-") as folder:
        draft = Path(folder) / "value.txt"
        draft.write_text(draft_text + "\n", encoding="utf-8")
        failed = output.run_editor(draft)
        if failed is not None:
            raise InvalidInput(f"{failed}; nothing was settled")
        try:
            written = draft.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("the value written is not UTF-8 text: save it as UTF-8; nothing was settled") from None
    if _MARK in written:
        return written.split(_MARK, 1)[1]
    return "\n".join(line for line in written.splitlines() if not line.startswith("#"))
