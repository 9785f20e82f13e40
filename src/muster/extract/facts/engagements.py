"""Visits, consultations, meetings and conferences, with their places and, where stated, their
ordinal, name and date ("the 18th Balkan Chiefs of Defence (CHODs) Conference in Istanbul")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from muster.extract.facts import lexicon as lx
from muster.extract.facts.common import Attrs, Context, Sentence, date_near
from muster.extract.facts.gates import gate
from muster.extract.facts.officials import names_in, words_pattern
from muster.models import Fact, Place

EXTRACTOR = "muster.facts.engagements.v1"

_ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                  "ninth", "tenth"]  # fmt: skip
_ORDINALS = {w: i for i, w in enumerate(_ORDINAL_WORDS, start=1)}
_CONFERENCE = re.compile(
    r"(?:(?P<ordinal>\d{1,3}(?:st|nd|rd|th)|[Ff]irst|[Ss]econd|[Tt]hird)\s+)?"
    r"(?P<name>[A-Z][\w'’-]*\s+(?:(?:[A-Z][\w'’-]*|\([A-Z][\w'’-]*\)|of|the|and|for|on)\s+){0,8}?"
    r"(?:Conference|Summit|Forum|Symposium|Congress))\b"
)
_GATHERING = re.compile(
    r"\b(?P<name>(?:(?:[A-Z][A-Za-z.-]+|annual|yearly|force\s+generation|donors'?)\s+)+"
    r"(?:summit|conference))\b"
)
# Words without which a pattern cannot match: a quick `in` test spares scanning the sentence.
_NEEDS = {
    "conference": ("Conference", "Summit", "Forum", "Symposium", "Congress"),
    "gathering": ("summit", "conference"),
    "consultation": ("onsultation",),
    "visit": ("visit", "toured"),
    "travel": ("travel", "went", "flew"),
    "meeting": ("met", "meet"),
}
_NOT_GATHERING = re.compile(r"\b(?:news|press|video)\s+conference\b", re.I)
_CONSULTATION = re.compile(
    r"(?<!in\s)\b(?P<cue>(?:[Hh]igh-level\s+)?[Cc]onsultations?(?:\s+and\s+visits?)?)\b"
)
_VISIT = re.compile(
    r"(?<!\bthe\s)(?<!\bthis\s)\b(?P<cue>(?:unannounced\s+|official\s+|first\s+)?"
    r"visit(?:ed|s|ing)?|toured)\b"
)
_TRAVEL = re.compile(r"\b(?P<cue>travell?ed|went|flew)\b[^.;]{0,40}?\bto\b")
_MEETING = re.compile(
    r"\b(?P<cue>(?:working\s+)?meetings?|met|meets?|meeting)\s+(?P<obj>(?:with\s+)?[^.;]{3,120})"
)
_MEETING_OBJECT = re.compile(
    r"^(?:with\s+)?(?:the\s+|his\s+|her\s+|their\s+)?(?:[A-Z]|(?:\w+\s+){0,3}?"
    r"(?:minister|president|commander|counterpart|representatives?|officials?|leaders?|"
    r"ambassador|soldiers|troops|chief|secretary|general|delegation)\b)"
)
_NOT_MEETING = re.compile(
    r"^(?:the\s+|our\s+|its\s+|their\s+)?(?:\w+\s+)?(?:commitments?|needs|"
    r"requirements?|deadline|targets?|standards?|criteria|demands?)\b"
)

# A word that each pattern above needs: the gathering's noun; the cue of a consultation, visit,
# journey or meeting.
_CONFERENCES = gate(
    r"\bconference\b", r"\bsummit\b", r"\bforum\b", r"\bsymposium\b", r"\bcongress\b"
)
_ENGAGEMENTS = gate(
    r"\bconsultation\b", r"\bconsultations\b", r"\bvisit\b", r"\bvisits\b", r"\bvisited\b",
    r"\bvisiting\b", r"\btoured\b", r"\btravelled\b", r"\btraveled\b", r"\bwent\b", r"\bflew\b",
    r"\bmeet\b", r"\bmeets\b", r"\bmeeting\b", r"\bmeetings\b", r"\bmet\b",
)  # fmt: skip


def extract(ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    for sentence in ctx.hits(_CONFERENCES, _ENGAGEMENTS):
        if ctx.hit(_CONFERENCES, sentence):
            facts.extend(_conferences(ctx, sentence))
        fact = _engagement(ctx, sentence) if ctx.hit(_ENGAGEMENTS, sentence) else None
        if fact:
            facts.append(fact)
    return _dedupe(facts)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """A visit told in the title and again in the body is one engagement."""
    kept: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        key = (str(fact.attrs.get("kind")), fact.value)
        if key not in kept:
            kept[key] = fact
            continue
        first = kept[key]
        for name, value in fact.attrs.items():
            current = first.attrs.get(name)
            if current is None or (name == "by" and len(str(value)) > len(str(current))):
                first.attrs[name] = value
        if first.subject is None:
            first.subject = fact.subject
    return list(kept.values())


def _conferences(ctx: Context, sentence: Sentence) -> list[Fact]:
    facts = []
    text = sentence.text
    for m in _matches(_CONFERENCE, text, "conference"):
        name = m.group("name")
        if name.split()[0] in ("The", "A", "An"):
            name = name.split(" ", 1)[1]
        ordinal = _ordinal(m.group("ordinal"))
        value = f"{m.group('ordinal')} {name}" if ordinal else name
        attrs: Attrs = {"kind": "conference", "name": name, "ordinal": ordinal}
        attrs |= _where_when(ctx, sentence, (m.start(), m.end()))
        facts.append(
            ctx.fact("engagement", sentence, value, attrs, EXTRACTOR, ctx.subject(sentence))
        )
    if not facts:
        for m in _matches(_GATHERING, text, "gathering"):
            if _NOT_GATHERING.search(m.group()) or len(m.group("name").split()) < 2:
                continue
            attrs = {"kind": "conference", "name": m.group("name")}
            attrs |= _where_when(ctx, sentence, (m.start(), m.end()))
            subject = ctx.subject(sentence)
            facts.append(
                ctx.fact("engagement", sentence, m.group("name"), attrs, EXTRACTOR, subject)
            )
    return facts


def _matches(pattern: re.Pattern[str], text: str, kind: str) -> Iterable[re.Match[str]]:
    return pattern.finditer(text) if any(word in text for word in _NEEDS[kind]) else ()


def _ordinal(text: str | None) -> int | None:
    if not text:
        return None
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else _ORDINALS.get(text.lower())


def _engagement(ctx: Context, sentence: Sentence) -> Fact | None:
    text = sentence.text
    cues: list[tuple[int, str, re.Match[str]]] = []
    for kind, pattern in (("consultation", _CONSULTATION), ("visit", _VISIT)):
        cues += [(m.start(), kind, m) for m in _matches(pattern, text, kind)]
    for m in _matches(_TRAVEL, text, "travel"):
        if _titles().search(text[: m.start()]):
            cues.append((m.start(), "visit", m))
    for m in _matches(_MEETING, text, "meeting"):
        obj = m.group("obj")
        if obj.startswith("to discuss") or (
            _MEETING_OBJECT.match(obj) and not _NOT_MEETING.match(re.sub(r"^with\s+", "", obj))
        ):
            cues.append((m.start(), "meeting", m))
    if not cues:
        return None
    start, kind, match = min(cues, key=lambda c: c[0])
    where = _where_when(ctx, sentence, (match.start("cue"), match.end("cue")))
    places = str(where.get("places") or "")
    if kind == "meeting":
        value = "meeting " + _meeting_object(match.group("obj"))
    else:
        cue = match.group("cue")
        noun = "visit" if kind == "visit" else cue[0].lower() + cue[1:]
        value = f"{noun} to {_join(places.split(';'))}" if places else noun
    attrs: Attrs = {"kind": kind, **where}
    by = [name for pos, name in names_in(sentence) if pos < start]
    attrs["by"] = by[-1] if by else None
    return ctx.fact(
        "engagement", sentence, " ".join(value.split()), attrs, EXTRACTOR, ctx.subject(sentence)
    )


def _meeting_object(obj: str) -> str:
    """ "with the KFOR commander, Major General Özkan Ulutaş, who informed him" → up to the name."""
    if obj.startswith("to discuss"):
        return re.sub(r"\s+(?:of|the|and|to|a|an|for)$", "", " ".join(obj.split()[:14]))
    obj = re.split(r"\s+(?:in|at|on|during|to|for|about|after|before)\s+", obj)[0]
    parts = obj.split(", ")
    kept = parts[0]
    if len(parts) > 1 and parts[1][:1].isupper():
        kept = f"{kept}, {parts[1]}"
    kept = re.sub(r"\s+(?:of|the|and|to|a|an|for)$", "", " ".join(kept.split()[:14]))
    return kept if kept.startswith("with") else f"with {kept}"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _where_when(ctx: Context, sentence: Sentence, cue: tuple[int, int]) -> Attrs:
    """Places the event is put at (after "to", "in", "at" following its cue, else before it)
    and an explicit date near the cue."""
    located = ctx.located_near(sentence, cue, "in|at|to|near|outside|into")
    after = [p for p in located if p[0] >= sentence.start + cue[1]]
    chosen: list[Place] = []
    for _, _, place in after or located:
        if place.name not in [c.name for c in chosen]:
            chosen.append(place)
    first = chosen[0] if chosen else None
    return {
        "place": first.name if first else None,
        "country": first.country if first else None,
        "lat": first.lat if first else None,
        "lon": first.lon if first else None,
        "places": ";".join(p.name for p in chosen) or None,
        "countries": ";".join(dict.fromkeys(p.country or "" for p in chosen)) or None,
        "date": date_near(sentence, cue, ctx.article.published),
    }


def _titles() -> re.Pattern[str]:
    return words_pattern(lx.HEADS + lx.RANKS)
