"""vhuis report --format md|html|pdf|csv: one document, the same numbers in every format (issue 17, item 2).

The example store (Dutch) is rendered once for this module, in every format, through the
command line; the tests read each format back (CSV rows, HTML cells, Markdown table rows,
the PDF's text) and compare it with the others and with --json.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROOT, TODAY, Invoke, git
from typer.testing import CliRunner

from vhuis import i18n
from vhuis.cli.app import app
from vhuis.documents import charts
from vhuis.documents.reportdoc import report_document
from vhuis.documents.reportformats import csv_files, to_html, to_markdown
from vhuis.domain.period import FollowUp, Period, PeriodReport, PlanBalance, Tally, Trend
from vhuis.domain.report import Attendance, Report
from vhuis.vocab import CaseStatus, Phase

PERIOD = ("--from", "2026-01-01", "--to", "2026-12-31")
NUMBERS_OF_GOALS = ("goals", "reached", "partly", "not_reached", "unrated")
Rows = list[list[str]]


@dataclass
class Rendered:
    folder: Path
    data: dict[str, Any]  # --json
    md: str
    html: str
    csv: dict[str, Rows]  # file name without .csv -> its rows, the header first
    pdf: bytes
    said: str  # what --format pdf said on stderr


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rendered]:
    """The example store's report for 2026 in every format, made once: through the CLI, as a user makes it."""
    folder = tmp_path_factory.mktemp("report-formats")
    store = folder / "store"
    store.mkdir()
    for name in EXAMPLE:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, store / name)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("HOME", str(folder))
        env.setenv("GIT_CONFIG_NOSYSTEM", "1")
        env.setenv("GIT_CONFIG_GLOBAL", str(folder / ".gitconfig"))
        for who in ("AUTHOR", "COMMITTER"):
            env.setenv(f"GIT_{who}_NAME", "Sarah Test")
            env.setenv(f"GIT_{who}_EMAIL", "sarah.test@genk.example")
        env.setenv("VHUIS_TODAY", TODAY)
        env.setenv("VHUIS_STORE", str(store))
        env.setenv("NO_COLOR", "1")
        git(store, "init", "-q", "-b", "main")
        git(store, "add", "-A")
        git(store, "commit", "-q", "-m", "example")
        runner = CliRunner()

        def run(*args: str) -> tuple[str, str]:
            result = runner.invoke(app, ["report", *PERIOD, *args])
            assert result.exit_code == 0, result.stderr
            return result.stdout, result.stderr

        data = json.loads(run("--json")[0])
        md = run("--format", "md", "--out", "-")[0]
        page = run("--format", "html", "--out", "-")[0]
        run("--format", "csv", "--out", str(folder / "cijfers"))
        said = run("--out", str(folder / "jaarverslag.pdf"))[1]  # the name says pdf
    tables = {}
    for path in sorted((folder / "cijfers").iterdir()):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: a spreadsheet reads it as UTF-8
        tables[path.stem] = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    yield Rendered(folder, data, md, page, tables, (folder / "jaarverslag.pdf").read_bytes(), said)


