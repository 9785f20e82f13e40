"""One operation's history: every level, event and loose record per contribution, walked.

Built once from the records and official figures, it answers the ledger on any date, the
timeline and the conflicts without recomputing, and keeps all three consistent.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from muster.catalogue import get_operation
from muster.ledger.collector import collector_paused
from muster.ledger.conflicts import find_conflicts
from muster.ledger.dates import Dated, date_record, parse_partial_date
from muster.ledger.events import cluster_events, nation_key
from muster.ledger.schema import (
    Conflict,
    Event,
    Ledger,
    LedgerOptions,
    LedgerRecord,
    LedgerRow,
    Level,
    Source,
    TimelineEntry,
)
from muster.ledger.walk import (
    PHASE_ABSENT,
    PHASE_EVENT,
    PHASE_OFFICIAL,
    PHASE_PRESENCE,
    Estimate,
    Step,
    Walked,
    walk,
)
from muster.models import OfficialFigure

Key = str | None


def _figure_level(figure: OfficialFigure) -> Level:
    when = parse_partial_date(figure.as_of)
    if when is None:
        raise ValueError(f"official figure with an unreadable as_of: {figure.as_of!r}")
    return Level(
        ref=f"figure:{figure.as_of}:{figure.contributor}:{figure.source}",
        contributor=nation_key(figure.contributor),
        personnel=figure.personnel,
        qualifier="exact",
        when=when,
        date_text=figure.as_of,
        dated_by="as_of",
        basis_kind="official",
        source=Source.from_figure(figure),
    )


def _presence_level(item: Dated) -> Level:
    record = item.record
    assert record.personnel is not None
    return Level(
        ref=f"record:{record.id}",
        contributor=nation_key(record.contributor),
        personnel=record.personnel,
        qualifier=record.qualifier,
        when=item.when,
        date_text=item.date_text,
        dated_by=item.dated_by,
        basis_kind="presence",
        source=Source.from_record(record),
    )


def _several_hosts(operation: str) -> bool:
    found = get_operation(operation)
    return found is not None and len(found.hosts) > 1


def _absent_levels(figures: list[OfficialFigure], steps: dict[Key, list[Step]]) -> list[Level]:
    """Zero levels for nations left out of a complete snapshot (rows that add up to TOTAL)."""
    by_date: dict[str, list[OfficialFigure]] = defaultdict(list)
    for figure in figures:
        by_date[figure.as_of].append(figure)
    first_figure = {
        key: min((s.when for s in key_steps if _counts(s)), default=None)
        for key, key_steps in steps.items()
    }
    absent: list[Level] = []
    for as_of, rows in by_date.items():
        totals = [f for f in rows if nation_key(f.contributor) is None]
        listed = {f.contributor for f in rows if nation_key(f.contributor) is not None}
        national = sum(f.personnel for f in rows if f.contributor in listed)
        when = parse_partial_date(as_of)
        if len(totals) != 1 or not listed or national != totals[0].personnel or when is None:
            continue
        evidence = (
            f"not listed in the {as_of} figures, whose {len(listed)} national rows add up to "
            f"the total of {totals[0].personnel}"
        )
        for key, since in first_figure.items():
            if key is None or key in listed or since is None or since >= when:
                continue
            source = Source(
                kind="official",
                url=totals[0].source or None,
                evidence=evidence,
                date_text=as_of,
                personnel=0,
                qualifier="exact",
            )
            absent.append(
                Level(
                    ref=f"absent:{as_of}:{key}",
                    contributor=key,
                    personnel=0,
                    qualifier="exact",
                    when=when,
                    date_text=as_of,
                    dated_by="as_of",
                    basis_kind="absent",
                    source=source,
                )
            )
    return absent


def _counts(step: Step) -> bool:
    """Whether a step gives a figure (a level or a numbered event), not a mere mention."""
    return step.level is not None or (step.event is not None and step.event.personnel is not None)


@dataclass
class History:
    """Everything the ledger knows about one operation, ready to answer for any date.

    Building it is the costly part (sorting, clustering, conflicts, walks: O(n log n) in the
    records); `ledger_at`, `timeline` and `estimates_at` only look up what it holds, so one
    History can be kept and asked again and again. Its results share parts (levels, sources,
    timeline entries) with it and with each other: treat them as read-only.
    """

    operation: str
    walks: dict[Key, list[Walked]]
    events: list[Event]
    conflicts: list[Conflict]
    undated: list[LedgerRecord]
    _days: dict[Key, list[dt.date]] = field(init=False, repr=False)
    _conflicts_of: dict[str, list[int]] = field(init=False, repr=False)
    _everything: list[TimelineEntry] | None = field(default=None, init=False, repr=False)
    _conflicts_by: dict[Key, list[Conflict]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._days = {key: [w.entry.when for w in walked] for key, walked in self.walks.items()}
        self._conflicts_of = defaultdict(list)
        for index, conflict in enumerate(self.conflicts):
            for ref in {conflict.first.ref, conflict.second.ref}:
                self._conflicts_of[ref].append(index)

    def estimates_at(self, at: dt.date) -> dict[Key, Estimate]:
        """Each contribution's state after its last step on or before `at`."""
        result: dict[Key, Estimate] = {}
        for key, walked in self.walks.items():
            index = bisect_right(self._days[key], at)
            if index:
                result[key] = walked[index - 1].estimate
        return result

    def conflicts_at(self, at: dt.date, refs: Iterable[str]) -> list[Conflict]:
        """Conflicts known on `at` that involve one of the levels `refs`, in history order."""
        chosen = {
            index
            for ref in refs
            for index in self._conflicts_of.get(ref, ())
            if self.conflicts[index].second.when <= at
        }
        return [self.conflicts[index] for index in sorted(chosen)]

    def ledger_at(self, at: dt.date) -> Ledger:
        """Each nation's best estimate on `at`, with its basis, sources and open conflicts."""
        estimates = self.estimates_at(at)
        relevant = self.conflicts_at(
            at, {e.level.ref for e in estimates.values() if e.level is not None}
        )
        flagged = {ref for c in relevant for ref in (c.first.ref, c.second.ref)}
        rows: list[LedgerRow] = []
        ended: list[LedgerRow] = []
        operation_level: LedgerRow | None = None
        for key, estimate in estimates.items():
            level = estimate.level
            row = estimate.row(flagged=level is not None and level.ref in flagged)
            if row is None:
                continue
            if key is None:
                operation_level = row
            elif row.personnel > 0:
                rows.append(row)
            else:
                ended.append(row)
        rows.sort(key=lambda r: (-r.personnel, r.contributor or ""))
        ended.sort(key=lambda r: r.contributor or "")
        total = sum(r.personnel for r in rows)
        return Ledger(
            operation=self.operation,
            at=at,
            rows=rows,
            ended=ended,
            total_sum=total,
            nations=len(rows),
            operation_level=operation_level,
            difference=operation_level.personnel - total if operation_level else None,
            conflicts=relevant,
            undated=self.undated,
        )

    def conflicts_of(self, contributor: str) -> list[Conflict]:
        """One nation's conflicts (`"TOTAL"`: the operation's), in history order.

        Grouped once, on first use: a large operation has tens of thousands of conflicts, and
        filtering them on every request cost more than the rest of the request.
        """
        if self._conflicts_by is None:
            grouped: dict[Key, list[Conflict]] = defaultdict(list)
            for conflict in self.conflicts:
                grouped[conflict.contributor].append(conflict)
            self._conflicts_by = dict(grouped)
        return list(self._conflicts_by.get(nation_key(contributor), []))

    def timeline(self, contributor: str | None = None) -> list[TimelineEntry]:
        """Every step in time order; `contributor` one nation's, `"TOTAL"` the operation's."""
        if contributor is not None:
            return [w.entry for w in self.walks.get(nation_key(contributor), [])]
        if self._everything is None:
            merged = [
                (w.order, k or "", w.entry) for k, walked in self.walks.items() for w in walked
            ]
            merged.sort(key=lambda item: (item[0][0], item[0][1], item[1], item[0][2]))
            self._everything = [entry for _, _, entry in merged]
        return list(self._everything)


