"""Everyday updates without editing YAML (issue 15, items 2 and 3): a measure's status, a case's
partners, a partner's details and its removal, partners joining a case by their work, and days
that cannot be."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.domain.cases import add_commitment, add_measure, read_edit, set_case_partners, set_measure_status
from vhuis.domain.checks import dated_problems
from vhuis.errors import InvalidData, InvalidInput, NotFound
from vhuis.model import Case, MeasureStatus, MeasureType, Phase
from vhuis.storage.store import Store

CASE_FILE = "cases/2026-001.yaml"

# The small store's case with a plan and commitments: M1 (politie, running), M2 (nmbs, done),
# C1 (politie, open), C2 (nmbs, done).
WORKED = CASE.replace(
    "plan: null\ncommitments: []\n",
    textwrap.dedent(
        """
        plan:
          goals: []
          measures:
            - id: M1
              title: Patrouilles in de hal
              type: repressive
              phase: reaction
              owner: politie
              status: running
            - id: M2
              title: Verlichting herstellen
              type: preventive
              phase: prevention
              owner: nmbs
              status: done
        commitments:
          - id: C1
            partner: politie
            action: Extra patrouilles
            made: 2026-03-10
            due: 2026-04-10
            measure: M1
            status: open
            done: null
          - id: C2
            partner: nmbs
            action: Lampen vervangen
            made: 2026-03-10
            due: 2026-04-10
            measure: M2
            status: done
            done: 2026-04-01
        """
    ).lstrip("\n"),
).replace("partners:\n  - politie\n", "partners:\n  - politie\n  - nmbs\n")
assert "M2" in WORKED and "  - nmbs\nsignals" in WORKED


@pytest.fixture
def worked_store(tmp_path: Path) -> Path:
    return build_store(
        tmp_path / "store",
        {
            "vhuis.yaml": "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n",
            "partners.yaml": PARTNERS,
            CASE_FILE: WORKED,
        },
    )


def unchanged(store: Path, before: str) -> bool:
    return head(store) == before and clean(store)


def commits(store: Path) -> int:
    return int(git(store, "rev-list", "--count", "HEAD"))


def read_case(store: Path) -> dict[str, object]:
    loaded = yaml.safe_load((store / CASE_FILE).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# -- measure status ---------------------------------------------------------------------------------


def test_measure_status_takes_a_dutch_word_and_is_one_commit(worked_store: Path, vhuis: Invoke) -> None:
    before = commits(worked_store)
    outcome = vhuis("measure", "status", "2026-001", "M1", "afgerond", store=worked_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert "2026-001: measure M1 running -> done" in outcome.stderr
    assert commits(worked_store) == before + 1 and clean(worked_store)
    assert git(worked_store, "log", "-1", "--format=%s").strip() == "2026-001: measure M1 of politie running -> done"
    assert read_case(worked_store)["plan"]["measures"][0]["status"] == "done"  # type: ignore[index]


@pytest.mark.parametrize(
    ("measure", "status", "code", "message"),
    [
        ("M7", "done", 4, "case 2026-001 has no measure M7 (M1, M2)"),
        ("M1", "lopend", 2, "measure M1 of case 2026-001 is already running"),
    ],
    ids=["unknown", "no-op"],
)
def test_measure_status_refuses_an_unknown_measure_and_a_no_op(
    worked_store: Path, vhuis: Invoke, measure: str, status: str, code: int, message: str
) -> None:
    before = head(worked_store)
    outcome = vhuis("measure", "status", "2026-001", measure, status, store=worked_store)
    assert outcome.exit_code == code
    assert message in outcome.stderr
    assert unchanged(worked_store, before)


def test_measure_status_in_the_domain_returns_both_statuses(worked_store: Path) -> None:
    store = Store.find(worked_store)
    assert set_measure_status(store, "2026-001", "M2", MeasureStatus.running) == (
        MeasureStatus.done,
        MeasureStatus.running,
    )
    with pytest.raises(NotFound):
        set_measure_status(store, "2026-001", "M3", MeasureStatus.running)


# -- a partner joins a case by its work -------------------------------------------------------------


def test_a_commitment_for_a_partner_outside_the_case_adds_it_in_the_same_commit(
    small_store: Path, vhuis: Invoke
) -> None:
    before = commits(small_store)
    outcome = vhuis(
        "commitment", "add", "2026-001", "--partner", "nmbs", "--action", "Camera's nakijken",
        "--due", "2026-12-15", store=small_store,
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert "nmbs added to the case's partners" in outcome.stderr
    assert commits(small_store) == before + 1 and clean(small_store)
    assert read_case(small_store)["partners"] == ["politie", "nmbs"]
    assert "nmbs joins the case" in git(small_store, "log", "-1", "--format=%s")


def test_a_measure_for_a_partner_outside_the_case_adds_it_but_not_the_lead_or_a_partner(small_store: Path) -> None:
    store = Store.find(small_store)
    measure, joined = add_measure(store, "2026-001", "Verlichting", MeasureType.preventive, Phase.prevention, "nmbs")
    assert (measure.id, joined) == ("M1", True)
    _, joined = add_measure(store, "2026-001", "Patrouille", MeasureType.repressive, Phase.reaction, "politie")
    assert not joined
    _, joined = add_commitment(store, "2026-001", "preventiedienst", "Overleg", date(2026, 12, 1))  # the lead
    assert not joined
    assert store.case("2026-001").partners == ["politie", "nmbs"]


def test_the_joining_partner_is_said_in_dutch_in_a_dutch_store(example_store: Path, vhuis: Invoke) -> None:
    outcome = vhuis(
        "measure", "add", "2026-007", "Controles", "--type", "repressief", "--phase", "reactie",
        "--owner", "de-lijn", store=example_store,
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert "de-lijn toegevoegd aan de partners van het dossier" in outcome.stderr


def test_check_warns_about_open_work_of_a_partner_outside_the_case(worked_store: Path, vhuis: Invoke) -> None:
    text = (worked_store / CASE_FILE).read_text(encoding="utf-8")
    (worked_store / CASE_FILE).write_text(text.replace("  - nmbs\nsignals", "signals").replace(
        "owner: nmbs\n      status: done", "owner: nmbs\n      status: planned"), encoding="utf-8")  # fmt: skip
    outcome = vhuis("check", store=worked_store)
    assert outcome.exit_code == 0, outcome.stdout  # a warning, not an error
    assert (
        "cases/2026-001.yaml:33: plan.measures[1].owner: nmbs is not among the case's partners; "
        "'vhuis case partners 2026-001 --add nmbs' adds it (warning)"
    ) in outcome.stdout
    assert "commitments[1].partner" not in outcome.stdout  # C2 is done: its partner may have left the case


# -- case partners ----------------------------------------------------------------------------------


def test_case_partners_adds_and_removes_as_one_commit(worked_store: Path, vhuis: Invoke) -> None:
    before = commits(worked_store)
    outcome = vhuis("case", "partners", "2026-001", "--add", "preventiedienst", "--remove", "nmbs", store=worked_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert "2026-001: preventiedienst added to the case's partners" in outcome.stderr
    assert "2026-001: nmbs removed from the case's partners" in outcome.stderr  # its measure and commitment are done
    assert commits(worked_store) == before + 1 and clean(worked_store)
    assert read_case(worked_store)["partners"] == ["politie", "preventiedienst"]
    assert git(worked_store, "log", "-1", "--format=%s").strip() == "2026-001: partners +preventiedienst -nmbs"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--add", "brandweer"], "--add: 'brandweer' is not a partner (known: nmbs, politie, preventiedienst)"),
        (["--add", "politie"], "--add: politie is already a partner of case 2026-001"),
        (["--remove", "preventiedienst"], "--remove: preventiedienst leads case 2026-001 and stays among its"),
        (
            ["--remove", "politie"],
            "--remove: politie still has work in case 2026-001: open commitments C1; measures in progress M1;",
        ),
        (["--add", "nmbs", "--remove", "nmbs"], "--add: nmbs is given with --remove too"),
        ([], "give at least one of --add, --remove"),
    ],
    ids=["unknown", "already", "lead", "open-work", "both", "nothing"],
)
def test_case_partners_refuses_and_writes_nothing(
    worked_store: Path, vhuis: Invoke, args: list[str], message: str
) -> None:
    before = head(worked_store)
    outcome = vhuis("case", "partners", "2026-001", *args, store=worked_store)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert unchanged(worked_store, before)


def test_case_partners_names_every_refusal_at_once_and_keeps_the_lead(worked_store: Path) -> None:
    store = Store.find(worked_store)
    with pytest.raises(InvalidInput) as refused:
        set_case_partners(store, "2026-001", add=["brandweer"], remove=["politie", "preventiedienst"])
    assert [field for field, _ in refused.value.wrong] == ["add", "remove", "remove"]
    assert "preventiedienst leads case 2026-001 and stays among its partners" in str(refused.value)
    assert str(refused.value).startswith("the partners of case 2026-001 were not changed:\n  add: ")
    assert set_case_partners(store, "2026-001", remove=["nmbs"]) == ([], ["nmbs"])
    with pytest.raises(InvalidInput, match=r"nmbs is not a partner of case 2026-001 \(its partners: politie\)"):
        set_case_partners(store, "2026-001", remove=["nmbs"])


# -- partner edit and remove ------------------------------------------------------------------------


def test_partner_edit_changes_only_what_is_given_in_one_commit(small_store: Path, vhuis: Invoke) -> None:
    before = commits(small_store)
    outcome = vhuis("partner", "edit", "nmbs", "--name", "NMBS Limburg", "--email", "info@nmbs.example",
                    store=small_store)  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert "partner nmbs changed (name, email)" in outcome.stderr
    assert commits(small_store) == before + 1 and clean(small_store)
    partners = {p["id"]: p for p in yaml.safe_load((small_store / "partners.yaml").read_text(encoding="utf-8"))}
    assert partners["nmbs"] == {"id": "nmbs", "name": "NMBS Limburg", "kind": "transport", "email": "info@nmbs.example"}
    outcome = vhuis("partner", "edit", "politie", "--email", "", store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert "email: null" in (small_store / "partners.yaml").read_text(encoding="utf-8").split("id: preventiedienst")[0]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nmbs", "--name", "NMBS"], 2, "partner nmbs already reads exactly that"),
        (["nmbs"], 2, "give at least one of --name, --kind, --email"),
        (["brandweer", "--name", "Brandweer"], 4, "'brandweer' is not a partner"),
        (["nmbs", "--email", "geen adres"], 2, "--email: 'geen adres' is not an e-mail address"),
        (["nmbs", "--kind", "bakkerij"], 2, "--kind: 'bakkerij' is not one of"),
        (["nmbs", "--email", "jan.peeters@gmail.com"], 9, "reads as one person's address"),
        (["nmbs", "--name", "Contact: jan.peeters@telenet.be"], 9, "the new text holds personal data"),
    ],
    ids=["no-op", "nothing", "unknown", "bad-email", "bad-kind", "private-email", "personal-name"],
)
def test_partner_edit_refuses_as_partner_add_does_and_writes_nothing(
    small_store: Path, vhuis: Invoke, args: list[str], code: int, message: str
) -> None:
    before = head(small_store)
    outcome = vhuis("partner", "edit", *args, store=small_store)
    assert outcome.exit_code == code, outcome.stderr
    assert message in outcome.stderr
    assert unchanged(small_store, before)


def test_partner_remove_names_every_place_that_names_it_and_writes_nothing(worked_store: Path, vhuis: Invoke) -> None:
    (worked_store / "meetings").mkdir()
    (worked_store / "meetings/2026-03-10.yaml").write_text(
        "date: 2026-03-10\npresent:\n  - preventiedienst\nexcused:\n  - politie\ncases:\n  - 2026-001\n"
    )
    (worked_store / "inbox.yaml").write_text(
        "- id: I1\n  date: 2026-11-01\n  source: partner\n  partner: politie\n  area: Markt\n  summary: Lawaai\n"
    )
    text = (worked_store / CASE_FILE).read_text(encoding="utf-8")
    (worked_store / CASE_FILE).write_text(text.replace("source: citizen\n    partner: null",
                                                       "source: partner\n    partner: politie"))  # fmt: skip
    git(worked_store, "add", "-A")
    git(worked_store, "commit", "-qm", "politie everywhere")
    before = head(worked_store)
    outcome = vhuis("partner", "remove", "politie", store=worked_store)
    assert outcome.exit_code == 2
    assert "partner politie is still named in 6 places; nothing was changed:" in outcome.stderr
    for place in [
        "cases/2026-001.yaml: partners[0]",
        "cases/2026-001.yaml: signals[0].partner",
        "cases/2026-001.yaml: plan.measures[0].owner",
        "cases/2026-001.yaml: commitments[0].partner",
        "meetings/2026-03-10.yaml: excused[0]",
        "inbox.yaml: [0].partner",
    ]:
        assert f"  {place}\n" in outcome.stderr
    assert unchanged(worked_store, before)
    lead = vhuis("partner", "remove", "preventiedienst", store=worked_store)
    assert lead.exit_code == 2 and "  cases/2026-001.yaml: lead\n" in lead.stderr


def test_partner_remove_takes_out_a_partner_nothing_names_in_one_commit(small_store: Path, vhuis: Invoke) -> None:
    before = commits(small_store)
    outcome = vhuis("partner", "remove", "nmbs", store=small_store)
    assert outcome.exit_code == 0, outcome.stderr
    assert "partner nmbs (NMBS) removed" in outcome.stderr
    assert commits(small_store) == before + 1 and clean(small_store)
    assert "nmbs" not in (small_store / "partners.yaml").read_text(encoding="utf-8")
    assert vhuis("check", store=small_store).exit_code == 0
    missing = vhuis("partner", "remove", "nmbs", store=small_store)
    assert missing.exit_code == 4 and "'nmbs' is not a partner" in missing.stderr


def test_partner_remove_refuses_while_a_case_file_does_not_load(small_store: Path, vhuis: Invoke) -> None:
    (small_store / "cases/2026-002.yaml").write_text("id: 2026-002\ntitle: [kapot\n")
    git(small_store, "add", "-A")
    git(small_store, "commit", "-qm", "broken")
    before = head(small_store)
    outcome = vhuis("partner", "remove", "nmbs", store=small_store)
    assert outcome.exit_code == 3
    assert "cannot tell whether these files name partner nmbs" in outcome.stderr
    assert unchanged(small_store, before)


# -- days that cannot be (item 3) -------------------------------------------------------------------


def case_with(**changes: str) -> Case:
    text = WORKED
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    return Case.model_validate(yaml.safe_load(text))


def test_dated_problems_finds_every_day_that_cannot_be() -> None:
    case = case_with(
        **{
            "opened: 2026-03-02": "opened: 2026-12-02",
            "date: 2026-03-01": "date: 2026-11-28",
            "done: 2026-04-01": "done: 2026-03-09",
        }
    )
    found = [(p.field, p.message, p.severity) for p in dated_problems(case, CASE_FILE)]
    assert found == [
        ("opened", "2026-12-02 is after today (2026-11-27); a case is not opened in the future", "error"),
        ("signals[0].date", "2026-11-28 is after today (2026-11-27); a signal is not dated in the future", "error"),
        ("commitments[1].done", "2026-03-09 is before the day the commitment was made (2026-03-10)", "error"),
    ]
    late = case_with(**{"done: 2026-04-01": "done: 2027-01-01"})
    assert [p.message for p in dated_problems(late, CASE_FILE)] == [
        "2027-01-01 is after today (2026-11-27); a commitment is not done in the future"
    ]
    assert dated_problems(case_with(), CASE_FILE) == []


def test_check_names_hand_edited_days_that_cannot_be_with_their_lines(worked_store: Path, vhuis: Invoke) -> None:
    text = (worked_store / CASE_FILE).read_text(encoding="utf-8")
    (worked_store / CASE_FILE).write_text(
        text.replace("opened: 2026-03-02", "opened: 2027-01-04").replace("done: 2026-04-01", "done: 2026-12-01")
    )
    outcome = vhuis("check", store=worked_store)
    assert outcome.exit_code == 3
    assert "cases/2026-001.yaml:9: opened: 2027-01-04 is after today (2026-11-27)" in outcome.stdout
    assert "cases/2026-001.yaml:52: commitments[1].done: 2026-12-01 is after today (2026-11-27)" in outcome.stdout
    assert "2 errors, 0 warnings" in outcome.stderr


def test_case_edit_does_not_save_a_signal_dated_in_the_future(worked_store: Path) -> None:
    store = Store.find(worked_store)
    draft = WORKED.replace("date: 2026-03-01", "date: 2026-12-24").encode()
    with pytest.raises(InvalidData, match=r"signals\[0\]\.date: 2026-12-24 is after today"):
        read_edit(store, "2026-001", draft)
