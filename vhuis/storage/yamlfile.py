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
from vhuis.i18n import N_, _

MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 100
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

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

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """The tag of a node written without one: PyYAML's rule for vhuis's resolvers, without its detours.

        libyaml's composer asks this of every node, and PyYAML's general rule (wildcard resolvers, path
        resolvers, a list joined per scalar) was about a quarter of composing. vhuis has neither kind
        (tests/test_yaml_fast.py checks), so a plain scalar is null when the null resolver for its first
        character matches, else text, as before.
        """
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Path resolvers follow the nesting; vhuis has none, so there is nothing to follow."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        """Never an anchor or alias: vhuis refuses them on reading, so it must never write one (a date used twice)."""
        return True


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
        Problem("", None, field_name(path), _("holds text that is not valid Unicode (a byte that is not UTF-8?)"))
        for path, text in walk_text(document)
        if _SURROGATE.search(text)
    ]
    if broken:
        raise InvalidData(_("text that is not valid Unicode cannot be written; nothing was changed"), broken)
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
        said = _("{size} bytes; a vhuis file holds at most {most}").format(
            size=f"{len(raw):,}", most=f"{MAX_FILE_BYTES:,}"
        )
        raise InvalidData(_("{file} is too large").format(file=name), [Problem(name, None, "", said)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        said = _("byte {byte} is not UTF-8; save the file as UTF-8").format(byte=f"{raw[error.start]:#04x}")
        raise InvalidData(_("{file} is not UTF-8 text").format(file=name), [Problem(name, line, "", said)]) from None


def load(text: str, name: str) -> Any:
    """Parse one YAML document; every failure becomes InvalidData naming the file and line."""
    _refuse_conflict_markers(text, name)
    _refuse_deep_nesting(text, name)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        document = None if root is None else _construct(loader, root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        if "could not determine a constructor" in str(error):  # an unknown tag: it composed, so it scans
            tags = _markup(text, name) or [Problem(name, line, "", str(error.problem))]
            raise InvalidData(_("{file} is not a vhuis file").format(file=name), tags) from None
        what = yaml_says(error.problem) if error.problem else _("not valid YAML")
        raise InvalidData(not_yaml(name), [Problem(name, line, "", what)]) from None
    except yaml.YAMLError as error:
        raise InvalidData(not_yaml(name), [Problem(name, None, "", str(error))]) from None
    except RecursionError:
        raise InvalidData(not_yaml(name), [Problem(name, None, "", _("nested too deeply"))]) from None
    finally:
        loader.dispose()
    problems = _markup(text, name) + [
        Problem(
            name,
            second,
            "",
            _(
                "{key} is given twice in one mapping, at line {first} and at line {second}; "
                "a key appears once (merge the two into one)"
            ).format(key=repr(key), first=first, second=second),
        )
        for key, first, second in loader.twice
    ]
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise InvalidData(_("{file} is not a vhuis file").format(file=name), problems)
    return document


def _construct(loader: _Loader, root: yaml.Node) -> Any:
    """The document of a composed tree: vhuis's own walk when it is plain, else PyYAML's constructor.

    PyYAML's constructor serves every tag, alias and merge key, with bookkeeping for each node: more
    than half of a load. A vhuis file is mappings, sequences, text and nulls, which a direct walk turns
    into values at a fraction of that. A tree with anything else goes to PyYAML's constructor whole,
    so its values, errors and lines stay exactly what they were.
    """
    plain = _plain(root)
    if plain is None:
        return loader.construct_document(root)
    document, twice = plain
    loader.twice.extend(twice)
    return document


_NOT_PLAIN = object()


def _start(node: yaml.Node) -> Any:
    """A scalar's value, or a new empty list or dict for a collection; _NOT_PLAIN for any other tag."""
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        return node.value if tag == _STR_TAG else None if tag == _NULL_TAG else _NOT_PLAIN
    if kind is yaml.MappingNode and tag == _MAP_TAG:
        return {}
    if kind is yaml.SequenceNode and tag == _SEQ_TAG:
        return []
    return _NOT_PLAIN


