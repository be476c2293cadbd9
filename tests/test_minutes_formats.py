"""Minutes as a fixed record (the store as it was at the meeting) and in the formats people open (md, html, pdf)."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
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


# -- html and pdf ----------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class Checked(HTMLParser):
    """Every element closed in order; every attribute that would fetch something noted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: set[str] = set()
        self.fetches: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.fetches += [f"{tag} {k}={v}" for k, v in attrs if k in ("src", "href") or (v or "").startswith("http")]
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # <hr />, <rect ... />
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()


def test_the_html_is_one_valid_page_that_fetches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vhuis: Invoke
) -> None:
    store = make_store(tmp_path / "store", monkeypatch)
    before = head(store)
    result = vhuis("minutes", "2026-03-15", "--format", "html", "--charts", store=store)
    assert result.exit_code == 0, result.stderr
    assert "minutes/2026-03-15.html (not committed)" in result.stderr
    page = (store / "minutes/2026-03-15.html").read_text(encoding="utf-8")
    checked = Checked()
    checked.feed(page)
    checked.close()
    assert checked.open == []
    assert checked.fetches == ["svg xmlns=http://www.w3.org/2000/svg"]  # a name, not fetched
    assert {"link", "script", "img", "iframe"}.isdisjoint(checked.tags)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "@page { size: A4;" in page
    assert "<svg" in page and "<title>Signals per month</title>" in page and "mermaid" not in page
    assert "<h2>1. Overlast aan het station</h2>" in page
    assert head(store) == before


ACTION = (
    "Actie {n} rond het café met een lange omschrijving die over meerdere regels loopt "
    "zodat de rij hoog wordt en de tabel over twee pagina's gaat, {n}"
)
DUTCH = CASE.replace("title: Overlast aan het station", "title: Overlast aan het café en de naïeve ruïne")


def test_the_pdf_keeps_e_acute_and_diaeresis_numbers_its_pages_and_never_splits_a_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vhuis: Invoke
) -> None:
    from pypdf import PdfReader

    actions = [
        f"  - {{id: C{n}, partner: politie, action: {json.dumps(ACTION.format(n=n))}, made: 2026-03-15, "
        "due: 2026-04-30, measure: null, status: open, done: null}"
        for n in range(1, 31)
    ]
    store = make_store(tmp_path / "store", monkeypatch, "nl")
    case = store / "cases/2026-001.yaml"
    case.write_text(DUTCH.replace("commitments: []", "commitments:\n" + "\n".join(actions)).lstrip("\n"))
    git(store, "commit", "-q", "-am", "commitments")
    out = tmp_path / "verslag.pdf"
    result = vhuis("minutes", "2026-03-15", "--format", "pdf", "--out", str(out), store=store)
    assert result.exit_code == 0, result.stderr
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    assert len(pages) > 2
    assert "Overlast aan het café en de naïeve ruïne" in pages[0]
    assert "verslag van het overleg van 15 maart 2026" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {len(pages)}" in text
    for n in range(1, 31):  # each row whole on one page, in the commitments table and in the action list
        row = f"Actie {n} rond het café met een lange omschrijving die over meerdere regels loopt"
        ends = f"twee pagina's gaat, {n}"
        whole = sum(row in text and ends in text.split(row, 1)[1][:200] for text in pages)
        assert whole >= 2, n


def test_a_table_cell_with_markup_is_laid_out_in_the_pdf() -> None:
    """The follow-up of the action list marks an overrun in bold inside a cell, which fpdf2 cannot nest."""
    import io

    from pypdf import PdfReader

    from vhuis.documents.export import to_pdf

    markdown = "| Dossier | Opmerking |\n| --- | --- |\n| 2026-003 | nog open: **termijn 23 dagen overschreden** |\n"
    text = PdfReader(io.BytesIO(to_pdf(markdown, "Verslag"))).pages[0].extract_text()
    assert "termijn 23 dagen overschreden" in " ".join(text.split())
