"""Entity classes found by structure on sentences written for these tests: the country of an adjective of
nationality, a government of a place that ends a name before "and"."""

from __future__ import annotations

from conftest import draft_of


def classes(draft) -> dict[str, str]:
    return {e.label: e.cls for e in draft.entities}


def test_an_adjective_of_nationality_before_a_company_or_a_government_names_its_country(lexicon):
    draft = draft_of(lexicon, (
        "A Norwegian utility and Kenyan investors will fund the Acme Lithium refinery. "
        "The Hungarian state-owned energy giant, Bluewave, agreed."
    ))
    found = classes(draft)
    assert found.get("Norway") == "kgo:Country"
    assert found.get("Kenya") == "kgo:Country"
    assert found.get("Hungary") == "kgo:Country"
    rules = {e.label: e.rule for e in draft.entities}
    assert rules["Norway"] == "an adjective of nationality"


def test_an_adjective_of_nationality_alone_is_no_country(lexicon):
    # "Kenyan dumping" describes no company or government; "Kenya" stays out of the draft.
    draft = draft_of(lexicon, "Kenyan dumping of cheap cells hurt Acme Lithium, the company said.")
    assert "Kenya" not in classes(draft)


def test_a_government_of_a_place_ends_before_and(lexicon):
    draft = draft_of(lexicon, (
        "The Riverton Trust, the Government of Manitoba and Acme Lithium are working together. "
        "The Department of Energy and Climate Change welcomed the plan."
    ))
    found = classes(draft)
    assert found.get("Government of Manitoba") == "kgo:GovernmentAgency"
    assert found.get("Acme Lithium") == "kgo:Company"
    assert found.get("Department of Energy and Climate Change") == "kgo:GovernmentAgency"


def test_the_owner_of_a_plant_named_by_its_possessive_is_a_company(lexicon):
    draft = draft_of(lexicon, (
        "Orvane's new cell factory in Riverton opened in 2023. "
        "The site reuses the machinery of Tarnwick’ mothballed smelter."
    ))
    found = classes(draft)
    assert found.get("Orvane") == "kgo:Company"
    assert found.get("Tarnwick") == "kgo:Company"


def test_the_organisation_of_a_post_is_a_company_and_a_ministry_is_not(lexicon):
    draft = draft_of(lexicon, (
        "Galen Hart, Senior Vice President for Quillon, said the plant was a milestone for Quillon. "
        "The Head of Research at Bluewave Corp. and the Minister of Transport visited it."
    ))
    found = classes(draft)
    assert found.get("Quillon") == "kgo:Company"
    assert ("Galen Hart", "Quillon") in {(p, o) for p, o in _posts(draft)}
    assert "Research" not in found and "Transport" not in found


def _posts(draft) -> set[tuple[str, str]]:
    """(person, organisation) of each post the draft holds, by their labels."""
    labels = {e.id: e.label for e in draft.entities}
    holders = {s: labels[o] for f in draft.facts for s, p, o in f.triples if p == "org:heldBy"}
    orgs = {s: labels[o] for f in draft.facts for s, p, o in f.triples if p == "org:postIn"}
    return {(holders[post], orgs[post]) for post in holders if post in orgs}


def test_what_a_production_or_a_quantity_of_power_is_of_is_a_product(lexicon):
    draft = draft_of(lexicon, (
        "The expansion will increase nickel and cobalt production by about 25 per cent. "
        "Acme Solar adds lines for 10 GW of ingots and 5 GW of wafers; mass production starts in March, and "
        "wafer output will double."
    ))
    products = {e.label for e in draft.entities if e.cls == "kgo:ChainProduct"}
    assert {"Nickel", "Cobalt", "Ingots", "Wafers"} <= products
    assert "Mass" not in products and "Wafer" not in products  # "wafer" and "wafers": one product


def test_an_activity_after_a_or_an_and_the_space_of_an_activity_are_industries(lexicon):
    draft = draft_of(lexicon, (
        "Tarn Island is a cobalt mining hub. Acme, a lithium-ion battery recycling startup, leads in the "
        "hydrogen refuelling space but not in the global EV space."
    ))
    industries = {e.label for e in draft.entities if e.cls == "kgo:Industry"}
    assert {"Cobalt mining", "Lithium-ion battery recycling", "Hydrogen refuelling"} <= industries
    assert not any("EV" in label for label in industries)


def test_companies_by_their_products_and_deals(lexicon):
    draft = draft_of(lexicon, (
        "The wind farm will use 40 turbines from Vantor and 47 of Quell 7MW offshore turbines. "
        "The partnership agreement between Corvane and Tessaly runs to 2030. "
        "In Tarnby 5 MW units are planned; the V150 4.2 MW turbines are the largest."
    ))
    found = classes(draft)
    assert {found.get(n) for n in ("Vantor", "Quell", "Corvane", "Tessaly")} == {"kgo:Company"}
    assert "Tarnby" not in found and "V150" not in found


def test_a_company_named_with_a_country_is_its_unit_and_its_neighbours_in_a_list_are_companies(lexicon):
    draft = draft_of(lexicon, (
        "Tarn Power partnered with Corvane Peru, Fluxon, and Marrow and their contractors. "
        "Orla Marr, head of Corvane Peru, said so. Corvane started the venture in 2017."
    ))
    found = classes(draft)
    assert {found.get(n) for n in ("Corvane Peru", "Corvane", "Fluxon", "Marrow")} == {"kgo:Company"}


