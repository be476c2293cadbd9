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


# -- evaluation and closing ------------------------------------------------------------

PLANNED = CASE.replace("status: reported", "status: monitoring").replace(
    "plan: null",
    "plan:\n  goals:\n    - Minder meldingen in de hal\n    - Jongeren naar het jeugdhuis\n  measures: []",
)


def planned_store(tmp_path: Path, language: str = "en") -> Path:
    return build_store(
        tmp_path / f"store-{language}",
        {
            "vhuis.yaml": f"name: Test\nlanguage: {language}\n",
            "partners.yaml": PARTNERS,
            "cases/2026-001.yaml": PLANNED,
        },
    )


def test_an_evaluation_records_per_goal_whether_it_was_reached_in_one_commit(tmp_path: Path, vhuis: Invoke) -> None:
    store = planned_store(tmp_path)
    before = head(store)
    done = vhuis(
        "evaluation", "set", "2026-001", "--goal", "1=reached", "--goal", "2=Niet-Gehaald",
        "--effect", "Een derde minder meldingen", "--process", "Goede samenwerking", "--date", "20/11/2026",
        store=store,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert git(store, "log", "--format=%s", f"{before}..HEAD").splitlines() == [
        "2026-001: evaluation of 2026-11-20 (goal 1 reached, goal 2 not-reached)"
    ]
    assert case_file(store)["evaluation"] == {
        "date": "2026-11-20",
        "goals": {"1": "reached", "2": "not-reached"},
        "effect": "Een derde minder meldingen",
        "process": "Goede samenwerking",
    }
    again = vhuis("evaluation", "set", "2026-001", "--goal", "2=deels", store=store)  # adds to it, dated today
    assert again.exit_code == 0, again.stderr
    evaluation = case_file(store)["evaluation"]
    assert evaluation["goals"] == {"1": "reached", "2": "partly"}  # type: ignore[index]
    assert (evaluation["date"], evaluation["effect"]) == ("2026-11-27", "Een derde minder meldingen")  # type: ignore[index]
    shown = json.loads(vhuis("case", "show", "2026-001", "--json", store=store).stdout)
    assert shown["evaluation"]["goals"] == {"1": "reached", "2": "partly"}
    assert clean(store)


def test_an_evaluation_of_a_goal_the_plan_lacks_or_of_nothing_is_refused_and_nothing_is_written(
    tmp_path: Path, vhuis: Invoke
) -> None:
    store = planned_store(tmp_path)
    before = head(store)
    for args, said in (
        (("--goal", "3=reached"), "--goal: case 2026-001 has no goal 3 (its plan has 2 goals; 'vhuis goal add"),
        (("--goal", "0=reached"), "--goal: '0=reached' is not a goal and its result: write N=RESULT, e.g. 1=reached"),
        (("--goal", "1=bijna"), "--goal: 'bijna' is not one of: 'reached', 'partly' or 'not-reached'"),
        (("--goal", "1=reached", "--goal", "1=partly"), "goal 1 is given twice, as reached and partly"),
        ((), "give at least one of --goal, --effect, --process"),
        (("--effect", "x", "--date", "2026-12-01"), "--date: 2026-12-01 is after today"),
        (("--effect", "x", "--date", "2026-01-01"), "--date: 2026-01-01 is before the day case 2026-001 was opened"),
    ):
        refused = vhuis("evaluation", "set", "2026-001", *args, store=store)
        assert refused.exit_code != 0 and said in refused.stderr, (args, refused.stderr)
    assert head(store) == before and clean(store)


def test_a_case_is_closed_only_after_its_evaluation_and_closing_sets_its_closed_date(
    tmp_path: Path, vhuis: Invoke
) -> None:
    store = planned_store(tmp_path)
    before = head(store)
    refused = vhuis("case", "status", "2026-001", "closed", store=store)
    assert refused.exit_code == 2
    assert "case 2026-001 has no evaluation yet; a case is closed after its evaluation: " in refused.stderr
    assert "'vhuis evaluation set 2026-001 --goal 1=reached --effect TEXT --process TEXT'" in refused.stderr
    assert head(store) == before and clean(store)
    assert vhuis("evaluation", "set", "2026-001", "--goal", "1=reached", store=store).exit_code == 0
    closed = vhuis("case", "status", "2026-001", "closed", store=store)
    assert closed.exit_code == 0, closed.stderr
    assert (case_file(store)["status"], case_file(store)["closed"]) == ("closed", "2026-11-27")
    assert (
        "status closed · area: Stationsomgeving · opened 2026-03-02 · closed 2026-11-27"
        in vhuis("case", "show", "2026-001", store=store).stdout
    )
    reopened = vhuis("case", "status", "2026-001", "monitoring", store=store)  # back one step: open again
    assert reopened.exit_code == 0 and "closed" not in case_file(store)
    told = vhuis("history", "2026-001", store=store).stdout
    assert "closed: (none) -> 2026-11-27" in told and "closed: 2026-11-27 -> (none)" in told


def test_dutch_says_how_to_close_a_case_in_dutch(tmp_path: Path, vhuis: Invoke) -> None:
    store = planned_store(tmp_path, "nl")
    refused = vhuis("case", "status", "2026-001", "afgesloten", store=store)
    assert "dossier 2026-001 heeft nog geen evaluatie" in refused.stderr
    assert "'vhuis evaluation set 2026-001 --goal 1=gehaald --effect TEKST --process TEKST'" in refused.stderr
    refused = vhuis("case", "status", "2026-001", "niet-weerhouden", store=store)
    assert "een dossier wordt met een reden niet weerhouden: geef die met --reason" in refused.stderr


def test_a_case_is_dismissed_with_a_reason_kept_as_a_decision_of_that_day(small_store: Path, vhuis: Invoke) -> None:
    before = head(small_store)
    for reason in ((), ("--reason", "  ")):
        refused = vhuis("case", "status", "2026-001", "dismissed", *reason, store=small_store)
        assert refused.exit_code == 2 and "a case is dismissed with a reason: give it with --reason" in refused.stderr
    assert head(small_store) == before and clean(small_store)
    done = vhuis("case", "status", "2026-001", "dismissed", "--reason", "Eenmalige melding", store=small_store)
    assert done.exit_code == 0, done.stderr
    assert git(small_store, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    case = case_file(small_store)
    assert (case["status"], case["closed"]) == ("dismissed", "2026-11-27")
    assert case["decisions"] == [{"date": "2026-11-27", "text": "Dismissed: Eenmalige melding"}]
    assert vhuis("case", "status", "2026-001", "reported", store=small_store).exit_code == 0  # reopened
    assert "closed" not in case_file(small_store)


def test_case_show_and_the_minutes_show_the_evaluation(tmp_path: Path, vhuis: Invoke) -> None:
    store = planned_store(tmp_path, "nl")
    vhuis("evaluation", "set", "2026-001", "--goal", "1=gehaald", "--effect", "Een derde minder meldingen",
          "--date", "2026-11-20", store=store)  # fmt: skip
    shown = vhuis("case", "show", "2026-001", store=store).stdout
    assert "Evaluatie van 2026-11-20\n  1. [gehaald] Minder meldingen in de hal\n" in shown
    assert "  2. [niet geëvalueerd] Jongeren naar het jeugdhuis\n  effect: Een derde minder meldingen\n" in shown
    for day, evaluated in (("2026-11-26", True), ("2026-11-19", False)):
        assert vhuis("meeting", "new", day, "--present", "politie", "--case", "2026-001", store=store).exit_code == 0
        minutes = vhuis("minutes", day, "--out", "-", store=store).stdout
        assert ("**Evaluatie** (20 november 2026)" in minutes) is evaluated  # only once it was made
        if evaluated:
            assert "| 1 | Minder meldingen in de hal | gehaald |" in minutes
            assert "| 2 | Jongeren naar het jeugdhuis | niet geëvalueerd |" in minutes
            assert "*Effect:* Een derde minder meldingen" in minutes
            kort = vhuis("minutes", day, "--template", "kort", "--out", "-", store=store).stdout
            assert "- Evaluatie (20 november 2026): 1. gehaald; 2. niet geëvalueerd" in kort


def test_the_report_says_per_case_whether_its_goals_were_reached(tmp_path: Path, vhuis: Invoke) -> None:
    store = planned_store(tmp_path)
    vhuis("evaluation", "set", "2026-001", "--goal", "1=reached", "--date", "2026-11-20", store=store)
    document = json.loads(vhuis("report", "--json", store=store).stdout)
    assert document["cases"][0]["goals_reached"] is False  # goal 2 is not evaluated
    assert document["evaluations"] == [
        {
            "case": "2026-001",
            "title": "Overlast aan het station",
            "status": "monitoring",
            "date": "2026-11-20",
            "goals": {"1": "reached", "2": None},
            "goals_reached": False,
        }
    ]
    earlier = json.loads(vhuis("report", "--json", "--on", "2026-11-19", store=store).stdout)
    assert (earlier["cases"][0]["goals_reached"], earlier["evaluations"]) == (None, [])
    vhuis("evaluation", "set", "2026-001", "--goal", "2=reached", store=store)
    assert vhuis("case", "status", "2026-001", "closed", store=store).exit_code == 0
    document = json.loads(vhuis("report", "--json", store=store).stdout)
    assert document["cases"] == []  # closed: not an open case any more, but still evaluated
    assert [(e["status"], e["goals_reached"]) for e in document["evaluations"]] == [("closed", True)]
    table = vhuis("report", store=store).stdout
    assert "Evaluated cases up to 2026-11-27" in table and "1 reached, 2 reached" in table


def test_a_case_in_monitoring_for_more_than_90_days_without_evaluation_is_named_by_the_report() -> None:
    quiet = a_case("decisions:\n  - date: 2026-08-01\n    text: Naar monitoring\n")
    quiet.status = quiet.status.monitoring
    made = office_report([quiet], [], [], ON)
    assert [(e.id, e.since, e.days) for e in made.evaluation_due] == [("2026-001", date(2026, 8, 1), 118)]
    assert made.as_json()["evaluation_due"] == [
        {"case": "2026-001", "title": "Overlast aan het station", "since": "2026-08-01", "days": 118}
    ]
    assert office_report([quiet], [], [], date(2026, 10, 30)).evaluation_due == []  # 90 days: not yet
    busy = a_case()  # commitments made on 2026-09-01: 87 days before
    busy.status = busy.status.monitoring
    assert office_report([busy], [], [], ON).evaluation_due == []
    evaluated = Case.model_validate(
        {**quiet.model_dump(), "evaluation": {"date": "2026-11-01", "goals": {}, "effect": "Rustig"}}
    )
    assert office_report([evaluated], [], [], ON).evaluation_due == []


def test_check_finds_an_evaluation_of_a_goal_the_plan_does_not_have(tmp_path: Path, vhuis: Invoke) -> None:
    text = PLANNED + "evaluation:\n  date: 2026-11-20\n  goals:\n    3: reached\n"
    store = build_store(
        tmp_path / "store",
        {"vhuis.yaml": "name: Test\nlanguage: en\n", "partners.yaml": PARTNERS, "cases/2026-001.yaml": text},
    )
    checked = vhuis("check", store=store)
    assert checked.exit_code != 0
    assert "cases/2026-001.yaml:30: evaluation.goals.3: goal 3 is not a goal of the plan, which has 2" in checked.stdout
