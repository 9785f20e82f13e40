"""When an operation was set up, after what, and under which legal act.

A resolution number alone is not a mandate ("a breach of resolution 1701"), so mandates need a
word that makes the resolution the operation's basis ("under", "on the basis of", "through").
"""

from __future__ import annotations

import re

from muster.extract.facts.common import MONTH, Context, Sentence, date_in, operations_in
from muster.extract.facts.gates import gate
from muster.models import Fact

EXTRACTOR = "muster.facts.mandate.v1"

_RESOLUTION = re.compile(
    r"(?:(?:the\s+)?(?:United\s+Nations|UN|U\.N\.)\s+)?(?:Security\s+Council\s+|UNSC\s+)?"
    r"[Rr]esolution\s+(?:No\.?\s*)?(?P<num>\d{2,4})"
    r"(?:\s*\((?P<year>\d{4})\)|\s+(?:of|from)\s+(?:\d{1,2}\s+\w+\s+)?(?P<year2>\d{4}))?"
    r"|\bUNSCR\s*(?P<num2>\d{2,4})(?:\s*\((?P<year3>\d{4})\))?"
)
_BASIS = re.compile(
    r"(?:\bunder|\bon\s+the\s+basis\s+of|\bpursuant\s+to|\bin\s+accordance\s+with|\bbased\s+on|"
    r"\bmandated\s+by|\bauthori[sz]ed\s+(?:by|under)|\bthrough|\bestablished\s+by|\bcreated\s+by)"
    r"\s+(?:the\s+|a\s+)?$"
)
_EU_ACT = re.compile(
    r"\bCouncil\s+(?P<kind>Joint\s+Action|Decision)\s+(?:\(CFSP\)\s+)?(?P<ref>\d{4}/\d{1,4}(?:/CFSP)?)"
)
_SET_UP = r"(?:established|created|set\s+up|launched|founded|formed|inaugurated)"
_WHEN = (
    rf"(?:on\s+)?(?:\d{{1,2}}\s+{MONTH}\s+\d{{4}}|{MONTH}\s+\d{{1,2}},\s+\d{{4}})"
    rf"|in\s+(?:{MONTH}\s+)?\d{{4}}"
)
_GENERIC = r"(?:[Ii]t|which|[Tt]he\s+(?:force|mission|operation))"
_PASSIVE = re.compile(
    rf"(?P<subj>{_GENERIC}|\S+)(?:\s+itself)?\s+(?:was|were|had\s+been|has\s+been)\s+"
    rf"(?:first\s+|formally\s+|officially\s+|originally\s+)?{_SET_UP}\b(?P<rest>[^.;]*)"
)
_APPOSITIVE = re.compile(
    rf"(?P<subj>\S+),\s+(?:which\s+was\s+)?{_SET_UP}\s+(?P<rest>(?:{_WHEN}).*)"
)
_ACTIVE = re.compile(
    r"(?:United\s+Nations|UN|Security\s+Council|NATO|European\s+Union|EU|Council|African\s+Union)"
    rf"\s+(?:\w+\s+)?(?:created|established|set\s+up|launched)\s+(?P<subj>{_GENERIC}|\S+)"
    rf"\s+(?P<rest>(?:{_WHEN}).*)"
)
_NOUN = re.compile(
    rf"\b(?:its|the\s+mission's|the\s+force's)\s+(?:launch|establishment|creation|founding)\s+"
    rf"(?P<rest>(?:{_WHEN}).*)"
)
_BEGAN = re.compile(
    rf"\b(?P<subj>it|It)\s+began\s+its\s+(?:work|operations)\s+(?P<rest>(?:{_WHEN}).*)"
)
_AFTER = re.compile(
    r"\b(?:following|after)\s+(?P<what>[^,;.]+?)(?=\s*(?:,|;|\.|$|\s+under\b|\s+to\b))"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# What every pattern of `_established` needs, in one quick search ("set" alone is common).
_SETTING_UP = re.compile(rf"{_SET_UP}|launch|establishment|creation|founding|began")
# A word that one of the patterns above needs: the verbs and nouns of setting up; "[Rr]esolution"
# (anywhere, even glued to "UN"), "UNSCR" (before a number, maybe glued to it) or "Council".
_ESTABLISHED = gate(
    r"\bestablished\b", r"\bestablishment\b", r"\bcreated\b", r"\bcreation\b", r"\bset\b",
    r"\blaunch\b", r"\blaunched\b", r"\bfounded\b", r"\bfounding\b", r"\bformed\b",
    r"\binaugurated\b", r"\bbegan\b",
)  # fmt: skip
_MANDATES = gate("resolution", r"\bunscr", r"\bcouncil\b")


def extract(ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    for sentence in ctx.hits(_ESTABLISHED, _MANDATES):
        if ctx.hit(_ESTABLISHED, sentence):
            facts.extend(_established(ctx, sentence))
        if ctx.hit(_MANDATES, sentence):
            facts.extend(_mandates(ctx, sentence))
    return facts


def _established(ctx: Context, sentence: Sentence) -> list[Fact]:
    text = sentence.text
    if not _SETTING_UP.search(text):
        return []
    for pattern in (_PASSIVE, _APPOSITIVE, _ACTIVE, _NOUN, _BEGAN):
        match = pattern.search(text)
        if not match:
            continue
        subject = _operation_subject(ctx, sentence, match)
        rest = match.group("rest")
        when = re.match(rf"\s*(?:{_WHEN})", rest)
        if subject is None or not when:
            continue
        value = date_in(when.group(), None) or _YEAR.search(when.group()).group()  # type: ignore[union-attr]
        after = _AFTER.search(rest)
        attrs = {"after": after.group("what").strip() if after else None}
        return [ctx.fact("established", sentence, value, attrs, EXTRACTOR, subject)]
    return []


def _operation_subject(ctx: Context, sentence: Sentence, match: re.Match[str]) -> str | None:
    """The operation the verb is about: named just there, or "it"/"the force" in context."""
    if "subj" not in match.groupdict() or match.group("subj") is None:
        return ctx.subject(sentence)
    subj = match.group("subj")
    head = sentence.text[: match.end("subj")]
    named = [op for _, end, op in operations_in(head) if end >= len(head) - 1]
    if named:
        return named[-1]
    if re.fullmatch(_GENERIC, subj):
        return ctx.subject(sentence)
    return None


def _mandates(ctx: Context, sentence: Sentence) -> list[Fact]:
    facts: list[Fact] = []
    text = sentence.text
    # A quick look for the words each pattern needs saves scanning most sentences with them.
    resolutions = _RESOLUTION.finditer(text) if "esolution" in text or "UNSCR" in text else ()
    for match in resolutions:
        if not _BASIS.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        number = match.group("num") or match.group("num2")
        year = match.group("year") or match.group("year2") or match.group("year3")
        attrs = {"authority": "UN Security Council", "number": int(number), "year": year}
        subject = ctx.subject(sentence, within=text[: match.start()])
        facts.append(ctx.fact("mandate", sentence, f"UNSCR {number}", attrs, EXTRACTOR, subject))
    for match in _EU_ACT.finditer(text) if "Council" in text else ():
        kind = " ".join(match.group("kind").split())
        value = f"Council {kind} {match.group('ref')}"
        attrs = {"authority": "Council of the European Union", "year": match.group("ref")[:4]}
        subject = ctx.subject(sentence, within=text[: match.start()])
        facts.append(ctx.fact("mandate", sentence, value, attrs, EXTRACTOR, subject))
    return facts
