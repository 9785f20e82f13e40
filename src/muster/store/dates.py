"""Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) as real dates, so the database can order by them.

Records and official figures state dates at the precision their source gives; the ledger still
needs one timeline, so a partial date stands for the first day of its period (and, for an upper
bound of a query, the last day).
"""

from __future__ import annotations

import datetime as dt

from muster.partial_dates import period_end, period_start

__all__ = ["as_end", "as_start", "period_end", "period_start"]


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
