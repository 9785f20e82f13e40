"""The ledger's public functions: pure, over lists of records and official figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from muster.ledger.events import OPERATION_KEY
from muster.ledger.history import build_history
from muster.ledger.schema import (
    DEFAULT_OPTIONS,
    Conflict,
    Event,
    Ledger,
    LedgerOptions,
    LedgerRecord,
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
    return build_history(operation, records, figures, options).ledger_at(at)


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
    return build_history(operation, records, figures, options).timeline(contributor)


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
