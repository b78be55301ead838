"""Companies named without a suffix, found by what the sentence says of them; one node per company.

Sentences written for these tests (invented names).
"""

from __future__ import annotations

from conftest import draft_of, of_class


def companies(draft) -> set[str]:
    return of_class(draft, "kgo:Company")


def test_the_subject_of_a_verb_of_business_is_a_company(lexicon):
    draft = draft_of(lexicon, (
        "Orvanta on Wednesday announced a deal to buy power from a new solar farm. "
        "Quillon will provide a 30MW battery, and Brevik Tarn has placed an order for 40 turbines. "
        "Sandor Hale met them later."
    ))
    assert {"Orvanta", "Quillon", "Brevik Tarn"} <= companies(draft)
    assert "Sandor Hale" not in companies(draft)


def test_a_party_to_a_deal_or_the_builder_of_a_plant_is_a_company(lexicon):
    draft = draft_of(lexicon, (
        "The batteries will be operated by Zantrel under a long-term agreement. The farm will be built by a "
        "consortium led by Merrow Field Services, with partner Ostrava Renewables. Kelbrook signed an order with Fenwick."
    ))
    assert {"Zantrel", "Merrow Field Services", "Kelbrook", "Fenwick"} <= companies(draft)


def test_a_company_of_a_place_and_a_company_with_its_ticker(lexicon):
    draft = draft_of(lexicon, (
        "UAE's Darvola to establish a fuel plant. Spain's Lucerno will build another. "
        "Norwind Systems A/S (NRWDY, NRW.CO), a turbine maker, said Casa dos Pinhos had placed an order."
    ))
    assert {"Darvola", "Lucerno", "Norwind Systems A/S", "Casa dos Pinhos"} <= companies(draft)
    assert "United Arab Emirates" in of_class(draft, "kgo:Country")


def test_the_items_of_a_list_with_a_company_are_companies(lexicon):
    draft = draft_of(lexicon, "Tarsk partnered with Velden Energy, Quorra, and Mistral on the project.")
    assert {"Tarsk", "Velden Energy", "Quorra", "Mistral"} <= companies(draft)


def test_a_company_named_again_by_its_first_word_or_its_alias_is_one_node(lexicon):
    draft = draft_of(lexicon, (
        "Rivo Tarkan on Monday announced a new smelter. The smelter will cut Rivo's emissions, Rivo said. "
        'Halvard Semiconductor Corporation ("HSC") and Kestrel Corporation announced an investment. HSC said it '
        "would hire 300 people."
    ))
    found = [e for e in draft.entities if e.cls == "kgo:Company"]
    assert sorted(e.label for e in found) == ["Halvard Semiconductor Corporation", "Kestrel Corporation", "Rivo Tarkan"]
    assert "HSC" in next(e for e in found if e.label.startswith("Halvard")).alt_labels


def test_common_words_and_people_are_not_companies(lexicon):
    draft = draft_of(lexicon, (
        "Construction started in March, and the line will open in May. Once developed and approved, the farm "
        "will supply 2 million homes. Marta Voss and Ines Kaur joined hundreds of others. Kaur said the site was "
        "ready. Dana Hale, Bluewave President and CEO, spoke, and Hale said more. It was announced by Tomas "
        "Ortega Jr., the president of Ruritania."
    ))
    assert companies(draft) <= {"Bluewave"}
    assert {"Dana Hale", "Tomas Ortega Jr."} <= of_class(draft, "kgo:Person")


def test_products_are_what_is_made_mined_or_sold_and_what_a_plant_is_named_after(lexicon):
    draft = draft_of(lexicon, (
        "The committee approved a project by Darvola to produce ammonia, methanol, and synthetic fuel. "
        "Bluewave will establish a green ammonia plant near Riverton, and the Kell mine produces copper and gold. "
        "The refinery will make 40,000 tonnes per year of lithium hydroxide. The farm will supply around 2 million "
        "homes and make good sense for the region."
    ))
    products = of_class(draft, "kgo:ChainProduct")
    assert {"Ammonia", "Methanol", "Synthetic fuel", "Copper", "Gold", "Lithium hydroxide"} <= products
    assert not products & {"Around", "Homes", "Good sense", "Sense"}
    ammonia = next(e for e in draft.entities if e.label == "Ammonia")
    assert "green ammonia" in ammonia.alt_labels  # "green ammonia" and "ammonia": one product


def test_industries_are_what_a_market_or_supply_chain_is_of(lexicon):
    draft = draft_of(lexicon, (
        "The order signals renewed momentum in Ruritania's wind energy market and strengthens the critical "
        "minerals supply chain, the international market and the battery supply chain."
    ))
    industries = of_class(draft, "kgo:Industry")
    assert {"Wind energy", "Critical minerals"} <= industries
    assert not industries & {"International", "Battery"}


