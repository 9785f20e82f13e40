"""Officials named with their role: "NATO Secretary General Mark Rutte", "the KFOR commander,
Major General Özkan Ulutaş", "Viktor Potočnik, commander of the 52nd contingent".

No statistical model is shipped, so a name is only taken where a title, rank or honorific
announces it; a capitalised word after a lower-case title ("the minister shared the Easter
table") is not a name. A bare surname ("President Osmani") is only kept to enrich the full
name found elsewhere in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from muster.extract.facts import lexicon as lx
from muster.extract.facts.common import Attrs, Context, Sentence, operations_in
from muster.extract.facts.gates import Gate, gate
from muster.models import Fact
from muster.places import country_code, country_names, country_of_adjective, demonyms

EXTRACTOR = "muster.facts.officials.v1"

_NAMED_AFTER = re.compile(
    r"\b(?:School|Academy|College|University|Barracks|Square|Street|Avenue|Airport|Base|Camp|"
    r"Fort|Hall|Hospital|Bridge|Stadium|Centre|Center|named\s+after)\s+$"
)

# Abbreviated ranks that, like a title, make `_mentions` look for a name ("Lt. Gen. Keita").
_ABBREVIATED_RANKS = ("Lt", "Gen", "Col", "Maj", "Capt", "Adm", "Brig")
_ABBREVIATED_RANK = re.compile(rf"\b(?:{'|'.join(_ABBREVIATED_RANKS)})\.")
_UP = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LOW = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.islower())


def _words(phrases: tuple[str, ...]) -> str:
    """Alternation accepting each word with either initial case, longest phrase first."""

    def one(phrase: str) -> str:
        parts = re.split(r"([ -])", phrase)
        out = []
        for part in parts:
            if part in (" ", "-"):
                out.append(r"[\s-]" if part == " " else "-")
            elif part[:1].isalpha():
                out.append(f"[{part[0].upper()}{part[0].lower()}]{re.escape(part[1:])}")
            else:
                out.append(re.escape(part))
        return "".join(out)

    return "(?:" + "|".join(one(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b"


def _lead(either: tuple[str, ...], literal: list[str]) -> str:
    """A lookahead that lets a pattern start only where one of its first words does: a word of
    `either` (phrases as `_words` takes them, so with either initial case), of `literal` (as
    written), an acronym or a possessive (the shapes of `_patterns`' organisations). Without it
    the pattern's long alternations are tried at every character of a sentence."""
    firsts = {word.split(" ")[0] for word in literal if word}
    for phrase in either:
        first = re.split(r"[ -]", phrase)[0]
        if first[:1].isalpha():
            firsts.update({first[0].upper() + first[1:], first[0].lower() + first[1:]})
        elif first:
            firsts.add(first)
    shapes = [r"[A-Z][A-Z.\-]", rf"[{_UP}][\w-]+['’]s"]
    return f"(?={'|'.join(shapes + _trie(firsts))})"


def _trie(words: set[str]) -> list[str]:
    """Alternatives matching exactly `words`, grouped by first character (each group is tried
    only where its character stands); for lookarounds, where the order does not matter."""
    groups: dict[str, set[str]] = {}
    for word in words:
        groups.setdefault(word[0], set()).add(word[1:])
    out = []
    for head, rests in sorted(groups.items()):
        tails = "|".join(re.escape(r) for r in sorted(rests, key=len, reverse=True))
        out.append(re.escape(head) + f"(?:{tails})")
    return out


@dataclass(frozen=True)
class _Patterns:
    before: re.Pattern[str]  # title [,|:] [rank] name
    rank: re.Pattern[str]  # [org] rank name
    name: re.Pattern[str]  # a bare name, for "Name, title"
    after: re.Pattern[str]  # ", the ISAF spokesman" after a name
    of_org: re.Pattern[str]  # " of the Hungarian Defence Forces" after a name


@cache
def _patterns() -> _Patterns:
    stop = "|".join(_trie(set(lx.NOT_NAMES) | _place_words()))
    token = (
        rf"(?=[{_UP}])(?!(?:{stop})(?![\w'’-]))[{_UP}](?:[{_LOW}]|['’][{_UP}{_LOW}])"
        rf"(?:[{_UP}{_LOW}-]|['’](?![sS]\b))*(?![{_UP}{_LOW}])"
    )
    particle = "|".join(lx.PARTICLES)
    name = rf"{token}(?:\s+(?:(?:{particle})\s+)*(?:[{_UP}]\.\s+)?{token}){{0,4}}"
    rank = "(?:" + _words(lx.RANKS) + "|" + "|".join(map(re.escape, lx.RANK_ABBREVIATIONS)) + ")"
    honorific = "(?:" + "|".join(map(re.escape, lx.HONORIFICS)) + r")(?!\w)"
    head = _words(lx.HEADS)
    modifier = _words(lx.MODIFIERS)
    capword = rf"(?:[{_UP}][\w'’.-]*|\d+(?:st|nd|rd|th)?)"
    cap_seq = rf"{capword}(?:\s+(?:and\s+|of\s+(?:the\s+)?|for\s+|de\s+)?{capword})*?"
    comp_cap = rf"(?:(?:of|for|to|in)\s+(?:the\s+)?{cap_seq}|{_words(lx.COMPLEMENTS)})"
    comp_any = r"(?:of|for|to|in)\s+[^,.;:()\n]{1,70}?"
    demonym_or_acronym = rf"(?:[A-Z][A-Z.\-]*[A-Z.](?:['’]s)?|[{_UP}][\w-]+['’]s|{_named_orgs()})"
    org = rf"(?P<org>(?:{demonym_or_acronym}|{_demonyms()})\s+)?"
    mods = rf"(?:{modifier}\s+){{0,3}}"
    title_cap = rf"{mods}{head}(?:\s+{comp_cap})?"
    title_any = rf"{mods}{head}(?:\s+{comp_any})?"
    orgs = [n.title() for n in demonyms()] + list(lx.NAMED_ORGANISATIONS)
    before = (
        _lead(lx.MODIFIERS + lx.HEADS, orgs)
        + rf"{org}(?:(?P<title_a>{title_cap}(?:\s+and\s+{title_cap})?)\s+"
        rf"|(?P<title_b>{title_any}(?:\s+and\s+{title_any})?)\s*[,:]\s+"
        rf"(?:(?:{_demonyms()}|[A-Z][A-Z.]+)\s+)?)"
        rf"(?:(?P<rank>{rank}|{honorific})\s+)?(?P<name>{name})"
    )
    after = (
        rf"^\s*,\s+(?:the\s+|a\s+|its\s+)?(?P<org>(?:{demonym_or_acronym}|{_demonyms()})\s+)?"
        rf"(?:(?!and\b|or\b)[\w-]+\s+){{0,2}}?(?P<title>{head}(?:\s+(?:of|for|to|in)\s+[^,.;()\n]+)?)"
    )
    return _Patterns(
        before=re.compile(before),
        rank=re.compile(
            _lead(lx.RANKS, orgs + list(lx.RANK_ABBREVIATIONS + lx.HONORIFICS))
            + rf"{org}(?P<rank>{rank}|{honorific})\s+(?P<name>{name})"
        ),
        name=re.compile(rf"(?<![\w.’'-])(?P<name>{name})"),
        after=re.compile(after),
        of_org=re.compile(rf"^\s+of\s+(?:the\s+)?(?P<org>{capword}(?:\s+{capword})*)"),
    )


def _place_words() -> set[str]:
    """Country names and nationality adjectives, one word each: never part of a person's name."""
    words = {w.title() for w in demonyms() if " " not in w}
    for name in country_names():
        words.update(w for w in name.split() if w[:1].isupper() and len(w) > 2)
    return words


@cache
def _demonyms() -> str:
    names = sorted(demonyms(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n.title()) for n in names) + r")(?![\w-])"


def _named_orgs() -> str:
    return "|".join(map(re.escape, lx.NAMED_ORGANISATIONS))


@dataclass
class _Mention:
    name: str
    start: int
    context_start: int
    sentence: Sentence
    attrs: Attrs = field(default_factory=dict)
    lowercase_context: bool = False
    complete: bool = False


def extract(ctx: Context) -> list[Fact]:
    mentions: list[_Mention] = []
    for sentence in ctx.hits(_title_gate()):
        mentions.extend(_mentions(sentence))
    return _merge(ctx, mentions)


@cache
def _title_gate() -> Gate:
    """A word of every title, rank and honorific (the first check of `_mentions`): a phrase's
    word that is a title by itself ("minister" for "Deputy Prime Minister"), else its longest."""
    phrases = [re.split(r"[\s-]+", p.lower().rstrip(".")) for p in lx.HEADS + lx.RANKS]
    phrases += [re.split(r"[\s-]+", p.lower().rstrip(".")) for p in lx.HONORIFICS]
    singles = {words[0] for words in phrases if len(words) == 1}
    keys = set(singles)
    for words in phrases:
        if not singles.intersection(words):
            keys.add(max(words, key=len))
    keys.update(a.lower() for a in _ABBREVIATED_RANKS)
    return gate(*(rf"\b{k}\b" for k in sorted(keys)))


def _mentions(sentence: Sentence) -> list[_Mention]:
    titled = words_pattern(lx.HEADS + lx.RANKS + lx.HONORIFICS).search(sentence.text)
    if not titled and not _ABBREVIATED_RANK.search(sentence.text):
        return []  # most sentences announce nobody: skip the expensive patterns
    pats = _patterns()
    found: dict[int, _Mention] = {}
    for pattern in (pats.before, pats.rank):
        for m in pattern.finditer(sentence.text):
            if _NAMED_AFTER.search(sentence.text[: m.start()]):
                continue  # "the Artillery School General Carlos Julio Gil Colorado"
            mention = _from_match(sentence, m)
            current = found.get(mention.start)
            if mention.name and (current is None or mention.context_start < current.context_start):
                found[mention.start] = mention
    for m in pats.name.finditer(sentence.text):
        if (
            any(m.start() <= f.start < m.end() for f in found.values())
            or len(m.group().split()) < 2
        ):
            continue
        before = sentence.text[: m.start()].rstrip()
        if re.search(r"[\w’']$", before) and not re.search(r"\b(?:Mr|Ms|Mrs|Dr|by)\.?$", before):
            continue
        mention = _Mention(m.group("name"), m.start(), m.start(), sentence)
        if _add_after(mention, sentence.text[m.end() :]):
            mention.complete = True
            found[m.start()] = mention
    for mention in found.values():
        if not mention.complete:
            _add_after(mention, sentence.text[mention.start + len(mention.name) :])
    return [m for m in found.values() if _plausible(m)]


def _from_match(sentence: Sentence, m: re.Match[str]) -> _Mention:
    groups = m.groupdict()
    title = groups.get("title_a") or groups.get("title_b")
    rank = groups.get("rank")
    mention = _Mention(_trim_name(m.group("name")), m.start("name"), m.start(), sentence)
    if rank in lx.HONORIFICS and rank != "Ambassador":
        rank = None
    if title and not rank and title in ("Ambassador", "ambassador"):
        rank = None
    mention.attrs.update({"title": title, "rank": rank})
    context = f"{title or ''} {rank or ''}".strip()
    mention.lowercase_context = bool(context) and context == context.lower()
    _add_org(mention, groups.get("org"), title)
    if not title and not rank:
        mention.name = ""  # an honorific alone ("Mr Martin") announces no role
        return mention
    if mention.attrs.get("title") is None and rank in ("Ambassador",):
        mention.attrs["title"] = "Ambassador"
    if not mention.attrs.get("organisation") and title:
        mention.attrs["organisation"] = _sentence_org(sentence.text[: m.start("name")], title)
    return mention


def _trim_name(name: str) -> str:
    """Cut a name before a word that is a place, a nationality or an operation."""
    kept: list[str] = []
    for word in name.split():
        if country_of_adjective(word) or country_code(word) or operations_in(word):
            break
        kept.append(word)
    return " ".join(kept).rstrip(".")


def _add_org(mention: _Mention, org: str | None, title: str | None) -> None:
    if not org:
        org = _org_in_complement(title or "")
    if not org:
        return
    org = org.strip()
    base = re.sub(r"['’]s$", "", org)
    country = country_of_adjective(base) or country_code(base)
    if country:
        mention.attrs.setdefault("country", country)
        if country_of_adjective(base) is None and country_code(base) is None:
            mention.attrs["organisation"] = base
    else:
        mention.attrs["organisation"] = base


def _org_in_complement(title: str) -> str | None:
    """ "Chief of the General Staff of the Slovenian Army" → "Slovenian Army"."""
    words = "|".join(lx.ORGANISATION_WORDS)
    found = re.findall(rf"\b(?:of|in)\s+(?:the\s+)?((?:[A-Z][\w'’-]*\s+)+(?:{words})\b)", title)
    return found[-1] if found else None


def _sentence_org(before: str, title: str) -> str | None:
    if not any(post.lower() in title.lower() for post in lx.ORGANISATION_POSTS):
        return None
    acronyms = re.findall(rf"\b({'|'.join(lx.ORGANISATION_ACRONYMS)})\b", before)
    return acronyms[-1] if acronyms else None


def _add_after(mention: _Mention, rest: str) -> bool:
    """Read ", the ISAF spokesman" or " of the Hungarian Defence Forces" after a name."""
    pats = _patterns()
    of_org = pats.of_org.match(rest)
    if of_org and not mention.attrs.get("organisation"):
        org = of_org.group("org").rstrip(".")
        if country_code(org):
            mention.attrs.setdefault("country", country_code(org))
        elif re.search(rf"\b(?:{'|'.join(lx.ORGANISATION_WORDS)})$", org):
            _add_org(mention, org, None)
    after = pats.after.match(rest)
    if not after or re.match(r"\s+[A-Z]", rest[after.end() :]):
        return False  # ", Prime Minister Albin Kurti": the next item of a list, not a role
    title = re.split(
        r"\s+(?:who|which|until|since|said|told|next\s+to|and\s+the)\b", after.group("title")
    )[0]
    title = _shorten(title)
    nested = [m for p in (pats.rank, pats.before) for m in p.finditer(title)]
    if any(len(m.group("name").split()) > 1 for m in nested):
        return False  # the "role" holds another person: a list, not an apposition
    if not mention.attrs.get("title"):
        mention.attrs["title"] = title.strip()
    else:
        mention.attrs.setdefault("role", title.strip())
    if after.group("org") and not mention.attrs.get("organisation"):
        _add_org(mention, after.group("org"), None)
    if not mention.attrs.get("organisation"):
        org = _org_in_complement(title)
        if org:
            _add_org(mention, org, None)
    return True


def _shorten(title: str, limit: int = 100) -> str:
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0]


