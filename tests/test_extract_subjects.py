"""Whose figure and which year: a figure is scoped to what its sentence is about, and dated by its own words.

Every sentence here is written for the test; none is taken from an article.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kg.extract import Document, Lexicon, extract

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_data(ROOT / "data")


def _draft(lexicon: Lexicon, text: str, date: datetime.date | None = datetime.date(2024, 5, 6)):
    return extract(Document(name="subjects.txt", text=text, date=date), lexicon)


def _area(draft, stated_as: str) -> str:
    found = [o for o in draft.observations if o.stated_as == stated_as]
    assert found, f"no observation {stated_as!r} in {[o.stated_as for o in draft.observations]}"
    label = {e.id: e.label for e in draft.entities}
    return label[found[0].area]


def _named(draft) -> dict[str, str]:
    """Each figure's words -> the label of its indicator."""
    label = {e.id: e.label for e in draft.entities}
    return {o.stated_as: label[o.indicator] for o in draft.observations}


def _period(draft, stated_as: str) -> int:
    return next(o.period for o in draft.observations if o.stated_as == stated_as)


def test_a_company_that_is_the_subject_owns_its_figures(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. posted a net profit of 120 million yuan in Lyon, France, in 2023.")
    assert _area(draft, "120 million yuan") == "Zarnow Lithium Co., Ltd."


def test_a_place_named_in_a_prepositional_phrase_is_not_the_subject(lexicon):
    draft = _draft(lexicon, "In Lyon, France, Zarnow Lithium Co., Ltd. hired 450 engineers in 2023.")
    assert _area(draft, "450") == "Zarnow Lithium Co., Ltd."


def test_a_possessive_right_before_the_figure_owns_it(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. opened an office in Lyon, France, in 2023. "
        "France's battery output reached 40 GWh in 2023."
    ))
    assert _area(draft, "40 GWh") == "France"


def test_it_refers_back_to_the_company(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. is based in Lyon, France. "
        "It sold 12,000 tonnes of lithium carbonate in 2023."
    ))
    assert _area(draft, "12,000 tonnes") == "Zarnow Lithium Co., Ltd."


def _status(draft, stated_as: str) -> str | None:
    return next(o.status for o in draft.observations if o.stated_as == stated_as)


def test_a_past_figure_keeps_its_year_and_a_target_is_its_own_observation(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. produced 40 GWh of cells last year and expects to exceed "
                            "100 GWh by 2027.")
    assert (_period(draft, "40 GWh"), _status(draft, "40 GWh")) == (2023, None)
    assert (_period(draft, "exceed 100 GWh"), _status(draft, "exceed 100 GWh")) == (2027, "target")
    indicators = {o.stated_as: o.indicator for o in draft.observations}
    assert indicators["40 GWh"] == indicators["exceed 100 GWh"]  # the target of the same indicator


def test_a_planned_figure_in_a_later_year_is_a_target_and_a_sold_one_is_not(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. sold 9,000 tonnes of hydroxide last year, and aims to sell "
                            "20,000 tonnes in 2026.")
    assert (_period(draft, "9,000 tonnes"), _status(draft, "9,000 tonnes")) == (2023, None)
    assert (_period(draft, "20,000 tonnes"), _status(draft, "20,000 tonnes")) == (2026, "target")


def test_for_consecutive_years_is_an_interval(lexicon):
    draft = _draft(lexicon, "Lyon's battery output reached 40 GWh this year, topping France for four consecutive years.")
    found = next(o for o in draft.observations if o.stated_as == "40 GWh")
    assert (found.period, found.since) == (2024, "2021-01")


def test_an_amount_or_capacity_before_a_noun_names_it(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. will build a $700 million acid leaching plant and a 10GW "
                            "module facility in Lyon, France.")
    named = _named(draft)
    assert named == {"$700 million": "Investment in the acid leaching plant", "10GW": "Capacity of the module facility"}


