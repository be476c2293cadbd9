"""The vhuis command line: one Typer app, and the one place errors become exit codes."""

from __future__ import annotations

import copy
import os
import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import BadParameter

from vhuis import __version__
from vhuis.cli import (
    agenda_cmd,
    cases,
    check,
    entries,
    init,
    meetings,
    owes,
    partners,
    report_cmds,
    retention_cmds,
    schema_cmd,
    sync_cmds,
    triage,
)
from vhuis.cli import lifecycle as lifecycle  # registers commitment postpone; adds the evaluation group
from vhuis.cli.common import CommandGroup, state
from vhuis.cli.helptext import Commands, examples
from vhuis.cli.output import fail, wrap
from vhuis.cli.params import Refused, label, named
from vhuis.errors import ExitCode, InvalidInput, MergeConflict, VhuisError
from vhuis.i18n import DEFAULT, _, activate


def _shown(error: VhuisError, ctx: Any) -> str:
    """The error's message; a value the user gave is named as typed, for the command that refused it."""
    if isinstance(error, InvalidInput):
        command = state(ctx).command
        return error.text(lambda field: label(command, field))
    if isinstance(error, MergeConflict):
        return wrap(str(error), first=len(_("error:")) + 1)
    return str(error)


def _refused(error: BadParameter) -> str | None:
    """What a vhuis parser (``vhuis.cli.params``) said of a typed value; None for click's own errors."""
    cause = error.__cause__
    for detail in cause.errors() if cause is not None and hasattr(cause, "errors") else ():
        if isinstance(detail.get("ctx", {}).get("error"), Refused):
            return str(detail["ctx"]["error"])
    return None


class VhuisGroup(CommandGroup):
    """Turns every VhuisError into a red message and its exit code; no traceback without --debug."""

    def invoke(self, ctx: Any) -> Any:
        activate(DEFAULT)  # until the command opens its store (and in a test, whatever ran before)
        try:
            return super().invoke(ctx)
        except BadParameter as error:
            refused = _refused(error)
            if refused is None or error.param is None:
                raise
            fail(f"{named(error.param)}: {refused}")
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except VhuisError as error:
            if _debug(ctx):
                raise
            fail(_shown(error, ctx))
            raise typer.Exit(int(error.exit_code)) from None
        except BrokenPipeError:
            # The reader went away (`vhuis history | head`): nothing to say, and no one to say it to.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            fail(_("interrupted; nothing was committed"))
            raise typer.Exit(130) from None
        except Exception as error:
            if _debug(ctx):
                raise
            fail(
                _(
                    "vhuis failed unexpectedly: {error}. Nothing was committed. "
                    "Run again with --debug for the details, and report it."
                ).format(error=f"{type(error).__name__}: {error}")
            )
            raise typer.Exit(int(ExitCode.ERROR)) from None


def _debug(ctx: Any) -> bool:
    return bool(os.environ.get("VHUIS_DEBUG")) or state(ctx).debug


