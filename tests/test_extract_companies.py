"""Companies and agencies: names caught, one node per company, two organisations joined by "and" kept apart.

Sentences written for these tests.
"""

from __future__ import annotations

from conftest import draft_of, labelled, of_class


def test_companies_by_the_words_around_them(lexicon):
    draft = draft_of(lexicon, (
        "Brightwater, a lithium-ion battery recycling startup, will supply carmaker Volantis. "
        "Korvex's new plant will make cells, and Halden Lithium will refine the ore."
    ))
    assert {"Brightwater", "Volantis", "Korvex", "Halden Lithium"} <= of_class(draft, "kgo:Company")


def test_one_node_per_company(lexicon):
    draft = draft_of(lexicon, (
        "Qinmu Power Technology Co., Ltd. (QPT) signed the deal. Qinmu Power Technology Co Ltd will invest first, "
        "and QPT will hire 500 people. Later, Tarsk Group and Qinmu Power Technology agreed; Tarsk will lead."
    ))
    companies = [e for e in draft.entities if e.cls == "kgo:Company"]
    assert len(companies) == 2, [(e.label, e.alt_labels) for e in companies]
    qinmu = next(e for e in companies if e.label.startswith("Qinmu"))
    assert "QPT" in qinmu.alt_labels


def test_two_organisations_joined_by_and_are_two(lexicon):
    draft = draft_of(lexicon, (
        "The People's Government of Halvik City and the Norland Provincial Department of Commerce hosted the forum. "
        "The Ministry of Science and Technology sent a delegate."
    ))
    agencies = of_class(draft, "kgo:GovernmentAgency")
    assert "People's Government of Halvik City" in agencies
    assert "Norland Provincial Department of Commerce" in agencies
    assert "Ministry of Science and Technology" in agencies


def test_industries_by_their_names(lexicon):
    draft = draft_of(lexicon, (
        "The province backs the new energy industry and the PV sector, and invests in battery recycling. "
        "Innovation in the industry matters, as does the whole industry."
    ))
    assert of_class(draft, "kgo:Industry") == {"New energy industry", "PV industry", "Battery recycling"}


def test_companies_by_what_is_said_of_them(lexicon):
    draft = draft_of(lexicon, (
        "Voltra is one of the biggest carmakers in Europe. Peter Holm, the former Kestrel executive, joined Bluewave "
        "executives on Friday. Orrin Mining plans to buy a 30% stake in Tamsk Salt Lake, which owns a mine. Europe "
        "refines little, according to research by Quorra. The Acme executive said no."
    ))
    companies = of_class(draft, "kgo:Company")
    assert {"Voltra", "Kestrel", "Bluewave", "Tamsk Salt Lake", "Quorra"} <= companies
    assert not {"The Acme", "Europe", "Peter Holm"} & companies


def test_a_name_joined_by_and_to_a_company_is_a_company(lexicon):
    draft = draft_of(lexicon, (
        "Voltra and Kestrel Energy Solution have executed binding agreements to build the plant. "
        "Dana Hale and Orrin Lithium were there, and the Ministry of Science and Technology agreed."
    ))
    companies = of_class(draft, "kgo:Company")
    assert {"Voltra", "Kestrel Energy Solution", "Orrin Lithium"} <= companies
    assert "Dana Hale" not in companies
    assert "Ministry of Science and Technology" in of_class(draft, "kgo:GovernmentAgency")
    assert of_class(draft, "kgo:Agreement") == {"Binding agreement between Voltra and Kestrel Energy Solution"}


def test_a_policy_is_introduced_by_the_place_or_government_that_names_it(lexicon):
    draft = draft_of(lexicon, (
        "Acme Lithium will build a refinery under the 12th Norway Plan. The Ministry of Energy said the plant fits "
        "the Future Battery Industry Strategy."
    ))
    introduced = labelled(draft, "kgo:introducedBy")
    assert ("Norway Plan", "Norway") in introduced
    assert ("Future Battery Industry Strategy", "Ministry of Energy") in introduced


def test_a_project_is_a_project_and_one_that_implements_a_policy_a_programme(lexicon):
    draft = draft_of(lexicon, (
        "Orrin Lithium owns the Tamsk lithium salt lake project. Under the Green Riverton action plan, the city "
        "began the implementation of the Solar Riverton project."
    ))
    assert "Tamsk lithium salt lake project" in of_class(draft, "kgo:Project")
    assert "Solar Riverton project" in of_class(draft, "kgo:Programme")


def test_a_government_named_in_lower_case_is_the_places_government(lexicon):
    draft = draft_of(lexicon, (
        "Helio Solar signed a deal with the municipal government of Qujing city, in Yunnan province. "
        "The Western Australia government backed a refinery in Kwinana. The plant was approved by Thailand's Board "
        "of Investment."
    ))
    agencies = of_class(draft, "kgo:GovernmentAgency")
    assert {"Government of Qujing", "Government of Western Australia"} <= agencies
    assert any("Board of Investment" in a for a in agencies)
    assert ("Government of Qujing", "Qujing") in labelled(draft, "kgo:jurisdiction")
    assert ("Helio Solar", "Government of Qujing") in labelled(draft, "kgo:partnerOf")


def test_companies_of_a_list_are_not_joined_into_one(lexicon):
    draft = draft_of(lexicon, "As many as 11 companies, including Sunvale, Relior and First Helio, have won bids.")
    assert {"Sunvale", "Relior", "First Helio"} == of_class(draft, "kgo:Company")


def test_a_company_opening_a_sentence_with_what_companies_do(lexicon):
    draft = draft_of(lexicon, (
        "Oct 29 (Wire) - China's Orrin Lithium Corp said it grew. Orrin swung to a profit. "
        "Tamsk has secured ground for a new lithium refinery in Perth. Officials will review it; the officials agreed."
    ))
    assert of_class(draft, "kgo:Company") == {"Orrin Lithium Corp", "Tamsk"}  # "Orrin" is the same company


def test_a_company_named_with_and_without_its_last_industry_word_is_one(lexicon):
    draft = draft_of(lexicon, (
        "Acme Green Energy Technology has signed an agreement to set up a plant in Riverton. "
        "It has been reported that Acme Green Energy will create a subsidiary."
    ))
    assert of_class(draft, "kgo:Company") == {"Acme Green Energy Technology"}
