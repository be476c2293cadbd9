"""How the CLI speaks: tables and words for people, JSON for machines.

Results go to stdout; words for people (what was done, warnings, errors) go to
stderr. On a terminal (and without NO_COLOR) tables are drawn and words coloured
with rich; otherwise everything is plain text (tables as aligned columns) that
greps and cuts well. rich is imported only when it draws.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any


def _styled(stream: Any) -> bool:
    return bool(stream.isatty()) and not os.environ.get("NO_COLOR")


def _to_stderr(message: str, label: str = "", style: str = "") -> None:
    """``label message`` on stderr; on a terminal the label in ``style``."""
    if _styled(sys.stderr):
        from rich.console import Console

        styled = f"[{style}]{label}[/{style}] {escape(message)}" if label else escape(message)
        Console(stderr=True, highlight=False, soft_wrap=True).print(styled)
    else:
        sys.stderr.write(f"{label} {message}\n" if label else f"{message}\n")


def escape(text: str) -> str:
    """Text made safe to put inside rich markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def say(message: str) -> None:
    """A line for the person at the keyboard, on stderr."""
    _to_stderr(message)


def done(message: str) -> None:
    _to_stderr(message, "✓", "green")


def warn(message: str) -> None:
    _to_stderr(message, "warning:", "yellow")


def fail(message: str) -> None:
    _to_stderr(message, "error:", "bold red")


def wrap(message: str, width: int | None = None, first: int = 0) -> str:
    """Long lines folded to ``width`` (the terminal's, when stderr is one; else left whole).

    A folded line goes on under its own indentation plus two spaces, so a long
    value reads as one block; words are never cut. ``first`` is the room a label
    takes before the first line.
    """
    if width is None:
        if not sys.stderr.isatty():
            return message
        import shutil

        width = shutil.get_terminal_size().columns
    import textwrap

    folded: list[str] = []
    for number, line in enumerate(message.splitlines()):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        room = max(20, width - (first if number == 0 else 0))
        folded += textwrap.wrap(
            line, room, subsequent_indent=indent + "  ", break_long_words=False, break_on_hyphens=False
        ) or [""]
    return "\n".join(folded)


def result(text: str) -> None:
    """The one thing a command answers (a new id, say), alone on stdout."""
    sys.stdout.write(text + "\n")


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def table(columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None) -> None:
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    if _styled(sys.stdout):
        from rich.console import Console
        from rich.table import Table

        drawn = Table(*columns, title=title, title_justify="left", header_style="bold")
        for row in cells:
            drawn.add_row(*(escape(cell) for cell in row))
        Console(highlight=False).print(drawn)
        return
    if title:
        sys.stdout.write(f"{title}\n")
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    for row in [list(columns), *cells]:
        sys.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n")


def text(body: str) -> None:
    """A block of rich markup (case show) on stdout: styled on a terminal, plain otherwise."""
    from rich.console import Console

    if _styled(sys.stdout):
        Console(highlight=False).print(body)
    else:
        Console(highlight=False, no_color=True, width=10_000, soft_wrap=True).print(body)
