"""Minutes as a fixed record (the store as it was at the meeting) and in the formats people open (md, html, pdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, build_store, git

from vhuis.documents.minutes import render_minutes
from vhuis.storage.store import Store

MEETING = """
date: 2026-03-15
title: Overleg Veiligheidshuis Genk
present: [preventiedienst, politie]
excused: []
absent: []
cases: [2026-001]
notes: null
"""


def make_store(root: Path, monkeypatch: pytest.MonkeyPatch, language: str = "en") -> Path:
    """A store committed on 2026-03-10, before its meeting of 2026-03-15."""
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-03-10T12:00:00")
    files = {
        "vhuis.yaml": f"name: Veiligheidshuis Genk\ncity: Genk\nlanguage: {language}\n",
        "partners.yaml": PARTNERS,
        "cases/2026-001.yaml": CASE,
        "meetings/2026-03-15.yaml": MEETING,
    }
    store = build_store(root, files)
    monkeypatch.delenv("GIT_COMMITTER_DATE")
    return store


def change_case_later(store: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, when: str) -> None:
    path = store / "cases/2026-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    monkeypatch.setenv("GIT_COMMITTER_DATE", when)
    git(store, "commit", "-q", "-am", "a later change")
    monkeypatch.delenv("GIT_COMMITTER_DATE")


def test_a_case_s_status_in_the_minutes_is_its_status_at_the_end_of_the_meeting_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(tmp_path / "store", monkeypatch)
    change_case_later(store, monkeypatch, "status: reported", "status: analysis", "2026-03-15T16:00:00")
    before = render_minutes(Store(store), date(2026, 3, 15))
    assert "Status: under analysis" in before  # changed during the meeting day: counts
    change_case_later(store, monkeypatch, "status: analysis", "status: planned", "2026-03-20T09:00:00")
    after = render_minutes(Store(store), date(2026, 3, 15))
    assert after == before
    assert "planned" not in after
