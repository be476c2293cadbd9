"""How the CLI speaks: tables and words for people, JSON for machines.

Results go to stdout; words for people (what was done, warnings, errors) go to
stderr. Tables are drawn with rich on a terminal and printed as plain aligned
columns otherwise (a pipe, a file, NO_COLOR), so that they grep and cut well.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table


def _fancy() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, no_color=bool(os.environ.get("NO_COLOR")))


def say(message: str) -> None:
    """A line for the person at the keyboard, on stderr."""
    stderr().print(message, markup=False)


def done(message: str) -> None:
    stderr().print(f"[green]✓[/green] {_escape(message)}")


def warn(message: str) -> None:
    stderr().print(f"[yellow]warning:[/yellow] {_escape(message)}")


def fail(message: str) -> None:
    stderr().print(f"[bold red]error:[/bold red] {_escape(message)}")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def result(text: str) -> None:
    """The one thing a command answers (a new id, say), alone on stdout."""
    sys.stdout.write(text + "\n")


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def table(columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None) -> None:
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    if _fancy():
        drawn = Table(*columns, title=title, title_justify="left", header_style="bold")
        for row in cells:
            drawn.add_row(*row)
        Console(highlight=False).print(drawn)
        return
    if title:
        sys.stdout.write(f"{title}\n")
    widths = [max(len(c), *(len(r[i]) for r in cells)) if cells else len(c) for i, c in enumerate(columns)]
    for row in [list(columns), *cells]:
        sys.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n")


def text(body: str) -> None:
    """A block of markup (case show) on stdout: styled on a terminal, plain otherwise."""
    if _fancy():
        Console(highlight=False).print(body)
    else:
        Console(highlight=False, no_color=True, width=10_000, soft_wrap=True).print(body)
