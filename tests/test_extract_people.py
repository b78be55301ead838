"""People by titles, posts, speech and name shapes, and the posts they hold, on sentences written for these tests."""

from __future__ import annotations

from conftest import draft_of


def people(draft) -> set[str]:
    return {e.label for e in draft.entities if e.cls == "kgo:Person"}


def test_titles_before_a_name_make_a_person(lexicon):
    draft = draft_of(lexicon, (
        "Governor Marla J. Okafor opened the plant. Minister of Industry Tomas Lindqvist and Premier Ravi Desai "
        "attended, as did chief executive Ingrid Solberg."
    ))
    assert {"Marla J. Okafor", "Tomas Lindqvist", "Ravi Desai", "Ingrid Solberg"} <= people(draft)


def test_a_post_or_speech_after_a_name_makes_a_person(lexicon):
    draft = draft_of(lexicon, (
        "Dana McAllister, chief financial officer of Brightcell Energy Inc., spoke first. "
        "Kwame Mensah said the line would start in May. Li Wei, an analyst, agreed."
    ))
    assert {"Dana McAllister", "Kwame Mensah", "Li Wei"} <= people(draft)


def test_capitalised_names_without_evidence_are_not_people(lexicon):
    draft = draft_of(lexicon, "Brightcell Energy and Northern Lithium Works will share a site near the harbour.")
    assert people(draft) == set()


def test_the_family_name_alone_refers_back_to_the_person(lexicon):
    draft = draft_of(lexicon, "Premier Ravi Desai opened the plant. Desai said it would employ 900 people.")
    assert people(draft) == {"Ravi Desai"}
    speakers = {o for f in draft.facts for s, p, o in f.triples if p == "kgo:speaker"}
    assert speakers == {next(e.id for e in draft.entities if e.label == "Ravi Desai")}


def posts(draft) -> set[tuple[str, str]]:
    labels = {e.id: e.label for e in draft.entities}
    held = {}
    for fact in draft.facts:
        for s, p, o in fact.triples:
            if p == "org:heldBy":
                held[s] = labels[o]
    return {(labels[post], person) for post, person in held.items()}


def test_posts_after_and_before_the_name(lexicon):
    draft = draft_of(lexicon, (
        "Dana McAllister, CEO and Director of Brightcell Energy Inc., opened the line. "
        "Brightcell Energy's chairman Omar Haddad spoke next."
    ))
    found = posts(draft)
    assert ("CEO of Brightcell Energy Inc.", "Dana McAllister") in found
    assert ("Director of Brightcell Energy Inc.", "Dana McAllister") in found
    assert ("Chairman of Brightcell Energy Inc.", "Omar Haddad") in found


def test_a_post_held_in_a_place_is_in_its_government(lexicon):
    draft = draft_of(lexicon, "Ontario Premier Ravi Desai welcomed the investment in Canada.")
    assert ("Premier of Ontario", "Ravi Desai") in posts(draft)
    agency = next(e for e in draft.entities if e.label == "Government of Ontario")
    ontario = next(e for e in draft.entities if e.label == "Ontario")
    assert (agency.id, "kgo:jurisdiction", ontario.id) in {t for f in draft.facts for t in f.triples}


def test_a_name_after_a_verb_of_speech_and_a_title_with_the_family_name(lexicon):
    draft = draft_of(lexicon, (
        '"The mood has never been better," says Bengt Okafor, who leads the council. '
        'Governor Marla J. Desai opened the plant. "We are proud," said Governor Desai.'
    ))
    assert people(draft) == {"Bengt Okafor", "Marla J. Desai"}
    speakers = {o for f in draft.facts for s, p, o in f.triples if p == "kgo:speaker"}
    assert speakers == {e.id for e in draft.entities if e.cls == "kgo:Person"}


def test_posts_of_the_board_in_an_acronym_and_in_the_company_named_before(lexicon):
    draft = draft_of(lexicon, (
        "Dana Hale, secretary of the board of directors of Acme Solar, said the plant is key. "
        "Meanwhile, NIDA deputy chief executive officer (investment development) Tom Reid said it marks a milestone. "
        "Voltra Motors will build a plant. “This facility is the crown jewel,” said Ana Soler, the company’s vice "
        "president of government relations. Orrin Rare Earths said sales rose. Orrin CEO Amanda Lake said so."
    ))
    assert posts(draft) >= {
        ("Secretary of the board of directors of Acme Solar", "Dana Hale"),
        ("Deputy chief executive officer (investment development) of NIDA", "Tom Reid"),
        ("Vice president of Voltra Motors", "Ana Soler"),
        ("CEO of Orrin Rare Earths", "Amanda Lake"),
    }


def test_a_family_name_alone_is_the_person_not_a_place_of_that_name(lexicon):
    draft = draft_of(lexicon, (
        "“We cannot rush,” Ines Marlow, director of Orrin Nickel, said in Indonesia. "
        "The waste can be removed, Marlow said."
    ))
    assert "Marlow" not in {e.label for e in draft.entities if e.cls != "kgo:Person"}
    assert people(draft) == {"Ines Marlow"}


def test_titles_and_portfolios_before_a_name_stay_out_of_it(lexicon):
    draft = draft_of(lexicon, (
        "Ministers were joined by Norland Premier Dana Hale, Minister of Economic Development Tom Reid, along with "
        "Riverton Mayor Ana Soler. The US government will fund the plant."
    ))
    assert people(draft) == {"Dana Hale", "Tom Reid", "Ana Soler"}
    # (the minister's post is in the "Ministry of Economic Development" the portfolio names: posts.py, not counted here)
    agencies = [e.label for e in draft.entities if e.cls == "kgo:GovernmentAgency" and "Riverton" not in e.label
                and "Norland" not in e.label and not e.label.startswith("Ministry of ")]
    assert agencies == ["US government"]  # one node, not also "Government of United States"
