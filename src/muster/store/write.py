"""Writing articles with their records and facts: idempotent, atomic per article and per batch.

An article's hash decides: same hash, nothing is touched (not even `ingested_at`); another
hash, the row is updated and its records and facts replaced in the same transaction. Two
processes may ingest the same articles into one PostgreSQL database at once: the article row is
locked (SELECT ... FOR UPDATE) before it is compared, a new one is inserted with ON CONFLICT DO
NOTHING (which waits for a concurrent insert of the same id and then yields to it), and each
batch takes its locks in id order so that two batches cannot deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from muster.models import Article, Fact, Record
from muster.store.dates import period_start
from muster.store.engine import dialect_insert, writing
from muster.store.results import IngestCounts, Outcome
from muster.store.schema import ArticleRow, FactRow, RecordRow

Item = tuple[Article, list[Record], list[Fact]]
DEFAULT_BATCH_SIZE = 50
_ATTEMPTS = 3
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure
_IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's bound-parameter limit


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _article_row(article: Article, now: dt.datetime) -> dict[str, Any]:
    row = article.model_dump()
    row["ingested_at"] = now
    return row


def _record_rows(article: Article, records: Sequence[Record]) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        if record.article != article.id:
            raise ValueError(f"record of {record.article!r} given with article {article.id!r}")
        row = record.model_dump(exclude={"article"})
        row["article_id"] = article.id
        row["sort_date"] = period_start(record.date) or article.published
        rows.append(row)
    return rows


def _fact_rows(article: Article, facts: Sequence[Fact]) -> list[dict[str, Any]]:
    rows = []
    for fact in facts:
        if fact.article != article.id:
            raise ValueError(f"fact of {fact.article!r} given with article {article.id!r}")
        row = fact.model_dump(exclude={"article"})
        row["article_id"] = article.id
        rows.append(row)
    return rows


def _locked_hash(connection: Connection, article_id: str) -> str | None:
    query = select(ArticleRow.hash).where(ArticleRow.id == article_id).with_for_update()
    return connection.execute(query).scalar_one_or_none()


def _insert_children(
    connection: Connection, records: list[dict[str, Any]], facts: list[dict[str, Any]]
) -> None:
    if records:
        connection.execute(insert(RecordRow), records)
    if facts:
        connection.execute(insert(FactRow), facts)


def _write(
    connection: Connection,
    article: Article,
    records: Sequence[Record],
    facts: Sequence[Fact],
    now: dt.datetime,
) -> Outcome:
    # Validate the children before any write, so a bad record never leaves half an article.
    record_rows = _record_rows(article, records)
    fact_rows = _fact_rows(article, facts)
    stored = _locked_hash(connection, article.id)
    if stored is None:
        claim = (
            dialect_insert(connection, ArticleRow)
            .values(_article_row(article, now))
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(ArticleRow.id)
        )
        if connection.execute(claim).first() is not None:
            _insert_children(connection, record_rows, fact_rows)
            return "new"
        stored = _locked_hash(connection, article.id)  # another process stored it meanwhile
        if stored is None:
            raise RuntimeError(f"article {article.id!r} vanished while being ingested")
    if stored == article.hash:
        return "unchanged"
    values = _article_row(article, now)
    del values["id"]
    connection.execute(update(ArticleRow).where(ArticleRow.id == article.id).values(values))
    connection.execute(delete(RecordRow).where(RecordRow.article_id == article.id))
    connection.execute(delete(FactRow).where(FactRow.article_id == article.id))
    _insert_children(connection, record_rows, fact_rows)
    return "replaced"


def ingest_article(
    target: Engine | Connection | Session,
    article: Article,
    records: Sequence[Record],
    facts: Sequence[Fact],
) -> Outcome:
    """Store one article with its records and facts.

    Given an engine, this is one committed transaction. Given a connection or a session, it
    joins the caller's transaction and the caller commits.
    """
    if isinstance(target, Engine):
        with writing(target) as connection:
            return _write(connection, article, records, facts, _now())
    connection = target.connection() if isinstance(target, Session) else target
    return _write(connection, article, records, facts, _now())


def _retriable(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in _RETRY_SQLSTATES


def _commit_batch(engine: Engine, batch: list[Item], counts: IngestCounts) -> None:
    ordered = sorted(batch, key=lambda item: item[0].id)  # one lock order for every process
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with writing(engine) as connection:
                now = _now()
                outcomes = [_write(connection, a, r, f, now) for a, r, f in ordered]
        except DBAPIError as error:
            if attempt < _ATTEMPTS and _retriable(error):
                continue
            raise
        for outcome in outcomes:
            counts.add(outcome)
        return


def ingest_batch(
    engine: Engine,
    items: Iterable[Item],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[IngestCounts], None] | None = None,
) -> IngestCounts:
    """Store articles, committing every `batch_size` of them as one transaction.

    If `items` raises (an extractor error, Ctrl-C), the batches committed so far stay and the
    one being gathered is dropped, so the database is consistent and a rerun carries on.
    `progress` is called with the running totals after each commit.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    counts = IngestCounts()
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            _commit_batch(engine, batch, counts)
            batch = []
            if progress is not None:
                progress(counts)
    if batch:
        _commit_batch(engine, batch, counts)
        if progress is not None:
            progress(counts)
    return counts


def known_hashes(engine: Engine, ids: Iterable[str]) -> dict[str, str]:
    """Stored hashes of those of `ids` already in the store, to skip unchanged articles early."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, str] = {}
    with engine.connect() as connection:
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            query = select(ArticleRow.id, ArticleRow.hash).where(ArticleRow.id.in_(chunk))
            found.update({row.id: row.hash for row in connection.execute(query)})
    return found


def delete_article(engine: Engine, article_id: str) -> bool:
    """Remove an article; its records and facts go with it (ON DELETE CASCADE)."""
    with writing(engine) as connection:
        result = connection.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
        return bool(result.rowcount)