def test_a_bare_dollar_is_the_dollar_of_the_country_the_text_is_about(lexicon):
    canadian = _draft(lexicon, "Windsor, Ontario, will host the mill. Zarnow Lithium Co., Ltd. will invest $1.5 billion "
                               "in Windsor, Ontario, Canada.")
    assert {o.stated_as: o.unit for o in canadian.observations} == {"$1.5 billion": "kgo:CAD"}
    american = _draft(lexicon, "Zarnow Lithium Co., Ltd. will invest $1.5 billion and US$ 20 million in Austin, Texas.")
    assert {o.stated_as: o.unit for o in american.observations}["$1.5 billion"] == "kgo:USD"


def test_figures_and_years_respectively(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. is based in Lyon, France. It produced 13,602t and 8,466t in "
                            "2020 and the first half of 2021 respectively.", datetime.date(2021, 9, 6))
    assert (_period(draft, "13,602t"), _period(draft, "8,466t")) == (2020, 2021)
    indicators = {o.stated_as: o.indicator for o in draft.observations}
    assert indicators["13,602t"] == indicators["8,466t"]


def test_a_figure_before_a_plant_is_the_plants(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. will build a 12GW cell factory in Lyon, France.")
    factory = [e for e in draft.entities if e.cls == "kgo:Plant"]
    assert factory, [e.label for e in draft.entities]
    assert _area(draft, "12GW") == factory[0].label


def test_a_headline_in_lower_case_gives_no_figures(lexicon):
    draft = _draft(lexicon, "Zarnow to put $2 billion into a cell factory in Lyon\n\n"
                            "Zarnow Lithium Co., Ltd. will invest $1.9 billion in Lyon, France, over two years.")
    assert [o.stated_as for o in draft.observations] == ["$1.9 billion"]


def test_a_founding_year_or_a_deadline_is_not_carried_to_the_next_sentence(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. began operations in Lyon, France, in 1925. "
                            "Zarnow Lithium Co., Ltd. will invest $1.9 billion in Lyon, France.")
    assert _period(draft, "$1.9 billion") == 2024
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. says capacity of 7,400 MW is expected by October 2025 and "
                            "15,400 MW by April 2026. Zarnow Lithium Co., Ltd. will invest $1.9 billion in Lyon, France.")
    assert (_period(draft, "15,400 MW"), _status(draft, "15,400 MW")) == (2026, "target")
    assert _period(draft, "$1.9 billion") == 2024


def test_a_deadline_after_a_comma_is_another_figures(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. will make 16 GWh in its first phase in Lyon, France, "
                            "before doubling to 32 GWh by 2027.")
    assert (_period(draft, "16 GWh"), _period(draft, "32 GWh")) == (2024, 2027)


def test_a_rise_in_something_to_a_record_level(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. reported a 310% rise in net profit to a record 2.4 billion yuan "
                            "in 2023.")
    named = _named(draft)
    assert named == {"310%": "Growth of net profit", "2.4 billion yuan": "Net profit"}


def test_it_refers_back_to_the_plant_named_last(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. will build a new battery plant in Lyon, France. "
        "It is set to reach a production capacity of 24 GWh a year by 2027."
    ))
    assert _area(draft, "24 GWh") == next(e.label for e in draft.entities if e.cls == "kgo:Plant")


def test_a_capacity_without_a_subject_is_the_plant_in_focus(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. opened its new cathode plant in Lyon, France, in 2023. "
        "In the first phase, annual output will reach 30,000 tonnes, said the mayor of Lyon."
    ))
    assert _area(draft, "30,000 tonnes") == next(e.label for e in draft.entities if e.cls == "kgo:Plant")


def test_a_country_that_is_the_subject_owns_its_figures(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. is based in Lyon, France. "
        "France could add 34,000 jobs to its economy by 2030, the ministry said."
    ))
    assert _area(draft, "34,000") == "France"


def test_the_city_of_a_dateline_is_where_the_story_was_filed_not_whose_figures(lexicon):
    draft = _draft(lexicon, (
        "Kenya allots solar capacity\n\n"
        "NAIROBI, May 2 (Wirepost) - The government of Kenya has allocated 4,000 MW of solar module capacity "
        "to 11 companies, the energy ministry said.\n\n"
        "The allocation follows a first round in 2022."
    ))
    assert _area(draft, "4,000 MW") == "Kenya"


