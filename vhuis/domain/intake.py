"""Intake and triage: signals that came in before there is a case for them (inbox.yaml).

A signal goes into the inbox with the area or group it is about and its themes; triage bundles
the open ones by area or group and theme and flags a bundle that reaches the office's threshold
(``vhuis.yaml`` ``triage``); a signal then moves into a case (linked), opens one, or is set aside
(dismissed). Each change is one commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import cast

from vhuis.domain import privacy
from vhuis.domain.areas import registered
from vhuis.domain.cases import build, draft_case, save
from vhuis.domain.inputs import day_that_came, known_partner, naming
from vhuis.errors import InvalidInput, NotFound
from vhuis.i18n import _
from vhuis.model import Approach, Case, InboxSignal, InboxStatus, Signal, Source, Triage
from vhuis.storage.store import INBOX_FILE, Store, read_records


def inbox_path(store: Store) -> Path:
    return store.root / INBOX_FILE


def read_inbox(store: Store) -> list[InboxSignal]:
    """The signals of inbox.yaml, in the file's order; none when there is no inbox yet."""
    try:
        text = store.read_text(inbox_path(store))
    except NotFound:
        return []
    return cast(list[InboxSignal], read_records(text, INBOX_FILE))


def dump_inbox(signals: Iterable[InboxSignal]) -> str:
    from vhuis.storage import yamlfile

    return yamlfile.dump([signal.model_dump(mode="python") for signal in signals])


def next_inbox_id(signals: Iterable[InboxSignal]) -> str:
    return f"I{max((int(signal.id[1:]) for signal in signals), default=0) + 1}"


def add_to_inbox(
    store: Store,
    source: Source,
    summary: str,
    area: str | None = None,
    group: str | None = None,
    themes: Iterable[str] = (),
    day: date | None = None,
    partner: str | None = None,
) -> InboxSignal:
    """Put a signal that belongs to no case yet in the inbox, as one commit; it is about an area or a group."""
    when = day_that_came(day, "day")
    if area is not None and group is not None:
        raise InvalidInput(
            naming(_("a signal is about an area or a group, not both; leave out this option or {field}"), "area"),
            "group",
        )
    if area is None and group is None:
        raise InvalidInput(
            naming(_("give the area the signal is about, or the target group with {field}"), "group"), "area"
        )
    if partner is not None:
        known_partner(store, partner, "partner")
    area = registered(store, area, "area")
    with store.lock():
        signals = read_inbox(store)
        signal = build(
            InboxSignal,
            {"id": next_inbox_id(signals), "date": when},
            source=source,
            partner=partner,
            area=area,
            group=group,
            themes=list(dict.fromkeys(themes)),
            summary=summary,
        )
        privacy.guard_record(signal, None, store, INBOX_FILE)
        about = f"area {area}" if area is not None else f"group {group}"
        store.commit(
            {inbox_path(store): dump_inbox([*signals, signal])},
            f"inbox: add signal {signal.id} from {signal.source.value} ({when}, {about})",
        )
    return signal


def _open_signal(signals: Sequence[InboxSignal], inbox_id: str) -> InboxSignal:
    """The inbox signal ``inbox_id`` while it is open; NotFound or InvalidInput otherwise."""
    found = next((signal for signal in signals if signal.id == inbox_id), None)
    if found is None:
        waiting = [signal.id for signal in signals if signal.status is InboxStatus.open]
        known = ", ".join(waiting) or _("none")
        raise NotFound(_("the inbox has no signal {signal} (open: {known})").format(signal=inbox_id, known=known))
    if found.status is InboxStatus.linked:
        raise InvalidInput(
            _("inbox signal {signal} was already moved into case {case}").format(signal=inbox_id, case=found.case)
        )
    if found.status is InboxStatus.dismissed:
        raise InvalidInput(
            _("inbox signal {signal} was dismissed ({reason}); only an open signal can be linked or dismissed").format(
                signal=inbox_id, reason=found.reason or "-"
            )
        )
    return found


def _into(case: Case, signal: InboxSignal) -> Signal:
    """``signal`` as a new signal of ``case``; the inbox entry says where it went."""
    moved = Signal(
        id=case.next_id("signals"),
        date=signal.date,
        source=signal.source,
        partner=signal.partner,
        summary=signal.summary,
    )
    case.signals.append(moved)
    signal.status = InboxStatus.linked
    signal.case = case.id
    return moved


def link_signal(store: Store, inbox_id: str, case_id: str) -> Signal:
    """Move an open inbox signal into a case, as one commit of both files; the case's new signal."""
    with store.lock():
        signals = read_inbox(store)
        signal = _open_signal(signals, inbox_id)
        case = store.case(case_id)
        before = case.model_copy(deep=True)
        moved = _into(case, signal)
        save(
            store,
            case,
            f"{case_id}: link inbox signal {inbox_id} as signal {moved.id} from {moved.source.value} ({moved.date})",
            before,
            also={inbox_path(store): dump_inbox(signals)},
        )
    return moved


def dismiss_signal(store: Store, inbox_id: str, reason: str) -> InboxSignal:
    """Set an open inbox signal aside, with the reason, as one commit."""
    if not reason.strip():
        raise InvalidInput(_("say why the signal is dismissed"), "reason")
    with store.lock():
        signals = read_inbox(store)
        signal = _open_signal(signals, inbox_id)
        before = signal.model_copy()
        build(InboxSignal, signal.model_dump(exclude={"reason"}), reason=reason)  # names a bad reason as --reason
        signal.status = InboxStatus.dismissed
        signal.reason = reason
        privacy.guard_record(signal, before, store, INBOX_FILE)
        store.commit({inbox_path(store): dump_inbox(signals)}, f"inbox: dismiss signal {inbox_id}: {reason}")
    return signal


