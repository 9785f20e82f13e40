"""The ledger's public functions: pure, over lists of records and official figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ledger_reference.events import OPERATION_KEY, nation_key
from ledger_reference.history import History, build_history
from muster.ledger.schema import (
    DEFAULT_OPTIONS,
    Conflict,
    Event,
    Ledger,
    LedgerOptions,
    LedgerRecord,
    LedgerRow,
    TimelineEntry,
)
from muster.models import OfficialFigure


def ledger(
    operation: str,
    at: dt.date,
    records: Iterable[LedgerRecord],
    figures: Iterable[OfficialFigure],
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> Ledger:
    """Each nation's best estimate for `operation` on `at`, with its basis and sources."""
    return ledger_of(build_history(operation, records, figures, options), operation, at)


def ledger_of(history: History, operation: str, at: dt.date) -> Ledger:
    """`ledger` on a history built once (split out for the tests only)."""
    estimates = history.estimates_at(at)
    current = {e.level.ref for e in estimates.values() if e.level is not None}
    relevant = [
        c
        for c in history.conflicts
        if c.second.when <= at and (c.first.ref in current or c.second.ref in current)
    ]
    flagged = {ref for c in relevant for ref in (c.first.ref, c.second.ref)}
    rows: list[LedgerRow] = []
    ended: list[LedgerRow] = []
    operation_level: LedgerRow | None = None
    for key, estimate in estimates.items():
        row = estimate.row(flagged=estimate.level is not None and estimate.level.ref in flagged)
        if row is None:
            continue
        if key is None:
            operation_level = row
        elif row.personnel > 0:
            rows.append(row)
        else:
            ended.append(row)
    rows.sort(key=lambda r: (-r.personnel, r.contributor or ""))
    ended.sort(key=lambda r: r.contributor or "")
    total = sum(r.personnel for r in rows)
    return Ledger(
        operation=operation,
        at=at,
        rows=rows,
        ended=ended,
        total_sum=total,
        nations=len(rows),
        operation_level=operation_level,
        difference=operation_level.personnel - total if operation_level else None,
        conflicts=relevant,
        undated=history.undated,
    )


def timeline(
    operation: str,
    records: Iterable[LedgerRecord],
    figures: Iterable[OfficialFigure],
    contributor: str | None = None,
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> list[TimelineEntry]:
    """Every level, change and event in time order, each with the estimate it leaves.

    `contributor` None gives every contribution; `"TOTAL"` gives the operation-level line.
    """
    history = build_history(operation, records, figures, options)
    only = None if contributor is None else [nation_key(contributor)]
    return history.timeline(only=only)


def conflicts(
    operation: str,
    records: Iterable[LedgerRecord],
    figures: Iterable[OfficialFigure],
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> list[Conflict]:
    """Every pair of conflicting levels in the operation's history, by the later one's date."""
    return build_history(operation, records, figures, options).conflicts


def events(
    operation: str,
    records: Iterable[LedgerRecord],
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> list[Event]:
    """Dated deploy and withdraw records clustered into events, in time order."""
    return build_history(operation, records, [], options).events


def undated(operation: str, records: Iterable[LedgerRecord]) -> list[LedgerRecord]:
    """Records of the operation with neither a date nor a publication date."""
    return build_history(operation, records, [], DEFAULT_OPTIONS).undated


__all__ = ["OPERATION_KEY", "conflicts", "events", "ledger", "timeline", "undated"]
