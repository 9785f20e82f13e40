"""The ledger rules, one small hand-built history per rule, and the shipped KFOR figures."""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from muster import queries, store
from muster.figures import load_shipped_figures
from muster.ledger import (
    DEFAULT_OPTIONS,
    History,
    Ledger,
    LedgerOptions,
    LedgerRecord,
    LedgerRow,
    TimelineEntry,
    build_history,
    conflicts,
    events,
    ledger,
    parse_partial_date,
    timeline,
    undated,
)
from muster.models import Article, Fact, OfficialFigure, Record
from muster.store import (
    delete_article,
    ensure_schema,
    import_figures,
    ingest_batch,
    make_engine,
)

D = dt.date
PLACEMAT = "https://example.org/kfor-placemat"


def rec(
    record_id: int,
    kind: str,
    contributor: str | None,
    personnel: int | None = None,
    *,
    date: str | None = None,
    published: dt.date | None = None,
    change: str | None = None,
    qualifier: str | None = None,
    operation: str = "KFOR",
    host: str | None = "XKX",
) -> LedgerRecord:
    if personnel is not None and qualifier is None:
        qualifier = "exact"
    return LedgerRecord.model_validate(
        {
            "id": record_id,
            "article": f"a{record_id}",
            "kind": kind,
            "contributor": contributor,
            "operation": operation,
            "host": host,
            "personnel": personnel,
            "qualifier": qualifier,
            "date": date,
            "change": change,
            "evidence": f"sentence {record_id}",
            "published": published,
            "source_title": f"Story {record_id}",
            "source_url": f"https://news.example/{record_id}",
        }
    )


def fig(as_of: str, contributor: str, personnel: int, operation: str = "KFOR") -> OfficialFigure:
    return OfficialFigure(
        as_of=as_of,
        operation=operation,
        contributor=contributor,
        personnel=personnel,
        source=PLACEMAT,
    )


def row_of(result: Ledger, contributor: str) -> LedgerRow:
    return next(r for r in result.rows if r.contributor == contributor)


def estimate(
    records: list[LedgerRecord], at: dt.date, figures: list[OfficialFigure] | None = None
) -> Ledger:
    return ledger("KFOR", at, records, figures or [])


# --- when ---------------------------------------------------------------------------------


def test_partial_dates_order_as_first_day_of_their_period() -> None:
    assert parse_partial_date("2023") == D(2023, 1, 1)
    assert parse_partial_date("2017-02") == D(2017, 2, 1)
    assert parse_partial_date("2017-02-14") == D(2017, 2, 14)
    assert parse_partial_date("2017-02-30") is None
    assert parse_partial_date("Feb 2017") is None


def test_a_year_only_date_counts_from_january_first() -> None:
    records = [rec(1, "presence", "BGR", 300, date="2023")]
    assert estimate(records, D(2022, 12, 31)).rows == []
    row = row_of(estimate(records, D(2023, 1, 1)), "BGR")
    assert (row.personnel, row.as_of, row.as_of_text, row.dated_by) == (
        300,
        D(2023, 1, 1),
        "2023",
        "date",
    )


def test_a_month_only_figure_orders_before_a_later_day_in_that_month() -> None:
    records = [rec(1, "presence", "BGR", 250, date="2023-05-10")]
    row = row_of(estimate(records, D(2023, 6, 1), [fig("2023-05", "BGR", 300)]), "BGR")
    assert (row.personnel, row.basis) == (250, "news (presence)")


def test_publication_date_places_a_record_without_its_own_date() -> None:
    records = [rec(1, "presence", "HUN", 460, published=D(2025, 5, 12))]
    assert estimate(records, D(2025, 5, 11)).rows == []
    row = row_of(estimate(records, D(2025, 5, 12)), "HUN")
    assert (row.as_of, row.dated_by) == (D(2025, 5, 12), "published")


def test_record_date_wins_over_publication_date() -> None:
    records = [rec(1, "presence", "HUN", 460, date="2025-03-01", published=D(2025, 5, 12))]
    assert row_of(estimate(records, D(2025, 3, 2)), "HUN").as_of == D(2025, 3, 1)


def test_undated_records_are_listed_and_on_no_timeline() -> None:
    records = [
        rec(1, "presence", "HUN", 460),
        rec(2, "deploy", "HUN", 50, change="increase"),
        rec(3, "presence", "BGR", 300, published=D(2024, 1, 1)),
    ]
    result = estimate(records, D(2025, 1, 1))
    assert [r.id for r in result.undated] == [1, 2]
    assert [r.contributor for r in result.rows] == ["BGR"]
    assert [r.id for r in undated("KFOR", records)] == [1, 2]
    assert all(
        1 not in e.record_ids and 2 not in e.record_ids for e in timeline("KFOR", records, [])
    )


def test_records_of_other_operations_are_ignored() -> None:
    records = [rec(1, "presence", "AUT", 190, date="2020", operation="EUFOR-ALTHEA")]
    assert estimate(records, D(2021, 1, 1)).rows == []


# --- levels -------------------------------------------------------------------------------


