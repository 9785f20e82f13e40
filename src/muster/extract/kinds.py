"""Deploy, withdraw or presence: the kind a figure's own part of the sentence signals.

Difficulty class 5: the kind is read from the nearest cue, weighed by clause breaks, with
markers of a current state ("already", "currently", "now") pulling towards presence. A few
cues depend on their surroundings and are found here rather than in the phrase lexicon:
"leave Greece for Kosovo" is a deploy, "left Camp Castor" a withdrawal, "ordered ... home" too.
"""

from __future__ import annotations

from spacy.tokens import Doc

from muster.extract.view import KIND_LABELS, Mention, SentenceView

DEPARTURE_PLACES = {"airport", "base", "airfield", "barracks", "garrison", "port", "harbour",
                    "harbor", "station"}  # fmt: skip
LEAVING = {"leave", "leaves", "left", "leaving"}
HOMEWARD = {"brought", "bring", "brings", "bringing", "ordered", "orders", "order", "called",
            "calls", "call", "sent", "send", "sends", "fly", "flew", "flying", "flown", "go",
            "going", "went", "head", "heading", "headed", "recalled", "recall"}  # fmt: skip
PARTICIPLES = {"been", "sent", "said", "made", "put", "left", "begun", "flown", "taken", "told",
               "kept", "brought", "cut", "set", "held", "won", "led", "paid", "built"}  # fmt: skip
WITHDRAW = "cue:withdraw:decrease"
DEPLOY = "cue:deploy:"


def add_situational_cues(view: SentenceView) -> None:
    """Cues whose kind depends on the words around them."""
    doc = view.doc
    for i in range(view.start, view.end):
        word = doc[i].lower_
        if word in OUTGOING | INCOMING and _unit_follows(view, i):
            # "the two departing detachments numbered about 300", "the incoming battalion"
            label = WITHDRAW if word in OUTGOING else DEPLOY
            for other in KIND_LABELS:  # "departing" is otherwise a departure for the mission
                if other != label and other in view.cues:
                    view.cues[other] = [m for m in view.cues[other] if m.start != i]
            view.cues.setdefault(label, []).append(Mention(i, i + 1, label))
        elif word == "left" and _remaining(view, i):
            label = "cue:presence:"  # "has about 70 left there": what remains
            view.cues.setdefault(label, []).append(Mention(i, i + 1, label))
        elif word == "left" and i + 1 < view.end and view.lower(i + 1) == "by":
            continue  # "the gap left by the Dutch": a participle, not a departure
        elif word in LEAVING:
            # "left from Batajnica airport on Tuesday for Lebanon", "left the Norman Manley
            # International Airport on Thursday for Port-au-Prince": a starting point, then where to
            near = {doc[k].lower_ for k in range(i + 1, min(view.end, i + 7))}
            starting = doc[i + 1].lower_ == "from" if i + 1 < view.end else False
            reach = 16 if near & DEPARTURE_PLACES else 12 if starting else 7
            ahead = {doc[k].lower_ for k in range(i + 1, min(view.end, i + reach))}
            label = DEPLOY if ahead & {"for", "to"} else WITHDRAW
            if (
                word == "leave"
                and label == WITHDRAW
                and not _object_follows(doc, i, view.end)
                and not _modal_before(view, i)
            ):
                continue
            view.cues.setdefault(label, []).append(Mention(i, i + 1, label))
        elif word in RETURNING and _modal_before(view, i) and _clause_ends(view, i + 1):
            # "its 40 soldiers ... will also return": coming back, with nowhere else to go
            view.cues.setdefault(WITHDRAW, []).append(Mention(i, i + 1, WITHDRAW))
        elif word in {"pull", "pulls", "pulled", "pulling"}:
            after = [doc[k].lower_ for k in range(i + 1, min(view.end, i + 8))]
            if "out" in after or "back" in after:
                view.cues.setdefault(WITHDRAW, []).append(Mention(i, i + 1, WITHDRAW))
        elif word == "home":
            behind = {doc[k].lower_ for k in range(max(view.start, i - 14), i)}
            if behind & HOMEWARD:
                view.cues.setdefault(WITHDRAW, []).append(Mention(i, i + 1, WITHDRAW))


