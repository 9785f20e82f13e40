"""Conflicting levels: two figures for one contribution, close in time, that cannot both hold.

Sources disagree (an official placemat against a minister's round figure, two outlets against
each other); the ledger keeps the later one but shows the pair so an analyst can judge.
Changes reported between the two are allowed for: 300 then +120 then 420 is no conflict.
"""

from __future__ import annotations

from collections.abc import Iterable

from muster.ledger.schema import Conflict, Event, LedgerOptions, Level


def _net_between(events: Iterable[Event], after: Level, until: Level) -> int:
    """Net change of events after the first level's day and up to the second's.

    A deploy without a stated change is left out: with a level known it may be a rotation.
    """
    net = 0
    for event in events:
        if event.personnel is None or not after.when < event.when <= until.when:
            continue
        if event.direction == "increase":
            net += event.personnel
        elif event.direction == "decrease":
            net -= event.personnel
    return net


def _consistent_bounds(first: Level, second: Level, expected: int) -> bool:
    """ "More than 300" and 400 agree; a bound only conflicts with figures on its wrong side."""
    value = second.personnel
    return (
        (first.qualifier == "min" and value >= expected)
        or (first.qualifier == "max" and value <= expected)
        or (second.qualifier == "min" and expected >= value)
        or (second.qualifier == "max" and expected <= value)
    )


def disagree(expected: int, value: int, options: LedgerOptions) -> bool:
    """Beyond both tolerances: the relative one (of the smaller figure) and the absolute one."""
    gap = abs(value - expected)
    return gap > options.conflict_min_diff and gap > options.conflict_ratio * min(expected, value)


def find_conflicts(
    operation: str, levels: list[Level], events: list[Event], options: LedgerOptions
) -> list[Conflict]:
    """Every conflicting pair among one contribution's levels, given in time order."""
    found: list[Conflict] = []
    real = [level for level in levels if level.basis_kind != "absent"]
    for i, first in enumerate(real):
        for second in real[i + 1 :]:
            days = (second.when - first.when).days
            if days > options.conflict_window_days:
                break
            net = _net_between(events, first, second)
            expected = max(0, first.personnel + net)
            if not disagree(expected, second.personnel, options):
                continue
            if _consistent_bounds(first, second, expected):
                continue
            found.append(
                Conflict(
                    operation=operation,
                    contributor=first.contributor,
                    first=first,
                    second=second,
                    days_apart=days,
                    net_change_between=net,
                    expected=expected,
                    difference=second.personnel - expected,
                )
            )
    return found
