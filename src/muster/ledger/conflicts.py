"""Conflicting levels: two figures for one contribution, close in time, that cannot both hold.

Sources disagree (an official placemat against a minister's round figure, two outlets against
each other); the ledger keeps the later one but shows the pair so an analyst can judge.
Changes reported between the two are allowed for: 300 then +120 then 420 is no conflict.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from muster.ledger.schema import Conflict, Event, LedgerOptions, Level


class _NetChanges:
    """Net change of a contribution's events between two days, from prefix sums over time.

    A deploy without a stated change is left out: with a level known it may be a rotation.
    Sorting once and bisecting makes each pair of levels O(log n) instead of a walk over every
    event of the contribution.
    """

    __slots__ = ("_days", "_sums")

    def __init__(self, events: Iterable[Event]) -> None:
        moves = sorted(
            (event.when, event.personnel if event.direction == "increase" else -event.personnel)
            for event in events
            if event.personnel is not None and event.direction in ("increase", "decrease")
        )
        self._days = [when for when, _ in moves]
        self._sums = [0, *accumulate(delta for _, delta in moves)]

    def between(self, after: Level, until: Level) -> int:
        """Events after the first level's day and up to the second's."""
        if until.when <= after.when:
            return 0
        end = bisect_right(self._days, until.when)
        start = bisect_right(self._days, after.when)
        return self._sums[end] - self._sums[start]


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
    """Every conflicting pair among one contribution's levels, given in time order.

    Only pairs within `conflict_window_days` are compared: the scan from each level stops at
    the first later one outside the window.
    """
    found: list[Conflict] = []
    changes = _NetChanges(events)
    real = [level for level in levels if level.basis_kind != "absent"]
    for i, first in enumerate(real):
        for second in real[i + 1 :]:
            days = (second.when - first.when).days
            if days > options.conflict_window_days:
                break
            net = changes.between(first, second)
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
