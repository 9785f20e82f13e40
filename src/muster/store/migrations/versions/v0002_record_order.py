"""Indexes in the order record lists are read, so a page of them is read, not sorted.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

# The terms of muster.store.schema.RECORD_ORDER, as the database sees them.
_ORDER: list[str | sa.TextClause] = [
    sa.text("(sort_date IS NULL)"),
    "sort_date",
    "article_id",
    "id",
]


def upgrade() -> None:
    op.create_index("ix_records_operation_order", "records", ["operation", *_ORDER])
    op.create_index("ix_records_contributor_order", "records", ["contributor", *_ORDER])
    op.create_index("ix_records_order", "records", _ORDER)


def downgrade() -> None:
    op.drop_index("ix_records_order", table_name="records")
    op.drop_index("ix_records_contributor_order", table_name="records")
    op.drop_index("ix_records_operation_order", table_name="records")
