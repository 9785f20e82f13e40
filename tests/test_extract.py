"""The deployment grammar, one difficulty class at a time (shared/spec/what-makes-it-hard.md).

Each test builds small sentences of its own; a change that helps one class and hurts another
shows up here as a failure in that class.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from extraction_helpers import keys, records
from muster.extract.pipeline import Extractor, build_pipeline
from muster.extract.sentences import sentence_spans


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_pipeline_components_have_names_and_versions() -> None:
    nlp = build_pipeline()
    assert nlp.pipe_names == [
        "muster_sentences_v1",
        "muster_countries_v1",
        "muster_operations_v1",
        "muster_cues_v1",
        "muster_deployments_v1",
    ]


def test_sentences_split_at_line_breaks_and_not_after_ranks() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("muster_sentences_v1")
    doc = nlp("A title without stop\n\nMaj. Gen. Smith arrived. Then he left.")
    assert [s.text.strip() for s in sentence_spans(doc)] == [
        "A title without stop",
        "Maj. Gen. Smith arrived.",
        "Then he left.",
    ]


def test_seed_sentence(extractor: Extractor) -> None:
    found = records(
        extractor,
        "Bulgaria is deploying 120 soldiers to Kosovo as part of the "
        "NATO-led Kosovo Force (KFOR) mission.",
        published=None,
    )
    assert keys(found) == {("deploy", "BGR", "KFOR", "XKX", 120, "exact")}
    assert found[0].evidence_start == 0 and found[0].extractor


class TestContributorNotNamed:
    """Class 1: a capital, an armed force or a demonym stands for the country."""

    def test_capital(self, extractor: Extractor) -> None:
        found = records(extractor, "Bucharest will send 100 more troops to KFOR in Kosovo.")
        assert ("deploy", "ROU", "KFOR", "XKX", 100, "exact") in keys(found)

    def test_armed_force(self, extractor: Extractor) -> None:
        found = records(extractor, "At present 71 Bundeswehr soldiers serve in Kosovo with KFOR.")
        assert ("presence", "DEU", "KFOR", "XKX", 71, "exact") in keys(found)

    def test_demonym_on_unit(self, extractor: Extractor) -> None:
        found = records(extractor, "About 500 Turkish soldiers would take part in KFOR.")
        assert ("deploy", "TUR", "KFOR", "XKX", 500, "approx") in keys(found)

    def test_article_subject_for_pronoun(self, extractor: Extractor) -> None:
        found = records(
            extractor,
            "Nepal rotates its MINUSCA battalion",
            "A first group of 175 peacekeepers flew out on Sunday.",
        )
        assert ("deploy", "NPL", "MINUSCA", "CAF", 175, "exact") in keys(found)


class TestOperationImplied:
    """Class 2: the operation is only named elsewhere in the article."""

    def test_mission_named_in_title(self, extractor: Extractor) -> None:
        found = records(
            extractor,
            "Austria extends its KFOR deployment",
            "The Bundesheer will send about 190 soldiers to the mission in April.",
        )
        assert ("deploy", "AUT", "KFOR", "XKX", 190, "approx") in keys(found)


class TestSeveralRecords:
    """Class 3: an operation total and a national figure, lists, gapping."""

    def test_total_and_national_figure(self, extractor: Extractor) -> None:
        found = records(
            extractor, "KFOR numbered about 3,800 soldiers, some 350 of them from Türkiye."
        )
        assert {
            ("presence", None, "KFOR", "XKX", 3800, "approx"),
            ("presence", "TUR", "KFOR", "XKX", 350, "approx"),
        } <= keys(found)

    def test_gapping(self, extractor: Extractor) -> None:
        found = records(
            extractor, "For AMISOM, Burundi has promised 1,700 soldiers and Nigeria 850."
        )
        assert {
            ("deploy", "BDI", "AMISOM", "SOM", 1700, "exact"),
            ("deploy", "NGA", "AMISOM", "SOM", 850, "exact"),
        } <= keys(found)

    def test_list_lines(self, extractor: Extractor) -> None:
        found = records(extractor, "KFOR's largest contributors", "• Italy: 638\n• Hungary: 469")
        assert {
            ("presence", "ITA", "KFOR", "XKX", 638, "exact"),
            ("presence", "HUN", "KFOR", "XKX", 469, "exact"),
        } <= keys(found)


class TestWhichCountrySends:
    """Class 4: the first country is the host or a destination."""

    def test_host_is_not_the_contributor(self, extractor: Extractor) -> None:
        found = records(extractor, "In Kosovo, Poland has about 250 soldiers serving with KFOR.")
        assert {r.contributor for r in found} == {"POL"}

    def test_force_name_is_not_a_country(self, extractor: Extractor) -> None:
        found = records(extractor, "The Kosovo Force will receive 200 British soldiers.")
        assert "XKX" not in {r.contributor for r in found}


class TestKindFromWording:
    """Class 5: the kind is read from the nearest cue in the figure's part of the sentence."""

    def test_supplement_and_existing_contingent(self, extractor: Extractor) -> None:
        found = records(
            extractor,
            "The United Kingdom will supplement with 200 soldiers its "
            "contingent of 400 which is already present in Kosovo with KFOR.",
        )
        assert {
            ("deploy", "GBR", "KFOR", "XKX", 200, "exact"),
            ("presence", "GBR", "KFOR", "XKX", 400, "exact"),
        } <= keys(found)

    def test_withdrawal(self, extractor: Extractor) -> None:
        found = records(
            extractor, "Spain will withdraw its contingent of about 620 soldiers from KFOR."
        )
        assert ("withdraw", "ESP", "KFOR", "XKX", 620, "approx") in keys(found)
        assert found[0].change == "decrease"

    def test_partial_reduction_gives_the_size_before(self, extractor: Extractor) -> None:
        found = records(extractor, "Britain will reduce its 167-strong KFOR contingent.")
        assert ("presence", "GBR", "KFOR", "XKX", 167, "exact") in keys(found)
        assert ("withdraw", "GBR", "KFOR", "XKX", None, None) in keys(found)


