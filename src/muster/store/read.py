"""Reads for every surface (CLI, API, pages): filters in, pydantic models out, never ORM rows.

Record lists come in one stable order, by `sort_date` (undated last), then article, then row
id, so that a page of results and the ledger built from it agree from one call to the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    exists,
    false,
    func,
    or_,
    select,
    union,
)

from muster.models import Article
from muster.store.dates import as_end, as_start
from muster.store.results import (
    ArticleSummary,
    OperationCounts,
    StoreCounts,
    StoredFact,
    StoredRecord,
)
from muster.store.schema import (
    RECORD_ORDER,
    ArticleRow,
    FactRow,
    FigureRow,
    OperationRow,
    RecordRow,
)

Target = Engine | Connection


@contextmanager
def _connected(target: Target) -> Iterator[Connection]:
    if isinstance(target, Connection):
        yield target
        return
    with target.connect() as connection:
        yield connection


def _page(
    query: Select[*tuple[Any, ...]], limit: int | None, offset: int
) -> Select[*tuple[Any, ...]]:
    if offset:
        query = query.offset(offset)
    return query.limit(limit) if limit is not None else query


_RECORD_COLUMNS = (
    RecordRow.id,
    RecordRow.article_id.label("article"),
    RecordRow.kind,
    RecordRow.contributor,
    RecordRow.operation,
    RecordRow.host,
    RecordRow.personnel,
    RecordRow.qualifier,
    RecordRow.date,
    RecordRow.sort_date,
    RecordRow.evidence,
    RecordRow.change,
    RecordRow.evidence_start,
    RecordRow.evidence_end,
    RecordRow.extractor,
    ArticleRow.published,
    ArticleRow.title,
    ArticleRow.url,
)


def _records_select() -> Select[*tuple[Any, ...]]:
    return select(*_RECORD_COLUMNS).join(ArticleRow, ArticleRow.id == RecordRow.article_id)


def _record_filters(
    operation: str | None,
    contributor: str | None,
    host: str | None,
    kind: str | None,
    since: dt.date | str | None,
    until: dt.date | str | None,
    text: str | None,
    article: str | None,
) -> list[ColumnElement[bool]]:
    equal = {
        RecordRow.operation: operation,
        RecordRow.contributor: contributor,
        RecordRow.host: host,
        RecordRow.kind: kind,
        RecordRow.article_id: article,
    }
    filters: list[ColumnElement[bool]] = [
        column == value for column, value in equal.items() if value is not None
    ]
    start, end = as_start(since), as_end(until)
    if start is not None:
        filters.append(RecordRow.sort_date >= start)
    if end is not None:
        filters.append(RecordRow.sort_date <= end)
    if start is not None or end is not None:
        # Implied by either bound; stated so that the order indexes can seek to the bounds.
        filters.append(RECORD_ORDER[0].is_(false()))
    if text:
        filters.append(RecordRow.evidence.icontains(text, autoescape=True))
    return filters


def query_records(
    target: Target,
    *,
    operation: str | None = None,
    contributor: str | None = None,
    host: str | None = None,
    kind: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    text: str | None = None,
    article: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[StoredRecord], int]:
    """Matching records (one page of them) and how many match in all.

    `since`/`until` bound `sort_date` and take dates or partial dates ("2023" is all of 2023);
    undated records drop out when either is given. `text` is a case-insensitive substring
    of the evidence.
    """
    filters = _record_filters(operation, contributor, host, kind, since, until, text, article)
    # With a date bound every match is dated, and the "undated last" term would only keep the
    # database from reading the matches in index order.
    dated = since is not None or until is not None
    query = _records_select().where(*filters)
    query = query.order_by(*(RECORD_ORDER[1:] if dated else RECORD_ORDER))
    with _connected(target) as connection:
        rows = connection.execute(_page(query, limit, offset)).mappings().all()
        if (limit is None or len(rows) < limit) and (rows or not offset):
            total = offset + len(rows)  # the page holds the last match: nothing to count
        else:
            total_query = select(func.count()).select_from(RecordRow).where(*filters)
            total = connection.execute(total_query).scalar_one()
    return [StoredRecord.model_validate(dict(row)) for row in rows], total


_LEDGER_COLUMNS = (
    RecordRow.id,
    RecordRow.article_id.label("article"),
    RecordRow.kind,
    RecordRow.contributor,
    RecordRow.operation,
    RecordRow.host,
    RecordRow.personnel,
    RecordRow.qualifier,
    RecordRow.date,
    RecordRow.evidence,
    RecordRow.change,
    RecordRow.evidence_start,
    RecordRow.evidence_end,
    RecordRow.extractor,
    ArticleRow.published,
    func.nullif(ArticleRow.title, "").label("source_title"),
    ArticleRow.url.label("source_url"),
)


def ledger_record_rows(target: Target, operation: str) -> list[dict[str, Any]]:
    """Every record of one operation, in the record order, as plain dicts for the ledger.

    The ledger reads all of an operation's records at once (138,620 for KFOR in the API
    benchmark's store), and building a `StoredRecord` per row only to turn it into the ledger's
    own model doubled the cost of that read. Each dict holds the record's fields and `id`, and
    its article's `published`, `source_title` (None for an empty title) and `source_url`: the
    fields of `muster.ledger.LedgerRecord`, which the caller validates once, in bulk.
    """
    query = (
        select(*_LEDGER_COLUMNS)
        .join(ArticleRow, ArticleRow.id == RecordRow.article_id)
        .where(RecordRow.operation == operation)
        .order_by(*RECORD_ORDER)
    )
    with _connected(target) as connection:
        result = connection.execute(query)
        keys = list(result.keys())
        return [dict(zip(keys, row, strict=True)) for row in result]


def newest_records(
    target: Target, operation: str, limit: int
) -> tuple[list[StoredRecord], list[StoredRecord]]:
    """An operation's `limit` newest dated records, newest first, and its first `limit`
    undated ones: read off the operation's index from either end, so that an operation page
    costs the same with a hundred records as with a hundred thousand."""
    mine = RecordRow.operation == operation
    dated = (
        _records_select()
        .where(mine, RECORD_ORDER[0].is_(false()))
        .order_by(*(column.desc() for column in RECORD_ORDER[1:]))
        .limit(limit)
    )
    undated = (
        _records_select().where(mine, RecordRow.sort_date.is_(None)).order_by(*RECORD_ORDER[2:])
    )
    with _connected(target) as connection:
        newest = connection.execute(dated).mappings().all()
        without = connection.execute(undated.limit(limit)).mappings().all()
    return (
        [StoredRecord.model_validate(dict(row)) for row in newest],
        [StoredRecord.model_validate(dict(row)) for row in without],
    )


def latest_record(
    target: Target, operation: str, at: dt.date, movements_only: bool = False
) -> StoredRecord | None:
    """An operation's latest dated record on or before `at` (a deploy or withdrawal only, with
    `movements_only`); ties go to the record stored last."""
    filters = [
        RecordRow.operation == operation,
        RECORD_ORDER[0].is_(false()),
        RecordRow.sort_date <= at,
    ]
    if movements_only:
        filters.append(RecordRow.kind != "presence")
    query = (
        _records_select()
        .where(*filters)
        .order_by(RecordRow.sort_date.desc(), RecordRow.id.desc())
        .limit(1)
    )
    with _connected(target) as connection:
        row = connection.execute(query).mappings().first()
    return StoredRecord.model_validate(dict(row)) if row is not None else None


def get_article(target: Target, article_id: str) -> Article | None:
    query = select(
        ArticleRow.id,
        ArticleRow.title,
        ArticleRow.text,
        ArticleRow.published,
        ArticleRow.url,
        ArticleRow.lang,
        ArticleRow.source,
        ArticleRow.hash,
    ).where(ArticleRow.id == article_id)
    with _connected(target) as connection:
        row = connection.execute(query).mappings().first()
    return Article.model_validate(dict(row)) if row is not None else None


def article_records(target: Target, article_id: str) -> list[StoredRecord]:
    """An article's records in the order the extractor gave them."""
    query = _records_select().where(RecordRow.article_id == article_id).order_by(RecordRow.id)
    with _connected(target) as connection:
        rows = connection.execute(query).mappings().all()
    return [StoredRecord.model_validate(dict(row)) for row in rows]


