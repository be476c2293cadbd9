"""Reading and writing vhuis YAML: safe, strict and in one canonical form.

Reading resolves only ``null`` implicitly; every other plain scalar stays a
string, so ``summary: yes`` or ``title: 112`` mean the text a person typed and
the models turn date strings into dates. Writing always gives the same bytes for
the same data: key order as in the models, block style, indented lists, no line
wrapping, multi-line text as literal blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import Enum
from typing import Any

import yaml

from vhuis.errors import InvalidData, Problem

MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 100
_NULL_TAG = "tag:yaml.org,2002:null"

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\r]")


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text as a literal block; text with characters YAML would fold or drop, double-quoted."""
    style = '"' if _ESCAPE.search(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_date(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _represent_enum(dumper: yaml.SafeDumper, value: Enum) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value.value))


_Dumper.add_representer(str, _represent_text)
_Dumper.add_multi_representer(Enum, _represent_enum)
_Dumper.add_representer(date, _represent_date)


def dump(document: Any) -> str:
    """The canonical text of a document (a dict or list of plain values)."""
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidData(
            f"{name} is too large",
            [Problem(name, None, "", f"{len(raw):,} bytes; a vhuis file holds at most {MAX_FILE_BYTES:,}")],
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problem = Problem(name, line, "", f"byte {raw[error.start]:#04x} is not UTF-8; save the file as UTF-8")
        raise InvalidData(f"{name} is not UTF-8 text", [problem]) from None


def load(text: str, name: str) -> Any:
    """Parse one YAML document; every failure becomes InvalidData naming the file and line."""
    _refuse_deep_nesting(text, name)
    try:
        document = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or "not valid YAML"
        if "could not determine a constructor" in str(error):
            what = "uses a YAML tag (!!...), which vhuis files never hold"
        raise InvalidData(f"{name} is not valid YAML", [Problem(name, line, "", what)]) from None
    except yaml.YAMLError as error:
        raise InvalidData(f"{name} is not valid YAML", [Problem(name, None, "", str(error))]) from None
    except RecursionError:
        raise InvalidData(f"{name} is not valid YAML", [Problem(name, None, "", "nested too deeply")]) from None
    _refuse_aliases(document, name)
    return document


def _refuse_deep_nesting(text: str, name: str) -> None:
    """libyaml's composer recurses in C, so a deeply nested flow collection would crash it."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    if deepest > MAX_NESTING:
        problem = Problem(name, None, "", f"nested more than {MAX_NESTING} levels deep")
        raise InvalidData(f"{name} is not a vhuis file", [problem])


def _refuse_aliases(document: Any, name: str) -> None:
    seen: set[int] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict | list):
            continue
        if id(node) in seen:
            problem = Problem(name, None, "", "uses YAML anchors and aliases (& and *), which vhuis files never hold")
            raise InvalidData(f"{name} is not a vhuis file", [problem])
        seen.add(id(node))
        stack.extend(node.values() if isinstance(node, dict) else node)


Path_ = Sequence[str | int]


Locate = Callable[[Path_], int | None]
_UNPARSED = object()


class Locator:
    """The lines of fields in one file's text: one parse, however many fields are asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: Any = _UNPARSED

    def __call__(self, path: Path_) -> int | None:
        """The line (1-based) of the node at ``path``, or of its nearest existing parent."""
        if self._root is _UNPARSED:
            self._root = _compose(self._text)
        node = self._root
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for step in path:
            node = _child(node, step)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def _compose(text: str) -> Any:
    try:
        _refuse_deep_nesting(text, "")
        return yaml.compose(text, Loader=_Loader)
    except (InvalidData, yaml.YAMLError, RecursionError):
        return None


def line_of(text: str, path: Path_) -> int | None:
    """The line of one field; for the lines of several fields of one file, ask one Locator."""
    return Locator(text)(path)


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                return value if not isinstance(value, yaml.ScalarNode) or value.value else key
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]
    return None


def field_name(path: Path_) -> str:
    """``("commitments", 2, "due")`` as ``commitments[2].due``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def walk_text(document: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a document, with its path."""
    if isinstance(document, str):
        yield path, document
    elif isinstance(document, dict):
        for key, value in document.items():
            yield from walk_text(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from walk_text(value, (*path, index))
