"""Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) as real dates, so the database can order by them.

Records and official figures state dates at the precision their source gives; the ledger still
needs one timeline, so a partial date stands for the first day of its period (and, for an upper
bound of a query, the last day).
"""

from __future__ import annotations

import calendar
import datetime as dt


def _parts(value: str) -> tuple[int, int | None, int | None] | None:
    pieces = value.strip().split("-")
    if not 1 <= len(pieces) <= 3 or not all(p.isdigit() for p in pieces):
        return None
    year = int(pieces[0])
    month = int(pieces[1]) if len(pieces) > 1 else None
    day = int(pieces[2]) if len(pieces) > 2 else None
    return year, month, day


def period_start(value: str | None) -> dt.date | None:
    """First day of the period a partial date names; None when it is missing or malformed."""
    parts = _parts(value) if value else None
    if parts is None:
        return None
    year, month, day = parts
    try:
        return dt.date(year, month or 1, day or 1)
    except ValueError:
        return None


def period_end(value: str | None) -> dt.date | None:
    """Last day of the period a partial date names, so `until="2023"` keeps all of 2023."""
    parts = _parts(value) if value else None
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


def as_start(value: dt.date | str | None) -> dt.date | None:
    """A query's lower bound: a date as given, a partial date as the start of its period."""
    if value is None or isinstance(value, dt.date):
        return value
    bound = period_start(value)
    if bound is None:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return bound


def as_end(value: dt.date | str | None) -> dt.date | None:
    """A query's upper bound: a date as given, a partial date as the end of its period."""
    if value is None or isinstance(value, dt.date):
        return value
    bound = period_end(value)
    if bound is None:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return bound
