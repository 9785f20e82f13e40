"""Find the date expressions in a sentence and resolve them against the publication date.

News dates events relative to the day the article appeared ("on Tuesday", "tomorrow, Thursday",
"last month", "in February") as often as absolutely ("2 July 1999"). A record's date is the
event's, so each expression is resolved to "YYYY-MM-DD", "YYYY-MM" or "YYYY" - as precise as
the words fix it and no more. Deadlines ("by August"), starting points ("since 1999") and
spans ("from April to September") are returned too, marked with their kind, because the
extractor decides whether they date a record. A small English grammar covers the common path;
dateparser is only a fallback in `resolve_date`, for a single expression the grammar missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from muster.extract.numbers import PERSONNEL_NOUNS

Precision = Literal["day", "month", "year"]
DateKind = Literal["point", "deadline", "since", "period"]
Tense = Literal["past", "future"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression; `value` is None when it is relative and no publication date is known.

    `relative` is True when the value depends on the publication date ("on Tuesday", "in May").
    """

    start: int
    end: int
    value: str | None
    precision: Precision | None
    kind: DateKind
    raw: str
    relative: bool = False


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    relative: bool = False
    explicit_year: bool = True
    kind: DateKind = "point"


_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]
    )
    for name in names
}
_MON = (
    "(?P<mon>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\b(?:(?<=Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.|(?<=Sept)\.)?"
)
_MON_FULL = "(?P<mon>" + "|".join(n for n in _MONTHS if len(n) > 3 or n == "May") + r")\b"
_WD_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAYPART = r"(?:\s+(?i:morning|afternoon|evening|night))?"
_LEAD = rf"(?:(?i:{_WD}|today|tomorrow|yesterday){_DAYPART},?\s+(?:the\s+)?)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\d,]\d|\d)"
_EDGE = (
    r"(?:(?i:(?P<edge>early|mid|late)[-\s]+"
    r"|the\s+(?P<part>end|start|beginning|middle|month)\s+of\s+))?"
)
_SMALL_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

_TRIGGER = re.compile(
    "|".join(_MONTHS) + r"|\d|(?i:day|tonight|week|month|year|morning|afternoon|evening)"
)
_ISO = re.compile(r"(?<![\w-])(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])")
_NUMERIC = re.compile(r"(?<![\w./])(?P<d>\d{1,2})(?P<s>[./])(?P<m>\d{1,2})(?P=s)(?P<year>\d{4})\b")
_DAY_MONTH = re.compile(
    rf"{_LEAD}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR})?"
)
_MONTH_DAY = re.compile(
    rf"{_LEAD}{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?"
)
_MONTH_YEAR = re.compile(rf"{_EDGE}{_MON},?\s+(?:of\s+)?{_YEAR}")
_MONTH_REL_YEAR = re.compile(rf"{_EDGE}{_MON}\s+(?:of\s+)?(?P<rel>(?i:last|next|this))\s+year\b")
_REL_MONTH = re.compile(rf"\b(?P<rel>(?i:last|next|this|this\s+past|coming))\s+{_MON_FULL}")
_REL_DAY = re.compile(
    rf"(?i:\b(?:the\s+day\s+(?P<dir>before|after)\s+)?(?P<w>today|tonight|tomorrow|yesterday|"
    rf"this\s+(?:morning|afternoon|evening))\b(?:'s)?(?:,\s+{_WD}\b)?)"
)
_AGO = re.compile(
    r"(?i:\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six)\s+(?P<unit>day|week|month|year)s?"
    r"\s+ago\b)"
)
_WEEKDAY = re.compile(
    rf"(?i:\b(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<wd>{_WD})(?:'s)?{_DAYPART}"
    r"(?:\s+(?:of\s+)?(?P<week>last|next|this)\s+week)?\b)"
)
_WEEKEND = re.compile(r"(?i:\b(?P<rel>this|last|next|the)\s+weekend\b)")
_REL_PERIOD = re.compile(
    r"(?i:\b(?:(?P<edge>earlier|later|early|late)\s+)?(?:(?:the\s+)?(?P<part>end|start|"
    r"beginning|middle|first\s+half|second\s+half|rest)\s+of\s+)?(?P<rel>this|last|next|the)"
    r"\s+(?P<unit>week|month|year)\b)"
)
_MONTH_ALONE = re.compile(rf"{_EDGE}{_MON_FULL}")
_YEAR_ALONE = re.compile(
    rf"(?:(?i:(?P<edge>early|mid|late)[-\s]+|the\s+(?P<part>end|start|beginning|middle|"
    rf"first\s+half|second\s+half)\s+of\s+|(?:the\s+)?year\s+|(?:spring|summer|autumn|fall|"
    rf"winter)\s+(?:of\s+)?))?(?<![\w,.$€£]){_YEAR}(?!'?s\b|\.\d)"
)
_NOT_YEAR_BEFORE = re.compile(
    r"(?i:\b(?:resolutions?|res\.|section|article|no\.?|act|law|decree|number|base|flight)\s*$)"
)
_NOT_YEAR_AFTER = re.compile(rf"(?i:^(?:\s+[a-z-]+)?\s+{PERSONNEL_NOUNS}\b)")
_YEAR_PREP_BEFORE = re.compile(r"(?i:\b(?:in|since|until|till|during|by|from|of)\s+$)")

