"""The environment a minutes template runs in: sandboxed, bounded, reading only regular files.

A template comes with the store, so from whoever pushed last. Jinja's sandbox
keeps it from Python's internals; this module adds the two things the sandbox
leaves open:

- **Files.** Templates are read like every store file (vhuis/storage/storefile.py): a
  template, or an ``{% include %}``-ed one, that is a symbolic link, a FIFO or a
  device is refused by name instead of followed.
- **Work.** A render may take at most ``MAX_STEPS`` steps (a turn of a ``for``
  loop, or a call of a function, macro or method) and ``MAX_SECONDS`` of wall
  clock, checked at every step; ``range`` gives at most ``MAX_RANGE`` numbers,
  and ``*`` and ``**`` refuse results too large to compute in one go. So two nested
  ``range(100000)`` loops stop with a message naming the template and line rather
  than hang ``vhuis check`` and ``vhuis minutes``.

Every ``for`` loop is bounded by rewriting the template before it is compiled: its
iterable passes through a filter that counts the turns. The filter is the
environment's own, looked up when the template is compiled, so a template cannot
redefine it. jinja2 is imported here at the top: import this module lazily.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from vhuis.i18n import N_, _, active
from vhuis.storage.storefile import read_inside

MAX_STEPS = 250_000
MAX_SECONDS = 5.0
MAX_RANGE = 10_000
MAX_ITEMS = 1_000_000  # the longest text or list that ``*`` may make
MAX_BITS = 100_000  # the largest number (in bits) that ``*`` or ``**`` may make

BITS = N_("a {operator} b gives a number of more than {bits} bits, the most a template may make")
_GUARD = "vhuis_counted_loop"  # the filter every for loop's iterable passes through


class TemplateLimit(RuntimeError):
    """A template did more work than a render may: a loop or a recursion without end, say."""


class _CountedLoops(CodeGenerator):
    """Compiles ``{% for x in items %}`` as ``{% for x in items|vhuis_counted_loop %}``."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _GUARD, [], [], None, None, lineno=loop.iter.lineno)
        super().visit_Template(node, frame)


class StoreTemplates(jinja2.BaseLoader):
    """Templates from folders, each (file and the folders on its way) a regular file below its root.

    ``places`` pairs each folder with the root below which nothing may be a link:
    the store's root for the store's own ``templates/``, the folder itself for the
    defaults that ship with vhuis.
    """

    def __init__(self, places: list[tuple[Path, Path]]) -> None:
        self.places = places

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for root, folder in self.places:
            path = folder.joinpath(*pieces)
            try:
                source = read_inside(root, path)
                mtime = path.stat().st_mtime_ns
            except (FileNotFoundError, NotADirectoryError):
                continue

            def uptodate(path: Path = path, mtime: int = mtime) -> bool:
                try:
                    return path.stat().st_mtime_ns == mtime
                except OSError:
                    return False

            return source.decode("utf-8"), str(path), uptodate
        raise jinja2.TemplateNotFound(template)


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, with every render bounded in steps and time (``render``)."""

    code_generator_class = _CountedLoops
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = self._range
        self.filters[_GUARD] = jinja2.pass_environment(_counted)
        self._steps = 0
        self._deadline = time.monotonic() + MAX_SECONDS

    def render(self, name: str, context: dict[str, Any]) -> str:
        """The template ``name`` rendered with ``context``, within MAX_STEPS and MAX_SECONDS from now."""
        self._steps = 0
        self._deadline = time.monotonic() + MAX_SECONDS
        return self.get_template(name).render(context)

    def step(self) -> None:
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise TemplateLimit(
                _(
                    "the render took more than {steps} steps (loop turns and calls), "
                    "the most a template may take (docs/templates.md); is there a loop or a recursion without end?"
                ).format(steps=_number(MAX_STEPS))
            )
        if time.monotonic() > self._deadline:
            raise TemplateLimit(
                _("the render took more than {seconds} s, the most a template may take (docs/templates.md)").format(
                    seconds=f"{MAX_SECONDS:.0f}"
                )
            )

    def call(
        __self,  # Jinja's own signature: the double underscores keep keyword arguments free
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        __self.step()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0:
            if left.bit_length() * right > MAX_BITS:
                raise TemplateLimit(_(BITS).format(bits=_number(MAX_BITS), operator="**"))
        elif operator == "*":
            if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_BITS:
                raise TemplateLimit(_(BITS).format(bits=_number(MAX_BITS), operator="*"))
            for items, times in ((left, right), (right, left)):
                if _is_int(times) and isinstance(items, str | list | tuple) and len(items) * times > MAX_ITEMS:
                    raise TemplateLimit(
                        _("a * b gives a text or list of more than {items} items, the most a template may make").format(
                            items=_number(MAX_ITEMS)
                        )
                    )
        return super().call_binop(context, operator, left, right)

    def _range(self, *bounds: int) -> range:
        numbers = range(*bounds)
        try:
            count = len(numbers)
        except OverflowError:  # more than a machine word counts
            count = MAX_RANGE + 1
        if count > MAX_RANGE:
            shown = ", ".join(str(bound) for bound in bounds)
            raise TemplateLimit(
                _("range({bounds}) gives more than {numbers} numbers, the most a template's range may").format(
                    bounds=shown, numbers=_number(MAX_RANGE)
                )
            )
        return numbers


def _number(count: int) -> str:
    """``250,000`` in English, ``250.000`` in Dutch: a limit as the active language writes it."""
    return f"{count:,}".replace(",", ".") if active() == "nl" else f"{count:,}"


def _is_int(value: object) -> bool:
    return isinstance(value, int)


def _counted(environment: BoundedEnvironment, items: Iterable[Any]) -> Iterator[Any]:
    """The items of a ``for`` loop, one step each."""
    step = environment.step
    for item in items:
        step()
        yield item
