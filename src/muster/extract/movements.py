"""Movements without a figure: "Austria will withdraw its company from the mission in 2024".

Only strong movement verbs count, and only with an actor (a country, a national unit, the
story's contributor through "they"/"the contingent", or the operation itself for a withdrawal)
and a target (an operation, its host, a mission reference or a unit noun), so that ordinary
sentences about a contributor do not become records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from muster.extract.candidate import Candidate
from muster.extract.kinds import end_of_tour, kind_cues, negated
from muster.extract.lexicon import lexicon
from muster.extract.roles import (
    contributor_candidates,
    coordinated,
    excluded_hosts,
    homecoming,
    names_a_word,
    resolve_operation,
)
from muster.extract.view import Mention, SentenceView

if TYPE_CHECKING:
    from muster.extract.grammar import SentenceGrammar

STRONG_MOVE = {
    "send", "sends", "sent", "sending", "deploy", "deploys", "deploying", "dispatch", "dispatches",
    "dispatched", "arrived", "arrive", "arrives", "joined", "join", "joins", "reached", "landed",
    "leave for", "left for", "leaves for", "leaving for", "crossed into", "flew out", "withdraw",
    "withdraws", "withdrew", "withdrawn", "withdrawing", "pull out", "pulled out", "pulls out",
    "returned home", "return home", "returns home", "repatriated", "ends its engagement",
    "end its engagement", "ends its participation", "ended its participation", "put troops",
    "will withdraw", "reduce", "reduced", "reinforce", "reinforced", "rotated", "deployed",
    "provide", "contribute", "pledged", "promised", "committed", "left", "leave", "home",
    "handed over", "pull them out", "bring home", "brought home", "begin withdrawing",
    "began withdrawing", "pulled its troops out", "quit", "quits", "exit", "exits",
    "ended its contribution", "ends its contribution", "assigned", "assigns",
}  # fmt: skip
INTENT_ONLY = {"provide", "contribute", "pledged", "promised", "committed"}
ANAPHORS = {
    "they",
    "the contingent",
    "contingent",
    "it",
    "its",
    "group",
    "unit",
    "company",
    "battalion",
    "detachment",
}


def _bare_leave(view: SentenceView, m: Mention) -> bool:
    """ "could leave four days later": with no place or mission left, a unit that leaves may be
    setting out as well as coming home; only a figure's own sentence can tell."""
    if view.lower(m.start) not in {"leave", "leaves"} or m.end - m.start != 1:
        return False
    nxt = view.doc[m.end] if m.end < view.end else None
    return nxt is None or not (nxt.text[:1].isupper() or nxt.lower_ in {"the", "its", "their"})


def _people_follow(view: SentenceView, m: Mention) -> bool:
    """ "have also pledged soldiers", "committed an engineering unit": what is promised is
    people, not money or support."""
    nouns = view.cue_spans("personnel") + view.cue_spans("unit")
    return any(0 <= n.start - m.end <= 4 for n in nouns)


def _strong(cue: str) -> bool:
    """ "will deploy" is as strong as "deploy", "withdrawing its troops" as "withdrawing"."""
    words = cue.split()
    return cue in STRONG_MOVE or words[-1] in STRONG_MOVE or words[0] in STRONG_MOVE


def _actors(g: SentenceGrammar, move: Mention, hosts: set[str]) -> list[str]:
    """The countries acting before the verb, co-ordinated ones included ("Malawi and South
    Africa are to provide …")."""
    view = g.view
    before = [
        c
        for c in contributor_candidates(view, hosts)
        if c.end <= move.start
        and move.start - c.end <= 15
        and view.breaks_between(c.end, move.start) <= 2
    ]
    if not before:
        return []
    return [c.label for c in coordinated(view, before)]


def movements_without_number(g: SentenceGrammar) -> list[Candidate]:
    view, doc, ctx = g.view, g.doc, g.ctx
    moves = [
        m
        for m in kind_cues(view, view.start, view.end)
        if m.label != "cue:presence:"
        and _strong(doc[m.start : m.end].text.lower())
        and not negated(view, m)
        and not _bare_leave(view, m)
    ]
    if not moves:
        return []
    future = view.has("future") or any(view.lower(i) == "to" for i in range(view.start, view.end))
    moves = [
        m
        for m in moves
        if doc[m.start].lower_ not in INTENT_ONLY
        or (doc[m.start].lower_.endswith("ed") and _people_follow(view, m))
        or (future and m.start > view.start and doc[m.start - 1].lower_ in {"to", "will", "would"})
    ]
    if not moves:
        return []
    move = moves[0]
    lo, hi = view.clause_bounds(move.start)
    for name in ("historical", "ceiling"):
        if view.in_range(f"distractor:{name}", lo, hi):
            return []
    op, host = resolve_operation(view, ctx, move.start, None)
    if op is None:
        return []
    hosts = excluded_hosts(ctx, op)
    target = (
        bool(view.operations)
        or any(c.label in hosts for c in view.countries)
        or view.has("opref")
        or view.has("unit")
        or any(
            view.lower(i) in lexicon().vessels for i in range(move.end, min(view.end, move.end + 5))
        )
    )
    if not target:
        return []
    _, kind, change = move.label.split(":")
    if kind == "withdraw" and end_of_tour(view):
        return []  # the end of a tour, not of a contribution
    actors: list[str | None] = list(_actors(g, move, hosts))
    if not actors:
        subject_ops = [m for m in view.operations if m.end <= move.start]
        others = [c for c in view.countries if c.label not in hosts and not names_a_word(view, c)]
        if kind == "withdraw" and subject_ops and not others:
            actors = [None]
        elif any(view.lower(i) in ANAPHORS for i in range(view.start, move.start)):
            if ctx.subject_country is None:
                return []
            actors = [ctx.subject_country]
        else:
            return []
    if kind == "deploy" and len(actors) == 1 and homecoming(view, actors[0]):
        kind = "withdraw"  # "landed at the Chkalovsky airfield near Moscow"
    change_value = "decrease" if kind == "withdraw" else (change or None)
    date, said = g._dated(move.start)
    return [
        Candidate(
            kind, who, op, host, None, None, date, change_value, view.index, move.start, False, said
        )
        for who in actors
    ]