_DEADLINE_BEFORE = re.compile(
    r"(?i:\b(?:by|before|until|till|til|no\s+later\s+than|not\s+later\s+than|ahead\s+of|"
    r"in\s+time\s+for|prior\s+to|deadline\s+of|up\s+until)\s+(?:the\s+)?$)"
)
_SINCE_BEFORE = re.compile(r"(?i:\bsince\s+$)")
_SPAN_BEFORE = re.compile(r"(?i:\b(?:from|between)\s+$)")
_SPAN_GAP = re.compile(r"(?i:^\s*(?:to|until|till|through|and|-|–)\s*$)")
_FREE_SPAN_GAP = re.compile(r"(?i:^\s*(?:to|through|-|–)\s*$)")

_FUTURE_WORDS = {"will", "shall", "ll", "tomorrow", "next"}
_FUTURE_BEFORE_TO = {
    "is", "are", "due", "plans", "plan", "planned", "going", "expected", "scheduled", "set",
    "intends", "intend", "aims", "hopes", "wants", "ready", "about",
}  # fmt: skip
_PAST_WORDS = {
    "was", "were", "had", "did", "said", "told", "left", "sent", "began", "flew", "went", "came",
    "took", "brought", "held", "met", "gave", "rose", "fell", "sought", "won", "lost", "struck",
    "drove", "wrote", "spoke", "saw", "made", "led", "ran", "became", "kept", "paid", "built",
    "fought", "knew", "grew", "withdrew", "overran", "yesterday", "ago", "last",
}  # fmt: skip
_NOT_PAST_ED = {"hundred", "united", "need", "indeed", "speed", "red", "bed", "armed", "based"}
_REPORTING = {
    "said", "told", "announced", "reported", "stated", "added", "informed", "confirmed",
    "declared", "explained", "noted", "indicated", "wrote", "according",
}  # fmt: skip
_PASSIVE = {"be", "been", "being", "to", "is", "are", "will", "would", "has", "have"}


@lru_cache(maxsize=2048)
def dates_in(sentence: str, published: date | None) -> tuple[DateMention, ...]:
    """`find_dates` with the tense guessed, remembered: the extractor asks about the same
    sentence several times (once per figure, once for the lead)."""
    return tuple(find_dates(sentence, published, None))


def find_dates(
    sentence: str, published: date | None, tense: Tense | None = None
) -> list[DateMention]:
    """Every date expression in `sentence`, resolved against `published`, in text order.

    `tense` says whether the sentence speaks of the past or the future; it decides which
    "Tuesday" or which "February" is meant. When None, it is guessed from the words nearest each
    expression ("will leave on Monday" is future, "said on Monday" past); with no clue a weekday
    is the one in the six days up to publication and a month the nearest one.
    """
    if not _TRIGGER.search(sentence):
        return []
    hits: list[_Hit] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(sentence):
            if any(m.start() < h.end and h.start < m.end() for h in hits):
                continue
            needs_tense = handler in _TENSE_SENSITIVE
            hit = handler(m, published, _tense_for(sentence, m, tense) if needs_tense else tense)
            if hit is not None:
                hits.append(hit)
    hits.sort(key=lambda h: h.start)
    return [_mention(sentence, h) for h in _merge_spans(sentence, hits)]


