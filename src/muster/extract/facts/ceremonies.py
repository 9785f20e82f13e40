"""Ceremonies tied to a deployment: departure or send-off, arrival or welcome, handover, change
of command, medal parade; with their place and date where the article gives them.

An article often mentions the same ceremony several times, so there is one fact per kind.
"""

from __future__ import annotations

import re

from muster.extract.facts.common import Attrs, Context, Sentence, date_near
from muster.extract.facts.gates import gate
from muster.models import Fact

EXTRACTOR = "muster.facts.ceremonies.v1"

_CUE = re.compile(
    r"\b(?:ceremon(?:y|ies)|parade|send-?off|said\s+goodbye|saw\s+(?:them\s+)?off|"
    r"seeing\s+them\s+off|bade\s+them\s+farewell|flagged\s+off|farewell\s+ceremony|"
    r"handover\s+took\s+place|change\s+of\s+command)\b",
    re.IGNORECASE,
)
# One word of each of the cue's alternatives.
_GATE = gate(
    r"\bceremony\b", r"\bceremonies\b", r"\bparade\b", r"\bsend\b", r"\bsendoff\b",
    r"\bgoodbye\b", r"\bsaw\b", r"\bseeing\b", r"\bfarewell\b", r"\bflagged\b",
    r"\bhandover\b", r"\bcommand\b",
)  # fmt: skip
_NEGATED = re.compile(r"\b(?:no|without(?:\s+a)?|not\s+a)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Tried in order on the cue's own words, then on the sentence, then on its neighbours.
_KINDS = (
    ("change of command", r"change\s+of\s+command|hand(?:ed|s|ing)?\s+(?:over\s+)?(?:the\s+)?"
     r"command|passed\s+command|took\s+over\s+(?:the\s+)?command|command\b.{0,60}handed\s+over|"
     r"new\s+(?:Force\s+)?Commander|relinquish"),
    ("medal parade", r"\bmedals?\b|\bdecorated\b"),
    ("handover", r"\brelief\b|hand(?:ed)?\s*over|\bhandover\b|took\s+over|"
     r"transfer\s+of\s+authority|"
     r"rotation\s+ceremony|\bkeys\b|flag\s+came\s+down"),
    ("departure", r"depart|send-?off|seeing\s+them\s+off|saw\s+(?:them\s+)?off|said\s+goodbye|"
     r"farewell|flagged\s+off|\bleave\b|\bleaving\b"),
    ("arrival", r"arriv|welcom|\blanded\b|raising\s+of\s+the\s+flag"),
    ("inauguration", r"inaugurat"),
    ("closing", r"closing\s+ceremony"),
)  # fmt: skip
_VALUES = {"medal parade": "medal parade", "change of command": "change of command ceremony"}


def extract(ctx: Context) -> list[Fact]:
    by_kind: dict[str, Fact] = {}
    generic: list[Fact] = []
    for sentence in ctx.hits(_GATE):
        fact = _ceremony(ctx, sentence)
        if fact is None:
            continue
        kind = str(fact.attrs.get("kind", ""))
        if not kind:
            generic.append(fact)
        elif kind in by_kind:
            _fill(by_kind[kind], fact)
        else:
            by_kind[kind] = fact
    facts = list(by_kind.values())
    if facts:
        for fact in generic:
            _fill(facts[0], fact)
    else:
        facts = generic[:1]
    return sorted(facts, key=lambda f: f.evidence_start or 0)


def _fill(kept: Fact, other: Fact) -> None:
    for key in ("place", "country", "lat", "lon", "date"):
        if kept.attrs.get(key) is None and other.attrs.get(key) is not None:
            kept.attrs[key] = other.attrs[key]


def _ceremony(ctx: Context, sentence: Sentence) -> Fact | None:
    text = sentence.text
    cue = next((m for m in _CUE.finditer(text) if not _NEGATED.search(text[: m.start()])), None)
    if cue is None:
        return None
    kind = _kind(text[max(0, cue.start() - 25) : cue.end() + 40]) or _kind(text)
    neighbours = " ".join(
        s.text for s in ctx.sentences[max(0, sentence.index - 1) : sentence.index + 2]
    )
    if kind in (None, "handover") and re.search(_KINDS[0][1], neighbours, re.IGNORECASE):
        kind = "change of command"  # "the handover" of a command is a change of command
    kind = kind or _kind(neighbours)
    span = (cue.start(), cue.end())
    attrs: Attrs = {"kind": kind, "date": date_near(sentence, span, ctx.article.published)}
    places = ctx.located_near(sentence, span, "in|at|near|outside")
    if places:
        best = min(places, key=lambda p: ({"site": 0, "city": 1}.get(p[2].how, 2), p[0]))[2]
        attrs |= {"place": best.name, "country": best.country, "lat": best.lat, "lon": best.lon}
    value = _VALUES.get(kind or "", f"{kind} ceremony" if kind else "ceremony")
    return ctx.fact("ceremony", sentence, value, attrs, EXTRACTOR, ctx.subject(sentence))


def _kind(text: str) -> str | None:
    return next((kind for kind, rx in _KINDS if re.search(rx, text, re.IGNORECASE)), None)
