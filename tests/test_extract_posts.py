"""Posts held (kg/extract/posts.py), on sentences written for these tests."""

from __future__ import annotations

from conftest import draft_of, labelled


def posts(lexicon, text: str) -> set[tuple[str, str, str]]:
    """(post label, holder, organisation) of each post of a draft of ``text``."""
    draft = draft_of(lexicon, text)
    held, within = dict(labelled(draft, "org:heldBy")), dict(labelled(draft, "org:postIn"))
    return {(post, person, within.get(post)) for post, person in held.items()}


def test_a_role_between_commas_before_the_organisation(lexicon):
    found = posts(lexicon, "Tom Hartley, President & Managing Director, Bluewave Energy, said sales rose.")
    assert found == {("President of Bluewave Energy", "Tom Hartley", "Bluewave Energy"),
                     ("Managing Director of Bluewave Energy", "Tom Hartley", "Bluewave Energy")}


def test_an_organisations_possessive_role_after_the_name(lexicon):
    found = posts(lexicon, "Tom Hartley said Bluewave Energy sold more. \"It is key,\" commented Tom Hartley, Bluewave Energy's "
                           "President and Chief Executive Officer.")
    assert ("Chief Executive Officer of Bluewave Energy", "Tom Hartley", "Bluewave Energy") in found
    assert ("President of Bluewave Energy", "Tom Hartley", "Bluewave Energy") in found


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