RETURNING = {"return", "returns", "returning"}
MODAL_WORDS = {"will", "would", "shall", "must", "to", "should", "can", "could", "may", "might"}
ADVERBS = {"also", "soon", "then", "all", "now", "finally", "eventually", "gradually", "too",
           "not", "shortly", "likewise", "similarly", "later"}  # fmt: skip


OUTGOING = {"departing", "outgoing"}
INCOMING = {"incoming", "arriving"}


def _unit_follows(view: SentenceView, i: int) -> bool:
    nouns = view.cue_spans("unit") + view.cue_spans("personnel")
    return any(0 < m.start - i <= 3 for m in nouns)


def _remaining(view: SentenceView, i: int) -> bool:
    """ "70 left there", "40 soldiers are left", "200 left behind": left as what stays."""
    after = view.lower(i + 1) if i + 1 < view.end else "."
    before = view.doc[i - 1] if i > view.start else None
    if after == "behind":
        return True
    if before is None or not (before.like_num or before.lower_ in BE_FORMS):
        return False
    return after in {"there", "in", "."} or not view.doc[i + 1].is_alpha


def _modal_before(view: SentenceView, i: int) -> bool:
    """ "will leave", "are to also leave": a verb in the future or infinitive, as its own."""
    k = i - 1
    while k >= view.start and view.lower(k) in ADVERBS:
        k -= 1
    return k >= view.start and view.lower(k) in MODAL_WORDS


def _clause_ends(view: SentenceView, k: int) -> bool:
    """Nothing but time or manner follows the verb in its clause ("will return next month")."""
    if k >= view.end:
        return True
    return not view.doc[k].is_alpha or view.lower(k) in {
        "home", "in", "on", "by", "before", "after", "next", "this", "later", "soon", "within",
        "when", "once", "as", "from", "at", "early", "during", "together", "with",
    }  # fmt: skip


def _object_follows(doc: Doc, i: int, end: int) -> bool:
    return i + 1 < end and (doc[i + 1].text[:1].isupper() or doc[i + 1].lower_ == "the")


