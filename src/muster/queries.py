"""The read functions every surface shares: the CLI, the JSON API and the pages call these.

One builder per view of the data (datasette's habit); renderers only format what comes back.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from muster.catalogue import get_operation
from muster.ledger import (
    DEFAULT_OPTIONS,
    Conflict,
    Ledger,
    LedgerOptions,
    LedgerRecord,
    TimelineEntry,
    conflicts,
    ledger,
    timeline,
)
from muster.models import OfficialFigure, Operation
from muster.store import StoredFact, StoredRecord, counts, query_facts, query_figures, query_records


class OperationOverview(BaseModel):
    operation: Operation
    articles: int = 0
    records: int = 0
    facts: list[StoredFact] = Field(default_factory=list)
    latest_records: list[StoredRecord] = Field(default_factory=list)


class RecordsPage(BaseModel):
    data: list[StoredRecord]
    count: int


def operation_overview(engine: Engine, operation_id: str, latest: int = 10) -> OperationOverview | None:
    op = get_operation(operation_id)
    if op is None:
        return None
    per_op = counts(engine).by_operation.get(op.id)
    records, total = query_records(engine, operation=op.id)
    facts = query_facts(engine, subject=op.id)
    dated = sorted((r for r in records if r.sort_date), key=lambda r: r.sort_date or dt.date.min)
    return OperationOverview(
        operation=op,
        articles=per_op.articles if per_op else 0,
        records=total,
        facts=facts,
        latest_records=list(reversed(dated[-latest:])),
    )


def records_page(engine: Engine, **filters: object) -> RecordsPage:
    data, count = query_records(engine, **filters)  # type: ignore[arg-type]
    return RecordsPage(data=data, count=count)


def official_figures(engine: Engine, operation: str) -> list[OfficialFigure]:
    """Official snapshots that count for the ledger (UN files also list troops, police...)."""
    return [f for f in query_figures(engine, operation=operation) if f.personnel_type == "total"]


def ledger_inputs(engine: Engine, operation: str) -> tuple[list[LedgerRecord], list[OfficialFigure]]:
    """The stored records and official figures the ledger of one operation is computed from."""
    stored, _ = query_records(engine, operation=operation)
    records = [
        LedgerRecord(
            **r.model_dump(exclude={"id", "sort_date", "published", "title", "url"}),
            id=r.id, published=r.published, source_title=r.title or None, source_url=r.url,
        )
        for r in stored
    ]
    return records, official_figures(engine, operation)


def operation_ledger(engine: Engine, operation: str, at: dt.date | None = None,
                     options: LedgerOptions = DEFAULT_OPTIONS) -> Ledger:
    """Per nation, the best estimate on `at` (default today) and what it rests on."""
    records, figures = ledger_inputs(engine, operation)
    return ledger(operation, at or dt.date.today(), records, figures, options)


def operation_timeline(engine: Engine, operation: str, contributor: str | None = None,
                       options: LedgerOptions = DEFAULT_OPTIONS) -> list[TimelineEntry]:
    """Every level and change of one operation (or one nation in it), oldest first."""
    records, figures = ledger_inputs(engine, operation)
    return timeline(operation, records, figures, contributor, options)


def operation_conflicts(engine: Engine, operation: str,
                        options: LedgerOptions = DEFAULT_OPTIONS) -> list[Conflict]:
    """Pairs of figures for the same nation that disagree, side by side with their sources."""
    records, figures = ledger_inputs(engine, operation)
    return conflicts(operation, records, figures, options)