def resolve_date(text: str, published: date | None, tense: Tense | None = None) -> str | None:
    """The date one expression ("tomorrow, May 21", "June 1999") stands for, or None.

    dateparser is asked only about short texts that hold words, never bare numbers (so "300"
    stays no date): when the grammar finds nothing ("3. März 2021", "hier"), or finds only a
    year or month that dateparser can make more precise without contradicting it.
    """
    found = next((m.value for m in find_dates(text, published, tense) if m.value), None)
    if found and len(found) == 10:
        return found
    if len(text) > 60 or not re.search(r"[^\W\d_]{3,}", text):
        return found
    parsed = _dateparser_fallback(text, published, tense)
    if found is None or (parsed and parsed.startswith(found)):
        return parsed or found
    return found


def _dateparser_fallback(text: str, published: date | None, tense: Tense | None) -> str | None:
    from dateparser.date import DateDataParser

    base = datetime.combine(published or date.today(), datetime.min.time())
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": {"past": "past", "future": "future"}.get(
            tense or "", "current_period"
        ),
        "PARSERS": ["relative-time", "absolute-time"],
    }
    data = DateDataParser(settings=settings).get_date_data(text)
    if data.date_obj is None or (published is None and not re.search(r"\b\d{4}\b", text)):
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return f"{d.year:04d}"
    if data.period in ("month", "week"):
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _tense_for(sentence: str, m: re.Match[str], tense: Tense | None) -> Tense | None:
    """A starting point ("since 8 January") lies in the past and a deadline ("until 31
    December") ahead, whatever the verb; otherwise the caller's tense, else a guess."""
    before = sentence[max(0, m.start() - 25) : m.start()]
    if _SINCE_BEFORE.search(before):
        return "past"
    if _DEADLINE_BEFORE.search(before):
        return "future"
    return tense or _guess_tense(sentence, m.start(), m.end())


def _guess_tense(sentence: str, start: int, end: int) -> Tense | None:
    """The tense of the verb nearest before the expression, else of the first one after it that
    is not a reporting verb ("..., the minister said" frames the event, it does not date it)."""
    before = re.findall(r"[a-z]+|\d[\d,.]*", sentence[max(0, start - 140) : start].lower())[-16:]
    for i in range(len(before) - 1, -1, -1):
        found = _cue(before, i)
        if found is not None:
            return found
    after = re.findall(r"[a-z]+|\d[\d,.]*", sentence[end : end + 70].lower())[:8]
    for i in range(len(after)):
        found = None if after[i] in _REPORTING else _cue(after, i)
        if found is not None:
            return found
    return None


def _cue(words: list[str], i: int) -> Tense | None:
    w, prev = words[i], words[i - 1] if i > 0 else ""
    if w == "to" and prev in _FUTURE_BEFORE_TO:
        return "past" if i > 1 and words[i - 2] in ("was", "were", "had") else "future"
    if w in _FUTURE_WORDS or (w == "due" and prev in ("is", "are")):
        return "future"
    is_ed = w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED
    if (w in _PAST_WORDS or is_ed) and prev not in _PASSIVE:
        return "past"
    return None


def _pick_year(
    pub: date, month: int, day: int | None, tense: Tense | None, weekday: int | None = None
) -> int | None:
    """The year of a day or month given without one. A day within a month of publication (a
    dateline, "on 24 September") is that one; otherwise the latest on or before publication for
    the past, the earliest on or after it for the future, the nearest with no tense. A stated
    weekday ("Friday, 24 January") keeps only the years where it falls on that day."""

    def key(year: int) -> date | None:
        try:
            return date(year, month, day or 1)
        except ValueError:
            return None

    pub_key = pub if day else pub.replace(day=1)
    candidates = [(y, k) for y in (pub.year, pub.year - 1, pub.year + 1) if (k := key(y))]
    if weekday is not None:
        candidates = [c for c in candidates if c[1].weekday() == weekday] or candidates
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: abs((c[1] - pub_key).days))
    if tense is None or (day and abs((nearest[1] - pub).days) <= 31):
        return nearest[0]
    if tense == "past":
        return max((c for c in candidates if c[1] <= pub_key), default=nearest, key=_second)[0]
    return min((c for c in candidates if c[1] >= pub_key), default=nearest, key=_second)[0]


def _second(c: tuple[int, date]) -> date:
    return c[1]


def _weekday_index(name: str) -> int:
    return next(i for i, n in enumerate(_WD_NAMES) if n.startswith(name.lower()[:3]))