def test_a_direction_before_a_place_is_a_region_and_a_bracketed_name_an_alias(lexicon):
    draft = draft_of(lexicon, (
        "Acme made a request for power projects in Central and Southern Queensland, it said. "
        "Ruritania Petrochemical Corporation (Rurpec Group), a refiner, said its plant began. Rurpec Group said so."
    ))
    assert {"Central Queensland", "Southern Queensland"} <= of_class(draft, "kgo:Region")
    assert "Central" not in of_class(draft, "kgo:Province")
    assert [e.label for e in draft.entities if e.cls == "kgo:Company" and "Rurpec Group" in e.alt_labels] == [
        "Ruritania Petrochemical Corporation"]
    assert "Rurpec Group" not in of_class(draft, "kgo:Company")


def test_places_of_datelines_lists_and_seas_and_industries_of_lists(lexicon):
    draft = draft_of(lexicon, (
        "KUALA LUMPUR (Aug 3): Acme Technologies said it would invest.\n\n"
        "It will work in three Finnish municipalities, namely Kokkola, Kristinestad and Porvoo. Stations will open in "
        "5 cities including Hyderabad, Mumbai, Bengaluru and Ahmedabad by September. The farm lies in the Irish Sea. "
        "It supports emerging sectors including new energy, new materials and electronic information."
    ))
    assert {"Kuala Lumpur", "Kokkola", "Kristinestad", "Porvoo", "Bengaluru", "Ahmedabad"} <= of_class(draft, "kgo:City")
    assert "Irish Sea" in of_class(draft, "kgo:Region")
    assert {"New energy", "New materials", "Electronic information"} <= of_class(draft, "kgo:Industry")
    assert of_class(draft, "kgo:Company") == {"Acme Technologies"}
    wire = draft_of(lexicon, "RIVERTON, BC, Sept. 6, 2023 /Wirepost/ - Acme Nickel Corp. is pleased to report results.")
    assert "Wirepost" in of_class(wire, "kgo:NewsOrganization")


def test_agencies_named_by_a_lower_case_head_and_industries_by_what_a_business_is_of(lexicon):
    draft = draft_of(lexicon, (
        "The Tarnish government has announced two batteries, and the Quarrington administration, the Union Cabinet and the "
        "Clean Energy Regulator agreed. The Western Australia state government agreed too. Acme grows its battery "
        "storage portfolio, its aluminium operations and the EV charging network, and plans to begin operations "
        "before the stock market opens."
    ))
    agencies = of_class(draft, "kgo:GovernmentAgency")
    assert {"Tarnish government", "Quarrington administration", "Union Cabinet", "Clean Energy Regulator"} <= agencies
    assert "Western Australia" in of_class(draft, "kgo:Province")
    industries = of_class(draft, "kgo:Industry")
    assert {"Battery storage", "Aluminium", "EV charging"} <= industries
    assert not industries & {"Begin", "Stock"}


def test_a_company_named_by_its_country_abbreviated_and_a_city_of_is_one_node(lexicon):
    draft = draft_of(lexicon, (
        "United States Steel Corp. will build a new mill near Riverton. Dana Hale, U.S. Steel president and chief "
        "executive, said the City of Osceloa agreed."
    ))
    assert [e.label for e in draft.entities if e.cls == "kgo:Company"] == ["United States Steel Corp."]
    assert "Osceloa" in of_class(draft, "kgo:City")


def test_people_with_hyphened_names_honorifics_and_board_titles(lexicon):
    draft = draft_of(lexicon, (
        "The company tried to sell the division under former chief Jean-Luc Marchetti. Union Minister Shri Arjun "
        "Vishal was there. Board Chairperson Dolika Mwansa said so. Acme's chairman Walid Gamal El-Masri said the "
        "zone is a hub. Its sales are mainly in Mainland China."
    ))
    people = of_class(draft, "kgo:Person")
    assert {"Jean-Luc Marchetti", "Arjun Vishal", "Dolika Mwansa", "Walid Gamal El-Masri"} <= people
    assert len(people) == 4
    assert "China" in of_class(draft, "kgo:Country") and "Mainland China" not in of_class(draft, "kgo:City")


def test_news_organisations_that_carried_or_quoted_a_story_and_a_datelines_city(lexicon):
    draft = draft_of(lexicon, (
        "(MENAFN- Acme NewsWire) Bluewave Set to Expand in Kumamoto\n\n"
        "HSINCHU, Taiwan, R.O.C., Feb 7, 2024 - (Acme Newswire) - Bluewave Corporation announced an investment. "
        "The Riverton Star quoted Bluewave CEO Tom Hale as saying it grew. It will create jobs for people. (ANI/Xinhua)"
    ))
    assert {"MENAFN", "The Riverton Star", "ANI", "Xinhua"} <= of_class(draft, "kgo:NewsOrganization")
    assert "Hsinchu" in of_class(draft, "kgo:City")