def test_an_amount_before_its_conversion_and_a_noun_names_the_noun(lexicon):
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. approved a RMB2.6 billion ($360 million) outlay in Lyon in 2023.")
    assert [(o.stated_as, o.unit) for o in draft.observations] == [("RMB2.6 billion", "kgo:CNY")]  # not the conversion


def test_a_capacity_names_what_it_is_a_capacity_of(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. has laid plans for 18 GW of new annual wafer capacity in 2023, "
        "and Bluewave Solar Co., Ltd. won 7,200 MW capacity in 2023."
    ))
    names = {o.stated_as: next(e.label for e in draft.entities if e.id == o.indicator) for o in draft.observations}
    assert names["18 GW"] == "New annual wafer capacity"
    assert "7,200 MW" in names


def test_both_ends_of_a_range_and_counts_in_words_are_figures(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. supplies between 6 percent and 9 percent of global lithium output in 2023. "
        "Its output will also rise from 40,000 to 90,000 by 2026. "
        "The group has posted six straight quarterly losses, and 14 Member States back the construction of "
        "three cathode plants in 2023."
    ))
    stated = {o.stated_as: o.unit for o in draft.observations}
    assert stated["6 percent"] == stated["9 percent"] == "kgo:Percent"
    assert stated["40,000"] == stated["90,000"] == "kgo:Count"
    assert stated["six"] == stated["14"] == stated["three"] == "kgo:Count"


def test_amounts_shares_and_areas_name_what_they_stand_before_or_are_of(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. booked a 310 million yuan profit in 2023. "
        "It agreed to buy a 27pc stake in Bluewave Minerals in 2023. "
        "It runs its $650 million Riverton Cathode Plant and bought 58 hectares (143 acres) of land in 2023. "
        "The ministry is awarding $1.9 billion in grants in 2023, and miners dig nearly 70 per cent of the ore."
    ))
    names = {o.stated_as: next(e.label for e in draft.entities if e.id == o.indicator) for o in draft.observations}
    assert names["310 million yuan"] == "Profit"
    assert names["27pc"] == "Stake"
    assert names["$650 million"] == "Investment in the Riverton Cathode Plant"
    assert names["58 hectares"] == "Area of land"
    assert names["$1.9 billion"] == "Grants"
    assert names["nearly 70 per cent"] == "Share of ore"


def test_each_clause_and_each_part_of_a_list_has_its_own_subject(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. and Bluewave Solar Co., Ltd. expanded in 2023. "
        "Under the first scheme, Zarnow Lithium Co., Ltd. won 4,000 MW of module capacity while Bluewave Solar Co., "
        "Ltd. won 2,600 MW of cell capacity. "
        "Bluewave Solar Co., Ltd. is based in Lyon, France. "
        "According to filings, the manufacturer has laid plans for 47 GW of new wafer capacity. "
        "The plans comprise 6 GW each of cell and module output in Lyon; and 3 GW of cell capacity in Marseille."
    ))
    assert _area(draft, "4,000 MW") == "Zarnow Lithium Co., Ltd."
    assert _area(draft, "2,600 MW") == "Bluewave Solar Co., Ltd."
    assert _area(draft, "47 GW") == "Bluewave Solar Co., Ltd."  # "the manufacturer": the company in focus
    assert _area(draft, "6 GW") == "Lyon" and _area(draft, "3 GW") == "Marseille"


def test_a_project_described_with_its_figure_owns_it(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. and Lyon agreed in 2023 on a cathode precursor project with an annual output "
        "of 30,000 tonnes, and a new recycling project, also with an annual output of 8,000 tonnes."
    ))
    assert _area(draft, "30,000 tonnes") == "Cathode precursor project"
    assert _area(draft, "8,000 tonnes") == "Recycling project"
    assert next(e.cls for e in draft.entities if e.label == "Recycling project") == "kgo:Project"