def _one(values: Iterable[str | None], option: str, signals: Sequence[str]) -> str | None:
    """The one value the signals share (as the first one writes it), or None; InvalidInput about ``option`` else."""
    named: dict[str, str] = {}
    for value in values:
        if value:
            named.setdefault(_key(value), value)
    if len(named) > 1:
        said = (
            _("the signals {signals} name different areas ({values}); give the case's area with this option")
            if option == "area"
            else _("the signals {signals} name different groups ({values}); give the case's group with this option")
        )
        shown = ", ".join(repr(value) for value in named.values())
        raise InvalidInput(said.format(signals=", ".join(signals), values=shown), option)
    return next(iter(named.values()), None)


def _shared(values: Iterable[str | None]) -> str | None:
    """The one area all the signals that name one share (as the first writes it), or None when they differ."""
    named: dict[str, str] = {}
    for value in values:
        if value:
            named.setdefault(_key(value), value)
    return next(iter(named.values())) if len(named) == 1 else None


def open_case_from(
    store: Store,
    title: str,
    inbox_ids: Iterable[str],
    approach: Approach | None = None,
    area: str | None = None,
    group: str | None = None,
    themes: Iterable[str] = (),
    lead: str | None = None,
    partners: Iterable[str] = (),
    opened: date | None = None,
) -> tuple[Case, dict[str, str]]:
    """Open a case and move open inbox signals into it, as one commit; what is not given comes from the signals.

    Returns the case, and each inbox signal's new id in it (``{"I4": "S1"}``).

    The approach follows the signals when they are all about an area (or all about a group), the
    area or group when they agree on one, and the themes are all of theirs. The signals join the
    case in the order they came in.
    """
    wanted = list(dict.fromkeys(inbox_ids))
    themes = list(themes)
    with store.lock():
        signals = read_inbox(store)
        chosen = sorted((_open_signal(signals, inbox_id) for inbox_id in wanted), key=lambda s: (s.date, int(s.id[1:])))
        if approach is None:
            kinds = {Approach.area if s.area else Approach.group for s in chosen if s.area or s.group}
            if len(kinds) != 1:
                said = (
                    _("the signals {signals} are about areas and groups both; say which the case is with this option")
                    if kinds
                    else _("the signals {signals} name no area or group; say which the case is about with this option")
                )
                raise InvalidInput(said.format(signals=", ".join(wanted)), "approach")
            approach = kinds.pop()
        if approach is Approach.area and area is None and group is None:
            area = _one((s.area for s in chosen), "area", wanted)
        if approach is Approach.group and group is None:
            group = _one((s.group for s in chosen), "group", wanted)
        if approach is Approach.group and area is None:  # a group case keeps the place its signals share
            area = _shared(s.area for s in chosen)
        if not themes:
            named: dict[str, str] = {}
            for theme in (theme for s in chosen for theme in s.themes):
                named.setdefault(_key(theme), theme)
            themes = list(named.values())
        case = draft_case(store, title, approach, area, group, themes, lead, partners, opened)
        moved = [_into(case, signal) for signal in chosen]
        listed = ", ".join(f"{signal.id} as {entry.id}" for signal, entry in zip(chosen, moved, strict=True))
        save(
            store,
            case,
            f"{case.id}: open case '{case.title}' ({case.approach.value}: {case.where}) from inbox signals {listed}",
            also={inbox_path(store): dump_inbox(signals)},
        )
    return case, {signal.id: entry.id for signal, entry in zip(chosen, moved, strict=True)}


# -- triage ----------------------------------------------------------------------------------


@dataclass
class Bundle:
    """Open inbox signals about one area or group and one theme (``theme`` None: signals without a theme)."""

    area: str | None
    group: str | None
    theme: str | None
    signals: list[str] = field(default_factory=list)
    recent: int = 0
    """How many of them came in within the triage window."""
    over_threshold: bool = False

    @property
    def count(self) -> int:
        return len(self.signals)

    def as_json(self) -> dict[str, object]:
        return {
            "area": self.area,
            "group": self.group,
            "theme": self.theme,
            "count": self.count,
            "signals": list(self.signals),
            "over_threshold": self.over_threshold,
        }


def _key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def triage(signals: Iterable[InboxSignal], on: date, threshold: Triage) -> list[Bundle]:
    """The open signals that had come in by ``on``, bundled by area or group and theme; flagged bundles first.

    A signal with two themes counts in both bundles. A bundle is flagged when at least
    ``threshold.signals`` of its signals came in within ``threshold.days`` days up to ``on``.
    Places and themes written with other capitals or spaces (``kolderbos``) fall in one bundle.
    """
    since = on - timedelta(days=threshold.days)
    bundles: dict[tuple[str, str, str], Bundle] = {}
    for signal in signals:
        if signal.status is not InboxStatus.open or signal.date > on:
            continue
        themes: list[str | None] = [*dict.fromkeys(signal.themes)]
        for theme in themes or [None]:
            key = (_key(signal.area), _key(signal.group), _key(theme))
            bundle = bundles.setdefault(key, Bundle(signal.area, signal.group, theme))
            bundle.signals.append(signal.id)
            bundle.recent += signal.date >= since
    found = list(bundles.values())
    for bundle in found:
        bundle.over_threshold = bundle.recent >= threshold.signals
    return sorted(
        found,
        key=lambda b: (not b.over_threshold, -b.count, _key(b.area or b.group), _key(b.theme)),
    )