def test_latest_level_on_or_before_the_date_is_the_estimate() -> None:
    figures = [fig("2017-02", "USA", 675), fig("2021-08", "USA", 660)]
    records = [rec(1, "presence", "USA", 600, date="2022-03-01")]
    assert row_of(estimate(records, D(2020, 1, 1), figures), "USA").personnel == 675
    assert row_of(estimate(records, D(2021, 8, 1), figures), "USA").personnel == 660
    row = row_of(estimate(records, D(2022, 3, 1), figures), "USA")
    assert (row.personnel, row.basis, row.basis_kind) == (600, "news (presence)", "presence")
    assert row.sources[0].record_id == 1 and row.sources[0].url == "https://news.example/1"


def test_official_figure_outranks_news_of_the_same_day() -> None:
    records = [rec(1, "presence", "ITA", 1200, date="2025-04-01")]
    row = row_of(estimate(records, D(2025, 5, 1), [fig("2025-04", "ITA", 1258)]), "ITA")
    assert (row.personnel, row.basis, row.sources[0].url) == (1258, "official", PLACEMAT)


def test_rows_sorted_by_personnel_descending() -> None:
    figures = [fig("2017-02", "ALB", 13), fig("2017-02", "USA", 675), fig("2017-02", "AUT", 487)]
    assert [r.contributor for r in estimate([], D(2017, 3, 1), figures).rows] == [
        "USA",
        "AUT",
        "ALB",
    ]


# --- changes ------------------------------------------------------------------------------


def test_deploy_increase_after_a_level_adds_and_is_news_based() -> None:
    records = [
        rec(1, "presence", "BGR", 300, date="2025-05-01"),
        rec(2, "deploy", "BGR", 120, date="2025-05-20", change="increase"),
    ]
    row = row_of(estimate(records, D(2025, 6, 1)), "BGR")
    assert (row.personnel, row.basis, row.basis_kind) == (420, "news (+120)", "change")
    assert (row.as_of, row.net_change) == (D(2025, 5, 20), 120)
    assert row.level is not None and row.level.personnel == 300
    assert [s.record_id for s in row.sources] == [1, 2]


def test_changes_before_the_level_or_after_the_date_move_nothing() -> None:
    records = [
        rec(1, "deploy", "BGR", 50, date="2025-04-01", change="increase"),
        rec(2, "presence", "BGR", 300, date="2025-05-01"),
        rec(3, "deploy", "BGR", 120, date="2025-07-01", change="increase"),
    ]
    assert row_of(estimate(records, D(2025, 6, 1)), "BGR").personnel == 300


def test_a_change_on_the_day_of_a_level_is_taken_as_included_in_it() -> None:
    records = [
        rec(1, "deploy", "BGR", 120, date="2025-05-01", change="increase"),
        rec(2, "presence", "BGR", 300, date="2025-05-01"),
    ]
    assert row_of(estimate(records, D(2025, 6, 1)), "BGR").personnel == 300


def test_withdraw_decrease_subtracts() -> None:
    records = [rec(1, "withdraw", "AUT", 100, date="2023-03-01", change="decrease")]
    row = row_of(estimate(records, D(2023, 4, 1), [fig("2023", "AUT", 271)]), "AUT")
    assert (row.personnel, row.basis) == (171, "news (-100)")


def test_withdraw_without_a_change_is_a_decrease() -> None:
    records = [rec(1, "withdraw", "AUT", 71, date="2023-03-01")]
    assert (
        row_of(estimate(records, D(2023, 4, 1), [fig("2023", "AUT", 271)]), "AUT").personnel == 200
    )


def test_withdrawal_larger_than_the_estimate_ends_at_zero() -> None:
    records = [rec(1, "withdraw", "AUT", 400, date="2023-03-01", change="decrease")]
    result = estimate(records, D(2023, 4, 1), [fig("2023", "AUT", 271)])
    assert result.rows == []
    assert [(r.contributor, r.personnel) for r in result.ended] == [("AUT", 0)]
    entry = timeline("KFOR", records, [fig("2023", "AUT", 271)])[-1]
    assert entry.delta == -271 and "clamped" in entry.note


def test_withdraw_with_no_level_known_moves_nothing() -> None:
    records = [rec(1, "withdraw", "NLD", 50, date="2023-03-01", change="decrease")]
    assert estimate(records, D(2023, 4, 1)).rows == []
    entry = timeline("KFOR", records, [])[0]
    assert (entry.entry_kind, entry.delta, entry.estimate) == ("event", None, None)


def test_deploy_without_change_and_no_level_gives_its_number_news_based() -> None:
    records = [rec(1, "deploy", "ROU", 120, date="2023-10-03", qualifier="approx")]
    row = row_of(estimate(records, D(2023, 11, 1)), "ROU")
    assert (row.personnel, row.qualifier, row.basis, row.basis_kind) == (
        120,
        "approx",
        "news (+120)",
        "change",
    )
    assert row.level is None


def test_deploy_without_change_while_a_level_is_known_moves_nothing() -> None:
    records = [rec(1, "deploy", "ROU", 120, date="2023-10-03")]
    row = row_of(estimate(records, D(2023, 11, 1), [fig("2023", "ROU", 80)]), "ROU")
    assert (row.personnel, row.basis) == (80, "official")
    entry = timeline("KFOR", records, [fig("2023", "ROU", 80)], contributor="ROU")[-1]
    assert entry.entry_kind == "event" and "level is known" in entry.note


