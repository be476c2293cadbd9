"""How the CLI speaks: tables and words for people, JSON for machines.

Results go to stdout; words for people (what was done, warnings, errors) go to
stderr. On a terminal (and without NO_COLOR) tables are drawn and words coloured
with rich; otherwise everything is plain text (tables as aligned columns) that
greps and cuts well. rich is imported only when it draws.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vhuis.i18n import _, active, pgettext

if TYPE_CHECKING:
    from datetime import date

    from vhuis.errors import Problem

# What a terminal would act on rather than show: C0 controls but newline and tab, DEL, C1 controls,
# and lone surrogates (what Python makes of bytes that are not UTF-8). vhuis refuses them in every
# text it writes (vhuis/model.py); a hand edit or an old commit can still hold them.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNPRINTABLE_IN_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _shown(found: re.Match[str]) -> str:
    code = ord(found.group())
    if found.group() in "\r\n":
        return repr(found.group())[1:-1]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, one_line: bool = False) -> str:
    """User text as it may go to a terminal: every control character shown as an escape (``\\x1b``).

    Newline and tab stay, unless ``one_line`` (a table cell), where a line break shows as ``\\n``.
    """
    return (_UNPRINTABLE_IN_LINE if one_line else _UNPRINTABLE).sub(_shown, text)


class Styled(NamedTuple):
    """Words of vhuis's own, drawn in a rich style (``bold``, ``dim``) on a terminal."""

    text: str
    style: str


def bold(text: str) -> Styled:
    return Styled(text, "bold")


def dim(text: str) -> Styled:
    return Styled(text, "dim")


Part = str | Styled
"""A piece of a line: plain text (user text included, always shown literally), or styled words."""
Line = Part | Sequence[Part]


def _styled(stream: Any) -> bool:
    return bool(stream.isatty()) and not os.environ.get("NO_COLOR")


def _to_stderr(message: str, label: str = "", style: str = "") -> None:
    """``label message`` on stderr; on a terminal the label in ``style``."""
    if _styled(sys.stderr):
        from rich.console import Console

        line: list[Part] = [Styled(label, style), " ", message] if label else [message]
        _draw(Console(stderr=True, highlight=False, soft_wrap=True), [line])
    else:
        sys.stderr.write(f"{label} {printable(message)}\n" if label else f"{printable(message)}\n")


def _draw(console: Any, lines: Iterable[Line]) -> None:
    """Lines as rich Text: never parsed as markup or emoji codes, so ``[b]``, ``\\`` and ``:warning:`` stay."""
    from rich.text import Text

    for line in lines:
        drawn = Text()
        for part in [line] if isinstance(line, str | Styled) else line:
            if isinstance(part, Styled):
                drawn.append(printable(part.text), part.style or None)
            else:
                drawn.append(printable(part))
        console.print(drawn)


def say(message: str) -> None:
    """A line for the person at the keyboard, on stderr."""
    _to_stderr(message)


def done(message: str) -> None:
    _to_stderr(message, "✓", "green")


def warn(message: str) -> None:
    _to_stderr(message, _("warning:"), "yellow")


def fail(message: str) -> None:
    _to_stderr(message, _("error:"), "bold red")


def skipped(problems: Iterable[Problem]) -> None:
    """A warning for each file a read command left out because it does not load."""
    for problem in problems:
        warn(_("skipped: {problem}").format(problem=problem))


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


ISO_DAY = "yyyy-MM-dd"


def long_day(day: date) -> str:
    """A day as a heading names it, in the pattern the catalog gives (Dutch: ``27 november 2026``).

    English keeps the ISO day, as it is typed; babel is imported only for a pattern of another language.
    """
    pattern = pgettext("date in a heading (a babel pattern)", "yyyy-MM-dd")
    if pattern == ISO_DAY:
        return day.isoformat()
    from babel.dates import format_date

    return str(format_date(day, pattern, locale=active()))


def result(text: str) -> None:
    """A line of what the command answers (a new id, a problem found), on stdout."""
    sys.stdout.write(printable(text) + "\n")


_NOT_ESCAPED_BY_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")


def emit_json(value: Any) -> None:
    """JSON on stdout; the controls and surrogates json leaves raw are written as ``\\u`` escapes too."""
    document = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_NOT_ESCAPED_BY_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", document) + "\n")


def emit_document(document: str | bytes) -> None:
    """A document on stdout (``--out -``): text as text; bytes (a PDF, an iCalendar file) as they are."""
    if isinstance(document, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(document)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(document)


def table(columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None) -> None:
    cells = [[printable("" if cell is None else str(cell), one_line=True) for cell in row] for row in rows]
    if _styled(sys.stdout):
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        drawn = Table(*columns, title=title, title_justify="left", header_style="bold")
        for row in cells:
            drawn.add_row(*(Text(cell) for cell in row))
        Console(highlight=False).print(drawn)
        return
    if title:
        sys.stdout.write(f"{title}\n")
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    for row in [list(columns), *cells]:
        sys.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n")


def text(lines: Iterable[Line]) -> None:
    """A block of lines (case show) on stdout: styled on a terminal, plain otherwise; user text always literal."""
    if _styled(sys.stdout):
        from rich.console import Console

        _draw(Console(highlight=False), lines)
        return
    for line in lines:
        parts = [line] if isinstance(line, str | Styled) else line
        sys.stdout.write("".join(printable(p.text if isinstance(p, Styled) else p) for p in parts) + "\n")


def run_editor(path: Path) -> str | None:
    """Open ``path`` in ``$VISUAL`` or ``$EDITOR`` (vi when neither is set), no shell between.

    None when the editor ran and exited well; else what went wrong, as a sentence to show.
    """
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        subprocess.run([*shlex.split(editor), str(path)], check=True)
    except (OSError, subprocess.CalledProcessError, ValueError) as error:
        return _("the editor ({editor}) did not run well: {error}; set $EDITOR").format(editor=editor, error=error)
    return None
