"""Sentence boundaries that respect the layout of news text: every line break ends a sentence.

Titles, datelines, bullets and headings have no final full stop, so spaCy's punctuation-only
sentencizer would glue them to the next sentence; a line break is a stronger signal than a stop.
Boundaries are found on the raw text with one regular expression and mapped to tokens with a
binary search, so the component costs almost nothing next to the tokenizer.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

SENTENCES_VERSION = "muster_sentences_v1"
BOUNDS_KEY = "sentence_bounds"
TEXT_KEY = "text"
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no gen lt col maj capt cpt sgt adm cdr brig gov sen rep jan feb mar "
    "apr jun jul aug sep sept oct nov dec vs cf approx ca pte cpl ret jr sr inc co corp".split()
)
# a break after a line end, or after . ! ? … (and a closing quote) before an upper-case start
BREAK = re.compile(r"\n\s*|(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘'(\[]?[A-Z0-9])")
WORD_BEFORE_STOP = re.compile(r"([A-Za-z][\w.-]*)\.$")


def _after_abbreviation(text: str, at: int) -> bool:
    """ "Maj. Gen. Smith", "the U.S. Army": a stop that ends a short form, not a sentence."""
    m = WORD_BEFORE_STOP.search(text, max(0, at - 16), at)
    if m is None:
        return False
    word = m.group(1)
    return word.lower() in ABBREVIATIONS or "." in word or len(word) == 1


def _stop_end(text: str, at: int) -> int:
    """Offset just after the full stop that a break follows (skipping a closing quote)."""
    while at > 0 and text[at - 1] in '"”’)':
        at -= 1
    return at


def bounds_of(text: str, token_starts: list[int]) -> list[tuple[int, int]]:
    """Token index ranges of the sentences of `text`, given each token's start offset."""
    n = len(token_starts)
    cuts = {0}
    for m in BREAK.finditer(text):
        if text[m.start()] != "\n" and _after_abbreviation(text, _stop_end(text, m.start())):
            continue
        i = bisect_left(token_starts, m.end())
        if 0 < i < n:
            cuts.add(i)
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:] + [n], strict=True) if a < b]


@Language.component(SENTENCES_VERSION)
def split_sentences(doc: Doc) -> Doc:
    """Store sentence token ranges in doc.user_data (spaCy's per-token flags are not set)."""
    starts = [int(x) for x in doc.to_array("IDX")] if len(doc) else []
    # doc.text rebuilds the string token by token; the caller usually still has it
    text = doc.user_data.get(TEXT_KEY) or doc.text
    doc.user_data[BOUNDS_KEY] = bounds_of(text, starts)
    return doc


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences found by `split_sentences`, as spans."""
    return [doc[a:b] for a, b in doc.user_data.get(BOUNDS_KEY, [(0, len(doc))])]
