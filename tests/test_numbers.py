"""Class 6 of what-makes-it-hard: numbers. One table per phenomenon, so a change that helps one
and hurts another shows up in the table it hurts."""

from __future__ import annotations

import pytest

from muster.extract.numbers import Quantity, find_counts, find_quantities


def _at(text: str, raw: str) -> Quantity:
    found = [q for q in find_quantities(text) if q.raw == raw]
    assert found, f"no quantity {raw!r} in {[q.raw for q in find_quantities(text)]}"
    return found[0]


def _check(text: str, raw: str, value: int, qualifier: str, kind: str) -> None:
    q = _at(text, raw)
    assert (q.value, q.qualifier, q.kind_hint) == (value, qualifier, kind)
    assert text[q.start : q.end] == raw


DIGITS = [
    ("KFOR numbered 3,800 soldiers.", "3,800", 3800),
    ("an army of 3 800 men", "3 800", 3800),
    ("the employment of 1 495 members", "1 495", 1495),
    ("a force of 1.200 soldiers", "1.200", 1200),
    ("a further 2.500 troops arrived", "2.500", 2500),
    ("UNIFIL had 10,251 peacekeepers", "10,251", 10251),
    ("1.5 million people fled", "1.5 million", 1_500_000),
    ("Britain intends to send 13 thousand soldiers", "13 thousand", 13000),
    ("Slovenia takes part with 109 members", "109", 109),
    ("• Italy: 638", "638", 638),
    ("Ghana (870), Nepal (410)", "870", 870),
]


@pytest.mark.parametrize(("text", "raw", "value"), DIGITS)
def test_digit_forms(text: str, raw: str, value: int) -> None:
    _check(text, raw, value, "exact", "count")


WORDS = [
    ("thirty-five soldiers took off", "thirty-five", 35),
    ("a hundred and twenty soldiers", "a hundred and twenty", 120),
    ("Two hundred and eighty soldiers, the first contingent", "Two hundred and eighty", 280),
    ("one hundred and seventy-five peacekeepers", "one hundred and seventy-five", 175),
    ("Nineteen of them were Hungarian", "Nineteen", 19),
    ("the count rose to three hundred", "three hundred", 300),
    ("a dozen observers", "a dozen", 12),
    ("two dozen at least", "two dozen", 24),
    ("two thousand three hundred troops", "two thousand three hundred", 2300),
    ("a thousand militaries", "a thousand", 1000),
    ("Bucharest will send one more infantry company", "one", 1),
    ("nine soldiers of the Armed Forces of Malta", "nine", 9),
]


@pytest.mark.parametrize(("text", "raw", "value"), WORDS)
def test_number_words(text: str, raw: str, value: int) -> None:
    q = _at(text, raw)
    assert q.value == value
    assert q.kind_hint == "count"


@pytest.mark.parametrize(
    "text",
    [
        "dozens of peacekeepers were hurt",
        "hundreds of troops left",
        "a few hundred soldiers",
        "several thousand refugees",
        "tens of thousands fled",
        "no one was hurt",
        "the one in Kosovo is big",
        "a good one.",
    ],
)
def test_vague_amounts_and_pronouns_are_not_numbers(text: str) -> None:
    assert find_quantities(text) == []


def test_separate_number_words_stay_separate() -> None:
    assert [q.value for q in find_quantities("one two three")] == [1, 2, 3]


QUALIFIERS = [
    ("about 500 Turkish soldiers", "500", "approx"),
    ("around 250 serve in Bosnia", "250", "approx"),
    ("some one hundred and ninety soldiers strong", "one hundred and ninety", "approx"),
    ("roughly 200 soldiers", "200", "approx"),
    ("the approximately 80 Romanian militaries", "80", "approx"),
    ("nearly 300 sites", "300", "approx"),
    ("almost 6,000 personnel", "6,000", "approx"),
    ("close to 400 troops", "400", "approx"),
    ("an estimated 1,000 soldiers", "1,000", "approx"),
    ("circa 90 soldiers", "90", "approx"),
    ("ca. 90 soldiers", "90", "approx"),
    ("~90 soldiers", "90", "approx"),
    ("just under 100 soldiers", "100", "approx"),
    ("about a hundred troops", "a hundred", "approx"),
    ("300-odd soldiers", "300", "approx"),
    ("300 or so soldiers", "300", "approx"),
    ("more than 100 soldiers", "100", "min"),
    ("over 1,800 personnel", "1,800", "min"),
    ("at least 14 incidents", "14", "min"),
    ("upwards of 500 troops", "500", "min"),
    ("in excess of 500 troops", "500", "min"),
    ("more than a thousand militaries", "a thousand", "min"),
    ("over a thousand soldiers", "a thousand", "min"),
    ("just over 100 soldiers", "100", "min"),
    ("200 or more soldiers", "200", "min"),
    ("up to 195 soldiers", "195", "max"),
    ("no more than 50 soldiers", "50", "max"),
    ("not more than 50 soldiers", "50", "max"),
    ("at most 50 soldiers", "50", "max"),
    ("a maximum of 300 soldiers", "300", "max"),
    ("as many as 800 soldiers", "800", "max"),
    ("a ceiling of 400 soldiers", "400", "max"),
    ("fewer than 20 soldiers", "20", "max"),
    ("a total of 82 soldiers", "82", "exact"),
    ("Ghana is sending 570 troops", "570", "exact"),
]


