"""Writing a file the user named (``minutes --out``, ``owes --ics``, ``remind --out``): into it, never over it.

What the name points at decides how it is written; nothing but a regular file is
ever replaced:

- a regular file, or no file yet: the text goes to a temporary file beside it,
  renamed into place, so a reader (a subscribed calendar) sees the old file or
  the new one, never half of one;
- a symbolic link: written through, as the shell's ``>`` does; its target is
  written as above and the link stays a link;
- a FIFO or a device (``/dev/null``, ``/dev/stdout``, a terminal): opened and
  written, as the shell's ``>`` does (it is never replaced by a file, even as root);
- a folder: refused, with a message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from vhuis.errors import InvalidInput, WriteFailed
from vhuis.i18n import _
from vhuis.storage.store import atomic_write


def write_output(path: Path, text: str | bytes, option: str, example: str = "") -> None:
    """Write ``text`` (UTF-8, line ends as given) or bytes to what ``path`` names.

    ``option`` and ``example`` go in messages.
    """
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise WriteFailed(cannot_write(option, path, error)) from None
    if mode is not None and stat.S_ISDIR(mode):
        if example:
            said = _("{option}: {path} is a folder; give a file name, e.g. {example}")
        else:
            said = _("{option}: {path} is a folder; give a file name")
        raise InvalidInput(said.format(option=option, path=path, example=path / example))
    try:
        if mode is None or stat.S_ISREG(mode):
            atomic_write(target, text)
        else:
            _write_into(target, text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as error:
        raise WriteFailed(cannot_write(option, path, error)) from None


def _write_into(path: Path, data: bytes) -> None:
    """Write into a FIFO or a device as it is: no new file, no rename, no truncation."""
    descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def cannot_write(option: str, path: Path, error: OSError) -> str:
    return _("{option}: cannot write {path} ({why})").format(option=option, path=path, why=error.strerror)
