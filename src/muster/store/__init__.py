"""The storage layer: SQLAlchemy tables, Alembic migrations, and the functions that write and
read them. Everything above this floor goes through these functions and gets pydantic models
back; nothing else in Muster writes SQL.

Typical use at an entry point::

    engine = make_engine(settings.resolved_database_url())
    ensure_schema(engine)
    ingest_batch(engine, items)
"""

from muster.store.engine import make_engine, writing
from muster.store.migrate import (
    alembic_config,
    current_revision,
    downgrade,
    ensure_schema,
    head_revision,
    upgrade,
)
from muster.store.read import (
    article_facts,
    article_records,
    counts,
    get_article,
    latest_record,
    ledger_record_rows,
    list_articles,
    newest_records,
    query_facts,
    query_records,
)
from muster.store.reference import import_figures, query_figures, sync_operations
from muster.store.results import (
    ArticleSummary,
    IngestCounts,
    OperationCounts,
    Outcome,
    StoreCounts,
    StoredFact,
    StoredFigure,
    StoredRecord,
)
from muster.store.versions import (
    LedgerVersion,
    OwnLast,
    content_version,
    ledger_sizes,
    ledger_version,
    ledger_version_and_own_last,
    store_version,
)
from muster.store.write import (
    DEFAULT_BATCH_SIZE,
    delete_article,
    ingest_article,
    ingest_batch,
    known_hashes,
)

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ArticleSummary",
    "IngestCounts",
    "LedgerVersion",
    "OperationCounts",
    "Outcome",
    "OwnLast",
    "StoreCounts",
    "StoredFact",
    "StoredFigure",
    "StoredRecord",
    "alembic_config",
    "article_facts",
    "article_records",
    "content_version",
    "counts",
    "current_revision",
    "delete_article",
    "downgrade",
    "ensure_schema",
    "get_article",
    "head_revision",
    "import_figures",
    "ingest_article",
    "ingest_batch",
    "known_hashes",
    "ledger_record_rows",
    "ledger_version",
    "ledger_version_and_own_last",
    "ledger_sizes",
    "list_articles",
    "make_engine",
    "query_facts",
    "query_figures",
    "latest_record",
    "latest_record",
    "newest_records",
    "query_records",
    "store_version",
    "sync_operations",
    "upgrade",
    "writing",
]