def test_deploy_without_change_after_a_withdrawal_to_zero_counts_again() -> None:
    records = [
        rec(1, "withdraw", "AUT", 271, date="2023-03-01"),
        rec(2, "deploy", "AUT", 90, date="2023-09-01"),
    ]
    assert (
        row_of(estimate(records, D(2023, 10, 1), [fig("2023", "AUT", 271)]), "AUT").personnel == 90
    )


def test_increase_with_no_level_known_is_a_minimum() -> None:
    records = [rec(1, "deploy", "TUR", 500, date="2023-06-04", change="increase")]
    row = row_of(estimate(records, D(2023, 7, 1)), "TUR")
    assert (row.personnel, row.qualifier) == (500, "min")


def test_qualifiers_combine_with_the_level() -> None:
    records = [
        rec(1, "deploy", "BGR", 120, date="2023-05-01", change="increase", qualifier="approx")
    ]
    row = row_of(estimate(records, D(2023, 6, 1), [fig("2023", "BGR", 142)]), "BGR")
    assert (row.personnel, row.qualifier) == (262, "approx")


def test_rotation_moves_nothing_and_is_listed_as_an_event() -> None:
    records = [rec(1, "deploy", "POL", 245, date="2023-04-01", change="rotation")]
    figures = [fig("2023", "POL", 245)]
    row = row_of(estimate(records, D(2023, 5, 1), figures), "POL")
    assert (row.personnel, row.basis, row.as_of) == (245, "official", D(2023, 1, 1))
    entry = timeline("KFOR", records, figures)[-1]
    assert (entry.entry_kind, entry.change, entry.delta, entry.estimate) == (
        "event",
        "rotation",
        None,
        245,
    )
    assert entry.note.startswith("rotation")


def test_records_without_a_number_move_nothing_and_are_events() -> None:
    records = [
        rec(1, "deploy", "POL", None, date="2023-04-01", change="increase"),
        rec(2, "presence", "POL", None, date="2023-04-02"),
    ]
    assert (
        row_of(estimate(records, D(2023, 5, 1), [fig("2023", "POL", 245)]), "POL").personnel == 245
    )
    kinds = [(e.entry_kind, e.kind) for e in timeline("KFOR", records, [], contributor="POL")]
    assert kinds == [("event", "deploy"), ("event", "presence")]


def test_contradictory_kind_and_change_move_nothing() -> None:
    records = [rec(1, "withdraw", "POL", 50, date="2023-04-01", change="increase")]
    assert (
        row_of(estimate(records, D(2023, 5, 1), [fig("2023", "POL", 245)]), "POL").personnel == 245
    )


# --- operation total ----------------------------------------------------------------------


def test_sum_of_nations_beside_the_official_operation_level_figure() -> None:
    figures = [
        fig("2022-08", "TOTAL", 3735),
        fig("2022-08", "ITA", 638),
        fig("2022-08", "USA", 635),
    ]
    result = estimate([], D(2022, 9, 1), figures)
    assert result.total_sum == 1273 and result.nations == 2
    assert result.operation_level is not None
    assert (result.operation_level.personnel, result.operation_level.basis) == (3735, "official")
    assert result.operation_level.sources[0].url == PLACEMAT
    assert result.difference == 3735 - 1273
    assert all(r.contributor is not None for r in result.rows)


def test_news_operation_level_presence_replaces_an_older_official_total() -> None:
    records = [rec(1, "presence", None, 4100, date="2024-03-01", qualifier="approx")]
    result = estimate(records, D(2024, 4, 1), [fig("2023", "TOTAL", 4353)])
    assert result.operation_level is not None
    level = result.operation_level
    assert (level.personnel, level.basis, level.qualifier) == (4100, "news (presence)", "approx")
    assert level.sources[0].evidence == "sentence 1"


def test_operation_level_events_move_the_operation_figure() -> None:
    records = [rec(1, "deploy", None, 700, date="2023-05-30", change="increase")]
    result = estimate(records, D(2023, 6, 1), [fig("2023", "TOTAL", 3800)])
    assert result.operation_level is not None
    assert (result.operation_level.personnel, result.operation_level.basis) == (4500, "news (+700)")


def test_formation_figure_of_a_multi_host_operation_is_not_the_operation_level() -> None:
    records = [rec(1, "presence", None, 2200, date="2024-01-01", operation="EFP", host="EST")]
    result = ledger("EFP", D(2024, 2, 1), records, [])
    assert result.operation_level is None
    entry = timeline("EFP", records, [])[0]
    assert entry.entry_kind == "event" and "formation in EST" in entry.note


def test_nations_left_out_of_a_complete_snapshot_drop_to_zero() -> None:
    figures = [
        fig("2017-02", "NLD", 6),
        fig("2017-02", "ITA", 500),
        fig("2017-02", "TOTAL", 506),
        fig("2023", "ITA", 869),
        fig("2023", "TOTAL", 869),
    ]
    result = estimate([], D(2023, 2, 1), figures)
    assert [r.contributor for r in result.rows] == ["ITA"]
    assert [(r.contributor, r.basis, r.basis_kind) for r in result.ended] == [
        ("NLD", "official (not listed)", "absent"),
    ]
    kept = ledger("KFOR", D(2023, 2, 1), [], figures, LedgerOptions(complete_snapshots=False))
    assert [r.contributor for r in kept.rows] == ["ITA", "NLD"]


