"""Reading YAML with vhuis's own walk gives exactly what PyYAML's constructor gave: values, keys given twice, errors.

``yamlfile.load`` turns a plain tree (mappings, sequences, text, nulls) into values itself and leaves
anything else (a tag, an alias, a key that is not text) to PyYAML's constructor; its loader tags
untagged nodes with a short rule of its own. The reference here is the old way: the same loader with
PyYAML's own resolver, and PyYAML's ``construct_document`` for every tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE, ROOT, examples
from hypothesis import given, settings
from hypothesis import strategies as st

from vhuis.errors import InvalidData
from vhuis.storage import yamlfile

STR, NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"


class _PyYAMLs(yamlfile._Loader):
    """vhuis's loader as it was: PyYAML's own rule for the tag of an untagged node."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


def built(text: str, construct: Any, loading: type[yamlfile._Loader] = yamlfile._Loader) -> tuple[Any, ...]:
    """The document's repr (order and types count) and the keys noted twice, or what was raised."""
    loader = loading(text)
    try:
        root = loader.get_single_node()
        return repr(None if root is None else construct(loader, root)), loader.twice
    except yaml.YAMLError as error:
        return type(error).__name__, str(error)
    finally:
        loader.dispose()


def pyyaml_built(text: str) -> tuple[Any, ...]:
    """As PyYAML's own constructor builds it with vhuis's loader."""
    return built(text, lambda loader, root: loader.construct_document(root), _PyYAMLs)


def walked(text: str) -> tuple[Any, ...]:
    """As ``load`` builds it now."""
    return built(text, yamlfile._construct)


@contextmanager
def constructed_by_pyyaml() -> Iterator[None]:
    """``load`` as it was: PyYAML's resolver, and its constructor for every document (``get_single_data``)."""
    ours = yamlfile._construct, yamlfile._Loader
    yamlfile._construct = lambda loader, root: loader.construct_document(root)
    yamlfile._Loader = _PyYAMLs  # type: ignore[misc]
    try:
        yield
    finally:
        yamlfile._construct, yamlfile._Loader = ours  # type: ignore[misc]


def outcome(text: str) -> tuple[Any, ...]:
    try:
        return ("value", repr(yamlfile.load(text, "t.yaml")))
    except InvalidData as error:
        return ("invalid", str(error), error.problems)


def old_outcome(text: str) -> tuple[Any, ...]:
    with constructed_by_pyyaml():
        return outcome(text)


# Documents are made as YAML node trees and written by PyYAML's serializer with vhuis's resolver, so a
# mapping may hold a key twice and each scalar and collection gets a style of its own (plain, quoted,
# literal, folded; block or flow); the emitter quotes or tags what a style cannot hold.
class _Writer(yaml.SafeDumper):
    pass


_Writer.yaml_implicit_resolvers = yamlfile._Loader.yaml_implicit_resolvers

TRICKY = ["yes", "no", "1.0", "12", "0x1F", "2026-01-01", "12:30", "~", "null", "", " ", "a: b", "- x", "# kop",
          "&x", "*x", "!x", "<<", "=", "multi\nline\n", "trailing  \n\n", "Ærø ✓ 東京", "\u2028", "'\"",
          "\t"]  # fmt: skip
texts = st.sampled_from(TRICKY) | st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
styles = st.sampled_from([None, "'", '"', "|", ">"])
nulls = st.sampled_from(["", "~", "null", "Null", "NULL"]).map(lambda value: yaml.ScalarNode(NULL, value))
scalars = st.builds(lambda value, style: yaml.ScalarNode(STR, value, style=style), texts, styles) | nulls
keys = st.builds(lambda value, style: yaml.ScalarNode(STR, value, style=style), st.sampled_from(TRICKY[:8]), styles)
trees = st.recursive(
    scalars,
    lambda inner: (
        st.builds(
            lambda items, flow: yaml.SequenceNode("tag:yaml.org,2002:seq", items, flow_style=flow),
            st.lists(inner, max_size=4),
            st.booleans(),
        )
        | st.builds(
            lambda pairs, flow: yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=flow),
            st.lists(st.tuples(keys | nulls, inner), max_size=5),
            st.booleans(),
        )
    ),
    max_leaves=25,
)


@settings(max_examples=examples())
@given(tree=trees, start=st.booleans(), unicode=st.booleans(), width=st.sampled_from([20, 80, 2**31 - 1]))
def test_the_walk_builds_what_pyyamls_constructor_builds(
    tree: yaml.Node, start: bool, unicode: bool, width: int
) -> None:
    text = yaml.serialize(tree, Dumper=_Writer, explicit_start=start, allow_unicode=unicode, width=width)
    assert walked(text) == pyyaml_built(text)
    assert outcome(text) == old_outcome(text)


def test_keys_given_twice_are_noted_breadth_first_as_pyyaml_did() -> None:
    """PyYAML fills a collection only after its parent, so the deeper mapping's key comes second."""
    text = "{x: {y: {p: 1, p: 2}}, z: {q: 1, q: 2}}\n"
    assert walked(text) == pyyaml_built(text)
    assert walked(text)[1] == [("q", 1, 1), ("p", 1, 1)]
    assert "'q' is given twice" in outcome(text)[1].splitlines()[1]


