"""The office's words (vhuis/documents/words.py): every language has every word the documents use."""

from __future__ import annotations

from vhuis.documents.words import LABELS, LOCALES, labels, terms
from vhuis.vocab import CaseStatus, Language, MeasureStatus, MeasureType, Phase, Source


def test_every_language_has_every_word() -> None:
    assert set(LOCALES) == set(Language)
    for language in Language:
        assert labels(language).keys() == LABELS.keys()
        assert terms(language).keys() == terms(Language.en).keys()


def test_every_value_of_a_closed_vocabulary_has_a_word_in_the_minutes() -> None:
    needed = {v.value for vocabulary in (CaseStatus, Source, MeasureType, Phase) for v in vocabulary}
    needed |= {f"measure.{s.value}" for s in MeasureStatus}

    for language in Language:
        assert needed - terms(language).keys() == set(), language
