"""Article-level context: the story's dominant operation and its subject country.

A third of all contributors and many operations are not named in the sentence that carries the
figure ("The company… They will join…", "the mission"); they are resolved against what the
article as a whole is about, weighted towards the title and the lead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from muster.catalogue import operations
from muster.extract.roles import is_dateline, is_locative
from muster.extract.view import SentenceView

TITLE_WEIGHT = 3
LEAD_WEIGHT = 2
LEAD_SENTENCES = 4
ENDED_WEIGHT = 0.3
RECENTLY_ENDED_DAYS = 400
NATIONAL_UNITS = {"brigade", "division"}  # formations a country stations on its own
SUBJECT_KINDS: dict[str, float] = {
    "name": 1.0,
    "demonym": 1.2,
    "people": 1.2,
    "force": 1.5,
    "ministry": 1.5,
    "capital": 0.8,
    "other": 0.5,
}


@dataclass
class ArticleContext:
    published: dt.date | None
    dominant_operation: str | None = None
    operations: list[str] = field(default_factory=list)
    subject_country: str | None = None
    hosts: set[str] = field(default_factory=set)
    places: dict[str, float] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (sentence, operation)
    filed_from_only: set[str] = field(default_factory=set)  # places named only in datelines
    national_units: dict[str, str | None] = field(default_factory=dict)  # "brigade" → its owner

    def recent_operation(self, sentence: int) -> str | None:
        """The operation named last before `sentence` (after the title), for "the mission"; one
        that had ended by the publication date gives way to one still running."""
        earlier = [op for n, op in self.mentions if 0 < n < sentence]
        if earlier and _ended_by(earlier[-1], self.published):
            lead = operations()[earlier[-1]].lead_org
            successors = [
                op
                for op in earlier
                if not _ended_by(op, self.published) and operations()[op].lead_org == lead
            ]
            if successors:
                return successors[-1]
        return earlier[-1] if earlier else self.dominant_operation


def _ended_by(op_id: str, when: dt.date | None) -> bool:
    """Whether the operation had ended shortly before `when`: a story of the handover to its
    successor ("Irini replaces Sophia"), not a look back at a long-closed mission."""
    ended = operations()[op_id].ended
    if when is None or ended is None or ended >= when.isoformat():
        return False
    try:
        end = dt.date.fromisoformat(ended) if len(ended) == 10 else dt.date(int(ended[:4]), 12, 31)
    except ValueError:
        return False
    return (when - end).days <= RECENTLY_ENDED_DAYS


def _weight(view: SentenceView) -> float:
    if view.index == 0:
        return TITLE_WEIGHT
    return LEAD_WEIGHT if view.index <= LEAD_SENTENCES else 1


def _active(op_id: str, when: dt.date | None) -> bool:
    op = operations()[op_id]
    if when is None:
        return op.ended is None
    year = when.isoformat()
    return (op.started or "0") <= year and (op.ended is None or op.ended >= year[:4])


def infer_operation_for_host(host: str, when: dt.date | None, known: list[str]) -> str | None:
    """The operation serving in `host`: one the article names, else the only active one."""
    for op_id in known:
        if host in operations()[op_id].hosts:
            return op_id
    hosted = [op.id for op in operations().values() if host in op.hosts and _active(op.id, when)]
    if len(hosted) > 1:  # UNIFIL serves in Lebanon alone; UNTSO spreads over five countries
        hosted = [op_id for op_id in hosted if operations()[op_id].hosts == [host]]
    return hosted[0] if len(hosted) == 1 else None


def _prefer_the_place_over_an_aside(ctx: ArticleContext, op_votes: dict[str, float]) -> None:
    """A story about Spain leaving Iraq that names ISAF once, about Spaniards in Afghanistan:
    the place the story is about outweighs the operation named in passing, and the one force
    serving there is the story's operation."""
    if not ctx.dominant_operation or not ctx.places:
        return
    for place in sorted(ctx.places, key=lambda iso3: -ctx.places[iso3]):
        if place in ctx.hosts or ctx.places[place] <= op_votes.get(ctx.dominant_operation, 0.0):
            return
        inferred = infer_operation_for_host(place, ctx.published, [])
        if inferred is not None:
            break
    else:
        return
    ctx.operations.insert(0, inferred)
    ctx.dominant_operation = inferred
    ctx.hosts.update(operations()[inferred].hosts)


def article_context(views: list[SentenceView], published: dt.date | None) -> ArticleContext:
    ctx = ArticleContext(published=published)
    op_votes: dict[str, float] = {}
    for view in views:
        for m in view.operations:
            op_votes[m.label] = op_votes.get(m.label, 0.0) + _weight(view)
            ctx.mentions.append((view.index, m.label))
    for op_id in op_votes:
        if _ended_by(op_id, published):
            op_votes[op_id] *= ENDED_WEIGHT  # "Irini, which replaced Sophia": the one running now
    ctx.operations = sorted(op_votes, key=lambda op: -op_votes[op])
    ctx.dominant_operation = ctx.operations[0] if ctx.operations else None
    for op_id in ctx.operations:
        ctx.hosts.update(operations()[op_id].hosts)
    if ctx.dominant_operation is None:
        host_votes: Counter[str] = Counter()
        for view in views:
            for c in view.countries:
                if is_locative(view, c):
                    host_votes[c.label] += 1
        for host, _ in host_votes.most_common(3):
            inferred = infer_operation_for_host(host, published, [])
            has_ref = any(v.has("opref") for v in views)
            if inferred and has_ref:
                ctx.dominant_operation = inferred
                ctx.operations = [inferred]
                ctx.hosts.update(operations()[inferred].hosts)
                break
    filed_from: set[str] = set()
    for view in views:
        for c in view.countries:
            if is_dateline(view, c):
                filed_from.add(c.label)
            elif is_locative(view, c):
                ctx.places[c.label] = ctx.places.get(c.label, 0.0) + _weight(view)
    for iso3 in filed_from - set(ctx.places):
        # where the story was filed from: a place, but as likely the sender's capital as the host
        ctx.places[iso3] = 0.5
        ctx.filed_from_only.add(iso3)
    _prefer_the_place_over_an_aside(ctx, op_votes)
    for view in views:
        if view.cue_spans("national") and not view.operations:
            owners = [c.label for c in view.countries if not is_locative(view, c)]
            for i in range(view.start, view.end):
                if view.lower(i) in NATIONAL_UNITS:
                    ctx.national_units.setdefault(view.lower(i), owners[0] if owners else None)
    votes: dict[str, float] = {}
    for view in views:
        for c in view.countries:
            if c.label in ctx.hosts:
                continue
            weight = _weight(view) * SUBJECT_KINDS.get(c.kind, 1.0) * (0.5 if c.weak else 1)
            votes[c.label] = votes.get(c.label, 0.0) + weight
    if votes:
        ctx.subject_country = max(votes, key=lambda iso3: votes[iso3])
    return ctx
