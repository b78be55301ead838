"""kg eval: scoring a draft facts file against the gold file, with figures worked out by hand.

tests/data/eval/ holds an invented text (sources/), its gold facts (facts/)
and a draft (drafts/) that differs on purpose:

entities (scored: not indicators, statements, schemes): gold 9, pred 10.
  Matched 8: lanhe, wen-lihua, chairman, china-s-sodium-battery-city by id;
  qingfeng = qingfeng-energy-technology by its alt label "Qingfeng Energy";
  donglin-province ~ donglin (Dice 2/3), wen-lihua-chairman ~ qingfeng-chairman
  (6/7), sodium-battery-city-award ~ sodium-battery-city-conferral-2024 (12/13).
  Missed: eastern-battery-alliance. Extra: lanhe-port (a City like lanhe, but
  lanhe is taken: one to one) and battery-industry.
  P = 8/10, R = 8/9, F1 = 16/19.
events: gold 1 (the conferral, a kgo:TitleConferral), pred 1 (the award), matched as
  entities: P = R = F1 = 1.
observations: gold 2, pred 2. The output value matches though the draft's
  indicator is its own "Battery production value" (Dice with "Output value of
  the battery industry" 4/7 >= 0.5); the charging stations have the wrong year.
  P = R = F1 = 1/2.
figures (value and unit, from the same words): both match, P = R = F1 = 1; of the
  2 matched, the subject (lanhe) is right for 2 and the year for 1 (2023, not 2024).
relations: gold 12; pred 11 distinct (holdsTitle twice counts once).
  Matched 10; missed awardedBy eastern-battery-alliance and about
  qingfeng-energy-technology; extra about lanhe (the wrong object). The
  statement's text "would double its output" matches "the company would
  double its output" (Dice 6/7). P = 10/11, R = 10/12, F1 = 20/23.
listed kinds (schema:startDate and schema:text are not listed): gold 10,
  pred 9, matched 8: P = 8/9, R = 8/10, F1 = 16/19.
  titles 4/3/3: P = 1, R = 3/4, F1 = 6/7; posts 3/3/3 and places 1/1/1: all 1;
  statements 2/2/1: all 1/2; organisers, event links, plants, investments,
  agreements, supply and subsidiaries 0/0/0: all 0.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FACTS_FILE

from kg.cli import main
from kg.errors import SourceError
from kg.facts.model import EntityDecl, Fact, Triple
from kg.extract.evaluate import (
    EVENT_CLASSES,
    RELATION_KINDS,
    Score,
    evaluate,
    evaluate_files,
    load_facts,
    match_entities,
    normalise_name,
    similarity,
    stems,
)

EVAL = Path(__file__).parent / "data" / "eval"
GOLD = EVAL / "facts" / "lanhe-sodium-battery-city.yaml"
PRED = EVAL / "drafts" / "lanhe-draft.yaml"

EXPECTED = {  # row: (gold, pred, matched, precision, recall, f1)
    "entities": (9, 10, 8, 8 / 10, 8 / 9, 16 / 19),
    "events": (1, 1, 1, 1.0, 1.0, 1.0),
    "observations": (2, 2, 1, 1 / 2, 1 / 2, 1 / 2),
    "figures": (2, 2, 2, 1.0, 1.0, 1.0),
    "relations": (12, 11, 10, 10 / 11, 10 / 12, 20 / 23),
    "relations (listed kinds)": (10, 9, 8, 8 / 9, 8 / 10, 16 / 19),
    "titles": (4, 3, 3, 1.0, 3 / 4, 6 / 7),
    "posts": (3, 3, 3, 1.0, 1.0, 1.0),
    "places": (1, 1, 1, 1.0, 1.0, 1.0),
    "organisers": (0, 0, 0, 0.0, 0.0, 0.0),
    "event links": (0, 0, 0, 0.0, 0.0, 0.0),
    "plants": (0, 0, 0, 0.0, 0.0, 0.0),
    "investments": (0, 0, 0, 0.0, 0.0, 0.0),
    "agreements": (0, 0, 0, 0.0, 0.0, 0.0),
    "supply": (0, 0, 0, 0.0, 0.0, 0.0),
    "subsidiaries": (0, 0, 0, 0.0, 0.0, 0.0),
    "statements": (2, 2, 1, 1 / 2, 1 / 2, 1 / 2),
}


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_files(GOLD, PRED)


def test_names_normalise_and_compare_by_stems():
    assert normalise_name("The China’s Power-Battery Capital") == "china power battery capital"
    assert stems("The parts of the batteries") == {"part", "battery"}
    assert similarity("Donglin", "Donglin Province") == pytest.approx(2 / 3)
    assert similarity("", "Donglin") == 0.0


def test_scores_are_the_figures_worked_out_by_hand(evaluation):
    assert list(evaluation.scores) == list(EXPECTED)
    for row, (gold, pred, matched, precision, recall, f1) in EXPECTED.items():
        score = evaluation.scores[row]
        assert (score.gold, score.pred, score.matched) == (gold, pred, matched), row
        assert (score.precision, score.recall, score.f1) == pytest.approx((precision, recall, f1)), row


def test_the_table_shows_a_ratio_of_nothing_as_a_dash(evaluation):
    rows = {line.split("  ")[1].strip() if line.startswith("  ") else line.split("  ")[0]: line.split()
            for line in evaluation.table().splitlines()[3:21]}
    assert rows["plants"][-6:] == ["0", "0", "0", "-", "-", "-"]  # no gold, no prediction: nothing to score
    assert rows["titles"][-6:] == ["4", "3", "3", "1.000", "0.750", "0.857"]


def test_matched_figures_have_their_subject_and_year_scored_apart(evaluation):
    assert evaluation.agreement() == (2, 2, 1)
    assert "of the 2 matched figures: subject right 1.000, period right 0.500" in evaluation.table()
    assert evaluation.as_data()["figures_agreement"] == {"matched": 2, "subject_right": 2, "period_right": 1}


def test_event_classes_are_the_ontologys_kinds_of_event():
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDFS

    graph = Graph().parse(Path(__file__).parent.parent / "ontology" / "kg.ttl")
    kgo = Namespace("https://kg.example.org/ontology#")
    found = {"kgo:" + str(c).removeprefix(str(kgo))
             for c in graph.subjects(RDFS.subClassOf, Namespace("https://schema.org/").Event)}
    assert found == EVENT_CLASSES


def test_missed_and_extra_items(evaluation):
    ids = {side: {c: [i.id for i in items] for c, items in getattr(evaluation, side).items()}
           for side in ("missed", "extra")}
    assert ids["missed"] == {
        "entities": ["eastern-battery-alliance"],
        "observations": ["charging-stations lanhe 2024"],
        "relations": ["sodium-battery-city-conferral-2024 kgo:awardedBy eastern-battery-alliance",
                      "wen-lihua-on-output schema:about qingfeng-energy-technology"],
    }
    assert ids["extra"] == {
        "entities": ["lanhe-port", "battery-industry"],
        "observations": ["charging-stations lanhe 2023"],
        "relations": ["wen-lihua-on-output schema:about lanhe"],
    }
    missed_entity = evaluation.missed["entities"][0]
    assert missed_entity.text == 'eastern-battery-alliance (kgo:IndustryAssociation) "Eastern Battery Alliance"'
    assert (missed_entity.location.path, missed_entity.location.line) == (GOLD, 20)
    assert evaluation.extra["observations"][0].text == "Charging stations, Lanhe, 2023: 1,200"


def test_alias_resolution_maps_draft_ids_to_gold_ids(evaluation):
    assert evaluation.aliases == {
        "donglin-province": "donglin",
        "qingfeng": "qingfeng-energy-technology",
        "sodium-battery-city-award": "sodium-battery-city-conferral-2024",
        "wen-lihua-chairman": "qingfeng-chairman",
    }


def test_a_gold_file_scored_against_itself_is_perfect():
    for path in (GOLD, FACTS_FILE):
        facts = load_facts(path)
        result = evaluate(facts, facts)
        for row, score in result.scores.items():
            # An empty row (no gold, no pred) is 0.0 by definition, not 1.0.
            expected = 1.0 if score.gold else 0.0
            assert (score.precision, score.recall, score.f1) == (expected,) * 3, (path, row)
        assert not any(result.missed.values()) and not any(result.extra.values())
        assert result.aliases == {}


def test_observation_values_compare_without_the_sign_gold_adds():
    gold, pred = load_facts(GOLD), load_facts(PRED)
    gold.observations[0] = replace(gold.observations[0], value=-gold.observations[0].value)
    assert evaluate(gold, pred).scores["observations"].matched == 1
    pred.observations[0] = replace(pred.observations[0], unit="kgo:Count")
    assert evaluate(gold, pred).scores["observations"].matched == 0


def test_dates_compare_as_text_not_by_similarity():
    gold, pred = load_facts(GOLD), load_facts(PRED)
    date = next(t for f in pred.facts for t in f.triples if t.prop == "schema:startDate")
    date.obj = "2024-05-13"
    assert evaluate(gold, pred).scores["relations"].matched == 9


def _plant(f, plant_id: str, label: str, owner: str, site: str | None = None) -> None:
    """Declare a plant of ``owner`` (at ``site``) in a loaded facts file, quoting its first entity's words."""
    first = f.entities[0]
    f.entities.append(EntityDecl(plant_id, "kgo:Plant", label, first.quote, first.location))
    triples = [Triple(plant_id, "kgo:plantOf", owner, first.location)]
    triples += [Triple(plant_id, "kgo:plantIn", site, first.location)] if site else []
    f.facts.append(Fact(first.quote, triples, first.location))


