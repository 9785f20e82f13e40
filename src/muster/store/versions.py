"""How the store tells a reader that kept a computation whether it is still current.

The ledger keeps each operation's history between requests (`muster.queries`) and asks here,
before every use, whether the rows it was built from have changed. The answer has to cost far
less than the rebuild it saves, so it is read from counts and largest ids that the indexes
give at once, never from the rows themselves.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Engine, ScalarSelect, func, select

from muster.store.schema import ArticleRow, FactRow, FigureRow, RecordRow


class LedgerVersion(NamedTuple):
    """The store as one operation's ledger sees it, in four numbers cheap to read.

    Records and figures are only ever inserted or deleted (a re-ingested article's records are
    replaced by new rows) and ids are never reused. So while the operation's counts and the
    store's largest ids stay the same, no row has come or gone: a new row would have raised a
    largest id, a removed one lowered a count. The store's largest id is a look-up at the end
    of the primary key; the operation's own would be a scan of its rows, as costly as the count.
    """

    records: int
    figures: int
    last_record: int | None
    last_figure: int | None


OwnLast = tuple[int | None, int | None]
"""The operation's own largest record and figure ids."""


def _count(table: type[RecordRow] | type[FigureRow], operation: str) -> ScalarSelect[int]:
    query = select(func.count()).select_from(table).where(table.operation == operation)
    return query.scalar_subquery()


def _last(
    table: type[RecordRow] | type[FigureRow], operation: str | None = None
) -> ScalarSelect[int | None]:
    query = select(func.max(table.id))
    if operation is not None:
        query = query.where(table.operation == operation)
    return query.scalar_subquery()


def ledger_version(engine: Engine, operation: str) -> LedgerVersion:
    """The store's version for one operation's ledger, in one statement."""
    query = select(
        _count(RecordRow, operation),
        _count(FigureRow, operation),
        _last(RecordRow),
        _last(FigureRow),
    )
    with engine.connect() as connection:
        return LedgerVersion(*connection.execute(query).one())


def ledger_version_and_own_last(engine: Engine, operation: str) -> tuple[LedgerVersion, OwnLast]:
    """The version and the operation's own largest ids, read in one statement (one snapshot).

    The own ids cost a scan of the operation's rows, so they are read only when the cheap
    version has moved and the reader must tell another operation's writes from its own.
    """
    query = select(
        _count(RecordRow, operation),
        _count(FigureRow, operation),
        _last(RecordRow),
        _last(FigureRow),
        _last(RecordRow, operation),
        _last(FigureRow, operation),
    )
    with engine.connect() as connection:
        row = connection.execute(query).one()
    return LedgerVersion(*row[:4]), (row[4], row[5])


def store_version(engine: Engine) -> LedgerVersion:
    """The version of the whole store, for what is computed over every operation at once (the
    operations summary): all records and figures counted, and the largest ids."""
    count_records = select(func.count()).select_from(RecordRow).scalar_subquery()
    count_figures = select(func.count()).select_from(FigureRow).scalar_subquery()
    query = select(count_records, count_figures, _last(RecordRow), _last(FigureRow))
    with engine.connect() as connection:
        return LedgerVersion(*connection.execute(query).one())


def content_version(engine: Engine) -> tuple[int | None, ...]:
    """The version of everything the store holds (articles, records, facts, figures), for what
    counts them all (the per-operation counts of the pages): rows per table and largest ids."""
    tables: tuple[type[ArticleRow] | type[RecordRow] | type[FactRow] | type[FigureRow], ...] = (
        ArticleRow,
        RecordRow,
        FactRow,
        FigureRow,
    )
    parts = [select(func.count()).select_from(table).scalar_subquery() for table in tables]
    parts += [select(func.max(table.id)).scalar_subquery() for table in tables[1:]]
    with engine.connect() as connection:
        return tuple(connection.execute(select(*parts)).one())


def ledger_sizes(engine: Engine) -> dict[str, int]:
    """Records plus official figures of each operation that has records, largest first.

    What a server warming its ledger cache needs: the order to build in (the largest operation's
    first request costs most) and how much of the cache's bound each history will take. Figures
    of every personnel type are counted, a little more than the ledger keeps.
    """
    records = (
        select(RecordRow.operation, func.count())
        .where(RecordRow.operation.is_not(None))
        .group_by(RecordRow.operation)
    )
    figures = select(FigureRow.operation, func.count()).group_by(FigureRow.operation)
    with engine.connect() as connection:
        sizes = {str(operation): int(n) for operation, n in connection.execute(records)}
        for operation, n in connection.execute(figures):
            if operation in sizes:
                sizes[operation] += int(n)
    return dict(sorted(sizes.items(), key=lambda item: (-item[1], item[0])))