class TestNumbers:
    """Class 6: words, qualifiers and distractors."""

    def test_number_words(self, extractor: Extractor) -> None:
        found = records(extractor, "Armenia sent thirty-five soldiers to KFOR.")
        assert ("deploy", "ARM", "KFOR", "XKX", 35, "exact") in keys(found)

    def test_casualties_are_not_records(self, extractor: Extractor) -> None:
        assert records(extractor, "Thirty KFOR peacekeepers were injured in Zvecan.") == []

    def test_historical_totals_are_not_records(self, extractor: Extractor) -> None:
        found = records(
            extractor, "More than 1,800 Bulgarian soldiers have served with KFOR since 2000."
        )
        assert found == []

    def test_ceilings_are_not_records(self, extractor: Extractor) -> None:
        found = records(extractor, "The mandate of KFOR sets a ceiling of 400 German soldiers.")
        assert found == []


class TestDates:
    """Class 7: relative dates against the publication line."""

    def test_weekday(self, extractor: Extractor) -> None:
        found = records(
            extractor,
            "Bulgaria sent more than 100 soldiers to KFOR on Tuesday.",
            published=dt.date(2024, 5, 21),
        )
        assert found[0].date == "2024-05-21" and found[0].qualifier == "min"

    def test_no_publication_date_no_relative_date(self, extractor: Extractor) -> None:
        found = records(extractor, "Bulgaria sent 100 soldiers to KFOR on Tuesday.", published=None)
        assert found[0].date is None


def test_article_without_records(extractor: Extractor) -> None:
    assert (
        records(
            extractor,
            "Kosovo and Serbia resume talks in Brussels",
            "The two delegations met for three hours.",
        )
        == []
    )


