"""Who, where and in which operation: resolving a figure's contributor, operation and host.

Difficulty classes 1, 2 and 4: the sender is often not a country name next to the number, the
first country in a sentence is often the host or a destination, and the operation is often only
implied. These functions decide on token positions within one sentence, falling back to the
article's context.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from muster.catalogue import operations
from muster.extract.lexicon import lexicon
from muster.extract.view import Mention, SentenceView

if TYPE_CHECKING:
    from muster.extract.context import ArticleContext

TRANSIT = {"via", "through", "transit", "stopover", "way"}  # "by way of Dakar"
LOCATIVE = {
    "between",
    "to",
    "in",
    "into",
    "inside",
    "within",
    "at",
    "toward",
    "towards",
    "across",
    "near",
    "throughout",
    "for",
    "around",
    "on",
    "over",
}
SKIP_BEFORE_PLACE = {
    "the",
    "southern",
    "northern",
    "south",
    "north",
    "east",
    "west",
    "eastern",
    "western",
    "central",
    "neighbouring",
    "neighboring",
    "war-torn",
    "northeastern",
    "southeastern",
    "northwestern",
    "southwestern",
}
SUBJECT_BLOCKERS = LOCATIVE | {"with", "of", "from", "by", "under", "about", "beside"}
RELATIVE = {"which", "that", "who", "whose"}


def _previous_word(view: SentenceView, i: int, skip: set[str]) -> str:
    j = i - 1
    while j >= view.start and view.lower(j) in skip:
        j -= 1
    return view.lower(j) if j >= view.start else ""


def is_dateline(view: SentenceView, m: Mention) -> bool:
    """ "NAIROBI, March 3 (Reuters) -": the place a story was filed from, not an actor."""
    text = view.doc[m.start : m.end].text
    lead = all(view.doc[i].is_punct or view.doc[i].is_space for i in range(view.start, m.start))
    after = view.doc[m.end].text if m.end < view.end else ""
    return lead and text.isupper() and len(text) > 3 and after in {",", "(", "—", "–", "-", ":"}


def is_locative(view: SentenceView, m: Mention) -> bool:
    """A country used as a place ("to Kosovo", "in southern Lebanon") rather than as an actor."""
    if m.kind in {"demonym", "people", "force", "ministry"}:
        return False
    if is_dateline(view, m):
        return True
    word = _previous_word(view, m.start, SKIP_BEFORE_PLACE)
    in_list = word == "and" or (
        word == "," and m.end < view.end and view.lower(m.end) in {",", "and"}
    )
    if in_list and any(c.end == m.start - 1 and is_locative(view, c) for c in view.countries):
        return True  # "between Sudan and South Sudan", "in Mali, Niger and Chad"
    if word == "from" and view.cue_spans("cue:withdraw:decrease"):
        return True  # "withdrawing its troops from Niger": the place left
    return word in LOCATIVE


def is_transit(view: SentenceView, m: Mention) -> bool:
    """A stop on the way ("via Dakar", "by way of Entebbe") is neither sender nor host."""
    word = _previous_word(view, m.start, SKIP_BEFORE_PLACE)
    if word in TRANSIT:
        return True
    if word == "of" and m.start >= view.start + 2 and view.lower(m.start - 2) == "way":
        return True
    # "by way of Dakar in Senegal": the country of a stop is a stop too
    if word in {"in", ","} and m.start >= view.start + 2:
        before = [c for c in view.countries if c.end == m.start - 1]
        return any(is_transit(view, c) for c in before)
    return False


def excluded_hosts(ctx: ArticleContext, operation: str | None) -> set[str]:
    """Countries that cannot be the sender: the operation's host. For an operation spread over
    several hosts (eFP: eight of them) only the hosts the article uses as places count, since
    Romania both hosts a battlegroup and sends troops to others."""
    if operation and operation in operations():
        hosts = set(operations()[operation].hosts)
        return hosts if len(hosts) == 1 else hosts & (set(ctx.places) - ctx.filed_from_only)
    return set(ctx.hosts) & (set(ctx.places) | single_hosts(ctx))


def single_hosts(ctx: ArticleContext) -> set[str]:
    return {
        h
        for op in ctx.operations
        for h in operations()[op].hosts
        if len(operations()[op].hosts) == 1
    }


def contributor_candidates(view: SentenceView, hosts: set[str]) -> list[Mention]:
    return [
        c
        for c in view.countries
        if c.label not in hosts
        and not is_locative(view, c)
        and not is_transit(view, c)
        and not leads_a_formation(view, c)
        and not _compared_with(view, c)
        and not names_a_word(view, c)
    ]


WORD_NOUNS = {"acronym", "name", "word", "language", "title", "abbreviation", "initials",
              "spelling", "translation"}  # fmt: skip


def names_a_word(view: SentenceView, m: Mention) -> bool:
    """ "known by its French acronym MONUSCO": a language, not a country."""
    return m.end < view.end and view.lower(m.end) in WORD_NOUNS


COMPARING = {"like", "unlike", "as", "than", "besides", "alongside"}


def _compared_with(view: SentenceView, m: Mention) -> bool:
    """ "Chile, like Peru, contributes …", "more than Spain": a country named for comparison."""
    k = m.start - 1
    while k >= view.start and view.lower(k) in {"the", "did", "does", "with"}:
        k -= 1
    if k < view.start or view.lower(k) not in COMPARING:
        return False
    return not (view.lower(k) == "as" and k > view.start and view.lower(k - 1) == "such")


def leads_a_formation(view: SentenceView, m: Mention) -> bool:
    """ "the German-led battlegroup", "led by the United Kingdom": the framework nation, not
    the sender of this figure."""
    following = [view.lower(i) for i in range(m.end, min(view.end, m.end + 2))]
    if following[:2] == ["-", "led"] or following[:1] in (["-led"], ["led"]):
        return True
    k = m.start - 1
    if k > view.start and view.lower(k) == "the":
        k -= 1
    return k > view.start and view.lower(k) == "by" and view.lower(k - 1) == "led"


def countries_linked_after(view: SentenceView, start: int, limit: int = 7) -> list[Mention]:
    """Countries named right after a noun phrase: "soldiers of Paraguay, Chile and Brazil",
    "peacekeepers from Ghana", "members of the Bundeswehr", "350 of them from Türkiye",
    "a 43-member platoon of Serbian soldiers"."""
    doc = view.doc
    i = start
    unit_starts = {m.start: m.end for m in view.cue_spans("unit")}
    for _ in range(2):
        if i in unit_starts:
            i = unit_starts[i]
    if (
        i < view.end
        and doc[i].lower_ == "of"
        and i + 1 < view.end
        and doc[i + 1].lower_ in {"them", "whom", "these", "those"}
    ):
        i += 2
        by_start = {c.start: c for c in view.countries}
        if i in by_start and by_start[i].kind in {"demonym", "people"}:
            return [by_start[i]]  # "some 4,500 of them Australians"
    after_them = i - 2 >= view.start and doc[i - 2].lower_ == "of" and doc[i - 1].lower_ == "them"
    demonyms = {c.start: c for c in view.countries if c.kind in {"demonym", "people"}}
    if after_them and i in demonyms:
        return [demonyms[i]]  # "some 4,500 of them Australians"
    if i >= view.end or doc[i].lower_ not in {"of", "from"}:
        return []
    if doc[i].lower_ == "from" and view.cue_spans("cue:withdraw:decrease"):
        return []  # a place left, not an origin
    found: list[Mention] = []
    j = i + 1
    hops = 0
    stop = min(view.end, i + 1 + limit)
    by_start = {c.start: c for c in view.countries}
    while j < stop:
        if j in by_start:
            found.append(by_start[j])
            j = by_start[j].end
            continue
        word = doc[j].lower_
        if word in {"the", ",", "and", "its", "their", "national", "armed", "'s", "’s"}:
            j += 1
            continue
        if found or doc[j].text[:1].isupper():
            j += 1
            if found:
                break
            continue
        if word == "of" and hops == 0:  # "the National Defence Force of Ethiopia"
            hops += 1
            j += 1
            continue
        break
    return found


def subject_like(view: SentenceView, m: Mention) -> bool:
    """An operation or organisation acting in its clause ("KFOR numbered", "the alliance said")."""
    return _previous_word(view, m.start, {"the", "'s", "’s"}) not in SUBJECT_BLOCKERS


def relative_operation_subject(view: SentenceView, q_start: int) -> bool:
    """ "the mission, which gathers 1,000 troops": the operation is the subject of the clause."""
    actors = [m for m in view.operations + view.cue_spans("opref") if m.end <= q_start]
    if not actors:
        return False
    last = max(actors, key=lambda m: m.end)
    between = range(last.end, q_start)
    if any(c.start >= last.end and c.end <= q_start for c in view.countries):
        return False
    return any(view.lower(i) in RELATIVE for i in between) and len(between) <= 6


def whole_operation_subject(
    view: SentenceView, q_start: int, left_bound: int, hosts: Collection[str] = ()
) -> bool:
    """Is the figure the strength of an operation rather than of a nation?

    A host named after the operation ("the battlegroup in Estonia numbers …") places it; it
    does not make the figure a nation's."""
    actors = [
        m
        for m in view.operations + view.cue_spans("org") + view.cue_spans("opref")
        if left_bound <= m.end <= q_start
    ]
    countries = [
        c for c in view.countries if left_bound <= c.end <= q_start and c.label not in hosts
    ]
    for m in sorted(actors, key=lambda m: -m.end):
        between = {view.lower(i) for i in range(m.end, q_start)}
        if between & RELATIVE and not any(c.start >= m.end for c in countries):
            return True
        if subject_like(view, m) and not any(c.start > m.end for c in countries):
            return True
        break
    return False