def html_tables(page: str) -> dict[str, Rows]:
    found = {}
    for name, body in re.findall(r'<table id="([^"]+)"[^>]*>(.*?)</table>', page, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        found[name] = [[html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]
    return found


def md_tables(text: str) -> list[Rows]:
    tables: list[Rows] = []
    current: Rows | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            current = None
            continue
        if current is None:
            current = []
            tables.append(current)
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        if all(re.fullmatch(r"\s*-+:?\s*", c) for c in cells):
            continue  # the line under the header
        current.append([re.sub(r"\\(.)", r"\1", c.strip()) for c in cells])
    return tables


def numbers(rows: Rows, *columns: int) -> list[list[int]]:
    return [[int(row[c]) for c in columns] for row in rows[1:]]


def test_md_html_csv_and_json_agree_on_every_number(rendered: Rendered) -> None:
    """Done when (issue 17): the same numbers in every format, read back from each."""
    tables = rendered.csv
    page = html_tables(rendered.html)
    assert list(page) == [
        "overview",
        "by_month",
        "by_theme",
        "by_area",
        "by_municipality",
        "attendance",
        "follow_up",
        "balance",
        "closed_cases",
    ]
    assert page == tables  # every cell, the headers too
    assert md_tables(rendered.md) == list(page.values())

    data = rendered.data
    assert [row[1] for row in tables["overview"][1:]] == [
        str(n)
        for n in (
            data["opened"],
            data["closed"],
            data["dismissed"],
            data["still_open"],
            data["trend"]["signals"],
            data["trend"]["previous_signals"],
            data["meetings_held"],
        )
    ]
    assert [(r[0], int(r[1])) for r in tables["by_month"][1:]] == [(m["month"], m["count"]) for m in data["by_month"]]
    for name, key in (("by_theme", "theme"), ("by_area", "area"), ("by_municipality", "municipality")):
        assert numbers(tables[name], 1, 2, 3) == [[t["count"], t["previous"], t["difference"]] for t in data[name]]
        assert [r[0] for r in tables[name][1:] if not r[0].startswith("(")] == [t[key] for t in data[name] if t[key]]
    assert numbers(tables["attendance"], 1, 2, 3, 4, 5) == [
        [a["invited"], a["present"], a["excused"], a["absent"], a["unrecorded"]] for a in data["attendance"]
    ]
    assert numbers(tables["follow_up"], 1, 2, 3, 4, 5) == [
        [f["on_time"], f["late"], f["open"], f["overdue"], f["escalated"]] for f in data["follow_up"]
    ]
    assert [[r[0], *r[3:9]] for r in tables["balance"][1:]] == [
        [b["case"], *(str(n) for n in (b["preventive"], b["repressive"], *b["phases"].values()))]
        for b in data["balance"]
    ]
    assert [[r[0], r[3], r[4], *r[5:10]] for r in tables["closed_cases"][1:]] == [
        [c["case"], c["closed"], c["evaluated"] or "", *(str(c[k]) for k in NUMBERS_OF_GOALS)]
        for c in data["closed_cases"]
    ]


def test_the_pdf_opens_has_pages_and_the_same_totals(rendered: Rendered) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for heading in ("Welke problemen zijn er?", "Nemen alle partners deel?", "Doet elke partner wat hij beloofde?"):
        assert heading in text
    for label, number in rendered.csv["overview"][1:]:
        assert f"{label} {number}" in text
    assert "pagina 1 van" in text
    assert "jaarverslag.pdf" in rendered.said


def test_the_html_is_one_file_with_inline_charts(rendered: Rendered) -> None:
    page = rendered.html
    assert page.count("<svg") == 4  # signals per month, per theme, per area; follow-up per partner
    assert "size: A4" in page and '"pagina " counter(page) " van " counter(pages)' in page  # printed on A4
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    assert not re.search(r"<script|<link|@import|url\(", page, re.I)
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        ET.fromstring(svg)  # well-formed, so a browser and fpdf2 read it


def test_csv_is_one_file_per_table_with_a_header_row(rendered: Rendered) -> None:
    assert rendered.csv["follow_up"][0][:2] == ["partner", "tijdig nagekomen"]
    assert rendered.csv["by_month"][1:] and all(len(row) == 2 for row in rendered.csv["by_month"])
    raw = (rendered.folder / "cijfers" / "by_theme.csv").read_bytes()
    assert raw.count(b"\r\n") == len(rendered.csv["by_theme"])  # CRLF line ends, one per row


def test_labels_are_escaped_in_charts_tables_and_markdown() -> None:
    i18n.activate("nl")
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    made = PeriodReport(
        period,
        Report(period.end, [], [], []),
        trend=Trend(period.previous, 3, 1),
        by_theme=[Tally("<&> | *x*", 3, 1)],
        by_area=[Tally("A</text><script>", 3, 0)],
        by_month=[(m, 1 if m == "2026-02" else 0) for m in period.months],
        attendance=[Attendance("politie", 2, 1, 1, 0)],
        follow_up=[FollowUp("<b>", 1, 0, 2, 1, 0)],
        balance=[PlanBalance("2026-004", None, CaseStatus.active, 1, 0, dict.fromkeys(Phase, 0))],
    )
    document = report_document(made, "Huis & Co", {}, date(2026, 11, 28))
    page = to_html(document)
    assert "<script>" not in page and "<b>" not in page
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        tree = ET.fromstring(svg)
        texts = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
        assert any(t in texts for t in ("<&> | *x*", "A</text><script>", "<b>", "feb"))
    cells = html_tables(page)
    assert cells["by_theme"][1][0] == "<&> | *x*"
    assert "closed_cases" not in cells  # no case was closed: the sentence says so, no empty table
    assert cells["balance"][1][:2] == ["2026-004", "(vertrouwelijk)"]  # a confidential case's title is never shown
    files = csv_files(document)
    assert len(files) == 9 and files["closed_cases.csv"].decode("utf-8-sig").count("\r\n") == 1  # the header
    assert md_tables(to_markdown(document))[2][1][0] == "<&> | *x*"
    assert "\\<\\&\\> \\| \\*x\\*" in to_markdown(document)
    svg = charts.bar_chart("<&>", ["<&>"], [1])
    assert "&lt;&amp;&gt;" in svg
    assert ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title").text == "<&>"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--format", "docx"), "'docx'"),
        (("--format", "csv", "--out", "cijfers.csv"), "--out"),
        (("--format", "csv", "--out", "-"), "--out"),
        (("--format", "pdf", "--json"), "--json"),
        (("--out", "verslag.txt"), "--format"),
    ],
)
def test_bad_output_options_are_refused_and_nothing_is_written(
    args: tuple[str, ...],
    said: str,
    example_store: Path,
    vhuis: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = vhuis("report", *PERIOD, *args, store=example_store)
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    assert list(work.iterdir()) == []


def test_a_column_chart_of_three_years_names_twelve_months_and_keeps_its_viewbox() -> None:
    months = [f"{year}-{month:02d}" for year in (2024, 2025, 2026) for month in range(1, 13)]
    svg = charts.column_chart("Signalen per maand", months, [1] * 36, heading=False)
    tree = ET.fromstring(svg)
    named = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text") if t.get("font-size") == "10"]
    assert named == months[::3]
    assert tree.get("viewBox") == f"0 0 {charts.WIDTH} {tree.get('height')}"
    assert len(list(tree.iter("{http://www.w3.org/2000/svg}rect"))) == 36
