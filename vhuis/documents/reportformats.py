"""The period report's document (reportdoc.py) written as Markdown, HTML, PDF or CSV files.

Each writer lays out the same tables cell by cell (``cell_text``), so the numbers
agree in every format. Markdown leaves the charts out (its tables hold their
numbers); HTML is one self-contained file (inline CSS, charts as inline SVG,
nothing fetched, print CSS for A4); the PDF is laid out by fpdf2 as the minutes
are (core fonts, so Latin-1: export.latin1), the charts placed as SVG; CSV is one
file per table (docs/report.md says why UTF-8 with a BOM and which separator).
fpdf2 is imported inside the function.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from vhuis.documents.export import CSS, latin1
from vhuis.documents.reportdoc import Cell, Chart, ReportDocument, Table, cell_text

if TYPE_CHECKING:
    from fpdf import FPDF
from vhuis.errors import InvalidInput, VhuisError, WriteFailed
from vhuis.i18n import _
from vhuis.storage.outfile import cannot_write, write_output

FORMATS = ("md", "html", "pdf", "csv")
WIDE = 8  # a table of more columns is set in a smaller type, to fit an A4 page

REPORT_CSS = """
table { width: auto; min-width: 45%; max-width: 100%; font-size: 9pt; }
th, td { padding: 2px 5px; }
th { vertical-align: bottom; }
table.wide { font-size: 7.5pt; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { max-width: 100%; height: auto; }
.period { color: #444; margin: 0 0 1.2em; }
h3 { font-size: 10.5pt; }
"""


def _numeric(table: Table, index: int) -> bool:
    """A column of numbers (and empty cells) is aligned to the right."""
    cells = [c for c in table.column(index) if c is not None and c != ""]
    return bool(cells) and all(isinstance(c, int) for c in cells)


# -- Markdown -----------------------------------------------------------------


_MARKUP = re.compile(r"([\\|<>&*_`\[\]])")


def _md_cell(value: Cell) -> str:
    """A cell's text with Markdown's marks escaped (a '|' would split the cell, a '<' start HTML)."""
    return _MARKUP.sub(r"\\\1", cell_text(value).replace("\n", " ")) or " "


def to_markdown(document: ReportDocument) -> str:
    lines = [f"# {document.title}", "", f"*{document.subtitle}*", ""]
    for section in document.sections:
        lines += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        for part in section.shown():  # a chart is left out: its numbers are in its table
            right = [_numeric(part, i) for i in range(len(part.columns))]
            lines += [f"### {part.title}", ""]
            lines.append("| " + " | ".join(_md_cell(c) for c in part.columns) + " |")
            lines.append("| " + " | ".join("---:" if r else "---" for r in right) + " |")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in part.rows]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# -- HTML ---------------------------------------------------------------------


def _html_table(table: Table) -> str:
    """The table's title, its chart (inline SVG) and the table; the cells escaped."""
    right = [_numeric(table, i) for i in range(len(table.columns))]

    def cls(i: int) -> str:
        return ' class="n"' if right[i] else ""

    head = "".join(f"<th{cls(i)}>{escape(c)}</th>" for i, c in enumerate(table.columns))
    body = "\n".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(cell_text(c))}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    chart = table.chart.svg() + "\n" if table.chart is not None and table.chart.labels else ""
    wide = ' class="wide"' if len(table.columns) > WIDE else ""
    return (
        f"<h3>{escape(table.title)}</h3>\n{chart}"
        f'<table id="{escape(table.name)}"{wide}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'
    )


def _page_numbers() -> str:
    """Print CSS for 'pagina 2 van 5' under every printed page, in the words of the PDF's footer."""
    words = re.split(r"(\{page\}|\{pages\})", _("page {page} of {pages}"))
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    content = " ".join(
        counters.get(word) or '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"' for word in words if word
    )
    return f"@page {{ @bottom-center {{ content: {content}; font: 8pt sans-serif; color: #555; }} }}\n"


def to_html(document: ReportDocument) -> str:
    """One self-contained page: inline CSS and SVG, no script, nothing from elsewhere; A4 when printed."""
    body = [f"<h1>{escape(document.title)}</h1>", f'<p class="period">{escape(document.subtitle)}</p>']
    for section in document.sections:
        body.append(f"<h2>{escape(section.heading)}</h2>")
        body += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
        body += [_html_table(table) for table in section.shown()]
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{CSS}{REPORT_CSS}{_page_numbers()}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# -- PDF ----------------------------------------------------------------------

_TITLE = re.compile(r"<title>.*?</title>", re.S)
PAGE_WIDTH = 174  # mm between the margins of A4 (210 - 2 x 18)
CELL_PADDING = (0.8, 1.2)  # mm: above and below, left and right of a table cell's text


SIZES = (8.5, 8.0, 7.5, 7.0)  # a table's font size in points: the largest at which its longest words fit well


@dataclass(frozen=True)
class Measures:
    """Per column of a table, in mm at 1 pt (a text's width grows with its font size): its longest word,
    and its longest cell on one line, the heading in bold; measured once, each distinct text once."""

    word: list[float]
    text: list[float]

    def at(self, size: float) -> tuple[list[float], list[float]]:
        """The widths at font ``size``, the cell's padding included."""
        pad = 2 * CELL_PADDING[1] + 0.8  # the cell's padding left and right, and a little air
        return [w * size + pad for w in self.word], [t * size + pad for t in self.text]


def _measure(pdf: FPDF, table: Table) -> Measures:
    widths: dict[tuple[str, str], float] = {}

    def width(text: str, style: str = "") -> float:
        found = widths.get((text, style))
        if found is None:
            pdf.set_font("helvetica", style, 1)
            found = widths[text, style] = pdf.get_string_width(text)
        return found

    word, text = [], []
    for i, heading in enumerate(table.columns):
        cells = {cell_text(row[i]) for row in table.rows}
        word.append(max([*(width(w, "B") for w in heading.split()), *(width(w) for c in cells for w in c.split()), 0]))
        text.append(max([width(heading, "B"), *(width(c) for c in cells), 0]))
    return Measures(word, text)


def _widths(measures: Measures, size: float) -> list[float]:
    """Column widths in mm at font ``size``: each at least its longest word, the room left shared out evenly,
    a column needing less than its share getting what it needs; a narrow table stays narrow."""
    word, text = measures.at(size)
    if sum(text) <= PAGE_WIDTH:
        return text
    # The line is too short for every cell on one line: each column gets its longest word, then the room
    # left is shared out evenly, a column that needs less than its share getting what it needs (so a short
    # remark stays on one line and the long titles share the rest).
    if sum(word) >= PAGE_WIDTH:  # too many columns even for their longest words: narrower, words are cut
        return [w * PAGE_WIDTH / sum(word) for w in word]
    widths = list(word)
    room = PAGE_WIDTH - sum(word)
    wanting = sorted((t - w, i) for i, (t, w) in enumerate(zip(text, word, strict=True)) if t > w)
    while wanting:
        share = room / len(wanting)
        need, i = wanting.pop(0)
        given = min(need, share)
        widths[i] += given
        room -= given
    return widths


def _pdf_svg(chart: Chart | None) -> tuple[str, float]:
    """The chart as fpdf2 draws it (Latin-1 text, no <title>) and its height in mm at the page's width."""
    if chart is None or not chart.labels:
        return "", 0.0
    svg = _TITLE.sub("", latin1(chart.svg()))
    found = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert found is not None
    return svg, PAGE_WIDTH * int(found[2]) / int(found[1])


def _room(table: Table) -> float:
    """The height (mm) kept together on a page: the table's title, its chart and its first rows."""
    return 8 + _pdf_svg(table.chart)[1] + min(5 * (len(table.rows) + 1), 60)


def _pdf_table(pdf: FPDF, table: Table) -> None:
    """The table's title, its chart, then the table: headings repeated on a new page, rows never split."""
    from io import BytesIO

    from fpdf.fonts import FontFace

    svg, _height = _pdf_svg(table.chart)
    if pdf.will_page_break(_room(table)):
        pdf.add_page()
    pdf.set_font("helvetica", "B", 10.5)
    pdf.multi_cell(0, 6, latin1(table.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    if svg:
        pdf.image(BytesIO(svg.encode("utf-8")), w=PAGE_WIDTH)
        pdf.ln(2)
    plain = Table(
        table.name,
        table.title,
        tuple(latin1(c) for c in table.columns),
        tuple(tuple(latin1(cell_text(c)) for c in row) for row in table.rows),
    )
    measures = _measure(pdf, plain)
    size = next((n for n in SIZES if sum(measures.at(n)[0]) <= 0.9 * PAGE_WIDTH), SIZES[-1])
    widths = _widths(measures, size)
    right = [_numeric(table, i) for i in range(len(table.columns))]
    pdf.set_font("helvetica", size=size)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        align="LEFT",
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        line_height=size / 2,
        padding=CELL_PADDING,
        text_align=tuple("RIGHT" if r else "LEFT" for r in right),
    ) as layout:
        for row in (plain.columns, *plain.rows):
            line = layout.row()
            for value in row:
                line.cell(cell_text(value))
    pdf.ln(4)


def to_pdf(document: ReportDocument) -> bytes:
    """The report as an A4 PDF: selectable text, tables with their headings on every page, charts as vectors."""
    from fpdf import FPDF
    from fpdf.errors import FPDFException

    footer = _("page {page} of {pages}")
    title = latin1(document.title)

    class Report(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("helvetica", size=8)
            self.set_text_color(90)
            self.cell(0, 8, latin1(footer.format(page=self.page_no(), pages="{nb}")), align="C")
            self.set_text_color(0)

    pdf = Report(format="A4")
    pdf.set_title(title)
    pdf.set_creator("vhuis")
    pdf.set_lang(document.language)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    try:
        pdf.set_font("helvetica", "B", 17)
        pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        pdf.set_text_color(70)
        pdf.multi_cell(0, 6, latin1(document.subtitle), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        for section in document.sections:
            shown = section.shown()
            first = _room(shown[0]) if shown else 0
            if pdf.will_page_break(min(40 + first, 200)):  # the heading stays with its text and first table
                pdf.add_page()
            pdf.ln(4)
            pdf.set_font("helvetica", "B", 13)
            pdf.multi_cell(0, 7, latin1(section.heading), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
            pdf.set_font("helvetica", size=10)
            for paragraph in section.paragraphs:
                pdf.multi_cell(0, 5, latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
            for table in section.shown():
                _pdf_table(pdf, table)
        return bytes(pdf.output())
    except (FPDFException, NotImplementedError) as error:  # a word wider than its column, say: name it, write nothing
        raise VhuisError(
            _(
                "the PDF could not be laid out ({error}); nothing was written. --format html gives the same report"
            ).format(error=error)
        ) from None


# -- CSV ----------------------------------------------------------------------


def csv_delimiter(language: str) -> str:
    """The separator a spreadsheet of that language splits on when the file is opened: ';' in Dutch, ',' in English."""
    return ";" if language == "nl" else ","


def to_csv(table: Table, delimiter: str = ",") -> str:
    """One table as CSV text: a header row, then the rows; CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([cell_text(c) for c in row] for row in table.rows)
    return buffer.getvalue()


def csv_files(document: ReportDocument) -> dict[str, bytes]:
    """``NAME.csv`` -> its bytes, one per table: UTF-8 with a byte order mark, so a spreadsheet reads it as UTF-8."""
    delimiter = csv_delimiter(document.language)
    return {f"{table.name}.csv": to_csv(table, delimiter).encode("utf-8-sig") for table in document.tables()}


def render(document: ReportDocument, form: str) -> str | bytes:
    """The report in ``form`` (md, html or pdf); CSV is a folder of files (csv_files)."""
    if form == "md":
        return to_markdown(document)
    if form == "html":
        return to_html(document)
    if form == "pdf":
        return to_pdf(document)
    raise ValueError(form)


def check_out(form: str, out: Path | None) -> None:
    """Refuse an ``--out`` that cannot take ``form``, before the report is made: CSV needs a folder."""
    if form != "csv" or out is None:
        return
    if str(out) == "-":
        raise InvalidInput(
            _("csv is one file per table and cannot go to the screen; give a folder, e.g. --out tables"),
            "out",
        )
    if out.exists() and not out.is_dir():
        raise InvalidInput(
            _("{path} is a file; csv is one file per table, written into a folder: give a folder").format(path=out),
            "out",
        )
    if not out.exists() and out.suffix.lower() == ".csv":
        raise InvalidInput(
            _(
                "{path} looks like a file name; csv is one file per table, written into a folder: "
                "give a folder, e.g. {example}"
            ).format(path=out, example=out.with_suffix("")),
            "out",
        )


def default_out(document: ReportDocument, form: str) -> Path:
    """Where the report goes without ``--out``: ``jaarverslag-2026.pdf`` (a folder ``jaarverslag-2026`` for csv)."""
    return Path(document.stem if form == "csv" else f"{document.stem}.{form}")


def write_report(document: ReportDocument, form: str, out: Path | None) -> list[Path]:
    """Write the report as ``form`` to ``out`` (default_out without it); the files written, not committed.

    A file is replaced in one step (storage/outfile.py); a CSV folder is made when missing, and only
    its tables' files are replaced in it.
    """
    check_out(form, out)
    target = out if out is not None else default_out(document, form)
    if form == "csv":
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WriteFailed(cannot_write("--out", target, error)) from None
        written = []
        for name, data in csv_files(document).items():
            write_output(target / name, data, "--out")
            written.append(target / name)
        return written
    write_output(target, render(document, form), "--out", default_out(document, form).name)
    return [target]
