"""The deployment grammar: from one sentence to candidate records.

A number becomes a record when it counts people (muster.extract.personnel), a kind can be read
from its part of the sentence (muster.extract.kinds), and a contributor, operation and host can
be resolved (muster.extract.roles). Sentences with a strong movement verb, a contributor and an
operation also give records without a number (muster.extract.movements).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from muster.extract.candidate import Candidate
from muster.extract.context import ArticleContext
from muster.extract.dates import DateMention, dates_in
from muster.extract.handovers import handover_records
from muster.extract.kinds import add_situational_cues, end_of_tour, kind_cues, read_kind
from muster.extract.lexicon import lexicon
from muster.extract.movements import movements_without_number
from muster.extract.numbers import Quantity, find_quantities
from muster.extract.personnel import distracted, is_each, listed_countries, noun_end
from muster.extract.roles import (
    contributor_candidates,
    coordinated,
    countries_linked_after,
    excluded_hosts,
    homecoming,
    leads_a_formation,
    relative_operation_subject,
    resolve_operation,
    whole_operation_subject,
)
from muster.extract.view import Mention, SentenceView, table_row

ANAPHORIC_STARTS = {"the", "this", "that", "these", "its", "their", "each"}
TIMESTAMP = re.compile(r"\s*(?:[•–-]\s*)?\d{1,2}[:.]\d{2}\s*[—–-]")
JOINING_WORDS = {"to", "in", "into", "within", "join", "joins", "joined", "joining", "with"}
COMPOSITION_WORDS = {"include", "includes", "including", "consist", "consists", "comprise",
                     "comprises", "comprising"}  # fmt: skip
BEGINNING = {"begin", "begins", "began", "start", "starts", "started", "starting", "beginning"}
ORIGIN_PHRASES = ("come from", "comes from", "coming from", "drawn from", "provided by",
                  "contributed by", "supplied by", "from the armies of",
                  "made up of troops from")  # fmt: skip
WHOLE_UNITS = {"contingent"}  # a battalion or force "of N" is as often a part or a ceiling
HOME_FORCES = {"army", "armed", "forces", "military", "police", "security", "defence", "defense",
               "troops", "soldiers"}  # fmt: skip
RANKS = ("officer", "ncos", "non-commissioned", "ranks", "enlisted", "sergeant", "private")
BREAKDOWN_OPENERS = {"—", "–", "-", ":", "(", "comprising", "including", "whom", "namely"}
NOW_WORDS = {"now", "currently", "at present", "presently", "today", "already", "at the moment",
             "still serving", "still stationed", "still deployed", "still there"}  # fmt: skip
PLURAL_UNITS = {"contingents", "detachments", "battalions", "companies", "units", "squadrons"}
PARTICIPATION_NOUNS = {"participation", "contribution", "deployment", "engagement", "mission"}
ELLIPTICAL_AFTER = {"more", "others", "additional", "extra"}
ELLIPSIS_FOLLOWERS = {"to", "in", "into", "for", "from", "by", "on", "at", "and", "next", "this",
                      "later", "soon", "within", "before", "after", "when", "as", "today", "now",
                      "there", "left", "remaining", "still"}  # fmt: skip
LEVEL_VERBS = {"has", "have", "had", "numbers", "numbered", "counts", "counted", "keeps", "keep",
               "maintains", "fields", "field"}  # fmt: skip
QUALIFIERS = {"about", "around", "some", "roughly", "nearly", "almost", "approximately", "over",
              "more", "than", "up", "to", "at", "least", "just", "under"}  # fmt: skip
FUTURE_WORDS = {"will", "shall", "plans", "planned", "intends", "wants", "would"}
PRONOUN_STARTS = {"they", "these", "those"}


def _case_folded_headline(text: str) -> str:
    """An all-capitals headline reads every word as an acronym; numbers are found in its
    lower-case copy (same length, so offsets still hold)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text
    folded = text.lower()
    return folded if len(folded) == len(text) else text


@dataclass
class Figure:
    """A number that counts people, with the noun it counts and the countries listed before it."""

    quantity: Quantity
    start: int
    end: int
    noun_end: int
    listed: list[str]
    operation_strength: bool = False
    elliptical: bool = False  # "will send 120 more": the noun was said before


@dataclass(frozen=True)
class Where:
    """What every record read from one figure shares."""

    operation: str | None
    host: str | None
    date: str | None
    date_said: bool
    sentence: int
    position: int
    whole_unit: bool
    qualifier: str | None

    def candidate(
        self, kind: str, who: str | None, value: int | None, change: str | None
    ) -> Candidate:
        qualifier = self.qualifier if value is not None else None
        return Candidate(
            kind,
            who,
            self.operation,
            self.host,
            value,
            qualifier,
            self.date,
            change,
            self.sentence,
            self.position,
            self.whole_unit,
            self.date_said,
        )