def test_only_figures_before_a_complete_snapshot_make_a_nation_drop_out() -> None:
    figures = [fig("2023", "ITA", 869), fig("2023", "TOTAL", 869)]
    records = [
        rec(1, "presence", "NLD", 6, date="2023-01-01"),  # the snapshot's own day: not before it
        rec(2, "deploy", "GRC", None, date="2022-12-01"),  # no number: no figure to end
        rec(3, "deploy", "AUT", 90, date="2022-12-01"),
    ]
    result = estimate(records, D(2023, 2, 1), figures)
    assert [r.contributor for r in result.rows] == ["ITA", "NLD"]
    assert [(r.contributor, r.basis_kind) for r in result.ended] == [("AUT", "absent")]
    assert [e.kind for e in timeline("KFOR", records, figures, "NLD")] == ["presence"]


def test_an_incomplete_snapshot_leaves_other_nations_alone() -> None:
    figures = [fig("2017-02", "NLD", 6), fig("2025-04", "ITA", 1258), fig("2025-04", "TOTAL", 4686)]
    assert [r.contributor for r in estimate([], D(2025, 5, 1), figures).rows] == ["ITA", "NLD"]


def test_personnel_types_other_than_total_are_not_counted() -> None:
    figures = [
        OfficialFigure(
            as_of="2014-08-31", operation="UNIFIL", contributor="GHA", personnel=860,
            personnel_type="troops", source="x",
        ),
        OfficialFigure(
            as_of="2014-08-31", operation="UNIFIL", contributor="GHA", personnel=870,
            personnel_type="total", source="x",
        ),
    ]  # fmt: skip
    result = ledger("UNIFIL", D(2015, 1, 1), [], figures)
    assert [(r.contributor, r.personnel) for r in result.rows] == [("GHA", 870)]


# --- one event, many reports ---------------------------------------------------------------


def _two_reports(days: int, first: int | None, second: int | None) -> list[LedgerRecord]:
    start = D(2025, 5, 1)
    return [
        rec(1, "deploy", "BGR", first, date=start.isoformat(), change="increase"),
        rec(2, "deploy", "BGR", second, date=(start + dt.timedelta(days=days)).isoformat(),
            change="increase"),
    ]  # fmt: skip


@pytest.mark.parametrize(("days", "count"), [(29, 1), (30, 1), (31, 2)])
def test_reports_within_the_window_are_one_event(days: int, count: int) -> None:
    assert len(events("KFOR", _two_reports(days, 120, 120))) == count


@pytest.mark.parametrize(("second", "count"), [(109, 1), (110, 1), (111, 2)])
def test_reports_within_the_tolerance_are_one_event(second: int, count: int) -> None:
    assert len(events("KFOR", _two_reports(5, 100, second))) == count


def test_a_report_without_a_number_joins_the_event() -> None:
    found = events("KFOR", _two_reports(3, None, 120))
    assert len(found) == 1
    assert (found[0].personnel, found[0].record_ids, found[0].when) == (120, [1, 2], D(2025, 5, 1))
    assert len(found[0].sources) == 2


def test_one_event_is_counted_once_with_all_its_sources() -> None:
    records = [rec(0, "presence", "BGR", 300, date="2025-04-01"), *_two_reports(10, 120, 120)]
    row = row_of(estimate(records, D(2025, 6, 1)), "BGR")
    assert (row.personnel, row.basis) == (420, "news (+120)")
    assert [s.record_id for s in row.sources] == [0, 1, 2]


def test_separate_events_each_count() -> None:
    records = [rec(0, "presence", "BGR", 300, date="2025-04-01"), *_two_reports(31, 120, 120)]
    assert row_of(estimate(records, D(2025, 7, 1)), "BGR").personnel == 540


def test_the_event_number_is_the_most_specific_figure() -> None:
    records = [
        rec(1, "deploy", "TUR", 500, date="2023-06-01", qualifier="approx", change="increase"),
        rec(2, "deploy", "TUR", 480, date="2023-06-04", change="increase"),
    ]
    (event,) = events("KFOR", records)
    assert (event.personnel, event.qualifier, event.when) == (480, "exact", D(2023, 6, 1))


def test_the_window_runs_from_the_first_report_so_rotations_do_not_chain() -> None:
    records = [
        rec(i, "deploy", "POL", 240, date=(D(2025, 1, 1) + dt.timedelta(days=20 * i)).isoformat())
        for i in range(3)
    ]
    assert [e.record_ids for e in events("KFOR", records)] == [[0, 1], [2]]


def test_deploys_and_withdrawals_are_not_one_event() -> None:
    records = [
        rec(1, "deploy", "AUT", 100, date="2025-01-01"),
        rec(2, "withdraw", "AUT", 100, date="2025-01-05"),
        rec(3, "deploy", "DEU", 100, date="2025-01-02"),
    ]
    assert len(events("KFOR", records)) == 3


# --- conflicts ----------------------------------------------------------------------------


def _levels(first: int, second: int, days: int, **kinds: str) -> list[LedgerRecord]:
    start = D(2025, 5, 1)
    return [
        rec(1, "presence", "HUN", first, date=start.isoformat(), qualifier=kinds.get("q1")),
        rec(2, "presence", "HUN", second, date=(start + dt.timedelta(days=days)).isoformat(),
            qualifier=kinds.get("q2")),
    ]  # fmt: skip


