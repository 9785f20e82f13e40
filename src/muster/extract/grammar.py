"""The deployment grammar: from one sentence to candidate records.

A number becomes a record when it counts people (a personnel noun, "-strong", "contingent of N"),
is not a distractor (casualties, historical totals, ceilings, national totals across missions),
and a kind can be read from the nearest cue in its part of the sentence. Sentences with a strong
movement verb, a contributor and an operation also give records without a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from muster.extract.context import ArticleContext
from muster.extract.dates import find_dates
from muster.extract.lexicon import lexicon
from muster.extract.numbers import Quantity, find_quantities
from muster.extract.roles import (
    contributor_candidates,
    countries_linked_after,
    excluded_hosts,
    relative_operation_subject,
    resolve_operation,
    whole_operation_subject,
)
from muster.extract.view import KIND_LABELS, Mention, SentenceView

FILLERS = {
    "-",
    "additional",
    "extra",
    "more",
    "new",
    "fresh",
    "further",
    "combat",
    "professional",
    "military",
    "armed",
    "uniformed",
    "elite",
    "special",
    "female",
    "male",
    "national",
    "active",
    "reserve",
    "regular",
    "army",
    "navy",
    "air",
    "force",
    "forces",
    "trained",
    "of",
    "the",
    "other",
    "strong",
    "peacekeeping",
    "foreign",
    "allied",
    "infantry",
    "ground",
    "its",
    "their",
    "serving",
    "remaining",
    "blue",
    "un",
    "nato",
    "eu",
    "international",
    "multinational",
}
PARTITIVE = {"them", "whom", "these", "those"}
STRONG_MOVE = {
    "send",
    "sends",
    "sent",
    "sending",
    "deploy",
    "deploys",
    "deploying",
    "dispatch",
    "dispatches",
    "dispatched",
    "arrived",
    "arrive",
    "arrives",
    "joined",
    "join",
    "joins",
    "reached",
    "landed",
    "leave for",
    "left for",
    "leaves for",
    "leaving for",
    "crossed into",
    "flew out",
    "withdraw",
    "withdraws",
    "withdrew",
    "withdrawn",
    "withdrawing",
    "pull out",
    "pulled out",
    "pulls out",
    "returned home",
    "return home",
    "returns home",
    "repatriated",
    "ends its engagement",
    "end its engagement",
    "ends its participation",
    "ended its participation",
    "put troops",
    "will withdraw",
    "reduce",
    "reduced",
    "reinforce",
    "reinforced",
    "rotated",
    "deployed",
}


@dataclass
class Candidate:
    kind: str
    contributor: str | None
    operation: str | None
    host: str | None
    personnel: int | None
    qualifier: str | None
    date: str | None
    change: str | None
    sentence: int
    position: int
    whole_unit: bool = False


def _kind_cues(view: SentenceView, lo: int, hi: int) -> list[Mention]:
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


def _gap(a: Mention | tuple[int, int], b_start: int, b_end: int) -> int:
    start, end = (a.start, a.end) if isinstance(a, Mention) else a
    if end <= b_start:
        return b_start - end
    if b_end <= start:
        return start - b_end
    return 0


class SentenceGrammar:
    def __init__(self, view: SentenceView, ctx: ArticleContext) -> None:
        self.view = view
        self.ctx = ctx
        self.doc = view.doc
        self.text = view.sent.text
        self.future = view.has("future")

    # --- numbers -----------------------------------------------------------------------------
    def _token_span(self, q: Quantity) -> tuple[int, int] | None:
        base = self.view.sent.start_char
        span = self.doc.char_span(base + q.start, base + q.end, alignment_mode="expand")
        if span is None:
            return None
        return span.start, span.end

    def _noun_end(self, qs: int, qe: int) -> int | None:
        """End of the personnel noun that the number counts, if any."""
        view, doc = self.view, self.doc
        starts = {m.start: m for m in view.cue_spans("personnel")}
        i, steps = qe, 0
        while i < view.end and steps <= 5:
            if i in starts:
                return starts[i].end
            tok = doc[i]
            if tok.lower_ in FILLERS or (tok.text[:1].isupper() and tok.is_alpha):
                i += 1
                steps += 1
                continue
            break
        partitive = qe + 1 < view.end and doc[qe].lower_ == "of" and doc[qe + 1].lower_ in PARTITIVE
        if partitive and (view.cue_spans("personnel") or view.cue_spans("unit")):
            return qe + 2
        units = {m.end for m in view.cue_spans("unit")} | {
            m.end for m in view.cue_spans("personnel")
        }
        j = qs - 1
        while j > view.start and doc[j].lower_ in {",", "around", "about", "some", "roughly"}:
            j -= 1
        if j > view.start and doc[j].lower_ == "of" and (j in units or j - 1 in units):
            return qe
        if j >= view.start and doc[j].lower_ in {"strength", "total"}:
            return qe
        return None

    def _listed_after_country(self, qs: int) -> Mention | None:
        """A number right after a country: "Ghana (870)", "Italy – 1,258", "Portugal 120"."""
        for c in self.view.countries:
            between = [self.doc[i].text for i in range(c.end, qs)]
            if (
                c.end <= qs
                and len(between) <= 2
                and all(t in {"(", "–", "-", ":", "—"} for t in between)
            ):
                return c
        return None

    def _distracted(self, qs: int, qe: int) -> bool:
        view = self.view
        lo, hi = view.clause_bounds(qs)
        lo2, hi2 = view.clause_bounds(max(qs, qe - 1))
        lo, hi = min(lo, lo2), max(hi, hi2)
        for name in ("historical", "ceiling", "national_total"):
            if view.in_range(f"distractor:{name}", lo, hi):
                return True
        near = [m for m in view.cue_spans("distractor:casualty") if _gap(m, qs, qe) <= 8]
        return any(lo <= m.start < hi for m in near)

    # --- kind --------------------------------------------------------------------------------
    def _kind(self, qs: int, qe: int, lo: int, hi: int) -> tuple[str, str | None]:
        view = self.view
        for j in view.cue_spans("joining"):
            if (
                j.end <= qs
                and qs - j.end <= 3
                and any(
                    self.doc[i].lower_ in {"the", "its", "their", "those"} for i in range(j.end, qs)
                )
            ):
                return "presence", None
        cues = _kind_cues(view, lo, hi) or _kind_cues(view, view.start, view.end)
        if not cues:
            return "presence", None
        strong = {(m.start, m.end) for m in view.in_range("strong_presence", lo, hi)}

        def score(m: Mention) -> float:
            s: float = _gap(m, qs, qe) + 3 * view.breaks_between(
                m.start if m.start > qs else m.end, qs
            )
            if (m.start, m.end) in strong:
                s -= 3
            word = self.doc[m.start].lower_
            if m.label == "cue:presence:" and word in {"has", "have", "had"}:
                s += 1
            if word == "with":
                s += 1.5 if m.end <= qs and qs - m.end <= 2 else 50
            return s

        best = min(cues, key=score)
        _, kind, change = best.label.split(":")
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

    def _partial_reduction(self, qs: int, lo: int, hi: int) -> bool:
        """ "reduce its 167-strong contingent": the figure is the size before an unknown cut."""
        possessive = qs - 1 >= self.view.start and self.doc[qs - 1].lower_ in {
            "its",
            "their",
            "his",
            "her",
        }
        words = {
            m
            for m in self.view.in_range("cue:withdraw:decrease", lo, hi)
            if self.doc[m.start : m.end].text.lower() in lexicon().partial_reduction
        }
        return possessive and bool(words)

    # --- who ---------------------------------------------------------------------------------
    def _contributor(
        self, qs: int, qe: int, noun_end: int, lo: int, hi: int, op_hint: str | None
    ) -> tuple[str | None, list[str]]:
        """The contributor, or None for an operation-level figure; plus co-listed countries."""
        view = self.view
        hosts = excluded_hosts(self.ctx, op_hint)
        inside = [c for c in view.countries if qe <= c.start < noun_end and c.label not in hosts]
        if inside:
            return inside[0].label, []
        linked = [c for c in countries_linked_after(view, noun_end) if c.label not in hosts]
        if len(linked) == 1:
            return linked[0].label, []
        if len(linked) > 1:
            return None, [c.label for c in linked]
        listed = self._listed_after_country(qs)
        if listed and listed.label not in hosts:
            return listed.label, []
        seg_lo, _ = view.clause_bounds(qs)
        candidates = contributor_candidates(view, hosts)
        if view.in_range("whole", max(lo, seg_lo), view.end) and not [
            c for c in candidates if abs(c.start - qs) <= 12
        ]:
            return None, []
        if relative_operation_subject(view, qs):
            return None, []
        left = [c for c in candidates if c.end <= qs]
        right = [c for c in candidates if c.start >= qe and c.start - qe <= 12 and c.end <= hi]
        if left:
            best = min(left, key=lambda c: (qs - c.end) + 6 * view.breaks_between(c.end, qs))
            return best.label, []
        if whole_operation_subject(view, qs, view.start):
            return None, []
        if right:
            return right[0].label, []
        if (
            view.operations
            and not view.countries
            and not any(
                view.lower(i) in {"they", "their", "its", "contingent"}
                for i in range(view.start, qs)
            )
        ):
            return None, []
        subject = self.ctx.subject_country
        if subject and subject not in hosts:
            return subject, []
        return None, []

    # --- when --------------------------------------------------------------------------------
    def _date(self, anchor: int) -> str | None:
        mentions = [
            d
            for d in find_dates(self.text, self.ctx.published, None)
            if d.kind in {"point", "period"}
        ]
        if not mentions:
            return None
        base = self.view.sent.start_char
        anchor_char = self.doc[anchor].idx - base
        return min(mentions, key=lambda d: abs(d.start - anchor_char)).value

    # --- records -----------------------------------------------------------------------------
    def records(self) -> list[Candidate]:
        view = self.view
        found: list[tuple[Quantity, int, int, int]] = []
        quantities = [q for q in find_quantities(self.text) if q.kind_hint == "count"]
        spans = [self._token_span(q) for q in quantities]
        for q, span in zip(quantities, spans, strict=True):
            if span is None:
                continue
            qs, qe = span
            noun_end = self._noun_end(qs, qe)
            if (
                noun_end is None
                and self._listed_after_country(qs)
                and (view.cue_spans("personnel") or found or len(view.sent) <= 8)
            ):
                noun_end = qe
            if noun_end is None or self._distracted(qs, qe):
                continue
            if (
                qs - 2 >= view.start
                and self.doc[qs - 2].lower_ == "one"
                and self.doc[qs - 1].lower_ == "of"
            ):
                continue
            found.append((q, qs, qe, noun_end))
        out: list[Candidate] = []
        for n, (q, qs, qe, noun_end) in enumerate(found):
            lo = found[n - 1][3] if n else view.start
            hi = found[n + 1][1] if n + 1 < len(found) else view.end
            kind, change = self._kind(qs, qe, lo, hi)
            gapped = (
                n > 0
                and self._listed_after_country(qs) is not None
                and not _kind_cues(view, lo, hi)
            )
            if gapped and out:
                kind, change = out[-1].kind, out[-1].change
            reduction = self._partial_reduction(qs, lo, hi)
            op_guess, _ = resolve_operation(view, self.ctx, qs, None)
            contributor, co_listed = self._contributor(qs, qe, noun_end, lo, hi, op_guess)
            operation, host = resolve_operation(view, self.ctx, qs, contributor)
            date = self._date(qs)
            value = q.value
            if kind == "withdraw" and reduction:
                out.append(
                    Candidate(
                        "withdraw",
                        contributor,
                        operation,
                        host,
                        None,
                        None,
                        date,
                        "decrease",
                        view.index,
                        qs,
                    )
                )
                kind, change = "presence", None
            out.append(
                Candidate(
                    kind,
                    contributor,
                    operation,
                    host,
                    value,
                    q.qualifier,
                    date,
                    change,
                    view.index,
                    qs,
                    q.attributive,
                )
            )
            for iso3 in co_listed:
                out.append(
                    Candidate(kind, iso3, operation, host, None, None, date, change, view.index, qs)
                )
        if not out:
            out.extend(self._without_number())
        return out

    def _without_number(self) -> list[Candidate]:
        """A movement with no figure ("Austria will withdraw its company from the mission")."""
        view = self.view
        moves = [
            m
            for m in _kind_cues(view, view.start, view.end)
            if m.label != "cue:presence:" and self.doc[m.start : m.end].text.lower() in STRONG_MOVE
        ]
        if not moves:
            return []
        if view.in_range("distractor:historical", view.start, view.end) or view.in_range(
            "distractor:ceiling", view.start, view.end
        ):
            return []
        move = moves[0]
        op, host = resolve_operation(view, self.ctx, move.start, None)
        if op is None:
            return []
        hosts = excluded_hosts(self.ctx, op)
        actors = [c for c in contributor_candidates(view, hosts) if c.end <= move.start]
        explicit_target = (
            bool(view.operations)
            or any(c.label in hosts for c in view.countries)
            or view.has("opref")
            or view.has("unit")
        )
        if not explicit_target:
            return []
        if actors:
            contributor: str | None = actors[-1].label
        elif any(
            view.lower(i) in {"they", "the contingent", "contingent"}
            for i in range(view.start, move.start)
        ):
            contributor = self.ctx.subject_country
        else:
            return []
        if contributor is None:
            return []
        _, kind, change = move.label.split(":")
        change_value = "decrease" if kind == "withdraw" else (change or None)
        return [
            Candidate(
                kind,
                contributor,
                op,
                host,
                None,
                None,
                self._date(move.start),
                change_value,
                view.index,
                move.start,
            )
        ]
