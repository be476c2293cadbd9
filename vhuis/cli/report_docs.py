"""vhuis report --format/--out: the period report written as a document (docs/report.md, "The report as a document").

The options, the format a name says, and the writing; vhuis/documents/reportdoc.py makes the
document and reportformats.py lays it out. Everything heavy is imported inside the functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vhuis.cli import output
from vhuis.cli.params import Form
from vhuis.clock import today
from vhuis.i18n import _, ngettext

if TYPE_CHECKING:
    from vhuis.domain.period import PeriodReport
    from vhuis.storage.store import Store

ReportForm = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        parser=Form("md", "html", "pdf", "csv"),
        help="Write the report as a document: md, html (one file, charts inline, for print and e-mail), pdf, "
        "or csv (one file per table, into the folder --out names).",
        show_default=False,
    ),
]
ReportOut = Annotated[
    str | None,
    typer.Option(
        "--out",
        metavar="PATH",
        help="The file (a folder for csv; '-' prints md, html or pdf). "
        "Default: jaarverslag-2026.pdf, or verslag-FROM-TO.pdf, in the current folder.",
        show_default=False,
    ),
]


def document_form(form: str | None, out: str | None, json: bool) -> str | None:
    """The document's format: ``--format``, else what the name ``--out`` gives says; None for the terminal."""
    from vhuis.errors import InvalidInput

    if json and (form is not None or out is not None):
        option = "--format" if form is not None else "--out"
        raise InvalidInput(
            _("--json writes the report's data to stdout and does not go with {option}; leave one out").format(
                option=option
            )
        )
    if form is None and out is not None:
        form = Path(out).suffix.lower().removeprefix(".")
        if form not in ("md", "html", "pdf"):
            raise InvalidInput(
                _("{path} does not say which format to write; add --format md, html, pdf or csv").format(path=out),
                "out",
            )
    if form == "csv":
        from vhuis.documents.reportformats import check_out

        check_out(form, Path(out) if out is not None else None)
    return form


def write_document(found: Store, made: PeriodReport, form: str, out: str | None) -> None:
    """Write the period report as ``form`` to ``out`` (a file, a folder for csv, '-' for stdout); say where."""
    from vhuis.documents.reportdoc import report_document
    from vhuis.documents.reportformats import render, write_report

    names = {partner.id: partner.name for partner in found.partners.values()}
    document = report_document(made, found.settings.name, names, today())
    if out == "-":
        output.emit_document(render(document, form))
        return
    written = write_report(document, form, Path(out) if out is not None else None)
    if form == "csv":
        folder = written[0].parent if written else Path(out or document.stem)
        output.done(
            ngettext("{n} table written to {folder}", "{n} tables written to {folder}", len(written)).format(
                n=len(written), folder=folder
            )
        )
    else:
        output.done(_("report written to {file}").format(file=written[0]))