def _only_force_in(view: SentenceView, ctx: ArticleContext, host: str) -> str | None:
    """ "troops to Kosovo" (KFOR), "the EU mission in Mali" (EUTM Mali): the one military
    operation serving in that country alone, of the organisation named if one is."""
    lex = lexicon()
    leads = {
        lex.org_leads[view.doc[m.start : m.end].text]
        for m in view.cue_spans("org")
        if view.doc[m.start : m.end].text in lex.org_leads
    }
    when = ctx.published.isoformat() if ctx.published else None
    found = [
        op
        for op in operations().values()
        if op.hosts == [host]
        and op.id not in lex.civilian_missions
        and (not leads or op.lead_org in leads)
        and (op.started or "0") <= (when or "9999")
        and (op.ended is None or when is None or op.ended >= when[: len(op.ended)])
    ]
    return found[0].id if len(found) == 1 else None


def resolve_operation(
    view: SentenceView,
    ctx: ArticleContext,
    anchor: int,
    contributor: str | None,
    segment: tuple[int, int] | None = None,
) -> tuple[str | None, str | None]:
    """The operation and host for a figure at token `anchor`.

    A sentence that names no operation but says the deployment is national or bilateral
    ("under a bilateral agreement with Maputo", "its own operation Barkhane") keeps the host
    the story implies and no operation.
    """
    op, host = _operation_and_host(view, ctx, anchor, contributor, segment)
    if op is not None and not view.operations and (_national(view) or _national_unit(view, ctx)):
        return None, host
    return op, host


