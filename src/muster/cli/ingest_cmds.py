"""`muster extract`, `muster ingest` and `muster demo`: read articles, store them or not."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from muster.cli.common import EXIT_INTERRUPTED, DbOption, database_url, err, fail, out
from muster.cli.records_io import to_csv, to_jsonl, to_table
from muster.ingest import IngestReport
from muster.settings import Settings

if TYPE_CHECKING:
    from distributed import Client

    from muster.models import Record

PROGRESS_THRESHOLD = 5


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files or folders (.txt, .html, .jsonl, RSS/Atom .xml), or - for stdin.",
        show_default=False,
    ),
]
MaxBytesOption = Annotated[
    int | None, typer.Option("--max-bytes", help="Skip files larger than this (default 5,000,000).")
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers", min=1, help="Extract on this many local Dask worker processes (1: here)."
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Extract on a running Dask cluster instead, e.g. tcp://10.0.0.5:8786.",
        show_default=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Write the records as Parquet files, one per partition of articles, into this "
        "folder instead of printing them.",
        show_default=False,
    ),
]


def extract(
    paths: PathsArg,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExtractFormat.jsonl
    ),
    max_bytes: MaxBytesOption = None,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
    out_dir: OutOption = None,
) -> None:
    """Print the deployment records of articles, without storing anything.

    Example: [bold]muster extract ../shared/corpus/seed/seed.txt --format table[/bold]
    """
    if workers > 1 or scheduler or out_dir is not None:
        extract_scaled(paths, format, max_bytes, workers, scheduler, out_dir)
        return
    from muster.extract.pipeline import Extractor
    from muster.sources import SkippedInput, iter_articles

    limit = max_bytes or Settings().max_bytes
    extractor = Extractor()
    records = []
    read = skipped = 0
    for item in iter_articles(paths, max_bytes=limit, stdin=sys.stdin):
        if isinstance(item, SkippedInput):
            err.print(f"[yellow]skipped[/yellow] {item}", markup=True, highlight=False)
            skipped += 1
            continue
        read += 1
        found = extractor.records(item)
        if format is ExtractFormat.jsonl:
            for line in to_jsonl(found):
                sys.stdout.write(line + "\n")
        else:
            records.extend(found)
    if format is ExtractFormat.table:
        out.print(to_table(records))
    elif format is ExtractFormat.csv:
        sys.stdout.write(to_csv(records))
    if read == 0:
        fail(f"nothing could be read ({skipped} input(s) skipped)")


def _cluster(workers: int, scheduler: str | None) -> AbstractContextManager[Client | None]:
    """A Dask client when --workers > 1 or --scheduler asks for one; else None, without Dask."""
    if workers <= 1 and not scheduler:
        return nullcontext(None)
    from muster.scale import dask_client

    return dask_client(workers, scheduler)


def extract_scaled(
    paths: list[str],
    format: ExtractFormat,
    max_bytes: int | None,
    workers: int,
    scheduler: str | None,
    out_dir: Path | None,
) -> None:
    """`muster extract` by partitions of articles: on Dask, into Parquet files, or both."""
    from muster.scale import ScaleError, articles_only, extract_partitions, write_parquet
    from muster.sources import SkippedInput, iter_articles

    skipped: list[SkippedInput] = []
    read = 0

    def report(item: SkippedInput) -> None:
        err.print(f"[yellow]skipped[/yellow] {item}", markup=True, highlight=False)
        skipped.append(item)

    def record_parts() -> Iterator[list[Record]]:
        nonlocal read
        limit = max_bytes or Settings().max_bytes
        articles = articles_only(iter_articles(paths, max_bytes=limit, stdin=sys.stdin), report)
        with _cluster(workers, scheduler) as client:
            for part in extract_partitions(articles, client, with_facts=False):
                read += len(part)
                yield [record for _, found, _ in part for record in found]

    try:
        if out_dir is not None:
            written = write_parquet(out_dir, record_parts())
            out.print(
                f"records {written.records:,} of {read:,} articles · "
                f"{written.files:,} Parquet file(s) in {written.folder}"
            )
        else:
            _print_records(record_parts(), format)
    except (ScaleError, FileExistsError) as error:
        fail(escape(str(error)))
    if read == 0:
        fail(f"nothing could be read ({len(skipped)} input(s) skipped)")


def _print_records(parts: Iterator[list[Record]], format: ExtractFormat) -> None:
    records: list[Record] = []
    for found in parts:
        if format is ExtractFormat.jsonl:
            for line in to_jsonl(found):
                sys.stdout.write(line + "\n")
        else:
            records.extend(found)
    if format is ExtractFormat.table:
        out.print(to_table(records))
    elif format is ExtractFormat.csv:
        sys.stdout.write(to_csv(records))


def ingest(
    paths: PathsArg,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Read articles, extract their records and facts, and store them.

    Re-ingesting an unchanged article changes nothing; a changed one replaces its records.
    Example: [bold]muster ingest ../shared/corpus/dev/articles --db muster.db[/bold]
    """
    report = run_ingest(paths, db, max_bytes, workers=workers, scheduler=scheduler)
    if report.read == 0:
        fail(f"nothing could be read ({len(report.skipped)} input(s) skipped)")


