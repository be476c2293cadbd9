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
from vhuis.errors import InvalidInput, tally
from vhuis.i18n import N_, _, activate, ngettext

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
        if case_id and since:
            nothing = _("no history yet for case {case} since {day}")
        elif case_id:
            nothing = _("no history yet for case {case}")
        elif since:
            nothing = _("no history yet since {day}")
        else:
            nothing = _("no history yet")
        output.say(nothing.format(case=case_id, day=since))


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
        output.warn(_("sent anyway (--force): {problem}").format(problem=problem))
    if report.pointed_remote_head:
        output.say(
            _("the shared repository's default branch is now {branch} (a plain 'git clone' checks it out)").format(
                branch=report.branch
            )
        )
    for old, new in report.renumbered_cases:
        output.warn(_renumbered(old, new))
    for move in report.renumbered_entries:
        output.warn(move)
    for line in report.settled:
        output.say(line)
    target = f"{report.remote}/{report.branch}"
    if report.in_sync_already:
        output.done(_("already in sync with {remote}").format(remote=target))
        return
    parts = []
    if report.received:
        parts.append(ngettext("{n} commit received", "{n} commits received", report.received).format(n=report.received))
    if report.sent:
        parts.append(ngettext("{n} commit sent", "{n} commits sent", report.sent).format(n=report.sent))
    done = _("in sync with {remote}: {what}").format(remote=target, what=", ".join(parts) or _("nothing to send"))
    if report.rounds > 1:
        done += " " + _("(the remote moved meanwhile; {n} rounds)").format(n=report.rounds)
    output.done(done)


def _renumbered(old: str, new: str) -> str:
    return _("case {old} is now {new}: the id {old} was taken on the remote by another case").format(old=old, new=new)


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
    activate(cloned.store.language)
    say_hook(cloned.hook)
    for problem in cloned.problems:
        output.warn(problem.shown())
    where = cloned.store.root
    checked = tally(cloned.problems) + " " + _("(see above)") if cloned.problems else _("the store is in order")
    output.done(
        _("store cloned into {folder} (branch {branch}); vhuis check: {checked}").format(
            folder=where, branch=cloned.branch, checked=checked
        )
    )
    steps = [f"cd {shlex.quote(str(where))}"]
    if cloned.identity is None:
        steps += ['git config user.name "Voornaam Naam"', 'git config user.email "naam@genk.be"']
    else:
        output.say(
            _("your changes will be signed {identity} (to change it here: git config user.name ...)").format(
                identity=cloned.identity
            )
        )
    steps.append("vhuis sync    # " + _("at the start and the end of the day; 'git pull' merges by meaning too"))
    output.say(_("next:") + "\n" + "\n".join(f"  {step}" for step in steps))


_MARK = N_("write the value to keep under this line")


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
            raise InvalidInput(_("name whose clash to settle: a case id, a meeting's date, 'partners' or a file"))
        now = waiting(found)
        whose = (
            _("of the merge git started ({how})").format(how=now.by_git)
            if now.by_git
            else _("with {remote}").format(remote=now.remote)
        )
        _list_waiting(now.left, whose)
        return
    if len(chosen) != 1:
        raise InvalidInput(_("choose one: --ours (keep yours), --theirs (take theirs) or --edit (write the value)"))
    done = settle(found, target, field, chosen[0], _write_in_editor)
    how = {"ours": _("kept yours"), "theirs": _("took theirs"), "value": _("wrote your own value")}[chosen[0]]
    for clash in done.settled:
        output.done(
            _("settled {clash}, {field}: {how}").format(
                clash=clash.shown, field=clash.name or _("the whole file"), how=how
            )
        )
    for old, new in done.renumbered_cases:
        output.warn(_renumbered(old, new))
    for move in done.renumbered_entries:
        output.warn(move)
    if done.left:
        output.warn(_("{clashes} still to settle, each with one of its commands:").format(clashes=_places(done.left)))
        output.say(output.wrap("\n" + "\n\n".join("\n".join(c.lines()) for c in done.left) + "\n"))
        output.say(_("The last one merges; then run 'vhuis sync' to send the result."))
    elif done.by_git == "rebase":
        output.done(_("no clash left: the rebase went on to its end; run 'vhuis sync' to send your work"))
    elif done.by_git == "merge":
        output.done(_("no clash left: the merge is committed; run 'vhuis sync' to send it"))
    else:
        output.done(
            ngettext(
                "no clash left: merged {n} commit from {remote} in one commit; run 'vhuis sync' to send it",
                "no clash left: merged {n} commits from {remote} in one commit; run 'vhuis sync' to send it",
                done.received,
            ).format(n=done.received, remote=done.remote)
        )


def _places(left: list[Clash]) -> str:
    return ngettext("{n} clash", "{n} clashes", len(left)).format(n=len(left))


def _list_waiting(left: list[Clash], whose: str) -> None:
    from vhuis.collab.clashes import refusal

    if not left:
        output.done(_("nothing to settle: no clash {whose} is waiting").format(whose=whose))
        return
    raise refusal(
        left,
        _("{clashes} {whose} waiting to be settled:").format(clashes=_places(left), whose=whose),
        _(
            "Run one command of each clash: --ours keeps yours, --theirs takes theirs, --edit lets you write the "
            "value. The last one merges; then run 'vhuis sync' to send the result."
        ),
    )


def _write_in_editor(clash: Clash) -> str:
    """The value a person writes for a clash, in $EDITOR, with both sides' values shown above it."""
    commands = tuple(clash.command(how) for how in ("ours", "theirs", "edit"))
    shown = [line for line in clash.lines() if not line.rstrip().endswith(commands)]
    start = "" if clash.conflict.ours is None else str(clash.conflict.ours)
    mark = f"# ------- {_(_MARK)} -------"
    draft_text = "\n".join(
        [
            "# " + _("Settle the clash in {clash}").format(clash=shown[0].removesuffix(":")),
            "# " + _("Write the value to keep under the dashed line (the lines above it are left out);"),
            "# " + _("it starts as yours. Save and close the editor when done."),
            "#",
            *(f"# {line}" for line in shown[1:]),
            mark,
            start,
        ]
    )
    with tempfile.TemporaryDirectory(prefix="vhuis-resolve-") as folder:
        draft = Path(folder) / "value.txt"
        draft.write_text(draft_text + "\n", encoding="utf-8")
        failed = output.run_editor(draft)
        if failed is not None:
            raise InvalidInput(_("{failed}; nothing was settled").format(failed=failed))
        try:
            written = draft.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(
                _("the value written is not UTF-8 text: save it as UTF-8; nothing was settled")
            ) from None
    if mark in written:
        return written.split(mark, 1)[1]
    return "\n".join(line for line in written.splitlines() if not line.startswith("#"))
