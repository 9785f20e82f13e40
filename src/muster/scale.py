"""The extraction of `muster extract` and `muster ingest`, mapped over a Dask cluster.

Reading stays on the client: it is cheap next to extraction, stdin and the store's "is this
article already stored?" check live there, and it fixes the order. Articles travel to the
workers in partitions of a few hundred (one task each), so the cost of scheduling a task is
spread over many articles; each worker thread builds the extractor once and keeps it. At most
`in_flight` partitions are out at a time, so memory stays bounded however many millions of
articles come in, and partitions come back in input order, so a parallel run gives exactly the
serial output. Models cross the wire as plain dicts: they pickle small and validate on arrival.

Dask and pyarrow are optional (the `scale` extra) and imported only when used.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from muster.models import Article, Fact, Record
from muster.sources import SkippedInput, iter_articles
from muster.sources.reader import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from distributed import Client, Future

    from muster.extract.pipeline import Extractor

Item = tuple[Article, list[Record], list[Fact]]
Outcome = tuple[list[dict[str, Any]], list[dict[str, Any]]]
T = TypeVar("T")

DEFAULT_PARTITION_SIZE = 200
WAIT_FOR_WORKERS = 30  # seconds for a first worker to join
WORKERS_READY = 300  # seconds for every worker to build its extractor
INSTALL_HINT = "pip install 'muster-ledger[scale]'"


class ScaleError(RuntimeError):
    """The cluster cannot run this extraction (no workers, another Muster version, no Dask)."""


def _import(name: str, purpose: str) -> ModuleType:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        raise ScaleError(f"{purpose} needs the {name} package: {INSTALL_HINT}") from None


# --- on the workers ------------------------------------------------------------------------

_local = threading.local()


def _extractor() -> Extractor:
    """This thread's extractor, built on first use: building costs a second, a task much less."""
    built: Extractor | None = getattr(_local, "extractor", None)
    if built is None:
        from muster.extract.pipeline import Extractor

        built = _local.extractor = Extractor()
    return built


def _analyse(
    extractor: Extractor, article: Article, with_facts: bool
) -> tuple[list[Record], list[Fact]]:
    if with_facts:
        return extractor.analyse_all(article)
    return extractor.records(article), []


# Made up to reach what the extractor loads on first use (gazetteers, place and name indexes),
# so that the first partition of each worker is not seconds slower than the rest.
WARM_UP = Article(
    id="warm-up",
    text="Minister visits troops in Kosovo\n\nOn Tuesday, Defence Minister Jan Novak went to "
    "Kosovo to meet the Italian soldiers who serve with KFOR in Pristina. Italy will send 10 "
    "more soldiers to KFOR next month.",
    hash="",
)


def _worker_ready() -> str:
    """Build the extractor, and load what it loads lazily, ahead of the first partition; say
    which version it is."""
    from muster.extract.pipeline import EXTRACTOR_VERSION

    _extractor().analyse_all(WARM_UP)
    return EXTRACTOR_VERSION


def _extract_partition(articles: list[dict[str, Any]], with_facts: bool) -> list[Outcome]:
    """One task: the records (and facts) of a partition of articles, as dicts, in order."""
    extractor = _extractor()
    outcomes: list[Outcome] = []
    for data in articles:
        records, facts = _analyse(extractor, Article.model_validate(data), with_facts)
        outcomes.append(([r.model_dump() for r in records], [f.model_dump() for f in facts]))
    return outcomes


# --- on the client -------------------------------------------------------------------------


@contextmanager
def dask_client(workers: int = 2, scheduler: str | None = None) -> Iterator[Client]:
    """A client on a new local cluster of `workers` processes, or on the scheduler given.

    One thread per worker process: the extractor is pure Python under the GIL, so processes
    are what run in parallel. The local cluster's web server takes a free port rather than
    8787, which a second cluster (or another program) may hold.
    """
    distributed: Any = _import("distributed", "parallel extraction")
    if scheduler:
        try:
            connected = distributed.Client(scheduler)
        except (OSError, TimeoutError) as error:
            raise ScaleError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with connected as client:
            yield client
        return
    if workers < 1:
        raise ValueError("workers must be at least 1")
    # Workers sample their own stacks every 10 ms for the dashboard's profile, which costs a
    # few per cent of pure-Python work; nobody watches a local cluster's dashboard.
    settings: Any = _import("dask.config", "parallel extraction")
    with settings.set({"distributed.worker.profile.enabled": False}):
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    with cluster, distributed.Client(cluster) as client:
        yield client


def prepare_workers(client: Client) -> int:
    """Build the extractor on every worker now; refuse workers that run another extractor.

    Returns the number of worker threads, which sizes the window of partitions in flight.
    """
    from muster.extract.pipeline import EXTRACTOR_VERSION

    workers: dict[str, int] = client.nthreads()
    if not workers:  # a cluster just started may still be waiting for its workers
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise ScaleError(
                f"the Dask cluster has had no workers for {WAIT_FOR_WORKERS} s"
            ) from None
        workers = client.nthreads()
    futures = [
        client.submit(_worker_ready, workers=[address], allow_other_workers=False, pure=False)
        for address in workers
    ]
    try:
        distributed: Any = _import("distributed", "parallel extraction")
        distributed.wait(futures, timeout=WORKERS_READY)  # a worker that left meanwhile
        versions = client.gather(futures)
    except TimeoutError:
        client.cancel(futures)
        raise ScaleError(f"the Dask workers were not ready after {WORKERS_READY} s") from None
    except Exception as error:  # whatever a worker raises, the user needs one line
        raise ScaleError(f"the Dask workers cannot run Muster's extractor: {error!r}") from None
    for address, version in zip(workers, versions, strict=True):
        if version != EXTRACTOR_VERSION:
            raise ScaleError(f"worker {address} runs {version}, this client {EXTRACTOR_VERSION}")
    return sum(workers.values())


