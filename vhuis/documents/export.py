"""The minutes in the formats people open: one self-contained HTML file, and a PDF made from it.

The Markdown the template renders is the record (minutes.py); these are exports of it.
HTML: markdown-it-py, raw HTML in the Markdown shown as text, images as their
description, print CSS for A4, a Mermaid bar chart (``--charts``) as inline SVG:
nothing is fetched from elsewhere. PDF: fpdf2 (pure Python) lays out that HTML with
its core fonts (Latin-1: é, ë, ï, ç stay; a character beyond it becomes its nearest
Latin-1 form), a page number in every footer, table rows kept whole.
markdown-it-py and fpdf2 are imported inside the functions.
"""

from __future__ import annotations

import html
import re
from typing import Any

from vhuis.errors import VhuisError
from vhuis.i18n import _

CSS = """
@page { size: A4; margin: 20mm 18mm 22mm; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111;
  max-width: 180mm; margin: 0 auto; padding: 1em; }
h1 { font-size: 18pt; margin: 0 0 .4em; }
h2 { font-size: 13.5pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1em 0 .3em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr, li, svg { break-inside: avoid; page-break-inside: avoid; }
svg { display: block; margin: .5em 0 1em; }
hr { border: 0; border-top: 1px solid #999; }
@media print { body { max-width: none; padding: 0; } }
"""

_LIST = re.compile(r"\[([^\]]*)\]")


def _numbers(line: str) -> list[str]:
    found = _LIST.search(line)
    return [v.strip().strip('"') for v in found[1].split(",")] if found and found[1].strip() else []


def bar_chart(source: str) -> str | None:
    """A Mermaid ``xychart-beta`` bar chart (as the default templates draw it) as inline SVG; None if it is not one."""
    lines = [line.strip() for line in source.splitlines()]
    if not lines or lines[0] != "xychart-beta":
        return None
    title, months, counts = "", [], []
    for line in lines[1:]:
        if line.startswith("title "):
            title = line.removeprefix("title ").strip().strip('"')
        elif line.startswith("x-axis"):
            months = _numbers(line)
        elif line.startswith("bar"):
            try:
                counts = [int(float(v)) for v in _numbers(line)]
            except ValueError:
                return None
    if not counts or len(months) != len(counts):
        return None
    top, width, height, step = max(max(counts), 1), 60 + 48 * len(counts), 170, 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
        f"<title>{html.escape(title)}</title>",
        f'<text x="4" y="14" font-size="11" font-weight="bold">{html.escape(title)}</text>',
        f'<line x1="40" y1="140" x2="{width - 10}" y2="140" stroke="#666"/>',
    ]
    for i, (month, count) in enumerate(zip(months, counts, strict=True)):
        bar = round(110 * count / top)
        x = 48 + i * step
        parts += [
            f'<rect x="{x}" y="{140 - bar}" width="{step - 14}" height="{bar}" fill="#4a78a8"/>',
            f'<text x="{x + (step - 14) / 2}" y="{136 - bar}" text-anchor="middle">{count}</text>',
            f'<text x="{x + (step - 14) / 2}" y="154" text-anchor="middle">{html.escape(month)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def _parser(charts: bool) -> Any:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML

    def render_fence(self: RendererHTML, tokens: Any, index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        if token.info.strip() == "mermaid":
            drawn = bar_chart(token.content) if charts else None
            return drawn + "\n" if drawn is not None else ""
        return RendererHTML.fence(self, tokens, index, options, env)

    def render_image(self: RendererHTML, tokens: Any, index: int, options: Any, env: Any) -> str:
        return html.escape(tokens[index].content)  # its description: nothing is fetched

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    parser.add_render_rule("fence", render_fence)
    parser.add_render_rule("image", render_image)
    return parser


def body_html(markdown: str, charts: bool = True) -> str:
    """The Markdown as HTML, without the page around it; Mermaid charts as SVG (or left out without ``charts``)."""
    return str(_parser(charts).render(markdown))


def to_html(markdown: str, title: str, language: str) -> str:
    """One self-contained HTML page: no script, no stylesheet or image from elsewhere; print CSS for A4."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body_html(markdown)}</body>\n</html>\n"
    )


_TABLE = re.compile(r"<table>.*?</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t([hd])>(.*?)</t[hd]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain_cells(table: re.Match[str]) -> re.Match[str]:
    """The table with its cells' inline markup (``**overschreden**``) dropped: fpdf2 lays out plain cells only."""
    plain = _CELL.sub(lambda cell: f"<t{cell[1]}>{_TAG.sub('', cell[2])}</t{cell[1]}>", table[0])
    found = _TABLE.fullmatch(plain)
    assert found is not None
    return found


def _widths(table: re.Match[str]) -> str:
    """A table whose columns fit their longest word, the rest of the line shared by how much more text they hold.

    Set on the first row, where fpdf2 reads it; a page line holds about 85 characters.
    """
    rows = [[html.unescape(_TAG.sub("", c[1])) for c in _CELL.findall(row)] for row in _ROW.findall(table[0])]
    if not rows or not rows[0]:
        return table[0]
    columns = range(len(rows[0]))
    cells = [[row[i] for row in rows if i < len(row)] for i in columns]
    word = [max(len(w) for text in column for w in [*text.split(), ""]) + 2 for column in cells]
    text = [max(min(max(len(t) for t in column), 60) + 2, w) for column, w in zip(cells, word, strict=True)]
    room = max(85 - sum(word), 0)
    more = sum(t - w for t, w in zip(text, word, strict=True)) or 1
    need = [w + room * (t - w) / more for t, w in zip(text, word, strict=True)]
    shares = iter(f"{100 * n / sum(need):.1f}%" for n in need)
    return re.sub(r"<th>", lambda _: f'<th width="{next(shares, "")}">', table[0], count=len(columns))


_NEAREST = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "•": "-",
        "€": "EUR",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def latin1(text: str) -> str:
    """Text the PDF's core fonts can show: typographic marks as their plain form, anything else beyond Latin-1 '?'."""
    return text.translate(_NEAREST).encode("latin-1", errors="replace").decode("latin-1")


def to_pdf(markdown: str, title: str) -> bytes:
    """The minutes as a PDF (A4): selectable text, tables whose rows are not split, 'page N of M' in each footer."""
    from fpdf import FPDF
    from fpdf.errors import FPDFException

    footer = _("page {page} of {pages}")

    class Minutes(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("helvetica", size=8)
            self.set_text_color(90)
            text = latin1(footer.format(page=self.page_no(), pages="{nb}"))
            self.cell(0, 8, text, align="C")

    pdf = Minutes(format="A4")
    pdf.set_title(latin1(title))
    pdf.set_creator("vhuis")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    body = _TABLE.sub(lambda table: _widths(_plain_cells(table)), latin1(body_html(markdown, charts=False)))
    try:
        pdf.write_html(body, font_family="helvetica", ul_bullet_char="-", table_line_separators=True)
        return bytes(pdf.output())
    except (FPDFException, NotImplementedError) as error:  # a word wider than its column, say: name it, write nothing
        raise VhuisError(
            _(
                "the PDF could not be laid out ({error}); nothing was written. --format html gives the same minutes"
            ).format(error=error)
        ) from None
