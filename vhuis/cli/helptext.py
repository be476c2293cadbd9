"""How a command shows its help: one placeholder per parameter, examples at the end, plain text when piped.

typer (0.29) shows a type after every parameter (``--debug <bool>``, ``title <str>``), an
argument's name in braces in the usage line (``{title}``, ``[[CASE]]``), and on a pipe still
draws rich's panels, padding every line with spaces to the terminal's width. Here:

- an argument is shown by its name in capitals, and only that (``CASE``, ``TITLE``;
  ``[CASE]`` when it may be left out);
- an option by what it takes (``--since DATE``, ``--partner PARTNER``, ``--status STATUS``,
  ``--area TEXT``), unless its declaration names it (``metavar=``); a flag by nothing;
- a command's ``epilog`` holds its examples (``examples(...)``), one a line, as typed;
- on a terminal the help is typer's (rich panels); piped (``vhuis case new --help | less``,
  a test), it is click's plain text, with no line ending in a space.

typer builds its own parameter classes and offers no hook for another, so each parameter
is given one of the classes below as its command first lists its parameters (``shown``).
They also keep the values typed as they are while the shell completes (click's resilient
parsing): typer converts every value through pydantic, whose import would be most of a <TAB>.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import typer
from typer import _click
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

F = TypeVar("F", bound=Callable[..., Any])

# What an option takes, by its parser's class (vhuis.cli.params), when the declaration does not say.
TAKES = {"Day": "DATE", "PartnerId": "PARTNER", "CaseId": "CASE"}


def examples(*lines: str) -> str:
    """A command's ``epilog``: a heading and the example command lines."""
    return "\n".join(["Examples:", *(f"  {line}" for line in lines)])


class Argument(TyperArgument):
    """An argument shown by its name in capitals alone: ``CASE`` in the usage line and the list, no type."""

    def process_value(self, ctx: _click.Context, value: Any) -> Any:
        return value if ctx.resilient_parsing else super().process_value(ctx, value)

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"


class Option(TyperOption):
    """An option, shown as typer shows it (its metavar set by ``shown``)."""

    def process_value(self, ctx: _click.Context, value: Any) -> Any:
        return value if ctx.resilient_parsing else super().process_value(ctx, value)


def placeholder(option: TyperOption) -> str:
    """What a non-flag option takes, for ``--option VALUE``: DATE, PARTNER, CASE, the enum's name, PATH or TEXT."""
    described = option.type_descriptor
    parser = described.parameter_info.parser
    if parser is not None and type(parser).__name__ in TAKES:
        return TAKES[type(parser).__name__]
    annotation = described.annotation
    for kind in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(kind, type) and issubclass(kind, date):
            return "DATE"
        if isinstance(kind, type) and issubclass(kind, Enum):
            return option.opts[0].lstrip("-").upper()
        if isinstance(kind, type) and issubclass(kind, Path):
            return "PATH"
    return "TEXT"


def shown(params: list[_click.Parameter]) -> list[_click.Parameter]:
    """The parameters, each shown by one placeholder (see the module's text); done once, kept."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = Argument
            param.metavar = param.metavar or (param.name or "").upper()
        elif type(param) is TyperOption:
            param.__class__ = Option
            if param.metavar is None:
                param.metavar = "" if param.is_flag or param.count else placeholder(param)
    return params


def on_terminal() -> bool:
    return sys.stdout.isatty()


def write_examples(epilog: str | None, formatter: _click.HelpFormatter) -> None:
    """The examples as written: click would fold them into one paragraph."""
    if epilog:
        formatter.write_paragraph()
        for line in epilog.splitlines():
            formatter.write(f"{line}\n")


class VhuisCommand(TyperCommand):
    """A command whose help follows the module's text."""

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        return shown(super().get_params(ctx))

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        if on_terminal():
            super().format_help(ctx, formatter)
        else:
            _click.Command.format_help(self, ctx, formatter)

    def format_epilog(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        write_examples(self.epilog, formatter)


class HelpGroup(TyperGroup):
    """A group whose help follows the module's text; its commands are listed with their whole first sentence."""

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        return shown(super().get_params(ctx))

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        if on_terminal():
            super().format_help(ctx, formatter)
        else:
            _click.Command.format_help(self, ctx, formatter)

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, (command.help or "").split("\n\n", 1)[0].replace("\n", " ").strip()))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        write_examples(self.epilog, formatter)


class Commands(typer.Typer):
    """A typer app whose commands are VhuisCommands (typer's own default is its TyperCommand)."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **settings: Any
    ) -> Callable[[F], F]:
        return super().command(name, cls=cls or VhuisCommand, **settings)