def test_plants_named_apart_pair_by_their_owner_and_site():
    gold, pred = load_facts(GOLD), load_facts(PRED)
    _plant(gold, "qingfeng-lanhe-cell-plant", "Qingfeng sodium cell plant in Lanhe", "qingfeng-energy-technology")
    _plant(pred, "qingfeng-gigafactory", "Qingfeng gigafactory", "qingfeng")  # Dice 1/2 with the gold's name
    assert evaluate(gold, pred).resolve["qingfeng-gigafactory"] == "qingfeng-lanhe-cell-plant"
    # Two plants of the owner on each side: the site pairs one, then the one left on each side is the other.
    _plant(gold, "qingfeng-port-plant", "Qingfeng anode works", "qingfeng-energy-technology", "lanhe")
    _plant(pred, "qingfeng-site", "Qingfeng site", "qingfeng", "lanhe")
    resolve = evaluate(gold, pred).resolve
    assert (resolve["qingfeng-site"], resolve["qingfeng-gigafactory"]) == ("qingfeng-port-plant", "qingfeng-lanhe-cell-plant")
    # A third plant in the draft, of no site: the owner's plants no longer pair one to one, and are left unpaired.
    _plant(pred, "qingfeng-line", "Qingfeng line", "qingfeng")
    resolve = evaluate(gold, pred).resolve
    assert resolve["qingfeng-site"] == "qingfeng-port-plant" and "qingfeng-gigafactory" not in resolve


