"""Minutes as a fixed record (the store as it was at the meeting) and in the formats people open (md, html, pdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store, git, head

from vhuis.documents.minutes import guard_record, render_minutes
from vhuis.errors import ExitCode, FixedRecord
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


def test_committed_minutes_that_would_change_are_refused_and_force_rewrites_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vhuis: Invoke
) -> None:
    store = make_store(tmp_path / "store", monkeypatch)
    assert vhuis("minutes", "2026-03-15", store=store).exit_code == 0
    again = vhuis("minutes", "2026-03-15", store=store)
    assert again.exit_code == 0
    assert "minutes/2026-03-15.md is up to date; nothing to commit" in again.stderr
    committed = head(store)
    case = store / "cases/2026-001.yaml"
    decided = "decisions:\n  - {date: 2026-03-15, text: Extra toezicht.}"
    case.write_text(case.read_text().replace("decisions: []", decided))
    git(store, "commit", "-q", "-am", "a decision recorded later")
    before = head(store)
    refused = vhuis("minutes", "2026-03-15", store=store)
    assert refused.exit_code == ExitCode.CONFLICT
    assert "minutes/2026-03-15.md are committed" in refused.stderr
    assert "  +- Extra toezicht." in refused.stderr
    assert "(lines: 1 added, 1 removed)" in refused.stderr
    assert "'vhuis minutes 2026-03-15 --force' rewrites them" in refused.stderr
    assert head(store) == before
    assert git(store, "show", f"{committed}:minutes/2026-03-15.md") == (store / "minutes/2026-03-15.md").read_text()
    forced = vhuis("minutes", "2026-03-15", "--force", store=store)
    assert forced.exit_code == 0, forced.stderr
    assert "- Extra toezicht.\n" in (store / "minutes/2026-03-15.md").read_text()
    assert git(store, "log", "-1", "--format=%s") == "meeting 2026-03-15: update minutes\n"


def test_approved_minutes_are_never_rewritten_not_even_with_force() -> None:
    with pytest.raises(FixedRecord, match="approved at the meeting of 2026-04-12 and are never rewritten") as refused:
        guard_record("minutes/2026-03-15.md", date(2026, 3, 15), "a\nb\n", "a\nc\n", date(2026, 4, 12), force=True)
    assert "  -b\n  +c\n  (lines: 1 added, 1 removed)" in str(refused.value)
    guard_record("minutes/2026-03-15.md", date(2026, 3, 15), "a\n", "b\n", None, force=True)  # not approved: goes on


@pytest.mark.parametrize("template", [None, "kort"])
def test_no_mermaid_in_the_markdown_unless_charts_are_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str | None
) -> None:
    store = Store(make_store(tmp_path / "store", monkeypatch))
    assert "```mermaid" not in render_minutes(store, date(2026, 3, 15), template)
    charted = render_minutes(store, date(2026, 3, 15), template, charts=True)
    assert '```mermaid\nxychart-beta\n    title "Signals per month"\n    x-axis ["2026-03"]\n' in charted