def build_history(
    operation: str,
    records: Iterable[LedgerRecord],
    figures: Iterable[OfficialFigure],
    options: LedgerOptions,
) -> History:
    """Sort one operation's inputs into steps per contribution, find conflicts, walk them."""
    with collector_paused():  # millions of objects, no cycles: see muster.ledger.collector
        return _build(operation, records, figures, options)


def _build(
    operation: str,
    records: Iterable[LedgerRecord],
    figures: Iterable[OfficialFigure],
    options: LedgerOptions,
) -> History:
    dated: list[Dated] = []
    undated: list[LedgerRecord] = []
    for record in records:
        if record.operation != operation:
            continue
        item = date_record(record)
        if item is None:
            undated.append(record)
        else:
            dated.append(item)
    official = [f for f in figures if f.operation == operation and f.personnel_type == "total"]

    steps: dict[Key, list[Step]] = defaultdict(list)
    for figure in official:
        level = _figure_level(figure)
        steps[level.contributor].append(
            Step(level.when, PHASE_OFFICIAL, level.ref, level.contributor, level=level)
        )
    several_hosts = _several_hosts(operation)
    for item in dated:
        _add_presence(steps, item, several_hosts)
    events = cluster_events(operation, dated, options)
    for event in events:
        tie = str(event.record_ids[0])
        steps[event.contributor].append(
            Step(event.when, PHASE_EVENT, tie, event.contributor, event=event)
        )
    if options.complete_snapshots:
        for level in _absent_levels(official, steps):
            steps[level.contributor].append(
                Step(level.when, PHASE_ABSENT, level.ref, level.contributor, level=level)
            )

    events_of: dict[Key, list[Event]] = defaultdict(list)
    for event in events:
        events_of[event.contributor].append(event)
    conflicts: list[Conflict] = []
    for key, key_steps in steps.items():
        ordered = sorted(key_steps, key=lambda s: s.order)
        levels = [s.level for s in ordered if s.level is not None]
        conflicts.extend(find_conflicts(operation, levels, events_of.get(key, []), options))
    conflicts.sort(key=lambda c: (c.second.when, c.contributor or "", c.first.when))
    flagged = frozenset(ref for c in conflicts for ref in (c.first.ref, c.second.ref))
    walks = {key: walk(key, key_steps, flagged) for key, key_steps in steps.items()}
    return History(operation, walks, events, conflicts, undated)


def _add_presence(steps: dict[Key, list[Step]], item: Dated, several_hosts: bool) -> None:
    """A numbered presence is a level; one without a number, or a formation's, is a mention."""
    record = item.record
    if record.kind != "presence":
        return
    key = nation_key(record.contributor)
    tie = f"record:{record.id}"
    if record.personnel is None:
        note = "presence with no number: moves nothing"
    elif key is None and record.host and several_hosts:
        note = f"figure for the formation in {record.host}, not the whole operation"
    else:
        level = _presence_level(item)
        steps[key].append(Step(item.when, PHASE_PRESENCE, tie, key, level=level))
        return
    steps[key].append(Step(item.when, PHASE_EVENT, tie, key, loose=item, note=note))
