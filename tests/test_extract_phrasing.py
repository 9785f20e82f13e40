"""Phrasings found in real reporting, each as a class of wording rather than one sentence.

Every test builds its own short article; none is taken from a corpus. The classes follow
`shared/spec/what-makes-it-hard.md`: kind from the wording (5), several records in one sentence
(3), numbers and their distractors (6).
"""

from __future__ import annotations

import datetime as dt

import pytest

from extraction_helpers import keys, records
from muster.extract.pipeline import Extractor
from muster.sources import make_article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


class TestKindFromTheVerb:
    """Class 5: the verb that says what happens to the troops, wherever the figure sits."""

    @pytest.mark.parametrize("verb", ["will also leave", "are to leave", "will return"])
    def test_modal_leave_or_return_at_clause_end_is_a_withdrawal(
        self, extractor: Extractor, verb: str
    ) -> None:
        text = f"Sweden's roughly 300 troops serving with KFOR {verb}, the ministry said."
        assert ("withdraw", "SWE", "KFOR", "XKX", 300, "approx") in keys(records(extractor, text))

    def test_leave_for_a_destination_is_still_a_deployment(self, extractor: Extractor) -> None:
        text = "The 150 Slovenian soldiers will leave for Kosovo to join KFOR next week."
        assert ("deploy", "SVN", "KFOR", "XKX", 150, "exact") in keys(records(extractor, text))

    @pytest.mark.parametrize(
        "text",
        [
            "Chile provides 350 soldiers to UNFICYP in Cyprus.",
            "Chile, like Peru, contributes some 350 soldiers to UNFICYP in Cyprus.",
            "Chile fields 350 soldiers in UNFICYP in Cyprus.",
        ],
    )
    def test_present_tense_contribution_is_a_presence(
        self, extractor: Extractor, text: str
    ) -> None:
        assert {k[0] for k in keys(records(extractor, text)) if k[1] == "CHL"} == {"presence"}

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("Latvia has already pledged about 40 soldiers to KFOR.", "deploy"),
            ("Latvia has now brought home all of its 40 soldiers from KFOR.", "withdraw"),
            ("About 40 Latvian soldiers are now deployed with KFOR.", "presence"),
        ],
    )
    def test_state_adverb_inside_a_verb_phrase_does_not_decide(
        self, extractor: Extractor, text: str, kind: str
    ) -> None:
        assert {k[0] for k in keys(records(extractor, text)) if k[1] == "LVA"} == {kind}

    def test_apposition_after_the_subject_takes_the_main_verb(self, extractor: Extractor) -> None:
        text = (
            "Mongolia, the largest partner in the mission outside NATO with about 120 troops "
            "in KFOR, says it will withdraw its contingent."
        )
        assert ("withdraw", "MNG", "KFOR", "XKX", 120, "approx") in keys(records(extractor, text))

    @pytest.mark.parametrize(
        "text",
        [
            "Finland, which had thousands of soldiers in KFOR in 2000, has about 20 left there.",
            "Only 20 Finnish soldiers are left in KFOR.",
        ],
    )
    def test_what_is_left_is_a_presence(self, extractor: Extractor, text: str) -> None:
        assert {k[0] for k in keys(records(extractor, text)) if k[1] == "FIN"} == {"presence"}


