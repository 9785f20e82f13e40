"""`muster timeline`, `muster conflicts` and `muster plot`: the history behind a ledger.

Thin commands: each asks `muster.queries` for one view of an operation and only renders it
(a table for people, CSV or JSON for programs, a PNG via `muster.plot`).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from pydantic import TypeAdapter
from rich.markup import escape
from rich.table import Table

from muster.catalogue import get_operation
from muster.cli.common import EXIT_USAGE, DbOption, database_url, fail, out, parse_date
from muster.ledger import DEFAULT_OPTIONS, Conflict, Level, Source, TimelineEntry
from muster.models import Operation, Qualifier

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

T = TypeVar("T")
PLOT_SUFFIXES = (".png", ".svg", ".pdf")
_QUALIFIER_SIGNS: dict[str | None, str] = {"approx": "≈", "min": "≥", "max": "≤"}
_LEVEL_KINDS = {
    "official": "official level",
    "absent": "official (not listed)",
    "presence": "news presence",
}
_CSV_FIELDS = (
    "when",
    "date_text",
    "dated_by",
    "contributor",
    "entry",
    "kind",
    "change",
    "personnel",
    "qualifier",
    "delta",
    "estimate",
    "estimate_qualifier",
    "basis",
    "flagged",
    "note",
    "record_ids",
    "source",
    "evidence",
)


class TimelineFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ConflictsFormat(str, Enum):
    table = "table"
    json = "json"


OperationArg = Annotated[str, typer.Argument(help="Operation id, e.g. KFOR.", show_default=False)]


def _query(db: str | None, read: Callable[[Engine], T]) -> T:
    """Run one read on the database; one that cannot be opened or read is one red line."""
    from sqlalchemy.exc import SQLAlchemyError

    from muster.store import ensure_schema, make_engine

    try:
        engine = make_engine(database_url(db))
        try:
            ensure_schema(engine)
            return read(engine)
        finally:
            engine.dispose()
    except SQLAlchemyError as error:
        fail(f"database error: {str(error).splitlines()[0]}")


def _operation(operation_id: str) -> Operation:
    found = get_operation(operation_id)
    if found is None:
        fail(f"unknown operation '{operation_id}' (see 'muster ops list')")
    return found


def _contributor(value: str | None) -> str | None:
    """An ISO3 code (any case) or TOTAL for the operation-level line."""
    if value is None:
        return None
    from muster.extract.gazetteer import is_country_code

    code = value.strip().upper()
    if code != "TOTAL" and not is_country_code(code):
        fail(f"--contributor: '{value}' is not an ISO 3166-1 alpha-3 code or TOTAL", EXIT_USAGE)
    return code


def figure(personnel: int | None, qualifier: Qualifier | None) -> str:
    """A number as people read it: thousands separated, ≈/≥/≤ for approximate figures."""
    if personnel is None:
        return "—"
    return f"{_QUALIFIER_SIGNS.get(qualifier, '')}{personnel:,}"


def entry_kind(entry: TimelineEntry) -> str:
    if entry.entry_kind == "level":
        return _LEVEL_KINDS.get(entry.kind, entry.kind)
    if entry.entry_kind == "change":
        return entry.kind
    return f"event ({entry.kind}{', ' + entry.change if entry.change else ''})"


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def source_text(sources: Sequence[Source], width: int = 70) -> str:
    """The first source in a line: official URL, or article id and a quote of its evidence."""
    if not sources:
        return ""
    first = sources[0]
    if first.kind == "official":
        text = first.url or "official figures"
    else:
        text = first.article or first.url or "news"
        if first.evidence:
            text += f" “{shorten(first.evidence, width)}”"
    if len(sources) > 1:
        text += f" (+{len(sources) - 1} more)"
    return text


def _date_text(text: str, dated_by: str) -> str:
    return f"{text} (pub.)" if dated_by == "published" else text


def _delta(value: int | None) -> str:
    return "" if value is None else f"{value:+,}".replace("-", "−")


def timeline_table(entries: Sequence[TimelineEntry], title: str, *, nation: bool) -> Table:
    table = Table(title=title, header_style="bold")
    columns = ["date", "nation", "kind", "figure", "move", "estimate", "source", "⚑"]
    if not nation:
        columns.remove("nation")
    for name in columns:
        right = name in ("figure", "move", "estimate")
        table.add_column(name, justify="right" if right else "left", overflow="fold")
    for entry in entries:
        source = escape(source_text(entry.sources))
        if entry.note:
            source += f"\n[dim]{escape(entry.note)}[/dim]"
        estimate = figure(entry.estimate, entry.estimate_qualifier)
        if entry.basis and entry.estimate is not None:
            estimate += f"\n[dim]{escape(entry.basis)}[/dim]"
        cells = [
            _date_text(entry.date_text, entry.dated_by),
            entry.contributor or "TOTAL",
            entry_kind(entry),
            figure(entry.personnel, entry.qualifier),
            _delta(entry.delta),
            estimate,
            source,
            "⚑" if entry.flagged else "",
        ]
        if not nation:
            del cells[1]
        table.add_row(*cells)
    return table


def _csv_row(entry: TimelineEntry) -> list[object]:
    first = entry.sources[0] if entry.sources else None
    where = (first.url if first.kind == "official" else first.article or first.url) if first else ""
    return [
        entry.when.isoformat(),
        entry.date_text,
        entry.dated_by,
        entry.contributor or "TOTAL",
        entry.entry_kind,
        entry.kind,
        entry.change or "",
        _blank(entry.personnel),
        entry.qualifier or "",
        _blank(entry.delta),
        _blank(entry.estimate),
        entry.estimate_qualifier or "",
        entry.basis or "",
        int(entry.flagged),
        entry.note,
        ";".join(str(r) for r in entry.record_ids),
        where or "",
        first.evidence if first else "",
    ]


def _blank(value: int | None) -> object:
    return "" if value is None else value


def timeline_command(
    operation: OperationArg,
    contributor: Annotated[
        str | None,
        typer.Option(
            "--contributor",
            "-c",
            help="Only this nation (ISO3), or TOTAL for the operation line.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[TimelineFormat, typer.Option("--format", "-f")] = TimelineFormat.table,
    db: DbOption = None,
) -> None:
    """Every level and change of an operation, oldest first, with the estimate each leaves.

    Each line gives its source: an official figure's URL, or the article id and its evidence.

    Example: [bold]muster timeline KFOR --contributor HUN[/bold]
    """
    from muster.queries import operation_timeline

    op = _operation(operation)
    code = _contributor(contributor)
    entries = _query(db, lambda engine: operation_timeline(engine, op.id, code))
    if format is TimelineFormat.json:
        data = TypeAdapter(list[TimelineEntry]).dump_json(entries, indent=2)
        sys.stdout.write(data.decode() + "\n")
        return
    if format is TimelineFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(_CSV_FIELDS)
        writer.writerows(_csv_row(entry) for entry in entries)
        return
    who = f" of {code}" if code else ""
    if not entries:
        out.print(f"No dated levels or changes{who} in {op.id}.")
        return
    title = f"{op.id} · {op.name} — timeline{who}"
    out.print(timeline_table(entries, title, nation=code is None))
    out.print(
        f"{len(entries):,} entries. (pub.): dated by the article's publication date; "
        "⚑: in conflict with another figure (see 'muster conflicts')."
    )


def _side(level: Level) -> str:
    basis = "official" if level.basis_kind != "presence" else "news"
    return (
        f"{_date_text(level.date_text, level.dated_by)}: "
        f"[bold]{figure(level.personnel, level.qualifier)}[/bold] ({basis})\n"
        f"{escape(source_text([level.source], width=60))}"
    )


def conflicts_table(found: Sequence[Conflict], title: str) -> Table:
    table = Table(title=title, header_style="bold", show_lines=True)
    for name in ("nation", "earlier figure", "later figure", "days", "expected", "difference"):
        right = name in ("days", "expected", "difference")
        table.add_column(name, justify="right" if right else "left", overflow="fold")
    for item in found:
        expected = f"{item.expected:,}"
        if item.net_change_between:
            expected += f"\n[dim]{_delta(item.net_change_between)} between[/dim]"
        table.add_row(
            item.contributor or "TOTAL",
            _side(item.first),
            _side(item.second),
            str(item.days_apart),
            expected,
            _delta(item.difference),
        )
    return table


def conflicts_command(
    operation: OperationArg,
    window_days: Annotated[
        int,
        typer.Option(
            "--window-days", min=0, help="Figures further apart than this never conflict."
        ),
    ] = DEFAULT_OPTIONS.conflict_window_days,
    ratio: Annotated[
        float,
        typer.Option(
            "--ratio", min=0.0, help="Tolerated difference as a share of the smaller figure."
        ),
    ] = DEFAULT_OPTIONS.conflict_ratio,
    min_diff: Annotated[
        int,
        typer.Option(
            "--min-diff", min=0, help="Differences of at most this many personnel never conflict."
        ),
    ] = DEFAULT_OPTIONS.conflict_min_diff,
    format: Annotated[ConflictsFormat, typer.Option("--format", "-f")] = ConflictsFormat.table,
    db: DbOption = None,
) -> None:
    """Figures for the same nation, close in time, that disagree: both shown with their sources.

    Example: [bold]muster conflicts KFOR --window-days 60 --ratio 0.25[/bold]
    """
    from muster.queries import operation_conflicts

    op = _operation(operation)
    options = replace(
        DEFAULT_OPTIONS,
        conflict_window_days=window_days,
        conflict_ratio=ratio,
        conflict_min_diff=min_diff,
    )
    found = _query(db, lambda engine: operation_conflicts(engine, op.id, options))
    if format is ConflictsFormat.json:
        sys.stdout.write(TypeAdapter(list[Conflict]).dump_json(found, indent=2).decode() + "\n")
        return
    tolerances = (
        f"within {window_days} days, differing by more than {ratio:.0%} and more than {min_diff:,}"
    )
    if not found:
        out.print(f"No conflicting figures in {op.id} ({tolerances}).")
        return
    out.print(conflicts_table(found, f"{op.id} · {op.name} — conflicting figures"))
    out.print(
        f"{len(found):,} conflicts ({tolerances}). Expected: the earlier figure moved by "
        "the changes reported between the two."
    )


def plot_command(
    operation: OperationArg,
    out_path: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Image file to write (.png, .svg or .pdf).", show_default=False
        ),
    ],
    since: Annotated[str | None, typer.Option("--since", help="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY[-MM[-DD]]")] = None,
    top: Annotated[
        int,
        typer.Option("--top", min=1, help="Draw this many nations, the largest on the last date."),
    ] = 10,
    others: Annotated[
        bool, typer.Option("--others", help="Add one line summing the nations left out.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Chart each nation's estimated strength over time; official and news points told apart.

    Example: [bold]muster plot KFOR --out kfor.png --since 2017 --top 8[/bold]
    """
    from muster.plot import plot_operation
    from muster.queries import operation_timeline

    op = _operation(operation)
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start and end and start > end:
        fail("--since is after --until", EXIT_USAGE)
    if out_path.suffix.lower() not in PLOT_SUFFIXES:
        fail(f"--out: '{out_path}' should end in {', '.join(PLOT_SUFFIXES)}", EXIT_USAGE)
    if not out_path.parent.is_dir():
        fail(f"--out: no such folder '{out_path.parent}'")
    entries = _query(db, lambda engine: operation_timeline(engine, op.id))
    try:
        result = plot_operation(
            entries, op, out_path, since=start, until=end, top=top, others=others
        )
    except ValueError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {out_path}: {error.strerror or error}")
    chart = result.chart
    out.print(
        f"{result.path}: {len(chart.series)} lines, "
        f"{chart.since.isoformat()} to {chart.until.isoformat()}",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.command("timeline")(timeline_command)
    app.command("conflicts")(conflicts_command)
    app.command("plot")(plot_command)