_FACT_COLUMNS = (
    FactRow.id,
    FactRow.article_id.label("article"),
    FactRow.type,
    FactRow.subject,
    FactRow.value,
    FactRow.attrs,
    FactRow.evidence,
    FactRow.evidence_start,
    FactRow.evidence_end,
    FactRow.extractor,
    ArticleRow.published,
)


def _facts(target: Target, *filters: ColumnElement[bool], by_id: bool = False) -> list[StoredFact]:
    query = select(*_FACT_COLUMNS).join(ArticleRow, ArticleRow.id == FactRow.article_id)
    if by_id:
        query = query.where(*filters).order_by(FactRow.id)
    else:
        order = (ArticleRow.published.nulls_last(), FactRow.article_id, FactRow.id)
        query = query.where(*filters).order_by(*order)
    with _connected(target) as connection:
        rows = connection.execute(query).mappings().all()
    return [StoredFact.model_validate(dict(row)) for row in rows]


def article_facts(target: Target, article_id: str) -> list[StoredFact]:
    return _facts(target, FactRow.article_id == article_id, by_id=True)


def query_facts(
    target: Target,
    subject: str | None = None,
    type: str | None = None,
    article: str | None = None,
) -> list[StoredFact]:
    """Facts in publication order (undated articles last)."""
    filters = [
        column == value
        for column, value in (
            (FactRow.subject, subject),
            (FactRow.type, type),
            (FactRow.article_id, article),
        )
        if value is not None
    ]
    return _facts(target, *filters)


