"""Charts as SVG for the report: horizontal bars, monthly columns and stacked bars.

Small on purpose, and written for two readers: a browser (the HTML report, inline)
and fpdf2 (the PDF, ``pdf.image``), whose SVG support knows rect, line and text
with ``text-anchor`` and a plain font family, and no CSS. So every chart is plain
shapes and text, in a fixed ``viewBox`` (its size does not depend on the viewer),
every label escaped, every value written beside its bar (a chart is readable
without its colours), and fills of clearly different darkness, so a print in
black and white tells the series apart; a legend names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 640  # the viewBox's width: about the width of an A4 page's text
ROW = 22  # the height of one bar of a horizontal chart
TOP = 30  # room for the title
CHAR = 6.2  # the width of a character at font-size 11, about, to fit the labels
LABEL_MOST = 42  # characters of a label; a longer one is cut with an ellipsis
COLUMNS_NAMED = 12  # a column chart names at most this many columns under its axis
INK = "#1f1f1f"
BAR = "#4f6f8f"  # one series: a mid-dark blue-grey, black text beside it
# Stacked series: fills of clearly different darkness, so black-and-white print tells them apart, each with
# the colour of the count written on it. The last is the darkest: the report puts what needs attention there.
SHADES = (("#a9c1d9", INK), ("#5b7fa6", "#ffffff"), ("#ffffff", INK), ("#1d3557", "#ffffff"))


def _label(text: str) -> str:
    cut = text if len(text) <= LABEL_MOST else text[: LABEL_MOST - 1].rstrip() + "…"
    return escape(cut)


def _open(title: str, height: int, heading: bool) -> tuple[list[str], int]:
    """The start of a chart of ``height`` (without its heading), and where its drawing starts: under the heading."""
    top = TOP if heading else 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{WIDTH}" height="{height + top}" viewBox="0 0 {WIDTH} {height + top}" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="11" fill="{INK}">',
        f"<title>{escape(title)}</title>",
    ]
    if heading:
        parts.append(f'<text x="0" y="15" font-size="13" font-weight="bold">{escape(title)}</text>')
    return parts, top


def _label_width(labels: Sequence[str]) -> int:
    longest = max((min(len(label), LABEL_MOST) for label in labels), default=0)
    return min(int(longest * CHAR) + 12, WIDTH // 2)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[int], heading: bool = True) -> str:
    """One horizontal bar per label, its value beside it; the longest bar fills the width.

    Without ``heading`` the title is only the SVG's title (the page around it has the heading).
    """
    left = _label_width(labels)
    room = WIDTH - left - 40  # leave room for the value after the longest bar
    most = max([*values, 1])
    parts, top = _open(title, ROW * max(len(labels), 1) + 4, heading)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * ROW
        length = round(room * value / most, 1)
        parts += [
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{_label(label)}</text>',
            f'<rect x="{left}" y="{y + 3}" width="{length}" height="{ROW - 6}" fill="{BAR}"/>',
            f'<text x="{left + length + 4}" y="{y + 14}">{value}</text>',
        ]
    end = top + ROW * max(len(labels), 1)
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{end}" stroke="{INK}" stroke-width="1"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def column_chart(title: str, labels: Sequence[str], values: Sequence[int], heading: bool = True) -> str:
    """One column per label (a month), its value on top, the labels under the axis.

    More than COLUMNS_NAMED columns: every second (third...) one is named, and a value is written on a
    column only while the columns are wide enough for it (the table under the chart has them all).
    """
    tallest = 130
    parts, top = _open(title, tallest + 46, heading)
    base = top + tallest + 22  # room above the tallest column for its value
    count = max(len(labels), 1)
    step = (WIDTH - 20) / count
    width = round(step * 0.7, 1)
    most = max([*values, 1])
    every = -(-count // COLUMNS_NAMED)  # name one column in ``every``
    parts.append(f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{INK}" stroke-width="1"/>')
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = round(10 + i * step + (step - width) / 2, 1)
        middle = round(x + width / 2, 1)
        length = round(tallest * value / most, 1)
        parts.append(f'<rect x="{x}" y="{base - length}" width="{width}" height="{length}" fill="{BAR}"/>')
        if step >= CHAR * (len(str(value)) + 1):
            parts.append(f'<text x="{middle}" y="{base - length - 4}" text-anchor="middle">{value}</text>')
        if i % every == 0:
            parts.append(
                f'<text x="{middle}" y="{base + 15}" text-anchor="middle" font-size="10">{_label(label)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def stacked_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], heading: bool = True
) -> str:
    """One horizontal bar per label made of the series side by side, each part with its count; a legend on top.

    At most four series (SHADES); a part too narrow for its count leaves it out, the table has it.
    """
    if len(series) > len(SHADES):
        raise ValueError(f"at most {len(SHADES)} series, not {len(series)}")
    left = _label_width(labels)
    room = WIDTH - left - 10
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    most = max([*totals, 1])
    parts, top = _open(title, 28 + ROW * max(len(labels), 1) + 4, heading)
    legend = top + 12
    x = 0.0
    for (name, _values), (shade, _text) in zip(series, SHADES, strict=False):
        parts += [
            f'<rect x="{x}" y="{legend - 10}" width="12" height="12" fill="{shade}" '
            f'stroke="{INK}" stroke-width="0.8"/>',
            f'<text x="{x + 17}" y="{legend}">{_label(name)}</text>',
        ]
        x += 17 + min(len(name), LABEL_MOST) * CHAR + 18
    first = legend + 12
    for i, label in enumerate(labels):
        y = first + i * ROW
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{_label(label)}</text>')
        at = float(left)
        for (_name, values), (shade, colour) in zip(series, SHADES, strict=False):
            value = values[i]
            if not value:
                continue
            length = round(room * value / most, 1)
            parts.append(
                f'<rect x="{at}" y="{y + 3}" width="{length}" height="{ROW - 6}" fill="{shade}" '
                f'stroke="{INK}" stroke-width="0.8"/>'
            )
            if length >= 8 + CHAR * len(str(value)):
                parts.append(
                    f'<text x="{round(at + length / 2, 1)}" y="{y + 14}" text-anchor="middle" '
                    f'fill="{colour}">{value}</text>'
                )
            at = round(at + length, 1)
    parts.append("</svg>")
    return "\n".join(parts)