@pytest.mark.parametrize(("text", "raw", "qualifier"), QUALIFIERS)
def test_qualifiers(text: str, raw: str, qualifier: str) -> None:
    assert _at(text, raw).qualifier == qualifier


def test_several_quantities_in_one_sentence_keep_their_own_qualifiers() -> None:
    text = "KFOR numbered about 3,800 soldiers, some 350 of them from Türkiye, and 71 Germans."
    found = [(q.value, q.qualifier) for q in find_quantities(text)]
    assert found == [(3800, "approx"), (350, "approx"), (71, "exact")]


RANGES = [
    ("between 300 and 400 troops", "300 and 400", 300, 400, 400, "max"),
    ("300 to 400 troops", "300 to 400", 300, 400, 400, "max"),
    ("300-400 troops", "300-400", 300, 400, 400, "max"),
    ("300–400 troops", "300–400", 300, 400, 400, "max"),
    ("can range from roughly 3,000 to 5,000 troops", "3,000 to 5,000", 3000, 5000, 5000, "approx"),
]


@pytest.mark.parametrize(("text", "raw", "low", "high", "value", "qualifier"), RANGES)
def test_ranges(text: str, raw: str, low: int, high: int, value: int, qualifier: str) -> None:
    q = _at(text, raw)
    assert q.is_range and not q.is_change
    assert (q.low, q.high, q.value, q.qualifier) == (low, high, value, qualifier)


CHANGES = [
    ("will enlarge its military in Lithuania from 270 to 350", "270 to 350", 270, 350, "exact"),
    ("increased from 650 to 850 soldiers", "650 to 850", 650, 850, "exact"),
    (
        "was increased from one hundred and twenty to three hundred",
        "one hundred and twenty to three hundred",
        120,
        300,
        "exact",
    ),
    (
        "reduced from the present about 360 soldiers to about 250",
        "360 soldiers to about 250",
        360,
        250,
        "approx",
    ),
]


@pytest.mark.parametrize(("text", "raw", "before", "after", "qualifier"), CHANGES)
def test_changes_give_the_new_level_and_the_old(
    text: str, raw: str, before: int, after: int, qualifier: str
) -> None:
    q = _at(text, raw)
    assert q.is_change and not q.is_range
    assert (q.change_from, q.value, q.qualifier) == (before, after, qualifier)
    assert (q.low, q.high) == (min(before, after), max(before, after))


def test_figures_joined_by_words_are_not_a_range() -> None:
    text = "Burundi has promised 1,700 soldiers and Nigeria 850."
    assert [q.value for q in find_quantities(text)] == [1700, 850]
    assert not any(q.is_range or q.is_change for q in find_quantities(text))


ATTRIBUTIVE = [
    ("a 450-strong battalion began deploying", "450", 450),
    ("the 1,000-member contingent", "1,000", 1000),
    ("a 1,000-person contingent", "1,000", 1000),
    ("a 43-member platoon of Serbian soldiers", "43", 43),
    ("The 12,000-strong force", "12,000", 12000),
    ("The contingent, some one hundred and ninety soldiers strong", "one hundred and ninety", 190),
]


@pytest.mark.parametrize(("text", "raw", "value"), ATTRIBUTIVE)
def test_attributive_sizes(text: str, raw: str, value: int) -> None:
    q = _at(text, raw)
    assert (q.value, q.kind_hint, q.attributive) == (value, "count", True)


