"""Views over loaded cases: selecting and summarising them. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from vhuis.vocab import Approach, CaseStatus


class CaseLike(Protocol):
    """A case as the model holds it, or as the index digests it."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def approach(self) -> Approach: ...
    @property
    def area(self) -> str | None: ...
    @property
    def group(self) -> str | None: ...
    @property
    def themes(self) -> list[str]: ...
    @property
    def status(self) -> CaseStatus: ...
    @property
    def lead(self) -> str | None: ...
    @property
    def partners(self) -> list[str]: ...
    @property
    def where(self) -> str: ...


C = TypeVar("C", bound=CaseLike)


def select_cases(
    cases: Iterable[C],
    status: str | None = None,
    theme: str | None = None,
    area: str | None = None,
    partner: str | None = None,
) -> list[C]:
    """Cases matching every filter given; ``area`` matches an area or a group, ignoring case."""
    chosen = []
    for case in cases:
        if status is not None and case.status.value != status:
            continue
        if theme is not None and theme not in case.themes:
            continue
        if area is not None and area.casefold() not in (case.where.casefold(),):
            continue
        if partner is not None and partner != case.lead and partner not in case.partners:
            continue
        chosen.append(case)
    return chosen


def case_rows(cases: Iterable[CaseLike]) -> list[dict[str, Any]]:
    """The ``case list --json`` shape."""
    return [
        {
            "id": c.id,
            "title": c.title,
            "status": c.status.value,
            "approach": c.approach.value,
            "area": c.area,
            "group": c.group,
            "themes": list(c.themes),
            "lead": c.lead,
        }
        for c in cases
    ]
