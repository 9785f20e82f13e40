"""Writing articles with their records and facts: idempotent, atomic per article and per batch.

An article's hash decides: same hash, nothing is touched (not even `ingested_at`); another
hash, the row is updated and its records and facts replaced in the same transaction.

A batch is written in a fixed handful of statements, whatever its size, because building and
running statements one article at a time cost SQLAlchemy far more than the database's own work:
one read of the stored hashes, one claim of the articles that are new or changed, one UPDATE of
the changed ones, one DELETE of their children, and one INSERT each for the batch's records and
facts, every one an executemany of a statement compiled once.

Two processes may ingest the same articles into one PostgreSQL database at once. The claim is
an INSERT ... ON CONFLICT DO UPDATE ... WHERE false over the claimed articles in id order: it
inserts those not stored yet and locks those that are (PostgreSQL locks a conflicting row even
when the WHERE keeps it from being updated), waiting first for a concurrent insert of the same
id to commit. Every process takes these locks one id after the other in the same order, so two
batches cannot deadlock; the hashes of the rows it locked are read again before any of them is
replaced. An article whose hash already matched at the first read is left alone without a lock:
doing nothing is right whether a concurrent writer comes before it or after it. On SQLite the
writer holds the database lock from BEGIN IMMEDIATE, so the first read already decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, false, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from muster.models import Article, Fact, Record
from muster.store.dates import period_start
from muster.store.engine import dialect_insert, writing
from muster.store.results import IngestCounts, Outcome
from muster.store.schema import ArticleRow, FactRow, RecordRow

Item = tuple[Article, Sequence[Record], Sequence[Fact]]
Row = dict[str, Any]
DEFAULT_BATCH_SIZE = 50
_ATTEMPTS = 3
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure
_IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's bound-parameter limit
_TARGET = "target_id"  # the UPDATE's key parameter; a column name would be taken for a SET

_UPDATE_ARTICLE = update(ArticleRow).where(ArticleRow.id == bindparam(_TARGET))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class _Pending:
    """One article id of a batch: the version to store and the outcomes it accounts for.

    A batch may hold the same id more than once; each later copy counts as it would if stored
    right after the one before it (unchanged if its hash is the same, else replaced), and the
    database gets the last copy that changed anything.
    """

    article: Row
    records: list[Row]
    facts: list[Row]
    first_hash: str
    rewritten: bool = False
    later: list[Outcome] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.article["id"])


def _record_rows(article: Article, records: Sequence[Record]) -> list[Row]:
    rows = []
    for record in records:
        if record.article != article.id:
            raise ValueError(f"record of {record.article!r} given with article {article.id!r}")
        row = record.model_dump(exclude={"article"})
        row["article_id"] = article.id
        row["sort_date"] = period_start(record.date) or article.published
        rows.append(row)
    return rows


def _fact_rows(article: Article, facts: Sequence[Fact]) -> list[Row]:
    rows = []
    for fact in facts:
        if fact.article != article.id:
            raise ValueError(f"fact of {fact.article!r} given with article {article.id!r}")
        row = fact.model_dump(exclude={"article"})
        row["article_id"] = article.id
        rows.append(row)
    return rows


def _pending(items: Sequence[Item], now: dt.datetime) -> list[_Pending]:
    """The batch as rows, one entry per id in id order; raises on a bad child before any write."""
    by_id: dict[str, _Pending] = {}
    for article, records, facts in items:
        row = article.model_dump()
        row["ingested_at"] = now
        record_rows, fact_rows = _record_rows(article, records), _fact_rows(article, facts)
        earlier = by_id.get(article.id)
        if earlier is None:
            by_id[article.id] = _Pending(row, record_rows, fact_rows, article.hash)
        elif earlier.article["hash"] == article.hash:
            earlier.later.append("unchanged")
        else:
            earlier.later.append("replaced")
            earlier.article, earlier.records, earlier.facts = row, record_rows, fact_rows
            earlier.rewritten = True
    return [by_id[key] for key in sorted(by_id)]  # one lock order for every process


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start : start + _IN_CHUNK]


def _stored_hashes(connection: Connection, ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(ids):
        query = select(ArticleRow.id, ArticleRow.hash).where(ArticleRow.id.in_(chunk))
        found.update({row.id: row.hash for row in connection.execute(query)})
    return found


def _claim(connection: Connection, articles: list[Row]) -> set[str]:
    """Insert the articles not stored yet and lock the others, in the rows' order (by id).

    Returns the ids it inserted. RETURNING would list updated rows as well, one more reason
    why the conflict branch updates nothing.
    """
    claim = dialect_insert(connection, ArticleRow).on_conflict_do_update(
        index_elements=[ArticleRow.id], set_={"hash": ArticleRow.hash}, where=false()
    )
    return set(connection.execute(claim.returning(ArticleRow.id), articles).scalars())


def _replace(connection: Connection, replaced: list[_Pending]) -> None:
    """Overwrite changed articles and drop their old records and facts."""
    rows = []
    for pending in replaced:
        row = {key: value for key, value in pending.article.items() if key != "id"}
        row[_TARGET] = pending.id
        rows.append(row)
    connection.execute(_UPDATE_ARTICLE, rows)
    for chunk in _chunks([pending.id for pending in replaced]):
        connection.execute(delete(RecordRow).where(RecordRow.article_id.in_(chunk)))
        connection.execute(delete(FactRow).where(FactRow.article_id.in_(chunk)))


def _insert_children(connection: Connection, written: list[_Pending]) -> None:
    records = [row for pending in written for row in pending.records]
    facts = [row for pending in written for row in pending.facts]
    if records:
        connection.execute(insert(RecordRow), records)
    if facts:
        connection.execute(insert(FactRow), facts)


def _write(connection: Connection, items: Sequence[Item], now: dt.datetime) -> list[Outcome]:
    """Store a batch in the caller's transaction; the outcomes follow the batch's id order."""
    batch = _pending(items, now)
    stored = _stored_hashes(connection, [pending.id for pending in batch])
    # A stored hash that matches needs no lock; the others are claimed, then compared again.
    claimed = [p for p in batch if stored.get(p.id) != p.first_hash or p.rewritten]
    inserted = _claim(connection, [p.article for p in claimed]) if claimed else set()
    locked = _stored_hashes(connection, [p.id for p in claimed if p.id not in inserted])
    first: dict[str, Outcome] = {}
    for pending in claimed:
        current = locked.get(pending.id)
        if pending.id in inserted:
            first[pending.id] = "new"
        elif current is None:
            raise RuntimeError(f"article {pending.id!r} vanished while being ingested")
        else:
            first[pending.id] = "unchanged" if current == pending.first_hash else "replaced"
    written = [p for p in claimed if first[p.id] != "unchanged" or p.rewritten]
    replaced = [p for p in written if first[p.id] != "new"]
    if replaced:
        _replace(connection, replaced)
    _insert_children(connection, written)  # in id order, as the batch's rows were written
    return [outcome for p in batch for outcome in (first.get(p.id, "unchanged"), *p.later)]


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
    item: Item = (article, records, facts)
    if isinstance(target, Engine):
        with writing(target) as connection:
            [outcome] = _write(connection, [item], _now())
            return outcome
    connection = target.connection() if isinstance(target, Session) else target
    [outcome] = _write(connection, [item], _now())
    return outcome


def _retriable(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in _RETRY_SQLSTATES


def _commit_batch(engine: Engine, batch: list[Item], counts: IngestCounts) -> None:
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with writing(engine) as connection:
                outcomes = _write(connection, batch, _now())
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
    with engine.connect() as connection:
        return _stored_hashes(connection, list(dict.fromkeys(ids)))


def delete_article(engine: Engine, article_id: str) -> bool:
    """Remove an article; its records and facts go with it (ON DELETE CASCADE)."""
    with writing(engine) as connection:
        result = connection.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
        return bool(result.rowcount)
