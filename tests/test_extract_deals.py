"""Orders, partnerships, acquisitions and holdings (kg/extract/deals.py), on sentences written for these tests."""

from __future__ import annotations

from conftest import draft_of, labelled, of_class


def test_an_order_placed_with_a_supplier(lexicon):
    draft = draft_of(lexicon, "Casa Verde Energy has placed an 828 MW order with Bluewave Energy for the Tarn wind "
                              "complex.")
    assert labelled(draft, "kgo:supplies") == {("Bluewave Energy", "Casa Verde Energy")}
    order = "Casa Verde Energy's 828 MW order with Bluewave Energy"
    assert order in of_class(draft, "kgo:Agreement")
    assert labelled(draft, "kgo:party") == {(order, "Casa Verde Energy"), (order, "Bluewave Energy")}
    assert labelled(draft, "kgo:plantOf") == {("Tarn wind complex", "Casa Verde Energy")}  # the buyer's, not the seller's


def test_an_order_won_from_a_customer(lexicon):
    draft = draft_of(lexicon, "Bluewave Energy won a contract for 40 turbines from Casa Verde Energy.")
    assert labelled(draft, "kgo:supplies") == {("Bluewave Energy", "Casa Verde Energy")}


def test_partners_listed_after_partnered_with(lexicon):
    draft = draft_of(lexicon, "San Ramon Power partnered with Orvik Energy, Halden Lithium, and Volantis Motors on "
                              "the project.")
    assert labelled(draft, "kgo:partnerOf") == {("San Ramon Power", "Orvik Energy"), ("San Ramon Power", "Halden Lithium"),
                                                ("San Ramon Power", "Volantis Motors")}


def test_a_tie_up_is_a_partnership_with_its_parties(lexicon):
    draft = draft_of(lexicon, "Acme Motors today announced a tie-up with Orvik Energy to install chargers.")
    assert labelled(draft, "kgo:partnerOf") == {("Acme Motors", "Orvik Energy")}
    assert labelled(draft, "kgo:party") == {("Partnership of Acme Motors with Orvik Energy", "Acme Motors"),
                                            ("Partnership of Acme Motors with Orvik Energy", "Orvik Energy")}


def test_an_acquisition_and_a_majority_holding_make_a_subsidiary(lexicon):
    draft = draft_of(lexicon, "Volantis Motors in January closed a deal to acquire 100 percent of Halden Lithium. "
                              "Orvik Energy owns 30% of Acme Motors.")
    assert labelled(draft, "kgo:investsIn") == {("Volantis Motors", "Halden Lithium"), ("Orvik Energy", "Acme Motors")}
    assert labelled(draft, "schema:parentOrganization") == {("Halden Lithium", "Volantis Motors")}  # 30% is no parent


def test_the_parties_of_an_agreement_are_those_of_its_clause(lexicon):
    draft = draft_of(lexicon, "Orvik Energy signed an agreement with Halden Lithium in October, while Volantis Motors "
                              "partnered with Acme Motors on ammonia.")
    agreement = next(e.label for e in draft.entities if e.cls == "kgo:Agreement")
    assert labelled(draft, "kgo:party") == {(agreement, "Orvik Energy"), (agreement, "Halden Lithium")}
    assert labelled(draft, "kgo:partnerOf") == {("Orvik Energy", "Halden Lithium"), ("Volantis Motors", "Acme Motors")}


def test_an_agreement_is_one_the_sentence_says_was_made(lexicon):
    draft = draft_of(lexicon, (
        "Orvik Energy reached a final investment decision on the Tarn wind farm, in partnership with Halden Lithium. "
        "Volantis Motors reached an agreement with Acme Motors to supply cells. "
        "The investment agreement signed between Orvik Energy and Acme Motors in June 2024 runs to 2030."
    ))
    agreements = of_class(draft, "kgo:Agreement")
    assert not any("partnership between" in a.lower() for a in agreements)  # "reached a decision ..., in partnership"
    assert "Investment agreement between Orvik Energy and Acme Motors" in agreements
    signings = of_class(draft, "kgo:Signing")
    assert len(signings) == 1 and "Orvik Energy and Acme Motors" in next(iter(signings))  # "reached": no ceremony


def test_a_completed_acquisition_makes_a_subsidiary(lexicon):
    draft = draft_of(lexicon, "Orvik Lithium completed its acquisition of Halden Metals last year.")
    assert labelled(draft, "kgo:investsIn") == {("Orvik Lithium", "Halden Metals")}
    assert labelled(draft, "schema:parentOrganization") == {("Halden Metals", "Orvik Lithium")}
