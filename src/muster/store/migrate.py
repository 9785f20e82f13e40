"""Alembic migrations run from inside the package, so no alembic.ini is needed at the user's cwd.

`ensure_schema` is what entry points call before touching the database: a cheap version check,
and only when behind, an upgrade under a lock (BEGIN IMMEDIATE on SQLite, an advisory lock on
PostgreSQL) so that two processes starting at once do not both try to create the tables.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from muster.store.engine import make_engine, writing

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x6D75_7374  # any fixed key, shared by every muster process


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """A Config pointing at the packaged scripts; also handy for `command.revision` in dev."""
    config = Config(stdout=io.StringIO())
    # ConfigParser interpolates "%", which may occur in paths and URLs.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision shipped with this version of Muster."""
    head = _scripts().get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


@cache
def _known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def _revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def current_revision(url: str | Engine) -> str | None:
    """The revision the database is at, or None for a database never migrated."""
    if isinstance(url, Engine):
        return _revision_of(url)
    engine = make_engine(url)
    try:
        return _revision_of(engine)
    finally:
        engine.dispose()


def _migrate(engine: Engine, revision: str, down: bool = False) -> None:
    with writing(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        config = alembic_config(connection=connection)
        if down:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)


def ensure_schema(engine: Engine) -> str:
    """Bring the database to head if it is behind; returns the revision it is at."""
    head = head_revision()
    current = _revision_of(engine)
    if current == head:
        return head
    if current is not None and current not in _known_revisions():
        raise RuntimeError(
            f"the database is at schema revision {current}, which this version of Muster does "
            f"not know (its newest is {head}): upgrade Muster or use another database"
        )
    _migrate(engine, "head")
    return head


def upgrade(url: str, revision: str = "head") -> str | None:
    """Apply migrations up to `revision` on the database at `url`."""
    engine = make_engine(url)
    try:
        _migrate(engine, revision)
        return _revision_of(engine)
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> str | None:
    """Undo migrations down to `revision` ("base" empties the schema)."""
    engine = make_engine(url)
    try:
        _migrate(engine, revision, down=True)
        return _revision_of(engine)
    finally:
        engine.dispose()
