"""Class 7 of what-makes-it-hard: dates relative to the publication line, month-only dates,
deadlines and spans. Each row: sentence, publication date, tense passed (None = guessed), the
expression expected, its resolved value and its kind."""

from __future__ import annotations

from datetime import date

import pytest

from muster.extract.dates import DateMention, Tense, find_dates, resolve_date

MON_2023_06_05 = date(2023, 6, 5)  # a Monday
Row = tuple[str, date | None, Tense | None, str, str]


def _at(sentence: str, published: date | None, tense: Tense | None, raw: str) -> DateMention:
    found = find_dates(sentence, published, tense)
    hits = [d for d in found if d.raw == raw]
    assert hits, f"no date {raw!r} in {[d.raw for d in found]}"
    return hits[0]


WEEKDAYS: list[Row] = [
    ("crossed into Kosovo on Sunday, the ministry said.", MON_2023_06_05, None, "Sunday",
     "2023-06-04"),
    ("The alliance said last Tuesday it would send 700 troops.", MON_2023_06_05, None,
     "last Tuesday", "2023-05-30"),
    ("a riot on Monday of last week left 30 peacekeepers hurt", MON_2023_06_05, None,
     "Monday of last week", "2023-05-29"),
    ("the ministry informed on Monday", MON_2023_06_05, None, "Monday", "2023-06-05"),
    ("The ministry informed on Tuesday.", date(2023, 10, 4), None, "Tuesday", "2023-10-03"),
    ("Bulgaria sent more than 100 soldiers to Kosovo on Tuesday.", date(2024, 5, 21), None,
     "Tuesday", "2024-05-21"),
    ("On Monday, about a hundred soldiers will leave for Bosnia.", date(2023, 11, 4), None,
     "Monday", "2023-11-06"),
    ("The contingent will travel to Cyprus next Tuesday.", date(2023, 1, 20), None,
     "next Tuesday", "2023-01-24"),
    ("The troops arrive on Friday.", MON_2023_06_05, "future", "Friday", "2023-06-09"),
    ("The troops arrive on Friday.", MON_2023_06_05, "past", "Friday", "2023-06-02"),
    ("The troops arrive on Friday.", MON_2023_06_05, None, "Friday", "2023-06-02"),
    ("took over at a ceremony in Siauliai on Tuesday and will guard the skies", date(2017, 5, 3),
     None, "Tuesday", "2017-05-02"),
    ("were expected to land in Wunstorf on Wednesday", date(2021, 6, 30), None, "Wednesday",
     "2021-06-30"),
    ("With Tuesday's arrivals the number reached 2,000", date(1996, 1, 2), None, "Tuesday's",
     "1996-01-02"),
    ("flew out on Sunday night", date(2025, 12, 15), None, "Sunday night", "2025-12-14"),
]  # fmt: skip

RELATIVE_DAYS: list[Row] = [
    ("tomorrow, Thursday, the Command leaves Greece", date(2024, 6, 19), None,
     "tomorrow, Thursday", "2024-06-20"),
    ("The first troops leave tomorrow, May 21.", date(2024, 5, 20), None, "tomorrow, May 21",
     "2024-05-21"),
    ("Today, 12 March, the first soldiers landed.", date(2025, 3, 12), None, "Today, 12 March",
     "2025-03-12"),
    ("began its deployment yesterday", date(2007, 7, 6), None, "yesterday", "2007-07-05"),
    ("a ceremony held today at KFOR Headquarters", date(2020, 8, 28), None, "today",
     "2020-08-28"),
    ("the day after tomorrow", MON_2023_06_05, None, "the day after tomorrow", "2023-06-07"),
    ("the last soldiers left this evening", MON_2023_06_05, None, "this evening", "2023-06-05"),
    ("The war began three days ago.", date(2006, 7, 26), None, "three days ago", "2006-07-23"),
    ("The war began two weeks ago.", date(2006, 7, 26), None, "two weeks ago", "2006-07"),
    ("It looks as it did a year ago.", date(2003, 9, 15), None, "a year ago", "2002"),
]  # fmt: skip

RELATIVE_PERIODS: list[Row] = [
    ("A ministry official said last week that 500 soldiers would go.", MON_2023_06_05, None,
     "last week", "2023-05"),
    ("announced this week that they send 350 soldiers", date(2022, 2, 10), None, "this week",
     "2022-02"),
    ("returns home this month", date(2025, 1, 14), None, "this month", "2025-01"),
    ("deployed 1,000 soldiers earlier this month", date(2021, 7, 20), None,
     "earlier this month", "2021-07"),
    ("Germany said last month that it would station a brigade", date(2023, 7, 10), None,
     "last month", "2023-06"),
    ("will deploy next month", date(2023, 12, 10), None, "next month", "2024-01"),
    ("pulled their soldiers out earlier this year", date(2013, 6, 17), None,
     "earlier this year", "2013"),
    ("Last year KFOR counted about 3,800 soldiers.", date(2023, 6, 16), None, "Last year",
     "2022"),
    ("Athens will host next year's conference", date(2025, 5, 29), None, "next year", "2026"),
    ("authorised at the end of last year the sending of 4,400 troops", date(2014, 1, 23), None,
     "the end of last year", "2013"),
    ("Niamey announced at the weekend that it has quit", date(2025, 3, 31), None, "the weekend",
     "2025-03"),
]  # fmt: skip

