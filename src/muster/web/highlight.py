"""An article's text with the evidence of each record and fact marked, safely escaped.

Spans may overlap (a record and a fact from one sentence), so the text is cut at every span
boundary and each piece is marked with all the spans that cover it. Every span gets an anchor
(`#ev-r12` for record 12, `#ev-f3` for fact 3) so the ledger can link straight to a sentence;
the span named by `selected` is drawn stronger, which works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from muster.store import StoredFact, StoredRecord


@dataclass(frozen=True, slots=True)
class Span:
    key: str
    start: int
    end: int
    is_fact: bool


def spans_of(records: list[StoredRecord], facts: list[StoredFact], length: int) -> list[Span]:
    """The usable evidence spans (inside the text, not empty) of an article's records and facts."""
    found = [
        Span(f"r{r.id}", r.evidence_start or 0, r.evidence_end or 0, False)
        for r in records
        if r.evidence_start is not None and r.evidence_end is not None
    ]
    found += [
        Span(f"f{f.id}", f.evidence_start or 0, f.evidence_end or 0, True)
        for f in facts
        if f.evidence_start is not None and f.evidence_end is not None
    ]
    return [s for s in found if 0 <= s.start < s.end <= length]


def highlight(text: str, spans: list[Span], selected: str | None = None) -> Markup:
    """`text` as HTML: user text escaped, evidence in <mark>, one anchor per span."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    parts: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        for span in spans:
            if span.start == start:
                parts.append(f'<span class="anchor" id="ev-{span.key}"></span>')
        piece = str(escape(text[start:end]))
        covering = [s for s in spans if s.start <= start and s.end >= end]
        if not covering:
            parts.append(piece)
            continue
        classes = ["ev"]
        if all(s.is_fact for s in covering):
            classes.append("fact")
        if selected and any(s.key == selected for s in covering):
            classes.append("selected")
        refs = " ".join(s.key for s in covering)
        parts.append(f'<mark class="{" ".join(classes)}" data-refs="{refs}">{piece}</mark>')
    return Markup("".join(parts))
