"""A sentence seen through the span groups the matchers left on the document.

The grammar asks positional questions ("which country is nearest to the left of this number,
within the clause?"); this module answers them on token indices so the rules stay short.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from muster.extract.sentences import sentence_spans

CLAUSE_BREAKS = {",", ";", ":", "—", "–", "(", ")", "but", "while", "whereas", "when", "although"}
KIND_LABELS = (
    "cue:deploy:increase",
    "cue:deploy:rotation",
    "cue:deploy:",
    "cue:withdraw:decrease",
    "cue:presence:",
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    kind: str = ""
    weak: bool = False

    @property
    def text_key(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class SentenceView:
    doc: Doc
    sent: Span
    index: int
    countries: list[Mention] = field(default_factory=list)
    operations: list[Mention] = field(default_factory=list)
    cues: dict[str, list[Mention]] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.sent.start

    @property
    def end(self) -> int:
        return self.sent.end

    def has(self, label: str) -> bool:
        return bool(self.cues.get(label))

    def cue_spans(self, label: str) -> list[Mention]:
        return self.cues.get(label, [])

    def lower(self, i: int) -> str:
        return self.doc[i].lower_

    def clause_bounds(self, i: int) -> tuple[int, int]:
        """The stretch of tokens around i between clause-breaking punctuation."""
        left = i
        while left > self.start and self.doc[left - 1].lower_ not in CLAUSE_BREAKS:
            left -= 1
        right = i
        while right < self.end and self.doc[right].lower_ not in CLAUSE_BREAKS:
            right += 1
        return left, right

    def breaks_between(self, a: int, b: int) -> int:
        lo, hi = min(a, b), max(a, b)
        return sum(1 for t in self.doc[lo:hi] if t.lower_ in CLAUSE_BREAKS)

    def in_range(self, label: str, lo: int, hi: int) -> list[Mention]:
        return [m for m in self.cues.get(label, []) if m.start >= lo and m.end <= hi]

    def any_in_range(self, labels: tuple[str, ...] | list[str], lo: int, hi: int) -> bool:
        return any(self.in_range(label, lo, hi) for label in labels)


def _mentions(spans: list[Span], with_kind: bool) -> list[Mention]:
    out = []
    for s in spans:
        kind, weak = "", False
        if with_kind and s.kb_id_:
            kind, _, flag = s.kb_id_.partition("|")
            weak = flag == "1"
        out.append(Mention(s.start, s.end, s.label_, kind, weak))
    return out


def sentence_views(doc: Doc) -> list[SentenceView]:
    """One view per sentence, with every span group bucketed by the sentence it starts in."""
    sents = sentence_spans(doc)
    starts = [s.start for s in sents]
    views = [SentenceView(doc, s, n) for n, s in enumerate(sents)]
    for name, group in doc.spans.items():
        if not len(group):
            continue
        mentions = _mentions(list(group), with_kind=(name == "countries"))
        for m in mentions:
            view = views[bisect_right(starts, m.start) - 1]
            if name == "countries":
                view.countries.append(m)
            elif name == "operations":
                view.operations.append(m)
            else:
                view.cues.setdefault(name, []).append(m)
    return views


def table_row(view: SentenceView) -> bool:
    """A line that starts with a country and a dash or colon: a row of a table written as prose
    ("Italy – 1,258", "Latvia – led by Canada: about 1,700, …")."""
    if not view.countries:
        return False
    first = min(view.countries, key=lambda c: c.start)
    return (
        first.start <= view.start + 1
        and first.end < view.end
        and view.lower(first.end) in {"–", "—", "-", ":"}
    )
