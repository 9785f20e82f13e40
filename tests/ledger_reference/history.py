"""One operation's history: every level, event and loose record per contribution, walked.

Built once from the records and official figures, it answers the ledger on any date, the
timeline and the conflicts without recomputing, and keeps all three consistent.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ledger_reference.conflicts import find_conflicts
from ledger_reference.dates import Dated, date_record, parse_partial_date
from ledger_reference.events import cluster_events, nation_key
from ledger_reference.walk import (
    PHASE_ABSENT,
    PHASE_EVENT,
    PHASE_OFFICIAL,
    PHASE_PRESENCE,
    Estimate,
    Step,
    Walked,
    walk,
)
from muster.catalogue import get_operation
from muster.ledger.schema import (
    Conflict,
    Event,
    LedgerOptions,
    LedgerRecord,
    Level,
    Source,
    TimelineEntry,
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
        for key, key_steps in steps.items():
            if (
                key is None
                or key in listed
                or not any(_counts(s) and s.when < when for s in key_steps)
            ):
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
    operation: str
    walks: dict[Key, list[Walked]]
    events: list[Event]
    conflicts: list[Conflict]
    undated: list[LedgerRecord]

    def estimates_at(self, at: dt.date) -> dict[Key, Estimate]:
        """Each contribution's state after its last step on or before `at`."""
        result: dict[Key, Estimate] = {}
        for key, walked in self.walks.items():
            index = bisect_right([w.entry.when for w in walked], at)
            if index:
                result[key] = walked[index - 1].estimate
        return result

    def timeline(self, *, only: Iterable[Key] | None = None) -> list[TimelineEntry]:
        keys = list(self.walks) if only is None else [k for k in only if k in self.walks]
        merged = [(w.order, k or "", w.entry) for k in keys for w in self.walks[k]]
        merged.sort(key=lambda item: (item[0][0], item[0][1], item[1], item[0][2]))
        return [entry for _, _, entry in merged]


def build_history(
    operation: str,
    records: Iterable[LedgerRecord],
    figures: Iterable[OfficialFigure],
    options: LedgerOptions,
) -> History:
    """Sort one operation's inputs into steps per contribution, find conflicts, walk them."""
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

    conflicts: list[Conflict] = []
    for key, key_steps in steps.items():
        ordered = sorted(key_steps, key=lambda s: s.order)
        levels = [s.level for s in ordered if s.level is not None]
        key_events = [e for e in events if e.contributor == key]
        conflicts.extend(find_conflicts(operation, levels, key_events, options))
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