def test_a_family_name_alone_is_the_person_named_with_a_generation_suffix(lexicon):
    draft = draft_of(lexicon, (
        "President Galen Tarnby Jr. opened the plant on Monday. “The grid needs it,” Tarnby said."
    ))
    labels = {e.id: e.label for e in draft.entities}
    speakers = {labels[o] for f in draft.facts for s, p, o in f.triples if p == "kgo:speaker"}
    assert speakers == {"Galen Tarnby Jr."}
    assert "Tarnby" not in labels.values()


def test_a_name_ending_in_an_industry_word_is_no_person(lexicon):
    draft = draft_of(lexicon, "Bluewave Lithium Peru said the refinery would open in 2026.")
    assert not {e.label for e in draft.entities if e.cls == "kgo:Person"}


def test_companies_of_places_named_by_possessives_and_before_based(lexicon):
    # Each company is named after its country's possessive or "<place>-based"; the places are entities too.
    draft = draft_of(lexicon, (
        "The committee selected Riverton-based Ostrel, the UAE’s Talvo and Spain’s Corvane to develop green ammonia. "
        "Saudi Arabia’s Aldor Power secured approval, while China’s QXE and China Three Rivers will collaborate."
    ))
    found = classes(draft)
    for company in ("Ostrel", "Talvo", "Corvane", "Aldor Power", "QXE", "China Three Rivers"):
        assert found.get(company) == "kgo:Company", company
    assert found.get("Saudi Arabia") == "kgo:Country"
    assert found.get("United Arab Emirates") == "kgo:Country"
    assert "Talvo and Spain" not in " ".join(found)


def test_a_place_before_based_is_a_place(lexicon):
    draft = draft_of(lexicon, "U.S.-based Ostrel will build a copper smelter in Zambia.")
    found = classes(draft)
    assert found.get("United States") == "kgo:Country"
    assert found.get("Ostrel") == "kgo:Company"


def test_a_company_named_after_its_groups_possessive_is_two_companies(lexicon):
    draft = draft_of(lexicon, "The Aldor Group’s Quenta Industries will add a rolling mill in Ohio.")
    found = classes(draft)
    assert found.get("Aldor Group") == "kgo:Company"
    assert found.get("Quenta Industries") == "kgo:Company"


def test_a_person_after_a_portfolio_with_commas(lexicon):
    # The portfolio "Innovation, Science and Industry" is cut by its commas; the name after it is still a person's.
    draft = draft_of(lexicon, (
        "Minister of Innovation, Science and Industry Tomas Bellweather and Minister of Transport Omar Tarnby "
        "visited the Riverton steel mill."
    ))
    people = {e.label for e in draft.entities if e.cls == "kgo:Person"}
    assert people == {"Tomas Bellweather", "Omar Tarnby"}


def test_the_governments_of_two_places_are_two_governments(lexicon):
    draft = draft_of(lexicon, (
        "The copper mine is an opportunity for the governments of Zambia and Malawi, and Ostrel to work together."
    ))
    agencies = {e.label for e in draft.entities if e.cls == "kgo:GovernmentAgency"}
    assert agencies == {"Government of Zambia", "Government of Malawi"}


def test_the_islands_of_a_list_are_regions(lexicon):
    draft = draft_of(lexicon, "The batteries will serve the islands of Tarvos, Belmira, and Orlanda.")
    assert {e.label for e in draft.entities if e.cls == "kgo:Region"} == {"Tarvos", "Belmira", "Orlanda"}


def test_the_items_before_and_other_parties_are_companies_but_not_a_city(lexicon):
    draft = draft_of(lexicon, "The chip plant was backed by the City of Riverton, Bluewave, Kestrel, and other parties.")
    found = classes(draft)
    assert found.get("Bluewave") == "kgo:Company"
    assert found.get("Kestrel") == "kgo:Company"
    assert found.get("Riverton") != "kgo:Company"


def test_an_acronym_without_brackets_is_the_organisation_it_abbreviates(lexicon):
    # One node: the agency named in full, then by its acronym alone (no "(RREA)" to introduce it).
    draft = draft_of(lexicon, (
        "The government, along with the Riverton Renewable Energy Agency, is funding the steel mill. "
        "RREA chief executive Ivor Brandt said the mill was a first."
    ))
    agencies = [e for e in draft.entities if e.cls in ("kgo:GovernmentAgency", "kgo:Company")]
    assert [e.label for e in agencies] == ["Riverton Renewable Energy Agency"]
    assert "RREA" in agencies[0].alt_labels


def test_the_name_before_region_is_a_region(lexicon):
    draft = draft_of(lexicon, "The miner extracts copper from ore in the Tarvos region of Zambia.")
    assert classes(draft).get("Tarvos") == "kgo:Region"


def test_a_companys_possessive_before_a_place_makes_no_company(lexicon):
    # "QXE's Kumamoto site": QXE's place, not a subsidiary "QXE's Kumamoto".
    draft = draft_of(lexicon, (
        "Together with QXE's first fab, the investment will exceed $20 billion. "
        "With both fabs, QXE's Kumamoto site is expected to make 100,000 wafers per month."
    ))
    companies = {e.label for e in draft.entities if e.cls == "kgo:Company"}
    assert companies == {"QXE"}


def test_a_word_before_a_number_in_a_list_is_no_company(lexicon):
    draft = draft_of(lexicon, (
        "The mill has clean power supplied by Ostrel Arkansas, Class 1 rail service, river docks, and trucking access."
    ))
    companies = {e.label for e in draft.entities if e.cls == "kgo:Company"}
    assert "Ostrel Arkansas" in companies and "Class" not in companies
