"""vhuis triage: the open inbox signals bundled by area or group and theme, flagged at the office's threshold."""

from __future__ import annotations

import typer

from vhuis.cli import output
from vhuis.cli.common import JsonOption, OnOption, StoreOption, store_of
from vhuis.i18n import NP_, _, ngettext, pgettext

TRIAGE_COLUMNS = [
    NP_("table column", "where"),
    NP_("table column", "theme"),
    NP_("table column", "signals"),
    NP_("table column", "recent"),
    NP_("table column", "ids"),
    NP_("table column", "case?"),
]


def triage(ctx: typer.Context, on: OnOption = None, json: JsonOption = False, store: StoreOption = None) -> None:
    """Bundle the open inbox signals by area or group and theme; flag the bundles that ask for a case."""
    from vhuis.clock import today
    from vhuis.domain.intake import read_inbox, triage

    found = store_of(ctx, store)
    day = on or today()
    threshold = found.settings.triage
    bundles = triage(read_inbox(found), day, threshold)
    if json:
        output.emit_json([bundle.as_json() for bundle in bundles])
        return
    if not bundles:
        output.say(_("no open signals in the inbox on {day}").format(day=day))
        return
    rows = [
        [
            b.area or b.group,
            b.theme or "-",
            b.count,
            b.recent,
            ", ".join(b.signals),
            _("yes") if b.over_threshold else "",
        ]
        for b in bundles
    ]
    window = ngettext(
        "Open inbox signals on {day}: a bundle with {signals} or more in {days} day asks for a case",
        "Open inbox signals on {day}: a bundle with {signals} or more in {days} days asks for a case",
        threshold.days,
    ).format(day=day, signals=threshold.signals, days=threshold.days)
    output.table([pgettext(*column) for column in TRIAGE_COLUMNS], rows, title=window)
    for bundle in (b for b in bundles if b.over_threshold):
        sources = " ".join(f"--from {signal}" for signal in bundle.signals)
        output.say(
            _(
                "{where} ({theme}): open a case with 'vhuis case new TITLE {sources}', "
                "or move them into one with 'vhuis signal link {first} CASE'"
            ).format(
                where=bundle.area or bundle.group, theme=bundle.theme or "-", sources=sources, first=bundle.signals[0]
            )
        )
