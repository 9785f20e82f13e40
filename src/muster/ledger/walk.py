"""Walking one contribution's history in time order, one step at a time.

Each step (a level, an event, a record that moves nothing) yields a timeline entry and the
estimate it leaves behind, so the ledger on any date is simply the state after the last
step on or before that date; the timeline and the ledger cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from muster.ledger.dates import Dated
from muster.ledger.schema import (
    BasisKind,
    DatedBy,
    Event,
    LedgerRow,
    Level,
    Source,
    TimelineEntry,
)
from muster.models import Qualifier

PHASE_EVENT, PHASE_ABSENT, PHASE_PRESENCE, PHASE_OFFICIAL = range(4)
"""Order of steps on the same day: a level is taken to include that day's changes, and an
official figure outranks a news report of the same day."""

_LEVEL_LABELS: dict[str, str] = {
    "official": "official",
    "presence": "news (presence)",
    "absent": "official (not listed)",
}


@dataclass(frozen=True, slots=True)
class Step:
    """Something that happened to one contribution: exactly one of level, event or loose."""

    when: dt.date
    phase: int
    tie: str
    contributor: str | None
    level: Level | None = None
    event: Event | None = None
    loose: Dated | None = None
    note: str = ""

    @property
    def order(self) -> tuple[dt.date, int, str]:
        return (self.when, self.phase, self.tie)


@dataclass(frozen=True, slots=True, eq=False)
class Sources:
    """The sources of an estimate in the order they were added, shared between estimates.

    Each change appends its event's sources to the estimate before it; copying the whole
    tuple at every change would make a long run of changes quadratic, so an estimate keeps
    only what it added and a link to the one before, and the list is built when a row asks.
    """

    added: tuple[Source, ...] = ()
    before: Sources | None = None

    def plus(self, more: Iterable[Source]) -> Sources:
        return Sources(tuple(more), self)

    def as_list(self) -> list[Source]:
        parts: list[tuple[Source, ...]] = []
        node: Sources | None = self
        while node is not None:
            parts.append(node.added)
            node = node.before
        return [source for part in reversed(parts) for source in part]


NO_SOURCES = Sources()


@dataclass(frozen=True, slots=True)
class Estimate:
    """The running estimate of one contribution and everything it rests on."""

    contributor: str | None
    personnel: int | None = None
    qualifier: Qualifier | None = None
    level: Level | None = None
    net: int = 0
    changes: int = 0
    sources: Sources = NO_SOURCES
    when: dt.date | None = None
    date_text: str = ""
    dated_by: DatedBy = "as_of"

    def basis(self) -> tuple[str, BasisKind]:
        if self.changes or self.level is None:
            return f"news ({self.net:+d})", "change"
        return _LEVEL_LABELS[self.level.basis_kind], self.level.basis_kind

    def row(self, *, flagged: bool = False) -> LedgerRow | None:
        if self.personnel is None or self.when is None:
            return None
        label, kind = self.basis()
        return LedgerRow(
            contributor=self.contributor,
            personnel=self.personnel,
            qualifier=self.qualifier,
            basis=label,
            basis_kind=kind,
            as_of=self.when,
            as_of_text=self.date_text,
            dated_by=self.dated_by,
            level=self.level,
            net_change=self.net,
            sources=self.sources.as_list(),
            flagged=flagged,
        )


def combine(a: Qualifier | None, b: Qualifier | None) -> Qualifier | None:
    """The qualifier of a sum: exact parts keep the other's; unlike bounds blur to approx."""
    if a is None or a == "exact" or a == b:
        return b if b is not None else a
    if b is None or b == "exact":
        return a
    return "approx"


def _movement(state: Estimate, event: Event) -> tuple[int | None, str]:
    """The delta an event applies to the estimate (None: it moves nothing) and why."""
    base, number = state.personnel, event.personnel
    if number is None:
        return None, "no number: moves nothing"
    if event.direction == "none":
        if event.change == "rotation":
            return None, "rotation: moves nothing"
        return None, f"{event.kind} marked {event.change}: contradictory, moves nothing"
    if event.direction == "unknown":
        if base:
            return None, "deploy with no stated change while a level is known: moves nothing"
        return number, "deploy with no stated change and no contingent known: counted in full"
    if event.direction == "increase":
        note = "no level known: counted from 0, a minimum" if base is None else ""
        return number, note
    if base is None:
        return None, "decrease with no level known: moves nothing"
    if number > base:
        return -base, f"withdrawal of {number} exceeds the estimate of {base}: clamped at 0"
    return -number, ""


