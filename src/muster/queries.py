"""The read functions every surface shares: the CLI, the JSON API and the pages call these.

One builder per view of the data (datasette's habit); renderers only format what comes back.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy.engine import Engine

from muster.catalogue import get_operation, operations
from muster.ledger import (
    DEFAULT_OPTIONS,
    Conflict,
    History,
    Ledger,
    LedgerOptions,
    LedgerRecord,
    TimelineEntry,
    build_history,
)
from muster.ledger.collector import collector_paused
from muster.models import Article, OfficialFigure, Operation
from muster.store import (
    ArticleSummary,
    LedgerVersion,
    OwnLast,
    StoreCounts,
    StoredFact,
    StoredFigure,
    StoredRecord,
    article_facts,
    article_records,
    content_version,
    counts,
    get_article,
    latest_record,
    ledger_record_rows,
    ledger_sizes,
    ledger_version,
    ledger_version_and_own_last,
    list_articles,
    newest_records,
    query_facts,
    query_figures,
    query_records,
    store_version,
)
from muster.store.dates import as_end, as_start


class OperationOverview(BaseModel):
    operation: Operation
    articles: int = 0
    records: int = 0
    facts: list[StoredFact] = Field(default_factory=list)
    latest_records: list[StoredRecord] = Field(default_factory=list)
    undated_records: list[StoredRecord] = Field(
        default_factory=list, description="records with neither a date nor a publication date"
    )


class RecordsPage(BaseModel):
    data: list[StoredRecord]
    count: int


_COUNTS: dict[str, tuple[tuple[int | None, ...], StoreCounts]] = {}
_COUNTS_LOCK = threading.Lock()


def store_counts(engine: Engine) -> StoreCounts:
    """What the store holds per operation, kept per database until its content changes: the
    grouped counts read every row (0.4 s on a million records), the version a few index ends."""
    database = _database_key(engine)
    if database is None:
        return counts(engine)
    version = content_version(engine)
    with _COUNTS_LOCK:
        kept = _COUNTS.get(database)
    if kept is not None and kept[0] == version:
        return kept[1]
    fresh = counts(engine)
    with _COUNTS_LOCK:
        _COUNTS[database] = (version, fresh)
    return fresh


def operation_overview(
    engine: Engine, operation_id: str, latest: int = 10
) -> OperationOverview | None:
    op = get_operation(operation_id)
    if op is None:
        return None
    per_op = store_counts(engine).by_operation.get(op.id)
    facts = query_facts(engine, subject=op.id)
    newest, undated = newest_records(engine, op.id, latest)
    return OperationOverview(
        operation=op,
        articles=per_op.articles if per_op else 0,
        records=per_op.records if per_op else 0,
        facts=facts,
        latest_records=newest,
        undated_records=undated,
    )


def records_page(engine: Engine, **filters: object) -> RecordsPage:
    data, count = query_records(engine, **filters)  # type: ignore[arg-type]
    return RecordsPage(data=data, count=count)


def official_figures(engine: Engine, operation: str) -> list[OfficialFigure]:
    """Official snapshots that count for the ledger (UN files also list troops, police...)."""
    return [f for f in query_figures(engine, operation=operation) if f.personnel_type == "total"]


_LEDGER_RECORDS = TypeAdapter(list[LedgerRecord])


def ledger_inputs(
    engine: Engine, operation: str
) -> tuple[list[LedgerRecord], list[OfficialFigure]]:
    """The stored records and official figures the ledger of one operation is computed from.

    The records are read as plain rows and validated once, in one call, into the ledger's model:
    going through `StoredRecord` first validated every row twice (2.9 s of a 9 s cold KFOR
    build on the API benchmark's store, against about 1 s now).
    """
    records = _LEDGER_RECORDS.validate_python(ledger_record_rows(engine, operation))
    return records, official_figures(engine, operation)


def operation_ledger(
    engine: Engine,
    operation: str,
    at: dt.date | None = None,
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> Ledger:
    """Per nation, the best estimate on `at` (default today) and what it rests on."""
    return ledger_history(engine, operation, options).ledger_at(at or dt.date.today())


def operation_timeline(
    engine: Engine,
    operation: str,
    contributor: str | None = None,
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> list[TimelineEntry]:
    """Every level and change of one operation (or one nation in it), oldest first."""
    return ledger_history(engine, operation, options).timeline(contributor)


def operation_conflicts(
    engine: Engine, operation: str, options: LedgerOptions = DEFAULT_OPTIONS
) -> list[Conflict]:
    """Pairs of figures for the same nation that disagree, side by side with their sources."""
    return list(ledger_history(engine, operation, options).conflicts)


class TimelinePage(BaseModel):
    """One page of an operation's timeline, oldest first."""

    data: list[TimelineEntry]
    count: int = Field(description="entries matching the filters, on every page (as /records)")


class ConflictsPage(BaseModel):
    """One page of an operation's conflicts, by the later figure's date."""

    data: list[Conflict]
    count: int = Field(description="conflicts matching the filters, on every page (as /records)")


def _window(size: int, limit: int | None, offset: int) -> slice:
    end = size if limit is None else min(size, offset + limit)
    return slice(min(offset, size), end)


def _entry_day(entry: TimelineEntry) -> dt.date:
    return entry.when


def timeline_page(
    engine: Engine,
    operation: str,
    contributor: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    limit: int | None = 100,
    offset: int = 0,
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> TimelinePage:
    """One page of the timeline (one nation's, or `"TOTAL"` the force's) between two dates.

    `since`/`until` take dates or partial dates as the records do ("2023" is all of 2023). The
    timeline is in date order, so the bounds are found by bisection rather than by testing each
    of an operation's (possibly 100,000) entries on every request.
    """
    entries = ledger_history(engine, operation, options).timeline(contributor)
    start, end = as_start(since), as_end(until)
    low = 0 if start is None else bisect_left(entries, start, key=_entry_day)
    high = len(entries) if end is None else bisect_right(entries, end, key=_entry_day)
    matching = max(0, high - low)
    window = _window(matching, limit, offset)
    page = entries[low + window.start : low + window.stop]
    return TimelinePage(data=page, count=matching)


def conflicts_page(
    engine: Engine,
    operation: str,
    contributor: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
    options: LedgerOptions = DEFAULT_OPTIONS,
) -> ConflictsPage:
    """One page of the conflicts, of one nation (or `"TOTAL"`, the force's) or of all."""
    history = ledger_history(engine, operation, options)
    found = history.conflicts if contributor is None else history.conflicts_of(contributor)
    page = found[_window(len(found), limit, offset)]
    return ConflictsPage(data=page, count=len(found))


# --- Views shared by the JSON API and the dashboard pages -------------------------------------
# Each page and its /api/v1 endpoint call one of these and render the model it returns.

STRENGTH_SERIES = 6
"""How many nations the strength chart follows (the biggest on the ledger's date)."""


class OperationSummary(BaseModel):
    """One line of the operations list: the ledger's headline on a date and the latest event."""

    operation: Operation
    at: dt.date
    total: int = Field(description="sum of the nations' estimates on `at`")
    nations: int
    operation_level: int | None = Field(default=None, description="latest whole-force figure")
    conflicts: int = 0
    articles: int = 0
    records: int = 0
    figures: int = 0
    latest_event: StoredRecord | None = None


class OperationsPage(BaseModel):
    data: list[OperationSummary]
    count: int


class StrengthPoint(BaseModel):
    when: dt.date
    personnel: int
    official: bool


class StrengthSeries(BaseModel):
    """A nation's (or, with contributor None, the whole force's) estimate over time."""

    contributor: str | None
    current: int
    points: list[StrengthPoint]


class OperationDetail(BaseModel):
    """Everything the operation page shows: catalogue card, facts, ledger, events, strength."""

    operation: Operation
    at: dt.date
    articles: int = 0
    records: int = 0
    facts: list[StoredFact] = Field(default_factory=list)
    latest_records: list[StoredRecord] = Field(default_factory=list)
    undated_records: list[StoredRecord] = Field(
        default_factory=list, description="records with neither a date nor a publication date"
    )
    ledger: Ledger
    strength: list[StrengthSeries] = Field(default_factory=list)


class ArticleView(BaseModel):
    """An article with the records and facts extracted from it, whose spans index `text`."""

    article: Article
    records: list[StoredRecord]
    facts: list[StoredFact]


class ArticlesPage(BaseModel):
    data: list[ArticleSummary]
    count: int


class FiguresPage(BaseModel):
    data: list[StoredFigure]
    count: int


class SearchResults(BaseModel):
    q: str
    records: RecordsPage
    articles: ArticlesPage


class PlacePoint(BaseModel):
    """A point an operation is tied to: its headquarters, or a place one of its facts names."""

    operation: str
    name: str
    role: str = Field(description='"hq", or the type of the fact that names the place')
    country: str | None = None
    lat: float
    lon: float
    article: str | None = None
    fact_id: int | None = None


def _latest_event(engine: Engine, operation: str, at: dt.date) -> StoredRecord | None:
    """The latest deploy or withdrawal on or before `at` (else the latest record of any kind)."""
    return latest_record(engine, operation, at, movements_only=True) or latest_record(
        engine, operation, at
    )


_SUMMARIES: dict[tuple[str, dt.date], tuple[LedgerVersion, OperationsPage]] = {}
_SUMMARIES_LOCK = threading.Lock()
_SUMMARIES_KEPT = 8


def operations_summary(engine: Engine, at: dt.date | None = None) -> OperationsPage:
    """Every catalogue operation with records or official figures, biggest force first.

    It takes every operation's ledger, which on a large store is more than the history cache
    holds at once, so the page itself is kept per database and day until the store changes.
    """
    day = at or dt.date.today()
    database = _database_key(engine)
    if database is None:
        return _summarise(engine, day)
    version = store_version(engine)
    with _SUMMARIES_LOCK:
        kept = _SUMMARIES.get((database, day))
    if kept is not None and kept[0] == version:
        return kept[1]
    page = _summarise(engine, day)
    with _SUMMARIES_LOCK:
        _SUMMARIES[(database, day)] = (version, page)
        while len(_SUMMARIES) > _SUMMARIES_KEPT:
            del _SUMMARIES[next(iter(_SUMMARIES))]
    return page


def _summarise(engine: Engine, day: dt.date) -> OperationsPage:
    per_operation = store_counts(engine).by_operation
    n_figures: dict[str, int] = {}
    for figure in query_figures(engine):
        n_figures[figure.operation] = n_figures.get(figure.operation, 0) + 1
    rows = []
    for op in operations().values():
        stored = per_operation.get(op.id)
        if stored is None and op.id not in n_figures:
            continue
        book = operation_ledger(engine, op.id, day)
        level = book.operation_level
        rows.append(
            OperationSummary(
                operation=op,
                at=day,
                total=book.total_sum,
                nations=book.nations,
                operation_level=level.personnel if level else None,
                conflicts=len(book.conflicts),
                articles=stored.articles if stored else 0,
                records=stored.records if stored else 0,
                figures=n_figures.get(op.id, 0),
                latest_event=_latest_event(engine, op.id, day),
            )
        )
    rows.sort(key=lambda s: (-max(s.total, s.operation_level or 0), s.operation.id))
    return OperationsPage(data=rows, count=len(rows))


def _strength(history: History, book: Ledger, at: dt.date) -> list[StrengthSeries]:
    """The chart's lines: each followed nation's (and the force's) own steps, read from its own
    walk, so that the page costs the same on an operation of any size."""
    current = {row.contributor: row.personnel for row in book.rows}
    followed = [row.contributor for row in book.rows[:STRENGTH_SERIES]]
    if book.operation_level is not None:
        current[None] = book.operation_level.personnel
        followed.append(None)
    series = []
    for key in followed:
        line: list[StrengthPoint] = []
        for entry in history.timeline(key if key is not None else "TOTAL"):
            if entry.when > at or entry.estimate is None:
                continue
            official = entry.entry_kind == "level" and entry.kind == "official"
            if line and line[-1].when == entry.when:
                line.pop()
            line.append(StrengthPoint(when=entry.when, personnel=entry.estimate, official=official))
        if line:
            series.append(StrengthSeries(contributor=key, current=current.get(key, 0), points=line))
    return series


def operation_detail(
    engine: Engine, operation_id: str, at: dt.date | None = None
) -> OperationDetail | None:
    """The operation page's data; None for an id the catalogue does not know."""
    overview = operation_overview(engine, operation_id)
    if overview is None:
        return None
    day = at or dt.date.today()
    op = overview.operation
    history = ledger_history(engine, op.id)
    book = history.ledger_at(day)
    return OperationDetail(
        operation=op,
        at=day,
        articles=overview.articles,
        records=overview.records,
        facts=overview.facts,
        latest_records=[r for r in overview.latest_records if (r.sort_date or day) <= day],
        ledger=book,
        strength=_strength(history, book, day),
    )


def article_view(engine: Engine, article_id: str) -> ArticleView | None:
    article = get_article(engine, article_id)
    if article is None:
        return None
    return ArticleView(
        article=article,
        records=article_records(engine, article_id),
        facts=article_facts(engine, article_id),
    )


def articles_page(engine: Engine, **filters: Any) -> ArticlesPage:
    data, count = list_articles(engine, **filters)
    return ArticlesPage(data=data, count=count)


def figures_page(
    engine: Engine,
    operation: str | None = None,
    contributor: str | None = None,
    until: dt.date | str | None = None,
    personnel_type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> FiguresPage:
    """Official figures in date order, one page of them and how many match."""
    found = query_figures(engine, operation, contributor, until, personnel_type)
    end = None if limit is None else offset + limit
    return FiguresPage(data=found[offset:end], count=len(found))


def search(engine: Engine, q: str, limit: int = 20) -> SearchResults:
    """Records whose evidence and articles whose title contain `q` (case-insensitive)."""
    return SearchResults(
        q=q,
        records=records_page(engine, text=q, limit=limit),
        articles=articles_page(engine, text=q, limit=limit),
    )


def _fact_place(fact: StoredFact) -> PlacePoint | None:
    """A fact's place: the coordinates the extractor stored, else the name geocoded."""
    name = fact.attrs.get("place")
    if not isinstance(name, str) or not name or fact.subject is None:
        return None
    lat, lon = fact.attrs.get("lat"), fact.attrs.get("lon")
    country = fact.attrs.get("country")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        from muster.places import geocode  # its gazetteer is large: loaded on first use

        op = get_operation(fact.subject)
        place = geocode(name, op.single_host if op else None)
        if place is None or place.lat is None or place.lon is None:
            return None
        lat, lon, country = place.lat, place.lon, place.country
    return PlacePoint(
        operation=fact.subject, name=name, role=fact.type,
        country=country if isinstance(country, str) else None,
        lat=float(lat), lon=float(lon), article=fact.article, fact_id=fact.id,
    )  # fmt: skip


def operation_places(engine: Engine, operation: str | None = None) -> list[PlacePoint]:
    """Headquarters from the catalogue, then places named by stored facts (when geocodable)."""
    chosen = [get_operation(operation)] if operation else list(operations().values())
    points = [
        PlacePoint(
            operation=op.id,
            name=op.hq_place or op.name,
            role="hq",
            country=op.single_host,
            lat=op.hq_lat,
            lon=op.hq_lon,
        )
        for op in chosen
        if op is not None and op.hq_lat is not None and op.hq_lon is not None
    ]
    facts = query_facts(engine, subject=operation) if operation else query_facts(engine)
    points.extend(p for p in map(_fact_place, facts) if p is not None)
    return points


# --- The ledger's history, kept between requests ------------------------------------------------
# Building an operation's history reads all its records and runs the whole computation; every
# ledger date, timeline and conflict list is then a look-up in it. It is kept per database and
# operation and used for as long as the store's version of that operation has not changed
# (`LedgerVersion`, read by `store.ledger_version` and `store.ledger_version_and_own_last`; see
# `muster.store.versions` for why four numbers suffice). A starting server fills it ahead of
# requests (`warm_up_order`, `muster.web.warmup`).


def _database_key(engine: Engine) -> str | None:
    """Which database an engine reads, as a cache key; None for a private in-memory one.

    The URL names the database (with a PostgreSQL schema in its options), so two apps or
    tests on different databases never share an entry. Each in-memory SQLite engine has a
    database of its own under the same URL: those are not cached.
    """
    url = engine.url
    if url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"
    ):
        return None
    return url.render_as_string(hide_password=True)


_CacheKey = tuple[str, str, LedgerOptions]


@dataclass(frozen=True)
class KeptHistory:
    """A built history with the store's version it was built at and what it holds."""

    version: LedgerVersion
    own_last: OwnLast
    history: History
    size: int


class HistoryCache:
    """The histories of the operations asked for lately, the least recently used dropped first.

    Bounded both in entries and in the records they hold: a history costs memory in proportion
    to its records (about 4 KB a record, measured on generated data), so the default bound is
    about 2 GB. An entry whose store version has moved on is replaced, never returned.
    Shared by the threads of a server, hence the lock; `building` gives one lock per key, so
    that requests which miss together wait for one build instead of each making its own.
    """

    def __init__(self, max_entries: int = 64, max_records: int = 500_000) -> None:
        self.max_entries = max_entries
        self.max_records = max_records
        self._kept: OrderedDict[_CacheKey, KeptHistory] = OrderedDict()
        self._lock = threading.Lock()
        self._builders: dict[_CacheKey, threading.Lock] = {}

    def building(self, key: _CacheKey) -> threading.Lock:
        """The lock to hold while building the history of `key`."""
        with self._lock:
            return self._builders.setdefault(key, threading.Lock())

    def get(self, key: _CacheKey) -> KeptHistory | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def put(self, key: _CacheKey, kept: KeptHistory) -> None:
        with self._lock:
            self._kept[key] = kept
            self._kept.move_to_end(key)
            total = sum(entry.size for entry in self._kept.values())
            while len(self._kept) > 1 and (
                len(self._kept) > self.max_entries or total > self.max_records
            ):
                _, dropped = self._kept.popitem(last=False)
                total -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._builders.clear()

    def __len__(self) -> int:
        return len(self._kept)


HISTORIES = HistoryCache()
"""The process's cache of ledger histories, used by `operation_ledger` and its siblings."""


def ledger_history(
    engine: Engine, operation: str, options: LedgerOptions = DEFAULT_OPTIONS
) -> History:
    """One operation's ledger history, built from the store once and reused until it changes.

    The version is read before the inputs: a write landing in between makes the kept history
    newer than its version, which only costs one rebuild, never a stale answer.
    """
    database = _database_key(engine)
    if database is None:
        return build_history(operation, *ledger_inputs(engine, operation), options)
    key = (database, operation, options)
    kept = _unchanged(engine, key)
    if kept is not None:
        return kept
    with HISTORIES.building(key):
        kept = _unchanged(engine, key)  # built by another thread while this one waited
        if kept is not None:
            return kept
        with collector_paused(freeze=True):  # the history is kept: see muster.ledger.collector
            version, own_last = ledger_version_and_own_last(engine, operation)
            records, figures = ledger_inputs(engine, operation)
            history = build_history(operation, records, figures, options)
            size = len(records) + len(figures)
            HISTORIES.put(key, KeptHistory(version, own_last, history, size))
    return history


def _unchanged(engine: Engine, key: _CacheKey) -> History | None:
    """The kept history of `key`, if the store has not changed the operation since.

    Rows added to other operations move the store's largest ids; the operation's own largest
    ids then tell whether any of them is its own (its counts being unchanged), and the history
    is kept under the new version.
    """
    kept = HISTORIES.get(key)
    if kept is None:
        return None
    operation = key[1]
    version = ledger_version(engine, operation)
    if version == kept.version:
        return kept.history
    if version[:2] != kept.version[:2]:
        return None
    version, own_last = ledger_version_and_own_last(engine, operation)
    if version[:2] != kept.version[:2] or own_last != kept.own_last:
        return None
    HISTORIES.put(key, replace(kept, version=version))
    return kept.history


def kept_history(
    engine: Engine, operation: str, options: LedgerOptions = DEFAULT_OPTIONS
) -> History | None:
    """The history this process keeps for the operation, if any, without building one."""
    database = _database_key(engine)
    kept = None if database is None else HISTORIES.get((database, operation, options))
    return kept.history if kept is not None else None


def warm_up_order(engine: Engine) -> list[str]:
    """The operations whose histories a starting server builds before anyone asks, largest first.

    Catalogue operations with records, as many as the cache holds at once: past its bound each
    build would push out the least recently used history, the largest one built first, whose
    first request costs the most. Nothing for a private in-memory database, which is not cached.
    """
    if _database_key(engine) is None:
        return []
    chosen: list[str] = []
    room = HISTORIES.max_records
    for operation, size in ledger_sizes(engine).items():
        op = get_operation(operation)
        if op is None or size > room or op.id in chosen:
            continue
        chosen.append(op.id)
        room -= size
        if len(chosen) == HISTORIES.max_entries:
            break
    return chosen
