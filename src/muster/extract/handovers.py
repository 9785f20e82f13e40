"""Handovers between countries: "the Polish contingent took over from the Royal Netherlands Air
Force", "the Spanish and Portuguese Allies handed over the mission to the Italian Air Force".

The country that hands over leaves the operation (a withdraw, spec: a contribution that ends
"also when another country takes over its task"); the one taking over arrives (a deploy). A
command passed between generals is not a movement of troops and is left alone.
"""

from __future__ import annotations

from muster.extract.candidate import Candidate
from muster.extract.context import ArticleContext
from muster.extract.roles import (
    contributor_candidates,
    coordinated,
    excluded_hosts,
    resolve_operation,
)
from muster.extract.view import Mention, SentenceView

COMMAND_WORDS = {"command", "commander", "leadership", "helm", "flag", "chairmanship"}
WINDOW = 8


def _receiver(view: SentenceView, cue: Mention, candidates: list[Mention]) -> list[Mention]:
    """The country after "handed over (the mission …) to"."""
    for i in range(cue.end, min(view.end, cue.end + 12)):
        if view.lower(i) == "to":
            return [c for c in candidates if i < c.start <= i + 4][:1]
    return []


def _pronoun_subject(view: SentenceView, cue: Mention) -> bool:
    """The sentence's subject before the cue is a pronoun or a unit noun, not a country."""
    return any(
        view.lower(i) in {"they", "it", "we", "the", "its", "their"}
        for i in range(view.start, min(cue.start, view.start + 3))
    )


def handover_records(view: SentenceView, ctx: ArticleContext, date: str | None) -> list[Candidate]:
    cues = view.cue_spans("handover:from") + view.cue_spans("handover:to")
    if not cues:
        return []
    words = {view.lower(i) for i in range(view.start, view.end)}
    if words & COMMAND_WORDS:
        return []
    out: list[Candidate] = []
    for cue in cues:
        op, host = resolve_operation(view, ctx, cue.start, None)
        if op is None:
            continue
        candidates = contributor_candidates(view, excluded_hosts(ctx, op))
        before = [c for c in candidates if c.end <= cue.start and cue.start - c.end <= WINDOW]
        after = [c for c in candidates if c.start >= cue.end and c.start - cue.end <= WINDOW]
        if cue.label == "handover:from":
            leaving = after[:1]
            arriving = before[-1:]
        else:
            leaving = coordinated(view, before) if before else []
            arriving = _receiver(view, cue, candidates)
        left = {c.label for c in leaving}
        if left & {c.label for c in arriving}:
            continue  # a rotation within one country
        if not arriving and left & {ctx.subject_country} and _pronoun_subject(view, cue):
            continue  # "They will take over from the current Serbian contingent": the next one
        for c in leaving:
            out.append(
                Candidate(
                    "withdraw", c.label, op, host, None, None, date, "decrease", view.index, c.start
                )
            )
        for c in arriving:
            out.append(
                Candidate(
                    "deploy", c.label, op, host, None, None, date, "rotation", view.index, c.start
                )
            )
    return out
