"""Renderers for records: JSONL for programs, CSV for spreadsheets, a table for people."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from rich.table import Table

from muster.models import Record

SPEC_FIELDS = (
    "article",
    "kind",
    "contributor",
    "operation",
    "host",
    "personnel",
    "qualifier",
    "date",
    "evidence",
    "change",
    "evidence_start",
    "evidence_end",
    "extractor",
)


def record_dict(record: Record) -> dict[str, object]:
    data = record.model_dump(mode="json")
    ordered = {k: data.get(k) for k in SPEC_FIELDS}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return ordered


def to_jsonl(records: Iterable[Record]) -> Iterable[str]:
    for r in records:
        yield json.dumps(record_dict(r), ensure_ascii=False)


def to_csv(records: Sequence[Record]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SPEC_FIELDS), extrasaction="ignore")
    writer.writeheader()
    for r in records:
        writer.writerow(record_dict(r))
    return buffer.getvalue()


def to_table(records: Sequence[Record], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for name, justify in (
        ("article", "left"),
        ("kind", "left"),
        ("contributor", "left"),
        ("operation", "left"),
        ("host", "left"),
        ("personnel", "right"),
        ("qualifier", "left"),
        ("date", "left"),
        ("evidence", "left"),
    ):
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            overflow="fold",
            max_width=60 if name == "evidence" else None,
        )
    for r in records:
        evidence = r.evidence if len(r.evidence) <= 120 else r.evidence[:117] + "…"
        table.add_row(
            r.article,
            r.kind,
            r.contributor or "—",
            r.operation or "—",
            r.host or "—",
            f"{r.personnel:,}" if r.personnel is not None else "—",
            r.qualifier or "—",
            r.date or "—",
            evidence,
        )
    return table