def partitions(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), drawn lazily."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _rebuild(chunk: list[Article], outcomes: list[Outcome]) -> list[Item]:
    return [
        (
            article,
            [Record.model_validate(r) for r in records],
            [Fact.model_validate(f) for f in facts],
        )
        for article, (records, facts) in zip(chunk, outcomes, strict=True)
    ]


def extract_partitions(
    articles: Iterable[Article],
    client: Client | None,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    in_flight: int | None = None,
    with_facts: bool = True,
) -> Iterator[list[Item]]:
    """Each partition of articles with its records and facts, in input order.

    With `client` None the partitions are extracted here, in this process, one after another
    (the same partitions a cluster would get, for `--out` without workers). `in_flight` bounds
    the partitions submitted and not yet yielded (default: twice the worker threads).
    """
    chunks = partitions(articles, partition_size)
    if client is None:
        from muster.extract.pipeline import Extractor

        extractor = Extractor()
        for chunk in chunks:
            yield [(a, *_analyse(extractor, a, with_facts)) for a in chunk]
        return
    window = in_flight or 2 * prepare_workers(client)

    def submit(chunk: list[Article]) -> tuple[list[Article], Future]:
        payload = [a.model_dump() for a in chunk]
        return chunk, client.submit(_extract_partition, payload, with_facts, pure=False)

    pending = deque(submit(chunk) for chunk in islice(chunks, max(window, 1)))
    try:
        while pending:
            chunk, future = pending.popleft()
            following = next(chunks, None)
            if following is not None:  # keep the window full while this one is awaited
                pending.append(submit(following))
            yield _rebuild(chunk, future.result())
    finally:
        if pending:  # the caller stopped early or a task failed: free the cluster
            client.cancel([future for _, future in pending])


def extract_parallel(
    articles: Iterable[Article],
    client: Client | None,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    in_flight: int | None = None,
    with_facts: bool = True,
) -> Iterator[Item]:
    """(article, records, facts) for each article, in input order, extracted on the cluster."""
    for partition in extract_partitions(
        articles,
        client,
        partition_size=partition_size,
        in_flight=in_flight,
        with_facts=with_facts,
    ):
        yield from partition


def articles_only(
    items: Iterable[Article | SkippedInput], on_skipped: Callable[[SkippedInput], None] | None
) -> Iterator[Article]:
    """The articles among what was read; each skipped input goes to `on_skipped`."""
    for item in items:
        if isinstance(item, SkippedInput):
            if on_skipped is not None:
                on_skipped(item)
        else:
            yield item


def extract_paths(
    paths: Sequence[str | Path],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    with_facts: bool = True,
    on_skipped: Callable[[SkippedInput], None] | None = None,
) -> Iterator[Item]:
    """Read files and folders here, extract on a local cluster (or `scheduler`), in order.

    The cluster lives as long as the iteration: exhaust or close the iterator to shut it down.
    """
    read = articles_only(iter_articles(paths, max_bytes=max_bytes), on_skipped)
    with dask_client(workers, scheduler) as client:
        yield from extract_parallel(
            read, client, partition_size=partition_size, with_facts=with_facts
        )


# --- Parquet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParquetReport:
    folder: Path
    files: int
    records: int


def _arrow_type(annotation: Any, pa: Any) -> Any:
    kinds = {a for a in (get_args(annotation) or (annotation,)) if a is not type(None)}
    if kinds == {int}:
        return pa.int64()
    if kinds == {float}:
        return pa.float64()
    return pa.string()  # str, and the Literal vocabularies (kind, qualifier, change)


def record_schema() -> Any:
    """The Arrow schema of a record, from the model, so every file has the same columns and
    types even when a partition has no records or a column is null throughout."""
    pa = _import("pyarrow", "Parquet output")
    return pa.schema(
        [(name, _arrow_type(field.annotation, pa)) for name, field in Record.model_fields.items()]
    )


def write_parquet(out_dir: str | Path, parts: Iterable[Sequence[Record]]) -> ParquetReport:
    """Write each partition's records as `part-NNNNNN.parquet` in `out_dir`, in order.

    A folder that already holds Parquet files is refused: files of an earlier, longer run would
    be read back with the new ones. Each file appears under its name only once it is complete.
    """
    pa = _import("pyarrow", "Parquet output")
    parquet = _import("pyarrow.parquet", "Parquet output")
    folder = Path(out_dir)
    if folder.is_dir() and any(folder.glob("*.parquet")):
        raise FileExistsError(f"{folder} already holds Parquet files")
    folder.mkdir(parents=True, exist_ok=True)
    schema = record_schema()
    files = records = 0
    for index, part in enumerate(parts):
        table = pa.Table.from_pylist([r.model_dump() for r in part], schema=schema)
        final = folder / f"part-{index:06d}.parquet"
        partial = folder / f".{final.name}.partial"
        parquet.write_table(table, partial)
        os.replace(partial, final)
        files += 1
        records += table.num_rows
    return ParquetReport(folder, files, records)
