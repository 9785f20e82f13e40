"""One event, many reports: clustering deploy and withdraw records into events.

A departure is announced, reported on the day and recalled a week later; counted three
times it would triple the contingent. Records of the same nation, operation and kind that
fall within a window of the event's first report and agree on the number (or lack one) are
one event carrying every source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ledger_reference.dates import Dated
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


@dataclass
class _Cluster:
    members: list[Dated] = field(default_factory=list)

    @property
    def first(self) -> Dated:
        return self.members[0]

    def representative(self) -> Dated:
        """The most specific figure, the earliest among equals (the first report if none)."""
        numbered = [m for m in self.members if m.record.personnel is not None]
        if not numbered:
            return self.first
        return min(numbered, key=lambda m: (_SPECIFICITY[m.record.qualifier], *_order(m)))

    def accepts(self, item: Dated, options: LedgerOptions) -> bool:
        if (item.when - self.first.when).days > options.event_window_days:
            return False
        mine = self.representative().record.personnel
        theirs = item.record.personnel
        return mine is None or theirs is None or within(mine, theirs, options.event_tolerance)


def _cluster(items: list[Dated], options: LedgerOptions) -> list[_Cluster]:
    """Greedy in time order; a report joins the latest event it fits, else starts one.

    Measuring the window from the event's first report keeps every pair of reports within
    it, so a monthly rotation of the same size never chains into one endless event.
    """
    clusters: list[_Cluster] = []
    for item in sorted(items, key=_order):
        home = next((c for c in reversed(clusters) if c.accepts(item, options)), None)
        if home is None:
            home = _Cluster()
            clusters.append(home)
        home.members.append(item)
    return clusters


def _event(operation: str, cluster: _Cluster) -> Event:
    rep = cluster.representative().record
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
