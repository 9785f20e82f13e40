"""Partial dates ("2023", "2017-02") as points on a timeline.

Sources often give only a month or a year. Ordering such a date as the first day of its
period keeps every figure comparable with day-precise ones without inventing precision:
the original text is always kept next to the date so a reader sees what was stated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from muster.ledger.schema import DatedBy, LedgerRecord
from muster.partial_dates import period_start


@lru_cache(maxsize=1 << 16)
def parse_partial_date(text: str | None) -> dt.date | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first day of its period; None if not a date.

    Kept for the strings seen lately: a large history reads the same few thousand days over
    and over, and a look-up costs a fraction of the parse.
    """
    return period_start(text)


@dataclass(frozen=True, slots=True)
class Dated:
    """A record placed in time, remembering whether its own date or its publication placed it."""

    record: LedgerRecord
    when: dt.date
    dated_by: DatedBy

    @property
    def date_text(self) -> str:
        if self.dated_by == "date" and self.record.date:
            return self.record.date
        return self.when.isoformat()


def date_record(record: LedgerRecord) -> Dated | None:
    """A record's own date, else its article's publication date; None when it has neither.

    An unreadable `date` is treated as absent, so the publication date still places the record.
    """
    when = parse_partial_date(record.date)
    if when is not None:
        return Dated(record, when, "date")
    if record.published is not None:
        return Dated(record, record.published, "published")
    return None
