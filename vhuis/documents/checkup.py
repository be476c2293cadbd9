"""The whole store checked: its data files (vhuis.domain.checks) and its own minutes templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vhuis.domain.checks import check_store
from vhuis.errors import InvalidData, Problem

if TYPE_CHECKING:
    from vhuis.storage.store import Store


def check_everything(store: Store) -> list[Problem]:
    """What ``vhuis check`` reports: every data file, then each template the store brings."""
    found = check_store(store)
    if (store.root / "templates").is_dir():
        from vhuis.documents.render import template_problems

        try:
            found += template_problems(store)
        except InvalidData as error:
            found += error.problems
    return found
