"""`muster db upgrade` and `muster db status`: the schema and the contents of the database.

Every command migrates its database before use, so these two are for whoever runs a shared
server: to migrate ahead of a deployment (or with a role that may create tables, when the
everyday role may not), and to see which database a command would use, the schema revision it is
at, and how much it holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from muster.cli.common import DbOption, database_url, fail, out

db_app = typer.Typer(
    help="The database: schema migrations and what it holds.", no_args_is_help=True
)

UPGRADE_HINT = "run 'muster db upgrade'"


def shown_url(url: str) -> str:
    """`url` fit to print: the password, if any, replaced by ***."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


@contextmanager
def _reported(url: str) -> Iterator[None]:
    """Turn what can go wrong with a database into one red line that never shows a password."""
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except ModuleNotFoundError as error:
        fail(
            f"database {shown_url(url)}: its driver ({error.name}) is not installed "
            "(for PostgreSQL: pip install 'muster-ledger[postgres]')"
        )
    except CommandError as error:
        fail(f"migration failed: {_first_line(error)}")
    except SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        fail(f"database {shown_url(url)}: {_first_line(reason)}")


def missing_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL when it does not exist yet (so that looking does not create it)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    return None if path.exists() else path


@db_app.command("upgrade")
def upgrade(
    db: DbOption = None,
    revision: Annotated[
        str, typer.Option("--revision", help="Schema revision to upgrade to.")
    ] = "head",
) -> None:
    """Create or migrate the database schema (other commands do this on their own when needed).

    Example: [bold]muster db upgrade --db postgresql+psycopg://muster@db.example.org/muster[/bold]
    """
    from muster import store

    url = database_url(db)
    with _reported(url):
        before = store.current_revision(url)
        after = store.upgrade(url, revision)
    if before == after:
        out.print(f"{shown_url(url)}: already at revision {after or 'none'}; nothing to do.")
    else:
        out.print(f"{shown_url(url)}: upgraded from {before or 'an empty schema'} to {after}.")


@db_app.command("status")
def status(db: DbOption = None) -> None:
    """Show the database a command would use, its schema revision and how much it holds.

    Example: [bold]muster db status --db muster.db[/bold]
    """
    from muster import store

    url = database_url(db)
    missing = missing_sqlite_file(url)
    if missing is not None:
        fail(f"no database at {missing} ('muster db upgrade' creates one)")
    with _reported(url):
        engine = store.make_engine(url)
        try:
            current = store.current_revision(engine)
            head = store.head_revision()
            counts = store.counts(engine) if current == head else None
        finally:
            engine.dispose()
    out.print(f"Database  {shown_url(url)}")
    if current is None:
        state = f"[yellow]no schema yet[/yellow]: {UPGRADE_HINT}"
    elif current == head:
        state = "[green]up to date[/green]"
    else:
        state = f"[yellow]not at head[/yellow]: {UPGRADE_HINT}"
    out.print(f"Revision  {current or 'none'} (head {head}) · {state}", markup=True)
    if counts is None:
        return
    out.print(
        f"Stored    articles {counts.articles:,} · records {counts.records:,} · "
        f"facts {counts.facts:,} · official figures {counts.figures:,} · "
        f"operations {counts.operations:,}"
    )
    if counts.by_operation:
        table = Table(header_style="bold")
        for name in ("operation", "articles", "records", "facts"):
            table.add_column(name, justify="left" if name == "operation" else "right")
        for operation, sizes in counts.by_operation.items():
            table.add_row(
                operation, f"{sizes.articles:,}", f"{sizes.records:,}", f"{sizes.facts:,}"
            )
        out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
