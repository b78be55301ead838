"""How good the drafts are: the Yibin article against its curated facts (kg eval), and six articles written for
the tests (tests/data/articles/) against what each should yield. Every draft builds and passes SHACL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kg.extract.drafting import draft_files, write_planned
from kg.extract.evaluate import evaluate_files, normalise_name, similarity
from kg.facts.numbers import parse_stated_value

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
SEED = ROOT / "data" / "sources" / "000_6877afdc895f6c52.txt"
GOLD = ROOT / "data" / "facts" / "000_yibin-power-battery-capital.yaml"


@pytest.fixture(scope="module")
def yibin_scores(tmp_path_factory):
    """Draft the seed as `kg extract SEED --out DRAFT` does (the lexicon leaves out the seed's own facts)."""
    out = tmp_path_factory.mktemp("draft") / "yibin-draft.yaml"
    plans = draft_files([SEED], ROOT / "data", ROOT / "ontology" / "kg.ttl", out)
    write_planned(plans)
    assert plans[0].source_path == SEED and not plans[0].copy_source  # the draft quotes the seed itself
    return evaluate_files(GOLD, out).scores


def test_yibin_observations(yibin_scores):
    score = yibin_scores["observations"]
    assert score.recall >= 0.8 and score.precision >= 0.9, score


def test_yibin_entities(yibin_scores):
    score = yibin_scores["entities"]
    assert score.recall >= 0.9 and score.precision >= 0.8, score


def test_yibin_relations_of_the_listed_kinds(yibin_scores):
    score = yibin_scores["relations (listed kinds)"]
    assert score.recall >= 0.6, score
    for kind in ("titles", "posts", "statements"):
        assert yibin_scores[kind].recall >= 0.6, (kind, yibin_scores[kind])


@pytest.fixture(scope="module")
def article_drafts(tmp_path_factory):
    """Each test article drafted and checked (built with the data's facts, validated with SHACL)."""
    out = tmp_path_factory.mktemp("drafts")
    return {path.stem: draft_files([path], ROOT / "data", ROOT / "ontology" / "kg.ttl", out, validate=True)[0]
            for path in ARTICLES}


def _found(expected: dict, draft) -> bool:
    wanted = {normalise_name(n) for n in [expected["label"], *expected.get("alt", [])]}
    return any(wanted & (names := {normalise_name(n) for n in [e.label, *e.alt_labels]})
               or any(similarity(a, b) >= 0.6 for a in wanted for b in names) for e in draft.entities)


def _observed(expected: dict, draft) -> bool:
    periods = expected["period"] if isinstance(expected["period"], list) else [expected["period"]]
    return any(parse_stated_value(o.stated_as)[0] == Decimal(str(expected["value"])) and o.period in periods
               for o in draft.observations)


def test_articles_written_for_the_tests(article_drafts):
    """Entities by name and figures by value and year, against each article's NAME.expect.yaml."""
    found = expected = observed = figures = 0
    for stem, plan in article_drafts.items():
        wanted = yaml.safe_load((ROOT / "tests" / "data" / "articles" / f"{stem}.expect.yaml").read_text("utf-8"))
        entities = [e for e in wanted.get("entities", []) if not e.get("optional")]
        observations = [o for o in wanted.get("observations", []) if not o.get("optional")]
        found += sum(_found(e, plan.draft) for e in entities)
        expected += len(entities)
        observed += sum(_observed(o, plan.draft) for o in observations)
        figures += len(observations)
    assert found / expected >= 0.85, (found, expected)
    assert observed / figures >= 0.75, (observed, figures)


def test_article_relations(article_drafts):
    """A few relations a reader checks first, by label."""
    def labelled(plan, prop):
        labels = {e.id: e.label for e in plan.draft.entities}
        return {(labels.get(s, s), labels.get(o, o)) for f in plan.draft.facts for s, p, o in f.triples if p == prop}

    ningde = article_drafts["ningde-lithium-battery-capital"]
    conferral = "Ningde awarded China's Lithium Battery Capital (2024)"
    assert (conferral, "China Battery Industry Association") in labelled(ningde, "kgo:awardedBy")
    assert (conferral, "China Industrial Association of Power Sources") in labelled(ningde, "kgo:awardedBy")
    changzhou = article_drafts["changzhou-jiangnan-lithium-base"]
    assert ("Jiangnan Lithium (Changzhou) New Energy Co., Ltd.", "Jiangnan Lithium Group") in \
        labelled(changzhou, "schema:parentOrganization")
    assert ("General manager of Jiangnan Lithium Group", "Li Wei") in labelled(changzhou, "org:heldBy")
    assert ("Changzhou", "Jiangsu") in labelled(changzhou, "schema:containedInPlace")
    zhaoqing = article_drafts["zhaoqing-nev-statistics-2023"]
    speakers = labelled(zhaoqing, "kgo:speaker")
    assert any(label.startswith("Chen Hui: Two years ago") and person == "Chen Hui" for label, person in speakers)
    catl = [e for e in ningde.draft.entities if e.id == "catl"]
    assert catl and catl[0].label == "CATL"  # "Contemporary Amperex Technology Co., Limited (CATL)" is the known node
