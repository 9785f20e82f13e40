"""Initial schema: articles with their records and facts, the operations catalogue, and
official figures.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

CODE = sa.String(16)
OP_ID = sa.String(64)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _evidence_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("extractor", sa.Text(), nullable=False),
    ]


def _article_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["article_id"],
        ["articles.id"],
        name=f"fk_{table}_article_id_articles",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("lang", CODE, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])

    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("contributor", CODE, nullable=True),
        sa.Column("operation", OP_ID, nullable=True),
        sa.Column("host", CODE, nullable=True),
        sa.Column("personnel", sa.Integer(), nullable=True),
        sa.Column("qualifier", CODE, nullable=True),
        sa.Column("date", CODE, nullable=True),
        sa.Column("sort_date", sa.Date(), nullable=True),
        sa.Column("change", CODE, nullable=True),
        *_evidence_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_records"),
        _article_fk("records"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_records_article_id", "records", ["article_id"])
    op.create_index("ix_records_operation_contributor", "records", ["operation", "contributor"])
    op.create_index("ix_records_kind", "records", ["kind"])
    op.create_index("ix_records_sort_date", "records", ["sort_date"])

    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("type", OP_ID, nullable=False),
        sa.Column("subject", OP_ID, nullable=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("attrs", _json(), nullable=False),
        *_evidence_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_facts"),
        _article_fk("facts"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_facts_article_id", "facts", ["article_id"])
    op.create_index("ix_facts_subject_type", "facts", ["subject", "type"])

    op.create_table(
        "operations",
        sa.Column("id", OP_ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", _json(), nullable=False),
        sa.Column("lead_org", sa.Text(), nullable=False),
        sa.Column("hosts", _json(), nullable=False),
        sa.Column("started", CODE, nullable=True),
        sa.Column("ended", CODE, nullable=True),
        sa.Column("mandate", sa.Text(), nullable=False),
        sa.Column("hq_place", sa.Text(), nullable=False),
        sa.Column("hq_lat", sa.Float(), nullable=True),
        sa.Column("hq_lon", sa.Float(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_operations"),
    )

    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", CODE, nullable=False),
        sa.Column("as_of_date", sa.Date(), nullable=False),
        sa.Column("operation", OP_ID, nullable=False),
        sa.Column("contributor", CODE, nullable=False),
        sa.Column("personnel", sa.Integer(), nullable=False),
        sa.Column("personnel_type", CODE, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_figures"),
        sa.UniqueConstraint(
            "as_of",
            "operation",
            "contributor",
            "personnel_type",
            "source",
            name="uq_figures_row",
        ),
    )
    op.create_index("ix_figures_as_of_date", "figures", ["as_of_date"])
    op.create_index("ix_figures_operation_contributor", "figures", ["operation", "contributor"])


def downgrade() -> None:
    for table in ("figures", "operations", "facts", "records", "articles"):
        op.drop_table(table)
