"""Reading store files that careless hands, pasted text or a plain git merge left behind (issues 11 and 12)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import CASE, PARTNERS, Invoke, build_store

from vhuis.errors import InvalidData
from vhuis.store import Store

SETTINGS = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: nl\n"
COMMITMENT = """
  - id: {id}
    partner: politie
    action: {action}
    made: 2026-03-15
    due: 2026-04-30
    measure: null
    status: open
    done: null
"""
KEPT = CASE.replace("commitments: []", "commitments:" + COMMITMENT.format(id="C1", action="Patrouilles op vrijdag"))
PASTED = "commitments:" + COMMITMENT.format(id="C2", action="Camera plaatsen")
OTHER = CASE.replace("2026-001", "2026-002").replace(
    "commitments: []", "commitments:" + COMMITMENT.format(id="C1", action="Verlichting")
)


def line_of(text: str, start: str, after: int = 0) -> int:
    """The 1-based line of the first line starting with ``start`` after line ``after``."""
    lines = text.lstrip("\n").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and line.startswith(start))


def store_of(tmp_path: Path, files: dict[str, str]) -> Path:
    return build_store(tmp_path / "store", {"vhuis.yaml": SETTINGS, "partners.yaml": PARTNERS, **files})


# -- issue 11 item 17: the lines of many problems cost one parse -------------------------------


def signals(count: int, date: str, summary: str) -> str:
    return "".join(
        f"  - id: S{n}\n    date: {date}\n    source: citizen\n    partner: null\n    summary: {summary.format(n=n)}\n"
        for n in range(1, count + 1)
    )


def with_signals(rows: str) -> str:
    top, rest = CASE.lstrip("\n").split("signals:\n", 1)
    return top + "signals:\n" + rows + rest[rest.index("analysis:") :]


def test_a_case_with_1500_bad_dates_is_read_quickly_with_every_line(tmp_path: Path) -> None:
    store = Store(store_of(tmp_path, {"cases/2026-001.yaml": with_signals(signals(1500, "2026-02-30", "Melding"))}))
    started = time.perf_counter()

    with pytest.raises(InvalidData) as raised:
        store.case("2026-001")

    assert time.perf_counter() - started < 10  # one parse per problem took minutes
    problems = raised.value.problems
    assert len(problems) == 1500
    assert [p.line for p in problems[:2]] == [15, 20] and problems[-1].line == 15 + 5 * 1499
    assert problems[-1].field == "signals[1499].date"


def test_check_finds_the_lines_of_1000_privacy_findings_quickly(tmp_path: Path, vhuis: Invoke) -> None:
    rows = signals(1000, "2026-03-01", "Bel mevrouw op 0470 12 {n:04d}")
    store = store_of(tmp_path, {"cases/2026-001.yaml": with_signals(rows)})
    started = time.perf_counter()

    checked = vhuis("check", "--json", store=store)

    assert time.perf_counter() - started < 20
    found = json.loads(checked.stdout)["problems"]
    assert len(found) == 1000
    assert [(p["line"], p["field"]) for p in found[:2]] == [(18, "signals[0].summary"), (23, "signals[1].summary")]