def test_null_keys_written_two_ways_are_one_key_but_not_noted_twice() -> None:
    """``~`` and ``null`` make the same key; PyYAML's loader only noted the same text given twice."""
    text = "~: a\nnull: b\n"
    assert walked(text) == pyyaml_built(text) == ("{None: 'b'}", [])


# What the code before this change (main at 10c86ba) said of each, run by hand and written down.
NOT_PLAIN = {
    "a: !!int 12\n": "t.yaml is not a vhuis file\n  t.yaml:1: uses the YAML tag !!int; vhuis files hold no tags: "
    "write the value plainly",
    "a: !custom x\n": "t.yaml is not a vhuis file\n  t.yaml:1: uses the YAML tag !custom; vhuis files hold no tags: "
    "write the value plainly",
    "a: &x [1]\nb: *x\n": "t.yaml is not a vhuis file\n"
    "  t.yaml:1: uses a YAML anchor (&x); vhuis files hold no anchors or aliases: write the value out\n"
    "  t.yaml:2: uses a YAML alias (*x); vhuis files hold no anchors or aliases: write the value out",
    "? [a, b]\n: c\n": "t.yaml is not valid YAML\n  t.yaml:1: found unhashable key",
    "{[a]: b}\n": "t.yaml is not valid YAML\n  t.yaml:1: found unhashable key",
    "a: !!map [1]\n": "t.yaml is not valid YAML\n  t.yaml:1: expected a mapping node, but found sequence",
    "a: !!seq x\n": "t.yaml is not valid YAML\n  t.yaml:1: expected a sequence node, but found scalar",
    "!!merge <<: {x: 1}\ny: 2\n": "t.yaml is not a vhuis file\n  t.yaml:1: uses the YAML tag !!merge; vhuis files "
    "hold no tags: write the value plainly",
    "a: !!int 1\na: 2\n": "t.yaml is not a vhuis file\n"
    "  t.yaml:1: uses the YAML tag !!int; vhuis files hold no tags: write the value plainly\n"
    "  t.yaml:2: 'a' is given twice in one mapping, at line 1 and at line 2; a key appears once (merge the two "
    "into one)",
}
NOT_PLAIN_TOO = [
    "a: !!timestamp 2026-01-01\n",
    "base: &b {x: 1}\nthis:\n  <<: *b\n",
    "&a [*a]\n",
    "!!set {a, b}\n",
    "- !!binary aGk=\n",
    "a: [&s x, *s]\n",
]


@pytest.mark.parametrize("text", [*NOT_PLAIN, *NOT_PLAIN_TOO])
def test_anything_but_plain_yaml_goes_to_pyyamls_constructor_with_the_same_message(text: str) -> None:
    loader = yamlfile._Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    assert yamlfile._plain(root) is None or "&s" in text  # an aliased scalar is the same text either way
    assert walked(text) == pyyaml_built(text)
    assert outcome(text) == old_outcome(text)
    if text in NOT_PLAIN:
        assert outcome(text)[1] == NOT_PLAIN[text]


STILL_PLAIN = ["<<: {x: 1}\n", "=: x\n", "a: ! 12\n", "? !!null\n: x\n", "a: !!str 12\n", "", "# a comment\n", "text"]


@pytest.mark.parametrize("text", STILL_PLAIN)
def test_what_vhuis_reads_plainly_stays_plain(text: str) -> None:
    """vhuis's loader resolves no merge or value key, ``!`` alone means text, and ``!!str`` and ``!!null``
    are what the walk makes: the same values (``load`` then refuses the tags, as before)."""
    assert walked(text) == pyyaml_built(text)
    assert outcome(text) == old_outcome(text)


def example_files() -> list[Path]:
    found = []
    for name in (*EXAMPLE, "inbox.yaml"):
        path = ROOT / name
        found += sorted(path.rglob("*.yaml")) if path.is_dir() else [path] if path.exists() else []
    return found


@pytest.mark.parametrize("path", example_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_file_loads_as_before_by_the_walk(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loader = yamlfile._Loader(text)
    try:
        assert yamlfile._plain(loader.get_single_node()) is not None  # the quick way, not the fallback
    finally:
        loader.dispose()
    assert walked(text) == pyyaml_built(text)
    assert outcome(text) == old_outcome(text)


def test_vhuis_resolver_has_nothing_the_short_rule_leaves_out() -> None:
    """``_Loader.resolve`` skips wildcard and path resolvers: it is exact only while there are none."""
    assert None not in yamlfile._Loader.yaml_implicit_resolvers
    assert not yamlfile._Loader.yaml_path_resolvers


@pytest.mark.parametrize("value", [*TRICKY, "\n", "null\n", "~ ", "nul", "Nope", "NULL!", "~~"])
def test_the_short_rule_tags_as_pyyamls_rule(value: str) -> None:
    ours, theirs = yamlfile._Loader(""), _PyYAMLs("")
    try:
        for implicit in [(True, False), (False, True), (False, False), (True, True)]:
            assert ours.resolve(yaml.ScalarNode, value, implicit) == theirs.resolve(yaml.ScalarNode, value, implicit)
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            for flag in (True, False):
                assert ours.resolve(kind, None, flag) == theirs.resolve(kind, None, flag)
    finally:
        ours.dispose()
        theirs.dispose()
