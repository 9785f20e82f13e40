"""Ingest rate of `muster.store.ingest_batch` into SQLite and PostgreSQL, against plain inserts.

`muster ingest` on a year of news is extraction plus storage, and storage must not be the slow
half: the target is 2,000 articles/s or more into SQLite with batching. Articles are generated
(benchmarks/generate.py) and extracted once; then the same items are stored with several batch
sizes, each into a fresh database. The baseline in the same run is the floor the tables allow:
the same rows written with SQLAlchemy core multi-row INSERTs, one transaction per batch, without
the store's per-article hash check and lock. Re-ingesting unchanged articles (the common rerun)
and extraction plus storage end to end (serial) are timed too.

    python benchmarks/ingest.py --n 500                       # SQLite and PostgreSQL
    python benchmarks/ingest.py --n 2000 --pg none --profile /tmp/ingest-profile.txt

PostgreSQL runs in a database created for the run (muster_bench_<pid>) and dropped after it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, insert, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from muster.models import Article, Fact, Record  # noqa: E402
from muster.store import ensure_schema, ingest_batch, make_engine, writing  # noqa: E402
from muster.store.dates import period_start  # noqa: E402
from muster.store.schema import ArticleRow, FactRow, RecordRow  # noqa: E402

Item = tuple[Article, list[Record], list[Fact]]
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_SQLITE = 2000.0


@contextlib.contextmanager
def sqlite_database(folder: Path, name: str) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{folder / name}.db")
    ensure_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def postgres_database(admin_url: str, name: str) -> Iterator[Engine]:
    """A database made for one measurement and dropped afterwards, whatever happens."""
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(admin_url).set(database=name).render_as_string(False))
    try:
        ensure_schema(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def plain_insert(engine: Engine, items: list[Item], batch_size: int) -> None:
    """The baseline: the same rows as multi-row INSERTs, one transaction per batch."""
    now = dt.datetime.now(dt.UTC)
    for start in range(0, len(items), batch_size):
        batch = items[start : start + batch_size]
        articles: list[dict[str, object]] = []
        records: list[dict[str, object]] = []
        facts: list[dict[str, object]] = []
        for article, recs, fcts in batch:
            articles.append(article.model_dump() | {"ingested_at": now})
            for record in recs:
                row = record.model_dump(exclude={"article"}) | {"article_id": article.id}
                row["sort_date"] = period_start(record.date) or article.published
                records.append(row)
            facts.extend(
                f.model_dump(exclude={"article"}) | {"article_id": article.id} for f in fcts
            )
        with writing(engine) as connection:
            connection.execute(insert(ArticleRow), articles)
            if records:
                connection.execute(insert(RecordRow), records)
            if facts:
                connection.execute(insert(FactRow), facts)


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(
    label: str,
    database: Callable[[str], contextlib.AbstractContextManager[Engine]],
    items: list[Item],
    sizes: list[int],
) -> list[tuple[str, int, float, float, float]]:
    """(backend, batch size, store s, rerun s, plain s) for each batch size."""
    rows = []
    for size in sizes:
        with database(f"store_{size}") as engine:
            store = timed(partial(ingest_batch, engine, items, batch_size=size))
            rerun = timed(partial(ingest_batch, engine, items, batch_size=size))
        with database(f"plain_{size}") as engine:
            plain = timed(partial(plain_insert, engine, items, size))
        rows.append((label, size, store, rerun, plain))
    return rows


def print_rows(rows: list[tuple[str, int, float, float, float]], n: int, n_records: int) -> None:
    print(
        f"{'backend':<11}{'batch':>6}{'store art/s':>13}{'records/s':>11}"
        f"{'rerun art/s':>13}{'plain art/s':>13}{'store/plain':>13}"
    )
    for label, size, store, rerun, plain in rows:
        print(
            f"{label:<11}{size:>6}{n / store:>13,.0f}{n_records / store:>11,.0f}"
            f"{n / rerun:>13,.0f}{n / plain:>13,.0f}{plain / store:>13.2f}"
        )


def end_to_end(folder: Path, articles: list[Article], batch_size: int) -> tuple[float, float]:
    """Wall and CPU seconds of extracting and storing `articles` in one serial loop."""
    from muster.extract.pipeline import Extractor

    extractor = Extractor()
    extractor.analyse_all(articles[0])
    with sqlite_database(folder, "e2e") as engine:
        items = ((a, *extractor.analyse_all(a)) for a in articles)
        wall, cpu = time.perf_counter(), time.process_time()
        ingest_batch(engine, items, batch_size=batch_size)
        return time.perf_counter() - wall, time.process_time() - cpu


def profile(folder: Path, items: list[Item], batch_size: int, out: Path) -> None:
    from pyinstrument import Profiler

    with sqlite_database(folder, "profile") as engine:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        ingest_batch(engine, items, batch_size=batch_size)
        profiler.stop()
    out.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    print(f"profile of storing {len(items)} articles (batch {batch_size}) -> {out}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Ingest rate into SQLite and PostgreSQL.")
    parser.add_argument("--n", type=int, default=500, help="generated articles (default 500)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--batch-sizes", default="1,10,50,200,1000")
    parser.add_argument("--pg", default=DEFAULT_PG, help="admin URL for PostgreSQL, or 'none'")
    parser.add_argument("--profile", type=Path, help="profile a SQLite store run into this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    generated = generate(args.n, args.seed)
    articles = [g.article() for g in generated]

    from muster.extract.pipeline import Extractor

    extractor = Extractor()
    extractor.analyse_all(articles[0])
    started, cpu_started = time.perf_counter(), time.process_time()
    items: list[Item] = [(a, *extractor.analyse_all(a)) for a in articles]
    extract_s = time.perf_counter() - started
    extract_cpu = time.process_time() - cpu_started
    n_records = sum(len(r) for _, r, _ in items)
    n_facts = sum(len(f) for _, _, f in items)
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(
        f"{args.n} articles, {n_records} records, {n_facts} facts "
        f"(extracted once at {args.n / extract_s:,.0f} articles/s)"
    )

    with tempfile.TemporaryDirectory(prefix="muster-ingest-") as tmp:
        folder = Path(tmp)
        rows = measure("sqlite", lambda name: sqlite_database(folder, name), items, sizes)
        if args.pg != "none":
            tag = f"muster_bench_{os.getpid()}"
            rows += measure(
                "postgresql", lambda name: postgres_database(args.pg, f"{tag}_{name}"), items, sizes
            )
        print_rows(rows, args.n, n_records)
        best = max((r for r in rows if r[0] == "sqlite"), key=lambda r: args.n / r[2])
        rate = args.n / best[2]
        verdict = "met" if rate >= TARGET_SQLITE else "NOT met"
        print(
            f"best SQLite store rate {rate:,.0f} articles/s at batch {best[1]} "
            f"(target >= {TARGET_SQLITE:,.0f}): {verdict}"
        )
        e2e, e2e_cpu = end_to_end(folder, articles, best[1])
        print(
            f"end to end (extract + store, serial, SQLite, batch {best[1]}): "
            f"{args.n / e2e_cpu:,.1f} articles/s on CPU time ({args.n / e2e:,.1f} wall); "
            f"extraction alone {args.n / extract_cpu:,.1f} ({args.n / extract_s:,.1f} wall)"
        )
        if args.profile:
            profile(folder, items, best[1], args.profile)


if __name__ == "__main__":
    main()
