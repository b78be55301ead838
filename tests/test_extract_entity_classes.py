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