def test_plain_figure_is_not_attributive() -> None:
    assert not _at("some 155 women and men", "155").attributive


DISTRACTORS = [
    # years
    ("Kosovo declared independence in 2008", "2008", "year"),
    ("has served since 1999", "1999", "year"),
    ("KFOR from April 2024", "2024", "year"),
    ("in mid-2023 the force", "2023", "year"),
    ("the refugee flows of the 1990s", "1990", "year"),
    ("the 2024-25 season", "25", "year"),
    ("in 2000 troops were sent", "2000", "year"),
    # dates and times
    ("the armed attack of 24 September", "24", "date"),
    ("ANKARA, June 5 — The first", "5", "date"),
    ("MANILA, Sept. 19 — The Philippines", "19", "date"),
    ("the 5th of June", "5", "date"),
    ("at 10:30 the flag came down", "10:30", "date"),
    ("at 5 pm the flag came down", "5", "date"),
    ("dated 24/09/2023", "24/09/2023", "date"),
    # ordinals
    ("the 65th Mechanised Infantry Brigade", "65", "ordinal"),
    ("their 50th contingent", "50", "ordinal"),
    ("the 1st Battalion", "1", "ordinal"),
    ("the twenty-first rotation", "twenty-first", "ordinal"),
    # money
    ("around 40 million francs a year", "40 million", "money"),
    ("$3 million for the base", "3 million", "money"),
    ("€20m for barracks", "20m", "money"),
    ("360,000 euros invested", "360,000", "money"),
    ("about 100 million dollars", "100 million", "money"),
    # percentages
    ("around 80 per cent of soldiers", "80", "percent"),
    ("20% of the force", "20", "percent"),
    ("15 percent of the force", "15", "percent"),
    # codes
    ("UN Security Council Resolution 1244", "1244", "code"),
    ("resolution 2098 of 28 March 2013", "2098", "code"),
    ("four F-16 fighters", "16", "code"),
    ("thirty soldiers of KFOR-20 took over", "20", "code"),
    ("the Jägerbataillon 19 in Güssing", "19", "code"),
    ("Air Base 201 in Agadez", "201", "code"),
    ("section 201 of the Constitution", "201", "code"),
    ("a level-two hospital", "two", "code"),
    # measures, durations, ages
    ("a 12-month tour", "12", "measure"),
    ("serve for six months", "six", "measure"),
    ("after 25 years", "25", "measure"),
    ("about 100 nautical miles north", "100", "measure"),
    ("more than 11,500 kilometres away", "11,500", "measure"),
    ("1,593 tons of equipment", "1,593", "measure"),
    ("a 25-year-old corporal", "25", "measure"),
    ("soldiers aged 25 and over", "25", "measure"),
    ("2.5 km from the border", "2.5", "measure"),
    ("one-third of the force", "one", "measure"),
]


@pytest.mark.parametrize(("text", "raw", "kind"), DISTRACTORS)
def test_distractors_get_their_kind(text: str, raw: str, kind: str) -> None:
    assert _at(text, raw).kind_hint == kind


COUNTS_NEAR_DISTRACTORS = [
    ("30 peacekeepers hurt", "30"),
    ("2000 soldiers arrived", "2000"),
    ("Resolution 1244 from 1999; 4,100 troops serve", "4,100"),
    ("408 deputies voted on Thursday", "408"),
    ("four F-16 fighters", "four"),
    ("a force of 1,500 in 2006", "1,500"),
    ("In the March rotation, a total of 82 soldiers", "82"),
]


@pytest.mark.parametrize(("text", "raw"), COUNTS_NEAR_DISTRACTORS)
def test_counts_next_to_distractors_stay_counts(text: str, raw: str) -> None:
    assert _at(text, raw).kind_hint == "count"


def test_find_counts_keeps_only_counts() -> None:
    text = "In 2024, about 500 soldiers of the 65th Brigade cost 40 million euros (UNSCR 1244)."
    assert [(q.value, q.qualifier) for q in find_counts(text)] == [(500, "approx")]


def test_offsets_index_the_original_text() -> None:
    text = "Title\n\nMore than 1,800 Bulgarian service members have served."
    q = find_quantities(text)[0]
    assert (text[q.start : q.end], q.value, q.qualifier) == ("1,800", 1800, "min")


def test_text_without_numbers() -> None:
    assert find_quantities("") == []
    assert find_quantities("The soldiers left for Kosovo.") == []
