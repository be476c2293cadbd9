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
    """The safe C loader, noting every key given twice in one mapping (PyYAML keeps the last one silently)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.twice: list[tuple[str, int, int]] = []  # (key, line of the first, line of the second)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if len(node.value) > 1:
            first: dict[tuple[str, str], yaml.Node] = {}
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    seen = first.setdefault((key.tag, key.value), key)
                    if seen is not key:
                        self.twice.append((key.value, seen.start_mark.line + 1, key.start_mark.line + 1))
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # one date object in two fields is written out twice: vhuis files hold no anchors


_SURROGATE = re.compile("[\ud800-\udfff]")
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
    """The canonical text of a document (a dict or list of plain values); never one with a lone surrogate.

    PyYAML would write a surrogate (what Python makes of a byte that is not UTF-8) as an escape that no
    YAML reader takes back, so the file would no longer load: refuse it here, whoever let it through.
    """
    broken = [
        Problem("", None, field_name(path), "holds text that is not valid Unicode (a byte that is not UTF-8?)")
        for path, text in walk_text(document)
        if _SURROGATE.search(text)
    ]
    if broken:
        raise InvalidData("text that is not valid Unicode cannot be written; nothing was changed", broken)
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
    _refuse_conflict_markers(text, name)
    _refuse_deep_nesting(text, name)
    loader = _Loader(text)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        if "could not determine a constructor" in str(error):  # an unknown tag: it composed, so it scans
            tags = _markup(text, name) or [Problem(name, line, "", str(error.problem))]
            raise InvalidData(f"{name} is not a vhuis file", tags) from None
        what = error.problem or "not valid YAML"
        raise InvalidData(f"{name} is not valid YAML", [Problem(name, line, "", what)]) from None
    except yaml.YAMLError as error:
        raise InvalidData(f"{name} is not valid YAML", [Problem(name, None, "", str(error))]) from None
    except RecursionError:
        raise InvalidData(f"{name} is not valid YAML", [Problem(name, None, "", "nested too deeply")]) from None
    finally:
        loader.dispose()
    problems = _markup(text, name) + [
        Problem(
            name,
            second,
            "",
            f"{key!r} is given twice in one mapping, at line {first} and at line {second}; "
            "a key appears once (merge the two into one)",
        )
        for key, first, second in loader.twice
    ]
    if problems:
        raise InvalidData(f"{name} is not a vhuis file", sorted(problems, key=lambda p: p.line or 0))
    return document


_CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|>{7})(?:[ \t][^\n]*)?\r?$|^(={7})\r?$", re.MULTILINE)


def _refuse_conflict_markers(text: str, name: str) -> None:
    """Lines a plain ``git merge`` leaves around a clash; YAML would only say it expected a ':'."""
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return
    markers: list[tuple[int, str]] = []
    line, counted = 1, 0
    for match in _CONFLICT_MARKER.finditer(text):
        line, counted = line + text.count("\n", counted, match.start()), match.start()
        markers.append((line, match.group(1) or match.group(2)))
    if not markers:
        return
    shown = [(line, marker) for line, marker in markers if marker == "<<<<<<<"] or markers[:1]
    settle = (
        "keep the lines you want and delete the marker lines (<<<<<<<, =======, >>>>>>>), "
        f"or take one side whole: git checkout --ours {name} (or --theirs), then git add {name}"
    )
    problems = [
        Problem(name, line, "", f"unresolved merge conflict ({marker}) at line {line}: {settle}")
        for line, marker in shown
    ]
    raise InvalidData(f"{name} has an unresolved merge conflict", problems)


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


# A tag (!), anchor (&) or alias (*) token starts a line or follows a blank or a flow indicator;
# only files with such a spot are scanned for tokens, which costs about half a parse.
_MAYBE_MARKUP = re.compile(r"(?:^|[\s\[{,:?\ufeff])[!&*]", re.MULTILINE)


def _markup(text: str, name: str) -> list[Problem]:
    """Every YAML tag, anchor and alias in ``text`` (which parses): vhuis files hold none of them."""
    if not _MAYBE_MARKUP.search(text):
        return []
    found = []
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.TagToken):
            handle, suffix = token.value
            what = f"uses the YAML tag {handle or ''}{suffix or ''}; vhuis files hold no tags: write the value plainly"
        elif isinstance(token, yaml.AnchorToken):
            what = f"uses a YAML anchor (&{token.value}); vhuis files hold no anchors or aliases: write the value out"
        elif isinstance(token, yaml.AliasToken):
            what = f"uses a YAML alias (*{token.value}); vhuis files hold no anchors or aliases: write the value out"
        else:
            continue
        found.append(Problem(name, token.start_mark.line + 1, "", what))
    return found


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
