"""The index's digest comes from the models; the report's verdicts come from the domain; a Store is never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from conftest import Invoke, build_store

from vhuis.domain.cases import new_case
from vhuis.domain.partners import add_partner
from vhuis.storage.index import index_path
from vhuis.storage.store import Store
from vhuis.vocab import Approach


def test_a_partner_added_on_one_store_can_lead_a_new_case_at_once(small_store: Path) -> None:
    store = Store(small_store)
    assert "stad-genk" not in store.partners  # read, and cached, before the partner is added
    add_partner(store, "stad-genk", "Stad Genk", "city-service", None)
    case = new_case(store, title="Overlast plein", approach=Approach.area, area="Plein", group=None, lead="stad-genk")
    assert case.lead == "stad-genk"
    assert Store(small_store).case(case.id).lead == "stad-genk"


def test_a_date_shared_by_two_fields_is_written_so_that_vhuis_reads_it_back(small_store: Path) -> None:
    from datetime import date

    from vhuis.model import Commitment
    from vhuis.storage.store import dump_model, parse

    day = date(2026, 11, 27)  # one object as made, due and done: PyYAML would write an anchor and an alias
    done = Commitment(id="C1", partner="politie", action="Patrouille", made=day, due=day, status="done", done=day)
    assert parse(dump_model(done), "cases/2026-001.yaml", Commitment) == done


def test_report_json_holds_the_verdicts_the_report_words_for_people(example_store: Path, vhuis: Invoke) -> None:
    result = vhuis("report", "--on", "2026-11-27", "--json", store=example_store)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["verdicts"] == {
        "open_cases": 5,
        "months": ["2026-09", "2026-10", "2026-11"],
        "signals": 6,
        "busiest": ["Jongeren met brommers (16-19 jaar)", "Stationsomgeving Genk"],
        "busiest_count": 2,
        "meetings": 2,
        "absent": [{"partner": "economie", "absent": 1}, {"partner": "baal", "absent": 1}],
        "present_at_none": ["zol"],  # mobiliteit was invited to neither meeting: not concerned (issue 17, item 4)
        "open": 9,
        "overdue": 3,
        "late": [
            {"partner": "economie", "overdue": 1},
            {"partner": "straathoekwerk", "overdue": 1},
            {"partner": "de-lijn", "overdue": 1},
        ],
        "done": 6,
        "done_late": 2,
        "one_kind_only": ["2026-005"],
        "chain_link_missing": ["2026-003", "2026-005", "2026-007"],
    }
    said = vhuis("report", "--on", "2026-11-27", store=example_store).stdout
    assert "de meeste in Jongeren met brommers (16-19 jaar) en Stationsomgeving Genk (2)." in said
    assert (
        "onverwittigd afwezig: economie 1×, baal 1×; "
        "vermeld in een open dossier maar op geen enkel overleg aanwezig: zol." in said
    )
    assert "van 9 openstaande afspraken zijn er 3 over hun termijn (economie 1, straathoekwerk 1, de-lijn 1)" in said
    assert "2 van 6 afgeronde afspraken werden te laat afgerond" in said


def test_an_empty_store_has_empty_verdicts(tmp_path: Path, vhuis: Invoke) -> None:
    store = build_store(tmp_path / "empty", {"vhuis.yaml": "name: Leeg\n"})
    verdicts = json.loads(vhuis("report", "--json", store=store).stdout)["verdicts"]
    assert verdicts["busiest"] == [] and verdicts["busiest_count"] == 0 and verdicts["signals"] == 0
    assert verdicts["absent"] == verdicts["late"] == verdicts["one_kind_only"] == [] and verdicts["meetings"] == 0


# -- the index's digest is the model's ---------------------------------------------------------


def aged(store: Path) -> Path:
    past = time.time() - 60
    for path in (store / "cases").glob("*.yaml"):
        os.utime(path, (past, past))
    return store


def test_the_digest_holds_what_the_model_holds_but_the_long_texts(example_store: Path) -> None:
    digests, _ = Store(aged(example_store)).digests()
    digests, _ = Store(example_store).digests()  # from the index
    case = Store(example_store).case("2026-003")
    digest = next(d for d in digests if d.id == "2026-003")
    assert [m.title for m in digest.measures] == [m.title for m in case.measures]  # the old digest had no titles
    assert digest.commitments[0].status is case.commitments[0].status
    assert digest.opened == case.opened and digest.where == case.where
    assert not hasattr(digest.signals[0], "summary") and not hasattr(digest.decisions[0], "text")
    assert [d.date for d in digest.decisions] == [d.date for d in case.decisions]  # report: a case quiet since when
    assert digest.goal_count == len(case.plan.goals)  # type: ignore[union-attr]


def test_an_index_written_for_other_models_is_not_believed(example_store: Path) -> None:
    Store(aged(example_store)).digests()
    path = index_path(example_store / ".git")
    document = json.loads(path.read_text())
    for entry in document["entries"].values():
        entry["digest"]["title"] = "Uit een oude vhuis"
    document["models"] = "another vhuis"
    path.write_text(json.dumps(document))
    digests, _ = Store(example_store).digests()
    assert "Uit een oude vhuis" not in {d.title for d in digests}
    assert json.loads(path.read_text())["models"] != "another vhuis"


def test_an_index_without_its_schema_is_rebuilt(example_store: Path) -> None:
    Store(aged(example_store)).digests()
    path = index_path(example_store / ".git")
    document = json.loads(path.read_text())
    del document["schema"]
    path.write_text(json.dumps(document))
    digests, _ = Store(example_store).digests()
    assert all(type(d.opened) is date for d in digests)
    assert "schema" in json.loads(path.read_text())


def test_read_commands_served_from_the_index_load_neither_the_models_nor_yaml(example_store: Path) -> None:
    Store(aged(example_store)).digests()
    code = (
        "import sys\nfrom vhuis.cli.app import app\n"
        "try:\n    app([ARGS])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('vhuis.model', 'yaml', 'git', 'jinja2') if m in sys.modules), file=sys.stderr)"
    )
    for args in ('"owes", "--json"', '"case", "list", "--json"'):
        run = subprocess.run(
            [sys.executable, "-c", code.replace("ARGS", args)],
            cwd=example_store,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.stderr.strip().splitlines()[-1] == "[]", run.stderr
