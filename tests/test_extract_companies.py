"""Companies and agencies: names caught, one node per company, two organisations joined by "and" kept apart.

Sentences written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import Document, Lexicon, extract

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_data(ROOT / "data")


def draft_of(lexicon: Lexicon, text: str):
    return extract(Document(name="test-article.txt", text=text), lexicon)


def of_class(draft, cls: str) -> set[str]:
    return {e.label for e in draft.entities if e.cls == cls}


def test_companies_by_the_words_around_them(lexicon):
    draft = draft_of(lexicon, (
        "Brightwater, a lithium-ion battery recycling startup, will supply carmaker Volantis. "
        "Korvex's new plant will make cells, and Halden Lithium will refine the ore."
    ))
    assert {"Brightwater", "Volantis", "Korvex", "Halden Lithium"} <= of_class(draft, "kgo:Company")


def test_one_node_per_company(lexicon):
    draft = draft_of(lexicon, (
        "Qinmu Power Technology Co., Ltd. (QPT) signed the deal. Qinmu Power Technology Co Ltd will invest first, "
        "and QPT will hire 500 people. Later, Tarsk Group and Qinmu Power Technology agreed; Tarsk will lead."
    ))
    companies = [e for e in draft.entities if e.cls == "kgo:Company"]
    assert len(companies) == 2, [(e.label, e.alt_labels) for e in companies]
    qinmu = next(e for e in companies if e.label.startswith("Qinmu"))
    assert "QPT" in qinmu.alt_labels


def test_two_organisations_joined_by_and_are_two(lexicon):
    draft = draft_of(lexicon, (
        "The People's Government of Halvik City and the Norland Provincial Department of Commerce hosted the forum. "
        "The Ministry of Science and Technology sent a delegate."
    ))
    agencies = of_class(draft, "kgo:GovernmentAgency")
    assert "People's Government of Halvik City" in agencies
    assert "Norland Provincial Department of Commerce" in agencies
    assert "Ministry of Science and Technology" in agencies


def test_industries_by_their_names(lexicon):
    draft = draft_of(lexicon, (
        "The province backs the new energy industry and the PV sector, and invests in battery recycling. "
        "Innovation in the industry matters, as does the whole industry."
    ))
    assert of_class(draft, "kgo:Industry") == {"New energy industry", "PV industry", "Battery recycling"}
