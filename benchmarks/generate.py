"""Synthetic news articles about deployments, with the records each one was written to state.

The benchmarks need thousands of varied articles and a gold standard for them, and the dev
corpus is too small to time and must not be copied. So articles are assembled here from
templates whose vocabulary comes from Muster's own data (the operations catalogue, the country
gazetteer and the grammar's personnel and unit nouns): contributors written as names, demonyms,
capitals and armed forces; numbers as digits and words with qualifiers; dates relative to the
publication date; distractor sentences that carry countries and numbers but state no record
(casualties, historical totals, ceilings, budgets, years); and filler paragraphs of plain news
prose. The generator writes down what it meant each article to state, so a benchmark can score
any extractor against it. Because the sentences reuse Muster's lexicons, this gold flatters
Muster: it measures speed on realistic text, not accuracy on real news (the dev corpus does that).

    python benchmarks/generate.py --n 500 --seed 1 --out /tmp/gen.jsonl   # + /tmp/gen.gold.jsonl
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from muster.catalogue import operations
from muster.extract.gazetteer import country_aliases, country_name, lookup
from muster.models import Article
from muster.sources.articles import make_article


def _lines(text: str) -> tuple[str, ...]:
    """Vocabulary written one entry a line, so that the lists read like the lexicons they are."""
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = tuple(dt.date(2001, m, 1).strftime("%B") for m in range(1, 13))
_FOREIGN = re.compile(r"\b(des|de|du|pour|del|della|Forza|Fuerza|Operazione|Misja|Truppe|oro)\b")
_ONES = tuple(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split(" ")
)
_TENS = tuple("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(" "))


@dataclass(frozen=True)
class GoldRecord:
    """What an article was written to state, in the fields of spec/deployment-record.md."""

    article: str
    kind: str
    contributor: str | None
    operation: str
    host: str | None
    personnel: int | None
    qualifier: str | None
    date: str | None
    evidence: str = ""


@dataclass
class Generated:
    id: str
    title: str
    body: str
    published: dt.date
    gold: list[GoldRecord] = field(default_factory=list)

    def article(self) -> Article:
        return make_article(id=self.id, title=self.title, body=self.body, published=self.published)

    def words(self) -> int:
        return len(self.title.split()) + len(self.body.split())


@dataclass(frozen=True)
class Country:
    iso3: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    forces: tuple[str, ...]


@dataclass(frozen=True)
class Op:
    id: str
    refs: tuple[str, ...]
    hosts: tuple[str, ...]
    first_year: int
    last_year: int


# ---------------------------------------------------------------- lexicons from Muster's data


def _clean(phrase: str, iso3: str) -> bool:
    alias = lookup(phrase)
    return alias is not None and alias.iso3 == iso3 and not alias.weak and phrase.isascii()


@cache
def _contributing() -> frozenset[str]:
    """Countries that have sent troops somewhere, per the official figures Muster ships."""
    found: set[str] = set()
    for name in ("un_contributions.csv", "kfor_contributions.csv", "eufor_contributions.csv"):
        text = resources.files("muster.data").joinpath(name).read_text(encoding="utf-8")
        found.update(row["contributor"] for row in csv.DictReader(text.splitlines()))
    return frozenset(found)


@cache
def countries() -> tuple[Country, ...]:
    """Troop contributors the gazetteer knows by name, demonym and capital (unambiguous, ASCII)."""
    by_kind: dict[str, dict[str, list[str]]] = {}
    for alias in country_aliases():
        if alias.ambiguous or alias.weak or not _clean(alias.phrase, alias.iso3):
            continue
        by_kind.setdefault(alias.iso3, {}).setdefault(alias.kind, []).append(alias.phrase)
    result = []
    for iso3, kinds in sorted(by_kind.items()):
        name = country_name(iso3)
        names = [n for n in kinds.get("name", []) if not n.lower().startswith("the ")]
        if iso3 not in _contributing() or not _clean(name, iso3):
            continue
        if not (kinds.get("demonym") and kinds.get("capital")):
            continue
        forces = [f for f in kinds.get("force", []) if " " in f and f[0].isupper()]
        result.append(
            Country(
                iso3,
                tuple(dict.fromkeys([name, *names[:2]])),
                tuple(kinds["demonym"][:2]),
                tuple(kinds["capital"][:1]),
                tuple(forces[:3]),
            )
        )
    return tuple(result)


def _year(value: str | None, default: int) -> int:
    return int(value[:4]) if value else default


def _article_for(ref: str) -> str:
    """ "to KFOR", "to Operation Althea", but "to the Kosovo Force"."""
    acronym = " " not in ref and ref.replace("-", "").isupper()
    named = ref.split()[0] in ("Operation", "Task") or ref in ("Resolute Support", "Takuba")
    return ref if acronym or named else f"the {ref}"


@cache
def catalogue_ops() -> tuple[Op, ...]:
    """Operations with English references; the id is a reference when it reads as a name."""
    result = []
    for op in operations().values():
        refs = [a for a in op.aliases if a.isascii() and not _FOREIGN.search(a) and len(a) > 3]
        if op.id.isalpha():
            refs.insert(0, op.id)
        if not refs:
            continue
        first = max(_year(op.started, 1995), 1995)
        last = min(_year(op.ended, 2025), 2025)
        if first <= last:
            result.append(
                Op(op.id, tuple(_article_for(r) for r in refs), tuple(op.hosts), first, last)
            )
    return tuple(result)


@cache
def grammar() -> dict[str, list[str]]:
    text = resources.files("muster.data").joinpath("grammar.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {"personnel": data["personnel"], "units": data["units"]}


def personnel_nouns() -> list[str]:
    plural = {"soldiers", "troops", "personnel", "peacekeepers", "servicemen", "service members"}
    return [p for p in grammar()["personnel"] if p in plural or p.endswith("ers")]


def unit_nouns() -> list[str]:
    wanted = ("contingent", "company", "battalion", "platoon", "detachment", "unit", "task force")
    return [u for u in grammar()["units"] if u in wanted]


# ---------------------------------------------------------------- numbers and dates


def number_words(n: int) -> str:
    """English words for 1..9999, as news writes them ("a hundred and twenty")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "a hundred" if hundreds == 1 else f"{_ONES[hundreds]} hundred"
        return head + (f" and {number_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "a thousand" if thousands == 1 else f"{number_words(thousands)} thousand"
    return head + (
        f" {number_words(rest)}" if rest >= 100 else f" and {number_words(rest)}" if rest else ""
    )


def size(rng: random.Random, low: int, high: int) -> int:
    n = int(low * (high / low) ** rng.random())
    step = rng.choice((1, 5, 10, 10, 50, 50, 100)) if n > 60 else rng.choice((1, 5))
    return max(low, n - n % step)


QUALIFIERS = {
    "exact": ("",),
    "approx": ("about", "some", "around", "roughly", "nearly", "almost"),
    "min": ("more than", "over", "at least"),
    "max": ("up to", "no more than"),
}


def number_phrase(rng: random.Random, n: int, qualifier: str) -> str:
    if n < 100 and rng.random() < 0.5 or n % 100 == 0 and n < 1000 and rng.random() < 0.4:
        digits = number_words(n)
    else:
        digits = f"{n:,}" if rng.random() < 0.8 else str(n)
    word = rng.choice(QUALIFIERS[qualifier])
    return f"{word} {digits}".strip()


@dataclass(frozen=True)
class When:
    phrase: str
    value: str | None


def date_phrase(rng: random.Random, pub: dt.date, tense: str) -> When:
    """A date expression for an event in the past or future of `pub`, and what it resolves to."""
    choice = rng.random()
    sign = -1 if tense == "past" else 1
    if choice < 0.3:
        d = pub + dt.timedelta(days=sign * rng.randint(1, 6))
        return When(f"on {WEEKDAYS[d.weekday()]}", d.isoformat())
    if choice < 0.45:
        d = pub + dt.timedelta(days=sign)
        return When("yesterday" if sign < 0 else "tomorrow", d.isoformat())
    if choice < 0.7:
        d = pub + dt.timedelta(days=sign * rng.randint(1, 25))
        if d.year == pub.year:
            text = (
                f"{d.day} {MONTHS[d.month - 1]}"
                if rng.random() < 0.5
                else f"{MONTHS[d.month - 1]} {d.day}"
            )
            return When(f"on {text}", d.isoformat())
    if choice < 0.85:
        if sign < 0:
            month = pub.replace(day=1) - dt.timedelta(days=1)
        else:
            month = pub.replace(day=28) + dt.timedelta(days=10)
        rel = "last month" if sign < 0 else "next month"
        return When(rel, f"{month.year}-{month.month:02d}")
    if sign < 0 and pub.month > 2:
        return When("earlier this year", str(pub.year))
    if sign > 0 and pub.month < 11:
        return When(f"by {MONTHS[rng.randint(pub.month + 1, 11)]}", None)  # a deadline
    return When("", None)


# ---------------------------------------------------------------- sentences

# Record templates by (kind, tense). Slots: {S} the contributor as subject (a name or its armed
# forces), {C} its capital, {A} its demonym, {N} a number with its qualifier, {P} a personnel
# noun, {U} a unit noun, {O} the operation, {H} " in <host>" where the host is named, {D} " <date>".
RECORD_TEMPLATES: dict[tuple[str, str], tuple[str, ...]] = {
    ("deploy", "future"): _lines("""
        {S} will send {N} {P} to {O}{H}{D}.
        {S} is to deploy {N} {P} to {O}{H}{D}, the defence ministry said.
        The {A} government said it would dispatch {N} {P} to join {O}{H}{D}.
        {C} said it would send {N} {P} to {O}{H}{D}.
        {S} plans to reinforce its contingent in {O} with {N} {P}{D}.
    """),
    ("deploy", "past"): _lines("""
        {N} {A} {P} arrived in {host}{D} to join {O}.
        {S} deployed {N} {P} to {O}{H}{D}.
        {N} {A} {P} took over from the previous rotation in {O}{H}{D}.
        A {K}-strong {A} {U} left for {host}{D} to serve with {O}.
    """),
    ("withdraw", "future"): _lines("""
        {S} will withdraw {N} {P} from {O}{D}.
        {C} said it would pull {N} {P} out of {O}{D}.
    """),
    ("withdraw", "past"): _lines("""
        {N} {A} {P} returned home from {O}{D}.
        {S} pulled {N} {P} out of {O}{D}, the ministry said.
    """),
    ("presence", "present"): _lines("""
        {S} currently has {N} {P} in {O}{H}.
        With {N} {P}, {S} is one of the largest contributors to {O}.
        The {A} contingent in {O} now numbers {N} {P}.
        There are currently {N} {A} {P} serving with {O}{H}.
    """),
}
OPERATION_TEMPLATES = (
    ("presence", "{Oc} currently numbers {N} troops from {k} countries."),
    ("presence", "In all, {O} has {N} {P} on the ground, officials said."),
    ("deploy", "The {org} will send {N} extra troops to {O}{D}."),
)
GROUP_TEMPLATE = "Some {N} troops from {X}, {Y} and {Z} will join {O}{D}."
# Countries and numbers, but no record: casualties, historical totals, ceilings, money, years.
DISTRACTORS = _lines("""
    {N} {A} peacekeepers were wounded when their vehicle hit a mine near {town}{D}.
    More than {B} {A} soldiers have served in {O} since {year}.
    The Security Council has authorised a maximum strength of {B} troops for {O}.
    {S} has some {B} troops deployed in missions abroad.
    {A} instructors have trained {B} local soldiers since {year}.
    {O} was established in {year}, and its budget this year is {money}.
    Since {year}, {n2} {A} soldiers have died while serving with {O}.
    The {A} defence budget will rise to {money} next year.
""")
FILLER = _lines("""
    Talks in {city} on {topic} ended without agreement on {weekday}.
    Inflation rose to {pct} percent in {month}, the statistics office said.
    The bridge, which cost {money}, was opened to traffic in {year}.
    Local elections are due in {month}, and turnout in {year} was {pct} percent.
    {person}, a spokesperson, said the talks had been constructive.
    Heavy rain closed several roads around {city} over the weekend.
    The town has about {count} residents and a small market on {weekday}s.
    A new school for {count} pupils will open next autumn.
    Critics say the plan does little for farmers, who face higher fuel prices.
    The ministry did not say how long the review would take.
    The region's economy grew by {pct} percent last year, mostly on tourism.
    {person} told reporters that the negotiations would continue in {city}.
    Officials expect the new rail link to cut travel times by {pct} percent.
    The museum in {city} received {count} visitors during the holiday season.
    Opposition leaders called for an inquiry into the tender.
    Energy prices have fallen since the spring, easing pressure on households.
    The agreement was signed in {year} and renewed twice since then.
    A court in {city} will hear the case in {month}.
    Residents complained about the noise of construction work near the harbour.
    The festival, first held in {year}, drew crowds from across the region.
    Analysts said the decision reflected a broader change in {topic}.
    "We are proud of the work our people do," said {person}.
    The report, published on {weekday}, runs to {count} pages.
    Unemployment stood at {pct} percent at the end of {month}.
""")
# Composed filler: subject + predicate + plan + tail gives thousands of distinct sentences.
FILLER_SUBJECTS = _lines("""
    The city council
    Local officials
    The finance ministry
    Farmers near {town}
    The central bank
    A group of residents
    The regional government
    Union leaders
    Shop owners in {city}
    The transport authority
    Two opposition parties
    The mayor
    Environmental groups
    The chamber of commerce
    Parents in {town}
    The health ministry
""")
FILLER_PREDICATES = _lines("""
    approved a plan to {plan}
    criticised a proposal to {plan}
    said they would discuss whether to {plan}
    set aside {money} to {plan}
    asked the government to {plan}
    welcomed a decision to {plan}
    voted against a motion to {plan}
    published a study on how to {plan}
""")
FILLER_PLANS = _lines("""
    repair the old bridge
    expand the port
    build {count} new homes
    cut water bills
    reopen the railway line to {town}
    raise teacher pay by {pct} percent
    close the coal plant by {year2}
    plant {count} trees along the river
    extend opening hours at the library
    lower the speed limit in the centre
    modernise the airport terminal
    merge two hospitals
    ban cars from the old town
""")
FILLER_TAILS = (
    "",
    " on {weekday}",
    " after months of debate",
    ", according to a statement",
    " in {month}",
    " despite objections from the opposition",
    ", local media reported",
    " at a meeting in {city}",
    " for the second time in {year}",
)
TOPICS = ("trade", "energy", "fishing quotas", "border crossings", "water rights", "tariffs")
TOWNS = ("Drenovac", "Lipova", "Marinel", "Kostel", "Brana", "Sela", "Vrbica", "Tovar")
PEOPLE = _lines("""
    Ana Petrov
    Mark Ellis
    Ivana Horvat
    Jonas Berg
    Lucia Moreno
    Ahmed Karimi
    Elena Rossi
    Piotr Zielin
    Sara Lind
    Tomas Varga
    Grace Mensah
    Hiro Tanaka
""")
ORGS = {"NATO": "alliance", "EU": "European Union", "UN": "United Nations"}


def _cap(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


class Writer:
    """Fills templates for one article; remembers the gold records it means to state."""

    def __init__(self, rng: random.Random, article_id: str, op: Op, pub: dt.date) -> None:
        self.rng, self.id, self.op, self.pub = rng, article_id, op, pub
        self.host = rng.choice(op.hosts) if op.hosts else None
        self.gold: list[GoldRecord] = []
        lead = operations()[op.id].lead_org.split(";")[0]
        self.org = ORGS.get(lead, "coalition")

    def _op(self) -> str:
        return self.rng.choice(self.op.refs)

    def _host_suffix(self) -> str:
        if self.host is None:
            return ""
        if len(self.op.hosts) > 1 or self.rng.random() < 0.3:
            return f" in {country_name(self.host)}"
        return ""

    def _date(self, tense: str, kind: str) -> When:
        if kind == "presence" or self.rng.random() < 0.35:
            return When("", None)
        return date_phrase(self.rng, self.pub, tense)

    def _fill(self, template: str, country: Country | None, **extra: str) -> str:
        rng = self.rng
        slots = {
            "O": self._op(),
            "P": rng.choice(personnel_nouns()),
            "U": rng.choice(unit_nouns()),
            "town": rng.choice(TOWNS),
            "year": str(rng.randint(1995, self.pub.year - 1)),
            "money": f"{rng.randint(2, 900)} million euros",
            "B": f"{size(rng, 1500, 60000):,}",
            "n2": number_words(rng.randint(2, 30)),
            "host": country_name(self.host) if self.host else "",
            "org": self.org,
        }
        if country is not None:
            subject = country.names[0] if rng.random() < 0.7 else rng.choice(country.names)
            if country.forces and rng.random() < 0.25:
                subject = "the " + rng.choice(country.forces)
            slots.update(S=subject, C=rng.choice(country.capitals), A=rng.choice(country.demonyms))
        slots.update(extra)
        slots.setdefault("D", "")
        slots["Oc"] = _cap(slots["O"])
        return _cap(template.format(**slots))

    def record(self, country: Country, kind: str) -> str:
        rng = self.rng
        tense = "present" if kind == "presence" else rng.choice(("past", "future"))
        options = [t for t in RECORD_TEMPLATES[(kind, tense)] if self.host or "{host}" not in t]
        template = rng.choice(options)
        qualifier = rng.choice(("exact", "exact", "approx", "approx", "min"))
        if rng.random() < 0.05 and kind == "deploy" and tense == "future":
            qualifier = "max"  # "will send up to 150": a deploy of 150, max
        n = size(rng, 10, 2500)
        if "{K}" in template:
            qualifier = "exact"
        when = self._date(tense, kind)
        host_suffix = "" if "{host}" in template else self._host_suffix()
        text = self._fill(
            template,
            country,
            N=number_phrase(rng, n, qualifier),
            K=f"{n:,}",
            H=host_suffix,
            D=f" {when.phrase}" if when.phrase else "",
        )
        self._keep(kind, country.iso3, n, qualifier, when.value, text)
        return text

    def operation_record(self) -> str:
        kind, template = self.rng.choice(OPERATION_TEMPLATES)
        qualifier = self.rng.choice(("exact", "approx"))
        n = size(self.rng, 800, 15000)
        when = self._date("future", kind)
        text = self._fill(
            template,
            None,
            N=number_phrase(self.rng, n, qualifier),
            k=number_words(self.rng.randint(12, 45)),
            D=f" {when.phrase}" if when.phrase else "",
        )
        self._keep(kind, None, n, qualifier, when.value, text)
        return text

    def group_record(self, group: list[Country]) -> str:
        qualifier, n = "approx", size(self.rng, 300, 2000)
        when = self._date("future", "deploy")
        names = {key: self.rng.choice(c.names) for key, c in zip("XYZ", group, strict=True)}
        text = self._fill(
            GROUP_TEMPLATE,
            None,
            N=f"{n:,}",
            D=f" {when.phrase}" if when.phrase else "",
            **names,
        )
        for country in group:
            self._keep("deploy", country.iso3, None, None, when.value, text)
        self._keep("deploy", None, n, qualifier, when.value, text)
        return text

    def distractor(self, country: Country) -> str:
        template = self.rng.choice(DISTRACTORS)
        when = date_phrase(self.rng, self.pub, "past")
        n = number_phrase(self.rng, size(self.rng, 2, 40), "exact")
        return self._fill(template, country, N=n, D=f" {when.phrase}" if when.phrase else "")

    def filler(self) -> str:
        rng = self.rng
        if rng.random() < 0.4:
            template = rng.choice(FILLER)
        else:
            parts = (FILLER_SUBJECTS, FILLER_PREDICATES, FILLER_PLANS, FILLER_TAILS)
            subject, predicate, plan, tail = (rng.choice(p) for p in parts)
            template = f"{subject} {predicate.format(plan=plan, money='{money}')}{tail}."
        city = rng.choice(rng.choice(countries()).capitals) if rng.random() < 0.3 else None
        return _cap(
            template.format(
                city=city or rng.choice(TOWNS),
                town=rng.choice(TOWNS),
                topic=rng.choice(TOPICS),
                weekday=rng.choice(WEEKDAYS),
                month=rng.choice(MONTHS),
                year=rng.randint(1990, self.pub.year),
                year2=self.pub.year + rng.randint(2, 15),
                pct=f"{rng.randint(1, 15)}.{rng.randint(0, 9)}",
                money=f"{rng.randint(2, 400)} million euros",
                count=f"{size(rng, 200, 90000):,}",
                person=rng.choice(PEOPLE),
            )
        )

    def _keep(
        self,
        kind: str,
        contributor: str | None,
        n: int | None,
        qualifier: str | None,
        date: str | None,
        evidence: str,
    ) -> None:
        self.gold.append(
            GoldRecord(
                self.id, kind, contributor, self.op.id, self.host, n, qualifier, date, evidence
            )
        )


# ---------------------------------------------------------------- articles

KIND_WEIGHTS = (("deploy", 5), ("withdraw", 2), ("presence", 3))


def _title(writer: Writer, first: GoldRecord, country: Country) -> str:
    op = writer.op.refs[0].removeprefix("the ")
    name = country.names[0]
    if first.kind == "deploy" and first.personnel is not None and first.qualifier == "exact":
        return f"{name} to send {first.personnel:,} troops to {op}"
    if first.kind == "withdraw":
        return f"{name} to pull troops out of {op}"
    return writer.rng.choice((f"{op}: a mission in numbers", f"Inside {op}", f"News from {op}"))


def generate_one(rng: random.Random, article_id: str) -> Generated:
    op = rng.choice(catalogue_ops())
    start = dt.date(max(op.first_year, 2000), 1, 1)
    end = dt.date(op.last_year, 12, 31)
    pub = start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))
    writer = Writer(rng, article_id, op, pub)
    pool = [c for c in countries() if c.iso3 not in op.hosts]
    cast = rng.sample(pool, 7)
    kinds = [k for k, _ in KIND_WEIGHTS]
    weights = [w for _, w in KIND_WEIGHTS]
    n_records = rng.choice((1, 1, 2, 2, 3, 4))
    records = [writer.record(c, rng.choices(kinds, weights)[0]) for c in cast[:n_records]]
    extra = rng.random()
    if extra < 0.2:
        records.append(writer.operation_record())
    elif extra < 0.28:
        records.append(writer.group_record(cast[4:7]))
    distractors = [writer.distractor(rng.choice(cast)) for _ in range(rng.randint(1, 3))]
    target = int(150 * 8 ** rng.random())
    lead = [records[0]]
    if writer.host and len(op.hosts) > 1:
        place = country_name(writer.host)
        lead.append(f"Most of the mission's work in {place} is patrolling and training.")
    paragraphs = [lead]
    for sentence in records[1:] + distractors:
        paragraphs.append([sentence])
    words = sum(len(s.split()) for p in paragraphs for s in p)
    while words < target:
        sentence = writer.filler()
        words += len(sentence.split())
        paragraph = (
            rng.choice(paragraphs[1:]) if len(paragraphs) > 1 and rng.random() < 0.6 else None
        )
        if paragraph is None:
            paragraphs.append([sentence])
        else:
            paragraph.insert(rng.randint(0, len(paragraph)), sentence)
    rest = paragraphs[1:]
    rng.shuffle(rest)
    body = "\n\n".join(" ".join(p) for p in [paragraphs[0], *rest])
    title = _title(writer, writer.gold[0], cast[0])
    return Generated(article_id, title, body, pub, writer.gold)


