"""The later life of a case: commitments postponed and escalated, the plan evaluated, the case closed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.domain.owes import owed
from vhuis.domain.report import office_report
from vhuis.model import Case
from vhuis.storage.store import Store
from vhuis.vocab import Escalation

ON = date(2026, 11, 27)  # conftest's TODAY

COMMITMENTS = """
commitments:
  - id: C1
    partner: politie
    action: Patrouilles op zaterdag
    made: 2026-09-01
    due: 2026-10-15
    status: open
  - id: C2
    partner: nmbs
    action: Camera in de onderdoorgang
    made: 2026-09-01
    due: 2026-12-31
    status: open
    postponed:
      - date: 2026-10-01
        from: 2026-10-31
        to: 2026-11-30
        reason: Levering vertraagd
      - date: 2026-11-20
        from: 2026-11-30
        to: 2026-12-31
        reason: Vergunning nog niet rond
  - id: C3
    partner: politie
    action: Cijfers bezorgen
    made: 2026-09-01
    due: 2026-11-20
    status: open
"""


def a_case(extra: str = COMMITMENTS) -> Case:
    text = CASE.replace("commitments: []\n", "") + extra.lstrip("\n")
    return Case.model_validate(yaml.safe_load(text))


def case_file(store: Path, case_id: str = "2026-001") -> dict[str, object]:
    text = (store / "cases" / f"{case_id}.yaml").read_text(encoding="utf-8")
    loaded: dict[str, object] = yaml.load(text, Loader=yaml.BaseLoader)  # every value as text
    return loaded


def with_commitment(vhuis: Invoke, store: Path, due: str = "2026-12-15") -> None:
    added = vhuis("commitment", "add", "2026-001", "--partner", "nmbs", "--action", "Camera", "--due", due, store=store)
    assert added.exit_code == 0, added.stderr


# -- postponing a commitment -----------------------------------------------------------


def test_a_postponement_moves_the_due_date_and_keeps_the_old_one_and_why_in_one_commit(
    small_store: Path, vhuis: Invoke
) -> None:
    with_commitment(vhuis, small_store)
    before = head(small_store)
    done = vhuis(
        "commitment", "postpone", "2026-001", "C1", "--due", "31/01/2027", "--reason", "Levering vertraagd",
        store=small_store,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "C1 postponed from 2026-12-15 to 2027-01-31" in done.stderr
    assert git(small_store, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert git(small_store, "show", "--name-only", "--format=%s", "HEAD").splitlines() == [
        "2026-001: postpone commitment C1 of nmbs from 2026-12-15 to 2027-01-31 (1x)",
        "",
        "cases/2026-001.yaml",
    ]
    again = ("--due", "2027-02-28", "--reason", "Vergunning")
    vhuis("commitment", "postpone", "2026-001", "C1", *again, store=small_store)
    commitment = case_file(small_store)["commitments"][0]  # type: ignore[index]
    assert commitment["due"] == "2027-02-28"
    assert commitment["postponed"] == [
        {"date": "2026-11-27", "from": "2026-12-15", "to": "2027-01-31", "reason": "Levering vertraagd"},
        {"date": "2026-11-27", "from": "2027-01-31", "to": "2027-02-28", "reason": "Vergunning"},
    ]
    told = vhuis("history", "2026-001", store=small_store).stdout
    assert "C1 postponed: 2027-01-31 -> 2027-02-28 (Vergunning)" in told
    assert clean(small_store)


def test_a_commitment_never_postponed_is_written_as_before(small_store: Path, vhuis: Invoke) -> None:
    with_commitment(vhuis, small_store)
    assert "postponed" not in (small_store / "cases" / "2026-001.yaml").read_text(encoding="utf-8")


def test_a_postponement_that_is_no_postponement_is_refused_and_nothing_is_written(
    small_store: Path, vhuis: Invoke
) -> None:
    with_commitment(vhuis, small_store)
    vhuis("commitment", "add", "2026-001", "--partner", "politie", "--action", "Cijfers", "--due", "2026-12-01",
          store=small_store)  # fmt: skip
    vhuis("commitment", "done", "2026-001", "C2", store=small_store)
    before = head(small_store)
    for args, said in (
        (("C1", "--due", "2026-12-15", "--reason", "x"), "--due: 2026-12-15 is not later than the current due date"),
        (("C1", "--due", "2026-12-01", "--reason", "x"), "a postponement moves the due date later"),
        (("C1", "--due", "2027-01-15", "--reason", "  "), "--reason: must not be empty"),
        (("C2", "--due", "2027-01-15", "--reason", "x"), "commitment C2 of case 2026-001 is already done"),
        (("C9", "--due", "2027-01-15", "--reason", "x"), "case 2026-001 has no commitment C9 (C1, C2)"),
        (("C1", "--due", "2027-02-30", "--reason", "x"), "--due: '2027-02-30' is not a date"),
    ):
        refused = vhuis("commitment", "postpone", "2026-001", *args, store=small_store)
        assert refused.exit_code != 0 and said in refused.stderr, (args, refused.stderr)
        assert "Traceback" not in refused.stderr
    assert head(small_store) == before and clean(small_store)


# -- escalation ----------------------------------------------------------------------


def test_a_commitment_is_escalated_when_long_overdue_or_postponed_twice() -> None:
    found = {o.commitment: o for o in owed([a_case()], ON)}
    assert (found["C1"].days_overdue, found["C1"].postponed, found["C1"].escalated) == (43, 0, True)  # > 30 days
    assert (found["C2"].days_overdue, found["C2"].postponed, found["C2"].escalated) == (0, 2, True)
    assert (found["C3"].days_overdue, found["C3"].postponed, found["C3"].escalated) == (7, 0, False)
    strict = {o.commitment: o.escalated for o in owed([a_case()], ON, escalation=Escalation(5, 3))}
    assert strict == {"C1": True, "C2": False, "C3": True}


def test_as_of_an_earlier_day_a_commitment_has_the_due_date_and_postponements_of_that_day() -> None:
    then = {o.commitment: o for o in owed([a_case()], date(2026, 11, 1))}["C2"]
    assert (then.due, then.postponed, then.escalated) == (date(2026, 11, 30), 1, False)
    first = {o.commitment: o for o in owed([a_case()], date(2026, 9, 15))}["C2"]
    assert (first.due, first.postponed) == (date(2026, 10, 31), 0)


def test_the_office_sets_when_a_commitment_is_escalated_in_vhuis_yaml(tmp_path: Path) -> None:
    store = build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Test\nlanguage: en\nescalate:\n  overdue_days: 5\n  postponed: 3\n",
            "partners.yaml": PARTNERS,
        },
    )
    assert Store(store).escalation == Escalation(overdue_days=5, postponed=3)
    assert Store(build_store(tmp_path / "plain", {"vhuis.yaml": "name: Test\n"})).escalation == Escalation(30, 2)


def test_owes_marks_escalated_commitments_in_text_and_json(tmp_path: Path, vhuis: Invoke) -> None:
    store = build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Test\nlanguage: en\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE.replace("commitments: []\n", COMMITMENTS.lstrip("\n")),
        },
    )
    listed = vhuis("owes", "--json", store=store)
    assert listed.exit_code == 0
    assert [(o["commitment"], o["postponed"], o["escalated"]) for o in json.loads(listed.stdout)] == [
        ("C1", 0, True),
        ("C3", 0, False),
        ("C2", 2, True),
    ]
    assert set(json.loads(listed.stdout)[0]) == {
        *("partner", "case", "commitment", "action", "due", "days_overdue", "postponed", "escalated")
    }
    table = vhuis("owes", store=store).stdout
    assert "43 days overdue, ! escalated" in table
    assert "postponed 2 times, ! escalated" in table
    assert "7 days overdue\n" in table
    dutch = tmp_path / "nl"
    build_store(dutch, {**{n: (store / n).read_text() for n in ("partners.yaml", "cases/2026-001.yaml")},
                        "vhuis.yaml": "name: Test\nlanguage: nl\n"})  # fmt: skip
    assert "2 keer uitgesteld, ! geëscaleerd" in vhuis("owes", store=dutch).stdout


def test_the_report_has_a_section_of_escalated_commitments(tmp_path: Path, vhuis: Invoke) -> None:
    made = office_report([a_case()], [], ["politie", "nmbs"], ON)
    assert [(o.commitment, o.postponed) for o in made.escalations] == [("C1", 0), ("C2", 2)]
    assert [e["commitment"] for e in made.as_json()["escalations"]] == ["C1", "C2"]  # type: ignore[index]
    store = build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Test\nlanguage: en\nescalate: {overdue_days: 60, postponed: 2}\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": CASE.replace("commitments: []\n", COMMITMENTS.lstrip("\n")),
        },
    )
    report = vhuis("report", store=store).stdout
    assert "Escalated commitments on 2026-11-27: overdue more than 60 days, or postponed 2 times" in report
    assert "Camera in de onderdoorgang" in report and "Patrouilles op zaterdag" not in report
    shown = json.loads(vhuis("report", "--json", store=store).stdout)["escalations"]
    assert [(e["commitment"], e["escalated"]) for e in shown] == [("C2", True)]