def test_a_facility_named_after_its_figure_owns_it(lexicon):
    draft = _draft(lexicon, (
        "Bluewave Energy said on Monday it will build the 1.2GW Riverton Bay offshore wind farm in the North Sea. "
        "The farm will use 60 units of 14MW turbines from Acme Wind and 12 of Acme 15MW turbines, enough for "
        "more than 900,000 UK households."
    ))
    assert _area(draft, "1.2GW") == "Riverton Bay offshore wind farm"
    assert next(e.cls for e in draft.entities if e.label == "Riverton Bay offshore wind farm") == "kgo:Plant"
    named = _named(draft)
    assert named["60"] == "Turbines"  # "60 units of 14MW turbines": a count of turbines
    assert "15MW" in named  # a capacity after a name ("Acme 15MW turbines") is a figure, not part of the name
    assert "more than 900,000" in named and "households" in named["more than 900,000"].lower()


def test_a_company_named_before_its_plant_keeps_the_plant_to_the_plant_rules(lexicon):
    # "the $2 billion Zarnow battery plant" is the company's plant (kg.extract.ventures), not a facility named Zarnow
    draft = _draft(lexicon, "Zarnow Lithium Co., Ltd. opened the $2 billion Zarnow battery plant in Lyon in 2023.")
    assert not [e for e in draft.entities if e.label.startswith("Zarnow battery plant")]


def test_a_stake_is_in_what_is_held_and_owners_listed_respectively(lexicon):
    draft = _draft(lexicon, (
        "Acme Holdings Ltd. holds more than 51% of the shares in Bluewave Power Ltd. "
        "Zarnow Lithium Co., Ltd., Acme Holdings Ltd. and Bluewave Power Ltd. will hold stakes of 60%, 30% and 10% "
        "in the venture, respectively."
    ))
    assert _area(draft, "more than 51%").startswith("Bluewave Power")
    assert [_area(draft, s).split()[0] for s in ("60%", "30%", "10%")] == ["Zarnow", "Acme", "Bluewave"]


def test_pairs_distances_stakes_and_durations_are_named(lexicon):
    draft = _draft(lexicon, (
        "Bluewave Power Ltd. will provide a 25MW/50MWh battery at a site about 40 kilometres north of Riverton. "
        "Acme Holdings Ltd. has a 20 per cent shareholding in the Riverton mine and its 100%-owned Lyon project. "
        "Zarnow Lithium Co., Ltd. signed a 15-year agreement to run the mine for 25 years."
    ))
    named = _named(draft)
    assert named["25MW"] == named["50MWh"] == "Capacity of the battery"
    assert named["about 40 kilometres"] == "Distance from Riverton"
    assert named["20 per cent"] == "Shareholding" and named["100%"] == "Ownership stake"
    assert named["15-year"] == "Length of the agreement"
    assert named["25 years"].startswith("Duration")


def test_a_companys_figures_without_a_subject_and_a_plant_by_its_site(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Lithium Co., Ltd. reported results in Lyon on Friday. "
        "That marked its best result since a 511 million yuan profit in 2018. "
        "Third-quarter revenue rose 17.8% to 1.52 billion yuan, Zarnow said.\n\n"
        "Acme Holdings Ltd. will build the Acme Riverton hydrogen plant in Riverton, France. "
        "The Riverton site is expected to produce 85 tonnes of hydrogen per day."
    ))
    assert _area(draft, "511 million yuan").startswith("Zarnow")
    assert _area(draft, "1.52 billion yuan").startswith("Zarnow")
    assert "plant" in _area(draft, "85 tonnes")


def test_a_second_figure_takes_the_verb_or_the_holder_of_the_first(lexicon):
    draft = _draft(lexicon, (
        "Acme Holdings Ltd. will build the new $3 billion, three million ton-per-year mill in Riverton. "
        "The Riverton mill is expected to produce 85 tonnes of steel per day and up to 700 kilotonnes of slag annually."
    ))
    named = _named(draft)
    assert "mill" in named["three million ton-per-year"].lower()
    assert named["up to 700 kilotonnes"].lower().startswith("production")


