"""vhuis agenda DATE: the proposed agenda of a meeting, each case with its reasons; --apply writes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import PARTNERS, Invoke, build_store, clean, git, head
from vhuis.domain.agenda import Item, Reason, apply_agenda, propose
from vhuis.errors import InvalidInput
from vhuis.storage.store import Store

DAY = date(2026, 12, 10)  # the meeting; the one before it is on 2026-11-12
LAST = date(2026, 11, 12)


def case(
    number: int,
    status: str = "active",
    opened: str = "2026-06-01",
    signals: tuple[str, ...] = (),
    commitments: tuple[str, ...] = (),
    analysis: bool = True,
    decisions: tuple[str, ...] = (),
) -> str:
    """A case file: ``commitments`` as 'due' or 'due:done' (made 2026-05-01, owed by the police)."""
    lines = [
        f"id: 2026-{number:03d}",
        f"title: Case {number}",
        "approach: area",
        "area: Centrum",
        f"status: {status}",
        f"opened: {opened}",
        "lead: preventiedienst",
    ]
    if status in ("closed", "dismissed"):
        lines.append("closed: 2026-11-01")
    lines.append("signals:" if signals else "signals: []")
    lines += [f"  - {{id: S{i}, date: {d}, source: citizen, summary: Overlast}}" for i, d in enumerate(signals, 1)]
    lines.append("analysis: {problem: Overlast in het centrum}" if analysis else "analysis: null")
    lines.append("commitments:" if commitments else "commitments: []")
    for i, spec in enumerate(commitments, 1):
        due, _, done = spec.partition(":")
        state = f", status: done, done: {done}" if done else ""
        lines.append(f"  - {{id: C{i}, partner: politie, action: Patrouille, made: 2026-05-01, due: {due}{state}}}")
    lines.append("decisions:" if decisions else "decisions: []")
    lines += [f"  - {{date: {d}, text: Besproken}}" for d in decisions]
    return "\n".join(lines) + "\n"


MEETING = "date: 2026-11-12\ntitle: Overleg\npresent: [politie]\ncases: [2026-003]\n"

CASES = {
    1: case(1, signals=("2026-10-01", "2026-11-20")),  # a signal since the last meeting: new-signals
    2: case(2, signals=("2026-11-12", "2026-12-11")),  # on the last meeting's day, after the meeting: none
    3: case(3, commitments=("2026-11-10",)),  # due before the last meeting, 30 days late: overdue
    4: case(4, commitments=("2026-11-30", "2026-12-20", "2026-11-01:2026-11-05")),  # due since: due-before-meeting
    5: case(5, status="reported", analysis=False),  # awaiting-analysis
    6: case(6, status="analysis"),  # in analysis with an analysis: none
    7: case(7, status="monitoring"),  # quiet since 2026-06-01: evaluation-due
    8: case(8, status="monitoring", decisions=("2026-11-01",)),  # quiet since 2026-11-01: none
    9: case(9, commitments=("2026-10-01",)),  # 70 days late: overdue and escalated
    10: case(10, status="closed", signals=("2026-11-20",), commitments=("2026-10-01",)),  # closed: never
    11: case(11, status="reported", opened="2026-12-11", analysis=False),  # opened after the meeting: not yet
}


def files(language: str = "en", meetings: bool = True) -> dict[str, str]:
    found = {
        "vhuis.yaml": f"name: Veiligheidshuis Test\ncity: Genk\nlanguage: {language}\n",
        "partners.yaml": PARTNERS,
        **{f"cases/2026-{n:03d}.yaml": text for n, text in CASES.items()},
    }
    if meetings:
        found["meetings/2026-11-12.yaml"] = MEETING
    return found


@pytest.fixture
def agenda_store(tmp_path: Path) -> Path:
    return build_store(tmp_path / "store", files())


def proposed(root: Path, day: date = DAY) -> list[Item]:
    store = Store(root)
    digests, problems = store.digests()
    assert problems == []
    return propose(digests, day, store.meeting_before(day), store.escalation)


# -- the reasons ----------------------------------------------------------------


def test_each_reason_is_given_where_it_holds_and_nowhere_else(agenda_store: Path) -> None:
    found = {item.case: item.reasons for item in proposed(agenda_store)}
    assert found == {
        "2026-001": (Reason.new_signals,),
        "2026-003": (Reason.overdue,),
        "2026-004": (Reason.due_before_meeting,),
        "2026-005": (Reason.awaiting_analysis,),
        "2026-007": (Reason.evaluation_due,),
        "2026-009": (Reason.escalated, Reason.overdue),
    }


def test_cases_with_more_reasons_come_first_then_the_most_urgent(agenda_store: Path) -> None:
    order = [item.case for item in proposed(agenda_store)]
    assert order == ["2026-009", "2026-003", "2026-004", "2026-005", "2026-007", "2026-001"]


def test_the_last_meeting_is_the_one_before_the_day_not_on_it(agenda_store: Path) -> None:
    assert Store(agenda_store).meeting_before(DAY) == LAST
    assert Store(agenda_store).meeting_before(LAST) is None


def test_without_an_earlier_meeting_every_signal_is_new_and_every_late_commitment_overdue(tmp_path: Path) -> None:
    root = build_store(tmp_path / "store", files(meetings=False))
    found = {item.case: item.reasons for item in proposed(root)}
    assert found["2026-002"] == (Reason.new_signals,)  # its signal of 2026-11-12; the one of 12-11 is later
    assert found["2026-004"] == (Reason.overdue,)
    assert Reason.new_signals in found["2026-001"]


def test_a_commitment_due_on_the_meeting_day_is_due_before_the_meeting(agenda_store: Path) -> None:
    found = {item.case: item.reasons for item in proposed(agenda_store, date(2026, 11, 30))}
    assert found["2026-004"] == (Reason.due_before_meeting,)


def test_a_commitment_done_after_the_meeting_day_was_still_owed_on_it(agenda_store: Path) -> None:
    # case 4's third commitment was done on 2026-11-05: on 2026-11-04 it was overdue
    store = Store(agenda_store)
    digests, _ = store.digests()
    found = {i.case: i.reasons for i in propose(digests, date(2026, 11, 4), date(2026, 10, 1), store.escalation)}
    assert found["2026-004"] == (Reason.due_before_meeting,)


def test_the_digest_says_whether_a_case_has_an_analysis_without_its_text(agenda_store: Path) -> None:
    digests = {d.id: d for d in Store(agenda_store).digests()[0]}
    assert digests["2026-005"].analysis is None
    assert digests["2026-006"].analysis is not None
    assert not hasattr(digests["2026-006"].analysis, "problem")


# -- the command ------------------------------------------------------------------


def test_json_is_case_title_and_reason_codes(vhuis: Invoke, agenda_store: Path) -> None:
    result = vhuis("agenda", "2026-12-10", "--json", store=agenda_store)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0] == {"case": "2026-009", "title": "Case 9", "reasons": ["escalated", "overdue"]}
    assert all(list(row) == ["case", "title", "reasons"] for row in rows)
    assert {code for row in rows for code in row["reasons"]} == {r.value for r in Reason}
    assert clean(agenda_store)


def test_the_table_reads_the_reasons_in_the_stores_language(vhuis: Invoke, tmp_path: Path) -> None:
    root = build_store(tmp_path / "store", files("nl"))
    result = vhuis("agenda", "2026-12-10", store=root)
    assert result.exit_code == 0, result.stderr
    for words in ("geëscaleerd, termijn overschreden", "deadline vóór het overleg", "wacht op analyse"):
        assert words in result.stdout
    assert "evaluatie nodig" in result.stdout and "nieuwe signalen" in result.stdout
    assert "'vhuis agenda 2026-12-10 --apply'" in result.stderr


def test_apply_adds_the_proposed_cases_after_those_there_as_one_commit(vhuis: Invoke, agenda_store: Path) -> None:
    (agenda_store / "meetings/2026-12-10.yaml").write_text(MEETING.replace("2026-11-12", "2026-12-10"))
    git(agenda_store, "add", "-A")
    git(agenda_store, "commit", "-qm", "the meeting of 2026-12-10, with 2026-003 on its agenda")
    before = head(agenda_store)
    result = vhuis("agenda", "2026-12-10", "--apply", store=agenda_store)
    assert result.exit_code == 0, result.stderr
    meeting = yaml.safe_load((agenda_store / "meetings/2026-12-10.yaml").read_text())
    assert meeting["cases"] == ["2026-003", "2026-009", "2026-004", "2026-005", "2026-007", "2026-001"]
    assert meeting["present"] == ["politie"]
    assert git(agenda_store, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert clean(agenda_store)
    assert "5 cases added to the agenda of 2026-12-10" in result.stderr
    again = vhuis("agenda", "2026-12-10", "--apply", store=agenda_store)
    assert again.exit_code == 0 and "nothing to commit" in again.stderr
    assert git(agenda_store, "rev-list", "--count", f"{before}..HEAD").strip() == "1"


def test_apply_without_a_meeting_on_the_day_is_refused_and_writes_nothing(vhuis: Invoke, agenda_store: Path) -> None:
    before = head(agenda_store)
    result = vhuis("agenda", "2026-12-10", "--apply", store=agenda_store)
    assert result.exit_code == 2
    assert "there is no meeting on 2026-12-10" in result.stderr
    assert "vhuis meeting new 2026-12-10" in result.stderr and "vhuis meeting plan 2026-12-10" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert head(agenda_store) == before and clean(agenda_store)
    assert not (agenda_store / "meetings/2026-12-10.yaml").exists()
    with pytest.raises(InvalidInput):
        apply_agenda(Store(agenda_store), DAY, ["2026-001"])


def test_the_example_store_proposes_its_agenda(vhuis: Invoke, example_store: Path) -> None:
    result = vhuis("agenda", "2026-12-10", "--json", store=example_store)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["case"] == "2026-007" and rows[0]["reasons"] == ["escalated", "overdue"]


def test_proposing_is_served_from_the_index_without_the_models_or_yaml(example_store: Path) -> None:
    past = time.time() - 60  # older than the index's racy window, as on a store in daily use
    for path in example_store.rglob("*.yaml"):
        if ".git" not in path.parts:
            os.utime(path, (past, past))
    Store(example_store).digests()
    code = (
        "import sys\nfrom vhuis.cli.app import app\n"
        "try:\n    app(['agenda', '2026-12-10', '--json'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('vhuis.model', 'yaml', 'git', 'jinja2') if m in sys.modules), file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=example_store, capture_output=True, text=True, check=False)
    assert run.stderr.strip().splitlines()[-1] == "[]", run.stderr
    assert json.loads(run.stdout)[0]["case"] == "2026-007"