def test_close_levels_that_differ_much_are_a_flagged_conflict() -> None:
    records = _levels(390, 460, 11)
    (conflict,) = conflicts("KFOR", records, [])
    assert (conflict.first.personnel, conflict.second.personnel) == (390, 460)
    assert (conflict.days_apart, conflict.difference) == (11, 70)
    assert conflict.first.source.record_id == 1 and conflict.second.source.record_id == 2
    result = estimate(records, D(2025, 6, 1))
    assert row_of(result, "HUN").flagged and result.conflicts == [conflict]


@pytest.mark.parametrize(
    ("first", "second", "days", "flagged"),
    [
        (390, 460, 31, True),
        (390, 460, 32, False),  # too far apart
        (400, 460, 10, False),  # 15% of 400 exactly: not more
        (400, 461, 10, True),
        (100, 120, 10, False),  # 20%, but only 20 personnel
        (100, 121, 10, True),
        (10, 30, 10, False),  # 200%, but 20 personnel
    ],
)
def test_conflict_thresholds(first: int, second: int, days: int, flagged: bool) -> None:
    assert bool(conflicts("KFOR", _levels(first, second, days), [])) is flagged
    assert row_of(estimate(_levels(first, second, days), D(2025, 8, 1)), "HUN").flagged is flagged


def test_conflict_options_are_respected() -> None:
    loose = LedgerOptions(conflict_ratio=0.5, conflict_min_diff=100)
    assert conflicts("KFOR", _levels(390, 460, 11), [], loose) == []
    with pytest.raises(ValueError):
        LedgerOptions(event_window_days=-1)


def test_official_and_news_levels_can_conflict() -> None:
    records = [rec(1, "presence", "HUN", 460, date="2025-04-10")]
    (conflict,) = conflicts("KFOR", records, [fig("2025-04", "HUN", 390)])
    assert (conflict.first.basis_kind, conflict.second.basis_kind) == ("official", "presence")
    assert conflict.first.source.url == PLACEMAT


def test_changes_between_two_levels_explain_the_difference() -> None:
    records = [*_levels(300, 420, 20), rec(3, "deploy", "HUN", 120, date="2025-05-10",
                                          change="increase")]  # fmt: skip
    assert conflicts("KFOR", records, []) == []


def test_a_bound_agrees_with_figures_on_its_side() -> None:
    assert conflicts("KFOR", _levels(300, 420, 5, q1="min"), []) == []
    assert len(conflicts("KFOR", _levels(420, 300, 5, q1="min"), [])) == 1


def test_a_conflict_with_an_older_level_no_longer_used_is_not_flagged() -> None:
    records = [*_levels(390, 460, 11), rec(3, "presence", "HUN", 455, date="2025-09-01")]
    result = estimate(records, D(2025, 10, 1))
    assert not row_of(result, "HUN").flagged and result.conflicts == []
    assert len(conflicts("KFOR", records, [])) == 1


# --- timeline -----------------------------------------------------------------------------


def test_timeline_agrees_with_the_ledger_on_every_date() -> None:
    figures = [fig("2023", "BGR", 142), fig("2023", "TOTAL", 4353)]
    records = [
        rec(1, "deploy", "BGR", 120, date="2023-05-20", change="increase"),
        rec(2, "deploy", "BGR", 120, published=D(2023, 5, 22), change="increase"),
        rec(3, "deploy", "BGR", 140, date="2023-11-01", change="rotation"),
        rec(4, "withdraw", "BGR", 60, date="2024-02-01"),
        rec(5, "presence", "BGR", 200, date="2024-06-01"),
    ]
    entries = timeline("KFOR", records, figures, contributor="BGR")
    assert [(e.entry_kind, e.estimate) for e in entries] == [
        ("level", 142),
        ("change", 262),
        ("event", 262),
        ("change", 202),
        ("level", 200),
    ]
    assert entries[1].record_ids == [1, 2] and entries[1].basis == "news (+120)"
    for entry in entries:
        assert row_of(estimate(records, entry.when, figures), "BGR").personnel == entry.estimate
    whole = timeline("KFOR", records, figures, contributor="TOTAL")
    assert [(e.contributor, e.estimate) for e in whole] == [(None, 4353)]
    assert len(timeline("KFOR", records, figures)) == 6


def test_results_serialise_to_json() -> None:
    records = [rec(1, "presence", "BGR", 300, date="2023-05")]
    result = estimate(records, D(2023, 6, 1), [fig("2023", "TOTAL", 4353)])
    assert Ledger.model_validate_json(result.model_dump_json()) == result


def test_ledger_record_from_a_record_and_its_article() -> None:
    record = Record(article="d01", kind="presence", contributor="TUR", operation="KFOR",
                    personnel=350, qualifier="approx")  # fmt: skip
    article = Article(id="d01", title="Türkiye reinforces KFOR", text="...", hash="h",
                      published=D(2023, 6, 5), url="https://news.example/d01")  # fmt: skip
    item = LedgerRecord.from_record(record, record_id=7, article=article)
    assert (item.id, item.published, item.source_title, item.source_url) == (
        7,
        D(2023, 6, 5),
        "Türkiye reinforces KFOR",
        "https://news.example/d01",
    )
    assert row_of(ledger("KFOR", D(2023, 7, 1), [item], []), "TUR").personnel == 350


