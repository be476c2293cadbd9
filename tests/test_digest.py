"""The index's digest comes from the models; the report's verdicts come from the domain; a Store is never stale."""

from __future__ import annotations

from pathlib import Path

from vhuis.domain.cases import new_case
from vhuis.domain.partners import add_partner
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
