"""`muster db upgrade` and `muster db status` on SQLite files and, when configured, PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from muster import store
from muster.cli import app

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "seed.txt"
WIDE = {"COLUMNS": "200"}
runner = CliRunner()


def _run(args: list[str], code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.stdout, result.stderr


def _empty(db_url: str) -> None:
    """Give the URL an empty database: PostgreSQL's schema already is; SQLite needs its file."""
    database = make_url(db_url).database
    if db_url.startswith("sqlite") and database:
        Path(database).touch()


def test_upgrade_creates_the_schema_then_does_nothing(db_url: str) -> None:
    first, _ = _run(["db", "upgrade", "--db", db_url])
    head = store.head_revision()
    assert f"upgraded from an empty schema to {head}" in first
    assert store.current_revision(db_url) == head
    engine = store.make_engine(db_url)
    try:
        assert {"articles", "records", "facts", "figures", "operations"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()
    again, _ = _run(["db", "upgrade", "--db", db_url, "--revision", head])
    assert f"already at revision {head}; nothing to do" in again


def test_status_of_an_empty_database_changes_nothing(db_url: str) -> None:
    _empty(db_url)
    shown, _ = _run(["db", "status", "--db", db_url])
    assert f"Revision  none (head {store.head_revision()})" in shown
    assert "no schema yet: run 'muster db upgrade'" in shown and "Stored" not in shown
    assert store.current_revision(db_url) is None


def test_status_shows_revision_and_counts(db_url: str) -> None:
    _run(["ingest", str(SEED), "--db", db_url])
    shown, _ = _run(["db", "status", "--db", db_url])
    head = store.head_revision()
    assert f"Revision  {head} (head {head}) · up to date" in shown
    assert "articles 1 · records 1 ·" in shown
    engine = store.make_engine(db_url)
    try:
        sizes = store.counts(engine)
    finally:
        engine.dispose()
    assert f"facts {sizes.facts:,} · official figures 0 · operations {sizes.operations:,}" in shown
    row = next(line for line in shown.splitlines() if "KFOR" in line)
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells == ["KFOR", "1", "1", str(sizes.by_operation["KFOR"].facts)]


def test_status_of_a_database_from_another_version(db_url: str) -> None:
    engine = store.make_engine(db_url)
    try:
        store.ensure_schema(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'from-the-future'"))
    finally:
        engine.dispose()
    shown, _ = _run(["db", "status", "--db", db_url])
    assert "Revision  from-the-future" in shown and "not at head" in shown
    _, error = _run(["db", "upgrade", "--db", db_url], 1)
    assert error.startswith("error: migration failed") and "from-the-future" in error
    assert error.count("\n") == 1


def test_unknown_revision_is_one_red_line(db_url: str) -> None:
    _, error = _run(["db", "upgrade", "--db", db_url, "--revision", "nope"], 1)
    assert error == "error: migration failed: Can't locate revision identified by 'nope'\n"


def test_status_does_not_create_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    _, error = _run(["db", "status", "--db", str(path)], 1)
    assert error.startswith(f"error: no database at {path}") and error.count("\n") == 1
    assert not path.exists()


def test_unreadable_sqlite_file_is_one_red_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database", encoding="utf-8")
    _, error = _run(["db", "status", "--db", str(path)], 1)
    assert error.startswith("error: database sqlite:///") and error.count("\n") == 1


def test_the_password_never_shows() -> None:
    url = "postgresql+psycopg://muster:s3cret@127.0.0.1:1/muster"
    for command in ("status", "upgrade"):
        _, error = _run(["db", command, "--db", url], 1)
        assert "s3cret" not in error and "muster:***@127.0.0.1:1/muster" in error
        assert error.count("\n") == 1


@pytest.mark.parametrize("command", [["db"], ["db", "upgrade"], ["db", "status"]])
def test_help_gives_an_example(command: list[str]) -> None:
    shown, _ = _run([*command, "--help"])
    assert "Example" in shown or "Commands" in shown
