"""Extraction on Dask gives exactly the serial results, into stdout, SQLite files and Parquet.

One local cluster of two worker processes, built by the function behind `--workers 2`, serves
the whole module (starting one costs seconds); the commands reach it with --scheduler.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from distributed import Client
from typer.testing import CliRunner

from muster.cli import app
from muster.extract.pipeline import Extractor
from muster.ingest import ingest_articles
from muster.models import Article
from muster.scale import (
    dask_client,
    extract_parallel,
    extract_partitions,
    extract_paths,
    partitions,
    record_schema,
    write_parquet,
)
from muster.sources import iter_articles
from muster.store import ensure_schema, make_engine

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev" / "articles"
SEED = SHARED / "corpus" / "seed" / "seed.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with dask_client(workers=2) as started:
        yield started


@pytest.fixture(scope="module")
def dev_articles() -> list[Article]:
    return [a for a in iter_articles([DEV]) if isinstance(a, Article)]


@pytest.fixture(scope="module")
def serial(dev_articles: list[Article]) -> list[tuple[str, list[Any], list[Any]]]:
    extractor = Extractor()
    found = []
    for article in dev_articles:
        records, facts = extractor.analyse_all(article)
        found.append(
            (article.id, [r.model_dump() for r in records], [f.model_dump() for f in facts])
        )
    return found


def _address(client: Client) -> str:
    return str(client.scheduler_info()["address"])


def test_partitions_are_lazy_and_in_order() -> None:
    assert list(partitions(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(partitions([], 3)) == []
    with pytest.raises(ValueError):
        list(partitions([1], 0))


def test_two_workers_give_the_serial_records_and_facts_in_order(
    client: Client, dev_articles: list[Article], serial: list[tuple[str, list[Any], list[Any]]]
) -> None:
    # Small partitions and a small window: many tasks, finishing out of order, must come back
    # in input order.
    parallel = [
        (a.id, [r.model_dump() for r in records], [f.model_dump() for f in facts])
        for a, records, facts in extract_parallel(
            dev_articles, client, partition_size=7, in_flight=3
        )
    ]
    assert len(parallel) == len(dev_articles) == 100
    assert parallel == serial
    assert sum(len(records) for _, records, _ in serial) > 100


def test_extract_command_on_the_cluster_prints_what_the_serial_one_prints(
    client: Client,
) -> None:
    plain = runner.invoke(app, ["extract", str(DEV)])
    scaled = runner.invoke(app, ["extract", str(DEV), "--scheduler", _address(client)])
    assert plain.exit_code == scaled.exit_code == 0, scaled.output
    assert scaled.stdout == plain.stdout
    assert len(plain.stdout.splitlines()) > 100
    as_csv = ["extract", str(SEED), "--format", "csv"]
    assert (
        runner.invoke(app, [*as_csv, "--scheduler", _address(client)]).stdout
        == runner.invoke(app, as_csv).stdout
    )


def test_extract_paths_reads_here_and_reports_skipped_inputs(
    client: Client, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00binary")
    skipped: list[str] = []
    items = list(
        extract_paths(
            [SEED, bad],
            scheduler=_address(client),
            on_skipped=lambda item: skipped.append(item.source),
        )
    )
    assert [a.id for a, _, _ in items] == ["seed"]
    assert [(r.contributor, r.personnel) for r in items[0][1]] == [("BGR", 120)]
    assert skipped == [str(bad)]


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as connection:
        return {
            "articles": connection.execute(
                "SELECT id, hash, title, url, published, lang, text, source "
                "FROM articles ORDER BY id"
            ).fetchall(),
            "records": connection.execute("SELECT * FROM records ORDER BY id").fetchall(),
            "facts": connection.execute("SELECT * FROM facts ORDER BY id").fetchall(),
        }


def test_ingest_with_two_workers_stores_the_serial_rows(client: Client, tmp_path: Path) -> None:
    inputs = [str(p) for p in sorted(DEV.glob("d0*.txt"))] + [str(SEED)]
    plain, scaled = tmp_path / "serial.db", tmp_path / "dask.db"
    first = runner.invoke(app, ["ingest", *inputs, "--db", str(plain)])
    on_cluster = ["--scheduler", _address(client)]  # `--workers 2` builds the same cluster
    second = runner.invoke(app, ["ingest", *inputs, "--db", str(scaled), *on_cluster])
    assert first.exit_code == second.exit_code == 0, second.output
    assert "new 10" in second.stdout
    expected = _rows(plain)
    assert len(expected["articles"]) == 10 and expected["records"] and expected["facts"]
    assert _rows(scaled) == expected


def test_ingest_on_the_cluster_skips_unchanged_articles(
    client: Client, dev_articles: list[Article], tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    ensure_schema(engine)
    analyse = partial(extract_parallel, client=client, partition_size=25)
    seen: list[str] = []
    first = ingest_articles(engine, dev_articles[:40], analyse_many=analyse)
    again = ingest_articles(
        engine, dev_articles[:50], analyse_many=analyse, on_article=lambda a: seen.append(a.id)
    )
    assert (first.new, first.unchanged) == (40, 0)
    assert (again.new, again.unchanged, again.read) == (10, 40, 50)
    assert sorted(seen) == sorted(a.id for a in dev_articles[:50])
    engine.dispose()


def test_parquet_partitions_read_back_with_every_record(
    client: Client,
    dev_articles: list[Article],
    serial: list[tuple[str, list[Any], list[Any]]],
    tmp_path: Path,
) -> None:
    parts = extract_partitions(dev_articles, client, partition_size=30, with_facts=False)
    written = write_parquet(tmp_path / "out", ([r for _, rs, _ in p for r in rs] for p in parts))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"part-00000{i}.parquet" for i in range(4)]  # 30 + 30 + 30 + 10 articles
    table = pq.read_table(tmp_path / "out")
    expected = [record for _, records, _ in serial for record in records]
    assert written.records == table.num_rows == len(expected)
    assert table.to_pylist() == expected
    assert table.schema.equals(record_schema())


def test_extract_out_writes_parquet_and_refuses_a_used_folder(
    client: Client, serial: list[tuple[str, list[Any], list[Any]]], tmp_path: Path
) -> None:
    folder = tmp_path / "records"
    done = runner.invoke(
        app, ["extract", str(DEV), "--out", str(folder), "--scheduler", _address(client)]
    )
    assert done.exit_code == 0, done.output
    assert pq.read_table(folder).num_rows == sum(len(records) for _, records, _ in serial)
    assert "1 Parquet file(s)" in done.stdout
    again = runner.invoke(app, ["extract", str(SEED), "--out", str(folder)])
    assert again.exit_code == 1
    assert "already holds Parquet files" in again.stderr


def test_an_empty_partition_still_has_the_schema(tmp_path: Path) -> None:
    written = write_parquet(tmp_path, [[]])
    assert (written.files, written.records) == (1, 0)
    assert pq.read_table(tmp_path).schema.equals(record_schema())


def test_without_dask_workers_fail_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    for command in (["extract", str(SEED)], ["ingest", str(SEED), "--db", ":memory:"]):
        result = runner.invoke(app, [*command, "--workers", "2"])
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "muster-ledger[scale]" in result.stderr


def test_an_unreachable_scheduler_is_one_line() -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = runner.invoke(app, ["extract", str(SEED), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.output


def test_the_serial_commands_do_not_import_dask(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for module in ("dask", "distributed", "pyarrow"):
        monkeypatch.setitem(sys.modules, module, None)  # importing it now would fail
    extracted = runner.invoke(app, ["extract", str(SEED)])
    ingested = runner.invoke(app, ["ingest", str(SEED), "--db", str(tmp_path / "m.db")])
    assert extracted.exit_code == ingested.exit_code == 0, ingested.output
    assert '"BGR"' in extracted.stdout and "new 1" in ingested.stdout
