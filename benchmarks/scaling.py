"""Articles per second: serial extraction against Dask with 1 and 2 local worker processes.

`muster ingest --workers N` should pay for Dask only when it wins, so this script times the same
work three (or more) ways in one run, on the same articles read from the same files: serial (one
extractor in this process, what `muster ingest` does without --workers), then Dask local clusters
of 1, 2, ... workers (`muster.scale.extract_parallel`). Each timing includes reading the files,
which stays on the client in every mode; building the extractor and starting the cluster are
reported apart, since they are paid once per run, not per article. The target is a speed-up of
1.7 or more with 2 workers on 2 cores for 100,000 articles.

Articles come from benchmarks/generate.py (written as JSONL files of 1,000 articles, so reading
streams) or from --input.

    python benchmarks/scaling.py --n 10000
    python benchmarks/scaling.py --n 100000 --workers 1,2
    python benchmarks/scaling.py --input ../shared/corpus/dev/articles --repeat 20
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_one  # noqa: E402

from muster.models import Article  # noqa: E402
from muster.scale import (  # noqa: E402
    DEFAULT_PARTITION_SIZE,
    WARM_UP,
    articles_only,
    dask_client,
    extract_parallel,
    prepare_workers,
)
from muster.sources import iter_articles  # noqa: E402

FILE_SIZE = 1000


@dataclass
class Run:
    mode: str
    seconds: float
    setup: float
    articles: int
    records: int
    facts: int

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def write_generated(folder: Path, n: int, seed: int) -> list[Path]:
    """`n` generated articles as JSONL files of FILE_SIZE articles each."""
    rng = random.Random(seed)
    files: list[Path] = []
    for start in range(0, n, FILE_SIZE):
        path = folder / f"generated-{start // FILE_SIZE:05d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for i in range(start, min(start + FILE_SIZE, n)):
                item = generate_one(rng, f"g{seed}-{i:07d}")
                row = {"id": item.id, "title": item.title, "text": item.body}
                handle.write(json.dumps(row | {"published": item.published.isoformat()}) + "\n")
        files.append(path)
    return files


def read(paths: list[str], repeat: int) -> Iterator[Article]:
    """The articles of `paths`, `repeat` times over with distinct ids (for a small --input)."""
    for round_ in range(repeat):
        for article in articles_only(iter_articles(paths), None):
            yield (
                article
                if repeat == 1
                else article.model_copy(update={"id": f"{article.id}~{round_}"})
            )


def run_serial(paths: list[str], repeat: int, with_facts: bool) -> Run:
    from muster.extract.pipeline import Extractor

    started = time.perf_counter()
    extractor = Extractor()
    extractor.analyse_all(WARM_UP)  # what it loads lazily, as the workers do before the clock
    setup = time.perf_counter() - started
    run = Run("serial", 0.0, setup, 0, 0, 0)
    started = time.perf_counter()
    for article in read(paths, repeat):
        if with_facts:
            records, facts = extractor.analyse_all(article)
        else:
            records, facts = extractor.records(article), []
        run.articles += 1
        run.records += len(records)
        run.facts += len(facts)
    run.seconds = time.perf_counter() - started
    return run


def run_dask(
    paths: list[str], repeat: int, with_facts: bool, workers: int, partition_size: int
) -> Run:
    started = time.perf_counter()
    with dask_client(workers) as client:
        prepare_workers(client)  # extractors built before the clock starts, as in serial
        setup = time.perf_counter() - started
        run = Run(f"dask, {workers} worker{'s' if workers > 1 else ''}", 0.0, setup, 0, 0, 0)
        started = time.perf_counter()
        for _, records, facts in extract_parallel(
            read(paths, repeat), client, partition_size=partition_size, with_facts=with_facts
        ):
            run.articles += 1
            run.records += len(records)
            run.facts += len(facts)
        run.seconds = time.perf_counter() - started
    return run


def _spin(_: int = 0) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i % 7
    return time.perf_counter() - started


def ceiling(processes: int) -> float:
    """The speed-up of `processes` processes on a pure-Python loop, right now on this machine:
    what other jobs and the hardware leave, the most Dask could reach."""
    import multiprocessing

    alone = _spin()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(_spin, [0] * processes)  # start-up out of the clock
        started = time.perf_counter()
        pool.map(_spin, range(processes))
        together = time.perf_counter() - started
    return processes * alone / together


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def best(runs: list[Run]) -> list[Run]:
    """The fastest run of each mode: other processes on the machine only ever slow a run down."""
    fastest: dict[str, Run] = {}
    for run in runs:
        if run.mode not in fastest or run.seconds < fastest[run.mode].seconds:
            fastest[run.mode] = run
    return list(fastest.values())


def report(runs: list[Run]) -> None:
    serial = runs[0]
    print(
        f"{'mode':<18}{'articles':>10}{'seconds':>10}{'articles/s':>12}{'speed-up':>10}"
        f"{'setup s':>9}{'records':>10}{'facts':>9}"
    )
    for run in runs:
        speedup = run.rate / serial.rate if serial.rate else 0.0
        print(
            f"{run.mode:<18}{run.articles:>10,}{run.seconds:>10.1f}{run.rate:>12.1f}"
            f"{speedup:>9.2f}×{run.setup:>9.1f}{run.records:>10,}{run.facts:>9,}"
        )
    same = {(r.articles, r.records, r.facts) for r in runs}
    print("same counts in every mode" if len(same) == 1 else "COUNTS DIFFER between modes")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=10_000, help="generated articles (10,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--input", nargs="*", help="files or folders to read instead")
    parser.add_argument("--repeat", type=int, default=1, help="read --input this many times")
    parser.add_argument("--workers", default="1,2", help="Dask cluster sizes to time (1,2)")
    parser.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE)
    parser.add_argument(
        "--records-only", action="store_true", help="records without facts (muster extract)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="time every mode this many times")
    args = parser.parse_args(argv)
    sizes = [int(w) for w in args.workers.split(",") if w.strip()]
    with_facts = not args.records_only
    print(f"cores {os.cpu_count()}, load average before {load()}")
    top = max(sizes, default=1)
    ceilings: list[float] = []
    with tempfile.TemporaryDirectory(prefix="muster-scaling-") as tmp:
        if args.input:
            paths = list(args.input)
        else:
            started = time.perf_counter()
            paths = [str(p) for p in write_generated(Path(tmp), args.n, args.seed)]
            print(f"generated {args.n:,} articles in {time.perf_counter() - started:.1f} s")
        runs: list[Run] = []
        for round_ in range(1, args.rounds + 1):
            ceilings.append(ceiling(top))
            runs.append(run_serial(paths, args.repeat, with_facts))
            print(f"  round {round_}: serial {runs[-1].rate:.1f}/s, load {load()}", flush=True)
            for workers in sizes:
                runs.append(run_dask(paths, args.repeat, with_facts, workers, args.partition_size))
                print(
                    f"  round {round_}: {runs[-1].mode} {runs[-1].rate:.1f}/s, load {load()}",
                    flush=True,
                )
    what = "records and facts" if with_facts else "records only"
    print(f"extraction: {what}, partitions of {args.partition_size}, best of {args.rounds}")
    report(best(runs))
    ceilings.append(ceiling(top))
    each = ", ".join(f"{c:.2f}" for c in ceilings)
    print(
        f"ceiling: {top} processes on a pure-Python loop ran up to {max(ceilings):.2f}× one "
        f"(before each round and at the end: {each})"
    )
    print(f"load average after {load()}")


if __name__ == "__main__":
    main()