def _plain(root: yaml.Node) -> tuple[Any, list[tuple[str, int, int]]] | None:
    """What PyYAML's constructor makes of ``root`` and the keys given twice; None if it is not plain.

    Not plain: a tag other than str, null, seq and map (explicit or custom; ``<<`` is a merge key
    only when tagged ``!!merge``, vhuis's loader resolves no merge key), a key that is not a scalar,
    a collection met twice (an alias). An aliased scalar may stay: it is the same text either way.
    Breadth first, with a queue rather than recursion, as PyYAML's constructor goes (it fills each
    collection only after its parent), so keys given twice are noted in the same order and no depth
    can overflow.
    """
    document = _start(root)
    if document is _NOT_PLAIN:
        return None
    twice: list[tuple[str, int, int]] = []
    queue: list[tuple[Any, Any]] = [] if type(root) is yaml.ScalarNode else [(root, document)]
    met: set[int] = set()
    for node, into in queue:  # grows while it is walked
        if id(node) in met:
            return None
        met.add(id(node))
        if isinstance(into, list):
            for child in node.value:
                value = _start(child)
                if value is _NOT_PLAIN:
                    return None
                into.append(value)
                if type(child) is not yaml.ScalarNode:
                    queue.append((child, value))
            continue
        for key_node, child in node.value:
            key = _start(key_node) if type(key_node) is yaml.ScalarNode else _NOT_PLAIN
            value = _start(child)
            if key is _NOT_PLAIN or value is _NOT_PLAIN:
                return None
            into[key] = value
            if type(child) is not yaml.ScalarNode:
                queue.append((child, value))
        if len(into) < len(node.value):  # two keys made one: the same text and tag, or ~ and null
            first: dict[tuple[str, str], yaml.Node] = {}
            for key_node, _value in node.value:  # as _Loader.construct_mapping notes them
                seen = first.setdefault((key_node.tag, key_node.value), key_node)
                if seen is not key_node:
                    twice.append((key_node.value, seen.start_mark.line + 1, key_node.start_mark.line + 1))
    return document, twice


def not_yaml(name: str) -> str:
    """The summary of a file YAML cannot read (vhuis.collab.changes tells such a version by it)."""
    return _("{file} is not valid YAML").format(file=name)


# What libyaml says most often about a file typed by hand (its own English is the message id): these
# read in the active language, anything else in libyaml's words.
YAML_SAYS = frozenset(
    {
        N_("mapping values are not allowed here"),
        N_("could not find expected ':'"),
        N_("found character that cannot start any token"),
        N_("found unexpected end of stream"),
        N_("did not find expected key"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
    }
)


def yaml_says(problem: str) -> str:
    return _(problem) if problem in YAML_SAYS else problem


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
    said = _(
        "unresolved merge conflict ({marker}) at line {line}: keep the lines you want and delete the marker lines "
        "(<<<<<<<, =======, >>>>>>>), or take one side whole: git checkout --ours {file} (or --theirs), "
        "then git add {file}"
    )
    problems = [Problem(name, line, "", said.format(marker=marker, line=line, file=name)) for line, marker in shown]
    raise InvalidData(_("{file} has an unresolved merge conflict").format(file=name), problems)


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
        problem = Problem(name, None, "", _("nested more than {levels} levels deep").format(levels=MAX_NESTING))
        raise InvalidData(_("{file} is not a vhuis file").format(file=name), [problem])


# A tag (!), anchor (&) or alias (*) token starts a line or follows a blank or a flow indicator;
# only files with such a spot are scanned for tokens, which costs about half a parse.
_MAYBE_MARKUP = re.compile(r"(?:^|[\s\[{,:?\ufeff])[!&*]", re.MULTILINE)


def _markup(text: str, name: str) -> list[Problem]:
    """Every YAML tag, anchor and alias in ``text`` (which parses): vhuis files hold none of them."""
    if ("!" not in text and "&" not in text and "*" not in text) or not _MAYBE_MARKUP.search(text):
        return []  # the first test is about fifty times quicker than the search, which tries every spot
    found = []
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.TagToken):
            handle, suffix = token.value
            what = _("uses the YAML tag {tag}; vhuis files hold no tags: write the value plainly").format(
                tag=f"{handle or ''}{suffix or ''}"
            )
        elif isinstance(token, yaml.AnchorToken):
            what = _(
                "uses a YAML anchor (&{name}); vhuis files hold no anchors or aliases: write the value out"
            ).format(name=token.value)
        elif isinstance(token, yaml.AliasToken):
            what = _("uses a YAML alias (*{name}); vhuis files hold no anchors or aliases: write the value out").format(
                name=token.value
            )
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
