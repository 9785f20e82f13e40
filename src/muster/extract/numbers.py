"""Find the quantities in a sentence and say, from their surroundings, what each one counts.

Articles write one figure many ways ("3,800", "1.200", "3 800", "1.5 million", "a hundred and
twenty", "a 450-strong battalion") and surround it with look-alikes: years, dates, money,
ordinals, resolution numbers. This module returns every cardinal with its qualifier ("about" is
approx, "more than" min, "up to" max) and a `kind_hint` read from the local context only; the
extractor, which sees the syntax, decides which counts are personnel. Ranges ("300 to 400") and
changes ("from 650 to 850") come back as one quantity carrying both values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

Qualifier = Literal["exact", "approx", "min", "max"]
KindHint = Literal["count", "year", "ordinal", "money", "percent", "date", "code", "measure"]

#: Plural nouns for people, used to tell "2000 soldiers" (a count) from "in 2000" (a year).
PERSONNEL_NOUNS = (
    r"(?:soldiers|troops|personnel|peacekeepers|servicemen|servicewomen|service\s+members|"
    r"military|militaries|members|men|women|officers|police|policemen|marines|sailors|airmen|"
    r"paratroopers|commandos|troopers|staff|experts|observers|advisers|advisors|instructors|"
    r"trainers|engineers|medics|reservists|recruits|blue\s+helmets|people)"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number (or one range/change) in a text; `start`/`end` cover the number words only.

    `attributive` marks a size given as an attribute ("a 450-strong battalion", "the
    1,000-member contingent", "190 soldiers strong"), which usually describes a unit being sent.

    For a range ("between 300 and 400") `value` is the upper bound, `qualifier` "max" ("approx"
    if a bound is approximate) and `low`/`high` both bounds; for a change ("from 650 to 850")
    `value` is the new level and `change_from` the old one, also when the level falls.
    """

    start: int
    end: int
    value: int
    qualifier: Qualifier
    raw: str
    kind_hint: KindHint = "count"
    is_range: bool = False
    low: int | None = None
    high: int | None = None
    change_from: int | None = None
    attributive: bool = False

    @property
    def is_change(self) -> bool:
        return self.change_from is not None


# fmt: off
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORD_SMALL = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
              "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
              "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_ORD_TENS = ("twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
             "eightieth", "ninetieth")
# fmt: on
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_ORD_SCALES = {"hundredth": 100, "thousandth": 10**3, "millionth": 10**6}

