"""vhuis retention (cases past their term), vhuis archive (out of the store), vhuis purge (out of the history)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vhuis.cli import complete, output
from vhuis.cli.common import JsonOption, OnOption, StoreOption, store_of
from vhuis.cli.params import CaseId
from vhuis.clock import today
from vhuis.i18n import N_, NP_, _, ngettext, pgettext
from vhuis.vocab import term

RETENTION_COLUMNS = [
    NP_("table column", "case"),
    NP_("table column", "title"),
    NP_("table column", "status"),
    NP_("table column", "closed"),
    NP_("table column", "kept until"),
]


def retention(ctx: typer.Context, on: OnOption = None, json: JsonOption = False, store: StoreOption = None) -> None:
    """List the closed and dismissed cases whose retention period (vhuis.yaml retention) has ended."""
    from vhuis.collab.retention import retention as terms_of

    found = store_of(ctx, store)
    day = on or today()
    made = terms_of(found, day)
    output.skipped(made.problems)
    for unknown in made.unknown:
        output.warn(
            _(
                "case {case} is {status}, but neither its file nor the history says when it closed; write the day "
                "into cases/{case}.yaml (closed: YYYY-MM-DD) and commit it"
            ).format(case=unknown.case, status=term(unknown.status))
        )
    due = made.due
    if json:
        output.emit_json([t.as_json() for t in due])
        return
    if not due:
        output.say(
            ngettext(
                "no closed or dismissed case has been kept longer than {years} year on {day}",
                "no closed or dismissed case has been kept longer than {years} years on {day}",
                made.years,
            ).format(years=made.years, day=day)
        )
        return
    rows = [
        [
            t.case,
            t.title,
            term(t.status),
            f"{t.closed}*" if t.from_history else t.closed,
            t.expires,
        ]
        for t in due
    ]
    title = ngettext(
        "Past their retention period of {years} year on {day}: archive them with 'vhuis archive CASE... --out DIR'",
        "Past their retention period of {years} years on {day}: archive them with 'vhuis archive CASE... --out DIR'",
        made.years,
    ).format(years=made.years, day=day)
    output.table([pgettext(*column) for column in RETENTION_COLUMNS], rows, title=title)
    if any(t.from_history for t in due):
        output.say(
            _(
                "* the file has no closing date: the day is that of the commit that closed the case. "
                "Write the real day into the file (closed: YYYY-MM-DD) if it differs."
            )
        )


Cases = Annotated[
    list[str],
    typer.Argument(
        metavar="CASE", parser=CaseId(), autocompletion=complete.cases, help="The cases to archive, e.g. 2020-004."
    ),
]
ArchiveFolder = Annotated[
    Path, typer.Option("--out", help="The archive folder (made when missing); files there are never overwritten.")
]


def archive(
    ctx: typer.Context,
    cases: Cases,
    out: ArchiveFolder,
    force: Annotated[
        bool, typer.Option("--force", help="Archive a case whose retention period has not ended yet.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Write each case's last file and history to --out, and take the cases out of the store in one commit."""
    from vhuis.collab.retention import archive as archive_cases

    found = store_of(ctx, store)
    archived = list(dict.fromkeys(cases))
    written = archive_cases(found, archived, out, today(), force)
    for path in written:
        output.result(str(path))
    output.done(
        ngettext(
            "{n} case archived to {folder} and taken out of the store; 'vhuis purge' removes it from the history",
            "{n} cases archived to {folder} and taken out of the store; 'vhuis purge' removes them from the history",
            len(archived),
        ).format(n=len(archived), folder=out)
    )


def purge(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Do it (without it: only say what would go).")] = False,
    backup: Annotated[
        Path | None,
        typer.Option("--backup", help="The folder for the backup bundle (default: beside the store's folder)."),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Remove the archived cases from every commit of the history (git-filter-repo); a dry run without --yes."""
    from vhuis.collab.retention import backup_path, purge_plan
    from vhuis.collab.retention import purge as purge_history

    found = store_of(ctx, store)
    plan = purge_plan(found)
    if not plan.paths:
        output.say(_("nothing to purge: no archived case is left in the history"))
        return
    said = ngettext(
        "{paths} would be removed from every commit of the history (changed in {n} commit)",
        "{paths} would be removed from every commit of the history (changed in {n} commits)",
        plan.commits,
    )
    if not yes:
        output.result(said.format(paths=", ".join(plan.paths), n=plan.commits))
        output.say(
            _(
                "Nothing was changed. 'vhuis purge --yes' does it, "
                "after writing a backup of the whole history to {bundle}"
            ).format(bundle=backup_path(found, backup, today()))
        )
        return
    done = purge_history(found, today(), backup)
    output.done(
        ngettext(
            "{paths} removed from every commit of the history (changed in {n} commit); a backup is in {bundle}",
            "{paths} removed from every commit of the history (changed in {n} commits); a backup is in {bundle}",
            plan.commits,
        ).format(paths=", ".join(plan.paths), n=plan.commits, bundle=done.bundle)
    )
    output.result(_(AFTER_PURGE).format(bundle=done.bundle))


AFTER_PURGE = N_(
    "What everyone must do now (docs/privacy.md, 'Retention'):\n"
    "- The shared remote still holds the old history. Send the new one from this store: "
    "git push --force --all origin && git push --force --tags origin. Ask the server's administrator "
    "to remove the old objects too (on GitLab or Gitea: housekeeping; forks and merge requests keep their own copy).\n"
    "- Every other clone (each colleague's computer) still holds the cases: delete it and clone the store again "
    "('vhuis clone URL'). Never push from an old clone, nor pull it into a new one: that brings the cases back.\n"
    "- The backup {bundle} holds the whole old history, the cases too: keep it locked away only as long as you "
    "need to be sure the purge went well, then delete it, and delete any older bundle or copy of the store."
)
