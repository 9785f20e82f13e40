"""What the store hands back: the shared pydantic models plus what only the database knows.

Callers never see ORM rows; a stored record is a `Record` (so anything that takes records takes
it) that also carries its row id, the article's publication date and title, and the date the
ledger orders by.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from muster.models import Fact, OfficialFigure, Record

Outcome = Literal["new", "unchanged", "replaced"]


class StoredRecord(Record):
    id: int
    sort_date: dt.date | None = Field(
        default=None, description="the record's date, else the article's; partial dates as day 1"
    )
    published: dt.date | None = None
    title: str = Field(default="", description="the article's title")
    url: str | None = Field(default=None, description="the article's URL")


class StoredFact(Fact):
    id: int
    published: dt.date | None = None


class StoredFigure(OfficialFigure):
    id: int
    as_of_date: dt.date = Field(description="`as_of` as a date, partial dates as day 1")


class ArticleSummary(BaseModel):
    """An article without its text, for lists."""

    id: str
    title: str
    url: str | None = None
    published: dt.date | None = None
    lang: str | None = None
    source: str | None = None
    hash: str
    ingested_at: dt.datetime
    records: int = 0
    facts: int = 0


class IngestCounts(BaseModel):
    """Running totals of an ingest; `new + unchanged + replaced` articles were handled."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0

    @property
    def total(self) -> int:
        return self.new + self.unchanged + self.replaced

    def add(self, outcome: Outcome) -> None:
        if outcome == "new":
            self.new += 1
        elif outcome == "unchanged":
            self.unchanged += 1
        else:
            self.replaced += 1


class OperationCounts(BaseModel):
    articles: int = 0
    records: int = 0
    facts: int = 0


class StoreCounts(BaseModel):
    """Sizes of the store, and per operation (records by `operation`, facts by `subject`)."""

    articles: int = 0
    records: int = 0
    facts: int = 0
    figures: int = 0
    operations: int = 0
    by_operation: dict[str, OperationCounts] = Field(default_factory=dict)