# --- the shipped KFOR figures --------------------------------------------------------------


def _kfor() -> list[OfficialFigure]:
    return [f for f in load_shipped_figures() if f.operation == "KFOR"]


def test_shipped_kfor_figures_for_february_2017() -> None:
    result = ledger("KFOR", D(2017, 3, 1), [], _kfor())
    assert (result.nations, result.total_sum) == (30, 4273)
    assert all(r.as_of_text == "2017-02" and r.basis == "official" for r in result.rows)
    assert result.operation_level is not None
    assert (result.operation_level.personnel, result.difference) == (4273, 0)
    assert [r.personnel for r in result.rows] == sorted(
        (r.personnel for r in result.rows), reverse=True
    )
    assert result.conflicts == []


def test_shipped_kfor_figures_for_2023_are_a_complete_snapshot() -> None:
    result = ledger("KFOR", D(2023, 2, 1), [], _kfor())
    assert (result.nations, result.total_sum, result.difference) == (27, 4353, 0)
    assert "UKR" in {r.contributor for r in result.ended}
    assert conflicts("KFOR", [], _kfor()) == []


# --- large seeded histories: the fast implementation against the frozen reference -----------

# `ledger_reference` is the ledger as it was before issue 5, quadratic but plainly correct;
# the histories below are dense on purpose (many reports per window, numbers close to each
# other's tolerances, levels close in time) so that clustering and conflicts have work to do.

NATIONS = ("BGR", "DEU", "HUN", "ITA", "POL", "TUR", "USA", "AUT", "TOTAL")
KINDS_DRAWN = ("presence", "presence", "deploy", "deploy", "deploy", "withdraw")
CHANGES_DRAWN = (None, None, "increase", "increase", "decrease", "rotation")
QUALIFIERS_DRAWN = ("exact", "approx", "approx", "min", "max", None)
BASES = (40, 100, 105, 140, 300, 320, 450, 1000, 1090)