app = Commands(
    cls=VhuisGroup,
    name="vhuis",
    help="vhuis: the cases, partners and commitments of a Veiligheidshuis, kept in git.",
    epilog=examples("vhuis init --example ~/proef", "vhuis owes --overdue"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # not while the shell completes: it would read the version
        sys.stdout.write(f"vhuis {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="The store's folder (else $VHUIS_STORE, else the nearest folder upward with vhuis.yaml).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the Python traceback of an error.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and stop.")
    ] = False,
) -> None:
    """vhuis: the cases, partners and commitments of a Veiligheidshuis, kept in git."""
    current = state(ctx)
    current.store = store
    current.debug = debug


INIT = examples(
    "vhuis init --example ~/proef", "vhuis init ~/veiligheidshuis --name 'Veiligheidshuis Genk' --city Genk"
)
GROUPS = {
    "partner": examples("vhuis partner list", "vhuis partner add de-lijn --name 'De Lijn Limburg' --kind transport"),
    "case": examples("vhuis case list --status active", "vhuis case show 2026-007"),
    "signal": examples(
        "vhuis signal add 2026-007 --source police --summary 'Drie winkeldiefstallen op zaterdag'",
        "vhuis signal add --source citizen --summary 'Lawaai na middernacht' --area Kolderbos --theme overlast",
    ),
    "analysis": examples("vhuis analysis set 2026-007 --problem 'Georganiseerde winkeldiefstal op drukke dagen'"),
    "goal": examples("vhuis goal add 2026-007 'Minder winkeldiefstallen tegen eind juni'"),
    "measure": examples(
        "vhuis measure add 2026-007 'Camera aan de ingangen' --type preventive --phase prevention --owner economie"
    ),
    "commitment": examples(
        "vhuis commitment add 2026-007 --partner politie --action 'Extra patrouilles op zaterdag' --due 2026-12-15",
        "vhuis commitment done 2026-007 C1",
    ),
    "decision": examples("vhuis decision add 2026-007 'Het dossier gaat naar monitoring'"),
    "meeting": examples("vhuis meeting list", "vhuis meeting new 2026-11-26 --present politie --case 2026-007"),
    "evaluation": examples("vhuis evaluation set 2026-007 --goal 1=reached --goal 2=partly"),
}

app.command("init", epilog=INIT)(init.init)
app.add_typer(partners.partner_app, name="partner", epilog=GROUPS["partner"])
app.add_typer(cases.case_app, name="case", epilog=GROUPS["case"])
app.add_typer(entries.signal_app, name="signal", epilog=GROUPS["signal"])
app.add_typer(entries.analysis_app, name="analysis", epilog=GROUPS["analysis"])
app.add_typer(entries.goal_app, name="goal", epilog=GROUPS["goal"])
app.add_typer(entries.measure_app, name="measure", epilog=GROUPS["measure"])
app.add_typer(entries.commitment_app, name="commitment", epilog=GROUPS["commitment"])
app.add_typer(entries.decision_app, name="decision", epilog=GROUPS["decision"])
app.add_typer(meetings.meeting_app, name="meeting", epilog=GROUPS["meeting"])
app.add_typer(lifecycle.evaluation_app, name="evaluation", epilog=GROUPS["evaluation"])
app.command("minutes", epilog=examples("vhuis minutes 2026-11-12", "vhuis minutes 2026-11-12 --out -"))(
    meetings.minutes
)
app.command("triage", epilog=examples("vhuis triage", "vhuis triage --on 2026-10-31 --json"))(triage.triage)
app.command("owes", epilog=examples("vhuis owes --overdue", "vhuis owes politie --ics politie.ics"))(owes.owes)
app.command("agenda", epilog=examples("vhuis agenda 2026-12-10", "vhuis agenda 2026-12-10 --apply"))(agenda_cmd.agenda)
app.command("check", epilog=examples("vhuis check", "vhuis check --json"))(check.check)
app.command(
    "report",
    epilog=examples(
        "vhuis report --from 2026-01-01 --to 2026-12-31",
        "vhuis report --from 2026-01-01 --to 2026-12-31 --format pdf --out jaarverslag.pdf",
    ),
)(report_cmds.report)
app.command(
    "remind",
    epilog=examples("vhuis remind --out herinneringen", "vhuis remind --out herinneringen --smtp localhost:25"),
)(report_cmds.remind)
app.command(
    "invite",
    epilog=examples(
        "vhuis invite 2026-12-10 --out uitnodigingen", "vhuis invite 2026-12-10 --out uitnodigingen --smtp localhost:25"
    ),
)(report_cmds.invite)
app.command("history", epilog=examples("vhuis history 2026-007", "vhuis history --since 2026-11-01"))(sync_cmds.history)
app.command("sync", epilog=examples("vhuis sync"))(sync_cmds.sync)
app.command("clone", epilog=examples("vhuis clone ssh://git.genk.example/veiligheidshuis.git ~/veiligheidshuis"))(
    sync_cmds.clone
)
app.command("resolve", epilog=examples("vhuis resolve", "vhuis resolve 2026-003 status --theirs"))(sync_cmds.resolve)
app.command("schema", epilog=examples("vhuis schema", "vhuis schema --out schemas"))(schema_cmd.schema)
app.command("retention", epilog=examples("vhuis retention", "vhuis retention --on 2031-12-31 --json"))(
    retention_cmds.retention
)
app.command("archive", epilog=examples("vhuis archive 2020-004 2020-009 --out /archief/veiligheidshuis"))(
    retention_cmds.archive
)
app.command("purge", epilog=examples("vhuis purge", "vhuis purge --yes --backup /media/usb"))(retention_cmds.purge)
app.command(
    "merge-driver",
    hidden=True,
    epilog=examples("vhuis merge-driver %O %A %B %P    (git runs it: merge.vhuis.driver in .git/config)"),
)(sync_cmds.merge_driver)


TOP_OPTIONS_WITH_A_VALUE = frozenset({"--store"})
COMPLETION = "_VHUIS_COMPLETE"  # set by the shell's completion script (click's _<PROG>_COMPLETE)


def named_command(args: list[str]) -> str | None:
    """The command (or group) a command line names before anything else, as in ``vhuis --store X case list``.

    None when it names none, or asks for the whole app's help (``vhuis --help case``) or a value
    after ``--``: those need every command.
    """
    waiting_for_value = False
    for arg in args:
        if waiting_for_value:
            waiting_for_value = False
        elif arg in TOP_OPTIONS_WITH_A_VALUE:
            waiting_for_value = True
        elif arg in ("-h", "--help", "--"):
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def app_for(args: list[str]) -> typer.Typer:
    """The app to run ``args`` with: only the command they name, else the whole app.

    Before it runs a command, typer builds the click command of every command the app holds
    (50 to 90 ms of each start here, a fifth of a whole ``vhuis signal add``); a command line
    that names a known command builds that one alone. The rest is the same app: its callback
    (--store, --debug, --version), error handling and the command's own help. Anything else
    (no command, an unknown name that click should suggest a name for, a <TAB> after ``vhuis``,
    which lists every command, or in a shell other than bash) gets the whole app.
    """
    if COMPLETION in os.environ:
        before = _before_the_tab()
        name = None if before is None else named_command(before)
    else:
        name = named_command(args)
    if name is None:
        return app
    commands = [command for command in app.registered_commands if command.name == name]
    groups = [group for group in app.registered_groups if group.name == name]
    if not commands and not groups:
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


def _before_the_tab() -> list[str] | None:
    """The words a bash <TAB> comes after, the command's name among them; None for other shells.

    bash passes the line and the word completed (``COMP_WORDS``, ``COMP_CWORD``); typer takes the
    words before that one as the command line. zsh, fish and PowerShell pass it their own ways, and
    a line with an open quote is left to typer: those get the whole app.
    """
    if os.environ.get(COMPLETION) != "complete_bash":
        return None
    try:
        words, index = shlex.split(os.environ["COMP_WORDS"]), int(os.environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return None
    return words[1:index]


def run() -> None:
    """The console script."""
    app_for(sys.argv[1:])()
