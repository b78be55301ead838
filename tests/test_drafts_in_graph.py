"""Drafts in the graph: what `kg extract` wrote is marked, with PROV-O, as an extractor's until a reviewer approves it.

The article is invented for these tests. The project is the curated Yibin file plus its draft.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY, ROOT, SOURCE_FILE
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

import kg
from kg.build.turtle import to_turtle
from kg.build.validate import validate_graph
from kg.cli import main
from kg.facts.folder import build_graph
from kg.facts.namespaces import expand_curie
from kg.project import ProjectPaths

KGR = "https://kg.example.org/id/"
KGO = "https://kg.example.org/ontology#"
SCHEMA_VERSION = URIRef("https://schema.org/softwareVersion")
OBS_VALUE = URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
QB_OBSERVATION = URIRef("http://purl.org/linked-data/cube#Observation")
CONFIDENCE = URIRef(KGO + "extractionConfidence")

ARTICLE = """\
Lithium town doubles its output

YICHUN, April 3, 2024 - The city of Yichun, a prefecture-level city in Jiangxi Province, is known for its lithium \
mica deposits.

In 2023, the output value of Yichun's lithium battery industry reached 96.3 billion yuan, an increase of 18.2% over \
the previous year.

Contemporary Amperex Technology Co., Limited has built a cathode plant in Yichun.

The Xiushui Valley Materials Company said that it produced 12,500 tons of lithium carbonate in Yichun in 2023.
"""
DRAFT_NAME = "001_yichun-lithium.yaml"
DRAFT_SOURCE = "001_yichun-lithium.txt"


def extract(*args: str | Path) -> None:
    result = CliRunner().invoke(main, ["extract", *map(str, args), "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """The project's data (the curated Yibin file) with a draft of the article beside it."""
    folder = tmp_path_factory.mktemp("drafts")
    data = folder / "data"
    shutil.copytree(DATA, data)
    article = folder / "Yichun Lithium.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    extract(article, "--data", data)
    assert sorted(p.name for p in (data / "facts").iterdir()) == [
        "000_yibin-power-battery-capital.yaml", DRAFT_NAME]
    return data


