"""`muster extract`, `muster ingest` and `muster demo`: read articles, store them or not."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from muster.cli.common import DbOption, database_url, err, fail, out
from muster.cli.records_io import to_csv, to_jsonl, to_table
from muster.ingest import IngestReport
from muster.settings import Settings

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


def extract(
    paths: PathsArg,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExtractFormat.jsonl
    ),
    max_bytes: MaxBytesOption = None,
) -> None:
    """Print the deployment records of articles, without storing anything.

    Example: [bold]muster extract ../shared/corpus/seed/seed.txt --format table[/bold]
    """
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


def ingest(
    paths: PathsArg,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Read articles, extract their records and facts, and store them.

    Re-ingesting an unchanged article changes nothing; a changed one replaces its records.
    Example: [bold]muster ingest ../shared/corpus/dev/articles --db muster.db[/bold]
    """
    report = run_ingest(paths, db, max_bytes)
    if report.read == 0:
        fail(f"nothing could be read ({len(report.skipped)} input(s) skipped)")


def run_ingest(paths: list[str], db: str | None, max_bytes: int | None) -> IngestReport:
    from sqlalchemy.exc import SQLAlchemyError

    from muster.ingest import ingest_paths
    from muster.sources import discover
    from muster.store import make_engine

    url = database_url(db)
    limit = max_bytes or Settings().max_bytes
    files = [i for i in discover(paths) if not i.is_stdin]
    try:
        engine = make_engine(url)
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
                    engine, paths, max_bytes=limit, on_article=lambda _a: progress.advance(task)
                )
        else:
            report = ingest_paths(engine, paths, max_bytes=limit)
    except SQLAlchemyError as exc:
        fail(f"database {url}: {str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}")
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
        serve_app(db, Settings().host, Settings().port)


def register(app: typer.Typer) -> None:
    app.command()(extract)
    app.command()(ingest)
    app.command()(demo)