TIMELINE_ENTRY = re.compile(r"^\s*(?:[•·*-]\s*)?((?:19|20)\d\d)\s*(?:[–—:]|-\s)")
DATELINE_PLACE = re.compile(r"^\s*[A-Z][A-Za-z.'’ /-]{1,40},\s*$")
DATELINE_END = re.compile(r"^\s*(?:\([^)]{0,30}\))?\s*(?:[-–—:]|--)")


def _in_dateline(text: str, start: int, end: int) -> bool:
    """ "KYIV/KINSHASA, March 9 –", "BERLIN, Jan 29 (Reuters) -": a place, a date, a dash."""
    return bool(DATELINE_PLACE.match(text[:start]) and DATELINE_END.match(text[end : end + 30]))


class SentenceGrammar:
    def __init__(
        self, view: SentenceView, ctx: ArticleContext, previous: Candidate | None = None
    ) -> None:
        self.view = view
        self.ctx = ctx
        self.doc = view.doc
        self.text = view.sent.text
        self.previous = previous
        self._date_mentions: list[DateMention] | None = None
        self.inherited_from: Candidate | None = None
        self.cue_less = False
        add_situational_cues(view)

    # --- numbers -----------------------------------------------------------------------------
    def _token_span(self, q: Quantity) -> tuple[int, int] | None:
        base = self.view.sent.start_char
        span = self.doc.char_span(base + q.start, base + q.end, alignment_mode="expand")
        return None if span is None else (span.start, span.end)

    def _sizes_operation(self, q: Quantity, qe: int) -> bool:
        """ "The 150,000-strong ISAF": an attributive figure on an operation is its strength."""
        if not q.attributive:
            return False
        heads = {m.start for m in self.view.cue_spans("unit") + self.view.cue_spans("personnel")}
        refs = self.view.operations + self.view.cue_spans("opref")
        return any(qe <= m.start <= qe + 3 and m.end not in heads for m in refs)

    def figures(self) -> list[Figure]:
        view, doc = self.view, self.doc
        found: list[Figure] = []
        set_aside = False  # the count before was a distractor
        for q in find_quantities(_case_folded_headline(self.text)):
            if q.kind_hint != "count":
                continue
            span = self._token_span(q)
            if span is None:
                continue
            qs, qe = span
            listed = [c for c in listed_countries(view, qs) if not leads_a_formation(view, c)]
            end = noun_end(view, qs, qe)
            short_line = len(view.sent) <= 10
            if (
                end is None
                and listed
                and (self._counts_people() or found or short_line)
                and not self._own_noun_follows(qe)
            ):
                end = qe + (1 if is_each(doc, qe, view.end) else 0)
            if (
                end is None
                and q.change_from is not None
                and any(m.end <= qs for m in view.cue_spans("personnel") + view.cue_spans("unit"))
            ):
                end = qe  # "the number of Hungarian soldiers was increased from 120 to 300"
            if end is None and self._change_by_or_to(qs) is not None:
                end = qe  # "the contribution was cut by about 100 more, to about 375"
            if end is None and table_row(view) and not self._own_noun_follows(qe, countries=True):
                end = qe  # "Latvia – led by Canada: about 1,700, of whom about 800 Canadian"
            elliptical = end is None and self._elliptical(qs, qe)
            if elliptical:
                end = qe + 1 if doc[qe].lower_ in ELLIPTICAL_AFTER else qe
            if end is None or distracted(view, qs, qe):
                set_aside = True
                continue
            if set_aside and self._part_of_them(qe):
                continue  # "around 900 have served since 1999, some 600 of them with …"
            if qs - 2 >= view.start and doc[qs - 2].lower_ == "one" and doc[qs - 1].lower_ == "of":
                continue
            if found and self._part_of_previous(found[-1], qs):
                continue
            found.append(
                Figure(
                    q,
                    qs,
                    qe,
                    end,
                    [c.label for c in listed],
                    self._sizes_operation(q, qe),
                    elliptical,
                )
            )
        return found

    def _own_noun_follows(self, qe: int, countries: bool = False) -> bool:
        """A word that is not a preposition or a list's "each" follows a bare number ("Portugal
        four F-16s"): the number counts that, not the people named earlier. With `countries`,
        a demonym after the number ("800 Canadian") names whose people they are."""
        view, doc = self.view, self.doc
        if qe >= view.end or doc[qe].is_punct or doc[qe].is_space:
            return False
        if countries and any(c.start == qe for c in view.countries):
            return False
        return doc[qe].lower_ not in ELLIPSIS_FOLLOWERS | ELLIPTICAL_AFTER | {"each", "of"}

    def _counts_people(self) -> bool:
        """Whether a list's bare numbers count people: the sentence names personnel, units or
        contributors ("the largest contingents come from Italy (about 640), …")."""
        view = self.view
        if view.cue_spans("personnel") or view.cue_spans("unit"):
            return True
        return any(view.lower(i).startswith("contribut") for i in range(view.start, view.end))

    def _elliptical(self, qs: int, qe: int) -> bool:
        """ "has 300 soldiers there and will send 120 more", "… intends to send some sixty": the
        personnel noun was said once, earlier in the sentence, and the figure stands for it."""
        view, doc = self.view, self.doc
        said = view.cue_spans("personnel") + view.cue_spans("unit")
        if not any(m.end <= qs for m in said):
            return False
        if qe < view.end and doc[qe].lower_ in ELLIPTICAL_AFTER:
            return True
        part = doc[qs - 1].lower_ in {"whom", "which"} or doc[qs - 2].lower_ in {"whom", "which"}
        if self._own_noun_follows(qe) and not part:
            return False  # "sent four helicopters", "six letters": a noun of its own follows
        j = qs - 1
        while j > view.start and doc[j].lower_ in QUALIFIERS:
            j -= 1
        if doc[j].lower_ in {"another", "further", "including"}:
            return True
        if doc[j].lower_ in {"and", "with", "while"} and not self._own_noun_follows(qe):
            return True  # "has 2,600 troops in South Sudan and some 1,300 in the CAR"
        if j > view.start and doc[j - 1].lower_ == "of" and doc[j].lower_ in {"whom", "which"}:
            return True  # "numbers some 1,000 soldiers, of whom about 800 are British"
        verbs = [
            m
            for m in kind_cues(view, view.start, qs)
            if m.label != "cue:presence:" or doc[m.start].lower_ in LEVEL_VERBS
        ]
        return any(m.end == j + 1 for m in verbs)

    def _summed_breakdowns(self, figures: list[Figure]) -> list[Figure]:
        """ "comprising 20 officers and 223 other ranks" is one contingent of 243; after its
        total ("136 militaries — 10 officers, 20 NCOs and 106 soldiers") the parts add nothing."""
        out: list[Figure] = []
        k = 0
        while k < len(figures):
            group = [figures[k]]
            while k + len(group) < len(figures) and self._joined(
                group[-1], figures[k + len(group)]
            ):
                group.append(figures[k + len(group)])
            k += len(group)
            if len(group) < 2 or not self._by_rank(group):
                out.extend(group)
                continue
            if out and self._breaks_down(out[-1], group[0]):
                continue  # the parts of the figure just before
            first = group[0]
            if first.quantity.value == sum(f.quantity.value for f in group[1:]):
                out.append(first)  # "27 women peacekeepers, two officers and 25 other ranks"
                continue
            total = replace(first.quantity, value=sum(f.quantity.value for f in group))
            out.append(replace(first, quantity=total, noun_end=group[-1].noun_end))
        return out

    def _by_rank(self, group: list[Figure]) -> bool:
        """Every part counts people by a noun of its own, and one of them is a rank."""
        if any(f.noun_end <= f.end for f in group):
            return False
        nouns = " ".join(self.view.lower(i) for f in group for i in range(f.end, f.noun_end))
        return any(rank in nouns for rank in RANKS)

    def _joined(self, a: Figure, b: Figure) -> bool:
        between = {self.view.lower(i) for i in range(a.noun_end, b.start)}
        return b.start - a.noun_end <= 2 and between <= {",", "and"} and not (a.listed or b.listed)

    def _breaks_down(self, whole: Figure, part: Figure) -> bool:
        between = [self.view.lower(i) for i in range(whole.noun_end, part.start)]
        return len(between) <= 3 and bool(set(between) & BREAKDOWN_OPENERS)

    def _change_by_or_to(self, qs: int) -> str | None:
        """ "by" or "to" when the figure is the amount or the result of a change of a unit's
        size ("cut … by about 100 more, to about 375")."""
        view, doc = self.view, self.doc
        j = qs - 1
        while j > view.start and doc[j].lower_ in QUALIFIERS:
            if doc[j].lower_ == "to" and doc[j - 1].lower_ != "up":
                break  # "to about 375" is the level reached; "up to 375" a ceiling
            j -= 1
        word = doc[j].lower_ if j >= view.start else ""
        if word not in {"by", "to"}:
            return None
        changes = view.cue_spans("cue:withdraw:decrease") + view.cue_spans("cue:deploy:increase")
        if not any(m.end <= j and j - m.end <= 12 for m in changes):
            return None
        sized = view.cue_spans("unit") + view.cue_spans("personnel")
        nouns = {"contribution", "contingent", "presence", "strength", "force"}
        if not sized and not any(view.lower(i) in nouns for i in range(view.start, j)):
            return None
        return word

    def _part_of_previous(self, previous: Figure, qs: int) -> bool:
        """ "766 of the roughly 950 U.S. service members": the second number is the whole the
        first is part of; the first counts the same people."""
        doc = self.doc
        between = [doc[i].lower_ for i in range(previous.end, qs)]
        if between[:2] != ["of", "the"] or len(between) > 4:
            return False
        end = noun_end(self.view, qs, qs + 1)
        if end is None:
            return False
        previous.noun_end = max(previous.noun_end, end)
        return True

    # --- who ---------------------------------------------------------------------------------
    def _contributor(
        self, f: Figure, lo: int, hi: int, op_hint: str | None, kind: str = "presence"
    ) -> tuple[str | None, list[str], bool]:
        """(contributor or None for the whole operation, co-listed countries, each-distributive)."""
        view, qs, qe = self.view, f.start, f.end
        hosts = excluded_hosts(self.ctx, op_hint)
        if any(qe <= m.start < f.noun_end for m in view.cue_spans("org")):
            return None, [], False  # "1,200 NATO soldiers": the alliance's force, not a nation's
        inside = [c for c in view.countries if qe <= c.start < f.noun_end and c.label not in hosts]
        if inside:
            return inside[0].label, [], False
        linked = [c for c in countries_linked_after(view, f.noun_end) if c.label not in hosts]
        if len(linked) == 1:
            return linked[0].label, [], False
        if len(linked) > 1:
            return None, [c.label for c in linked], False
        listed = [iso3 for iso3 in f.listed if iso3 not in hosts]
        if len(listed) > 1 and is_each(self.doc, qe, view.end):
            return listed[0], listed[1:], True
        if listed:
            return listed[-1], [], False
        if self._sizes_a_force(qs):
            return None, [], False
        seg_lo, _ = view.clause_bounds(qs)
        candidates = contributor_candidates(view, hosts)
        if view.in_range("whole", max(lo, seg_lo), view.end) and not [
            c for c in candidates if abs(c.start - qs) <= 12
        ]:
            return None, [], False
        if relative_operation_subject(view, qs):
            return None, [], False
        left = [c for c in candidates if c.end <= qs]
        right = [
            c
            for c in candidates
            if c.start >= qe
            and c.start - qe <= 12
            and c.end <= hi
            and view.breaks_between(qe, c.start) == 0
        ]
        if right and self._part_named_after(qs):
            return right[0].label, [], False  # "of whom about 800 are British"
        if self._joint_units_before(qs):
            return None, [], False  # "the two departing detachments numbered about 300"
        shared = self._shared_by_contingents(candidates, qs, qe)
        if shared:
            return (
                None,
                shared,
                False,
            )  # "2,000 of them, including the French and Swedish contingents"
        if self._formation_total(qs, hosts):
            return None, [], False  # "Estonia – led by the United Kingdom: about 1,300 troops"
        if left and is_each(self.doc, f.noun_end, view.end):
            chain = [
                c.label for c in coordinated(view, left)
            ]  # "Spain and France field about 670 soldiers each"
            if len(chain) > 1:
                return chain[0], chain[1:], True
        if left:
            best = min(left, key=lambda c: (qs - c.end) + 6 * view.breaks_between(c.end, qs))
            if self._names_a_formation(best) or self._force_acts_after(best, qs, hosts):
                return None, [], False
            return best.label, [], False
        if whole_operation_subject(view, qs, view.start, hosts):
            return None, [], False
        if right:
            return right[0].label, [], False
        anaphoric = any(
            view.lower(i) in {"they", "their", "its", "contingent"} for i in range(view.start, qs)
        )
        before = [m for m in view.operations + view.cue_spans("opref") if m.end <= qs]
        movement = kind in {"deploy", "withdraw"}
        if (before or (view.operations and not movement)) and not candidates and not anaphoric:
            return None, [], False
        owners = [
            self.ctx.national_units[view.lower(i)]
            for i in range(view.start, view.end)
            if view.lower(i) in self.ctx.national_units
        ]
        if owners and owners[0] is not None:
            return owners[0], [], False  # "500 soldiers of the brigade" Germany stations there
        subject = self.ctx.subject_country
        if subject and subject not in hosts:
            return subject, [], False
        return None, [], False

    def _force_acts_after(self, country: Mention, qs: int, hosts: set[str]) -> bool:
        """ "On the day Russian troops crossed into Ukraine, EUFOR said it was deploying 500
        troops": the operation is the subject of the figure's clause; the country belongs to
        an earlier one."""
        view = self.view
        if view.breaks_between(country.end, qs) == 0:
            return False
        lo, _ = view.clause_bounds(qs)
        if country.end > lo or country.end == lo - 1:
            return False  # "Mongolia, the largest partner with 120 troops": its apposition
        return whole_operation_subject(view, qs, lo, hosts)

    def _joint_units_before(self, qs: int) -> bool:
        """The subject is several national units at once: "both contingents", "the two
        departing detachments"."""
        view = self.view
        lo, _ = view.clause_bounds(qs)
        words = [view.lower(i) for i in range(max(lo, qs - 8), qs)]
        for k, w in enumerate(words):
            if w in {"both", "two", "three", "four"} and (
                w == "both" or k and words[k - 1] == "the"
            ):
                rest = words[k + 1 : k + 4]
                if any(r.endswith("s") and r in PLURAL_UNITS for r in rest):
                    return True
        return False

    def _shared_by_contingents(self, candidates: list[Mention], qs: int, qe: int) -> list[str]:
        """Countries named together as adjectives of one plural unit noun near the figure
        ("the French, Austrian and Swedish contingents"): the figure is theirs together."""
        view = self.view
        nouns = {m.start for m in view.cue_spans("unit") + view.cue_spans("personnel")}
        near = [c for c in candidates if abs(c.start - qs) <= 14 and c.kind == "demonym"]
        for c in near:
            if c.end in nouns and view.lower(c.end).endswith("s"):
                chain = [m.label for m in coordinated(view, [d for d in near if d.end <= c.end])]
                if len(chain) > 1:
                    return chain
        return []

    def _hosts_own_force(self, figure: Figure, op_hint: str | None) -> bool:
        """The figure counts the host country's own forces: its army named just before, in the
        same clause, with no other country in between."""
        view = self.view
        hosts = excluded_hosts(self.ctx, op_hint)
        qs = figure.start
        if any(
            c.label in hosts and figure.end <= c.start < figure.noun_end for c in view.countries
        ):
            return True  # "about 350 Kosovo troops", "10,000 Lebanese soldiers"
        before = [
            c
            for c in view.countries
            if c.end <= qs and qs - c.end <= 10 and view.breaks_between(c.end, qs) == 0
        ]
        if not before:
            return False
        nearest = max(before, key=lambda c: c.end)
        return (
            nearest.label in hosts
            and nearest.kind in {"demonym", "force"}
            and any(
                view.lower(i) in HOME_FORCES for i in range(nearest.end, min(qs, nearest.end + 3))
            )
        )

    def _formation_total(self, qs: int, hosts: set[str]) -> bool:
        """A figure after the country that leads a formation, with no other sender between."""
        view = self.view
        leading = [c for c in view.countries if c.end <= qs and leads_a_formation(view, c)]
        if not leading:
            return False
        last = max(c.end for c in leading)
        return not [
            c for c in contributor_candidates(view, hosts) if last <= c.start and c.end <= qs
        ]

    def _part_of_them(self, qe: int) -> bool:
        view = self.view
        return (
            qe + 1 < view.end
            and view.lower(qe) == "of"
            and view.lower(qe + 1) in {"them", "whom", "these", "those"}
        )

    def _part_named_after(self, qs: int) -> bool:
        """ "…, of whom about 800 are British": a part of the figure before, whose country
        the words after it name."""
        doc, j = self.doc, qs - 1
        while j > self.view.start and doc[j].lower_ in QUALIFIERS:
            j -= 1
        return (
            j > self.view.start and doc[j - 1].lower_ == "of" and doc[j].lower_ in {"whom", "which"}
        )

    def _sizes_a_force(self, qs: int) -> bool:
        """ "a force of 10,000 peacekeepers", "a mission of 13,000": the size of an operation."""
        doc, j = self.doc, qs - 1
        while j > self.view.start and doc[j].lower_ in QUALIFIERS:
            j -= 1
        if not (
            j - 2 >= self.view.start
            and doc[j].lower_ == "of"
            and doc[j - 1].lower_ in {"force", "mission", "operation"}
        ):
            return False
        if doc[qs - 1].lower_ in {"to"} and doc[qs - 2].lower_ == "up":
            return False  # "a force of up to 15,000": an authorised ceiling
        k = j - 2 if doc[j - 2].lower_ in {"a", "an", "the"} else j - 1
        return k - 1 >= self.view.start and doc[k - 1].lower_ in JOINING_WORDS

    def _names_a_formation(self, country: object) -> bool:
        """ "The battlegroup Canada leads in Latvia numbers 1,700": the country sits in a clause
        that names a formation, which is the subject."""
        start = getattr(country, "start", 0)
        refs = self.view.operations + self.view.cue_spans("opref")
        return any(m.end == start for m in refs)

    # --- when --------------------------------------------------------------------------------
    def _dated(self, anchor: int) -> tuple[str | None, bool]:
        """The date nearest to `anchor`, and whether it dates a statement ("said on Tuesday")
        rather than a movement; movement dates win when an article gives both."""
        if self._date_mentions is None and TIMESTAMP.match(self.text) and self.ctx.published:
            # a live blog's "17:50 — …" line happened on the day the blog was published
            self._date_mentions = [
                d
                for d in dates_in(self.text, self.ctx.published)
                if d.kind in {"point", "period"} and d.value
            ]
            if not self._date_mentions:
                return self.ctx.published.isoformat(), False
        if self._date_mentions is None:
            found = [d for d in dates_in(self.text, self.ctx.published) if d.value]
            points = [d for d in found if d.kind in {"point", "period"}]
            # with no other date, the date set for completing a movement ("by 30 June") dates it
            self._date_mentions = points or [d for d in found if d.kind == "deadline"]
        mentions = self._date_mentions
        if not mentions:
            return None, False
        base = self.view.sent.start_char
        anchor_char = self.doc[anchor].idx - base
        said_at = [
            (self.doc[m.start].idx - base, self.doc[m.end - 1].idx - base)
            for m in self.view.cue_spans("speech")
        ]

        def said(d: object) -> bool:
            start, end = getattr(d, "start", 0), getattr(d, "end", 0)
            return any(abs(s - end) <= 20 or abs(start - e) <= 20 for s, e in said_at)

        # the dateline's date ("BERLIN, Jan 29 (Reuters) -") is when the story was filed; a
        # date in the sentence itself ("on Thursday") dates the event
        own = [d for d in mentions if not _in_dateline(self.text, d.start, d.end)]
        if any(d.precision == "day" and not said(d) for d in own):
            mentions = own
        plain = [d for d in mentions if not said(d)]
        pool = plain or mentions
        best = min(pool, key=lambda d: abs(d.start - anchor_char))
        return self._in_entry_year(best), not plain

    def _in_entry_year(self, d: DateMention) -> str | None:
        """ "2010 – The contingent returns home in December": a month without a year in a line
        of a chronology belongs to the line's year, not to the one before publication."""
        entry = TIMELINE_ENTRY.match(self.text)
        if entry is None or d.value is None or re.search(r"\d{4}", d.raw):
            return d.value
        return entry.group(1) + d.value[4:]

    def _date(self, anchor: int) -> str | None:
        return self._dated(anchor)[0]

    # --- kind --------------------------------------------------------------------------------
    def _anaphoric_unit_subject(self) -> bool:
        """ "The company, of around a hundred troops, …": this sentence describes the unit of
        the previous sentence's movement."""
        view = self.view
        first = view.start
        while first < view.end and (self.doc[first].is_space or self.doc[first].is_punct):
            first += 1
        if first < view.end and self.doc[first].lower_ in PRONOUN_STARTS:
            return True
        if first >= view.end or self.doc[first].lower_ not in ANAPHORIC_STARTS:
            return False
        if any(view.lower(i) in lexicon().vessels for i in range(first, min(view.end, first + 4))):
            return True  # "The frigate carries a crew of two hundred"
        return any(m.start <= first + 3 for m in view.cue_spans("unit"))

    def _kind(self, f: Figure, lo: int, hi: int, out: list[Candidate]) -> tuple[str, str | None]:
        kind, change = read_kind(self.view, f.start, f.end, lo, hi, listed=bool(f.listed))
        no_cue_here = not [
            m
            for m in kind_cues(self.view, lo, hi)
            if self.view.breaks_between(f.start, m.start) <= 1
        ]
        if f.listed and no_cue_here and out:
            return out[-1].kind, out[-1].change
        if kind is None or (no_cue_here and kind == "presence"):
            prev = self.previous
            if prev is not None and prev.kind != "presence" and self._anaphoric_unit_subject():
                self.inherited_from = prev
                return prev.kind, prev.change
        self.cue_less = kind is None or (kind == "presence" and self._composition(lo, f.start))
        if kind in (None, "presence") and self._past_timeline_entry():
            self.cue_less = False
            return "deploy", None  # "2006 – A guard company of 250 soldiers takes over …"
        if kind is None and self._dated_in_the_past(f.start):
            self.cue_less = False
            return "deploy", None  # "– from September 1999, a battalion of more than 900 soldiers"
        return kind or "presence", change

    def _past_timeline_entry(self) -> bool:
        """A line of a chronology, "2009 – Mongolia sends a contingent of 275 …", tells in the
        present what was done in that year."""
        m = TIMELINE_ENTRY.match(self.text)
        published = self.ctx.published
        return m is not None and published is not None and int(m.group(1)) < published.year

    def _dated_in_the_past(self, qs: int) -> bool:
        """A verbless item dated before the article's year, "from September 1999": what was
        sent then, not what is there now."""
        published = self.ctx.published
        if published is None:
            return False
        lowered = self.text.lower()
        starts = [
            d
            for d in dates_in(self.text, published)
            if d.value
            and d.kind in {"point", "period"}
            and lowered[max(0, d.start - 10) : d.start].rstrip().endswith(("from", "starting"))
        ]
        return any(int((d.value or "0")[:4]) < published.year for d in starts)

    def _composition(self, lo: int, qs: int) -> bool:
        """ "The contingent will include … a protection team of about a hundred": a verb of
        make-up before the figure describes a part of a force, not its size."""
        view = self.view
        lo = max(lo, view.clause_bounds(qs)[0] - 12)
        words = [view.lower(i) for i in range(max(view.start, lo), qs)]
        future_size = any(
            a in {"will", "would", "shall"} and b in {"number", "count", "total"}
            for a, b in zip(words, words[1:], strict=False)
        )  # "The company will number around 90 soldiers …, plus about 65 …"
        if future_size:
            return True
        return any(w in COMPOSITION_WORDS for w in words) and not view.in_range(
            "strong_presence", lo, qs
        )

    def _partial_reduction(self, qs: int, lo: int, hi: int) -> bool:
        """ "reduce its 167-strong contingent": the figure is the size before an unknown cut."""
        doc = self.doc
        possessive = qs - 1 >= self.view.start and doc[qs - 1].lower_ in {"its", "their", "his"}
        words = {
            m
            for m in self.view.in_range("cue:withdraw:decrease", lo, hi)
            if doc[m.start : m.end].text.lower() in lexicon().partial_reduction
        }
        return (possessive and bool(words)) or self._subject_begins_to_leave(qs)

    def _subject_begins_to_leave(self, qs: int) -> bool:
        """ "Poland, which has at least 2,600 troops there, plans to start bringing them home":
        the figure is what the subject has now; the withdrawal it begins has no size yet."""
        view = self.view
        later = [m for m in view.cue_spans("cue:withdraw:decrease") if m.start > qs]
        if not later:
            return False
        cue = later[0]
        text = self.doc[cue.start : cue.end].text.lower()
        if text in lexicon().partial_reduction:
            return True
        before = {view.lower(i) for i in range(max(qs, cue.start - 3), cue.start)}
        return bool(before & BEGINNING)

    # --- records -----------------------------------------------------------------------------
    def records(self) -> list[Candidate]:
        view = self.view
        figures = self._summed_breakdowns(self.figures())
        out: list[Candidate] = []
        for n, f in enumerate(figures):
            lo = figures[n - 1].noun_end if n else view.start
            hi = figures[n + 1].start if n + 1 < len(figures) else view.end
            self.cue_less = False
            kind, change = self._kind(f, lo, hi, out)
            if self._change_by_or_to(f.start) == "to" and out:
                kind, change = "presence", None  # the size after the change
                self.cue_less = False
            op_guess, _ = resolve_operation(view, self.ctx, f.start, None)
            if self._hosts_own_force(f, op_guess):
                continue  # "The Gambian army is estimated to have about 2,500 personnel"
            contributor, co_listed, each = self._contributor(f, lo, hi, op_guess, kind)
            if f.operation_strength:
                kind, change, contributor, co_listed = "presence", None, None, []
            operation, host = resolve_operation(view, self.ctx, f.start, contributor, (lo, hi))
            prev = self.inherited_from
            if prev is not None and prev.contributor not in (None, contributor):
                kind, change = "presence", None  # "the company" is another country's unit
            self.inherited_from = None
            date, said = self._dated(f.start)
            q = f.quantity

            where = Where(
                operation,
                host,
                date,
                said,
                view.index,
                f.start,
                q.attributive or self._unit_of(f.start),
                q.qualifier,
            )

            def add(
                kind: str,
                who: str | None,
                value: int | None,
                change: str | None,
                where: Where = where,
            ) -> None:
                out.append(where.candidate(kind, who, value, change))

            if q.change_from is not None and kind in {"deploy", "withdraw", "presence"}:
                moved = "withdraw" if q.value < q.change_from else "deploy"
                add(moved, contributor, None, "decrease" if moved == "withdraw" else "increase")
                level = q.change_from if self._future_clause(f.start) else q.value
                add("presence", contributor, level, None)
                continue
            if kind == "deploy" and change != "increase" and homecoming(view, contributor):
                kind, change = "withdraw", "decrease"  # landed back home
            if kind == "withdraw" and self._partial_reduction(f.start, lo, hi):
                add("withdraw", contributor, None, "decrease")
                kind, change = "presence", None
                where = replace(where, date=None, date_said=False)  # the size now, not then
            if kind == "withdraw" and end_of_tour(view):
                continue  # going home at the end of a tour, relieved by the next rotation
            add(kind, contributor, q.value, change, where)
            out[-1].cue_less = kind == "presence" and self.cue_less
            out[-1].elliptical = f.elliptical
            out[-1].stated_now = kind == "presence" and any(
                view.doc[m.start : m.end].text.lower() in NOW_WORDS
                for m in view.in_range("strong_presence", lo, hi)
            )
            out[-1].unit_size = kind == "presence" and self._anaphoric_unit_subject()
            if kind == "presence" and self._then_withdrawn(f.end):
                add("withdraw", contributor, q.value, "decrease")
            if kind == "deploy" and self._now_there(f.end):
                add("presence", contributor, q.value, None, replace(where, date=None))
            for iso3 in co_listed:
                add(kind, iso3, q.value if each else None, change)
        out.extend(self._participation_began(out))
        if not out:
            out.extend(self._origins_of_previous())
        if not out:
            out.extend(movements_without_number(self))
        anchor = min(
            (
                m.start
                for m in self.view.cue_spans("handover:from") + self.view.cue_spans("handover:to")
            ),
            default=view.start,
        )
        out.extend(handover_records(view, self.ctx, self._date(anchor)))
        return out

    def _participation_began(self, out: list[Candidate]) -> list[Candidate]:
        """ "…, ending a German participation in EUTM Mali that began on 28 February 2013": the
        start of the contribution that ends is a past deployment, with its date."""
        view, published = self.view, self.ctx.published
        movers = [c for c in out if c.contributor is not None and c.kind == "withdraw"]
        if not movers:
            return []
        for i in range(view.start + 2, view.end):
            if view.lower(i) not in {"began", "started", "begun"}:
                continue
            before = {view.lower(k) for k in range(max(view.start, i - 8), i)}
            if not before & PARTICIPATION_NOUNS or not before & {"that", "which"}:
                continue
            tail = self.text[self.doc[i].idx - view.sent.start_char :]
            found = [d for d in dates_in(tail, published) if d.value and d.start < 30]
            if not found:
                return []
            first = movers[0]
            return [
                Candidate(
                    "deploy",
                    first.contributor,
                    first.operation,
                    first.host,
                    None,
                    None,
                    found[0].value,
                    None,
                    view.index,
                    i,
                )
            ]
        return []

    def _origins_of_previous(self) -> list[Candidate]:
        """ "EUFOR will reinforce with 500 troops. The reinforcements will come from Austria,
        Bulgaria, Romania and Slovakia.": each country named as the origin of the previous
        sentence's movement sends an unstated share of it."""
        prev, view = self.previous, self.view
        if prev is None or prev.kind == "presence" or prev.sentence != view.index - 1:
            return []
        text = self.text.lower()
        at = min((text.find(w) for w in ORIGIN_PHRASES if w in text), default=-1)
        if at < 0:
            return []
        start_char = view.sent.start_char + at
        hosts = excluded_hosts(self.ctx, prev.operation)
        named = [
            c.label
            for c in contributor_candidates(view, hosts)
            if self.doc[c.start].idx >= start_char and c.label != prev.contributor
        ]
        return [
            Candidate(
                prev.kind,
                iso3,
                prev.operation,
                prev.host,
                None,
                None,
                prev.date,
                prev.change,
                view.index,
                view.start,
            )
            for iso3 in dict.fromkeys(named)
        ]

    def _future_clause(self, at: int) -> bool:
        """ "will enlarge … from 270 to 350": the from-figure is today's level."""
        lo, _ = self.view.clause_bounds(at)
        return any(self.view.lower(i) in FUTURE_WORDS for i in range(max(lo, at - 15), at))

    def _unit_of(self, qs: int) -> bool:
        """ "the new contingent of 290 military": the size of a whole unit, which beats the size
        of one group of it when both are given for one movement."""
        view, j = self.view, qs - 1
        while j > view.start and view.lower(j) in QUALIFIERS:
            j -= 1
        if view.lower(j) != "of":
            return False
        return any(
            m.end == j and view.lower(m.start) in WHOLE_UNITS for m in view.cue_spans("unit")
        )

    def _now_there(self, after: int) -> bool:
        """ "The 160 Portuguese military … arrived in January and are now …": they arrived, and
        the same sentence says they are there."""
        view = self.view
        for i in range(after, view.end - 2):
            if view.lower(i) == "and" and view.lower(i + 1) in {"are", "is"}:
                return view.lower(i + 2) in {"now", "currently", "still"}
        return False

    def _then_withdrawn(self, after: int) -> bool:
        """ "Russia has 650 soldiers there and will pull them out": the same figure leaves."""
        for m in self.view.cue_spans("cue:withdraw:decrease"):
            if m.start >= after and any(
                self.view.lower(i) in {"them", "it", "all"}
                for i in range(m.start, min(self.view.end, m.end + 2))
            ):
                return True
        return False
