"""Plants, investments, agreements, supply and organisers, on sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import draft_of, labelled, of_class


def test_a_plant_named_in_a_country_then_in_its_city_is_one_plant(lexicon):
    draft = draft_of(lexicon, (
        "Orvik Energy announced an investment of 2 billion euros to build a battery plant in Hungary. "
        "Orvik Energy will build the 40GWh plant in Debrecen, which will employ 2,000 people."
    ))
    plants = [e for e in draft.entities if e.cls == "kgo:Plant"]
    assert len(plants) == 1
    assert labelled(draft, "kgo:plantOf") == {(plants[0].label, "Orvik Energy")}
    assert labelled(draft, "kgo:plantIn") == {(plants[0].label, "Debrecen")}
    assert ("Orvik Energy", plants[0].label) in labelled(draft, "kgo:investsIn")


def test_the_plant_refers_back_and_a_customer_base_is_no_plant(lexicon):
    draft = draft_of(lexicon, (
        "Volantis Motors opened a new assembly plant in Kenitra. The plant will sell to a broad customer base."
    ))
    assert [e.label for e in draft.entities if e.cls == "kgo:Plant"] == ["Volantis Motors assembly plant in Kenitra"]
    assert ("Volantis Motors", "Volantis Motors assembly plant in Kenitra") not in labelled(draft, "kgo:investsIn")


def test_an_agreement_between_its_parties(lexicon):
    draft = draft_of(lexicon, (
        "Orvik Energy signed a strategic cooperation agreement with the People's Government of Halvik City."
    ))
    agreement = next(e for e in draft.entities if e.cls == "kgo:Agreement")
    assert agreement.label.startswith("Strategic cooperation agreement between")
    assert labelled(draft, "kgo:party") == {(agreement.label, "Orvik Energy"),
                                            (agreement.label, "People's Government of Halvik City")}
    assert labelled(draft, "kgo:partnerOf") == {("Orvik Energy", "People's Government of Halvik City")}


def test_supply_by_verb_and_by_customers(lexicon):
    draft = draft_of(lexicon, (
        "Orvik Energy will supply cells to Volantis Motors. "
        "Halden Lithium said its key customers include Orvik Energy. "
        "The refinery serves customers including Tarsk Group and Volantis Motors."
    ))
    supplies = labelled(draft, "kgo:supplies")
    assert ("Orvik Energy", "Volantis Motors") in supplies
    assert ("Halden Lithium", "Tarsk Group") in supplies


def test_organisers_and_sponsors_of_an_event(lexicon):
    draft = draft_of(lexicon, (
        "The 2025 Northern Battery Forum was organized by the Halvik Battery Association and sponsored by "
        "Orvik Energy Co., Ltd."
    ))
    forum = next(e.label for e in draft.entities if e.cls == "kgo:Conference")
    assert labelled(draft, "schema:organizer") == {(forum, "Halvik Battery Association")}
    assert labelled(draft, "schema:sponsor") == {(forum, "Orvik Energy Co., Ltd.")}


def test_where_a_company_is_from(lexicon):
    draft = draft_of(lexicon, (
        "Swedish battery start-up Orvik Energy will build a plant. China's Halden Lithium Co., Ltd. will supply it, "
        "and the Moroccan government approved the site."
    ))
    assert {("Orvik Energy", "Sweden"), ("Halden Lithium Co., Ltd.", "China")} <= labelled(draft, "schema:location")
    assert ("Moroccan government", "Morocco") in labelled(draft, "kgo:jurisdiction")


def test_investments_in_a_place(lexicon):
    draft = draft_of(lexicon, "Volantis Motors has invested more than $2 billion in Morocco since 2019.")
    assert labelled(draft, "kgo:investsIn") == {("Volantis Motors", "Morocco")}


def test_subsidiaries_and_joint_ventures(lexicon):
    draft = draft_of(lexicon, (
        "Orvik Energy will work with Tarsk Group subsidiary Halden Lithium Co., Ltd. "
        "Brightcell Power Morocco, a subsidiary of Orvik Energy, will build the plant. "
        "Volantis Motors started a joint venture, Volantis Cells Co., Ltd., with Orvik Energy in 2021."
    ))
    parents = labelled(draft, "schema:parentOrganization")
    assert ("Halden Lithium Co., Ltd.", "Tarsk Group") in parents
    assert ("Brightcell Power Morocco", "Orvik Energy") in parents
    assert {("Volantis Cells Co., Ltd.", "Volantis Motors"), ("Volantis Cells Co., Ltd.", "Orvik Energy")} <= parents


def test_a_company_named_after_another_and_a_country_is_its_subsidiary(lexicon):
    draft = draft_of(lexicon, "Orvik Energy said Orvik Energy Malaysia would hire 300 people.")
    assert labelled(draft, "schema:parentOrganization") == {("Orvik Energy Malaysia", "Orvik Energy")}


def test_stakes_backers_and_investors_invest(lexicon):
    draft = draft_of(lexicon, (
        "Orrin Lithium plans to acquire a 49pc stake in Tamsk Salt Lake, which owns a mine. "
        "Bluewave Recycling, a recycling startup, will build a plant in Riverton. "
        "Quorra Metals is a minor stakeholder in the plant. The plant is half funded by the Ministry of Energy. "
        "With investors including Voltra Motors, Kestrel Energy and Halden Group, Bluewave Recycling is growing."
    ))
    plant = next(e.label for e in draft.entities if e.cls == "kgo:Plant" and e.label.startswith("Bluewave"))
    assert labelled(draft, "kgo:investsIn") >= {
        ("Orrin Lithium", "Tamsk Salt Lake"), ("Quorra Metals", plant), ("Ministry of Energy", plant),
        ("Voltra Motors", "Bluewave Recycling"), ("Kestrel Energy", "Bluewave Recycling"),
        ("Halden Group", "Bluewave Recycling")}
    assert len([e for e in draft.entities if e.cls == "kgo:Plant"]) == 2  # the mine, and the plant "the plant" names


def test_a_list_of_companies_ends_at_its_verb(lexicon):
    draft = draft_of(lexicon, "Other players like Hailang, Shinza, BTQ, and CNRG have also committed to building plants.")
    assert {"Hailang", "Shinza", "BTQ", "CNRG"} == {e.label for e in draft.entities if e.cls == "kgo:Company"}


def test_a_plant_is_named_by_the_companys_short_name_and_its_site(lexicon):
    draft = draft_of(lexicon, (
        "Helio Solar Inc. will build a $4 billion assembly plant in Mesquite, Texas. "
        "Voltra Energy broke ground on its Kedah battery factory in Malaysia."
    ))
    plants = {e.label: e for e in draft.entities if e.cls == "kgo:Plant"}
    assert set(plants) == {"Helio Solar assembly plant in Mesquite", "Voltra Energy battery factory in Kedah"}
    assert "Helio Solar Mesquite plant" in plants["Helio Solar assembly plant in Mesquite"].alt_labels
    assert ("Voltra Energy battery factory in Kedah", "Kedah") in labelled(draft, "kgo:plantIn")


def test_a_joint_venture_named_in_apposition_or_known_as(lexicon):
    draft = draft_of(lexicon, (
        "Voltra is one of the biggest manufacturers in China. Voltra started a joint venture, Voltra Anhui, with "
        "Hefei-based automobile brand JAK in 2017. Orrin Group owns half of a joint venture with mining company "
        "Tamsk Minerals known as Kessel Lithium."
    ))
    parents = labelled(draft, "schema:parentOrganization")
    assert {("Voltra Anhui", "Voltra"), ("Voltra Anhui", "JAK"), ("Kessel Lithium", "Tamsk Minerals")} <= parents


def test_a_project_is_the_company_s_that_owns_it(lexicon):
    draft = draft_of(lexicon, "Orrin Lithium bought a stake in Tamsk Salt Lake, which owns the Kessel lithium salt "
                              "lake project.")
    assert labelled(draft, "kgo:projectOf") == {("Kessel lithium salt lake project", "Tamsk Salt Lake")}


def test_a_plant_two_companies_will_build_is_of_both(lexicon):
    draft = draft_of(lexicon, "Orvik Energy and Halden Steel will build a new electric arc furnace in Debrecen.")
    plants = of_class(draft, "kgo:Plant")
    assert len(plants) == 1
    assert {owner for _, owner in labelled(draft, "kgo:plantOf")} == {"Orvik Energy", "Halden Steel"}


def test_a_plant_the_second_of_two_companies_builds_is_its_own(lexicon):
    draft = draft_of(lexicon, "Orvik Energy said Halden Steel will build a new electric arc furnace in Debrecen.")
    assert {owner for _, owner in labelled(draft, "kgo:plantOf")} == {"Halden Steel"}


@pytest.mark.parametrize("second", [
    "The company said it will build a refinery in Kessel.",
    "It will also build a refinery in Kessel.",
    "The Riverton-based firm plans to build a refinery in Kessel.",
])
def test_the_company_a_later_sentence_refers_back_to_builds_the_plant(lexicon, second):
    draft = draft_of(lexicon, "Orvik Lithium, based in Riverton, produces lithium hydroxide. " + second)
    assert labelled(draft, "kgo:plantOf") == {("Orvik Lithium refinery in Kessel", "Orvik Lithium")}


def test_a_subject_operating_plants_names_no_plant(lexicon):
    draft = draft_of(lexicon, "The Riverton-based firm operates three plants in Kessel.")
    assert of_class(draft, "kgo:Plant") == set()


@pytest.mark.parametrize("text", [
    "Halden Motors is a customer of Orvik Lithium.",
    "Halden Motors buys lithium hydroxide from Orvik Lithium.",
    "Orvik Lithium will supply Halden Motors with 10,000 tonnes of lithium hydroxide a year.",
])
def test_supply_in_the_words_of_a_customer(lexicon, text):
    assert labelled(draft_of(lexicon, text), "kgo:supplies") == {("Orvik Lithium", "Halden Motors")}


@pytest.mark.parametrize("text", [
    "Orvik Lithium, based in Riverton, produces lithium hydroxide.",
    "Orvik Lithium, which is headquartered in Riverton, said sales rose.",
    "Orvik Lithium is headquartered in Riverton.",
    "Orvik Lithium makes cells. The Riverton-based firm said sales rose.",
])
def test_where_a_company_is_from_said_after_its_name(lexicon, text):
    assert labelled(draft_of(lexicon, text), "schema:location") == {("Orvik Lithium", "Riverton")}


@pytest.mark.parametrize("text, plant", [
    ("The Riverton refinery will be operated by Orvik Lithium.", "Orvik Lithium refinery in Riverton"),
    ("A new battery plant will be built near Riverton by Orvik Lithium.", "Orvik Lithium battery plant"),
])
def test_a_plant_whose_owner_is_named_after_by(lexicon, text, plant):
    assert labelled(draft_of(lexicon, text), "kgo:plantOf") == {(plant, "Orvik Lithium")}


def test_a_plant_located_in_a_place_between_commas(lexicon):
    draft = draft_of(lexicon, "Orvik Lithium said the plant, located in Riverton, will employ 2,000 people.")
    assert labelled(draft, "kgo:plantIn") == {("Orvik Lithium plant in Riverton", "Riverton")}


@pytest.mark.parametrize(("text", "site"), [
    ("Acme Steel will build a mini mill in northern Ohio.", "Ohio"),  # a word of side before the place
    ("Bluewave Wind will build a wind farm in Brazil's south-central Bahia state.", "Bahia"),  # the finer place
    ("Acme Nickel will build a refinery in Peru's Arequipa Region.", "Arequipa"),
])
def test_a_plants_site_after_words_of_side_and_a_possessive(lexicon, text, site):
    draft = draft_of(lexicon, text)
    assert {o for _, o in labelled(draft, "kgo:plantIn")} == {site}


def test_a_plant_placed_in_a_province_then_in_its_city_moves_there(lexicon):
    draft = draft_of(lexicon, (
        "Acme Hydrogen will build a hydrogen plant in Norway's Trondelag county. "
        "Acme Hydrogen's plant in Trondheim will employ 200 people."
    ))
    plants = [e.label for e in draft.entities if e.cls == "kgo:Plant"]
    assert len(plants) == 1
    assert labelled(draft, "kgo:plantIn") == {(plants[0], "Trondheim")}


@pytest.mark.parametrize(("text", "investors", "target"), [
    ("Acme Motor Corporation, Bluewave Semiconductor Corporation and Riverton Electric Co. announced further "
     "investment into Tarn Manufacturing Inc.",
     {"Acme Motor Corporation", "Bluewave Semiconductor Corporation", "Riverton Electric Co."}, "Tarn Manufacturing Inc."),
    ("Acme Steel invested $40 million in Bluewave Metals last year.", {"Acme Steel"}, "Bluewave Metals"),
])
def test_investment_into_a_company_by_each_company_of_a_list(lexicon, text, investors, target):
    draft = draft_of(lexicon, text)
    assert labelled(draft, "kgo:investsIn") == {(i, target) for i in investors}