def _estimate_fields(state: Estimate) -> dict[str, Any]:
    """What a timeline entry says of the estimate its step leaves (set at construction: a
    pydantic model's assignments cost more than its constructor, 89k entries for KFOR)."""
    label, _ = state.basis()
    return {
        "estimate": state.personnel,
        "estimate_qualifier": state.qualifier,
        "basis": label if state.personnel is not None else None,
    }


def _event_step(state: Estimate, event: Event) -> tuple[TimelineEntry, Estimate]:
    delta, note = _movement(state, event)
    after = state
    if delta is not None:
        if state.personnel is not None:
            qualifier = combine(state.qualifier, event.qualifier)
        elif event.direction == "increase":  # "additional" troops: the contingent is at least N
            qualifier = combine("min", event.qualifier)
        else:
            qualifier = event.qualifier
        after = replace(
            state,
            personnel=(state.personnel or 0) + delta,
            qualifier=qualifier,
            net=state.net + delta,
            changes=state.changes + 1,
            sources=state.sources.plus(event.sources),
            when=event.when,
            date_text=event.date_text,
            dated_by=event.dated_by,
        )
    entry = TimelineEntry(
        when=event.when,
        date_text=event.date_text,
        dated_by=event.dated_by,
        contributor=event.contributor,
        entry_kind="event" if delta is None else "change",
        kind=event.kind,
        change=event.change,
        personnel=event.personnel,
        qualifier=event.qualifier,
        delta=delta,
        note=note,
        record_ids=list(event.record_ids),
        sources=list(event.sources),
        **_estimate_fields(after),
    )
    return entry, after


def _level_step(
    state: Estimate, level: Level, note: str, flagged: bool
) -> tuple[TimelineEntry, Estimate]:
    after = Estimate(
        contributor=state.contributor,
        personnel=level.personnel,
        qualifier=level.qualifier,
        level=level,
        sources=Sources((level.source,)),
        when=level.when,
        date_text=level.date_text,
        dated_by=level.dated_by,
    )
    record_id = level.source.record_id
    entry = TimelineEntry(
        when=level.when,
        date_text=level.date_text,
        dated_by=level.dated_by,
        contributor=level.contributor,
        entry_kind="level",
        kind=level.basis_kind,
        personnel=level.personnel,
        qualifier=level.qualifier,
        delta=level.personnel - state.personnel if state.personnel is not None else None,
        note=note,
        record_ids=[record_id] if record_id is not None else [],
        sources=[level.source],
        flagged=flagged,
        **_estimate_fields(after),
    )
    return entry, after


def _loose_step(state: Estimate, item: Dated, note: str) -> TimelineEntry:
    record = item.record
    return TimelineEntry(
        when=item.when,
        date_text=item.date_text,
        dated_by=item.dated_by,
        contributor=state.contributor,
        entry_kind="event",
        kind=record.kind,
        change=record.change,
        personnel=record.personnel,
        qualifier=record.qualifier,
        note=note,
        record_ids=[record.id],
        sources=[Source.from_record(record)],
        **_estimate_fields(state),
    )


class Walked(NamedTuple):
    order: tuple[dt.date, int, str]
    entry: TimelineEntry
    estimate: Estimate


def walk(contributor: str | None, steps: list[Step], flagged_refs: frozenset[str]) -> list[Walked]:
    """Every step of one contribution with the estimate after it, in time order."""
    state = Estimate(contributor=contributor)
    result: list[Walked] = []
    for step in sorted(steps, key=lambda s: s.order):
        if step.level is not None:
            flagged = step.level.ref in flagged_refs
            entry, state = _level_step(state, step.level, step.note, flagged)
        elif step.event is not None:
            entry, state = _event_step(state, step.event)
        elif step.loose is not None:
            entry = _loose_step(state, step.loose, step.note)
        else:
            continue
        result.append(Walked(step.order, entry, state))
    return result