def kind_cues(view: SentenceView, lo: int, hi: int) -> list[Mention]:
    """Kind cues in [lo, hi), the longest where two overlap."""
    cues = [m for label in KIND_LABELS for m in view.in_range(label, lo, hi)]
    cues.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in cues:
        if kept and m.start < kept[-1].end:
            if (m.end - m.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = m
            continue
        kept.append(m)
    return kept


PARTICIPATING = {
    "participate",
    "participates",
    "take part",
    "takes part",
    "serve",
    "serves",
    "contribute",
    "contributes",
    "be stationed",
    "be deployed",
    "be based",
}
MODALS = {"will", "would", "shall", "can", "could", "to"}
STATIVE_PARTICIPLES = {"serving", "stationed", "based", "deployed", "working"}


def _future_before(view: SentenceView, m: Mention) -> bool:
    """ "will also participate with 800 soldiers": taking part from now on is a deployment."""
    if view.doc[m.start : m.end].text.lower() not in PARTICIPATING:
        return False
    lo, _ = view.clause_bounds(m.start)
    return any(view.lower(i) in MODALS for i in range(max(lo, m.start - 12), m.start))


def _reduced_relative(doc: Doc, m: Mention) -> bool:
    """ "600 troops … serving as peacekeepers … will go home": the participle describes the
    troops; the main verb says what happens to them."""
    if doc[m.start].lower_ not in STATIVE_PARTICIPLES:
        return False
    if m.end - m.start != 1:
        return False
    return m.start > 0 and doc[m.start - 1].lower_ not in {"are", "is", "were", "was", "be", "been"}


def _in_relative(view: SentenceView, m: Mention, after: int) -> bool:
    """ "766 of the 950 troops who were stationed in Niger have left": a state described in a
    relative clause about the troops, not what the sentence says happens to them."""
    if m.label != "cue:presence:" or m.start < after:
        return False
    window = range(max(after, m.start - 4), m.start)
    return any(view.lower(i) in {"who", "which", "that"} for i in window)


def _auxiliary(doc: Doc, m: Mention) -> bool:
    """ "has ordered", "have been sent": a form of *have* that only carries the tense."""
    if doc[m.start].lower_ not in {"has", "have", "had"} or m.end - m.start != 1:
        return False
    nxt = doc[m.end].lower_ if m.end < len(doc) else ""
    return nxt in PARTICIPLES or (nxt.endswith(("ed", "en")) and len(nxt) > 3)


POSSESSING = {"has", "have", "had", "keeps", "keep", "maintains", "maintain", "fields"}
SUBORDINATORS = {"when", "while", "although", "whereas"}
APPOSITIVE_OPENERS = {
    "which",
    "who",
    "numbering",
    "totalling",
    "totaling",
    "comprising",
    "consisting",
    "some",
    "about",
    "around",
    "with",
}


def _after_named_subject(view: SentenceView, lo: int) -> bool:
    """ "Georgia, the largest contributor … with about 860 troops, says …": an apposition
    right after the country that is the sentence's subject."""
    if view.lower(lo - 1) != ",":
        return False
    return any(c.end == lo - 1 and c.start <= view.start + 2 for c in view.countries)


def _main_clause_cue(view: SentenceView, qs: int) -> Mention | None:
    """In "The Ethiopian contingent, which numbered 3,000, is being withdrawn", the figure sits
    in a relative clause; the movement is the main clause's verb after it."""
    lo, hi = view.clause_bounds(qs)
    if lo <= view.start:
        return None
    if view.lower(lo) not in APPOSITIVE_OPENERS and not _after_named_subject(view, lo):
        return None
    if hi < view.end and view.lower(hi) in SUBORDINATORS:
        hi = view.clause_bounds(hi + 1)[1]  # "which numbered 3,000 when Sudan asked …, is …"
    # what a country has ("which already has 1,300 soldiers there, will provide a third
    # battalion") is only acted on by a withdrawal; a deployment in the main clause sends others
    after = [
        m
        for m in kind_cues(view, hi, view.end)
        if m.label != "cue:presence:" and not _nominal(view, m)
    ]
    possessed = any(view.lower(i) in POSSESSING for i in range(lo, qs))
    if possessed:
        after = [m for m in after if m.label.startswith("cue:withdraw")]
    if after and view.breaks_between(hi, after[0].start) <= 1:
        return after[0]
    return None


BE_FORMS = {"is", "are", "was", "were", "be", "been", "being", "remain", "remains"}
STATE_ADVERBS = {"now", "already", "currently", "presently", "today", "also", "still"}


def _without_verb_adverbs(view: SentenceView, cues: list[Mention]) -> list[Mention]:
    """ "has already promised", "have now brought home": an adverb of state inside a movement
    verb's own phrase times the movement; it does not make the sentence a statement of size."""
    movers = [m for m in cues if m.label != "cue:presence:"]

    def modifies_verb(m: Mention) -> bool:
        if m.label != "cue:presence:" or m.end - m.start != 1:
            return False
        if view.lower(m.start) not in STATE_ADVERBS:
            return False
        if m.start > view.start and view.lower(m.start - 1) in BE_FORMS:
            return False  # "were now deployed": a state, the participle an adjective
        return any(0 <= v.start - m.end <= 1 for v in movers)

    kept = [m for m in cues if not modifies_verb(m)]
    return kept or cues


NOMINAL_ENDINGS = ("al", "ment", "tion", "ure", "ance", "ments", "tions")


def _nominal(view: SentenceView, m: Mention) -> bool:
    return view.lower(m.end - 1).endswith(NOMINAL_ENDINGS)


def _nominal_object(view: SentenceView, m: Mention) -> bool:
    """ "the withdrawal", "the arrival of a force": a movement named as a thing, after the
    figure, which is the object of another verb rather than what the figure does."""
    return _nominal(view, m) and m.start > view.start and view.lower(m.start - 1) in {
        "the", "a", "an",
    }  # fmt: skip


PRESENCE_NOUNS = {"presence", "contribution", "strength", "participation"}


def _object_of_mover(view: SentenceView, m: Mention, cues: list[Mention]) -> bool:
    """ "reinforce its presence", "boost its contribution": the noun is what the verb moves."""
    if m.label != "cue:presence:" or view.lower(m.start) not in PRESENCE_NOUNS:
        return False
    return any(
        c.label != "cue:presence:" and 0 <= m.start - c.end <= 2 and not _nominal(view, c)
        for c in cues
    )


def _after_the_change(view: SentenceView, m: Mention, qs: int) -> bool:
    """ "after the rotation", "following the reinforcement": the figure is the level it left."""
    return (
        m.end <= qs
        and m.start >= view.start + 2
        and view.lower(m.start - 1) == "the"
        and view.lower(m.start - 2) in {"after", "following", "since"}
    )


def _modal_adverb_before_taking_part(view: SentenceView, m: Mention) -> bool:
    if m.end - m.start != 1 or view.lower(m.start) not in STATE_ADVERBS:
        return False
    if not _modal_before(view, m.start + 1):
        return False
    ahead = " ".join(view.lower(i) for i in range(m.end, min(view.end, m.end + 2)))
    return any(ahead.startswith(p) for p in PARTICIPATING)


def _movement_before(view: SentenceView, with_cue: Mention) -> bool:
    """ "Four Typhoons arrived at Šiauliai on Monday, with about 70 personnel": the figure goes
    with the movement the clause before it states."""
    for m in kind_cues(view, view.start, with_cue.start):
        if m.label == "cue:presence:" or _nominal(view, m):
            continue
        if view.breaks_between(m.end, with_cue.start) <= 1 and with_cue.start - m.end <= 10:
            return True
    return False


def _predicate_after(view: SentenceView, with_cue: Mention, qe: int) -> bool:
    """A movement verb in -ing after "with N …" in the same clause."""
    for m in kind_cues(view, qe, view.end):
        if m.label == "cue:presence:":
            continue
        if view.breaks_between(qe, m.start) == 0 and view.lower(m.start).endswith("ing"):
            return m.start - qe <= 8
    return False


def _still_before(view: SentenceView, m: Mention) -> bool:
    return m.start > view.start and view.lower(m.start - 1) == "still"


def gap(m: Mention, start: int, end: int) -> int:
    if m.end <= start:
        return start - m.end
    if end <= m.start:
        return m.start - end
    return 0


def read_kind(
    view: SentenceView, qs: int, qe: int, lo: int, hi: int, listed: bool = False
) -> tuple[str | None, str | None]:
    """(kind, change) for the figure at [qs, qe); kind None when no cue at all."""
    doc = view.doc
    for j in view.cue_spans("joining"):
        if (
            j.end <= qs
            and qs - j.end <= 3
            and any(doc[i].lower_ in {"the", "its", "their", "those"} for i in range(j.end, qs))
        ):
            return "presence", None

    def usable(found: list[Mention]) -> list[Mention]:
        kept = [m for m in found if not _auxiliary(doc, m)]
        if listed:
            kept = [m for m in kept if doc[m.start].lower_ != "with"]
        return kept

    cues = usable(kind_cues(view, lo, hi)) or usable(kind_cues(view, view.start, view.end))
    cues = [m for m in cues if m.label == "cue:presence:" or not negated(view, m)]
    cues = [m for m in cues if not _object_of_mover(view, m, cues)]
    cues = _without_verb_adverbs(view, cues)
    main = _main_clause_cue(view, qs)
    if main is not None:
        cues = [main]
    if not cues:
        return None, None
    strong = {(m.start, m.end) for m in view.in_range("strong_presence", lo, hi)}

    def score(m: Mention) -> float:
        s: float = gap(m, qs, qe) + 3 * view.breaks_between(m.start if m.start > qs else m.end, qs)
        if (m.start, m.end) in strong and view.breaks_between(m.start, qs) == 0:
            s -= 3
        word = doc[m.start].lower_
        if m.label == "cue:presence:" and word in {"has", "have", "had"}:
            s += 1
        if word == "with":
            s += 1.5 if m.end <= qs and qs - m.end <= 2 else 50
            if _predicate_after(view, m, qe) or _movement_before(view, m):
                s += 30  # "with 296 members … arriving", "arrived on Monday, with 70 personnel"
        if m.start >= qe and _nominal_object(view, m):
            s += 4  # "about 130 strong, helped cover the withdrawal": someone else's movement
        if word in OUTGOING | INCOMING and m.end <= qs and view.breaks_between(m.end, qs) == 0:
            s -= 6  # "the departing detachments numbered about 300": who they are says it
        return s

    movers = [m for m in cues if m.label != "cue:presence:"]
    if movers:
        cues = [
            m
            for m in cues
            if not (_reduced_relative(doc, m) and not 0 <= qs - m.end <= 2)
            and not _in_relative(view, m, qe)
        ]
        cues = cues or movers
    best = min(cues, key=score)
    if best.label != "cue:presence:" and _after_the_change(view, best, qs):
        return "presence", None  # "contingent after the rotation: 50 military": the new level
    if best.start >= qe and _nominal_object(view, best):
        return None, None  # only someone else's movement is named
    _, kind, change = best.label.split(":")
    if kind != "presence" and _still_before(view, best):
        return "presence", None  # "MONUSCO still deploys about 11,000": what it keeps
    if kind == "presence" and _future_before(view, best):
        return "deploy", None
    if kind == "presence" and _modal_adverb_before_taking_part(view, best):
        return "deploy", None  # "the Bundeswehr can now participate with up to 300 soldiers"
    if kind == "deploy":
        if change == "":
            if view.in_range("cue:deploy:increase", lo, hi):
                change = "increase"
            elif view.in_range("cue:deploy:rotation", lo, hi):
                change = "rotation"
        return "deploy", change or None
    if kind == "withdraw":
        return "withdraw", "decrease"
    return "presence", None


REPLACING = ("replac", "reliev", "successor", "rotation", "next contingent", "new contingent",
             "take over from", "took over from", "handing over", "handed over")  # fmt: skip
ENDING_CONTRIBUTION = {"last", "final", "ends", "end", "ending", "ended", "no longer", "terminate"}


def end_of_tour(view: SentenceView) -> bool:
    """ "returned home after completing their tour, replaced by the 12th contingent": the end
    of one rotation. A tour's end alone, with no successor in sight and said of the last
    soldiers or of an ending contribution, is a withdrawal."""
    if not view.cue_spans("rotation_end"):
        return False
    text = view.sent.text.lower()
    if any(word in text for word in REPLACING):
        return True
    words = {view.lower(i) for i in range(view.start, view.end)}
    return not (words & ENDING_CONTRIBUTION) and not _home_bound(view)


def _home_bound(view: SentenceView) -> bool:
    """ "will bring home its 331 soldiers … when their tour of duty ends": a decision to bring
    a contingent home, timed by the tour."""
    return any(
        view.lower(i) in {"bring", "brings", "bringing", "brought"}
        and i + 1 < view.end
        and view.lower(i + 1) == "home"
        for i in range(view.start, view.end)
    )


NEGATING = {"not", "never", "n't", "no", "refused", "refuses", "refuse", "declined", "declines",
            "rejected", "rejects", "reject", "against", "without", "nor"}  # fmt: skip
RULING_OUT = {"ruled", "rules", "rule", "ruling"}


def negated(view: SentenceView, m: Mention) -> bool:
    """ "has ruled out withdrawing", "will not send", "refused to pull out": a movement denied."""
    words = [view.lower(i) for i in range(max(view.start, m.start - 5), m.start)]
    if any(w in NEGATING for w in words[-4:]):
        return True
    return any(a in RULING_OUT and b == "out" for a, b in zip(words, words[1:], strict=False))