def test_a_company_or_place_before_a_facility_noun_stands_for_its_plant(lexicon):
    draft = _draft(lexicon, (
        "Acme Holdings Ltd. will build the Acme Riverton hydrogen plant in Riverton, France. "
        "It also said that financing for the Acme hydrogen plant is estimated at 4.7 billion euros."
    ))
    assert "plant" in _area(draft, "4.7 billion euros")


def test_a_present_fact_is_of_the_time_of_writing_not_of_a_past_year_named_before(lexicon):
    draft = _draft(lexicon, (
        "In 2021, Acme Holdings Ltd. and Bluewave Power Ltd. formed a venture in Lyon.\n"
        "Bluewave Power Ltd. posted a profit of 12 million euros in Lyon. "
        "Acme Holdings Ltd. holds more than 51% of the shares in Bluewave Power Ltd. in Lyon."
    ), date=datetime.date(2023, 8, 11))
    assert _period(draft, "more than 51%") == 2023
    assert _period(draft, "12 million euros") == 2021  # a past verb keeps the year the paragraph spoke of


def test_changes_by_pairs_without_a_noun_quoted_counts_and_verbs_as_qualifiers(lexicon):
    draft = _draft(lexicon, (
        "Acme Holdings Ltd. will also increase copper production by about 25 per cent in Riverton. "
        "Bluewave Power Ltd. will provide a 30MW/30MWh in Lyon. "
        "The agency announced $311 million in awards to 36 “community” projects in Lyon. "
        "The overall investment in the Acme Riverton plant will exceed US$20 billion."
    ))
    named = _named(draft)
    assert named["about 25 per cent"] == "Growth of copper production"
    assert (named["30MW"], named["30MWh"]) == ("Power capacity", "Storage capacity")
    assert "projects" in named["36"].lower()
    assert "investment" in named["exceed US$20 billion"].lower()


def test_a_figure_said_twice_of_the_same_subject_is_one_figure(lexicon):
    draft = _draft(lexicon, (
        "Acme Holdings Ltd. plans to build three hydrogen plants with combined electrolyser capacity of 2.2GW in "
        "France. Acme Holdings Ltd. said on Monday it will develop three hydrogen plants with combined electrolyser "
        "capacity of 2.2GW in France. Bluewave Power Ltd. posted a net profit of 2.2 billion euros in 2023, and Zarnow Lithium Co., "
        "Ltd. posted a net profit of 2.2 billion euros in 2023."
    ))
    stated = [o.stated_as for o in draft.observations]
    assert stated.count("2.2GW") == 1 and stated.count("three") == 1
    assert stated.count("2.2 billion euros") == 2  # the same amount of two companies is two figures


def test_a_quotation_repeating_a_figure_is_not_a_second_figure(lexicon):
    draft = _draft(lexicon, (
        "Acme Holdings Ltd. will invest $250 million in a module plant in Riverton, creating 1,500 jobs. "
        "“Acme's $250 million plant will create 1,500 new jobs for Riverton,” the governor said."
    ))
    stated = [o.stated_as for o in draft.observations]
    assert stated.count("$250 million") == 1 and stated.count("1,500") == 1


def test_a_facility_described_by_its_figure_is_a_node_and_has_the_figure(lexicon):
    draft = _draft(lexicon, (
        "Bluewave Metals picks Osterville\n\n"
        "Bluewave Metals said on Monday that it will build a $700 million acid leaching (AL) plant in Osterville.\n\n"
        "Zarnow Power’s new 360,000-tonne aluminium project will start in 2026.\n\n"
        "Acme Steel plans a new $3 billion, three million ton-per-year mill in Riverton. The mill will employ 900 "
        "people, and its 50-hectare yard will hold 40,000 tonnes of scrap."))
    plants = {e.label for e in draft.entities if e.cls in ("kgo:Plant", "kgo:Project")}
    assert {_area(draft, "$700 million"), _area(draft, "360,000-tonne")} <= plants
    assert "Osterville" in _area(draft, "$700 million") and "Zarnow Power" in _area(draft, "360,000-tonne")
    mill = _area(draft, "$3 billion")
    assert mill in plants and "Riverton" in mill
    assert _area(draft, "three million ton-per-year") == _area(draft, "900") == mill  # "The mill": the one before


