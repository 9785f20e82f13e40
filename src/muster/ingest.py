"""From paths to stored articles: read, skip what is already stored, extract, write in batches.

This is the library behind `muster ingest` and `POST /api/v1/articles`; callers pass a progress
callback instead of this module printing anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from muster.extract.pipeline import Extractor
from muster.models import Article, Fact, Record
from muster.sources import SkippedInput, iter_articles
from muster.store import IngestCounts, ensure_schema, ingest_batch, known_hashes, sync_operations

LOOKUP_CHUNK = 200
Extracted = tuple[Article, list[Record], list[Fact]]
AnalyseMany = Callable[[Iterable[Article]], Iterable[Extracted]]


@dataclass
class IngestReport:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    records: int = 0
    facts: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)
    seconds: float = 0.0


def _chunks(
    items: Iterable[Article | SkippedInput], size: int, report: IngestReport
) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        if isinstance(item, SkippedInput):
            report.skipped.append(item)
            continue
        report.read += 1
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest_articles(
    engine: Engine,
    items: Iterable[Article | SkippedInput],
    *,
    extractor: Extractor | None = None,
    on_article: Callable[[Article], None] | None = None,
    batch_size: int = 100,
    analyse_many: AnalyseMany | None = None,
) -> IngestReport:
    """Store articles with their records and facts; unchanged articles are not re-extracted.

    `analyse_many`, when given, extracts the articles that need it as one ordered stream (e.g.
    `muster.scale.extract_parallel` on a Dask cluster) instead of `extractor`, one at a time.
    """
    started = time.perf_counter()
    ensure_schema(engine)
    sync_operations(engine)
    report = IngestReport()
    if analyse_many is not None:
        counts = ingest_batch(
            engine,
            _analysed(
                analyse_many, _pending(engine, items, report, on_article), report, on_article
            ),
            batch_size=batch_size,
        )
    else:
        counts = _ingest_serially(engine, items, extractor, on_article, batch_size, report)
    report.new += counts.new
    report.replaced += counts.replaced
    report.unchanged += counts.unchanged
    report.seconds = time.perf_counter() - started
    return report


def _ingest_serially(
    engine: Engine,
    items: Iterable[Article | SkippedInput],
    extractor: Extractor | None,
    on_article: Callable[[Article], None] | None,
    batch_size: int,
    report: IngestReport,
) -> IngestCounts:
    extractor = extractor or Extractor()

    def extracted() -> Iterator[tuple[Article, list[Record], list[Fact]]]:
        for chunk in _chunks(items, LOOKUP_CHUNK, report):
            stored = known_hashes(engine, [a.id for a in chunk])
            for article in chunk:
                if stored.get(article.id) == article.hash:
                    report.unchanged += 1
                else:
                    records, facts = extractor.analyse_all(article)
                    report.records += len(records)
                    report.facts += len(facts)
                    yield article, records, facts
                if on_article:
                    on_article(article)

    return ingest_batch(engine, extracted(), batch_size=batch_size)


def _pending(
    engine: Engine,
    items: Iterable[Article | SkippedInput],
    report: IngestReport,
    on_article: Callable[[Article], None] | None,
) -> Iterator[Article]:
    """The articles whose stored hash differs, in input order; unchanged ones are counted here."""
    for chunk in _chunks(items, LOOKUP_CHUNK, report):
        stored = known_hashes(engine, [a.id for a in chunk])
        for article in chunk:
            if stored.get(article.id) != article.hash:
                yield article
                continue
            report.unchanged += 1
            if on_article:
                on_article(article)


def _analysed(
    analyse_many: AnalyseMany,
    articles: Iterable[Article],
    report: IngestReport,
    on_article: Callable[[Article], None] | None,
) -> Iterator[Extracted]:
    for article, records, facts in analyse_many(articles):
        report.records += len(records)
        report.facts += len(facts)
        yield article, records, facts
        if on_article:
            on_article(article)


def ingest_paths(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    max_bytes: int = 5_000_000,
    on_article: Callable[[Article], None] | None = None,
    extractor: Extractor | None = None,
    analyse_many: AnalyseMany | None = None,
) -> IngestReport:
    return ingest_articles(
        engine,
        iter_articles(paths, max_bytes=max_bytes),
        extractor=extractor,
        on_article=on_article,
        analyse_many=analyse_many,
    )
