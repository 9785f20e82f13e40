"""The operations catalogue shipped as package data (from shared/data/operations.csv)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from muster.models import Operation


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


@cache
def operations() -> dict[str, Operation]:
    """All operations by id, in catalogue order."""
    text = resources.files("muster.data").joinpath("operations.csv").read_text(encoding="utf-8")
    result: dict[str, Operation] = {}
    for row in csv.DictReader(text.splitlines()):
        result[row["id"]] = Operation(
            id=row["id"],
            name=row["name"],
            aliases=_split(row["aliases"]),
            lead_org=row["lead_org"],
            hosts=_split(row["host"]),
            started=row["started"] or None,
            ended=row["ended"] or None,
            mandate=row["mandate"],
            hq_place=row["hq_place"],
            hq_lat=_float(row["hq_lat"]),
            hq_lon=_float(row["hq_lon"]),
            source=row["source"],
        )
    return result


def get_operation(operation_id: str) -> Operation | None:
    """Look up by id, case-insensitively ("kfor" finds KFOR)."""
    ops = operations()
    if operation_id in ops:
        return ops[operation_id]
    wanted = operation_id.upper()
    return next((op for key, op in ops.items() if key.upper() == wanted), None)