def generate(n: int, seed: int = 1) -> list[Generated]:
    """`n` articles; the same seed gives the same articles."""
    rng = random.Random(seed)
    return [generate_one(rng, f"g{seed}-{i:06d}") for i in range(n)]


def iter_gold(items: list[Generated]) -> Iterator[dict[str, object]]:
    for item in items:
        for record in item.gold:
            yield asdict(record)


def write_jsonl(items: list[Generated], out: Path) -> Path:
    """Articles to `out` (id, title, text, published), gold beside it; returns the gold's path."""
    with out.open("w", encoding="utf-8") as f:
        for item in items:
            row = {"id": item.id, "title": item.title, "text": item.body}
            f.write(json.dumps(row | {"published": item.published.isoformat()}) + "\n")
    gold = out.with_name(out.name.removesuffix(".jsonl") + ".gold.jsonl")
    _write_gold(items, gold)
    return gold


def write_txt(items: list[Generated], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for item in items:
        text = f"{item.title}\nPublished: {item.published.isoformat()}\n\n{item.body}\n"
        (folder / f"{item.id}.txt").write_text(text, encoding="utf-8")
    gold = folder / "gold.jsonl"
    _write_gold(items, gold)
    return gold


def _write_gold(items: list[Generated], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in iter_gold(items):
            f.write(json.dumps(row) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=500, help="number of articles (default 500)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("generated.jsonl"))
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    args = parser.parse_args(argv)
    items = generate(args.n, args.seed)
    writer: Callable[[list[Generated], Path], Path] = write_jsonl
    if args.format == "txt":
        writer = write_txt
    gold = writer(items, args.out)
    words = sum(item.words() for item in items)
    records = sum(len(item.gold) for item in items)
    print(f"{len(items)} articles, {words:,} words, {records} gold records -> {args.out}, {gold}")


if __name__ == "__main__":
    main()