def test_plants_of_different_owners_pair_by_their_site_when_it_tells_one_apart():
    gold, pred = load_facts(GOLD), load_facts(PRED)
    # The gold gives the plant to a subsidiary the draft did not find, the draft to the parent: one plant in Lanhe.
    _plant(gold, "qingfeng-lanhe-unit", "Qingfeng Lanhe Unit sodium cell plant", "eastern-battery-alliance", "lanhe")
    _plant(pred, "qingfeng-works", "Qingfeng works", "qingfeng", "lanhe")
    assert evaluate(gold, pred).resolve["qingfeng-works"] == "qingfeng-lanhe-unit"
    # Two draft plants at that site: which one is the gold's is not told apart, and neither pairs.
    _plant(pred, "qingfeng-annex", "Qingfeng annex", "qingfeng", "lanhe")
    resolve = evaluate(gold, pred).resolve
    assert "qingfeng-works" not in resolve and "qingfeng-annex" not in resolve


def _agreement(f, agreement_id: str, label: str, parties: list[str]) -> None:
    """Declare an agreement between ``parties`` in a loaded facts file, quoting its first entity's words."""
    first = f.entities[0]
    f.entities.append(EntityDecl(agreement_id, "kgo:Agreement", label, first.quote, first.location))
    f.facts.append(Fact(first.quote, [Triple(agreement_id, "kgo:party", p, first.location) for p in parties],
                        first.location))