_SMALL = {w: i for i, w in enumerate(_UNITS + _TEENS)}
_TENS_VAL = {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_ORD_SMALL_VAL = {w: i + 1 for i, w in enumerate(_ORD_SMALL)}
_ORD_TENS_VAL = {w: 20 + 10 * i for i, w in enumerate(_ORD_TENS)}
_NUMWORD = "|".join(
    sorted(
        [*_SMALL, *_TENS_VAL, *_ORD_SMALL_VAL, *_ORD_TENS_VAL, *_SCALES, *_ORD_SCALES]
        + ["hundred", "dozen"],
        key=len,
        reverse=True,
    )
)
_WORD_RUN = re.compile(
    rf"(?:\ban?\s+)?\b(?:{_NUMWORD})\b(?:(?:[ \t-]+|\s+and\s+)(?:{_NUMWORD})\b)*", re.I
)
_ANY_WORD = re.compile(rf"\b(?:{_NUMWORD})\b|\d", re.I)

_SEP_SPACE = "[ \u00a0\u202f\u2009]"
_MASTER = re.compile(
    r"(?P<isodate>(?<![\w.])\d{4}-\d{1,2}-\d{1,2}(?![\w-]))"
    r"|(?P<numdate>(?<![\w.,/])\d{1,2}(?P<dsep>[./])\d{1,2}(?P=dsep)\d{2,4}(?![\w/]))"
    r"|(?P<time>(?<![\w.,:])\d{1,2}:\d{2}(?::\d{2})?(?!\d))"
    r"|(?<![\w.,/])(?<!\d:)(?P<num>"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)"
    r"|\d{1,3}(?:\.\d{3})+(?![\d.]\d)"
    rf"|(?<!\d{_SEP_SPACE})\d{{1,3}}(?:{_SEP_SPACE}\d{{3}})+(?![\d.,]\d)"
    r"|\d+,\d{1,2}(?=\s*(?:million|billion|mn|bn|m)\b)"
    r"|\d+(?:\.\d+)?"
    r")"
    r"(?P<scale>[ \u00a0-]?(?:million|billion|thousand|mn|bn)\b|(?:m|k)\b)?"
)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
_CURRENCY_BEFORE = re.compile(
    r"(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|CZK|HUF|RON|ZAR|KES|NGN|INR|"
    r"Rs\.?|CFA|FCFA))\s?$"
)
_CURRENCY_AFTER = re.compile(
    r"^(?:[ -]?(?:million|billion|thousand|mn|bn|m)\b)?\s*(?:(?:US|U\.S\.|Canadian|Australian|"
    r"Swiss|CFA)\s+)?(?:dollars?|euros?|francs?|pounds?|sterling|yen|rupees?|rand|kroner|kronor|"
    r"krona|crowns?|korun[ay]?|zlotys?|złoty|lei|leu|dinars?|shillings?|naira|cedis?|birr|reais|"
    r"pesos?|yuan|renminbi|r[ou]bles?|hryvnias?|forints?|leva|USD|EUR|GBP|CHF|CFA|FCFA)\b",
    re.I,
)
_PERCENT_AFTER = re.compile(r"^\s*(?:%|per\s?cent\b|percent\b|pc\b|percentage\s+points?\b)", re.I)
_DAY_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}")
_MONTH_DAY_BEFORE = re.compile(rf"\b{_MONTH}\s+(?:the\s+)?$")
_TIME_AFTER = re.compile(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|hrs\b|h\b|GMT|UTC)", re.I)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_DECADE_AFTER = re.compile(r"^'?s\b")
_YEAR_PREFIX = re.compile(r"\b(?:mid|pre|post|early|late)-$", re.I)
_YEAR_BEFORE = re.compile(
    rf"(?:\b(?:in|since|until|till|during|year|early|mid|late|spring|summer|autumn|fall|winter|"
    rf"FY|fiscal)|{_MONTH}|[-–/(])\s*$",
    re.I,
)
_PEOPLE_AFTER = re.compile(rf"^(?:\s+\w+)?\s+{PERSONNEL_NOUNS}\b", re.I)
_CODE_BEFORE = re.compile(
    r"(?:\b(?:resolutions?|res\.|unscr|section|sec\.|articles?|art\.|paragraphs?|para\.|chapter|"
    r"clause|item|annex|(?-i:No)\.?|nos\.|nr\.|page|pp?\.|flight|route|highway|road|block|room|"
    r"building|gate|camp|base|sector|zone|phase|level|class|type|model|mk\.?|series|version|law|"
    r"decree|act|order|directive|rotation|task\s+force|group|wing|squadron|corps|division|"
    r"platoon|unit)|\w*(?:bataillon|battalion|regiment|brigade|brigada)|#|[A-Za-z]+-)\s*$"
    r"|(?-i:\b[A-Z]{2,6}) $",
    re.I,
)
_MEASURE_AFTER = re.compile(
    r"^(?:-|\s+)(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|m|mm|cm|tons?|tonnes?|t|kg|"
    r"kilo(?:gram)?s?|litres?|liters?|gallons?|hectares?|acres?|sq|square|degrees?|knots?|feet|"
    r"ft|foot|inch(?:es)?|nautical|hours?|hrs|minutes?|mins?|seconds?|days?|nights?|weeks?|"
    r"months?|years?|yrs|decades?|centur(?:y|ies)|calibre|caliber|mw|kw|gw|mph|kph|km/h|"
    r"year-old|thirds?|quarters?|halves|half|fifths?|tenths?)\b",
    re.I,
)
_MEASURE_ATTACHED = re.compile(r"^(?:km|mm|cm|kg|m|t|mph|ft|mw|gw|kw|h|hrs)\b", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|age\s+of|ages\s+of)\s+$", re.I)
_QUAL_BEFORE = re.compile(
    r"(?:^|(?<=[^\w]))(?:"
    r"(?P<approx>about|around|some|roughly|approximately|approx\.|nearly|almost|close\s+to|"
    r"(?:an?\s+)?estimated|circa|ca\.|c\.|~|just\s+under|just\s+below|(?:an?\s+)?approximate|"
    r"more\s+or\s+less|in\s+the\s+region\s+of|(?:in|of)\s+the\s+order\s+of)"
    r"|(?P<min>more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|above|"
    r"no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than|(?:a\s+)?minimum\s+of|just\s+over|"
    r"well\s+over|a\s+little\s+over|slightly\s+more\s+than|well\s+above)"
    r"|(?P<max>up\s+to(?:\s+a\s+maximum\s+of)?|no\s+more\s+than|not\s+more\s+than|at\s+most|"
    r"at\s+the\s+most|(?:a\s+)?maximum\s+of|max\.|as\s+many\s+as|as\s+much\s+as|"
    r"(?:a\s+|the\s+)?ceiling\s+of|capped\s+at|(?:a\s+)?cap\s+of|fewer\s+than|less\s+than|"
    r"under|below|not\s+exceeding|(?:a\s+)?limit\s+of)"
    r")\s*$",
    re.I,
)
_QUAL_AFTER = re.compile(
    r"^(?:(?P<approx>\s+or\s+so\b|-?\s*odd\b)|(?P<min>\s+or\s+(?:more|over)\b|\s*\+|-plus\b)"
    r"|(?P<max>\s+or\s+(?:fewer|less)\b|\s+at\s+(?:the\s+)?most\b))",
    re.I,
)
_ATTRIBUTIVE_AFTER = re.compile(
    r"^(?:-(?:strong|member|men|man|person|people|soldier|troop|personnel|officer)\b"
    r"|(?:\s+[A-Za-z-]+)?\s+strong\b)",
    re.I,
)
_ONE_PRONOUN_BEFORE = re.compile(r"\b(?:no|the|this|that|which|each|every|any|another)\s+$", re.I)
_ONE_PRONOUN_AFTER = re.compile(r"^(?:\s+(?:another|by\s+one)\b|\s*(?:[.,;:!?)]|$))", re.I)
_FROM_BEFORE = re.compile(
    r"\bfrom\s+(?:(?:the|its|their|his|her|our|a|an)\s+)?"
    r"(?:(?:present|current|previous|initial|original|earlier)\s+)?$",
    re.I,
)
_FROM_GAP = re.compile(r"^(?:\s+[A-Za-z-]+){0,2}\s+to\s+$", re.I)
_RANGING_BEFORE = re.compile(r"\b(?:rang\w*|var\w*|anywhere|somewhere)\s+from\s+$", re.I)
_RANGE_GAP = re.compile(r"^(?:\s*[-–]\s*|\s+(?:to|or)\s+)$", re.I)


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    value: int
    kind: KindHint
    qualifier: Qualifier = "exact"
    qstart: int = 0


