"""The message catalogs: every message the code marks is translated, and the compiled files say what the .po says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from vhuis import i18n
from vhuis.vocab import TERMS, CaseStatus, Phase, Source, term

ROOT = Path(__file__).resolve().parent.parent


def _catalog_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("catalog", ROOT / "scripts" / "catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalog"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_in_the_code_has_a_dutch_translation(tmp_path: Path) -> None:
    catalog = _catalog_script()
    template = tmp_path / "vhuis.pot"
    catalog.extract(template)
    with template.open("rb") as file:
        assert len(list(read_po(file))) > len(TERMS)  # the extraction found the code's messages
    assert catalog.missing("nl", template) == [], "run 'python scripts/catalog.py' and translate what it names"


def test_the_compiled_catalog_says_what_the_po_file_says() -> None:
    with (i18n.LOCALE_DIR / "nl" / "LC_MESSAGES" / "vhuis.po").open("rb") as file:
        written = read_po(file)
    compiled = i18n.catalog("nl")
    for message in written:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            for n, form in ((1, message.string[0]), (2, message.string[1])):
                if message.context:
                    assert compiled.npgettext(message.context, *message.id, n) == form, message.id
                else:
                    assert compiled.ngettext(*message.id, n) == form, message.id
        elif message.context:
            assert compiled.pgettext(message.context, message.id) == message.string, message.id
        else:
            assert compiled.gettext(message.id) == message.string, message.id


def test_values_read_in_the_active_language() -> None:
    try:
        i18n.activate("nl")
        assert [term(Source.citizen), term(CaseStatus.active), term(Phase.aftercare)] == [
            "burger",
            "in uitvoering",
            "opvolging",
        ]
        i18n.activate("en")
        assert [term(Source.citizen), term(CaseStatus.active)] == ["citizen", "active"]
    finally:
        i18n.activate(i18n.DEFAULT)


def test_one_dutch_word_never_names_two_things() -> None:
    """Within one field each Dutch word names one value, and a word shared by two fields means the same there."""
    i18n.activate("nl")
    try:
        meaning: dict[str, set[str]] = {}
        for value in TERMS:
            meaning.setdefault(term(value), set()).add(value.value)
        assert {word: values for word, values in meaning.items() if len(values) > 1} == {}
    finally:
        i18n.activate(i18n.DEFAULT)


def test_values_of_two_vocabularies_spelled_alike_keep_their_own_words() -> None:
    """A StrEnum member equals its string: a plain dict would give a case 'planned' the words of a measure's."""
    from vhuis.vocab import CommitmentStatus, MeasureStatus, PartnerKind

    assert TERMS[CaseStatus.planned] == ("case status", "planned")
    assert TERMS[MeasureStatus.planned] == ("measure status", "planned")
    assert TERMS[Source.police] == ("signal source", "police")
    assert TERMS[PartnerKind.police] == ("partner kind", "police")
    assert TERMS[CommitmentStatus.done] == ("commitment status", "done")
    assert len(TERMS) == sum(len(kind) for kind in {type(member) for member in TERMS})