def test_agreements_named_apart_pair_by_their_parties():
    gold, pred = load_facts(GOLD), load_facts(PRED)
    _agreement(gold, "alliance-pact", "Qingfeng-Alliance supply pact", ["qingfeng-energy-technology",
                                                                         "eastern-battery-alliance"])
    _agreement(pred, "cooperation-agreement", "Strategic cooperation agreement between Qingfeng and the alliance",
               ["qingfeng", "eastern-battery-alliance"])
    assert evaluate(gold, pred).resolve["cooperation-agreement"] == "alliance-pact"
    # A second draft agreement of the same parties: which one is the gold's is not told apart, and neither pairs.
    _agreement(pred, "framework-agreement", "Framework agreement", ["qingfeng", "eastern-battery-alliance"])
    resolve = evaluate(gold, pred).resolve
    assert "cooperation-agreement" not in resolve and "framework-agreement" not in resolve


def test_entity_matching_is_one_to_one_and_deterministic():
    pred = load_facts(PRED).entities
    gold = load_facts(GOLD).entities
    assert match_entities(gold, pred) == match_entities(list(reversed(gold)), list(reversed(pred)))
    assert "lanhe-port" not in match_entities(gold, pred)


def test_scores_with_nothing_to_count_are_zero():
    assert (Score(0, 0, 0).precision, Score(0, 0, 0).recall, Score(0, 0, 0).f1) == (0.0, 0.0, 0.0)
    assert Score(gold=2, pred=0, matched=0).f1 == 0.0


def test_every_kind_lists_properties():
    assert all(props and all(":" in p for p in props) for props in RELATION_KINDS.values())


def run(*args: str):
    return CliRunner().invoke(main, ["eval", *args])


def test_cli_table_shows_the_figures():
    result = run("--gold", str(GOLD), "--pred", str(PRED))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "draft by test-extractor 0.1" in lines[0]
    def row(name: str) -> list[str]:
        return next(line for line in lines if line.strip().startswith(name)).split()[-6:]
    assert row("entities") == ["9", "10", "8", "0.800", "0.889", "0.842"]
    assert row("relations (listed kinds)") == ["10", "9", "8", "0.889", "0.800", "0.842"]
    assert row("titles") == ["4", "3", "3", "1.000", "0.750", "0.857"]
    assert row("observations") == ["2", "2", "1", "0.500", "0.500", "0.500"]
    assert "Missed (in gold, not matched)" in lines and "Extra (in pred, not matched)" in lines
    assert f'    lanhe-port (kgo:City) "Lanhe port"  ({PRED}:22)' in lines


def test_cli_json_has_the_same_numbers():
    result = run("--gold", str(GOLD), "--pred", str(PRED), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("}\n")
    data = json.loads(result.output)
    for row, (gold, pred, matched, precision, recall, f1) in EXPECTED.items():
        got = data["scores"][row]
        assert (got["gold"], got["pred"], got["matched"]) == (gold, pred, matched)
        assert (got["precision"], got["recall"], got["f1"]) == pytest.approx((precision, recall, f1))
    assert [i["id"] for i in data["missed"]["entities"]] == ["eastern-battery-alliance"]
    assert data["extra"]["relations"][0]["location"] == f"{PRED}:116"
    assert result.output == run("--gold", str(GOLD), "--pred", str(PRED), "--format", "json").output


def test_cli_missing_file_is_one_line_and_exit_1(tmp_path):
    result = run("--gold", str(GOLD), "--pred", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("kg: error: ")
    assert "nope.yaml: facts file not found" in result.output


def test_cli_refuses_files_of_different_sources(tmp_path):
    source = EVAL / "sources" / "lanhe-sodium-battery-city.txt"
    pred = tmp_path / "other" / "drafts" / "lanhe-draft.yaml"
    (pred.parent.parent / "sources").mkdir(parents=True)
    pred.parent.mkdir()
    shutil.copy(PRED, pred)
    (pred.parent.parent / "sources" / source.name).write_text(source.read_text(encoding="utf-8") + "More.\n",
                                                              encoding="utf-8")
    result = run("--gold", str(GOLD), "--pred", str(pred))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert f"kg: error: {GOLD} and {pred} quote different sources" in result.output
    with pytest.raises(SourceError, match="different sources"):
        evaluate_files(GOLD, pred)


def test_a_draft_without_a_sources_folder_reads_the_gold_files(tmp_path):
    shutil.copy(PRED, tmp_path / "draft.yaml")
    assert evaluate_files(GOLD, tmp_path / "draft.yaml").scores["entities"].matched == 8
