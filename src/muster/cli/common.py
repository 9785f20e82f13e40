"""What every command shares: the console, one-line errors, the database option and settings.

Exit codes (documented in the README): 0 success; 1 the command ran but failed (nothing could be
read, an import was refused, a database error); 2 bad usage (unknown option, bad value); 130
interrupted (Ctrl-C) — what was committed stays, and the same command carries on.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from muster.partial_dates import period_start
from muster.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL or SQLite file path (default: MUSTER_DATABASE_URL, "
        "else a SQLite file in the user data folder).",
        show_default=False,
    ),
]


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print one red line and exit; never a traceback."""
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def database_url(db: str | None) -> str:
    """A URL from --db, which may also be a plain file path for SQLite."""
    if db:
        return db if "://" in db else f"sqlite:///{db}"
    return Settings().resolved_database_url()


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    parsed = period_start(value)
    if parsed is None:
        fail(f"{option}: '{value}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", EXIT_USAGE)
    return parsed


def open_store(db: str | None) -> Engine:
    """The database of --db, migrated to the newest schema; a failure is one red line."""
    from sqlalchemy.exc import SQLAlchemyError

    from muster.store import ensure_schema, make_engine

    url = database_url(db)
    try:
        engine = make_engine(url)
        ensure_schema(engine)
    except SQLAlchemyError as error:
        fail(f"database {url}: {str(error).splitlines()[0]}")
    return engine