class TestFiguresWithoutTheirNoun:
    """Classes 3 and 6: the personnel noun said once, the figure standing for it later."""

    @pytest.mark.parametrize("tail", ["120 more", "another 120", "some 120 in June"])
    def test_second_figure_after_a_verb_of_sending(self, extractor: Extractor, tail: str) -> None:
        text = f"Croatia already has 300 soldiers in KFOR and will send {tail}."
        found = keys(records(extractor, text))
        assert ("presence", "HRV", "KFOR", "XKX", 300, "exact") in found
        assert any(k[:2] == ("deploy", "HRV") and k[4] == 120 for k in found)

    def test_gapped_second_country(self, extractor: Extractor) -> None:
        text = "Norway has promised about 50 soldiers to KFOR, and Denmark intends to send some 60."
        found = keys(records(extractor, text))
        assert ("deploy", "NOR", "KFOR", "XKX", 50, "approx") in found
        assert ("deploy", "DNK", "KFOR", "XKX", 60, "approx") in found

    def test_a_number_with_a_noun_of_its_own_is_not_people(self, extractor: Extractor) -> None:
        text = "Romania sent 100 soldiers to KFOR and sent four helicopters as well."
        assert {k[4] for k in keys(records(extractor, text))} == {100}

    def test_part_named_after_the_whole(self, extractor: Extractor) -> None:
        text = (
            "The EFP battlegroup in Estonia numbers some 1,000 soldiers, "
            "of whom about 800 are British."
        )
        found = keys(records(extractor, text))
        assert ("presence", None, "EFP", "EST", 1000, "approx") in found
        assert ("presence", "GBR", "EFP", "EST", 800, "approx") in found

    @pytest.mark.parametrize(
        "text",
        [
            "KFOR's largest contingents come from Italy (about 640) and Hungary (about 400).",
            "The largest contributors to KFOR are Italy (640) and Hungary (400).",
        ],
    )
    def test_parenthesised_list_without_a_personnel_noun(
        self, extractor: Extractor, text: str
    ) -> None:
        found = {(k[1], k[4]) for k in keys(records(extractor, text))}
        assert {("ITA", 640), ("HUN", 400)} <= found

    def test_qualifier_after_the_number(self, extractor: Extractor) -> None:
        text = "Some 130 or so Irish troops serve with UNDOF on the Golan Heights."
        assert ("presence", "IRL", "UNDOF", "SYR", 130, "approx") in keys(records(extractor, text))

    def test_each_after_coordinated_subjects(self, extractor: Extractor) -> None:
        text = "Spain and France field about 670 soldiers each in UNIFIL."
        found = keys(records(extractor, text))
        assert ("presence", "ESP", "UNIFIL", "LBN", 670, "approx") in found
        assert ("presence", "FRA", "UNIFIL", "LBN", 670, "approx") in found


