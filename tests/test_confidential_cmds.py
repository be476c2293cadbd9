"""The charter and the commands that mark confidentiality: case confidential, --restricted-to, and check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import CASE, PARTNERS, Invoke, build_store, clean, git, head

from vhuis.domain.cases import add_commitment, add_decision, add_signal, read_edit, set_confidential
from vhuis.domain.checks import (
    audience_charter_problems,
    case_problems,
    charter_problems,
    confidentiality_problems,
    meeting_charter_problems,
)
from vhuis.domain.meetings import attend, plan_meeting
from vhuis.errors import InvalidData, InvalidInput
from vhuis.model import Case, Meeting, Partner, Settings
from vhuis.storage.store import Store
from vhuis.vocab import Source

# politie and preventiedienst sit at the table; nmbs is a partner, but not a participant.
CHARTERED = """\
name: Veiligheidshuis Test
city: Genk
language: en
charter:
  purpose: Casusoverleg over gebieden en groepen
  legal_basis: Art. 458ter Sw.
  participants: [politie, preventiedienst]
"""
PLAIN = "name: Veiligheidshuis Test\ncity: Genk\nlanguage: en\n"


def store_of(tmp_path: Path, settings: str = CHARTERED, files: dict[str, str] | None = None) -> Path:
    return build_store(
        tmp_path / "store",
        {"vhuis.yaml": settings, "partners.yaml": PARTNERS, "cases/2026-001.yaml": CASE, **(files or {})},
    )


def partners() -> dict[str, Partner]:
    return {p["id"]: Partner.model_validate(p) for p in yaml.safe_load(PARTNERS)}


def a_case(**changes: object) -> Case:
    return Case.model_validate({**yaml.safe_load(CASE), **changes})


def settings(text: str = CHARTERED) -> Settings:
    return Settings.model_validate(yaml.safe_load(text))


def case_file(store: Path) -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load((store / "cases" / "2026-001.yaml").read_text(encoding="utf-8"))
    return loaded


def changed_files(store: Path) -> list[str]:
    return git(store, "show", "--name-only", "--format=", "HEAD").split()


# -- check: hand-edited marks --------------------------------------------------------------------------


def test_an_audience_without_confidential_and_a_confidential_case_without_audience_are_errors() -> None:
    loose = confidentiality_problems(a_case(audience=["politie"]), partners(), "cases/2026-001.yaml")
    assert [(p.field, p.severity) for p in loose] == [("audience", "error")]
    assert "confidential: true" in loose[0].message and "--off" in loose[0].message
    empty = confidentiality_problems(a_case(confidential=True), partners(), "cases/2026-001.yaml")
    assert [(p.field, p.severity) for p in empty] == [("confidential", "error")]
    assert "known: nmbs, politie, preventiedienst" in empty[0].message
    marked = a_case(confidential=True, audience=["politie"])
    assert confidentiality_problems(marked, partners(), "cases/2026-001.yaml") == []


def test_unknown_partner_ids_in_audience_and_restricted_to_are_named_with_the_valid_ones() -> None:
    case = yaml.safe_load(CASE)
    case["signals"][0]["restricted_to"] = ["politie", "polite"]
    case.update(confidential=True, audience=["zol"])
    case["decisions"] = [{"date": "2026-03-05", "text": "Opvolgen", "restricted_to": ["nmsb"]}]
    found = case_problems(Case.model_validate(case), partners(), "cases/2026-001.yaml")
    named = {p.field: p.message for p in found}
    assert set(named) == {"audience[0]", "signals[0].restricted_to[1]", "decisions[0].restricted_to[0]"}
    assert named["audience[0]"] == "'zol' is not in partners.yaml (known: nmbs, politie, preventiedienst)"


def test_a_hand_edit_with_a_half_marked_case_is_not_saved(tmp_path: Path) -> None:
    store = Store(store_of(tmp_path, PLAIN))
    text = CASE.lstrip("\n") + "audience: [politie]\n"
    with pytest.raises(InvalidData) as refused:
        read_edit(store, "2026-001", text.encode())
    assert [p.field for p in refused.value.problems] == ["audience"]


def test_the_charter_names_unknown_participants_and_standing_members_outside_it() -> None:
    text = CHARTERED.replace("[politie, preventiedienst]", "[politie, preventiedienst, parket]") + "standing: [nmbs]\n"
    found = charter_problems(settings(text), partners())
    assert [(p.file, p.field, p.severity) for p in found] == [
        ("vhuis.yaml", "charter.participants[2]", "error"),
        ("vhuis.yaml", "standing[0]", "error"),
    ]
    assert "'parket' is not in partners.yaml" in found[0].message
    assert "politie, preventiedienst, parket" in found[1].message
    assert charter_problems(settings(PLAIN + "standing: [nmbs]\n"), partners()) == []


def test_a_planned_meeting_with_a_partner_outside_the_charter_is_an_error_a_held_one_a_warning() -> None:
    planned = Meeting.model_validate({"date": "2026-12-10", "status": "planned", "chair": "nmbs", "invited": ["nmbs"]})
    found = meeting_charter_problems(planned, settings(), "meetings/2026-12-10.yaml")
    assert [(p.field, p.severity) for p in found] == [("chair", "error"), ("invited[0]", "error")]
    assert "'nmbs' is not among the charter's participants" in found[0].message
    assert "politie, preventiedienst" in found[0].message
    held = Meeting.model_validate({"date": "2026-03-10", "present": ["politie", "nmbs"]})
    warned = meeting_charter_problems(held, settings(), "meetings/2026-03-10.yaml")
    assert [(p.field, p.severity) for p in warned] == [("present[1]", "warning")]
    assert meeting_charter_problems(planned, settings(PLAIN), "meetings/2026-12-10.yaml") == []


def test_a_confidential_audience_outside_the_charter_is_an_error() -> None:
    case = a_case(confidential=True, audience=["politie", "nmbs"])
    found = audience_charter_problems(case, settings(), "cases/2026-001.yaml")
    assert [(p.field, p.severity) for p in found] == [("audience[1]", "error")]
    assert audience_charter_problems(case, settings(PLAIN), "cases/2026-001.yaml") == []


def test_vhuis_check_reports_charter_meeting_and_case_problems_with_file_and_field(
    tmp_path: Path, vhuis: Invoke
) -> None:
    case = CASE.lstrip("\n") + "confidential: true\naudience: [politie, nmbs]\n"
    meeting = "date: 2026-12-10\nstatus: planned\ninvited: [politie, nmbs]\n"
    store = store_of(tmp_path, files={"cases/2026-001.yaml": case, "meetings/2026-12-10.yaml": meeting})
    checked = vhuis("check", "--json", store=store)
    assert checked.exit_code == 3
    problems = {(p["file"], p["field"]): p for p in json.loads(checked.stdout)["problems"]}
    assert set(problems) == {("cases/2026-001.yaml", "audience[1]"), ("meetings/2026-12-10.yaml", "invited[1]")}
    assert problems[("meetings/2026-12-10.yaml", "invited[1]")]["line"] == 3
    assert vhuis("check", store=store_of(tmp_path / "plain", PLAIN)).exit_code == 0


def test_the_example_store_has_a_charter_of_all_its_partners_and_checks_clean(
    example_store: Path, vhuis: Invoke
) -> None:
    store = Store(example_store)
    charter = store.settings.charter
    assert charter is not None and "458ter" in (charter.legal_basis or "")
    assert charter.participants == list(store.partners)
    assert vhuis("check", store=example_store).exit_code == 0


# -- vhuis case confidential --------------------------------------------------------------------------


def test_case_confidential_sets_the_audience_with_the_lead_in_one_commit_of_the_case_file(
    tmp_path: Path, vhuis: Invoke
) -> None:
    store = store_of(tmp_path)
    before = head(store)
    done = vhuis("case", "confidential", "2026-001", "--audience", "politie", store=store)
    assert done.exit_code == 0, done.stderr
    assert "only politie, preventiedienst may see it" in done.stderr
    assert "preventiedienst added to the audience: the lead always sees its case" in done.stderr
    assert case_file(store)["confidential"] is True
    assert case_file(store)["audience"] == ["politie", "preventiedienst"]
    assert git(store, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert changed_files(store) == ["cases/2026-001.yaml"] and clean(store)
    off = vhuis("case", "confidential", "2026-001", "--off", store=store)
    assert off.exit_code == 0, off.stderr
    assert "confidential" not in case_file(store) and "audience" not in case_file(store)


def test_case_confidential_warns_of_partners_with_open_work_outside_the_audience(tmp_path: Path) -> None:
    store = Store(store_of(tmp_path))
    add_commitment(store, "2026-001", "politie", "Patrouilles", due=date(2026, 12, 15))
    made = set_confidential(store, "2026-001", ["preventiedienst"])
    assert made.audience == ["preventiedienst"] and made.lead_added is None
    assert made.unseen_work == ("politie",)


@pytest.mark.parametrize(
    ("args", "field", "said"),
    [
        (["--audience", "polite"], "--audience", "'polite' is not a partner; did you mean politie?"),
        (["--audience", "nmbs"], "--audience", "'nmbs' is not among the charter's participants"),
        (["--audience", "politie", "--off"], "--off", "give --audience or --off, not both"),
        ([], "", "give the partners that may see the case with --audience, or --off"),
        (["--off"], "--off", "case 2026-001 is not confidential"),
    ],
)
def test_case_confidential_refuses_bad_input_and_writes_nothing(
    tmp_path: Path, vhuis: Invoke, args: list[str], field: str, said: str
) -> None:
    store = store_of(tmp_path)
    before = head(store)
    refused = vhuis("case", "confidential", "2026-001", *args, store=store)
    assert refused.exit_code == 2
    assert said in refused.stderr and field in refused.stderr
    assert head(store) == before and clean(store)


def test_case_confidential_refuses_the_same_audience_again(tmp_path: Path) -> None:
    store = Store(store_of(tmp_path))
    set_confidential(store, "2026-001", ["politie"])
    before = head(store.root)
    with pytest.raises(InvalidInput, match="confidential with that audience already"):
        set_confidential(store, "2026-001", ["politie", "preventiedienst"])
    assert head(store.root) == before


# -- --restricted-to ----------------------------------------------------------------------------------


def test_a_restricted_commitment_always_lets_its_partner_see_it(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path)
    added = vhuis(
        "commitment", "add", "2026-001", "--partner", "politie", "--action", "Patrouilles", "--due", "2026-12-15",
        "--restricted-to", "preventiedienst", store=store,
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert "only for: preventiedienst, politie" in added.stderr
    assert "politie added: a partner always sees its own commitment" in added.stderr
    commitments = case_file(store)["commitments"]
    assert isinstance(commitments, list) and commitments[0]["restricted_to"] == ["preventiedienst", "politie"]


def test_a_restricted_signal_keeps_its_reporter_and_a_decision_its_partners(tmp_path: Path) -> None:
    store = Store(store_of(tmp_path))
    signal = add_signal(
        store, "2026-001", Source.partner, "Dealen in de hal", partner="politie", restricted_to=["preventiedienst"]
    )
    assert signal.restricted_to == ["preventiedienst", "politie"]
    decision = add_decision(store, "2026-001", "Gerichte controles", restricted_to=["politie", "politie"])
    assert decision.restricted_to == ["politie"]
    case = store.case("2026-001")
    assert case.signals[-1].restricted_to == ["preventiedienst", "politie"]
    assert case.decisions[-1].restricted_to == ["politie"]
    plain = add_decision(store, "2026-001", "Opvolgen")
    assert "restricted_to" not in (store.root / "cases" / "2026-001.yaml").read_text().split("Opvolgen")[1]
    assert plain.restricted_to == []


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["decision", "add", "2026-001", "Controles", "--restricted-to", "politei"], "did you mean politie?"),
        (["decision", "add", "2026-001", "Controles", "--restricted-to", "nmbs"], "not among the charter's"),
        (
            ["signal", "add", "--source", "police", "--summary", "Lawaai", "--area", "Station", "--restricted-to",
             "politie"],
            "an inbox signal is not restricted",
        ),
        (
            ["commitment", "add", "2026-001", "--partner", "politie", "--action", "Patrouilles", "--due",
             "2026-12-15", "--restricted-to", "zol"],
            "'zol' is not a partner",
        ),
    ],
)  # fmt: skip
def test_restricted_to_refuses_unknown_partners_and_the_inbox_and_writes_nothing(
    tmp_path: Path, vhuis: Invoke, command: list[str], said: str
) -> None:
    store = store_of(tmp_path)
    before = head(store)
    refused = vhuis(*command, store=store)
    assert refused.exit_code == 2
    assert said in refused.stderr and "--restricted-to" in refused.stderr
    assert head(store) == before and clean(store) and not (store / "inbox.yaml").exists()


# -- the meeting commands and the charter ----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["--invite", "nmbs"], ["--chair", "nmbs"], ["--secretary", "nmbs"], ["--invite", "politie", "--invite", "nmbs"]],
)
def test_meeting_plan_refuses_a_partner_outside_the_charter_and_writes_nothing(
    tmp_path: Path, vhuis: Invoke, args: list[str]
) -> None:
    store = store_of(tmp_path)
    before = head(store)
    refused = vhuis("meeting", "plan", "2026-12-10", *args, store=store)
    assert refused.exit_code == 2
    assert "the meeting of 2026-12-10 was not planned" in refused.stderr
    assert f"{args[-2]}: 'nmbs' is not among the charter's participants" in refused.stderr
    assert head(store) == before and clean(store) and not (store / "meetings").exists()


def test_meeting_plan_leaves_case_partners_outside_the_charter_out_of_the_default_invitation(
    tmp_path: Path, vhuis: Invoke
) -> None:
    case = CASE.replace("  - politie\n", "  - politie\n  - nmbs\n", 1)
    store = store_of(tmp_path, files={"cases/2026-001.yaml": case})
    planned = vhuis("meeting", "plan", "2026-12-10", "--case", "2026-001", store=store)
    assert planned.exit_code == 0, planned.stderr
    assert "not invited, outside vhuis.yaml's charter: nmbs" in planned.stderr
    assert Store(store).meeting(date(2026, 12, 10)).invited == ["preventiedienst", "politie"]


def test_meeting_attend_and_new_refuse_a_partner_outside_the_charter(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path)
    found = Store(store)
    plan_meeting(found, date(2026, 12, 10), invite=["politie"])
    before = head(store)
    with pytest.raises(InvalidInput, match="'nmbs' is not among the charter's participants"):
        attend(found, date(2026, 12, 10), present=["politie"], excused=["nmbs"])
    new = vhuis("meeting", "new", "2026-11-20", "--present", "politie", "--present", "nmbs", store=store)
    assert new.exit_code == 2 and "--present: 'nmbs' is not among the charter's participants" in new.stderr
    assert head(store) == before and clean(store)


def test_without_a_charter_any_partner_may_be_invited(tmp_path: Path) -> None:
    planned = plan_meeting(Store(store_of(tmp_path, PLAIN)), date(2026, 12, 10), invite=["nmbs"])
    assert planned.meeting.invited == ["nmbs"]


# -- showing the marks ----------------------------------------------------------------------------------


def test_case_show_and_list_mark_a_confidential_case_and_its_restricted_entries(tmp_path: Path, vhuis: Invoke) -> None:
    store = Store(store_of(tmp_path))
    add_decision(store, "2026-001", "Gerichte controles", restricted_to=["politie"])
    set_confidential(store, "2026-001", ["politie"])
    shown = vhuis("case", "show", "2026-001", store=store.root)
    assert shown.exit_code == 0, shown.stderr
    assert "confidential: politie, preventiedienst" in shown.stdout
    assert "Gerichte controles [only for: politie]" in shown.stdout
    document = json.loads(vhuis("case", "show", "2026-001", "--json", store=store.root).stdout)
    assert document["confidential"] is True and document["audience"] == ["politie", "preventiedienst"]
    assert document["decisions"][0]["restricted_to"] == ["politie"]
    listed = vhuis("case", "list", store=store.root)
    assert "Overlast aan het station [confidential]" in listed.stdout


def test_the_marks_are_in_dutch_in_a_dutch_store(example_store: Path, vhuis: Invoke) -> None:
    done = vhuis("case", "confidential", "2026-009", "--audience", "politie", "--audience", "zol", store=example_store)
    assert done.exit_code == 0, done.stderr
    assert "vertrouwelijk" in done.stderr
    shown = vhuis("case", "show", "2026-009", store=example_store)
    assert "vertrouwelijk: politie, zol, preventiedienst" in shown.stdout
    refused = vhuis("case", "confidential", "2026-009", "--audience", "polite", store=example_store)
    assert refused.exit_code == 2 and "is geen partner" in refused.stderr and "politie" in refused.stderr


def test_the_staged_check_holds_the_charter_for_files_committed_by_hand(tmp_path: Path, vhuis: Invoke) -> None:
    store = store_of(tmp_path)
    (store / "meetings").mkdir()
    (store / "meetings" / "2026-12-10.yaml").write_text("date: 2026-12-10\nstatus: planned\ninvited: [politie, nmbs]\n")
    (store / "vhuis.yaml").write_text(CHARTERED + "standing: [nmbs]\n")
    git(store, "add", "-A")
    staged = vhuis("check", "--staged", "--json", store=store)
    assert staged.exit_code == 3
    fields = {(p["file"], p["field"]) for p in json.loads(staged.stdout)["problems"]}
    assert fields == {("meetings/2026-12-10.yaml", "invited[1]"), ("vhuis.yaml", "standing[0]")}


def test_audience_and_restricted_to_complete_partner_ids(tmp_path: Path) -> None:
    store = store_of(tmp_path)
    script = Path(sys.executable).with_name("vhuis")
    for words in ("vhuis case confidential 2026-001 --audience p", "vhuis decision add 2026-001 x --restricted-to p"):
        env = {
            **os.environ,
            "_VHUIS_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        done = subprocess.run([str(script)], cwd=store, capture_output=True, text=True, env=env)
        assert done.stdout.split() == ["politie", "preventiedienst"], words
