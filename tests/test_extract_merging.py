"""One plant, one node: a draft's two namings of one plant are joined, and its figures follow (kg.extract.merging).

The drafts here are built by hand, as the rules would leave them, from an invented article.
"""

from __future__ import annotations

from kg.extract.draft import Draft, DraftEntity, DraftFact, DraftObservation
from kg.extract.merging import merge_units

QUOTE = "Acme Power will build a battery base in the Riverton Free Zone."


def _draft(plants: list[tuple[str, str, str | None]]) -> Draft:
    """A draft with Acme Power, the places Riverton and Riverton Free Zone, and the plants (id, label, site) of
    Acme Power, each with one figure of 20 GWh."""
    draft = Draft(source_id="t", source_file="t.txt", title="t", extractor="kg-rules", version="0")
    draft.entities = [DraftEntity("acme-power", "kgo:Company", "Acme Power", QUOTE, 0.9),
                      DraftEntity("riverton", "kgo:City", "Riverton", QUOTE, 0.9),
                      DraftEntity("riverton-free-zone", "kgo:District", "Riverton Free Zone", QUOTE, 0.9)]
    for ident, label, site in plants:
        draft.entities.append(DraftEntity(ident, "kgo:Plant", label, QUOTE, 0.6))
        draft.facts.append(DraftFact(QUOTE, [(ident, "kgo:plantOf", "acme-power")], 0.6, "plant"))
        if site:
            draft.facts.append(DraftFact(QUOTE, [(ident, "kgo:plantIn", site)], 0.6, "plant"))
        draft.observations.append(DraftObservation(QUOTE, "capacity", ident, 2024, "kgo:GigawattHour", "20 GWh", 0.6))
    return draft


def _plants(draft: Draft) -> list[DraftEntity]:
    return [e for e in draft.entities if e.cls == "kgo:Plant"]


def test_two_namings_of_a_companys_plant_at_one_site_are_one_node_with_its_figures():
    draft = merge_units(_draft([
        ("acme-base", "Acme Power battery manufacturing base in Riverton Free Zone", "riverton-free-zone"),
        ("acme-riverton-plant", "Acme Power plant in Riverton", "riverton"),
    ]))
    (plant,) = _plants(draft)
    assert (plant.id, plant.alt_labels) == ("acme-base", ["Acme Power plant in Riverton"])
    triples = {t for fact in draft.facts for t in fact.triples}
    assert ("acme-base", "kgo:plantIn", "riverton-free-zone") in triples  # the narrower site, and only it
    assert not any(t[0] == "acme-riverton-plant" or t[2] == "riverton" for t in triples)
    assert [(o.area, o.stated_as) for o in draft.observations] == [("acme-base", "20 GWh")]  # the repeat is one


def test_a_plant_with_a_name_of_its_own_gives_the_label():
    draft = merge_units(_draft([("acme-plant", "Acme Power plant in Riverton", "riverton"),
                                ("acme-one", "Acme One", "riverton")]))
    (plant,) = _plants(draft)
    assert (plant.id, plant.label, plant.alt_labels) == ("acme-plant", "Acme One", ["Acme Power plant in Riverton"])


def test_two_named_plants_or_plants_of_no_site_stay_apart():
    named = merge_units(_draft([("riverton-1", "Riverton 1 battery plant", "riverton"),
                                ("riverton-extension", "Riverton Extension battery plant", "riverton")]))
    assert [p.id for p in _plants(named)] == ["riverton-1", "riverton-extension"]
    unsited = merge_units(_draft([("acme-cathode", "Acme Power cathode plant", None),
                                  ("acme-anode", "Acme Power anode plant", None)]))
    assert [p.id for p in _plants(unsited)] == ["acme-cathode", "acme-anode"]