def find_quantities(text: str) -> list[Quantity]:
    """Every cardinal number in `text`, with its qualifier and kind hint, in text order."""
    if not _ANY_WORD.search(text):
        return []
    atoms = _digit_atoms(text)
    taken = [(a.start, a.end) for a in atoms]
    for atom in _word_atoms(text):
        if not any(atom.start < e and s < atom.end for s, e in taken):
            atoms.append(atom)
    atoms.sort(key=lambda a: a.start)
    for atom in atoms:
        _qualify(text, atom)
    return _combine(text, atoms)


def find_counts(text: str) -> list[Quantity]:
    """Only the quantities whose context makes them look like counts of things or people."""
    return [q for q in find_quantities(text) if q.kind_hint == "count"]


def _digit_atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _MASTER.finditer(text):
        if m.group("num") is None:
            kind: KindHint = "date"
            atoms.append(_Atom(m.start(), m.end(), int(re.split(r"\D", m.group())[0]), kind))
            continue
        raw, scale = m.group("num"), (m.group("scale") or "").strip(" \u00a0-").lower()
        value, decimal = _digit_value(raw, scale)
        start, end = m.start("num"), m.end()
        if scale in ("m", "k") and not _CURRENCY_BEFORE.search(text[max(0, start - 6) : start]):
            value, decimal, end = _digit_value(raw, "")[0], "." in raw, m.end("num")
        kind = _digit_kind(text, start, end, raw, value, decimal, bool(scale))
        atoms.append(_Atom(start, end, value, kind))
    return atoms


