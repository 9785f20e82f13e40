"""The ledger's input record, its options and the typed results it returns.

Results are pydantic models because the same objects are served as JSON by the API and
rendered by the pages; every figure carries the sources it rests on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from muster.models import Article, Change, Kind, OfficialFigure, Qualifier, Record

DatedBy = Literal["date", "published", "as_of"]
"""Where a point in time comes from: the record's own date, its article's publication date,
or an official figure's `as_of`."""

BasisKind = Literal["official", "presence", "change", "absent"]
"""What an estimate rests on: an official level, a news `presence` level, a level moved by news
changes (or changes alone), or a nation missing from a complete official snapshot."""

Direction = Literal["increase", "decrease", "unknown", "none"]
"""How an event may move a level. `unknown` is a deploy that states no change: it counts only
when no contingent is known yet (see `muster.ledger`)."""

RecordId = str | int


@dataclass(frozen=True, slots=True)
class LedgerOptions:
    """Tolerances of the ledger, gathered in one place so every surface agrees on them.

    `complete_snapshots`: when an official snapshot's national rows add up exactly to its
    `TOTAL`, nations it leaves out are taken to have left (their estimate drops to 0).
    """

    event_window_days: int = 30
    event_tolerance: float = 0.10
    conflict_window_days: int = 31
    conflict_ratio: float = 0.15
    conflict_min_diff: int = 20
    complete_snapshots: bool = True

    def __post_init__(self) -> None:
        values = (
            self.event_window_days,
            self.event_tolerance,
            self.conflict_window_days,
            self.conflict_ratio,
            self.conflict_min_diff,
        )
        if any(value < 0 for value in values):
            raise ValueError("ledger tolerances must not be negative")


DEFAULT_OPTIONS = LedgerOptions()


class LedgerRecord(Record):
    """A stored record with what the ledger needs to date and cite it.

    `id` is the store's stable key; `published`, `source_title` and `source_url` come from the
    record's article, because a record without a date of its own is dated by its publication.
    """

    id: RecordId
    published: dt.date | None = None
    source_title: str | None = None
    source_url: str | None = None

    @classmethod
    def from_record(
        cls, record: Record, *, record_id: RecordId, article: Article | None = None
    ) -> LedgerRecord:
        """Attach an id and the article's publication date, title and url to a record."""
        return cls(
            **record.model_dump(),
            id=record_id,
            published=article.published if article else None,
            source_title=(article.title or None) if article else None,
            source_url=article.url if article else None,
        )


class Source(BaseModel):
    """One piece of evidence behind a figure: a news record or a row of official figures."""

    kind: Literal["official", "news"]
    record_id: RecordId | None = None
    article: str | None = None
    title: str | None = None
    url: str | None = None
    evidence: str = ""
    date_text: str | None = Field(default=None, description="the date as the source gives it")
    published: dt.date | None = None
    personnel: int | None = None
    qualifier: Qualifier | None = None

    @classmethod
    def from_record(cls, record: LedgerRecord) -> Source:
        return cls(
            kind="news",
            record_id=record.id,
            article=record.article,
            title=record.source_title,
            url=record.source_url,
            evidence=record.evidence,
            date_text=record.date,
            published=record.published,
            personnel=record.personnel,
            qualifier=record.qualifier,
        )

    @classmethod
    def from_figure(cls, figure: OfficialFigure) -> Source:
        return cls(
            kind="official",
            url=figure.source or None,
            date_text=figure.as_of,
            personnel=figure.personnel,
            qualifier="exact",
        )


class Level(BaseModel):
    """A stated size of a contribution (or of the whole operation when `contributor` is None)."""

    ref: str = Field(description="stable identity of this level, used to match conflicts")
    contributor: str | None
    personnel: int
    qualifier: Qualifier | None
    when: dt.date
    date_text: str
    dated_by: DatedBy
    basis_kind: Literal["official", "presence", "absent"]
    source: Source


class Event(BaseModel):
    """One deploy or withdrawal, however many articles reported it."""

    operation: str
    contributor: str | None
    kind: Literal["deploy", "withdraw"]
    change: Change | None
    direction: Direction
    personnel: int | None
    qualifier: Qualifier | None
    when: dt.date
    date_text: str
    dated_by: DatedBy
    record_ids: list[RecordId]
    sources: list[Source]


class TimelineEntry(BaseModel):
    """One step of a contribution's history and the estimate it leaves behind."""

    when: dt.date
    date_text: str
    dated_by: DatedBy
    contributor: str | None
    entry_kind: Literal["level", "change", "event"]
    kind: Literal["official", "absent"] | Kind
    change: Change | None = None
    personnel: int | None = None
    qualifier: Qualifier | None = None
    delta: int | None = Field(default=None, description="how much this step moved the estimate")
    estimate: int | None = None
    estimate_qualifier: Qualifier | None = None
    basis: str | None = None
    note: str = ""
    record_ids: list[RecordId] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    flagged: bool = False


class Conflict(BaseModel):
    """Two levels close in time that disagree beyond the tolerances, shown side by side.

    `expected` is the earlier level moved by the news changes between the two; `difference`
    is the later level minus `expected`.
    """

    operation: str
    contributor: str | None
    first: Level
    second: Level
    days_apart: int
    net_change_between: int
    expected: int
    difference: int


class LedgerRow(BaseModel):
    """A nation's (or the operation's) best estimate on a date and what it rests on."""

    contributor: str | None
    personnel: int
    qualifier: Qualifier | None
    basis: str = Field(description='short label: "official", "news (presence)", "news (+120)"')
    basis_kind: BasisKind
    as_of: dt.date
    as_of_text: str
    dated_by: DatedBy
    level: Level | None = Field(description="the level the estimate starts from, if any")
    net_change: int = 0
    sources: list[Source]
    flagged: bool = False


class Ledger(BaseModel):
    """Every contributing nation's estimate for one operation on one date.

    `total_sum` adds up `rows`; `operation_level` is the latest figure for the operation as a
    whole, so the two can be read side by side (`difference` = operation level - sum).
    `ended` holds nations whose estimate has dropped to 0.
    """

    operation: str
    at: dt.date
    rows: list[LedgerRow]
    ended: list[LedgerRow] = Field(default_factory=list)
    total_sum: int
    nations: int
    operation_level: LedgerRow | None = None
    difference: int | None = None
    conflicts: list[Conflict] = Field(default_factory=list)
    undated: list[LedgerRecord] = Field(default_factory=list)
