"""Latency of the ledger, timeline, conflicts and records endpoints of `muster serve` on a
database of many records, and the time of the first ledger request after the server starts.

The dashboard and the JSON API answer from the store on every request, so their latency grows
with the store. This script builds a SQLite database of synthetic records (bulk INSERTs through
SQLAlchemy core on the store's own tables, spread over operations, contributors and dates with
KFOR among the largest operations), starts `muster serve` on a free loopback port, and sends a
bounded number of sequential requests with httpx from this process: concurrency 1, so each
figure is the endpoint's own service time, not queueing. The baselines in the same run are a
one-row endpoint (`/api/v1/articles/{id}`, the server's floor) and the same query functions
called in-process without HTTP, which tells time in the query from time in the web layer.

The first ledger request of a server is timed on servers of their own, started for it:
`--no-warm` (the request builds KFOR's history), warm-up on with the request sent as soon as
the server answers (it waits for the warm-up's build of KFOR, the largest operation, which comes
first), and warm-up on with the request sent once `GET /api/v1/health` reports the warm-up over.
The steady-state figures are then taken on the last of these servers.

    python benchmarks/api.py                          # 100,000 records, about a minute
    python benchmarks/api.py --records 1000000        # the target's size; built once in /tmp

The target is p99 < 50 ms on 1,000,000 records. The server is stopped when the script ends.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import OperationalError

from muster.catalogue import operations
from muster.figures import load_shipped_figures
from muster.store import ensure_schema, import_figures, make_engine, sync_operations, writing
from muster.store.schema import ArticleRow, RecordRow

TARGET_P99_MS = 50.0
RECORDS_PER_ARTICLE = 10
CHUNK = 20_000
CONTRIBUTORS = [
    "ALB",
    "ARM",
    "AUT",
    "BEL",
    "BGR",
    "CAN",
    "CHE",
    "CZE",
    "DEU",
    "DNK",
    "ESP",
    "EST",
    "FIN",
    "FRA",
    "GBR",
    "GRC",
    "HRV",
    "HUN",
    "IRL",
    "ITA",
    "LTU",
    "LUX",
    "LVA",
    "MDA",
    "MKD",
    "MNE",
    "NLD",
    "NOR",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "SWE",
    "TUR",
    "UKR",
    "USA",
    "BGD",
    "IND",
    "PAK",
    "NPL",
    "GHA",
    "KEN",
    "NGA",
    "RWA",
    "ETH",
    "SEN",
    "EGY",
    "IDN",
    "MYS",
    "CHN",
    "BRA",
    "ARG",
    "URY",
]
KINDS = ("presence", "presence", "deploy", "deploy", "deploy", "withdraw")


# ---------------------------------------------------------------- the database


def _weights(ids: list[str]) -> list[float]:
    """Zipf-like shares, KFOR first: the operation the endpoints are asked about is a big one."""
    ordered = ["KFOR"] + [i for i in ids if i != "KFOR"]
    return [1.0 / (rank + 1) ** 0.8 for rank in range(len(ordered))]


def _rows(n_records: int, seed: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Chunks of (article rows, record rows), RECORDS_PER_ARTICLE records to an article."""
    rng = random.Random(seed)
    ops = operations()
    ids = ["KFOR"] + [i for i in ops if i != "KFOR"]
    weights = _weights(ids)
    now = dt.datetime.now(dt.UTC)
    first = dt.date(2000, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - first
    n_articles = -(-n_records // RECORDS_PER_ARTICLE)
    made = 0
    per_chunk = CHUNK // RECORDS_PER_ARTICLE
    for start in range(0, n_articles, per_chunk):
        articles, records = [], []
        for a in range(start, min(start + per_chunk, n_articles)):
            published = dt.date.fromordinal(first + rng.randrange(span))
            op = ops[rng.choices(ids, weights)[0]]
            article_id = f"syn-{a:07d}"
            text = f"Synthetic article {a} about {op.name}."
            articles.append(
                {
                    "id": article_id,
                    "hash": f"{a:064x}",
                    "title": f"Report {a} on {op.id}",
                    "url": f"https://example.org/{a}",
                    "published": published,
                    "lang": "en",
                    "text": text,
                    "source": None,
                    "ingested_at": now,
                }
            )
            for _ in range(min(RECORDS_PER_ARTICLE, n_records - made)):
                made += 1
                contributor = rng.choice(CONTRIBUTORS) if rng.random() > 0.1 else None
                personnel = rng.choice((None, rng.randint(5, 3000)))
                day = published - dt.timedelta(days=rng.randint(0, 20))
                dated = rng.random() < 0.5
                records.append(
                    {
                        "article_id": article_id,
                        "kind": rng.choice(KINDS),
                        "contributor": contributor,
                        "operation": op.id,
                        "host": op.single_host,
                        "personnel": personnel,
                        "qualifier": "approx" if personnel else None,
                        "date": day.isoformat() if dated else None,
                        "sort_date": day if dated else published,
                        "evidence": f"{contributor or 'The force'} has {personnel} in {op.id}.",
                        "change": None,
                        "evidence_start": 0,
                        "evidence_end": 40,
                        "extractor": "synthetic",
                    }
                )
        yield articles, records


def _count(path: Path) -> int:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(RecordRow)).scalar_one()
    except OperationalError:
        return 0
    finally:
        engine.dispose()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def build(path: Path, n_records: int, seed: int) -> None:
    """The database at `path`, unless one with `n_records` records is there already.

    It is built under another name and renamed when complete, so an interrupted build is never
    taken for a finished one.
    """
    if path.exists() and _count(path) == n_records:
        print(f"using {path} ({n_records:,} records)")
        return
    partial = path.with_name(path.name + ".partial")
    _remove(partial)
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{partial}")
    ensure_schema(engine)
    sync_operations(engine)
    import_figures(engine, load_shipped_figures())
    with writing(engine) as connection:
        for articles, records in _rows(n_records, seed):
            connection.execute(insert(ArticleRow), articles)
            connection.execute(insert(RecordRow), records)
    with writing(engine) as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    _remove(path)
    partial.rename(path)
    _remove(partial)
    print(f"built {path}: {n_records:,} records in {time.perf_counter() - started:.0f} s")


# ---------------------------------------------------------------- the server and the load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server(db: Path, port: int, log: Path, *flags: str) -> Iterator[str]:
    """`muster serve` on 127.0.0.1:port; stopped (and waited for) when the block ends."""
    muster = Path(sys.executable).with_name("muster")
    command = [str(muster), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    command.extend(flags)
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/api/v1/docs", timeout=10).status_code < 500:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start; see {log}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def latencies(
    call: Callable[[], object], requests: int, seconds: float, warmup: int
) -> list[float]:
    """Milliseconds of each call, sequentially, until `requests` calls or `seconds` have passed."""
    for _ in range(warmup):
        call()
    out: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(out) < requests and time.perf_counter() < deadline:
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(name: str, ms: list[float]) -> str:
    ordered = sorted(ms)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    p50 = statistics.median(ordered)
    verdict = "ok" if p99 < TARGET_P99_MS else "MISSES"
    return f"{name:<44}{len(ms):>6}{p50:>10.1f}{p99:>10.1f}{max(ordered):>10.1f}  {verdict}"


def http_get(client: httpx.Client, path: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(path)
        response.raise_for_status()
        return response.content

    return call


def warm_up_over(client: httpx.Client, seconds: float = 600) -> dict[str, Any]:
    """Poll the health endpoint until the server's warm-up has ended; its last report."""
    deadline = time.monotonic() + seconds
    while True:
        status: dict[str, Any] = client.get("/api/v1/health").json()["warm_up"]
        if status["state"] not in ("pending", "running"):
            return status
        if time.monotonic() > deadline:
            raise SystemExit(f"the warm-up did not end in {seconds:.0f} s: {status}")
        time.sleep(0.2)


def timed_get(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    client.get(path).raise_for_status()
    return (time.perf_counter() - started) * 1000


LEDGER = "/api/v1/operations/KFOR/ledger"


def first_requests(db: Path, log: Path) -> Iterator[tuple[str, float, str]]:
    """The first ledger request after each kind of start: (case, ms, note)."""
    timeout = httpx.Timeout(600)
    with (
        server(db, free_port(), log, "--no-warm") as base,
        httpx.Client(base_url=base, timeout=timeout) as client,
    ):
        yield "first ledger request, --no-warm", timed_get(client, LEDGER), "builds KFOR"
    with (
        server(db, free_port(), log) as base,
        httpx.Client(base_url=base, timeout=timeout) as client,
    ):
        ms = timed_get(client, LEDGER)
        yield "first ledger request, warming, sent at once", ms, "waits for KFOR's build"
    with (
        server(db, free_port(), log) as base,
        httpx.Client(base_url=base, timeout=timeout) as client,
    ):
        started = time.perf_counter()
        status = warm_up_over(client)
        waited = time.perf_counter() - started
        ms = timed_get(client, LEDGER)
        note = (
            f"warm-up {status['state']}: {len(status['built'])} operations in "
            f"{status['seconds']} s (over {waited:.1f} s after the server answered)"
        )
        yield "first ledger request, warm-up over", ms, note


def in_process(engine: Engine) -> dict[str, Callable[[], object]]:
    from muster import queries
    from muster.store import query_records

    return {
        "in-process operation_ledger(KFOR)": lambda: queries.operation_ledger(engine, "KFOR"),
        "in-process timeline_page(KFOR)": lambda: queries.timeline_page(engine, "KFOR"),
        "in-process conflicts_page(KFOR)": lambda: queries.conflicts_page(engine, "KFOR"),
        "in-process query_records(KFOR, limit 50)": lambda: query_records(
            engine, operation="KFOR", limit=50
        ),
    }


def cold_builds(engine: Engine, runs: int) -> list[float]:
    """Milliseconds of `runs` builds of KFOR's history in-process, the cache cleared each time."""
    from muster import queries

    out = []
    for _ in range(runs):
        queries.HISTORIES.clear()
        started = time.perf_counter()
        queries.ledger_history(engine, "KFOR")
        out.append((time.perf_counter() - started) * 1000)
    queries.HISTORIES.clear()
    return out


def profile(engine: Engine, out: Path) -> None:
    """pyinstrument over one call of each query function, to see where a request's time goes.

    The ledger's call comes first with the cache cleared, so its profile is that of the build.
    """
    from pyinstrument import Profiler

    from muster import queries

    queries.HISTORIES.clear()
    reports = []
    for name, call in in_process(engine).items():
        profiler = Profiler(interval=0.0005)
        profiler.start()
        call()
        profiler.stop()
        reports.append(f"== {name}\n" + profiler.output_text(unicode=True, color=False))
    out.write_text("\n".join(reports), encoding="utf-8")
    print(f"profiles -> {out}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="API latency on a large store.")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="database file (default in the temp folder)")
    parser.add_argument("--requests", type=int, default=100, help="per endpoint, at most")
    parser.add_argument("--seconds", type=float, default=10.0, help="per endpoint, at most")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="profile both queries in-process, to a file")
    parser.add_argument("--skip-in-process", action="store_true", help="only the HTTP figures")
    parser.add_argument("--cold-runs", type=int, default=3, help="in-process cold builds")
    parser.add_argument("--skip-first", action="store_true", help="no first-request servers")
    args = parser.parse_args(argv)
    db = args.db or Path(tempfile.gettempdir()) / f"muster-bench-api-{args.records}.db"
    build(db, args.records, args.seed)
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        kfor = connection.execute(
            select(func.count()).select_from(RecordRow).where(RecordRow.operation == "KFOR")
        ).scalar_one()
        article = connection.execute(select(ArticleRow.id).limit(1)).scalar_one()
    print(f"{args.records:,} records, {kfor:,} of them KFOR; target p99 < {TARGET_P99_MS:.0f} ms")
    print(f"{'endpoint':<44}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    budget = {"requests": args.requests, "seconds": args.seconds}
    if args.profile:
        profile(engine, args.profile)
    if not args.skip_in_process:
        builds = cold_builds(engine, args.cold_runs)
        shown = ", ".join(f"{ms / 1000:.2f}" for ms in builds)
        print(f"in-process cold build of KFOR's history: {shown} s")
        for name, call in in_process(engine).items():
            print(summary(name, latencies(call, warmup=1, **budget)))
    engine.dispose()
    timeline = "/api/v1/operations/KFOR/timeline"
    conflicts = "/api/v1/operations/KFOR/conflicts"
    paths = {
        "GET /api/v1/articles/{id} (floor)": f"/api/v1/articles/{article}",
        "GET /api/v1/operations/KFOR/ledger": LEDGER,
        "GET .../KFOR/timeline (first page, 100)": timeline,
        "GET .../KFOR/timeline?since=2010&until=2011": f"{timeline}?since=2010&until=2011",
        "GET .../KFOR/timeline?contributor=HUN": f"{timeline}?contributor=HUN",
        "GET .../KFOR/conflicts (first page, 100)": conflicts,
        "GET .../KFOR/conflicts?contributor=HUN": f"{conflicts}?contributor=HUN",
        "GET /api/v1/records?operation=KFOR&limit=50": "/api/v1/records?operation=KFOR&limit=50",
    }
    log = Path(tempfile.gettempdir()) / "muster-bench-api-server.log"
    if not args.skip_first:
        for case, ms, note in first_requests(db, log):
            print(f"{case:<44}{ms:>10.1f} ms  {note}")
    with server(db, free_port(), log) as base, httpx.Client(base_url=base, timeout=600) as client:
        status = warm_up_over(client)
        built = status["built"]
        shown = ", ".join(built[:4]) + (", ..." if len(built) > 4 else "")
        state, seconds = status["state"], status["seconds"]
        print(f"warm-up {state}: {len(built)} operations ({shown}) in {seconds} s")
        for name, path in paths.items():
            print(summary(name, latencies(http_get(client, path), warmup=1, **budget)))


if __name__ == "__main__":
    main()
