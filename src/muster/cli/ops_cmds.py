"""`muster ops list` and `muster ops show`: the operations catalogue and what is stored about it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from muster.catalogue import get_operation, operations
from muster.cli.common import DbOption, fail, open_store, out
from muster.store import StoredFact

ops_app = typer.Typer(help="The operations catalogue.", no_args_is_help=True)


@ops_app.command("list")
def list_operations(
    lead: Annotated[
        str | None, typer.Option("--lead", help="Only this lead organisation (NATO, UN, EU…).")
    ] = None,
) -> None:
    """List the operations Muster knows.

    Example: [bold]muster ops list --lead NATO[/bold]
    """
    table = Table(header_style="bold")
    for name in ("id", "name", "lead", "host", "started", "ended"):
        table.add_column(name)
    for op in operations().values():
        if lead and op.lead_org.lower() != lead.lower():
            continue
        table.add_row(
            op.id,
            op.name,
            op.lead_org,
            ";".join(op.hosts) or "—",
            op.started or "—",
            op.ended or "—",
        )
    out.print(table)


@ops_app.command("show")
def show_operation(
    operation: Annotated[str, typer.Argument(help="Operation id, e.g. KFOR.")],
    db: DbOption = None,
) -> None:
    """Show an operation's catalogue entry and the facts and records stored about it.

    Example: [bold]muster ops show KFOR[/bold]
    """
    from muster.queries import operation_overview

    op = get_operation(operation)
    if op is None:
        fail(f"unknown operation '{operation}' (see 'muster ops list')")
    engine = open_store(db)
    overview = operation_overview(engine, op.id)
    assert overview is not None
    out.print(f"[bold]{op.id} · {op.name}[/bold]", markup=True)
    ended = f" · ended {op.ended}" if op.ended else ""
    out.print(
        f"Lead: {op.lead_org} · host: {';'.join(op.hosts) or '—'} · since {op.started or '?'}"
        + ended
    )
    out.print(f"Mandate: {op.mandate or '—'}")
    out.print(f"HQ: {op.hq_place or '—'}" + (f" ({op.hq_lat}, {op.hq_lon})" if op.hq_lat else ""))
    out.print(f"Source: {op.source}")
    out.print(
        f"Stored: {overview.articles} articles, {overview.records} records, "
        f"{len(overview.facts)} facts"
    )
    by_type: dict[str, list[StoredFact]] = {}
    for fact in overview.facts:
        by_type.setdefault(fact.type, []).append(fact)
    for fact_type, facts in by_type.items():
        out.print(f"\n[bold]{fact_type}[/bold]", markup=True)
        for fact in facts:
            attrs = ", ".join(f"{k}: {v}" for k, v in fact.attrs.items() if v not in (None, ""))
            out.print(escape(f"  • {fact.value}" + (f" ({attrs})" if attrs else "")))
            out.print(f"    [dim]“{escape(fact.evidence)}” — {fact.article}[/dim]", markup=True)
    for heading, records in (
        ("latest records", overview.latest_records),
        ("undated records", overview.undated_records),
    ):
        if not records:
            continue
        out.print(f"\n[bold]{heading}[/bold]", markup=True)
        for r in records:
            figure = f"{r.personnel:,}" if r.personnel is not None else "—"
            when = r.date or (r.sort_date.isoformat() if r.sort_date else "undated")
            out.print(
                f"  • {when} {r.kind} {r.contributor or 'operation'} {figure}"
                f" ({r.qualifier or 'no figure'})"
            )
            out.print(f"    [dim]“{escape(r.evidence)}” — {r.article}[/dim]", markup=True)
