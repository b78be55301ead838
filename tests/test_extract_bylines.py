"""Bylines, credit lines and datelines: the reporters, the publisher and the story's city; news organisations by
the words around them. Sentences written for these tests."""

from __future__ import annotations

from conftest import draft_of, of_class

from kg.extract.bylines import name_case


def test_a_byline_names_the_reporters_and_the_publisher(lexicon):
    draft = draft_of(lexicon, (
        "Two battery plants start work\n\nBy ANA SOLER and TOM REID | Riverton Herald| Updated: 2024-05-02\n\n"
        "Acme Lithium began building two plants on Friday."
    ))
    assert {"Ana Soler", "Tom Reid"} <= of_class(draft, "kgo:Person")
    assert "Riverton Herald" in of_class(draft, "kgo:NewsOrganization")


def test_a_dateline_names_the_city_and_the_agency(lexicon):
    draft = draft_of(lexicon, (
        "KUALA LUMPUR, Aug. 7 (Wirepost) -- Acme Lithium said it would build a plant.\n\n"
        "The plant will cost more, the developer told Dailyline. Shares rose, Kessel newspaper reported.\n\n"
        "(Reporting by Tom Daly; editing by Mara Quist)"
    ))
    assert "Kuala Lumpur" in of_class(draft, "kgo:City")
    assert {"Wirepost", "Dailyline", "Kessel"} <= of_class(draft, "kgo:NewsOrganization")
    assert {"Tom Daly", "Mara Quist"} <= of_class(draft, "kgo:Person")


def test_a_dateline_of_its_own_names_the_city(lexicon):
    draft = draft_of(lexicon, "New Delhi, March 28\n\nAs many as 11 companies won the tender, the ministry said.")
    assert "New Delhi" in of_class(draft, "kgo:City")


def test_upper_case_names_become_labels():
    assert name_case("CHENG MEI") == "Cheng Mei"
    assert name_case("Dan LaFleur") == "Dan LaFleur"
