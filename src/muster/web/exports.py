"""Downloads: records and ledgers as CSV (spreadsheets), JSONL (programs), GeoJSON (GIS).

GeoJSON needs a point per row. Records have no place of their own, so a record is placed at its
operation's headquarters, else at its host country (the centroid of its shape on the shipped
map); `located_by` says which, and a record with neither has a null geometry. A ledger row is
placed at the operation's headquarters, with the contributor's own point as properties.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from enum import Enum
from typing import Any

from fastapi import Response

from muster.catalogue import get_operation
from muster.ledger import Ledger, LedgerRow
from muster.store import StoredRecord
from muster.web import worldmap
from muster.web.format import nation

RECORD_FIELDS = (
    "id", "article", "kind", "contributor", "operation", "host", "personnel", "qualifier",
    "date", "sort_date", "change", "evidence", "evidence_start", "evidence_end", "extractor",
    "published", "title", "url",
)  # fmt: skip
LEDGER_FIELDS = (
    "operation", "at", "contributor", "nation", "personnel", "qualifier", "basis", "basis_kind",
    "as_of", "net_change", "flagged", "source_kind", "source", "article", "evidence",
)  # fmt: skip


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


MEDIA_TYPES = {
    Format.csv: "text/csv; charset=utf-8",
    Format.jsonl: "application/x-ndjson",
    Format.geojson: "application/geo+json",
}


def _csv(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def _jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _point(lon: float | None, lat: float | None) -> dict[str, Any] | None:
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}


def _collection(features: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def record_location(record: StoredRecord) -> tuple[dict[str, Any] | None, str | None]:
    op = get_operation(record.operation) if record.operation else None
    if op is not None and op.hq_lat is not None and op.hq_lon is not None:
        return _point(op.hq_lon, op.hq_lat), "hq"
    anchor = worldmap.anchor(record.host)
    if anchor is not None:
        return _point(*anchor), "host"
    return None, None


def records_body(records: list[StoredRecord], fmt: Format) -> str:
    rows = [{k: r.model_dump(mode="json").get(k) for k in RECORD_FIELDS} for r in records]
    if fmt is Format.csv:
        return _csv(rows, RECORD_FIELDS)
    if fmt is Format.jsonl:
        return _jsonl(rows)
    features = []
    for record, row in zip(records, rows, strict=True):
        geometry, located_by = record_location(record)
        properties = {**row, "located_by": located_by}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return _collection(features)


def _ledger_row(book: Ledger, row: LedgerRow) -> dict[str, Any]:
    source = row.sources[0] if row.sources else None
    return {
        "operation": book.operation,
        "at": book.at.isoformat(),
        "contributor": row.contributor,
        "nation": nation(row.contributor) if row.contributor else None,
        "personnel": row.personnel,
        "qualifier": row.qualifier,
        "basis": row.basis,
        "basis_kind": row.basis_kind,
        "as_of": row.as_of_text,
        "net_change": row.net_change,
        "flagged": row.flagged,
        "source_kind": source.kind if source else None,
        "source": (source.url or source.title) if source else None,
        "article": source.article if source else None,
        "evidence": source.evidence if source else None,
    }


def ledger_body(book: Ledger, fmt: Format) -> str:
    if fmt is Format.csv:
        return _csv((_ledger_row(book, r) for r in book.rows), LEDGER_FIELDS)
    if fmt is Format.jsonl:
        return "".join(r.model_dump_json() + "\n" for r in book.rows)
    op = get_operation(book.operation)
    hq = _point(op.hq_lon, op.hq_lat) if op is not None else None
    features = []
    for row in book.rows:
        properties = _ledger_row(book, row)
        anchor = worldmap.anchor(row.contributor)
        properties["contributor_lon"], properties["contributor_lat"] = anchor or (None, None)
        features.append({"type": "Feature", "geometry": hq, "properties": properties})
    return _collection(features)


def download(body: str, fmt: Format, stem: str) -> Response:
    disposition = f'attachment; filename="{stem}.{fmt.value}"'
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})