MONTHS: list[Row] = [
    ("A battalion sent to Estonia in February will fly back", date(2022, 9, 28), None,
     "February", "2022-02"),
    ("The battalion will fly back to the UK in December.", date(2022, 9, 28), None, "December",
     "2022-12"),
    ("The battalion arrived in February.", date(2022, 1, 10), None, "February", "2021-02"),
    ("The battalion will arrive in February.", date(2022, 9, 28), None, "February", "2023-02"),
    ("In late November, about 150 soldiers left for Djibouti.", date(2022, 1, 7), None,
     "late November", "2021-11"),
    ("The contingent serves in April.", date(2024, 3, 29), "future", "April", "2024-04"),
    ("The contingent served in April.", date(2024, 3, 29), "past", "April", "2023-04"),
    ("In November, about 150 soldiers", date(2022, 1, 7), None, "November", "2021-11"),
    ("arrived in the capital in the month of January", date(2017, 2, 10), None,
     "the month of January", "2017-01"),
    ("They served there until last February.", date(2012, 7, 6), None, "last February",
     "2012-02"),
    ("In October last year two soldiers were injured.", date(2025, 1, 23), None,
     "October last year", "2024-10"),
    ("will deploy to Kosovo from April next year", date(2023, 10, 6), None, "April next year",
     "2024-04"),
    ("At the end of May the unit left.", date(2024, 6, 10), None, "the end of May", "2024-05"),
    ("In mid-June the minister asked", date(2023, 12, 13), None, "mid-June", "2023-06"),
]  # fmt: skip

ABSOLUTE: list[Row] = [
    ("ANKARA, June 5 — The first elements crossed", MON_2023_06_05, None, "June 5",
     "2023-06-05"),
    ("MADRID, March 19 — Spain will withdraw its contingent", date(2009, 3, 20), None,
     "March 19", "2009-03-19"),
    ("MANILA, Sept. 19 — The Philippines brought 244 home", date(2014, 9, 19), None,
     "Sept. 19", "2014-09-19"),
    ("after the armed attack of 24 September", date(2023, 10, 4), None, "24 September",
     "2023-09-24"),
    ("the conference on 5 October", date(2023, 10, 6), None, "5 October", "2023-10-05"),
    ("began withdrawing on Wednesday, February 28, with the handover", date(2024, 3, 5), None,
     "Wednesday, February 28", "2024-02-28"),
    ("The handover took place on Friday, 11 October, at KFOR", date(2024, 10, 12), None,
     "Friday, 11 October", "2024-10-11"),
    ("Kosovo since 2 July 1999.", date(2024, 3, 29), None, "2 July 1999", "1999-07-02"),
    ("on 5 June 2013, completing the deployment", date(2013, 6, 14), None, "5 June 2013",
     "2013-06-05"),
    ("on June 5, 2013, completing the deployment", date(2013, 6, 14), None, "June 5, 2013",
     "2013-06-05"),
    ("Poland joined KFOR in June 1999.", date(2024, 3, 27), None, "June 1999", "1999-06"),
    ("in February 2000 it recognised", None, None, "February 2000", "2000-02"),
    ("an additional company for KFOR from April 2024", date(2023, 10, 6), None, "April 2024",
     "2024-04"),
    ("Austria will withdraw its company in 2024.", date(2023, 10, 6), None, "2024", "2024"),
    ("in mid-2023 the force", date(2024, 1, 1), None, "mid-2023", "2023"),
    ("Finland took over in the year 2004", date(2011, 1, 4), None, "the year 2004", "2004"),
    ("dated 24/09/2023", date(2023, 10, 1), None, "24/09/2023", "2023-09-24"),
    ("Published: 2023-09-24", date(2023, 9, 24), None, "2023-09-24", "2023-09-24"),
    ("would be withdrawn in phases by 30 June.", date(2021, 6, 30), None, "30 June",
     "2021-06-30"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "published", "tense", "raw", "value"),
    WEEKDAYS + RELATIVE_DAYS + RELATIVE_PERIODS + MONTHS + ABSOLUTE,
)
def test_resolves_against_publication(
    sentence: str, published: date | None, tense: Tense | None, raw: str, value: str
) -> None:
    assert _at(sentence, published, tense, raw).value == value


