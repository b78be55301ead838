"""Posts held (kg/extract/posts.py), on sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import draft_of, labelled


def posts(lexicon, text: str) -> set[tuple[str, str, str]]:
    """(post label, holder, organisation) of each post of a draft of ``text``."""
    draft = draft_of(lexicon, text)
    held, within = dict(labelled(draft, "org:heldBy")), dict(labelled(draft, "org:postIn"))
    return {(post, person, within.get(post)) for post, person in held.items()}


def test_a_role_between_commas_before_the_organisation(lexicon):
    found = posts(lexicon, "Tom Hartley, President & Managing Director, Bluewave Energy, said sales rose.")
    # "President & Managing Director" is one post, as the development sets' golds write it
    assert found == {("President & Managing Director of Bluewave Energy", "Tom Hartley", "Bluewave Energy")}


def test_an_organisations_possessive_role_after_the_name(lexicon):
    found = posts(lexicon, "Tom Hartley said Bluewave Energy sold more. \"It is key,\" commented Tom Hartley, Bluewave Energy's "
                           "President and Chief Executive Officer.")
    assert found == {("President and Chief Executive Officer of Bluewave Energy", "Tom Hartley", "Bluewave Energy")}


def test_an_officer_titled_doctor_after_the_organisation(lexicon):
    found = posts(lexicon, "Bluewave Energy sells cells. The talks followed a meeting with Bluewave Energy chief "
                           "operations officer Dr Tom Hartley on Monday.")
    assert found == {("Chief operations officer of Bluewave Energy", "Tom Hartley", "Bluewave Energy")}


def test_a_national_title_is_a_post_in_that_countrys_government(lexicon):
    draft = draft_of(lexicon, "Meanwhile, Polish President Tom Hartley has called for more steps. A Polish analyst "
                              "Jan Olsen agreed.")
    assert labelled(draft, "org:heldBy") == {("President of Poland", "Tom Hartley")}
    assert labelled(draft, "org:postIn") == {("President of Poland", "Government of Poland")}
    post = next(e for e in draft.entities if e.label == "President of Poland")
    assert "Polish President" in post.alt_labels


def test_the_post_is_named_by_the_organisations_name_in_the_sentence(lexicon):
    found = posts(lexicon, "Bluewave Energy Holdings (BEH) makes cells. Bo Lind, CEO of BEH (left) shakes hands "
                           "with the buyers.")
    assert {(p, person) for p, person, _ in found} == {("CEO of BEH", "Bo Lind")}


def test_a_chief_executive_and_a_director_are_two_posts(lexicon):
    found = posts(lexicon, "\"Sales rose,\" said Tom Hartley, CEO and Director of Bluewave Energy.")
    assert found == {("CEO of Bluewave Energy", "Tom Hartley", "Bluewave Energy"),
                     ("Director of Bluewave Energy", "Tom Hartley", "Bluewave Energy")}


def test_an_organisations_possessive_role_before_the_name_between_commas(lexicon):
    found = posts(lexicon, "Bluewave Energy will build a plant in Riverton. \"We are proud,\" Bluewave Energy's chief "
                           "executive, Jane Moss, said on Monday.")
    assert found == {("Chief executive of Bluewave Energy", "Jane Moss", "Bluewave Energy")}


def test_two_roles_before_the_name(lexicon):
    found = posts(lexicon, "Bluewave Energy will build a plant in Riverton. \"Costs rose,\" said Bluewave Energy "
                           "chairman and CEO Tom Hartley.")
    assert found == {("Chairman of Bluewave Energy", "Tom Hartley", "Bluewave Energy"),
                     ("CEO of Bluewave Energy", "Tom Hartley", "Bluewave Energy")}


def test_a_company_shortened_to_its_first_word(lexicon):
    found = posts(lexicon, "Bluewave Nickel Corp. reported results. \"It is key,\" commented Tom Hartley, Bluewave's "
                           "President and Chief Executive Officer.")
    assert found == {("President and Chief Executive Officer of Bluewave Nickel Corp.", "Tom Hartley",
                      "Bluewave Nickel Corp.")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Bluewave Inc. will expand. Marta Olsen, Bluewave Global CEO, said the plant is ready.",
     ("CEO of Bluewave Inc.", "Marta Olsen", "Bluewave Inc.")),
    ("Bluewave Inc. will expand. \"We are pleased,\" Marta Olsen, the Bluewave Board Chairperson said in a release.",
     ("Board Chairperson of Bluewave Inc.", "Marta Olsen", "Bluewave Inc.")),
    ("Bluewave Inc. will expand. Tomas Lund, the former Bluewave executive behind the project, said it would open.",
     ("Executive of Bluewave Inc.", "Tomas Lund", "Bluewave Inc.")),
])
def test_the_organisation_by_a_shorter_name_before_the_role(lexicon, text, expected):
    assert posts(lexicon, text) == {expected}


def test_a_role_with_a_qualifier_before_of(lexicon):
    found = posts(lexicon, "Marta Olsen, coordinating executive director of Bluewave Energy, said the plant is ready.")
    assert found == {("Executive director of Bluewave Energy", "Marta Olsen", "Bluewave Energy")}


@pytest.mark.parametrize(("text", "post", "person", "ministry"), [
    ("Minister of Transport Omar Haldan joined the event.", "Minister of Transport", "Omar Haldan",
     "Ministry of Transport"),
    ("Union Minister for Power Raj Kumar spoke at the event.", "Union Minister of Power", "Raj Kumar",
     "Ministry of Power"),
])
def test_a_minister_named_by_the_portfolio_is_a_post_in_its_ministry(lexicon, text, post, person, ministry):
    assert posts(lexicon, text) == {(post, person, ministry)}
