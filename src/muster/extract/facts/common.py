"""What every fact extractor shares: sentences, the operation a sentence is about, dates, Facts.

The extractors are plain functions over a `Context` so that each stays small and testable with a
hand-written sentence; the Context computes the expensive parts (sentences, places) once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from muster.catalogue import operations
from muster.extract.facts.gates import Gate, Scanner
from muster.models import Article, Fact, Place
from muster.places import find_places

Span = tuple[int, int]
Attrs = dict[str, str | int | float | None]

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({MONTH})(?:,?\s+(\d{{4}}))?\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({MONTH})\s+(\d{{1,2}}),\s+(\d{{4}})\b")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Lt|Col|Gen|Maj|Brig|Capt|Adm|Cdr|Sgt|Mr|Ms|Mrs|Dr|St|No|Jr|Sr|Prof|Gov|Sen|Rep)"
    r"|(?<![\w.])[A-Z]|\bU\.[SNK])\.$"
)
_MONTH_YEAR = re.compile(rf"\b({MONTH})\s+(\d{{4}})\b")


@dataclass(slots=True)
class Sentence:
    """One refined sentence: its position in the article's list, its span, its text. Not
    frozen, though never changed: an article makes dozens, and frozen ones are built slower."""

    index: int
    start: int
    end: int
    text: str


@cache
def _sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[Span]:
    """Sentence spans from spaCy's rule-based sentencizer (no model is shipped)."""
    doc = _sentencizer()(text)
    return [(sent.start_char, sent.end_char) for sent in doc.sents]


def refine(text: str, spans: list[Span]) -> list[Sentence]:
    """Cut spans at line breaks, trim them, and glue back cuts after "Lt." or "B.": headings
    and bullets become sentences of their own, "Lt. Col. Greg Stone" stays in one."""
    pieces: list[Span] = []
    for start, end in spans:
        end = min(end, len(text))  # as slicing would
        cut = text.find("\n", start, end)
        while True:
            s, e = start, end if cut < 0 else cut
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                if (
                    pieces
                    and text[pieces[-1][1] - 1] == "."
                    and _abbreviated(text, *pieces[-1])
                    and text.find("\n", pieces[-1][1], s) < 0
                ):
                    pieces[-1] = (pieces[-1][0], e)
                else:
                    pieces.append((s, e))
            if cut < 0:
                break
            start, cut = cut + 1, text.find("\n", cut + 1, end)
    return [Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(pieces)]