def test_a_facility_of_no_one_and_no_kind_is_not_made_up(lexicon):
    draft = _draft(lexicon, "Riverton expects growth\n\nOfficials in Riverton said a $5 billion plant was planned there.")
    assert not [e for e in draft.entities if e.rule == "a facility described by a figure"]


PERIODS = [
    # (sentence, figure, year in a story of 14 August 2024, year in a story of 20 January 2024)
    ("Acme Motors' revenue rose 12% to $3 billion last year.", "$3 billion", 2023, 2023),
    ("In the first half, Acme Motors sold 40,000 vehicles.", "40,000", 2024, 2023),
    ("Acme Motors' net loss narrowed to $40 million in the quarter ended June 30.", "$40 million", 2024, 2023),
    ("Sales in January-March rose 8% to 22,000 units.", "22,000", 2024, 2023),
    ("Acme Motors sold 3,000 cars in December.", "3,000", 2023, 2023),
    ("Last month, Acme Motors shipped 9,000 cars.", "9,000", 2024, 2023),
    ("Acme Motors expects to deliver 25,000 cars in the fourth quarter.", "25,000", 2024, 2024),
    ("Acme Motors reported FY23 revenue of $2.2 billion.", "$2.2 billion", 2023, 2023),
    ("In fiscal 2022, Acme Motors earned $600 million.", "$600 million", 2022, 2022),
    ("In the fourth quarter of 2021, Acme Motors sold 15,000 cars.", "15,000", 2021, 2021),
    ("The Riverton plant, which opened in 2019, employs 1,400 people.", "1,400", 2024, 2024),
]


@pytest.mark.parametrize("date", [datetime.date(2024, 8, 14), datetime.date(2024, 1, 20)])
def test_periods_named_without_a_year_count_from_the_articles_date_not_from_earlier_paragraphs(lexicon, date):
    """Each sentence a paragraph of its own: no year is carried from one paragraph to the next but the one a
    paragraph states, and "the first half", "December", "last month", "FY23" are read against the story's date."""
    draft = _draft(lexicon, "Acme Motors results\n\n" + "\n\n".join(s for s, *_ in PERIODS) + "\n", date)
    for sentence, figure, august, january in PERIODS:
        assert _period(draft, figure) == (august if date.month == 8 else january), sentence


def test_it_is_what_the_sentence_before_was_about(lexicon):
    draft = _draft(lexicon, (
        "Riverton bets on storage\n\n"
        "Acme Lithium opened a 20,000 t/yr carbonate plant in Riverton in 2023. The plant also has a 5,000 t/yr "
        "hydroxide unit.\n\n"
        "The firm extracts lithium from brine. It produced 13,602 tonnes of carbonate in 2023.\n\n"
        "Riverton's installed solar capacity has reached 8.4 million kW. Its battery storage installations total "
        "1.27 million kW."))
    assert _area(draft, "13,602 tonnes") == "Acme Lithium"  # "The firm ... It": the company, not its plant
    assert _area(draft, "1.27 million kW") == "Riverton"  # "Riverton's ... Its": the city


def test_a_company_a_place_describes_is_the_sentences_subject(lexicon):
    draft = _draft(lexicon, (
        "Riverton producer ramps up\n\n"
        "Riverton's key lithium producer Acme Lithium is on track to reach full capacity at its new carbonate plant.\n\n"
        "The plant will raise the firm's total carbonate capacity to 30,000 t/yr."))
    assert _area(draft, "30,000 t/yr") == "Acme Lithium"  # "the firm's": the company the first sentence is about


