"""The tables, declared once; Alembic migrations create them and a test keeps the two in step.

Constraint names follow a naming convention so that migrations can refer to them by name on
every backend. Operation and contributor columns carry no foreign keys: news and official
figures name operations (and UN missions) that the catalogue may not list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
JsonType = JSON().with_variant(JSONB(), "postgresql")

CODE = 16  # ISO 3166-1 alpha-3 codes, kinds, qualifiers: short codes with some headroom
OP_ID = 64


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    """One article as ingested; `hash` decides whether a re-ingest changes anything."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    hash: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    lang: Mapped[str | None] = mapped_column(String(CODE))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecordRow(Base):
    """A deployment record; `sort_date` is the date the ledger orders and filters by."""

    __tablename__ = "records"
    __table_args__ = (
        Index(None, "operation", "contributor"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(CODE), index=True)
    contributor: Mapped[str | None] = mapped_column(String(CODE))
    operation: Mapped[str | None] = mapped_column(String(OP_ID))
    host: Mapped[str | None] = mapped_column(String(CODE))
    personnel: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(CODE))
    date: Mapped[str | None] = mapped_column(String(CODE))
    sort_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str | None] = mapped_column(String(CODE))
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(Text, default="")


# The one order of record lists: dated records by date, undated ones last, then article and row.
# "sort_date IS NULL" is spelled out rather than NULLS LAST because both SQLite and PostgreSQL
# can walk an index on this expression in order, while SQLite sorts for NULLS LAST whatever the
# indexes. Reads order by exactly these terms, so the indexes below serve them.
RECORD_ORDER = (
    RecordRow.sort_date.is_(None),
    RecordRow.sort_date,
    RecordRow.article_id,
    RecordRow.id,
)
# Pages of an operation's or a contributor's records, or of all of them, are read off these
# in order instead of sorting every match. (Expression indexes need names of their own.)
Index("ix_records_operation_order", RecordRow.operation, *RECORD_ORDER)
Index("ix_records_contributor_order", RecordRow.contributor, *RECORD_ORDER)
Index("ix_records_order", *RECORD_ORDER)


class FactRow(Base):
    """A non-headcount statement about an operation (mandate, official, engagement, ...)."""

    __tablename__ = "facts"
    __table_args__ = (
        Index(None, "subject", "type"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(OP_ID))
    subject: Mapped[str | None] = mapped_column(String(OP_ID))
    value: Mapped[str] = mapped_column(Text)
    attrs: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(Text, default="")


class OperationRow(Base):
    """A copy of the packaged catalogue, so queries can join on operation names and hosts."""

    __tablename__ = "operations"

    id: Mapped[str] = mapped_column(String(OP_ID), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JsonType, default=list)
    lead_org: Mapped[str] = mapped_column(Text, default="")
    hosts: Mapped[list[str]] = mapped_column(JsonType, default=list)
    started: Mapped[str | None] = mapped_column(String(CODE))
    ended: Mapped[str | None] = mapped_column(String(CODE))
    mandate: Mapped[str] = mapped_column(Text, default="")
    hq_place: Mapped[str] = mapped_column(Text, default="")
    hq_lat: Mapped[float | None] = mapped_column(Float)
    hq_lon: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")


class FigureRow(Base):
    """One row of an official snapshot; the unique key makes re-imports no-ops."""

    __tablename__ = "figures"
    __table_args__ = (
        UniqueConstraint(
            "as_of", "operation", "contributor", "personnel_type", "source", name="uq_figures_row"
        ),
        Index(None, "operation", "contributor"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[str] = mapped_column(String(CODE))
    as_of_date: Mapped[dt.date] = mapped_column(Date, index=True)
    operation: Mapped[str] = mapped_column(String(OP_ID))
    contributor: Mapped[str] = mapped_column(String(CODE))
    personnel: Mapped[int] = mapped_column(Integer)
    personnel_type: Mapped[str] = mapped_column(String(CODE), default="total")
    source: Mapped[str] = mapped_column(Text, default="")
