"""Plants named by a proper name (kg/extract/facilities.py), on sentences written for these tests."""

from __future__ import annotations

from conftest import draft_of, labelled, of_class


def test_a_named_wind_farm_of_the_company_building_it_and_its_site(lexicon):
    draft = draft_of(lexicon, (
        "Halden Lithium signed a 20-year agreement with Orvik Energy, which is building the 900 MW "
        "Tarn Ridge solar farm in Queensland. Construction of the Tarn Ridge plant will start in 2026."
    ))
    assert of_class(draft, "kgo:Plant") == {"Tarn Ridge solar farm"}  # the second naming is the same plant
    assert labelled(draft, "kgo:plantOf") == {("Tarn Ridge solar farm", "Orvik Energy")}
    assert labelled(draft, "kgo:plantIn") == {("Tarn Ridge solar farm", "Queensland")}


def test_a_companys_named_plants_listed_after_its_possessive(lexicon):
    draft = draft_of(lexicon, (
        "The deal will power Volantis Motors' two sites, the Kessel aluminum smelter and the Brava alumina refinery."
    ))
    assert of_class(draft, "kgo:Plant") == {"Kessel aluminum smelter", "Brava alumina refinery"}
    assert labelled(draft, "kgo:plantOf") == {("Kessel aluminum smelter", "Volantis Motors"),
                                              ("Brava alumina refinery", "Volantis Motors")}


def test_a_company_or_place_before_the_noun_is_no_plant_name(lexicon):
    # named by its owner (ventures.find_plants), as is the one an abbreviation of a product names ("EV")
    draft = draft_of(lexicon, "Orvik Energy opened the Orvik Energy battery plant. It will build an EV assembly plant.")
    assert of_class(draft, "kgo:Plant") == {"Orvik Energy battery plant"}
    assert ("Orvik Energy battery plant", "Orvik Energy") in labelled(draft, "kgo:plantOf")
