"""Engines built per call from a URL: each CLI run and each test picks its own database.

SQLite gets what a multi-process ledger needs from it: foreign keys enforced (for the cascade
from articles to records), WAL so readers never block the writer, and real transactions. The
stdlib driver would otherwise open transactions lazily and commit DDL on its own; here the
driver is put in autocommit and SQLAlchemy's "begin" emits BEGIN, or BEGIN IMMEDIATE for
writers, so two writers queue on the lock instead of failing halfway through a batch.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

WRITE_OPTION = "muster_write"
SQLITE_BUSY_SECONDS = 30.0

Insert = sqlite.Insert | postgresql.Insert


def make_engine(url: str) -> Engine:
    """An engine for `url`; for a SQLite file the parent folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Both pragmas are no-ops inside a transaction, so they run before the driver can open one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        _use_wal(cursor)
    finally:
        cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch a new database file to WAL once; the mode is stored in the file.

    Switching needs a moment with no other connection busy and does not wait on SQLite's busy
    timeout, so two processes opening a fresh file together can see "database is locked";
    the switch is retried for as long as the busy timeout would have waited.
    """
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_on_begin(connection: Connection) -> None:
    writer = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection


def dialect_insert(connection: Connection, table: Table | type[Any]) -> Insert:
    """An INSERT that supports ON CONFLICT, in the dialect of `connection`."""
    name = connection.dialect.name
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        return postgresql.insert(table)
    raise NotImplementedError(f"the store supports SQLite and PostgreSQL, not {name}")
