"""`muster records`, `muster ledger` and `muster figures`: reading what is stored."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from muster.catalogue import get_operation
from muster.cli.common import DbOption, fail, open_store, out, parse_date
from muster.cli.records_io import to_csv, to_jsonl, to_table

figures_app = typer.Typer(help="Official contribution figures.", no_args_is_help=True)


class RecordsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class LedgerFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class Kind(str, Enum):
    deploy = "deploy"
    withdraw = "withdraw"
    presence = "presence"


def records(
    operation: Annotated[
        str | None, typer.Option("--operation", "-o", help="Operation id.")
    ] = None,
    contributor: Annotated[
        str | None, typer.Option("--contributor", "-c", help="ISO3 code.")
    ] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", "-k")] = None,
    since: Annotated[str | None, typer.Option("--since", help="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY[-MM[-DD]]")] = None,
    format: Annotated[RecordsFormat, typer.Option("--format", "-f")] = RecordsFormat.table,
    db: DbOption = None,
) -> None:
    """List stored records, oldest first.

    Example: [bold]muster records --operation KFOR --contributor BGR --format csv[/bold]
    """
    from muster.store import query_records

    parse_date(since, "--since")
    parse_date(until, "--until")
    found, _ = query_records(
        open_store(db),
        operation=operation.upper() if operation else None,
        contributor=contributor.upper() if contributor else None,
        kind=kind.value if kind else None,
        since=since,
        until=until,
    )
    if format is RecordsFormat.jsonl:
        for line in to_jsonl(found):
            sys.stdout.write(line + "\n")
    elif format is RecordsFormat.csv:
        sys.stdout.write(to_csv(found))
    else:
        out.print(to_table(found, title=f"{len(found):,} records"))


def print_ledger(operation: str, db: str | None, at: str | None, format: str) -> None:
    from muster.queries import operation_ledger

    op = get_operation(operation)
    if op is None:
        fail(f"unknown operation '{operation}' (see 'muster ops list')")
    result = operation_ledger(open_store(db), op.id, parse_date(at, "--at"))
    if format == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    if format == "csv":
        sys.stdout.write("contributor,personnel,qualifier,basis,as_of,source\n")
        for row in result.rows:
            src = row.sources[0] if row.sources else None
            where = (src.url or src.article or "") if src else ""
            sys.stdout.write(
                f"{row.contributor or 'TOTAL'},{row.personnel},{row.qualifier or ''},"
                f"{row.basis},{row.as_of_text},{where}\n"
            )
        return
    table = Table(title=f"{op.id} · {op.name} — ledger as of {result.at}", header_style="bold")
    for name, justify in (
        ("nation", "left"),
        ("personnel", "right"),
        ("basis", "left"),
        ("as of", "left"),
        ("source", "left"),
        ("⚑", "left"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in result.rows:
        src = row.sources[-1] if row.sources else None
        source = ""
        if src is not None:
            source = src.article or src.url or ""
            if src.evidence:
                source += f" “{src.evidence[:70]}{'…' if len(src.evidence) > 70 else ''}”"
        table.add_row(
            row.contributor or "—",
            f"{row.personnel:,}",
            row.basis,
            row.as_of_text,
            source,
            "⚑" if row.flagged else "",
        )
    out.print(table)
    line = f"Total: {result.total_sum:,} personnel from {result.nations} nations"
    if result.operation_level is not None:
        level = result.operation_level
        line += f" · operation-level figure {level.personnel:,} ({level.basis}, {level.as_of_text})"
    out.print(line)


def ledger_command(
    operation: Annotated[str, typer.Argument(help="Operation id, e.g. KFOR.")],
    at: Annotated[
        str | None, typer.Option("--at", help="Date YYYY[-MM[-DD]] (default today).")
    ] = None,
    format: Annotated[LedgerFormat, typer.Option("--format", "-f")] = LedgerFormat.table,
    db: DbOption = None,
) -> None:
    """Per contributing nation: the best estimate of personnel on a date, and its source.

    Example: [bold]muster ledger KFOR --at 2024-06-01[/bold]
    """
    print_ledger(operation, db, at, format.value)


def load_shipped_figures_into(db: str | None) -> int:
    from muster.figures import load_shipped_figures
    from muster.store import import_figures

    return import_figures(open_store(db), load_shipped_figures())


@figures_app.command("import")
def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV files: as_of,operation,contributor,personnel,source[,personnel_type]"
        ),
    ],
    db: DbOption = None,
) -> None:
    """Load official snapshots; a file with any bad row is refused whole.

    Example: [bold]muster figures import kfor_2025.csv[/bold]
    """
    from muster.figures import parse_figures_csv
    from muster.store import import_figures

    engine = open_store(db)
    total = 0
    failed = False
    for path in files:
        if not path.is_file():
            fail(f"{path}: no such file")
        figures, errors = parse_figures_csv(path, source_name=str(path))
        if errors:
            failed = True
            for error in errors:
                out.print(f"[red]{error}[/red]", markup=True)
            continue
        total += import_figures(engine, figures)
        out.print(f"{path}: {len(figures):,} rows read")
    if failed:
        fail("some files were refused; nothing of them was loaded")
    out.print(json.dumps({"imported": total}))


def register(app: typer.Typer) -> None:
    app.command()(records)
    app.command("ledger")(ledger_command)
    app.add_typer(figures_app, name="figures")