class TestNotARecord:
    """Class 6 and the spec's rules: sizes that are not a contribution's."""

    @pytest.mark.parametrize(
        "text",
        [
            "At its peak, the Russian contingent in KFOR numbered more than 3,000 servicemen.",
            "Military planners envisage a KFOR force of around 2,500 troops in the longer term.",
            "The war cost the lives of about 2,400 American service members in ISAF.",
            "Before the war Ukraine had about 300 personnel in UN operations.",
        ],
    )
    def test_distractors(self, extractor: Extractor, text: str) -> None:
        assert not [k for k in keys(records(extractor, text)) if k[4] is not None]

    def test_no_presence_without_a_size(self, extractor: Extractor) -> None:
        text = "ATMIS currently has about 14,600 personnel from Burundi, Djibouti and Kenya."
        found = keys(records(extractor, text))
        assert ("presence", None, "ATMIS", "SOM", 14600, "approx") in found
        assert not [k for k in found if k[0] == "presence" and k[4] is None]

    def test_a_part_of_a_deployment_is_not_its_size(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Denmark to send troops to Iraq",
            body=(
                "Denmark will send up to 285 military personnel to NATO Mission Iraq. "
                "The contingent will include staff officers and a protection team of about "
                "a hundred soldiers."
            ),
            published=dt.date(2024, 5, 21),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert ("deploy", "DNK", 285) in found
        assert ("presence", "DNK", 100) not in found


class TestNationalDeployments:
    """Class 2 turned round: a story about an operation also reports forces outside it."""

    @pytest.mark.parametrize(
        "sentence",
        [
            "Rwanda, which is not a member of SADC, sent 1,000 soldiers under a bilateral "
            "agreement with Maputo.",
            "Rwanda, which is not a SADC member, deployed 1,000 soldiers to Cabo Delgado.",
            "France has about 1,000 troops there under its own operation Barkhane.",
        ],
    )
    def test_bilateral_or_national_wording_leaves_the_operation_out(
        self, extractor: Extractor, sentence: str
    ) -> None:
        article = make_article(
            id="p",
            title="SAMIM takes shape in Mozambique",
            body=f"Botswana sent 296 soldiers to SAMIM in Mozambique on Monday. {sentence}",
            published=dt.date(2021, 7, 20),
        )
        found = {(r.contributor, r.operation, r.personnel) for r in extractor.records(article)}
        assert ("BWA", "SAMIM", 296) in found
        assert not [f for f in found if f[0] in {"RWA", "FRA"} and f[1] is not None]

    def test_the_operation_named_in_the_sentence_wins(self, extractor: Extractor) -> None:
        text = "Under a bilateral agreement, Portugal sends 180 soldiers to MINUSCA."
        assert ("deploy", "PRT", "MINUSCA", "CAF", 180, "exact") in keys(records(extractor, text))


class TestWhoseMovement:
    """Class 5: a movement word that belongs to someone else, or a state that continues."""

    def test_absolute_with_clause_takes_its_participle(self, extractor: Extractor) -> None:
        text = "Malawi joined SAMIM, with 200 soldiers arriving in Pemba on Monday."
        assert ("deploy", "MWI", "SAMIM", "MOZ", 200, "exact") in keys(records(extractor, text))

    def test_a_force_that_still_deploys_keeps_them(self, extractor: Extractor) -> None:
        text = "MONUSCO still deploys about 11,000 uniformed personnel in North Kivu."
        assert ("presence", None, "MONUSCO", "COD", 11000, "approx") in keys(
            records(extractor, text)
        )

    def test_a_named_movement_after_the_figure_is_not_its_own(self, extractor: Extractor) -> None:
        text = "Its Irish company in UNDOF, about 130 strong, helped cover the withdrawal."
        assert ("presence", "IRL", "UNDOF", "SYR", 130, "approx") in keys(records(extractor, text))

    def test_relative_clause_figure_with_a_noun_in_the_main_clause(
        self, extractor: Extractor
    ) -> None:
        text = "UNMISS, which has around 12,000 troops, is waiting for the arrival of new units."
        assert ("presence", None, "UNMISS", "SSD", 12000, "approx") in keys(
            records(extractor, text)
        )

    def test_their_deployment_is_the_subjects_own(self, extractor: Extractor) -> None:
        text = "One hundred and thirty-six Colombian soldiers began their deployment to the MFO."
        assert {k[0] for k in keys(records(extractor, text)) if k[1] == "COL"} == {"deploy"}

    def test_second_operation_in_its_own_stretch(self, extractor: Extractor) -> None:
        text = "Rwanda has about 2,600 troops with UNMISS and some 1,300 in the CAR with MINUSCA."
        found = keys(records(extractor, text))
        assert ("presence", "RWA", "UNMISS", "SSD", 2600, "approx") in found
        assert ("presence", "RWA", "MINUSCA", "CAF", 1300, "approx") in found


class TestWhichCountryIsTheSender:
    """Class 4: the country nearest the figure is not always the one that sends it."""

    def test_country_in_an_earlier_clause_when_the_force_is_the_subject(
        self, extractor: Extractor
    ) -> None:
        text = (
            "On Thursday, the day Serbian troops massed on the border, KFOR announced it was "
            "deploying 700 troops from its reserve."
        )
        found = keys(records(extractor, text))
        assert ("deploy", None, "KFOR", "XKX", 700, "exact") in found
        assert not [k for k in found if k[1] == "SRB"]

    def test_country_named_for_comparison(self, extractor: Extractor) -> None:
        text = "Chile, like Peru, contributes some 350 soldiers to UNFICYP in Cyprus."
        assert ("presence", "CHL", "UNFICYP", "CYP", 350, "approx") in keys(
            records(extractor, text)
        )


class TestDeniedAndReturningMovements:
    """Class 5: the wording denies a movement, or the movement is the way home."""

    @pytest.mark.parametrize(
        "text",
        [
            "Rome has ruled out withdrawing its soldiers from UNIFIL.",
            "Spain refused to send troops to KFOR.",
            "Austria has no plans to pull its troops out of KFOR.",
        ],
    )
    def test_denied_movement_is_no_record(self, extractor: Extractor, text: str) -> None:
        assert not [k for k in keys(records(extractor, text)) if k[0] != "presence"]

    def test_landing_at_home_ends_the_deployment(self, extractor: Extractor) -> None:
        text = "About 40 Japanese personnel from UNMISS landed in Tokyo aboard a chartered plane."
        assert ("withdraw", "JPN", "UNMISS", "SSD", 40, "approx") in keys(records(extractor, text))

    def test_landing_in_the_host_country_starts_it(self, extractor: Extractor) -> None:
        text = "About 40 Japanese engineers landed in Juba to join UNMISS."
        assert ("deploy", "JPN", "UNMISS", "SSD", 40, "approx") in keys(records(extractor, text))

    def test_taking_over_from_the_same_countrys_unit_is_a_rotation(
        self, extractor: Extractor
    ) -> None:
        article = make_article(
            id="p",
            title="Serbia sends 177 soldiers to UNIFIL",
            body="They will take over from the current Serbian contingent in Sector East.",
            published=dt.date(2024, 5, 21),
        )
        found = {(r.kind, r.contributor) for r in extractor.records(article)}
        assert ("deploy", "SRB") in found
        assert ("withdraw", "SRB") not in found


class TestStartingToLeave:
    """Class 5: a subject that has N now and begins to bring them home."""

    @pytest.mark.parametrize(
        "text",
        [
            "Poland, which has at least 2,600 troops in ISAF, plans to start bringing them home.",
            "The Bundeswehr, with about 2,600 soldiers in ISAF, is to begin reducing its force.",
        ],
    )
    def test_presence_now_and_a_withdrawal_without_size(
        self, extractor: Extractor, text: str
    ) -> None:
        found = {(k[0], k[4]) for k in keys(records(extractor, text)) if k[2] == "ISAF"}
        assert ("presence", 2600) in found
        assert ("withdraw", None) in found


class TestOriginsOfAMovement:
    """Class 3: a movement in one sentence, the countries it comes from in the next."""

    def test_countries_the_reinforcement_comes_from(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="EUFOR calls in its reserve",
            body=(
                "EUFOR will reinforce its presence in Bosnia with around 500 troops. "
                "The reinforcements will come from Austria, Bulgaria and Romania."
            ),
            published=dt.date(2022, 2, 24),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert ("deploy", None, 500) in found
        assert {("deploy", c, None) for c in ("AUT", "BGR", "ROU")} <= found
        assert not [f for f in found if f[0] == "presence"]


class TestListsOfPastContributions:
    """Class 7 with class 5: a verbless list item dated by its start is a past deployment."""

    def test_item_from_a_past_date_is_a_deployment(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Norway ends its KFOR contribution",
            body=(
                "Norway's contribution to KFOR included:\n"
                "– from September 1999, a mechanised battalion of more than 900 soldiers;"
            ),
            published=dt.date(2020, 8, 28),
        )
        found = {(r.kind, r.contributor, r.personnel, r.date) for r in extractor.records(article)}
        assert ("deploy", "NOR", 900, "1999-09") in found

    def test_figures_as_of_a_date_stay_presences(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="MONUSCO troop contributors",
            body="As of 31 December 2013, India had 3,700 troops in MONUSCO.",
            published=dt.date(2014, 2, 1),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert ("presence", "IND", 3700) in found


class TestLevelsAfterAMovement:
    """Class 5: a movement and the level it leaves, in one sentence or one list item."""

    def test_level_after_the_rotation(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Portugal rotates its EUTM-RCA contingent",
            body=(
                "A new Portuguese contingent of 35 military arrived to join EUTM-RCA.\n"
                "• Portuguese contingent after the rotation: 50 military"
            ),
            published=dt.date(2019, 1, 20),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert {("deploy", "PRT", 35), ("presence", "PRT", 50)} <= found

    def test_arrived_and_are_now_there(self, extractor: Extractor) -> None:
        text = "The 160 Portuguese soldiers of MINUSCA arrived in January and are now ready."
        found = keys(records(extractor, text))
        assert ("deploy", "PRT", "MINUSCA", "CAF", 160, "exact") in found
        assert ("presence", "PRT", "MINUSCA", "CAF", 160, "exact") in found


class TestSizeGivenLater:
    """Class 1 with class 6: the movement first, its size in a later sentence about the unit."""

    def test_crew_of_the_ship_sent(self, extractor: Extractor) -> None:
        text = (
            "The Greek frigate Hydra sailed on Monday to join EUNAVFOR Aspides. "
            "The frigate carries a crew of two hundred."
        )
        assert ("deploy", "GRC", "EUNAVFOR-ASPIDES", None, 200, "exact") in keys(
            records(extractor, text)
        )

    def test_unit_described_after_an_aside_about_others(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Romania to send a company to KFOR",
            body=(
                "Bucharest will send one more infantry company to Kosovo. "
                "The soldiers will reinforce the 80 Romanian soldiers already serving in KFOR. "
                "The company, of around a hundred troops, belongs to the strategic reserve."
            ),
            published=dt.date(2023, 10, 3),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert {("deploy", "ROU", 100), ("presence", "ROU", 80)} <= found


class TestStayingAndSettingOut:
    def test_a_contingent_that_stays_is_a_presence(self, extractor: Extractor) -> None:
        text = "Türkiye's regular contingent of some 350 soldiers stays in Kosovo with KFOR."
        assert ("presence", "TUR", "KFOR", "XKX", 350, "approx") in keys(records(extractor, text))

    def test_a_unit_that_could_leave_is_not_a_withdrawal(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Bulgarian company leaves for KFOR reserve",
            body=(
                "More than 100 Bulgarian soldiers set off for Kosovo on Tuesday to join KFOR. "
                "The order came on Friday, yet the unit was ready and could leave four days later."
            ),
            published=dt.date(2024, 5, 21),
        )
        assert "withdraw" not in {r.kind for r in extractor.records(article)}


class TestTheStorysPlace:
    """Class 2: the operation implied by the place the story is about, not one named aside."""

    def test_place_outweighs_an_operation_named_in_passing(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Spain completes its withdrawal from Iraq",
            body=(
                "The last of the 1,300 Spanish soldiers in Iraq crossed into Kuwait on Friday. "
                "The Honduran battalion of 368 soldiers completed its departure last week. "
                "Spain keeps 125 soldiers in Afghanistan with ISAF."
            ),
            published=dt.date(2004, 5, 21),
        )
        found = {(r.contributor, r.operation) for r in extractor.records(article)}
        assert ("HND", "MNF-I") in found
        assert ("ESP", "ISAF") in found


class TestChronologiesAndParts:
    def test_a_chronology_line_is_a_past_deployment(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Mongolia's peacekeepers: a chronology",
            body="2009 – Mongolia sends a contingent of 275 to MINURCAT in Chad.",
            published=dt.date(2015, 5, 29),
        )
        found = {(r.kind, r.contributor, r.personnel, r.date) for r in extractor.records(article)}
        assert ("deploy", "MNG", 275, "2009") in found

    def test_part_of_them_by_demonym(self, extractor: Extractor) -> None:
        text = "The INTERFET force now numbers about 7,000 troops, some 4,500 of them Australians."
        found = keys(records(extractor, text))
        assert ("presence", None, "INTERFET", "TLS", 7000, "approx") in found
        assert ("presence", "AUS", "INTERFET", "TLS", 4500, "approx") in found

    def test_a_deployment_in_the_main_clause_sends_others(self, extractor: Extractor) -> None:
        text = (
            "South Africa, which already has about 1,300 soldiers with MONUSCO, "
            "will provide a third battalion."
        )
        assert ("presence", "ZAF", "MONUSCO", "COD", 1300, "approx") in keys(
            records(extractor, text)
        )

    def test_translated_personnel_nouns(self, extractor: Extractor) -> None:
        text = "Uruguay deployed a contingent of 247 effectives to MINUSTAH in Haiti."
        assert ("deploy", "URY", "MINUSTAH", "HTI", 247, "exact") in keys(records(extractor, text))


class TestChronologyDetails:
    def test_a_month_in_a_chronology_line_takes_the_lines_year(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Mongolia's peacekeepers: a chronology",
            body="2010 – The Mongolian contingent of MINURCAT returns home in December.",
            published=dt.date(2022, 5, 29),
        )
        assert {r.date for r in extractor.records(article)} == {"2010-12"}

    def test_the_place_in_the_figures_clause_picks_the_force(self, extractor: Extractor) -> None:
        text = (
            "Some 870 Mongolian peacekeepers serve in South Sudan; "
            "four military observers serve with MINURSO in Western Sahara."
        )
        found = {(k[1], k[2], k[4]) for k in keys(records(extractor, text))}
        assert ("MNG", "UNMISS", 870) in found

    def test_historical_total_after_a_list_of_nouns(self, extractor: Extractor) -> None:
        text = "More than 20,000 Mongolian soldiers, officers and police have served in UNMISS."
        assert not [k for k in keys(records(extractor, text)) if k[4] is not None]


class TestTablesOfFormations:
    """Class 3: rows of a table in prose, each a host, its framework nation and the sizes."""

    def test_row_with_framework_nation_and_its_share(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="NATO's eight EFP battlegroups",
            body=(
                "Estonia – led by the United Kingdom: about 1,300 troops, of whom about 900 "
                "British.\nLatvia – led by Canada: about 1,700, of whom about 800 Canadian."
            ),
            published=dt.date(2024, 7, 1),
        )
        found = {(r.contributor, r.host, r.personnel) for r in extractor.records(article)}
        assert {(None, "EST", 1300), ("GBR", "EST", 900)} <= found
        assert {(None, "LVA", 1700), ("CAN", "LVA", 800)} <= found


def test_adjectives_between_number_and_personnel_noun(extractor: Extractor) -> None:
    text = "Norway will send 10 naval officers and 4 medical staff officers to KFOR."
    assert ("deploy", "NOR", "KFOR", "XKX", 14, "exact") in keys(records(extractor, text))


class TestDeparturesAndHostForces:
    def test_with_n_after_an_arrival(self, extractor: Extractor) -> None:
        text = "Four RAF Typhoons arrived for KFOR in Kosovo on Monday, with about 70 personnel."
        assert ("deploy", "GBR", "KFOR", "XKX", 70, "approx") in keys(records(extractor, text))

    def test_leaving_an_airport_for_the_mission(self, extractor: Extractor) -> None:
        text = (
            "Twenty-four Jamaican soldiers left the Norman Manley International Airport on "
            "Thursday for Port-au-Prince to join the MSS."
        )
        assert {k[0] for k in keys(records(extractor, text)) if k[1] == "JAM"} == {"deploy"}

    def test_the_host_countrys_own_army_is_no_record(self, extractor: Extractor) -> None:
        text = "The Lebanese army will deploy 10,000 soldiers south of the Litani beside UNIFIL."
        assert not keys(records(extractor, text))


def test_a_dateline_does_not_make_a_host_of_the_sender(extractor: Extractor) -> None:
    text = (
        "N'DJAMENA, Aug 22 (AFP) - Chad has withdrawn 600 of its soldiers from the "
        "G5 Sahel joint force's deployment in the three borders zone."
    )
    assert {(k[0], k[1], k[4]) for k in keys(records(extractor, text))} == {
        ("withdraw", "TCD", 600)
    }


class TestBreakdownsByRank:
    """Class 6: a contingent given only by its ranks, or a total followed by them."""

    def test_ranks_add_up_to_the_contingent(self, extractor: Extractor) -> None:
        text = "The Sri Lankan unit, comprising 20 officers and 223 other ranks, left for MINUSMA."
        assert ("deploy", "LKA", "MINUSMA", "MLI", 243, "exact") in keys(records(extractor, text))

    @pytest.mark.parametrize(
        "text",
        [
            "Now 136 Colombian soldiers — 10 officers, 20 NCOs and 106 privates — left for MFO.",
            "Colombia will deploy 136 soldiers, ten officers and 126 other ranks, to the MFO.",
        ],
    )
    def test_ranks_after_a_total_add_nothing(self, extractor: Extractor, text: str) -> None:
        assert {k[4] for k in keys(records(extractor, text))} == {136}


def test_people_named_by_their_nationality(extractor: Extractor) -> None:
    text = "UNIFIL has 10,000 troops, including 1,000 Italians."
    assert ("presence", "ITA", "UNIFIL", "LBN", 1000, "exact") in keys(records(extractor, text))


class TestPledges:
    def test_pledged_soldiers_without_a_number(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="ECOMIG troops enter The Gambia",
            body="Senegal sent 4,000 soldiers to ECOMIG. Mali and Togo have also pledged soldiers.",
            published=dt.date(2017, 1, 20),
        )
        found = {(r.kind, r.contributor) for r in extractor.records(article)}
        assert {("deploy", "MLI"), ("deploy", "TGO")} <= found

    @pytest.mark.parametrize(
        "text",
        [
            "Germany pledged 50 million euros to UNIFIL.",
            "Italy and the United States provide the largest contingents to KFOR.",
        ],
    )
    def test_money_and_standing_contributions_are_no_pledge(
        self, extractor: Extractor, text: str
    ) -> None:
        assert not [k for k in keys(records(extractor, text)) if k[0] == "deploy"]


def test_the_hosts_forces_named_in_the_figure(extractor: Extractor) -> None:
    assert not keys(records(extractor, "About 350 Kosovo troops serve alongside KFOR."))


def test_ships_assigned_without_a_crew_size(extractor: Extractor) -> None:
    text = "France, Greece and Britain have assigned the first warships to Atalanta."
    found = {(k[0], k[1], k[2]) for k in keys(records(extractor, text))}
    assert {("deploy", c, "EUNAVFOR-ATALANTA") for c in ("FRA", "GRC", "GBR")} <= found


def test_the_operation_running_at_publication_is_the_storys(extractor: Extractor) -> None:
    article = make_article(
        id="p",
        title="Bundestag approves German part in Irini",
        body=(
            "Irini replaces Operation Sophia, and Sophia's ships have been withdrawn. "
            "Sophia had rescued many migrants. Greece, France and Italy have assigned ships."
        ),
        published=dt.date(2020, 5, 8),
    )
    found = {(r.contributor, r.operation) for r in extractor.records(article)}
    assert ("GRC", "EUNAVFOR-IRINI") in found


def test_one_figure_for_several_contingents(extractor: Extractor) -> None:
    text = (
        "KFOR is shrinking. Around 2,000 of its soldiers, including most of the French, "
        "Austrian and Swedish contingents, are returning home over the coming weeks."
    )
    found = {(k[0], k[1], k[4]) for k in keys(records(extractor, text))}
    assert ("withdraw", None, 2000) in found
    assert {("withdraw", c, None) for c in ("FRA", "AUT", "SWE")} <= found


class TestLevelsAfterACut:
    def test_the_level_reached_after_a_cut_is_the_presence(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Denmark trims its KFOR contingent",
            body=(
                "In February the Danish KFOR contribution went from about 515 to about 475 "
                "soldiers. In August the Danish contribution was cut by about 100 more, "
                "to about 375."
            ),
            published=dt.date(2003, 9, 1),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert ("presence", "DNK", 375) in found
        assert ("withdraw", "DNK", 100) in found

    def test_a_level_said_to_be_the_present_one_wins(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Germany to send a company to KFOR",
            body=(
                "The company will number around 90 soldiers, plus about 65 in support. "
                "In total some 155 Bundeswehr soldiers will deploy to Kosovo. "
                "At present 71 Bundeswehr soldiers serve in Kosovo with KFOR."
            ),
            published=dt.date(2023, 10, 1),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert {("deploy", "DEU", 155), ("presence", "DEU", 71)} <= found


def test_a_brigade_stationed_for_good_is_national(extractor: Extractor) -> None:
    article = make_article(
        id="p",
        title="NATO's eastern flank",
        body=(
            "Canada leads the EFP battlegroup in Latvia, which numbers 1,700 troops. "
            "Germany said it would permanently station a brigade of 4,000 troops in Lithuania. "
            "At present about 500 soldiers of the brigade are serving in Lithuania."
        ),
        published=dt.date(2024, 5, 21),
    )
    found = {(r.kind, r.contributor, r.operation, r.personnel) for r in extractor.records(article)}
    assert ("deploy", "DEU", None, 4000) in found
    assert ("presence", "DEU", None, 500) in found


def test_the_start_of_a_participation_that_ends(extractor: Extractor) -> None:
    text = (
        "The last seven Bundeswehr soldiers serving with EUTM Mali landed in Berlin on "
        "Wednesday, ending a German participation in EUTM Mali that began on 28 February 2013."
    )
    article = make_article(id="p", title=text, body="", published=dt.date(2024, 5, 21))
    found = {(r.kind, r.contributor, r.personnel, r.date) for r in extractor.records(article)}
    assert ("deploy", "DEU", None, "2013-02-28") in found
    assert any(f[:3] == ("withdraw", "DEU", 7) for f in found)


def test_generic_statements_and_un_wide_totals(extractor: Extractor) -> None:
    assert not keys(records(extractor, "A brigade can range from roughly 3,000 to 5,000 soldiers."))
    text = "China currently has 2,639 peacekeepers in United Nations missions, UNMISS included."
    assert not [k for k in keys(records(extractor, text)) if k[4] is not None]


class TestHandoversSized:
    def test_departing_units_and_the_arriving_contingents_size(self, extractor: Extractor) -> None:
        article = make_article(
            id="p",
            title="Italy takes over Baltic Air Policing",
            body=(
                "After four months on duty, the Spanish and Portuguese Allies handed over the "
                "Baltic Air Policing mission to the Italian Air Force. Together the two departing "
                "detachments numbered about 300 military personnel. The Italian contingent counts "
                "approximately 200 troops."
            ),
            published=dt.date(2024, 8, 1),
        )
        found = {(r.kind, r.contributor, r.personnel) for r in extractor.records(article)}
        assert {("withdraw", None, 300), ("deploy", "ITA", 200)} <= found
        assert {("withdraw", "ESP", None), ("withdraw", "PRT", None)} <= found
        assert ("presence", "ITA", 200) not in found


def test_a_region_names_its_operation(extractor: Extractor) -> None:
    article = make_article(
        id="p",
        title="Filipino peacekeepers come home",
        body="The Philippines brought 244 peacekeepers home from the Golan Heights on Friday.",
        published=dt.date(2014, 9, 19),
    )
    found = {(r.kind, r.contributor, r.operation, r.personnel) for r in extractor.records(article)}
    assert ("withdraw", "PHL", "UNDOF", 244) in found


class TestWholeOperationMovements:
    def test_a_mission_withdrawing_its_troops(self, extractor: Extractor) -> None:
        text = (
            "The UN mission in the Democratic Republic of the Congo, known by its French "
            "acronym MONUSCO, began withdrawing its troops from South Kivu on Wednesday."
        )
        assert ("withdraw", None, "MONUSCO", "COD", None, None) in keys(records(extractor, text))

    def test_part_of_a_historical_total(self, extractor: Extractor) -> None:
        text = (
            "Since 1999 around 900 Lithuanian soldiers have served in KFOR, "
            "some 600 of them with POLUKRBAT."
        )
        assert not [k for k in keys(records(extractor, text)) if k[4] is not None]