KINDS = [
    ("it should be completed by August", date(2023, 10, 4), "August", "2024-08", "deadline"),
    ("halve its troops before the end of the year", date(2022, 9, 28), "the end of the year",
     "2022", "deadline"),
    ("Greece holds its command until December 2024.", date(2024, 6, 19), "December 2024",
     "2024-12", "deadline"),
    ("to leave no later than 30 June", date(2021, 6, 1), "30 June", "2021-06-30", "deadline"),
    ("gave the mission until 31 December to leave", date(2023, 12, 13), "31 December",
     "2023-12-31", "deadline"),
    ("would reach the Golan Heights by the end of the month", date(2013, 6, 17),
     "the end of the month", "2013-06", "deadline"),
    ("By Friday, 24 January, the force had lost nine soldiers", date(2025, 1, 26),
     "Friday, 24 January", "2025-01-24", "deadline"),
    ("Switzerland has been part of the mission since 1999", date(2023, 6, 16), "1999", "1999",
     "since"),
    ("is deployed since 8 January and will do transport", date(2025, 1, 14), "8 January",
     "2025-01-08", "since"),
    ("serve in Kosovo from April to September", date(2025, 3, 4), "April to September",
     "2025-04", "period"),
    ("deployed last year, from September to December 2023", date(2024, 6, 19),
     "September to December 2023", "2023-09", "period"),
    ("again from 2004 to 2005", date(2020, 8, 28), "2004 to 2005", "2004", "period"),
    ("between 2004 and 2005", date(2020, 8, 28), "2004 and 2005", "2004", "period"),
    ("Period of employment: 15 July 2021 to 15 October 2021", date(2021, 7, 28),
     "15 July 2021 to 15 October 2021", "2021-07-15", "period"),
    ("Kosovo declared independence in 2008", date(2023, 6, 5), "2008", "2008", "point"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "published", "raw", "value", "kind"), KINDS)
def test_deadlines_starts_and_spans_are_marked(
    sentence: str, published: date, raw: str, value: str, kind: str
) -> None:
    mention = _at(sentence, published, None, raw)
    assert (mention.value, mention.kind) == (value, kind)


@pytest.mark.parametrize(
    "sentence",
    [
        "under UN Security Council Resolution 1244",
        "2000 soldiers arrived at the camp",
        "some 300 soldiers and 1,999 vehicles",
        "the refugee flows of the 1990s",
        "He may 21 times have said so",
        "the 65th Brigade sent 40 troops",
        "",
    ],
)
def test_numbers_that_are_not_dates(sentence: str) -> None:
    assert find_dates(sentence, MON_2023_06_05) == []


def test_precision_follows_the_words() -> None:
    text = "On 5 June 2013, in June 2013 and in 2013"
    assert [d.precision for d in find_dates(text, None)] == ["day", "month", "year"]


def test_relative_dates_need_a_publication_date() -> None:
    found = find_dates("On Tuesday, last month and tomorrow, May 21; in February 2000", None)
    assert [(d.raw, d.value, d.relative) for d in found] == [
        ("Tuesday", None, True),
        ("last month", None, True),
        ("tomorrow, May 21", None, True),
        ("February 2000", "2000-02", False),
    ]


def test_several_dates_in_one_sentence_in_order() -> None:
    text = (
        "Tokyo will bring home the engineers in May, Prime Minister Shinzo Abe said on Friday, "
        "ending a deployment that began in January 2012."
    )
    found = find_dates(text, date(2017, 3, 10))
    assert [(d.raw, d.value) for d in found] == [
        ("May", "2017-05"),
        ("Friday", "2017-03-10"),
        ("January 2012", "2012-01"),
    ]


def test_offsets_index_the_sentence() -> None:
    text = "Bulgaria sent more than 100 soldiers to Kosovo on Tuesday."
    (mention,) = find_dates(text, date(2024, 5, 21))
    assert text[mention.start : mention.end] == mention.raw == "Tuesday"


RESOLVE = [
    ("tomorrow, May 21", date(2024, 5, 20), "2024-05-21"),
    ("in February 2000", None, "2000-02"),
    ("June 1999", None, "1999-06"),
    ("2 July 1999", None, "1999-07-02"),
    ("in 2024", None, "2024"),
    ("last Tuesday", MON_2023_06_05, "2023-05-30"),
    ("last week", None, None),
    ("300", MON_2023_06_05, None),
    ("12", MON_2023_06_05, None),
    ("", MON_2023_06_05, None),
]


@pytest.mark.parametrize(("text", "published", "expected"), RESOLVE)
def test_resolve_date(text: str, published: date | None, expected: str | None) -> None:
    assert resolve_date(text, published) == expected


def test_resolve_date_falls_back_to_dateparser_for_other_wording() -> None:
    assert resolve_date("le 5 octobre 2023", date(2023, 10, 9)) == "2023-10-05"