class TestRealWorldPhrasing:
    """Phrasings of wire copy and ministry releases, written for these tests."""

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            (
                "France is withdrawing its 1,500 troops from Niger.",
                ("withdraw", "FRA", None, "NER", 1500, "exact"),
            ),
            (
                "The UN mission, MINUSMA, has some 13,000 peacekeepers.",
                ("presence", None, "MINUSMA", "MLI", 13000, "approx"),
            ),
            (
                "In total, 28 countries contribute some 4,500 troops to KFOR.",
                ("presence", None, "KFOR", "XKX", 4500, "approx"),
            ),
            (
                "The Indian battalion, numbering 850 troops, arrived in Juba to join UNMISS.",
                ("deploy", "IND", "UNMISS", "SSD", 850, "exact"),
            ),
            (
                "The Netherlands will contribute 150 soldiers to the UN mission in Mali.",
                ("deploy", "NLD", "MINUSMA", "MLI", 150, "exact"),
            ),
            (
                "Austria currently has 160 soldiers in Bosnia as part of EUFOR.",
                ("presence", "AUT", "EUFOR-ALTHEA", "BIH", 160, "exact"),
            ),
        ],
    )
    def test_sentence(
        self, extractor: Extractor, sentence: str, expected: tuple[object, ...]
    ) -> None:
        assert expected in keys(records(extractor, sentence))

    def test_members_of_a_body_are_not_personnel(self, extractor: Extractor) -> None:
        assert (
            records(
                extractor, "The 27 members of the European Union agreed to extend EUFOR Althea."
            )
            == []
        )

    def test_planned_change_gives_todays_level_and_direction(self, extractor: Extractor) -> None:
        found = keys(
            records(
                extractor,
                "Poland will reduce its KFOR contingent from 300 to 250 soldiers next year.",
            )
        )
        assert {
            ("withdraw", "POL", "KFOR", "XKX", None, None),
            ("presence", "POL", "KFOR", "XKX", 300, "exact"),
        } <= found

    def test_past_change_gives_the_new_level(self, extractor: Extractor) -> None:
        found = keys(
            records(
                extractor,
                "The Hungarian contingent in KFOR was increased from 120 to 300 soldiers.",
            )
        )
        assert {
            ("deploy", "HUN", "KFOR", "XKX", None, None),
            ("presence", "HUN", "KFOR", "XKX", 300, "exact"),
        } <= found

    def test_alliance_figure_is_not_a_nations(self, extractor: Extractor) -> None:
        found = keys(
            records(extractor, "Lithuania hosts some 1,200 NATO soldiers in the EFP battlegroup.")
        )
        assert ("presence", None, "EFP", "LTU", 1200, "approx") in found

    def test_handover_to_another_country(self, extractor: Extractor) -> None:
        found = keys(
            records(
                extractor,
                "The Spanish and Portuguese detachments handed over the "
                "Baltic Air Policing mission in Lithuania to the Italian Air Force.",
            )
        )
        assert {
            ("withdraw", "ESP", "NATO-BAP", "LTU", None, None),
            ("withdraw", "PRT", "NATO-BAP", "LTU", None, None),
            ("deploy", "ITA", "NATO-BAP", "LTU", None, None),
        } <= found

    def test_command_handover_is_not_a_movement(self, extractor: Extractor) -> None:
        assert records(extractor, "Türkiye handed over command of KFOR to Italy.") == []


class TestRotationsAndParticiples:
    def test_end_of_a_tour_is_not_a_withdrawal(self, extractor: Extractor) -> None:
        assert (
            records(
                extractor,
                "A total of 265 Nepalese troops returned home after "
                "completing their tour with UNMISS.",
            )
            == []
        )

    def test_participle_describes_the_troops(self, extractor: Extractor) -> None:
        found = keys(
            records(
                extractor,
                "The 700 Ukrainian troops deployed with MONUSCO's "
                "helicopter units will be recalled.",
            )
        )
        assert ("withdraw", "UKR", "MONUSCO", "COD", 700, "exact") in found

    def test_equipment_is_not_personnel(self, extractor: Extractor) -> None:
        assert records(extractor, "The KFOR plane also carried three military vehicles.") == []


def test_all_capitals_headline(extractor: Extractor) -> None:
    found = keys(records(extractor, "BULGARIA SENDS 120 TROOPS TO KOSOVO FOR KFOR"))
    assert ("deploy", "BGR", "KFOR", "XKX", 120, "exact") in found


def test_dateline_capital_is_a_place(extractor: Extractor) -> None:
    found = records(
        extractor,
        "Kenyan police for Haiti",
        "NAIROBI, June 25 (Reuters) - About 400 police officers left for Haiti on "
        "Tuesday to lead the MSS mission.",
    )
    assert [(r.kind, r.contributor, r.operation, r.personnel) for r in found] == [
        ("deploy", "KEN", "MSS-HAITI", 400)
    ]
