"""Typed records shared by every stage; no I/O here so that every floor can import it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["deploy", "withdraw", "presence"]
Qualifier = Literal["exact", "approx", "min", "max"]
Change = Literal["increase", "decrease", "rotation"]


class Article(BaseModel):
    """One news item or release as read from a file, a feed or stdin.

    `text` is the title, a blank line, then the body: the title is extracted from like any
    sentence, and every evidence span points into this one string.
    """

    id: str
    title: str = ""
    text: str
    published: dt.date | None = None
    url: str | None = None
    lang: str | None = None
    source: str | None = Field(default=None, description="file the article was read from")
    hash: str = Field(description="sha256 of the content that extraction depends on")


class Record(BaseModel):
    """One deployment fact, in the format of shared/spec/deployment-record.md plus provenance."""

    article: str
    kind: Kind
    contributor: str | None = None
    operation: str | None = None
    host: str | None = None
    personnel: int | None = None
    qualifier: Qualifier | None = None
    date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    evidence: str = ""
    change: Change | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    extractor: str = ""


class Fact(BaseModel):
    """Something an article states about an operation other than a headcount.

    `type` is one of: established, mandate, objective, task, official, engagement, ceremony.
    `subject` is usually an operation id; `value` is the normalised object of the fact and
    `attrs` carries the structured parts (person, title, organisation, place, ordinal, ...).
    """

    article: str
    type: str
    subject: str | None = None
    value: str
    attrs: dict[str, str | int | float | None] = Field(default_factory=dict)
    evidence: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None
    extractor: str = ""


class Place(BaseModel):
    """A geocoded place name; `how` says which table resolved it (city, site, country)."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    how: str = "unresolved"


class Operation(BaseModel):
    """One row of the operations catalogue (shared/data/operations.csv)."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    lead_org: str = ""
    hosts: list[str] = Field(default_factory=list)
    started: str | None = None
    ended: str | None = None
    mandate: str = ""
    hq_place: str = ""
    hq_lat: float | None = None
    hq_lon: float | None = None
    source: str = ""

    @property
    def single_host(self) -> str | None:
        return self.hosts[0] if len(self.hosts) == 1 else None


class OfficialFigure(BaseModel):
    """One row of an official snapshot: a nation's (or `TOTAL`) strength in an operation."""

    as_of: str = Field(description="YYYY-MM-DD, YYYY-MM or YYYY")
    operation: str
    contributor: str = Field(description="ISO 3166-1 alpha-3, or TOTAL for the whole operation")
    personnel: int
    personnel_type: str = "total"
    source: str = ""