def _month_of(m: re.Match[str]) -> int:
    return _MONTHS[m.group("mon")]


def _on_iso(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    return _day_hit(m, int(m.group("year")), int(m.group("m")), int(m.group("d")))


def _on_numeric(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    first, second = int(m.group("d")), int(m.group("m"))
    day, month = (second, first) if second > 12 else (first, second)
    return _day_hit(m, int(m.group("year")), month, day)


def _day_hit(m: re.Match[str], year: int, month: int, day: int) -> _Hit | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    return _Hit(m.start(), m.end(), year, month, day)


def _on_day_month(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    month, day = _month_of(m), int(m.group("day"))
    if m.group("year"):
        return _day_hit(m, int(m.group("year")), month, day)
    if not 1 <= day <= 31:
        return None
    lead = re.match(rf"(?i:{_WD})", m.group())
    weekday = _weekday_index(lead.group()) if lead else None
    year = _pick_year(pub, month, day, tense, weekday) if pub else None
    if pub and year is None:
        return None
    return _Hit(m.start(), m.end(), year, month, day, relative=True, explicit_year=False)


def _on_month_year(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    return _Hit(m.start(), m.end(), int(m.group("year")), _month_of(m))


def _on_month_rel_year(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    shift = {"last": -1, "next": 1, "this": 0}[m.group("rel").lower()]
    year = pub.year + shift if pub else None
    return _Hit(m.start(), m.end(), year, _month_of(m), relative=True)


def _on_rel_month(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    month, rel = _month_of(m), m.group("rel").lower()
    rel = "last" if rel.endswith("past") else rel
    if pub is None:
        return _Hit(m.start(), m.end(), None, month, relative=True)
    if rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif rel in ("next", "coming"):
        year = pub.year if month > pub.month else pub.year + 1
    else:
        year = _pick_year(pub, month, None, tense) or pub.year
    return _Hit(m.start(), m.end(), year, month, relative=True)


def _on_rel_day(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    word = m.group("w").lower()
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    offset += {"before": -1, "after": 1}.get((m.group("dir") or "").lower(), 0)
    return _relative_day(m, pub, offset)


def _relative_day(m: re.Match[str], pub: date | None, offset: int) -> _Hit:
    if pub is None:
        return _Hit(m.start(), m.end(), None, relative=True)
    d = pub + timedelta(days=offset)
    return _Hit(m.start(), m.end(), d.year, d.month, d.day, relative=True)


def _on_ago(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    raw_n, unit = m.group("n").lower(), m.group("unit").lower()
    n = int(raw_n) if raw_n.isdigit() else _SMALL_NUM[raw_n]
    if pub is None:
        return _Hit(m.start(), m.end(), None, relative=True)
    if unit == "day":
        return _relative_day(m, pub, -n)
    if unit == "year":
        return _Hit(m.start(), m.end(), pub.year - n, relative=True)
    d = pub - timedelta(days=7 * n) if unit == "week" else _add_months(pub, -n)
    return _Hit(m.start(), m.end(), d.year, d.month, relative=True)


def _on_weekday(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    if pub is None:
        return _Hit(m.start(), m.end(), None, relative=True)
    wd = _weekday_index(m.group("wd"))
    rel, week = (m.group("rel") or "").lower(), (m.group("week") or "").lower()
    back, ahead = (pub.weekday() - wd) % 7, (wd - pub.weekday()) % 7
    if week:
        monday = pub - timedelta(days=pub.weekday())
        d = monday + timedelta(days=wd + {"last": -7, "next": 7, "this": 0}[week])
        return _Hit(m.start(), m.end(), d.year, d.month, d.day, relative=True)
    if rel in ("last", "past"):
        offset = -(back or 7)
    elif rel in ("next", "coming"):
        offset = ahead or 7
    elif tense == "future":
        offset = ahead
    else:
        offset = -back
    return _relative_day(m, pub, offset)


def _on_weekend(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    if pub is None:
        return _Hit(m.start(), m.end(), None, relative=True)
    rel = m.group("rel").lower()
    saturday_back = pub - timedelta(days=(pub.weekday() - 5) % 7)
    if rel == "next" or (rel != "last" and tense == "future"):
        d = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
    elif rel == "last" and pub.weekday() >= 5:
        d = saturday_back - timedelta(days=7)
    else:
        d = saturday_back
    return _Hit(m.start(), m.end(), d.year, d.month, relative=True)


def _on_rel_period(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    if rel == "the" and not m.group("part"):
        return None
    kind: DateKind = (
        "period"
        if (m.group("part") or "").lower().startswith(("first", "second", "rest"))
        else "point"
    )
    if pub is None:
        return _Hit(m.start(), m.end(), None, relative=True, kind=kind)
    shift = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        return _Hit(m.start(), m.end(), pub.year + shift, relative=True, kind=kind)
    d = pub + timedelta(days=7 * shift) if unit == "week" else _add_months(pub, shift)
    return _Hit(m.start(), m.end(), d.year, d.month, relative=True, kind=kind)


def _on_month_alone(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    month = _month_of(m)
    year = _pick_year(pub, month, None, tense) if pub else None
    return _Hit(m.start(), m.end(), year, month, relative=True, explicit_year=False)


def _on_year(m: re.Match[str], pub: date | None, tense: Tense | None) -> _Hit | None:
    before, after = m.string[max(0, m.start() - 30) : m.start()], m.string[m.end() : m.end() + 40]
    if _NOT_YEAR_BEFORE.search(before):
        return None
    if _NOT_YEAR_AFTER.match(after) and not _YEAR_PREP_BEFORE.search(before):
        return None
    part = (m.group("part") or "").lower()
    kind: DateKind = "period" if part.startswith(("first", "second")) else "point"
    return _Hit(m.start(), m.end(), int(m.group("year")), kind=kind)


def _add_months(d: date, n: int) -> date:
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _merge_spans(sentence: str, hits: list[_Hit]) -> list[_Hit]:
    """Join "from April to September", "between 2004 and 2005" into one period that starts at
    the first; the first borrows the second's year ("September to December 2023")."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        b = hits[i + 1] if i + 1 < len(hits) else None
        before = sentence[max(0, a.start - 20) : a.start]
        if b and _joinable(a, b, before, sentence[a.end : b.start]):
            if not a.explicit_year and b.explicit_year and b.year and a.month:
                a.year = b.year if a.month <= (b.month or 12) else b.year - 1
            out.append(_Hit(a.start, b.end, a.year, a.month, a.day, a.relative, True, "period"))
            i += 2
            continue
        if _DEADLINE_BEFORE.search(before):
            a.kind = "deadline"
        elif _SINCE_BEFORE.search(before):
            a.kind = "since"
        out.append(a)
        i += 1
    return out


def _joinable(a: _Hit, b: _Hit, before: str, gap: str) -> bool:
    if _SPAN_BEFORE.search(before):
        return bool(_SPAN_GAP.match(gap))
    if not _FREE_SPAN_GAP.match(gap):
        return False
    same_grain = (a.day is None) == (b.day is None) and (a.month is None) == (b.month is None)
    return same_grain and not _DEADLINE_BEFORE.search(before)


def _mention(sentence: str, h: _Hit) -> DateMention:
    value: str | None
    precision: Precision | None
    if h.year is None:
        value, precision = None, None
    elif h.month is None:
        value, precision = f"{h.year:04d}", "year"
    elif h.day is None:
        value, precision = f"{h.year:04d}-{h.month:02d}", "month"
    else:
        value, precision = f"{h.year:04d}-{h.month:02d}-{h.day:02d}", "day"
    return DateMention(
        h.start, h.end, value, precision, h.kind, sentence[h.start : h.end], h.relative
    )


_RULES = (
    (_ISO, _on_iso),
    (_NUMERIC, _on_numeric),
    (_DAY_MONTH, _on_day_month),
    (_MONTH_DAY, _on_day_month),
    (_MONTH_YEAR, _on_month_year),
    (_MONTH_REL_YEAR, _on_month_rel_year),
    (_REL_MONTH, _on_rel_month),
    (_REL_DAY, _on_rel_day),
    (_AGO, _on_ago),
    (_WEEKDAY, _on_weekday),
    (_WEEKEND, _on_weekend),
    (_REL_PERIOD, _on_rel_period),
    (_MONTH_ALONE, _on_month_alone),
    (_YEAR_ALONE, _on_year),
)
_TENSE_SENSITIVE = {_on_day_month, _on_rel_month, _on_weekday, _on_weekend, _on_month_alone}