def _national_unit(view: SentenceView, ctx: ArticleContext) -> bool:
    """A unit the story has called national ("Germany will permanently station a brigade in
    Lithuania"), mentioned again ("500 soldiers of the brigade")."""
    return any(view.lower(i) in ctx.national_units for i in range(view.start, view.end))


def _national(view: SentenceView) -> bool:
    if view.cue_spans("national"):
        return True
    words = [view.lower(i) for i in range(view.start, view.end)]
    return any(
        words[k] == "not" and words[k + 1] in {"a", "an"} and "member" in words[k + 2 : k + 4]
        for k in range(len(words) - 3)
    )  # "Rwanda, which is not a SADC member, …"


def _operation_of_area(view: SentenceView, ctx: ArticleContext) -> str | None:
    """The operation of a region the sentence names (the Golan Heights, Abyei, Darfur), if it
    was running when the article was published."""
    text = view.sent.text.lower()
    for op_id, areas in lexicon().operation_areas.items():
        if any(area in text for area in areas) and op_id in operations():
            op = operations()[op_id]
            when = ctx.published.isoformat() if ctx.published else None
            if when is None or ((op.started or "") <= when and (op.ended or "9") >= when[:4]):
                return op_id
    return None


def _operation_of_own_place(
    view: SentenceView, ctx: ArticleContext, anchor: int, contributor: str | None
) -> str | None:
    """The force serving in a place named in the figure's own clause, when the operations
    the sentence names serve elsewhere."""
    lo, hi = view.clause_bounds(anchor)
    own = [
        c
        for c in view.countries
        if lo <= c.start < hi and c.label != contributor and is_locative(view, c)
    ]
    for place in own:
        if any(place.label in operations()[m.label].hosts for m in view.operations):
            return None
        inferred = _only_force_in(view, ctx, place.label)
        if inferred is not None:
            return inferred
    return None


