"""Deploy, withdraw or presence: the kind a figure's own part of the sentence signals.

Difficulty class 5: the kind is read from the nearest cue, weighed by clause breaks, with
markers of a current state ("already", "currently", "now") pulling towards presence. A few
cues depend on their surroundings and are found here rather than in the phrase lexicon:
"leave Greece for Kosovo" is a deploy, "left Camp Castor" a withdrawal, "ordered ... home" too.
"""

from __future__ import annotations

from spacy.tokens import Doc

from muster.extract.view import KIND_LABELS, Mention, SentenceView

LEAVING = {"leave", "leaves", "left", "leaving"}
HOMEWARD = {"brought", "bring", "brings", "bringing", "ordered", "orders", "order", "called",
            "calls", "call", "sent", "send", "sends", "fly", "flew", "flying", "flown", "go",
            "going", "went", "head", "heading", "headed", "recalled", "recall"}  # fmt: skip
WITHDRAW = "cue:withdraw:decrease"
DEPLOY = "cue:deploy:"


def add_situational_cues(view: SentenceView) -> None:
    """Cues whose kind depends on the words around them."""
    doc = view.doc
    for i in range(view.start, view.end):
        word = doc[i].lower_
        if word in LEAVING:
            ahead = {doc[k].lower_ for k in range(i + 1, min(view.end, i + 7))}
            label = DEPLOY if ahead & {"for", "to"} else WITHDRAW
            if word == "leave" and label == WITHDRAW and not _object_follows(doc, i, view.end):
                continue
            view.cues.setdefault(label, []).append(Mention(i, i + 1, label))
        elif word == "home":
            behind = {doc[k].lower_ for k in range(max(view.start, i - 8), i)}
            if behind & HOMEWARD:
                view.cues.setdefault(WITHDRAW, []).append(Mention(i, i + 1, WITHDRAW))


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


def gap(m: Mention, start: int, end: int) -> int:
    if m.end <= start:
        return start - m.end
    if end <= m.start:
        return m.start - end
    return 0


def read_kind(view: SentenceView, qs: int, qe: int, lo: int, hi: int,
              listed: bool = False) -> tuple[str | None, str | None]:
    """(kind, change) for the figure at [qs, qe); kind None when no cue at all."""
    doc = view.doc
    for j in view.cue_spans("joining"):
        if j.end <= qs and qs - j.end <= 3 and any(
            doc[i].lower_ in {"the", "its", "their", "those"} for i in range(j.end, qs)
        ):
            return "presence", None
    cues = kind_cues(view, lo, hi) or kind_cues(view, view.start, view.end)
    if listed:
        cues = [m for m in cues if doc[m.start].lower_ != "with"] or cues
    if not cues:
        return None, None
    strong = {(m.start, m.end) for m in view.in_range("strong_presence", lo, hi)}

    def score(m: Mention) -> float:
        s: float = gap(m, qs, qe) + 3 * view.breaks_between(m.start if m.start > qs else m.end, qs)
        if (m.start, m.end) in strong:
            s -= 3
        word = doc[m.start].lower_
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
