"""An operation's objectives (bulleted lists) and tasks (roles stated in prose).

Each item becomes one fact whose `value` is a short normalised phrase, so that the store can
merge "Maintaining a secure environment." from two articles into one key.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from muster.extract.facts.common import Context, Sentence, clean_phrase
from muster.extract.facts.gates import gate
from muster.models import Fact

EXTRACTOR = "muster.facts.objectives.v1"

_BULLET = re.compile(r"^\s*[•·▪‣◦*–—-]\s+")
_LIST_INTRO = re.compile(
    r"\b(?:objectives?|aims?|goals?|tasks?|missions?|mandate|roles?|purposes?|"
    r"responsibilit(?:y|ies)|priorit(?:y|ies)|duties)\b[^:]*:\s*$",
    re.IGNORECASE,
)
_NOT_OBJECTIVES = re.compile(r"\b(?:numbers?|composition|glance|units|capabilities)\b", re.I)
_CUES = [
    re.compile(r"\bplays?\s+(?:an?|the)\s+(?:\w+\s+){0,2}role\s+in\s+(?P<list>.+)", re.I),
    re.compile(
        r"\b(?:its|their|the)\s+(?:main\s+|primary\s+|key\s+)?(?:tasks|duties|responsibilities)"
        r"\s+(?:include|includes|included|are|were|consist\s+of)\s*:?\s*(?P<list>.+)",
        re.I,
    ),
    re.compile(r"\btasks\b[^:.]{0,60}:\s*(?P<list>.+)", re.I),
    re.compile(r"\btasked\s+with\s+(?P<list>.+)", re.I),
    re.compile(r"\bmandated?\s+to\s+(?P<list>.+)", re.I),
    re.compile(
        r"\bmandate(?:\s+of\s+the\s+(?:operation|mission|force))?\s*(?::|is\s+to\b)\s*(?P<list>.+)",
        re.I,
    ),
    re.compile(r"\brole\s+as\s+(?P<list>.+)", re.I),
]
_CLAUSE_END = re.compile(
    r"\s*(?:;|\.(?:\s|$)|,\s+(?:while|which|who|but|so|as|because|although|when)\b|\s+—\s+|$)"
)
_TO_ITEMS = re.compile(r",?\s+(?:and\s+|or\s+)?(?=to\s+(?!the\b|a\b|an\b|their\b|its\b|all\b)\w)")
_GERUND = re.compile(r"^(?:[a-z]+ing)\b")
_MAX_WORDS = 15
# A list's introduction ends with a colon; every prose cue needs one of these words ("mandate"
# may be glued to "is to").
_COLON = gate(":")
_CUE_WORDS = gate(
    r"\brole\b", r"\btasks\b", r"\btasked\b", r"\bduties\b", r"\bresponsibilities\b",
    r"\bmandate",
)  # fmt: skip


def extract(ctx: Context) -> list[Fact]:
    return _listed(ctx) + _prose(ctx)


def _listed(ctx: Context) -> list[Fact]:
    """Bullets right after an introduction ("Its objectives include:"). Until an introduction
    is seen nothing happens, so the walk jumps to the next sentence with a colon."""
    facts: list[Fact] = []
    intro: Sentence | None = None
    text = ctx.article.text
    colons = [s.index for s in ctx.hits(_COLON)]
    index = 0
    while index < len(ctx.sentences):
        if intro is None:
            at = bisect_left(colons, index)
            if at == len(colons):
                break
            index = colons[at]
        sentence = ctx.sentences[index]
        index += 1
        line_start = text.rfind("\n", 0, sentence.start) + 1
        if _BULLET.match(text[line_start : sentence.end]):
            if intro is None or text[line_start : sentence.start].strip():
                continue  # not after an objectives intro, or a bullet's second sentence
            value = clean_phrase(sentence.text)
            if value and len(value.split()) <= 2 * _MAX_WORDS:
                attrs: dict[str, str | int | float | None] = {"list": intro.text}
                subject = ctx.subject(intro)
                facts.append(ctx.fact("objective", sentence, value, attrs, EXTRACTOR, subject))
        elif _LIST_INTRO.search(sentence.text) and not _NOT_OBJECTIVES.search(sentence.text):
            intro = sentence
        else:
            intro = None
    return facts


def _prose(ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    for sentence in ctx.hits(_CUE_WORDS):
        if _BULLET.match(sentence.text) or sentence.text.rstrip().endswith(":"):
            continue
        for cue in _CUES:
            match = cue.search(sentence.text)
            if not match:
                continue
            subject = ctx.subject(sentence)
            for item in split_items(match.group("list")):
                facts.append(ctx.fact("task", sentence, item, {}, EXTRACTOR, subject))
            break
    return facts


def split_items(text: str) -> list[str]:
    """Split "patrols, guard of military objectives and the neutralisation of explosive devices"
    into its items; "safe and secure" stays whole because only a new gerund or article splits."""
    text = text[: _CLAUSE_END.search(text).start()]  # type: ignore[union-attr]
    if re.match(r"to\s", text):
        parts = _TO_ITEMS.split(text)
    else:
        parts = [p for p in re.split(r",\s+(?:and\s+|or\s+)?", text) if p]
        if parts:
            tail = re.split(r"\s+and\s+(?=(?:the\s+)?[a-z]+ing\b|the\s)", parts[-1])
            parts = parts[:-1] + tail
    items: list[str] = []
    for part in (p.strip() for p in parts):
        if items and _continues(items[-1], part):
            items[-1] = f"{items[-1]}, {part}"
        elif part:
            items.append(part)
    cleaned = [_normalise(item) for item in items]
    return [c for c in cleaned if c and len(c.split()) <= _MAX_WORDS]


def _continues(previous: str, part: str) -> bool:
    """ "United Nations staff and humanitarian workers" continues "the protection of civilians"."""
    if part[:1].isupper():
        return True
    starts_item = _GERUND.match(part) or re.match(r"(?:the|a|an|to)\s", part)
    return " of " in previous and not starts_item and len(part.split()) > 1


def _normalise(item: str) -> str:
    item = re.sub(r"^(?:to|the)\s+", "", item.strip())
    return clean_phrase(item)
