"""Markdown escaping: the filters every piece of text from the store passes through in a template.

``md`` for text inside a line, ``cell`` for a table cell, ``block`` for free text
of its own; so that no title or summary can break the minutes' headings, lists
or tables (docs/templates.md, "Filters").
"""

from __future__ import annotations

import re

_ALWAYS = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING = re.compile(r"^(\d{1,9})([.)])|^([#+=-])")
_TRAILING_HASHES = re.compile(r"(\s)(#+)$")


def md(value: object) -> str:
    """Inline text: one line, with everything that could start or change Markdown structure escaped."""
    text = " ".join(str(value).split())
    text = _ENTITY.sub(r"\\&", _ALWAYS.sub(r"\\\1", text))
    text = _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
    return _TRAILING_HASHES.sub(lambda m: m[1] + "".join(f"\\{c}" for c in m[2]), text)


def cell(value: object) -> str:
    """Text in a table cell: inline text, ``|`` escaped, line breaks as spaces; empty stays empty."""
    return "" if value is None else md(value)


def block(value: object) -> str:
    """Free text as paragraphs: each paragraph one escaped line, blank lines between them."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return "\n\n".join(md(p) for p in paragraphs if p.strip())