def _digit_value(raw: str, scale: str) -> tuple[int, bool]:
    """Value of a digit string and whether it is a fraction (1.5) rather than an integer."""
    mult = {"million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}.get(scale, 1)
    if scale in ("thousand", "k"):
        mult = 1000
    compact = re.sub(f"{_SEP_SPACE}", "", raw)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact) and mult == 1:
        return int(compact.replace(".", "")), False
    if re.fullmatch(r"\d+,\d{1,2}", compact):
        compact = compact.replace(",", ".")
    compact = compact.replace(",", "")
    number = float(compact) * mult
    return int(round(number)), number != int(number)


def _digit_kind(
    text: str, start: int, end: int, raw: str, value: int, decimal: bool, scaled: bool
) -> KindHint:
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    plain = raw.isdigit()
    if _CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.match(after):
        return "money"
    if _PERCENT_AFTER.match(after):
        return "percent"
    day_like = plain and len(raw) <= 2 and 1 <= value <= 31
    if day_like and (_DAY_MONTH_AFTER.match(after) or _MONTH_DAY_BEFORE.search(before)):
        return "date"
    if _TIME_AFTER.match(after) and not scaled:
        return "date"
    if _ORDINAL_AFTER.match(after):
        return "ordinal"
    year_like = plain and len(raw) == 4 and 1800 <= value <= 2099
    if year_like and (_DECADE_AFTER.match(after) or _YEAR_PREFIX.search(before)):
        return "year"
    if _CODE_BEFORE.search(before):
        return "code"
    if year_like and (not _PEOPLE_AFTER.match(after) or _YEAR_BEFORE.search(before)):
        return "year"
    if plain and len(raw) == 2 and re.search(r"\b(?:19|20)\d\d[-–/]$", before):
        return "year"
    if (decimal and not scaled) or _AGE_BEFORE.search(before) or _MEASURE_AFTER.match(after):
        return "measure"
    if _MEASURE_ATTACHED.match(after):
        return "measure"
    if re.match(r"^[^\W\d_]", after):
        return "code"
    return "count"


def _word_atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for run in _WORD_RUN.finditer(text):
        tokens = [
            (t.group().lower(), run.start() + t.start(), run.start() + t.end())
            for t in re.finditer(r"[A-Za-z]+", run.group())
        ]
        i = 0
        while i < len(tokens):
            parsed = _parse_words([t[0] for t in tokens], i)
            if parsed is None:
                i += 1
                continue
            j, value, ordinal = parsed
            start, end = tokens[i][1], tokens[j - 1][2]
            i = j
            if value == 1 and _skip_one(text, start, end):
                continue
            kind = "ordinal" if ordinal else _word_kind(text, start, end)
            atoms.append(_Atom(start, end, value, kind))
    return atoms


def _skip_one(text: str, start: int, end: int) -> bool:
    """ "no one", "the one in Kosovo", "a good one." are pronouns, not numbers of anything."""
    before = text[max(0, start - 12) : start]
    return bool(_ONE_PRONOUN_BEFORE.search(before) or _ONE_PRONOUN_AFTER.match(text[end:]))


def _word_kind(text: str, start: int, end: int) -> KindHint:
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    if _CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.match(after):
        return "money"
    if _PERCENT_AFTER.match(after):
        return "percent"
    if _AGE_BEFORE.search(before) or _MEASURE_AFTER.match(after):
        return "measure"
    if re.search(r"[A-Za-z]-$", before):
        return "code"
    return "count"