def run_ingest(
    paths: list[str],
    db: str | None,
    max_bytes: int | None,
    *,
    workers: int = 1,
    scheduler: str | None = None,
) -> IngestReport:
    from sqlalchemy.exc import SQLAlchemyError

    from muster.ingest import AnalyseMany, ingest_paths
    from muster.scale import ScaleError, extract_parallel
    from muster.sources import discover
    from muster.store import make_engine

    url = database_url(db)
    limit = max_bytes or Settings().max_bytes
    files = [i for i in discover(paths) if not i.is_stdin]
    try:
        engine = make_engine(url)
        with _cluster(workers, scheduler) as client:
            analyse: AnalyseMany | None = None
            if client is not None:
                analyse = partial(extract_parallel, client=client)
            if len(files) > PROGRESS_THRESHOLD:
                with Progress(
                    TextColumn("ingesting"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("articles"),
                    TimeElapsedColumn(),
                    console=err,
                    transient=True,
                ) as progress:
                    task = progress.add_task("ingest", total=None)
                    report = ingest_paths(
                        engine,
                        paths,
                        max_bytes=limit,
                        on_article=lambda _a: progress.advance(task),
                        analyse_many=analyse,
                    )
            else:
                report = ingest_paths(engine, paths, max_bytes=limit, analyse_many=analyse)
    except SQLAlchemyError as exc:
        fail(f"database {url}: {str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}")
    except ScaleError as exc:
        fail(escape(str(exc)))
    except KeyboardInterrupt:
        fail(
            "interrupted: every batch committed so far is stored; run the same command again to "
            "carry on",
            EXIT_INTERRUPTED,
        )
    for item in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {item}", markup=True, highlight=False)
    out.print(
        f"articles read {report.read:,} · new {report.new:,} · unchanged {report.unchanged:,} · "
        f"replaced {report.replaced:,} · skipped {len(report.skipped):,} · "
        f"records stored {report.records:,} · facts {report.facts:,} · "
        f"{report.seconds:.1f} s"
    )
    return report


def demo(
    db: DbOption = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard afterwards.")
    ] = True,
    warm: Annotated[
        bool,
        typer.Option(
            "--warm/--no-warm", help="When serving, build the ledgers in the background first."
        ),
    ] = True,
) -> None:
    """Ingest the sample corpus shipped with Muster, load official figures, print the KFOR ledger.

    Example: [bold]muster demo --no-serve[/bold]
    """
    from importlib import resources

    from muster.cli.data_cmds import load_shipped_figures_into, print_ledger

    sample = resources.files("muster.data").joinpath("sample")
    with resources.as_file(sample) as folder:
        run_ingest([str(Path(folder))], db, None)
    load_shipped_figures_into(db)
    print_ledger("KFOR", db, None, "table")
    out.print(
        "\nNext: [bold]muster records --operation KFOR[/bold], [bold]muster ops show KFOR[/bold], "
        "[bold]muster ingest PATH[/bold] for your own articles.",
        markup=True,
    )
    if serve:
        try:
            from muster.cli.serve_cmds import serve_app
        except ImportError:
            return
        serve_app(db, Settings().host, Settings().port, warm)


def register(app: typer.Typer) -> None:
    app.command()(extract)
    app.command()(ingest)
    app.command()(demo)