def test_each_place_of_a_ranking_has_its_own_figure(lexicon):
    draft = _draft(lexicon, (
        "Module makers win capacity\n\n"
        "In the auction, Acme Solar won 6,000 MW of capacity, followed by Bluewave Energy at 4,800 MW, Zarnow at "
        "3,000 MW and Riverton Power at 1,000 MW."))
    assert [_area(draft, f) for f in ("6,000 MW", "4,800 MW", "3,000 MW", "1,000 MW")] \
        == ["Acme Solar", "Bluewave Energy", "Zarnow", "Riverton Power"]
    assert len(set(_named(draft).values())) == 1  # one indicator: what the first place's figure measures


def test_the_cost_of_a_plant_described_by_its_capacity_names_the_plant(lexicon):
    draft = _draft(lexicon, "Zarnow plans hydrogen\n\nZarnow Power said its 20,000-tonne-per-year green hydrogen "
                            "plant would cost $400 million.")
    assert _named(draft)["$400 million"] == "Cost of green hydrogen plant"


def test_the_homes_a_plant_can_power_are_the_plants_figure(lexicon):
    draft = _draft(lexicon, (
        "Wind farm approved\n\n"
        "Bluewave Energy will build the 900MW Riverton Bay offshore wind farm off the coast of Maine. Vestas will "
        "supply the turbines, and the farm is expected to generate enough electricity to power around 20,000 "
        "households in Maine.\n\n"
        "Acme Copper said the project will have the capacity to meet the power needs of more than 400,000 homes.\n\n"
        "Zambia has a population of 20 million people."))
    assert _area(draft, "around 20,000") == "Riverton Bay offshore wind farm"  # not Vestas', named in between
    assert _area(draft, "more than 400,000") == "Riverton Bay offshore wind farm"  # the plant named last
    assert _area(draft, "20 million") == "Zambia"  # people a plant does not serve: the place's


def test_the_new_plant_and_the_farm_refer_back_to_the_unit_named_before(lexicon):
    draft = _draft(lexicon, (
        "Battery plant for Riverton\n\n"
        "Acme Cells and Bluewave Motors have signed agreements to establish an electric vehicle battery plant in "
        "Riverton, Ohio.\n\n"
        "The companies will invest $4.4 billion to build the new plant in Riverton on Oak Drive.\n\n"
        "Zarnow Power will build the 900MW Kestrel offshore wind farm off the coast of Maine.\n\n"
        "The farm will use 60 turbines made by Acme Turbines Inc."))
    assert _area(draft, "$4.4 billion") == "Bluewave Motors vehicle battery plant in Riverton"
    assert _area(draft, "60") == "Kestrel offshore wind farm"


def test_an_amount_in_brackets_does_not_part_a_figure_from_its_plant(lexicon):
    draft = _draft(lexicon, "Zarnow Steel will start the first phase of the $US4 billion ($5.4 billion) Riverton One "
                            "plant, with production set for the end of 2025.")
    assert _area(draft, "$US4 billion") == "Riverton One plant"


def test_a_possessive_owns_the_figure_across_a_product_named_after_it(lexicon):
    draft = _draft(lexicon, (
        "Acme Copper Mines Ltd. said on Tuesday its Kasempa mine in Zambia produced 240,000 tonnes of copper in 2023.\n\n"
        "Zambia's copper output reached 760,000 tonnes last year, the chamber of mines said."))
    assert _area(draft, "240,000 tonnes") == "Acme Copper Mines mine in Kasempa"
    assert _area(draft, "760,000 tonnes") == "Zambia"  # not the mine in focus: "copper" stands between


def test_what_only_a_company_has_is_of_the_company_named_after_it(lexicon):
    draft = _draft(lexicon, (
        "Acme Copper Mines Ltd. said on Tuesday its Kasempa mine in Zambia produced 240,000 tonnes of copper in 2023.\n\n"
        "Zarnow Metals said it would buy the mine. Shares of Acme Copper Mines fell 4.5% to $23.10 in Toronto."))
    assert _area(draft, "$23.10") == "Acme Copper Mines Ltd."  # not Zarnow Metals, the company in focus