def _day(rng: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


def _date_text(rng: random.Random, day: dt.date) -> str | None:
    """A day, a month, a year, nothing, or something unreadable (then the publication counts)."""
    form = rng.random()
    if form < 0.45:
        return day.isoformat()
    if form < 0.55:
        return day.isoformat()[:7]
    if form < 0.6:
        return str(day.year)
    if form < 0.62:
        return f"{day.year}-13"
    return None


def _random_records(
    rng: random.Random, n: int, operation: str, start: dt.date, span: int, host: str | None
) -> list[LedgerRecord]:
    records = []
    for i in range(n):
        kind = rng.choice(KINDS_DRAWN)
        personnel = None if rng.random() < 0.15 else rng.choice(BASES) + rng.randint(-12, 12)
        day = _day(rng, start, span)
        published = None if rng.random() < 0.05 else day + dt.timedelta(days=rng.randint(0, 6))
        contributor = rng.choice(NATIONS)
        record_id: int | str = i if rng.random() < 0.9 else f"r{i:05d}"
        records.append(
            LedgerRecord.model_validate(
                {
                    "id": record_id,
                    "article": f"a{i // 3}",
                    "kind": kind,
                    "contributor": None if contributor == "TOTAL" else contributor,
                    "operation": operation if rng.random() < 0.95 else "UNIFIL",
                    "host": host if rng.random() < 0.7 else None,
                    "personnel": personnel,
                    "qualifier": rng.choice(QUALIFIERS_DRAWN) if personnel else None,
                    "date": _date_text(rng, day),
                    "change": None if kind == "presence" else rng.choice(CHANGES_DRAWN),
                    "evidence": f"sentence {i}",
                    "published": published,
                    "source_title": f"Story {i}" if rng.random() < 0.8 else None,
                    "source_url": f"https://news.example/{i}",
                }
            )
        )
    return records


def _random_figures(
    rng: random.Random, snapshots: int, operation: str, start: dt.date, span: int
) -> list[OfficialFigure]:
    """Official snapshots; most add up to their TOTAL (complete), some leave nations out."""
    figures = []
    for s in range(snapshots):
        day = _day(rng, start, span)
        as_of = day.isoformat() if s % 3 else day.isoformat()[:7]
        listed = rng.sample(NATIONS[:-1], rng.randint(1, len(NATIONS) - 2))
        rows = {nation: rng.choice(BASES) + rng.randint(-12, 12) for nation in listed}
        total = sum(rows.values()) + (0 if rng.random() < 0.7 else rng.randint(1, 50))
        rows["TOTAL"] = total
        for nation, personnel in rows.items():
            figures.append(
                OfficialFigure(
                    as_of=as_of, operation=operation, contributor=nation, personnel=personnel,
                    personnel_type="total" if rng.random() < 0.97 else "troops",
                    source=f"https://official.example/{s}",
                )
            )  # fmt: skip
    return figures


def _large_history(
    seed: int, n: int = 2500
) -> tuple[str, list[LedgerRecord], list[OfficialFigure]]:
    rng = random.Random(seed)
    operation, host = ("EFP", "LTU") if seed % 2 else ("KFOR", "XKX")
    start, span = D(2019, 1, 1), 500 + 400 * (seed % 3)
    records = _random_records(rng, n, operation, start, span, host)
    figures = _random_figures(rng, 25, operation, start, span)
    rng.shuffle(records)
    return operation, records, figures


def _sample_dates(seed: int) -> list[dt.date]:
    rng = random.Random(seed + 100)
    return [D(2018, 12, 31), D(2030, 1, 1)] + [_day(rng, D(2019, 1, 1), 1400) for _ in range(10)]


LARGE_CASES = [
    (1, DEFAULT_OPTIONS),
    (2, DEFAULT_OPTIONS),
    (3, LedgerOptions(complete_snapshots=False, conflict_window_days=60)),
    (4, LedgerOptions(event_window_days=7, event_tolerance=0.0, conflict_min_diff=0)),
]


class _Reference:
    """The frozen implementation's answers for one history, built once and asked many times.

    Its public functions rebuild the history at every call; holding the built history keeps
    the comparison fast enough for the suite.
    """

    def __init__(
        self,
        operation: str,
        records: list[LedgerRecord],
        figures: list[OfficialFigure],
        options: LedgerOptions,
    ) -> None:
        from ledger_reference import api, history

        self.api, self.operation = api, operation
        self.history = history.build_history(operation, records, figures, options)

    def ledger(self, at: dt.date) -> Ledger:
        return self.api.ledger_of(self.history, self.operation, at)

    def timeline(self, contributor: str | None) -> list[TimelineEntry]:
        only = None if contributor is None else [None if contributor == "TOTAL" else contributor]
        return self.history.timeline(only=only)


@pytest.mark.parametrize(("seed", "options"), LARGE_CASES)
def test_large_histories_match_the_reference_implementation(
    seed: int, options: LedgerOptions
) -> None:
    operation, records, figures = _large_history(seed)
    reference = _Reference(operation, records, figures, options)
    built = build_history(operation, records, figures, options)
    assert built.events == reference.history.events
    assert len(built.events) > 500  # the histories do cluster: not one event per record
    assert built.conflicts == reference.history.conflicts
    assert len(built.conflicts) > 50
    assert built.undated == reference.history.undated
    assert len(built.undated) > 10
    for contributor in (None, "TOTAL", "HUN", "USA", "XXX"):
        assert built.timeline(contributor) == reference.timeline(contributor)
    for at in _sample_dates(seed):
        assert built.ledger_at(at) == reference.ledger(at)


def test_the_public_functions_answer_as_the_history_does() -> None:
    operation, records, figures = _large_history(5, 600)
    built = build_history(operation, records, figures, DEFAULT_OPTIONS)
    reference = _Reference(operation, records, figures, DEFAULT_OPTIONS)
    at = D(2019, 9, 1)
    assert ledger(operation, at, records, figures) == built.ledger_at(at) == reference.ledger(at)
    assert timeline(operation, records, figures, "DEU") == built.timeline("DEU")
    assert conflicts(operation, records, figures) == built.conflicts
    assert events(operation, records) == built.events == reference.history.events
    assert undated(operation, records) == built.undated


# --- the history kept between requests (queries.ledger_history) -----------------------------


def _article(
    article_id: str, published: dt.date, *numbers: int, operation: str = "KFOR"
) -> tuple[Article, list[Record], list[Fact]]:
    article = Article(
        id=article_id, title=f"Story {article_id}", text=f"Text of {article_id}.",
        hash=f"{article_id}:{published}:{numbers}", published=published,
        url=f"https://news.example/{article_id}",
    )  # fmt: skip
    records = [
        Record(article=article_id, kind="presence", contributor=nation, operation=operation,
               host="XKX", personnel=number, qualifier="exact", evidence=f"{nation} {number}")
        for nation, number in zip(("HUN", "AUT", "ITA"), numbers, strict=False)
    ]  # fmt: skip
    return article, records, []


def _hungary(engine: Engine, at: dt.date | None = None) -> int:
    return row_of(queries.operation_ledger(engine, "KFOR", at or D(2030, 1, 1)), "HUN").personnel


def test_the_stored_ledger_is_the_pure_ledger_of_the_stored_inputs(engine: Engine) -> None:
    ingest_batch(
        engine, [_article("a1", D(2023, 3, 1), 300, 120), _article("a2", D(2023, 9, 1), 90)]
    )
    import_figures(engine, _kfor())
    records, figures = queries.ledger_inputs(engine, "KFOR")
    for at in (D(2017, 3, 1), D(2023, 2, 1), D(2023, 6, 1), D(2024, 1, 1)):
        assert queries.operation_ledger(engine, "KFOR", at) == ledger("KFOR", at, records, figures)
    assert queries.operation_timeline(engine, "KFOR", "HUN") == timeline(
        "KFOR", records, figures, "HUN"
    )
    assert queries.operation_conflicts(engine, "KFOR") == conflicts("KFOR", records, figures)


def test_the_history_is_built_once_and_kept_while_the_store_is_unchanged(engine: Engine) -> None:
    ingest_batch(engine, [_article("a1", D(2023, 3, 1), 300)])
    first = queries.ledger_history(engine, "KFOR")
    assert queries.ledger_history(engine, "KFOR") is first
    assert queries.ledger_history(engine, "KFOR", LedgerOptions(conflict_ratio=0.5)) is not first
    assert queries.ledger_history(engine, "UNIFIL") is not first
    assert _hungary(engine) == 300
    assert queries.ledger_history(engine, "KFOR") is first


def test_every_kind_of_write_is_seen_by_the_next_request(engine: Engine) -> None:
    ingest_batch(engine, [_article("a1", D(2023, 3, 1), 300), _article("a2", D(2023, 1, 1), 50)])
    assert _hungary(engine) == 300
    ingest_batch(engine, [_article("a3", D(2023, 5, 1), 310)])  # a new article
    assert _hungary(engine) == 310
    ingest_batch(engine, [_article("a3", D(2023, 5, 1), 333)])  # replaced, as many records
    assert _hungary(engine) == 333
    ingest_batch(engine, [_article("a3", D(2022, 5, 1), 333)])  # only the article's date
    assert _hungary(engine) == 300
    assert delete_article(engine, "a2")  # neither the largest id nor the latest figure
    assert [e.personnel for e in queries.operation_timeline(engine, "KFOR", "HUN")] == [333, 300]
    assert delete_article(engine, "a1")
    assert _hungary(engine) == 333
    import_figures(engine, [fig("2023-04", "HUN", 280)])
    assert _hungary(engine) == 280
    assert _hungary(engine, D(2023, 3, 15)) == 333


def test_two_databases_never_share_a_history(tmp_path: Path) -> None:
    engines = [make_engine(f"sqlite:///{tmp_path / name}") for name in ("one.db", "two.db")]
    try:
        for engine, number in zip(engines, (300, 450), strict=True):
            ensure_schema(engine)
            ingest_batch(engine, [_article("a1", D(2023, 3, 1), number)])
        # Same operation, same counts and ids: only the database tells them apart.
        assert store.ledger_version(engines[0], "KFOR") == store.ledger_version(
            engines[1], "KFOR"
        )
        assert [_hungary(engine) for engine in engines] == [300, 450]
        assert [_hungary(engine) for engine in engines] == [300, 450]
    finally:
        for engine in engines:
            engine.dispose()


def test_private_in_memory_databases_are_not_cached() -> None:
    engine = make_engine("sqlite://")
    try:
        ensure_schema(engine)
        ingest_batch(engine, [_article("a1", D(2023, 3, 1), 300)])
        assert queries.ledger_history(engine, "KFOR") is not queries.ledger_history(engine, "KFOR")
        assert _hungary(engine) == 300
    finally:
        engine.dispose()


def _empty_history(operation: str) -> History:
    return build_history(operation, [], [], DEFAULT_OPTIONS)


def test_the_cache_drops_the_least_recently_used_first() -> None:
    cache = queries.HistoryCache(max_entries=2, max_records=100)
    version = store.LedgerVersion(1, 0, 1, None)
    keys = [("db", operation, DEFAULT_OPTIONS) for operation in ("KFOR", "UNIFIL", "EFP")]
    kept = [
        queries.KeptHistory(version, (1, None), _empty_history(key[1]), size)
        for key, size in zip(keys, (10, 10, 10), strict=True)
    ]
    cache.put(keys[0], kept[0])
    cache.put(keys[1], kept[1])
    assert cache.get(keys[0]) is kept[0]  # now the most recently used
    cache.put(keys[2], kept[2])
    assert (cache.get(keys[1]), len(cache)) == (None, 2)
    assert cache.get(keys[0]) is kept[0]
    big = replace(kept[1], size=95)  # over the records bound: the others go
    cache.put(keys[1], big)
    assert (cache.get(keys[1]), len(cache)) == (big, 1)
    huge = replace(kept[0], size=500)  # too big even alone: kept, alone
    cache.put(keys[0], huge)
    assert (cache.get(keys[0]), len(cache)) == (huge, 1)
    cache.clear()
    assert len(cache) == 0


def test_writes_to_other_operations_keep_the_history(engine: Engine) -> None:
    ingest_batch(engine, [_article("a1", D(2023, 3, 1), 300)])
    first = queries.ledger_history(engine, "KFOR")
    ingest_batch(engine, [_article("u1", D(2023, 4, 1), 800, operation="UNIFIL")])
    import_figures(engine, [fig("2023-04", "ITA", 1000, operation="UNIFIL")])
    assert queries.ledger_history(engine, "KFOR") is first
    assert queries.ledger_history(engine, "KFOR") is first
    # One KFOR article out, another in, with another operation's: the count does not move.
    assert delete_article(engine, "a1")
    unifil = _article("u2", D(2023, 5, 1), 5, operation="UNIFIL")
    ingest_batch(engine, [_article("a2", D(2023, 5, 1), 320), unifil])
    assert queries.ledger_history(engine, "KFOR") is not first
    assert _hungary(engine) == 320


def test_requests_that_miss_together_wait_for_one_build(engine: Engine) -> None:
    ingest_batch(engine, [_article("a1", D(2023, 3, 1), 300)])
    start = threading.Barrier(4)
    built: list[History] = []

    def ask() -> None:
        start.wait()
        built.append(queries.ledger_history(engine, "KFOR"))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 4 and all(history is built[0] for history in built)