@pytest.fixture(scope="module")
def draft(data_dir) -> dict:
    """The draft facts file as YAML data."""
    return yaml.safe_load((data_dir / "facts" / DRAFT_NAME).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(data_dir) -> Graph:
    return build_graph(data_dir, ONTOLOGY)


def source_node(graph: Graph, file_name: str) -> URIRef:
    (node,) = graph.subjects(URIRef(KGO + "fileName"), Literal(file_name))
    return node


def items_from(graph: Graph, source: URIRef) -> set[URIRef]:
    """The reified statements and observations whose evidence is quoted from ``source``."""
    return {item for item, excerpt in graph.subject_objects(PROV.wasDerivedFrom)
            if (excerpt, PROV.wasQuotedFrom, source) in graph
            and ((item, RDF.type, RDF.Statement) in graph or (item, RDF.type, QB_OBSERVATION) in graph)}


def expected_confidences(draft: dict) -> dict[tuple[str, str, str | None], Decimal]:
    """(subject, predicate, object) -> confidence, as the YAML gives them; an observation's object is left open.

    A triple the draft states twice is as sure as its surer evidence, as kg build takes it.
    """
    ids = {e["id"] for e in draft["entities"]}
    found: dict[tuple[str, str, str | None], Decimal] = {}

    def put(key, confidence) -> None:
        found[key] = max(found.get(key, Decimal(0)), Decimal(str(confidence)))

    for entity in draft["entities"]:
        put((KGR + entity["id"], str(RDF.type), expand_curie(entity["class"])), entity["confidence"])
    for fact in draft["facts"]:
        for s, p, o in fact["triples"]:
            put((KGR + s, expand_curie(p), KGR + o if o in ids else str(o)), fact["confidence"])
    for obs in draft["observations"]:
        local = obs.get("id") or f"{obs['indicator']}-{obs['area']}-{obs['period']}"
        put((f"{KGR}observation/{draft['source']['id']}/{local}", str(OBS_VALUE), None), obs["confidence"])
    return found


def test_the_draft_has_entities_facts_and_observations(draft):
    assert draft["draft"] == {"extractor": "kg-rules", "version": kg.__version__}
    assert draft["source"]["file"] == DRAFT_SOURCE
    assert "publisher" not in draft["source"]  # every item of this draft carries a confidence
    assert draft["entities"] and draft["facts"] and draft["observations"]


def test_every_drafted_item_is_generated_by_the_extraction(built):
    source = source_node(built, DRAFT_SOURCE)
    items = items_from(built, source)
    assert len(items) > 10
    (extraction,) = {built.value(item, PROV.wasGeneratedBy) for item in items}
    assert (extraction, RDF.type, URIRef(KGO + "Extraction")) in built
    assert (extraction, PROV.used, source) in built
    (agent,) = built.objects(extraction, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in built
    assert built.value(agent, URIRef(KGO + "extractor")) == Literal("kg-rules")
    assert built.value(agent, SCHEMA_VERSION) == Literal(kg.__version__)
    for item in items:
        assert len(set(built.objects(item, PROV.wasGeneratedBy))) == 1, item
        (confidence,) = built.objects(item, CONFIDENCE)
        assert confidence.datatype == XSD.decimal
        assert 0 < confidence.toPython() <= 1, item


def test_curated_items_have_no_extraction(built):
    items = items_from(built, source_node(built, SOURCE_FILE.name))
    assert len(items) > 200
    for item in items:
        assert (item, PROV.wasGeneratedBy, None) not in built, item
        assert (item, CONFIDENCE, None) not in built, item


def test_confidences_in_the_graph_are_the_yaml_ones(built, draft):
    expected = expected_confidences(draft)
    found = {}
    for item in items_from(built, source_node(built, DRAFT_SOURCE)):
        confidence = built.value(item, CONFIDENCE).toPython()
        if (item, RDF.type, QB_OBSERVATION) in built:
            found[(str(item), str(OBS_VALUE), None)] = confidence
        else:
            s, p, o = (built.value(item, x) for x in (RDF.subject, RDF.predicate, RDF.object))
            found[(str(s), str(p), str(o))] = confidence
    assert found == expected

    def in_yaml(section: str, **match) -> Decimal:
        (item,) = [i for i in draft[section] if all(i.get(k) == v for k, v in match.items())]
        return Decimal(str(item["confidence"]))

    def confidence_of(s: str, p: URIRef, o: URIRef) -> Decimal:
        (statement,) = [st for st in built.subjects(RDF.subject, URIRef(s))
                        if (st, RDF.predicate, p) in built and (st, RDF.object, o) in built
                        and (st, PROV.wasGeneratedBy, None) in built]
        return built.value(statement, CONFIDENCE).toPython()

    # One entity's type, one fact, one observation found by its value.
    assert confidence_of(KGR + "yichun", RDF.type, URIRef(KGO + "City")) == in_yaml("entities", id="yichun")
    place = next(f for f in draft["facts"] if ["yichun", "schema:containedInPlace", "jiangxi"] in f["triples"])
    assert confidence_of(KGR + "yichun", URIRef("https://schema.org/containedInPlace"), URIRef(KGR + "jiangxi")) \
        == Decimal(str(place["confidence"]))
    (observation,) = [o for o in built.subjects(OBS_VALUE, None) if built.value(o, OBS_VALUE).toPython() == Decimal("96.3e9")]
    assert built.value(observation, CONFIDENCE).toPython() == in_yaml("observations", stated_as="96.3 billion yuan")


def test_a_known_entity_drafted_again_keeps_its_curated_statement_apart(built):
    # kgr:catl's type is stated by the curated file and by the draft: two statements, one of them a draft's.
    statements = [st for st in built.subjects(RDF.subject, URIRef(KGR + "catl"))
                  if (st, RDF.predicate, RDF.type) in built]
    assert sorted((st, PROV.wasGeneratedBy, None) in built for st in statements) == [False, True]


def test_the_curated_vs_draft_query_keeps_them_apart(built, draft, tmp_path):
    graph_file = tmp_path / "graph.ttl"
    graph_file.write_bytes(to_turtle(built))
    result = CliRunner().invoke(main, ["query", "curated-vs-draft", "--graph", str(graph_file), "--ontology",
                                       str(ONTOLOGY), "--queries", str(ROOT / "queries"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    drafts = [r for r in rows if r["status"] == "draft"]
    curated = [r for r in rows if r["status"] == "curated"]
    assert len(drafts) + len(curated) == len(rows)

    # The draft's rows, and only they, are drafts: by kg-rules, least sure first, with the YAML's confidences.
    assert {r["file"] for r in drafts} == {DRAFT_SOURCE}
    assert {r["extractor"] for r in drafts} == {f"kg-rules {kg.__version__}"}
    (extraction,) = built.subjects(RDF.type, URIRef(KGO + "Extraction"))
    assert {r["extraction"] for r in drafts} == {str(extraction)}
    confidences = [Decimal(r["confidence"]) for r in drafts]
    assert confidences == sorted(confidences)
    found = {(r["subject"], r["predicate"], None if r["predicate"] == str(OBS_VALUE) else r["object"]):
             Decimal(r["confidence"]) for r in drafts}
    assert len(found) == len(drafts)
    assert found == expected_confidences(draft)
    values = {r["subject"].rsplit("/", 1)[1]: Decimal(r["object"]) for r in drafts if r["predicate"] == str(OBS_VALUE)}
    assert values["output-value-of-lithium-battery-industry-yichun-2023"] == Decimal("96.3e9")

    # Curated rows come after, with no extraction, extractor or confidence.
    assert rows[:len(drafts)] == drafts
    assert {r["file"] for r in curated} == {SOURCE_FILE.name}
    assert {(r["confidence"], r["extraction"], r["extractor"]) for r in curated} == {("", "", "")}
    assert len(curated) == len(items_from(built, source_node(built, SOURCE_FILE.name)))


def test_approving_a_draft_removes_its_marks_and_keeps_its_facts(data_dir, built, tmp_path):
    approved = tmp_path / "data"
    shutil.copytree(data_dir, approved)
    path = approved / "facts" / DRAFT_NAME
    text, removed = re.subn(r"(?m)^draft:\n(?:  .*\n)*", "", path.read_text(encoding="utf-8"))
    assert removed == 1
    path.write_text(text, encoding="utf-8")

    graph = build_graph(approved, ONTOLOGY)
    assert not list(graph.triples((None, PROV.wasGeneratedBy, None)))
    assert not list(graph.triples((None, CONFIDENCE, None)))
    assert not list(graph.subjects(RDF.type, URIRef(KGO + "Extraction")))

    def facts(g: Graph) -> set[tuple]:
        items = items_from(g, source_node(g, DRAFT_SOURCE))
        return {tuple(g.value(i, x) for x in (RDF.subject, RDF.predicate, RDF.object)) if (i, RDF.type, RDF.Statement) in g
                else (i, OBS_VALUE, g.value(i, OBS_VALUE)) for i in items}

    assert facts(graph) == facts(built)
    assert (URIRef(KGR + "yichun"), RDF.type, URIRef(KGO + "City")) in graph


def test_the_draft_graph_conforms_to_the_shapes(built, data_dir):
    report = validate_graph(built, ProjectPaths(data_dir=data_dir, ontology_path=ONTOLOGY))
    assert report.conforms, report.violations[:3]


def test_the_yibin_seed_drafted_alone_conforms_to_the_shapes(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(DATA, project / "data")
    monkeypatch.chdir(project)
    seed = Path("data/sources") / SOURCE_FILE.name
    extract(seed, "--out", tmp_path / "draft.yaml")
    assert sorted(p.name for p in (project / "data" / "facts").iterdir()) == ["000_yibin-power-battery-capital.yaml"]

    alone = tmp_path / "alone"
    (alone / "facts").mkdir(parents=True)
    (alone / "sources").mkdir()
    shutil.copy(tmp_path / "draft.yaml", alone / "facts" / "draft.yaml")
    shutil.copy(SOURCE_FILE, alone / "sources" / SOURCE_FILE.name)
    graph = build_graph(alone, ONTOLOGY)
    report = validate_graph(graph, ProjectPaths(data_dir=alone, ontology_path=ONTOLOGY))
    assert report.conforms, report.violations[:3]
    items = items_from(graph, source_node(graph, SOURCE_FILE.name))
    assert len(items) > 50
    assert all((item, PROV.wasGeneratedBy, None) in graph for item in items)