def test_a_figure_given_to_the_project_after_it_is_the_projects(lexicon):
    draft = _draft(lexicon, (
        "Zarnow Semiconductor Inc. will build a $2 billion chip packaging plant in Penang, Malaysia, creating 3,000 "
        "jobs.\n\nThe Malaysian government will provide a grant of $150 million to the project."))
    assert _area(draft, "$150 million") == "Zarnow Semiconductor chip packaging plant in Penang"


def test_a_year_and_its_comma_part_a_figure_from_a_plant_named_after_them(lexicon):
    draft = _draft(lexicon, (
        "Bluewave Chips Sdn Bhd will invest 2.1 billion ringgit in a test plant in Penang.\n\n"
        "Bluewave, which posted revenue of $4.2 billion in fiscal 2023, already runs two plants in Kedah."))
    assert _area(draft, "$4.2 billion") == "Bluewave Chips Sdn Bhd"  # the company's revenue, not the Kedah plants'


def test_another_company_as_subject_ends_the_focus_on_the_plant_before(lexicon):
    draft = _draft(lexicon, (
        "Bluewave Chips Sdn Bhd runs two plants in Kedah with a combined capacity of 1.2 billion chips a year.\n\n"
        "Acme Steel Corp. said on Tuesday it would restart its idled works in Ohio. It will produce 2.8 million tons "
        "a year."))
    assert _area(draft, "2.8 million tons a year") == "Acme Steel Corp."


def test_a_range_after_between_is_two_figures_of_the_verb(lexicon):
    draft = _draft(lexicon, "Acme Mining Corp. plans to spend between $400 million and $500 million on the expansion "
                            "of its mine in Kitwe, Zambia.")
    assert _named(draft) == {"$400 million": "Spending", "$500 million": "Spending"}


def test_what_a_figure_is_worth_is_the_value_of_what_it_counts_or_of_what_which_refers_to(lexicon):
    draft = _draft(lexicon, (
        "Zambia's exports of refined copper reached 1.5 million metric tons, worth some $7.5 billion, in 2023.\n\n"
        "The government of Zambia owns a 51 percent stake in Acme Mining Group, which is worth about $9 billion."))
    named = _named(draft)
    assert named["some $7.5 billion"] == "Value of exports of refined copper"
    assert named["about $9 billion"] == "Value" and _area(draft, "about $9 billion") == "Acme Mining Group"


def test_a_relative_clause_of_a_plant_in_a_place_is_the_plants(lexicon):
    draft = _draft(lexicon, (
        "Acme Cells Inc. also runs the Kestrel plant in Riverton, which will have an annual production capacity of "
        "14 GWh."))
    assert _area(draft, "14 GWh") == "Kestrel plant"


def test_today_and_as_of_date_a_figure_and_a_change_from_today_names_both_ends(lexicon):
    draft = _draft(lexicon, (
        "Zambia plans to raise the share of renewables in its power mix from 45% today to 52% by 2030.\n\n"
        "Acme Lithium Corp. had cash of $120 million as of June 30, 2023, the company said."))
    assert (_period(draft, "45%"), _period(draft, "52%"), _period(draft, "$120 million")) == (2024, 2030, 2023)
    named = _named(draft)
    assert named["45%"] == named["52%"] == "Share of renewables in power mix"


def test_each_owner_of_a_respectively_list_even_one_named_once_by_its_short_name(lexicon):
    draft = _draft(lexicon, (
        "Acme Semiconductor Manufacturing Inc. (ASM) is a unit of Zarnow Corp. (Zarnow), Bluewave Solutions "
        "Corporation (BSC), Kestrel Corporation (KESTREL) and Toyota Motor Corporation (Toyota).\n\n"
        "With this investment, Zarnow, BSC, KESTREL and Toyota will hold equity stakes of approximately 86.5%, 6.0%, "
        "5.5%, and 2.0% in ASM, respectively."))
    assert [_area(draft, f) for f in ("approximately 86.5%", "6.0%", "5.5%", "2.0%")] == [
        "Zarnow Corp.", "Bluewave Solutions Corporation", "Kestrel Corporation", "Toyota Motor Corporation"]