def _abbreviated(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends with an abbreviation's point. A match is at most five
    characters long, so only the tail (with one character of context) is searched; and when
    the five characters before the point are letters, no abbreviation there starts a word."""
    if text[end - 1] != "." or (end - start >= 6 and text[end - 6 : end - 1].isalpha()):
        return False
    return _ABBREVIATION.search(text[max(start, end - 8) : end]) is not None


@cache
def _operation_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for op in operations().values():
        for name in [op.id, op.name, *op.aliases]:
            if len(name) >= 3:
                names.setdefault(name, op.id)
    # Longest name first, grouped by first character with the "not inside a word" check after
    # it: each alternative then starts with a literal, so the search skips to those in C.
    groups: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    alternatives = "|".join(
        rf"{re.escape(first)}(?<![\w-].)(?:{'|'.join(rests)})" for first, rests in groups.items()
    )
    return re.compile(rf"(?:{alternatives})(?![\w-])"), names


def operations_in(text: str) -> list[tuple[int, int, str]]:
    """Operations named in `text` through the catalogue's ids and aliases, in order."""
    pattern, names = _operation_pattern()
    return [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(text)]


def date_near(sentence: Sentence, cue: Span, published: dt.date | None) -> str | None:
    """An explicit date close to an event's cue word, not one it looks forward to ("until")."""
    start = max(0, cue[0] - 60)
    window = sentence.text[start : cue[1] + 100]
    window = re.sub(
        r"\b(?:until|till|by|before|through)\s+(?:the\s+end\s+of\s+)?\S+(?:\s+\S+){0,2}",
        " ",
        window,
    )
    return date_in(window, published)


def date_in(text: str, published: dt.date | None) -> str | None:
    """The first explicit date in `text` as YYYY-MM-DD or YYYY-MM; a missing year comes from
    the publication date (the year before, if that would put the date after publication)."""
    found: list[tuple[int, str]] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        year = int(m.group(3)) if m.group(3) else _infer_year(m.group(2), m.group(1), published)
        if year:
            found.append((m.start(), _iso(year, m.group(2), int(m.group(1)))))
    for m in _MONTH_DAY_YEAR.finditer(text):
        found.append((m.start(), _iso(int(m.group(3)), m.group(1), int(m.group(2)))))
    for m in _MONTH_YEAR.finditer(text):
        found.append((m.start(), f"{m.group(2)}-{MONTHS.index(m.group(1)) + 1:02d}"))
    return min(found)[1] if found else None


def _iso(year: int, month: str, day: int) -> str:
    return f"{year:04d}-{MONTHS.index(month) + 1:02d}-{day:02d}"


def _infer_year(month: str, day: str, published: dt.date | None) -> int | None:
    if published is None:
        return None
    try:
        candidate = dt.date(published.year, MONTHS.index(month) + 1, int(day))
    except ValueError:
        return None
    return published.year - 1 if candidate > published else published.year


def clean_phrase(text: str) -> str:
    """A list item as a short key: no bullet or end punctuation, first word lower-cased,
    serial commas dropped ("deterring renewed hostilities")."""
    text = re.sub(r"^[\s•·▪‣◦*–—-]+", "", text).strip()
    text = re.sub(r"[\s.;:,!]+$", "", text)
    text = re.sub(r",\s+(and|or)\s+", r" \1 ", text)
    text = " ".join(text.replace("’", "'").split())
    first, _, rest = text.partition(" ")
    if first[1:].islower() and first[:1].isupper():
        first = first.lower()
    return f"{first} {rest}".strip()


@dataclass
class Context:
    """One article being read: its sentences, its dominant operation and its places."""

    article: Article
    sentences: list[Sentence]
    operation: str | None
    _mentions: dict[int, list[str]] = field(default_factory=dict)
    _gate_sets: dict[Gate, frozenset[int]] = field(default_factory=dict)

    @cached_property
    def scanner(self) -> Scanner:
        return Scanner(self.article.text, [(s.start, s.end) for s in self.sentences])

    def hits(self, *gates: Gate) -> list[Sentence]:
        """The sentences, in order, that hold a word of one of `gates`: the only ones where
        the patterns those gates stand for can match."""
        if len(gates) == 1:
            return [self.sentences[i] for i in self.scanner.hits(gates[0])]
        indices = set().union(*(self.scanner.hits(g) for g in gates))
        return [self.sentences[i] for i in sorted(indices)]

    def hit(self, gate: Gate, sentence: Sentence) -> bool:
        return sentence.index in self._hit_sets(gate)

    def _hit_sets(self, gate: Gate) -> frozenset[int]:
        found = self._gate_sets.get(gate)
        if found is None:
            found = self._gate_sets[gate] = frozenset(self.scanner.hits(gate))
        return found

    @cached_property
    def places(self) -> list[tuple[int, int, Place]]:
        return find_places(self.article.text)

    def places_in(self, start: int, end: int) -> list[tuple[int, int, Place]]:
        return [p for p in self.places if start <= p[0] and p[1] <= end]

    def located_near(
        self, sentence: Sentence, cue: Span, prepositions: str, before: int = 100, after: int = 120
    ) -> list[tuple[int, int, Place]]:
        """Places the sentence puts an event at, near its cue word (`cue` is relative to the
        sentence): "at Camp Butmir, Sarajevo", "visits to Sarajevo, Pristina, and Belgrade".
        Places merely named ("Bulgaria's readiness") or inside an operation's name ("Force in
        Cyprus") are left out."""
        text = self.article.text
        locative = re.compile(
            rf"\b(?:{prepositions})\s+(?:the\s+|this\s+)?(?:[\w'’-]+\s+){{0,2}}?$", re.I
        )
        lo, hi = sentence.start + cue[0] - before, sentence.start + cue[1] + after
        op_spans = [
            (sentence.start + s, sentence.start + e) for s, e, _ in operations_in(sentence.text)
        ]
        kept: list[tuple[int, int, Place]] = []
        for place in self.places_in(sentence.start, sentence.end):
            if not lo <= place[0] <= hi or any(s <= place[0] < e for s, e in op_spans):
                continue
            gap = text[kept[-1][1] : place[0]] if kept else ""
            listed = kept and re.fullmatch(r",?\s*(?:and\s+)?", gap)
            if listed or locative.search(text[max(sentence.start, place[0] - 40) : place[0]]):
                kept.append(place)
        return kept

    def operations_at(self, sentence: Sentence) -> list[str]:
        if sentence.index not in self._mentions:
            self._mentions[sentence.index] = [op for _, _, op in operations_in(sentence.text)]
        return self._mentions[sentence.index]

    def subject(self, sentence: Sentence, within: str | None = None) -> str | None:
        """The operation a sentence is about: named in `within` (a part of it), named in the
        sentence, named earlier in the same paragraph, or else the article's operation."""
        if within:
            named = [op for _, _, op in operations_in(within)]
            if named:
                return named[0]
        if self.operations_at(sentence):
            return self.operations_at(sentence)[0]
        text = self.article.text
        for previous in reversed(self.sentences[: sentence.index]):
            if "\n" in text[previous.end : sentence.start]:
                break
            if self.operations_at(previous):
                return self.operations_at(previous)[0]
        return self.operation

    def fact(
        self,
        kind: str,
        sentence: Sentence,
        value: str,
        attrs: Attrs,
        extractor: str,
        subject: str | None = None,
    ) -> Fact:
        return Fact(
            article=self.article.id,
            type=kind,
            subject=subject,
            value=value,
            attrs={k: v for k, v in attrs.items() if v not in (None, "")},
            evidence=sentence.text,
            evidence_start=sentence.start,
            evidence_end=sentence.end,
            extractor=extractor,
        )