def _operation_and_host(
    view: SentenceView,
    ctx: ArticleContext,
    anchor: int,
    contributor: str | None,
    segment: tuple[int, int] | None,
) -> tuple[str | None, str | None]:
    op: str | None = None
    if view.operations:
        # "870 peacekeepers serve in South Sudan …; four observers with MINURSO": the force of a
        # place in the figure's own clause, when the operations named serve elsewhere
        op = _operation_of_own_place(view, ctx, anchor, contributor)
    else:
        op = _operation_of_area(view, ctx)  # "brought 244 peacekeepers home from the Golan"
    if op is None and view.operations:
        # "2,600 troops with UNMISS and some 1,300 in the CAR with MINUSCA": the operation in
        # the figure's own stretch of the sentence, else the nearest
        lo, hi = segment or (anchor, anchor)
        after = [
            m
            for m in view.operations
            if anchor < m.start < hi and view.breaks_between(anchor, m.start) == 0
        ]
        before = [m for m in view.operations if lo <= m.start < anchor]
        op = min(after or before or view.operations, key=lambda m: abs(m.start - anchor)).label

    places = [
        c
        for c in view.countries
        if is_locative(view, c) and not is_transit(view, c) and c.label != contributor
    ]
    if op is None:
        for place in places:
            for known in ctx.operations:
                if place.label in operations()[known].hosts:
                    op = known
                    break
            if op:
                break
        if (
            op is None
            and ctx.dominant_operation
            and not any(p.label in op_.hosts for p in places for op_ in operations().values())
        ):
            op = ctx.recent_operation(view.index)  # a staging place ("bound for Dakar") or none
        elif op is None and places and ctx.dominant_operation:
            dominant_hosts = operations()[ctx.dominant_operation].hosts
            if not dominant_hosts:
                op = ctx.dominant_operation
        if op is None and places:
            op = _only_force_in(view, ctx, places[0].label)
    host: str | None = None
    if op:
        hosts = operations()[op].hosts
        if len(hosts) == 1:
            host = hosts[0]
        else:
            named = [p.label for p in places if p.label in hosts] or [
                c.label for c in view.countries if c.label in hosts and c.label != contributor
            ]
            in_article = sorted(
                (h for h in hosts if h in ctx.places and h != contributor),
                key=lambda h: -ctx.places[h],
            )
            host = named[0] if named else (in_article[0] if in_article else None)
    elif places:
        host = places[0].label
    return op, host


ARRIVING = {"landed", "lands", "arrived", "arrives", "touched", "reached"}


def homecoming(view: SentenceView, contributor: str | None) -> bool:
    """ "The plane carrying the last servicemen landed near Moscow": an arrival in the sender's
    own country is the end of a deployment, not the start of one."""
    if contributor is None:
        return False
    places = [c for c in view.countries if is_locative(view, c) and not is_dateline(view, c)]
    arrivals = [i for i in range(view.start, view.end) if view.lower(i) in ARRIVING]
    for i in arrivals:
        ahead = [c for c in places if i < c.start <= i + 7]
        if ahead:
            return ahead[0].label == contributor  # "landed in Berlin", "landed … near Moscow"
    return bool(arrivals and places) and all(c.label == contributor for c in places)


def coordinated(view: SentenceView, mentions: list[Mention]) -> list[Mention]:
    """The last of `mentions` (in text order) with those joined to it by "and" / "," / "the"
    before it: "Spain and France", "Austria, Bulgaria and Romania"."""
    if not mentions:
        return []
    ordered = sorted(mentions, key=lambda c: c.start)
    chain = [ordered[-1]]
    for c in reversed(ordered[:-1]):
        between = {view.lower(i) for i in range(c.end, chain[0].start)}
        if not between or not between <= {"and", ",", "the"}:
            break
        chain.insert(0, c)
    return chain