def _about(operation: str) -> ColumnElement[bool]:
    return or_(
        exists().where(RecordRow.article_id == ArticleRow.id, RecordRow.operation == operation),
        exists().where(FactRow.article_id == ArticleRow.id, FactRow.subject == operation),
    )


def list_articles(
    target: Target,
    *,
    operation: str | None = None,
    text: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[ArticleSummary], int]:
    """Articles, newest first, with their record and fact counts, and how many match in all.

    `operation` keeps articles with a record or a fact about it; `text` searches titles.
    """
    filters: list[ColumnElement[bool]] = []
    if operation is not None:
        filters.append(_about(operation))
    if text:
        filters.append(ArticleRow.title.icontains(text, autoescape=True))
    start, end = as_start(since), as_end(until)
    if start is not None:
        filters.append(ArticleRow.published >= start)
    if end is not None:
        filters.append(ArticleRow.published <= end)
    n_records = select(func.count()).where(RecordRow.article_id == ArticleRow.id).scalar_subquery()
    n_facts = select(func.count()).where(FactRow.article_id == ArticleRow.id).scalar_subquery()
    query = (
        select(
            ArticleRow.id,
            ArticleRow.title,
            ArticleRow.url,
            ArticleRow.published,
            ArticleRow.lang,
            ArticleRow.source,
            ArticleRow.hash,
            ArticleRow.ingested_at,
            n_records.label("records"),
            n_facts.label("facts"),
        )
        .where(*filters)
        .order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.id)
    )
    total_query = select(func.count()).select_from(ArticleRow).where(*filters)
    with _connected(target) as connection:
        total = connection.execute(total_query).scalar_one()
        rows = connection.execute(_page(query, limit, offset)).mappings().all()
    return [ArticleSummary.model_validate(_aware(dict(row))) for row in rows], total


def _aware(row: dict[str, Any]) -> dict[str, Any]:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    stamp = row.get("ingested_at")
    if isinstance(stamp, dt.datetime) and stamp.tzinfo is None:
        row["ingested_at"] = stamp.replace(tzinfo=dt.UTC)
    return row


def _per_operation(column: Any) -> Select[*tuple[Any, ...]]:
    return select(column, func.count()).where(column.is_not(None)).group_by(column)


def _articles_per_operation() -> Select[*tuple[Any, ...]]:
    # An article counts for an operation if one of its records or facts is about it.
    pairs = union(
        select(RecordRow.operation.label("operation"), RecordRow.article_id.label("article")),
        select(FactRow.subject, FactRow.article_id),
    ).subquery()
    return (
        select(pairs.c.operation, func.count())
        .where(pairs.c.operation.is_not(None))
        .group_by(pairs.c.operation)
    )


def counts(target: Target) -> StoreCounts:
    """Table sizes, and articles, records and facts per operation."""
    by_operation: dict[str, OperationCounts] = {}
    with _connected(target) as connection:
        totals = {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (
                ("articles", ArticleRow),
                ("records", RecordRow),
                ("facts", FactRow),
                ("figures", FigureRow),
                ("operations", OperationRow),
            )
        }
        for operation, n in connection.execute(_per_operation(RecordRow.operation)):
            by_operation[operation] = OperationCounts(records=n)
        for operation, n in connection.execute(_articles_per_operation()):
            by_operation.setdefault(operation, OperationCounts()).articles = n
        for operation, n in connection.execute(_per_operation(FactRow.subject)):
            by_operation.setdefault(operation, OperationCounts()).facts = n
    return StoreCounts(by_operation=dict(sorted(by_operation.items())), **totals)
