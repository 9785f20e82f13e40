"""`muster timeline`, `muster conflicts` and `muster plot` on a small real ledger, in a SQLite file
and, when MUSTER_TEST_POSTGRES_URL is set, in PostgreSQL.

The database holds one official snapshot and three news articles about Hungary in KFOR:
400 on the 2023 figures, 120 more deployed in March, then a report of 700 in April, which
conflicts with the expected 520 only when the window is widened past the default 31 days.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from muster.cli import app
from muster.ledger import TimelineEntry
from muster.models import Article, OfficialFigure, Record
from muster.plot import OTHERS, nation_series, plot_operation
from muster.store import ensure_schema, import_figures, ingest_article, make_engine

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
OFFICIAL = "https://example.org/kfor-2023"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _article(article_id: str, published: dt.date, text: str) -> Article:
    return Article(
        id=article_id,
        title=text[:40],
        text=text,
        published=published,
        url=f"https://news.example/{article_id}",
        hash=f"hash-{article_id}",
    )


def _record(article: Article, kind: str, personnel: int, change: str | None = None) -> Record:
    return Record.model_validate(
        {
            "article": article.id,
            "kind": kind,
            "contributor": "HUN",
            "operation": "KFOR",
            "host": "XKX",
            "personnel": personnel,
            "qualifier": "exact",
            "change": change,
            "evidence": article.text,
        }
    )


@pytest.fixture
def db(db_url: str) -> str:
    engine = make_engine(db_url)
    ensure_schema(engine)
    import_figures(
        engine,
        [
            OfficialFigure(
                as_of="2023", operation="KFOR", contributor=code, personnel=n, source=OFFICIAL
            )
            for code, n in (("HUN", 400), ("ITA", 800), ("TOTAL", 1200))
        ],
    )
    stories = [
        (
            "n1",
            dt.date(2023, 3, 10),
            "deploy",
            120,
            "increase",
            "Another 120 Hungarian soldiers [reinforcements] left for Kosovo.",
        ),
        (
            "n2",
            dt.date(2023, 4, 20),
            "presence",
            700,
            None,
            "Hungary now has 700 soldiers serving in KFOR.",
        ),
    ]
    for article_id, published, kind, personnel, change, text in stories:
        article = _article(article_id, published, text)
        ingest_article(engine, article, [_record(article, kind, personnel, change)], [])
    engine.dispose()
    return db_url


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def _fails(args: list[str], code: int) -> str:
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.stderr


def test_timeline_table_shows_levels_changes_and_sources(db: str) -> None:
    text = _ok(["timeline", "kfor", "--contributor", "hun", "--db", db])
    for expected in (
        "official level",
        "deploy",
        "news presence",
        "+120",
        "520",
        "700",
        OFFICIAL,
        "n1 “Another 120 Hungarian soldiers [reinforcements]",
        "(pub.)",
    ):
        assert expected in text
    assert "ITA" not in text


def test_timeline_csv_has_every_step_with_its_estimate(db: str) -> None:
    rows = list(
        csv.DictReader(io.StringIO(_ok(["timeline", "KFOR", "-c", "HUN", "-f", "csv", "--db", db])))
    )
    assert [(r["kind"], r["estimate"]) for r in rows] == [
        ("official", "400"),
        ("deploy", "520"),
        ("presence", "700"),
    ]
    assert rows[0]["source"] == OFFICIAL and rows[1]["source"] == "n1"
    assert rows[1]["delta"] == "120" and rows[1]["dated_by"] == "published"


def test_timeline_json_is_the_query_result(db: str) -> None:
    data = json.loads(_ok(["timeline", "KFOR", "--format", "json", "--db", db]))
    entries = [TimelineEntry.model_validate(item) for item in data]
    assert {e.contributor for e in entries} == {None, "HUN", "ITA"}
    assert [e.when for e in entries] == sorted(e.when for e in entries)


def test_timeline_errors_are_one_red_line(db: str) -> None:
    assert _fails(["timeline", "NOPE", "--db", db], 1).strip().count("\n") == 0
    assert "not an ISO 3166-1" in _fails(["timeline", "KFOR", "-c", "Hungary", "--db", db], 2)


def test_unreadable_database_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "not-a.db"
    bad.write_text("not a database", encoding="utf-8")
    for command in ("timeline", "conflicts"):
        message = _fails([command, "KFOR", "--db", str(bad)], 1)
        assert message.startswith("error: database error") and message.count("\n") == 1


def test_conflicts_follow_the_tolerance_options(db: str) -> None:
    assert "No conflicting figures" in _ok(["conflicts", "KFOR", "--db", db])
    found = json.loads(_ok(["conflicts", "KFOR", "--window-days", "120", "-f", "json", "--db", db]))
    assert len(found) == 1
    conflict = found[0]
    assert (conflict["first"]["personnel"], conflict["second"]["personnel"]) == (400, 700)
    assert (conflict["expected"], conflict["difference"]) == (520, 180)
    lenient = _ok(["conflicts", "KFOR", "--window-days", "120", "--ratio", "0.5", "--db", db])
    assert "No conflicting figures" in lenient
    assert "No conflicting" in _ok(
        ["conflicts", "KFOR", "--window-days", "120", "--min-diff", "200", "--db", db]
    )


def test_conflicts_table_puts_both_sources_side_by_side(db: str) -> None:
    text = _ok(["conflicts", "KFOR", "--window-days", "120", "--db", db])
    for expected in ("HUN", "400", "700", OFFICIAL, "n2 “Hungary now has 700", "+120 between"):
        assert expected in text


def test_conflicts_refuses_negative_tolerances(db: str) -> None:
    _fails(["conflicts", "KFOR", "--ratio", "-0.1", "--db", db], 2)


def test_plot_writes_a_png(db: str, tmp_path: Path) -> None:
    out = tmp_path / "kfor.png"
    text = _ok(["plot", "KFOR", "--out", str(out), "--top", "1", "--others", "--db", db])
    assert out.read_bytes().startswith(PNG_MAGIC) and out.stat().st_size > 10_000
    assert "2 lines, 2023-01-01 to 2023-04-20" in text


def test_plot_usage_errors(db: str, tmp_path: Path) -> None:
    png = str(tmp_path / "x.png")
    assert "after" in _fails(
        ["plot", "KFOR", "--out", png, "--since", "2024", "--until", "2023", "--db", db], 2
    )
    _fails(["plot", "KFOR", "--out", str(tmp_path / "x.gif"), "--db", db], 2)
    _fails(["plot", "KFOR", "--out", str(tmp_path / "missing" / "x.png"), "--db", db], 1)
    assert "nothing to plot" in _fails(["plot", "UNIFIL", "--out", png, "--db", db], 1)
    assert not Path(png).exists()


def test_help_gives_an_example() -> None:
    for command in ("timeline", "conflicts", "plot"):
        assert "Example" in _ok([command, "--help"])


def _step(code: str, day: dt.date, estimate: int, kind: str = "official") -> TimelineEntry:
    entry_kind = "change" if kind in ("deploy", "withdraw") else "level"
    return TimelineEntry.model_validate(
        {
            "when": day,
            "date_text": day.isoformat(),
            "dated_by": "as_of",
            "contributor": code,
            "entry_kind": entry_kind,
            "kind": kind,
            "personnel": estimate,
            "estimate": estimate,
        }
    )


D = dt.date
HISTORY = [
    _step("ITA", D(2020, 1, 1), 500),
    _step("HUN", D(2020, 1, 1), 300),
    _step("AUT", D(2020, 1, 1), 200),
    _step("HUN", D(2021, 1, 1), 350, "presence"),
    _step("ITA", D(2022, 1, 1), 900),
    _step("AUT", D(2022, 6, 1), 100, "withdraw"),
]


def test_series_rank_by_latest_estimate_and_sum_the_rest() -> None:
    chart = nation_series(HISTORY, top=1, others=True)
    assert [s.contributor for s in chart.series] == ["ITA", OTHERS]
    assert chart.left_out == 2
    assert chart.series[1].steps == [
        (D(2020, 1, 1), 500),
        (D(2021, 1, 1), 550),
        (D(2022, 6, 1), 450),
    ]
    assert (chart.since, chart.until) == (D(2020, 1, 1), D(2022, 6, 1))


def test_series_carry_the_estimate_into_the_range_and_split_points() -> None:
    chart = nation_series(HISTORY, since=D(2020, 6, 1), until=D(2021, 6, 1))
    hun = next(s for s in chart.series if s.contributor == "HUN")
    assert hun.steps == [(D(2020, 6, 1), 300), (D(2021, 1, 1), 350), (D(2021, 6, 1), 350)]
    assert hun.official == [] and hun.news == [(D(2021, 1, 1), 350)]
    assert hun.label == "Hungary"
    with pytest.raises(ValueError, match="nothing to plot"):
        nation_series([])


def test_plot_operation_writes_svg_too(tmp_path: Path) -> None:
    result = plot_operation(HISTORY, "KFOR", tmp_path / "k.svg", top=2)
    assert result.path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert [s.contributor for s in result.chart.series] == ["ITA", "HUN"]
