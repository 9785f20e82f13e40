"""Reference data beside the news: the operations catalogue and official snapshots.

Both loads are idempotent, so an entry point can run them on every start: the catalogue is
upserted (and rows no longer in it dropped), and figures already present are skipped by their
unique key with ON CONFLICT DO NOTHING, which also makes concurrent imports safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, delete, select

from muster.catalogue import operations
from muster.models import OfficialFigure
from muster.store.dates import as_end, period_start
from muster.store.engine import dialect_insert, writing
from muster.store.results import StoredFigure
from muster.store.schema import FigureRow, OperationRow

_FIGURE_KEY = ["as_of", "operation", "contributor", "personnel_type", "source"]
_CHUNK = 1000


def sync_operations(engine: Engine) -> int:
    """Make the operations table equal to the packaged catalogue; returns its size."""
    rows = [op.model_dump() for op in operations().values()]
    with writing(engine) as connection:
        if rows:
            stmt = dialect_insert(connection, OperationRow)
            columns = [name for name in rows[0] if name != "id"]
            upsert = stmt.on_conflict_do_update(
                index_elements=["id"], set_={name: stmt.excluded[name] for name in columns}
            )
            connection.execute(upsert, rows)
        ids = [row["id"] for row in rows]
        connection.execute(delete(OperationRow).where(OperationRow.id.not_in(ids)))
    return len(rows)


def _figure_row(figure: OfficialFigure) -> dict[str, Any]:
    start = period_start(figure.as_of)
    if start is None:
        raise ValueError(f"figure with a malformed as_of date: {figure.as_of!r}")
    row = figure.model_dump()
    row["as_of_date"] = start
    return row


def import_figures(engine: Engine, figures: Iterable[OfficialFigure]) -> int:
    """Add official figures not yet stored; returns how many were new."""
    rows = [_figure_row(figure) for figure in figures]
    added = 0
    with writing(engine) as connection:
        for start in range(0, len(rows), _CHUNK):
            stmt = (
                dialect_insert(connection, FigureRow)
                .on_conflict_do_nothing(index_elements=_FIGURE_KEY)
                .returning(FigureRow.id)
            )
            added += len(connection.execute(stmt, rows[start : start + _CHUNK]).all())
    return added


def query_figures(
    engine: Engine,
    operation: str | None = None,
    contributor: str | None = None,
    until: dt.date | str | None = None,
    personnel_type: str | None = None,
) -> list[StoredFigure]:
    """Official figures in date order; `until` keeps snapshots dated on or before it."""
    query = select(FigureRow).order_by(
        FigureRow.as_of_date,
        FigureRow.operation,
        FigureRow.contributor,
        FigureRow.personnel_type,
        FigureRow.id,
    )
    if operation is not None:
        query = query.where(FigureRow.operation == operation)
    if contributor is not None:
        query = query.where(FigureRow.contributor == contributor)
    if personnel_type is not None:
        query = query.where(FigureRow.personnel_type == personnel_type)
    end = as_end(until)
    if end is not None:
        query = query.where(FigureRow.as_of_date <= end)
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [StoredFigure.model_validate(dict(row)) for row in rows]
