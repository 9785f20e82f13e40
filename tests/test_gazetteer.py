"""The country gazetteer: lookups per kind, the data's invariants, and class-1 sentences
("the contributor is not in the sentence as a country name") found by a PhraseMatcher."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pycountry
import pytest
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from muster.extract.gazetteer import (
    KINDS,
    CountryAlias,
    country_aliases,
    country_name,
    is_country_code,
    lookup,
    non_country_phrases,
)

ROOT = Path(__file__).resolve().parents[1]
# All NATO and EU members and the large UN, AU and EU troop contributors.
MAJOR_CONTRIBUTORS = """
BGD NPL IND PAK RWA ETH GHA EGY IDN CHN SEN MAR TZA ZMB MWI ZAF KEN BDI UGA NGA TCD NER TGO
BFA MNG FJI LKA KHM BRA URY ARG PER MYS KOR JPN AUS NZL CAN UKR GEO ARM MDA SRB BIH MNE ALB
MKD XKX USA GBR FRA DEU ITA ESP PRT NLD BEL LUX DNK NOR SWE FIN EST LVA LTU POL CZE SVK HUN
ROU BGR GRC TUR HRV SVN AUT CHE IRL MLT CYP ISL
"""


def _code(phrase: str) -> str | None:
    alias = lookup(phrase)
    return alias.iso3 if alias else None


@pytest.mark.parametrize(
    ("phrase", "iso3", "kind"),
    [
        ("Kosovo", "XKX", "name"),
        ("Türkiye", "TUR", "name"),
        ("Turkey", "TUR", "name"),
        ("Turkiye", "TUR", "name"),
        ("Czechia", "CZE", "name"),
        ("Holland", "NLD", "name"),
        ("DRC", "COD", "name"),
        ("Ivory Coast", "CIV", "name"),
        ("Burma", "MMR", "name"),
        ("BiH", "BIH", "name"),
        ("U.S.", "USA", "name"),
        ("Turkish", "TUR", "demonym"),
        ("Hellenic", "GRC", "demonym"),
        ("Kosovar", "XKX", "demonym"),
        ("Filipino", "PHL", "demonym"),
        ("Emirati", "ARE", "demonym"),
        ("Armenians", "ARM", "people"),
        ("Britons", "GBR", "people"),
        ("Bucharest", "ROU", "capital"),
        ("London", "GBR", "capital"),
        ("Pristina", "XKX", "capital"),
        ("Chișinău", "MDA", "capital"),
        ("Bundeswehr", "DEU", "force"),
        ("Bundesheer", "AUT", "force"),
        ("Swisscoy", "CHE", "force"),
        ("TNI", "IDN", "force"),
        ("SANDF", "ZAF", "force"),
        ("Tatmadaw", "MMR", "force"),
        ("Hellenic Army General Staff", "GRC", "force"),
        ("Óglaigh na hÉireann", "IRL", "force"),
        ("Pentagon", "USA", "ministry"),
        ("MApN", "ROU", "ministry"),
        ("Kremlin", "RUS", "other"),
        ("Tánaiste", "IRL", "other"),
    ],
)
def test_lookup_each_kind(phrase: str, iso3: str, kind: str) -> None:
    alias = lookup(phrase)
    assert alias is not None
    assert (alias.iso3, alias.kind) == (iso3, kind)


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("the Netherlands", "NLD"),
        ("The Bundeswehr", "DEU"),
        ("Türkiye's", "TUR"),
        ("Romania’s", "ROU"),
        ("the Greeks'", "GRC"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Chisinau", "MDA"),
        ("ANKARA", "TUR"),  # a dateline
        ("ARMED FORCES OF MALTA", "MLT"),  # a headline
        ("St. George's", "GRD"),  # an apostrophe that is not a possessive
    ],
)
def test_lookup_forgives_how_text_writes_it(written: str, iso3: str) -> None:
    assert _code(written) == iso3


@pytest.mark.parametrize(
    "written", ["turkey", "chad", "Us", "Car", "MoD", "", "Ministry of Defence"]
)
def test_lookup_refuses_ordinary_words_and_generic_phrases(written: str) -> None:
    assert lookup(written) is None


@pytest.mark.parametrize(
    "phrase", ["Georgia", "Jordan", "Chad", "Niger", "Washington", "Victoria", "Macedonia"]
)
def test_phrases_with_other_meanings_are_weak(phrase: str) -> None:
    alias = lookup(phrase)
    assert alias is not None and alias.weak


@pytest.mark.parametrize("phrase", ["Bulgaria", "Turkish", "Bucharest", "Bundeswehr", "Nigeria"])
def test_unambiguous_phrases_are_strong(phrase: str) -> None:
    alias = lookup(phrase)
    assert alias is not None and not alias.weak


def test_ambiguous_phrase_keeps_preferred_reading_and_alternatives() -> None:
    alias = lookup("Congolese")
    assert alias == CountryAlias("Congolese", "COD", "demonym", True, ("COG",))
    assert alias.ambiguous


def _curated_rows() -> list[dict[str, str]]:
    text = resources.files("muster.data").joinpath("country_aliases.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_no_phrase_names_two_countries_unless_marked() -> None:
    codes: dict[str, set[str]] = defaultdict(set)
    weak: dict[str, set[str]] = defaultdict(set)
    for row in _curated_rows():
        if row["iso3"]:
            codes[row["phrase"]].add(row["iso3"])
            weak[row["phrase"]].add(row["weak"])
    unmarked = [p for p, c in codes.items() if len(c) > 1 and weak[p] != {"1"}]
    assert unmarked == []
    for alias in country_aliases():
        assert not alias.also or alias.weak, alias


def test_curated_rows_are_well_formed() -> None:
    rows = _curated_rows()
    assert len(rows) > 1500
    seen = set()
    for row in rows:
        key = (row["phrase"], row["iso3"])
        assert key not in seen, key
        seen.add(key)
        assert row["phrase"] == row["phrase"].strip() and row["weak"] in {"", "1"}
        if row["kind"] == "not_country":
            assert row["iso3"] == ""
        else:
            assert row["kind"] in KINDS and is_country_code(row["iso3"]), row


def test_aliases_are_unique_and_valid() -> None:
    aliases = country_aliases()
    phrases = [alias.phrase for alias in aliases]
    assert len(phrases) == len(set(phrases))
    assert all(alias.kind in KINDS and is_country_code(alias.iso3) for alias in aliases)
    assert all(code not in {"", None} for alias in aliases for code in alias.also)


def test_every_iso_country_has_a_name_and_display_name() -> None:
    codes = {country.alpha_3 for country in pycountry.countries} | {"XKX"}
    named = {alias.iso3 for alias in country_aliases() if alias.kind == "name"}
    assert codes <= named
    for code in codes:
        assert is_country_code(code)
        display = country_name(code)
        assert display and "&" not in display and " - " not in display


def test_major_contributors_have_demonym_capital_and_force() -> None:
    contributors = set(re.findall(r"[A-Z]{3}", MAJOR_CONTRIBUTORS))
    kinds: dict[str, set[str]] = defaultdict(set)
    for alias in country_aliases():
        kinds[alias.iso3].add(alias.kind)
    lacking = [
        code
        for code in sorted(contributors)
        if not ({"capital", "force"} <= kinds[code] and kinds[code] & {"demonym", "people"})
    ]
    assert lacking == []


def test_display_names() -> None:
    assert country_name("TUR") == "Türkiye"
    assert country_name("XKX") == "Kosovo"
    assert country_name("USA") == "United States"
    assert country_name("COD") == "DR Congo"
    with pytest.raises(KeyError):
        country_name("ZZZ")


@pytest.mark.parametrize(
    ("code", "expected"), [("XKX", True), ("TUR", True), ("EU", False), ("tur", False), ("", False)]
)
def test_is_country_code(code: str, expected: bool) -> None:
    assert is_country_code(code) is expected


def test_spelling_variants_are_listed_for_matchers() -> None:
    phrases = {alias.phrase for alias in country_aliases()}
    assert {"Côte d’Ivoire", "Cote d'Ivoire", "Chisinau", "Oglaigh na hEireann"} <= phrases
    assert {"Kosovo Force", "Lake Chad"} <= set(non_country_phrases())
    assert not phrases & set(non_country_phrases())


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def matcher(nlp: Language) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("COUNTRY", [nlp.make_doc(alias.phrase) for alias in country_aliases()])
    matcher.add("NOT_COUNTRY", [nlp.make_doc(phrase) for phrase in non_country_phrases()])
    return matcher


def _countries_in(nlp: Language, matcher: PhraseMatcher, sentence: str) -> list[str]:
    doc = nlp.make_doc(sentence)
    spans = filter_spans([doc[start:end] for _, start, end in matcher(doc)])
    found = [lookup(span.text) for span in spans]
    return [alias.iso3 for alias in found if alias]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Bucharest said it would send 120 more troops to Kosovo.", ["ROU", "XKX"]),
        ("London also decided to keep its company there.", ["GBR"]),
        ("The Bundeswehr will send 85 soldiers.", ["DEU"]),
        ("The Bundesheer's contingent numbers 290.", ["AUT"]),
        ("TNI deployed a battalion of 850.", ["IDN"]),
        ("The SANDF has withdrawn its troops.", ["ZAF"]),
        ("The Hellenic Army General Staff announced the rotation.", ["GRC"]),
        ("The Polish contingent will grow by 60.", ["POL"]),
        ("About 500 Turkish soldiers would take part.", ["TUR"]),
        ("Türkiye's Defence Ministry said the battalion crossed into Kosovo.", ["TUR", "XKX"]),
        ("Romania’s parliament approved the deployment.", ["ROU"]),
        ("Swisscoy will keep 195 soldiers in Kosovo.", ["CHE", "XKX"]),
        ("The Kremlin said it would not send troops.", ["RUS"]),
        ("Soldiers of the Kosovo Force patrolled the north.", []),
        ("Troops from Lake Chad states joined the force.", []),
        ("The Irish Guards will deploy to Estonia.", ["GBR", "EST"]),
    ],
)
def test_class1_contributor_not_written_as_country_name(
    nlp: Language, matcher: PhraseMatcher, sentence: str, expected: list[str]
) -> None:
    assert _countries_in(nlp, matcher, sentence) == expected


def test_generated_countries_json_is_current() -> None:
    """countries.json must be what scripts/build_gazetteer.py makes from the installed data."""
    shipped = json.loads(
        resources.files("muster.data").joinpath("countries.json").read_text("utf-8")
    )
    import babel

    versions = (f"pycountry {pycountry.__version__};", f"Babel {babel.__version__}")
    if not all(version in shipped["sources"] for version in versions):
        pytest.skip("installed pycountry/Babel differ from the ones countries.json was built with")
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "scripts/build_gazetteer.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build()["countries"] == shipped["countries"]