def _parse_words(words: list[str], i: int) -> tuple[int, int, bool] | None:
    """Longest well-formed English number starting at words[i]: (end index, value, ordinal).

    Follows the grammar rather than summing words, so "one two" is two numbers, "a hundred and
    twenty" is 120, and a bare "hundred" or "thousand" ("hundreds of", "several thousand") is
    no number at all.
    """
    total, group, last, scale_used = 0, 0, "", 0
    best: tuple[int, int, bool] | None = None
    j = i
    while j < len(words):
        w = words[j]
        if w in ("a", "an") and j == i:
            group, last = 1, "a"
        elif w == "and" and last in ("hundred", "scale"):
            last = "and"
        elif w in _SMALL and (
            last in ("", "hundred", "scale", "and") or (last == "tens" and _SMALL[w] < 10)
        ):
            group, last = group + _SMALL[w], "small"
        elif w in _TENS_VAL and last in ("", "hundred", "scale", "and"):
            group, last = group + _TENS_VAL[w], "tens"
        elif w == "hundred" and last in ("small", "a") and 0 < group < 100:
            group, last = group * 100, "hundred"
        elif w in _SCALES and last in ("small", "tens", "hundred", "a") and group > 0:
            if scale_used and _SCALES[w] >= scale_used:
                break
            total, group, last, scale_used = total + group * _SCALES[w], 0, "scale", _SCALES[w]
        elif w == "dozen" and last in ("small", "a") and group < 100:
            return j + 1, total + group * 12, False
        elif w in _ORD_SMALL_VAL and last in ("tens", "hundred", "scale", "and"):
            if last == "tens" and _ORD_SMALL_VAL[w] >= 10:
                break
            return j + 1, total + group + _ORD_SMALL_VAL[w], True
        elif w in _ORD_TENS_VAL and last in ("hundred", "scale", "and"):
            return j + 1, total + group + _ORD_TENS_VAL[w], True
        elif w in _ORD_SCALES and last in ("small", "tens", "a"):
            return j + 1, total + group * _ORD_SCALES[w], True
        else:
            break
        j += 1
        if last in ("small", "tens", "hundred", "scale"):
            best = (j, total + group, False)
    return best


def _qualify(text: str, atom: _Atom) -> None:
    before = text[max(0, atom.start - 40) : atom.start]
    atom.qstart = atom.start
    m = _QUAL_BEFORE.search(before)
    if m:
        atom.qualifier = _group_name(m)
        atom.qstart = atom.start - len(before) + m.start()
        return
    m = _QUAL_AFTER.match(text[atom.end : atom.end + 20])
    if m:
        atom.qualifier = _group_name(m)


def _group_name(m: re.Match[str]) -> Qualifier:
    if m.group("approx"):
        return "approx"
    return "min" if m.group("min") else "max"


def _combine(text: str, atoms: list[_Atom]) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        pair = _pair(text, a, b) if b is not None else None
        if pair is not None:
            out.append(pair)
            i += 2
            continue
        attributive = bool(_ATTRIBUTIVE_AFTER.match(text[a.end : a.end + 30]))
        raw = text[a.start : a.end]
        out.append(
            Quantity(a.start, a.end, a.value, a.qualifier, raw, a.kind, attributive=attributive)
        )
        i += 1
    return out


def _pair(text: str, a: _Atom, b: _Atom) -> Quantity | None:
    """A range ("between 300 and 400", "300-400") or a change ("from 650 to 850"), if a and b
    form one."""
    if a.kind != b.kind or a.kind not in ("count", "year"):
        return None
    before = text[max(0, a.qstart - 40) : a.qstart]
    gap = text[a.end : b.qstart]
    base = Quantity(
        a.start,
        b.end,
        b.value,
        b.qualifier,
        text[a.start : b.end],
        a.kind,
        low=min(a.value, b.value),
        high=max(a.value, b.value),
    )
    ranging = _RANGING_BEFORE.search(before)
    if _FROM_BEFORE.search(before) and _FROM_GAP.match(gap) and a.kind == "count" and not ranging:
        return replace(base, change_from=a.value)
    between = re.search(r"\bbetween\s+$", before, re.I) and re.fullmatch(r"\s+and\s+", gap)
    if between or ((ranging or _RANGE_GAP.match(gap)) and a.value < b.value):
        qualifier: Qualifier = "approx" if "approx" in (a.qualifier, b.qualifier) else "max"
        return replace(base, value=max(a.value, b.value), qualifier=qualifier, is_range=True)
    return None
