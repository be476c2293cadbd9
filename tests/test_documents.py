"""The office's words (vhuis/documents/words.py): every language has every word the documents use."""

from __future__ import annotations

from vhuis.documents.words import CALENDAR, LABELS, LOCALES, REMINDER, TERMS
from vhuis.vocab import CaseStatus, Language, MeasureStatus, MeasureType, Phase, Source


def test_every_language_has_every_word() -> None:
    for table in (LABELS, TERMS, REMINDER):
        assert set(table) == set(Language)
        assert table[Language.nl].keys() == table[Language.en].keys()
    assert set(CALENDAR) == set(LOCALES) == set(Language)


def test_every_value_of_a_closed_vocabulary_has_a_word_in_the_minutes() -> None:
    needed = {v.value for vocabulary in (CaseStatus, Source, MeasureType, Phase) for v in vocabulary}
    needed |= {f"measure.{s.value}" for s in MeasureStatus}

    for language in Language:
        assert needed - TERMS[language].keys() == set(), language
