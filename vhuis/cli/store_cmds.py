"""Commands about the store as a whole: init, partner, owes, check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, StoreOption, store_of
from vhuis.errors import ExitCode, InvalidInput

if TYPE_CHECKING:
    from datetime import date

    from vhuis.collab.gitsetup import HookOutcome
    from vhuis.storage.store import Store

partner_app = typer.Typer(help="The partner registry (partners.yaml).", no_args_is_help=True)


def init(
    folder: Annotated[Path, typer.Argument(help="Where to make the store (default: here).")] = Path(),
    example: Annotated[bool, typer.Option("--example", help="Fill it with the fictional Genk example cases.")] = False,
    name: Annotated[str | None, typer.Option("--name", help="The office's name, e.g. 'Veiligheidshuis Genk'.")] = None,
    city: Annotated[str | None, typer.Option("--city", help="The city, e.g. Genk.")] = None,
) -> None:
    """Make a new store (a git repository with vhuis.yaml and partners.yaml)."""
    from vhuis.collab.setup import init_store

    made = init_store(folder, example=example, name=name, city=city)
    say_hook(made.hook)
    output.done(f"store made in {made.store.root} (one commit)")


def say_hook(hook: HookOutcome) -> None:
    """What became of the pre-commit hook: installed, or someone else's left in place."""
    if hook.installed:
        output.say("git pre-commit hook installed: store files committed by hand are checked first")
    else:
        output.warn(
            f"no vhuis pre-commit hook installed: {hook.reason}. To have hand edits checked before they are "
            f"committed, add this line to that hook: {hook.line}"
        )


@partner_app.command("add")
def partner_add(
    ctx: typer.Context,
    partner_id: Annotated[
        str, typer.Argument(metavar="ID", help="Short id: lowercase letters, digits, '-' (e.g. de-lijn).")
    ],
    name: Annotated[str, typer.Option("--name", help="Full name, e.g. 'Lokale Politie CARMA'.")],
    kind: Annotated[
        str, typer.Option("--kind", help="city-service, police, justice, welfare, transport, health or other.")
    ],
    email: Annotated[str | None, typer.Option("--email", help="The partner's functional address.")] = None,
    store: StoreOption = None,
) -> None:
    """Add a partner to the registry."""
    from vhuis.domain.partners import add_partner

    partner = add_partner(store_of(ctx, store), partner_id, name, kind, email)
    output.result(partner.id)
    output.done(f"partner {partner.id} ({partner.name}) added")


@partner_app.command("list")
def partner_list(ctx: typer.Context, json: JsonOption = False, store: StoreOption = None) -> None:
    """List the partners."""
    partners = list(store_of(ctx, store).partners.values())
    if json:
        output.emit_json([p.model_dump(mode="json") for p in partners])
        return
    output.table(["id", "name", "kind", "email"], [[p.id, p.name, p.kind.value, p.email] for p in partners])


def owes(
    ctx: typer.Context,
    partner: Annotated[str | None, typer.Argument(help="Only this partner.")] = None,
    partner_option: Annotated[
        str | None, typer.Option("--partner", metavar="P", help="Only this partner (the same as PARTNER).")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only commitments past their due date.")] = False,
    on: Annotated[str | None, typer.Option("--on", help="As of this day (YYYY-MM-DD) instead of today.")] = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", metavar="FILE", help="Write them as an iCalendar file instead ('-': to stdout)."),
    ] = None,
    json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Who owes what: every open commitment, by partner, most overdue first."""
    from vhuis.domain.inputs import known_partner, parse_day
    from vhuis.domain.owes import by_partner, owed

    found = store_of(ctx, store)
    day = parse_day(on, "--on")
    if partner is not None and partner_option is not None and partner != partner_option:
        raise InvalidInput(f"PARTNER {partner!r} and --partner {partner_option!r} disagree; give one of them")
    if partner_option is not None:
        partner = known_partner(found, partner_option, "--partner")
    elif partner is not None:
        known_partner(found, partner, "PARTNER")
    if ics is not None:
        _owes_calendar(found, day, partner, overdue, ics, json)
        return
    digests, problems = found.digests()
    for problem in problems:
        output.warn(f"skipped: {problem}")
    items = owed(digests, day, partner, overdue)
    if json:
        output.emit_json([item.as_json() for item in items])
        return
    if not items:
        output.say(f"nobody owes anything{' overdue' if overdue else ''} on {day}")
        return
    names = found.partners
    rows = []
    for partner_id, group in by_partner(items).items():
        label = f"{names[partner_id].name} ({partner_id})" if partner_id in names else partner_id
        for index, item in enumerate(group):
            late = (
                f"{item.days_overdue} day{'s' if item.days_overdue != 1 else ''} overdue" if item.days_overdue else ""
            )
            rows.append([label if index == 0 else "", item.case, item.commitment, item.action, item.due, late])
    output.table(["partner", "case", "id", "action", "due", "overdue"], rows, title=f"Open commitments on {day}")


def _owes_calendar(found: Store, day: date, partner: str | None, overdue: bool, ics: Path, json: bool) -> None:
    from vhuis.documents.ics import owed_calendar, write_calendar

    if json:
        raise InvalidInput("--ics and --json both want to be the output; give one of them")
    made = owed_calendar(found, day, partner, overdue)
    for problem in made.problems:
        output.warn(f"skipped: {problem}")
    if str(ics) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(made.ics)  # bytes as they are: iCalendar lines end in CRLF
        sys.stdout.buffer.flush()
        return
    write_calendar(ics, made.ics)
    output.done(f"{made.events} open commitment{'s' if made.events != 1 else ''} written to {ics}")


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
    from vhuis.domain.checks import errors

    found = store_of(ctx, store)
    if staged:
        from vhuis.collab.snapshot import staged_problems

        names, problems = staged_problems(found)
        in_order = f"the staged store files are in order ({len(names)})"
    else:
        problems, in_order = check_everything(found), "the store is in order"
    failed = bool(errors(problems))
    if json:
        output.emit_json({"ok": not failed, "problems": [p.as_json() for p in problems]})
    else:
        for problem in problems:
            line = f"{problem}" if problem.severity == "error" else f"{problem} (warning)"
            output.result(line)
        output.say(
            f"{len(errors(problems))} errors, {len(problems) - len(errors(problems))} warnings"
            if problems
            else in_order
        )
    if failed:
        raise typer.Exit(int(ExitCode.INVALID))
