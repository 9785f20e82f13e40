"""One event, many reports: clustering deploy and withdraw records into events.

A departure is announced, reported on the day and recalled a week later; counted three
times it would triple the contingent. Records of the same nation, operation and kind that
fall within a window of the event's first report and agree on the number (or lack one) are
one event carrying every source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from muster.ledger.dates import Dated
from muster.ledger.schema import Direction, Event, LedgerOptions, Source
from muster.models import Change, Kind, Qualifier

OPERATION_KEY = "TOTAL"
"""How official files name the whole operation; records use a None contributor instead."""

_SPECIFICITY: dict[Qualifier | None, int] = {"exact": 0, "approx": 1, "min": 2, "max": 2, None: 3}


def nation_key(contributor: str | None) -> str | None:
    """None stands for the whole operation whichever way the input spelled it."""
    return None if contributor in (None, OPERATION_KEY) else contributor


def within(a: int, b: int, ratio: float) -> bool:
    """Whether two figures differ by at most `ratio` of the smaller one."""
    return abs(a - b) <= ratio * min(a, b)


def direction(kind: Kind, change: Change | None, personnel: int | None) -> Direction:
    """How an event may move a level; contradictory kind/change pairs move nothing."""
    if personnel is None:
        return "none"
    if kind == "deploy":
        if change == "increase":
            return "increase"
        return "unknown" if change is None else "none"
    if kind == "withdraw" and change in ("decrease", None):
        return "decrease"
    return "none"


def _order(item: Dated) -> tuple[object, ...]:
    return (item.when, item.dated_by != "date", str(item.record.id))


def _rank(item: Dated) -> tuple[object, ...]:
    """Most specific figure first, then the earliest report."""
    return (_SPECIFICITY[item.record.qualifier], *_order(item))


class _Cluster:
    """The reports of one event so far, and the one whose figure stands for the event.

    Reports join in time order, so the representative (the most specific figure, the earliest
    among equals; the first report while none has a number) is kept up to date as each joins
    instead of being searched for among all members at every comparison.
    """

    __slots__ = ("members", "representative", "_rank")

    def __init__(self, first: Dated) -> None:
        self.members = [first]
        self.representative = first
        self._rank = _rank(first) if first.record.personnel is not None else None

    @property
    def first(self) -> Dated:
        return self.members[0]

    def add(self, item: Dated) -> None:
        self.members.append(item)
        if item.record.personnel is None:
            return
        rank = _rank(item)
        if self._rank is None or rank < self._rank:
            self.representative, self._rank = item, rank

    def fits(self, item: Dated, options: LedgerOptions) -> bool:
        """Whether the report's number agrees with the event's (the window is checked apart)."""
        mine = self.representative.record.personnel
        theirs = item.record.personnel
        return mine is None or theirs is None or within(mine, theirs, options.event_tolerance)


def _cluster(items: list[Dated], options: LedgerOptions) -> list[_Cluster]:
    """Greedy in time order; a report joins the latest event it fits, else starts one.

    Measuring the window from the event's first report keeps every pair of reports within
    it, so a monthly rotation of the same size never chains into one endless event. Events
    start in time order, so those whose first report has left the window stay out of it for
    every later report: only the events of the last `event_window_days` are compared.
    """
    clusters: list[_Cluster] = []
    open_from = 0
    for item in sorted(items, key=_order):
        while (
            open_from < len(clusters)
            and (item.when - clusters[open_from].first.when).days > options.event_window_days
        ):
            open_from += 1
        home = next(
            (
                clusters[i]
                for i in range(len(clusters) - 1, open_from - 1, -1)
                if clusters[i].fits(item, options)
            ),
            None,
        )
        if home is None:
            clusters.append(_Cluster(item))
        else:
            home.add(item)
    return clusters


def _event(operation: str, cluster: _Cluster) -> Event:
    rep = cluster.representative.record
    change = rep.change
    if change is None:
        change = next((m.record.change for m in cluster.members if m.record.change), None)
    kind: Literal["deploy", "withdraw"] = "deploy" if rep.kind == "deploy" else "withdraw"
    first = cluster.first
    return Event(
        operation=operation,
        contributor=nation_key(rep.contributor),
        kind=kind,
        change=change,
        direction=direction(kind, change, rep.personnel),
        personnel=rep.personnel,
        qualifier=rep.qualifier,
        when=first.when,
        date_text=first.date_text,
        dated_by=first.dated_by,
        record_ids=[m.record.id for m in cluster.members],
        sources=[Source.from_record(m.record) for m in cluster.members],
    )


def cluster_events(operation: str, items: Iterable[Dated], options: LedgerOptions) -> list[Event]:
    """Dated deploy/withdraw records of one operation as events, in time order."""
    groups: dict[tuple[str | None, str], list[Dated]] = defaultdict(list)
    for item in items:
        if item.record.kind in ("deploy", "withdraw"):
            groups[(nation_key(item.record.contributor), item.record.kind)].append(item)
    result = [
        _event(operation, cluster)
        for group in groups.values()
        for cluster in _cluster(group, options)
    ]
    result.sort(key=lambda e: (e.when, e.contributor or "", e.kind, str(e.record_ids[0])))
    return result
