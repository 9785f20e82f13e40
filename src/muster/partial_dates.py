"""Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) as real dates: one reading for every floor.

Sources state dates at the precision they have; the store orders by them, the ledger places
them on a timeline and the CLI takes them as options. A partial date stands for the first day
of its period (and, as the upper bound of a query, for its last day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    match = _PARTIAL.fullmatch(value.strip()) if value else None
    if match is None:
        return None
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def period_start(value: str | None) -> dt.date | None:
    """First day of the period a partial date names; None when it is missing or malformed."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    try:
        return dt.date(year, month or 1, day or 1)
    except ValueError:
        return None


def period_end(value: str | None) -> dt.date | None:
    """Last day of the period a partial date names, so `until="2023"` keeps all of 2023."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day)
        if month is not None:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 12, 31)
    except ValueError:
        return None
