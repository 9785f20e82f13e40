"""The command line, through Typer's runner and as a real subprocess; commands that store run on
a SQLite file and, when MUSTER_TEST_POSTGRES_URL is set, on PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from muster.cli import app

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "seed" / "seed.txt"
runner = CliRunner()


def test_extract_seed_jsonl() -> None:
    result = runner.invoke(app, ["extract", str(SEED)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(rows) == 1
    row = rows[0]
    assert (
        row["kind"],
        row["contributor"],
        row["operation"],
        row["host"],
        row["personnel"],
        row["qualifier"],
    ) == ("deploy", "BGR", "KFOR", "XKX", 120, "exact")


def test_extract_table_for_people() -> None:
    result = runner.invoke(app, ["extract", str(SEED), "--format", "table"])
    assert result.exit_code == 0
    assert "BGR" in result.stdout and "120" in result.stdout


def test_extract_reports_bad_input_and_fails_when_nothing_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 1
    assert "bad.txt" in result.stderr and "Traceback" not in result.output


def test_ingest_is_idempotent_and_records_query(db_url: str) -> None:
    db = db_url
    first = runner.invoke(app, ["ingest", str(SEED), "--db", db])
    assert first.exit_code == 0, first.output
    assert "new 1" in first.stdout
    again = runner.invoke(app, ["ingest", str(SEED), "--db", db])
    assert "unchanged 1" in again.stdout
    listed = runner.invoke(app, ["records", "--operation", "KFOR", "--format", "jsonl", "--db", db])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["contributor"], r["personnel"]) for r in rows] == [("BGR", 120)]
    csv_out = runner.invoke(app, ["records", "--format", "csv", "--db", db])
    assert csv_out.stdout.startswith("article,kind,contributor")


def test_ledger_and_ops(db_url: str, tmp_path: Path) -> None:
    db = db_url
    story = tmp_path / "bg.txt"
    story.write_text(
        "Bulgaria sends 120 soldiers to KFOR\nPublished: 2025-05-20\n\nThe "
        "contingent leaves for Kosovo tomorrow.\n",
        encoding="utf-8",
    )
    runner.invoke(app, ["ingest", str(SEED), str(story), "--db", db])
    ledger = runner.invoke(
        app, ["ledger", "KFOR", "--at", "2025-06-01", "--db", db, "--format", "json"]
    )
    assert ledger.exit_code == 0, ledger.output
    data = json.loads(ledger.stdout)
    assert [(r["contributor"], r["personnel"]) for r in data["rows"]] == [("BGR", 120)]
    assert [u["article"] for u in data["undated"]] == ["seed"]
    shown = runner.invoke(app, ["ops", "show", "KFOR", "--db", db])
    assert "Kosovo Force" in shown.stdout and "NATO" in shown.stdout
    listed = runner.invoke(app, ["ops", "list", "--lead", "EU"])
    assert "EUFOR-ALTHEA" in listed.stdout


def test_unknown_operation_is_one_red_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ledger", "NOPE", "--db", str(tmp_path / "m.db")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "unknown operation" in result.stderr


def test_bad_date_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ledger", "KFOR", "--at", "June", "--db", str(tmp_path / "m.db")])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["extract"],
        ["ingest"],
        ["records"],
        ["ledger"],
        ["ops", "show"],
        ["demo"],
        ["figures", "import"],
        ["db", "upgrade"],
        ["db", "status"],
    ],
)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    if command:
        assert "Example" in result.stdout or "Commands" in result.stdout


def test_demo_without_serving(db_url: str) -> None:
    result = runner.invoke(app, ["demo", "--no-serve", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "KFOR" in result.stdout and "Total" in result.stdout


def test_subprocess_extract_from_stdin() -> None:
    muster = Path(sys.executable).parent / "muster"
    text = "Romania sends 100 soldiers to KFOR\nPublished: 2023-10-04\n\nThey leave on Tuesday.\n"
    done = subprocess.run(
        [str(muster), "extract", "-"], input=text, capture_output=True, text=True, check=True
    )
    row = json.loads(done.stdout.splitlines()[0])
    assert (row["contributor"], row["operation"], row["personnel"]) == ("ROU", "KFOR", 100)


def _blocks(output: str) -> list[str]:
    """The header, then one block per listed item with its evidence line."""
    blocks: list[list[str]] = [[]]
    for line in output.splitlines():
        if line.startswith("  • "):
            blocks.append([])
        blocks[-1].append(line)
    return ["\n".join(b) for b in blocks]


def test_ops_show_lists_every_seed_fact_with_its_source(tmp_path: Path) -> None:
    """shared/corpus/seed/facts.jsonl: each fact's phrases appear together where it is shown."""
    db = str(tmp_path / "seed.db")
    runner.invoke(app, ["ingest", str(SEED), "--db", db])
    shown = runner.invoke(app, ["ops", "show", "KFOR", "--db", db])
    assert shown.exit_code == 0, shown.output
    blocks = _blocks(shown.stdout)
    missing = []
    for line in (SEED.parent / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        found = any(
            all(any(alt in block for alt in phrase.split("|")) for phrase in fact["match"])
            for block in blocks
        )
        if not found:
            missing.append(fact["fact"])
    assert missing == []
    assert "“" in shown.stdout and "— seed" in shown.stdout  # with their source sentences


def test_figures_import_is_all_or_nothing_and_idempotent(tmp_path: Path) -> None:
    db = str(tmp_path / "fig.db")
    good = tmp_path / "good.csv"
    good.write_text(
        "as_of,operation,contributor,personnel,source\n"
        "2025-04,KFOR,ITA,1258,https://example.org/placemat\n"
        "2025-04,KFOR,TOTAL,4686,https://example.org/placemat\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "as_of,operation,contributor,personnel,source\n"
        "2025-04,KFOR,HUN,433,https://example.org/x\n"
        "April,KFOR,AUT,-5,https://example.org/x\n",
        encoding="utf-8",
    )
    first = runner.invoke(app, ["figures", "import", str(good), "--db", db])
    assert first.exit_code == 0, first.output
    assert '"imported": 2' in first.stdout
    again = runner.invoke(app, ["figures", "import", str(good), "--db", db])
    assert '"imported": 0' in again.stdout
    refused = runner.invoke(app, ["figures", "import", str(bad), "--db", db])
    assert refused.exit_code == 1
    assert "bad.csv:3" in refused.output
    ledger = runner.invoke(
        app, ["ledger", "KFOR", "--at", "2025-05-01", "--db", db, "--format", "json"]
    )
    rows = {r["contributor"]: r["personnel"] for r in json.loads(ledger.stdout)["rows"]}
    assert rows == {"ITA": 1258}  # nothing of the refused file was loaded


def _stored_articles(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or locked for a moment


def test_ctrl_c_keeps_committed_batches_and_the_rerun_carries_on(tmp_path: Path) -> None:
    """A real process, a real SIGINT: one red line, exit 130, and a consistent database."""
    import signal
    import time

    source = SHARED / "corpus" / "dev" / "articles"
    folder = tmp_path / "many"
    folder.mkdir()
    copies = 30  # enough articles that the run is still going when interrupted
    for copy in range(copies):
        for path in sorted(source.glob("*.txt")):
            text = path.read_text(encoding="utf-8").replace("\n", f" (copy {copy})\n", 1)
            (folder / f"{copy}-{path.name}").write_text(text, encoding="utf-8")
    db = tmp_path / "int.db"
    muster = Path(sys.executable).parent / "muster"
    command = [str(muster), "ingest", str(folder), "--db", str(db)]
    running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and running.poll() is None:
        time.sleep(0.5)  # interrupt once a first batch is committed, whatever the machine's speed
        if db.exists() and _stored_articles(db) > 0:
            break
    running.send_signal(signal.SIGINT)
    _, stderr = running.communicate(timeout=120)
    if running.returncode == 0:
        pytest.skip("the ingest finished before it could be interrupted")
    assert running.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    summary = again.stdout.strip().splitlines()[-1]
    assert f"articles read {copies * 100:,}" in summary
    assert _stored_articles(db) == copies * 100  # every article stored exactly once