def _plausible(mention: _Mention) -> bool:
    words = mention.name.split()
    if not words:
        return False
    return not (mention.lowercase_context and len(words) < 2)


def _merge(ctx: Context, mentions: list[_Mention]) -> list[Fact]:
    """One fact per person: a surname alone enriches the full name, or is dropped."""
    full: dict[str, _Mention] = {}
    for mention in mentions:
        if len(mention.name.split()) > 1:
            existing = full.get(mention.name)
            if existing is None:
                full[mention.name] = mention
            else:
                for key, value in mention.attrs.items():
                    if value and not existing.attrs.get(key):
                        existing.attrs[key] = value
    for mention in mentions:
        if len(mention.name.split()) == 1:
            owner = next((m for n, m in full.items() if n.split()[-1] == mention.name), None)
            if owner:
                for key, value in mention.attrs.items():
                    if value and not owner.attrs.get(key):
                        owner.attrs[key] = value
    facts = []
    for mention in full.values():
        within = " ".join(str(v) for v in mention.attrs.values() if v)
        subject = ctx.subject(mention.sentence, within=within)
        facts.append(
            ctx.fact("official", mention.sentence, mention.name, mention.attrs, EXTRACTOR, subject)
        )
    return facts


def names_in(sentence: Sentence) -> list[tuple[int, str]]:
    """(offset, name) of every official announced in one sentence, for other extractors."""
    return sorted((m.start, m.name) for m in _mentions(sentence))


@cache
def words_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A compiled alternation of title or rank phrases, either initial case."""
    return re.compile(r"\b" + _words(phrases))
