"""Building: byte-identical output, independent parsers, many documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from conftest import DATA, ONTOLOGY
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.build.summary import summarize
from kg.build.turtle import write_graph
from kg.errors import FactError
from kg.facts.folder import build_graph
from kg.facts.namespaces import KGO, KGR


def test_two_builds_are_byte_identical(tmp_path):
    first = write_graph(build_graph(DATA, ONTOLOGY), tmp_path / "a").read_bytes()
    second = write_graph(build_graph(DATA, ONTOLOGY), tmp_path / "b").read_bytes()
    assert first == second


def test_builds_in_separate_processes_are_byte_identical(tmp_path):
    """Different hash seeds change set and dict order; the output must not follow them."""
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "--data", str(DATA), "--ontology", str(ONTOLOGY),
                        "--out", str(out), "--no-validate"], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append((out / "graph.ttl").read_bytes())
    assert outputs[0] == outputs[1]


def test_output_is_readable_by_other_users(graph, tmp_path):
    path = write_graph(graph, tmp_path)
    assert path.stat().st_mode & 0o044 == 0o044


def test_turtle_reads_back_in_rdflib_and_pyoxigraph(graph, tmp_path):
    path = write_graph(graph, tmp_path)
    again = Graph().parse(path, format="turtle")
    assert isomorphic(graph, again)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)
    (row,) = store.query("""
        PREFIX kgo: <https://kg.example.org/ontology#>
        PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?v ?quote WHERE {
          ?o kgo:indicator <https://kg.example.org/id/high-tech-industry-operating-income> ; kgo:year 2022 ;
             sdmx-measure:obsValue ?v ; prov:wasDerivedFrom/kgo:quote ?quote }""")
    assert row["v"].value in ("163522000000", "163522000000.0")
    assert row["v"].datatype.value == "http://www.w3.org/2001/XMLSchema#decimal"
    assert "163.522 billion yuan" in row["quote"].value


def test_no_blank_nodes_for_entities(graph):
    from rdflib import BNode
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_summary_counts(graph):
    summary = summarize(graph)
    assert summary.sources == 1
    assert summary.observations == 38
    assert summary.entities_by_class["kgo:BatteryComponent"] == 6
    assert summary.entities_by_class["kgo:ChainProduct"] == 2
    assert summary.entities_by_class["kgo:City"] == 1


SECOND_SOURCE = "CATL opened a plant in Sichuan’s capital. The plant makes battery cells.\n"
SECOND_FACTS = """
source:
  id: second-article
  file: second.txt
  title: A second article
  language: en
entities:
  - id: catl
    class: kgo:Company
    label: CATL
    quote: "CATL opened a plant"
  - id: sichuan
    class: kgo:Province
    label: Sichuan
    quote: "a plant in Sichuan's capital"
  - id: catl-sichuan-plant
    class: kgo:CompanyArrival
    label: CATL plant in Sichuan
    quote: "CATL opened a plant in Sichuan’s capital"
facts:
  - quote: "CATL opened a plant in Sichuan's capital."
    triples:
      - [catl-sichuan-plant, kgo:company, catl]
      - [catl-sichuan-plant, schema:location, sichuan]
"""


def _add_second_article(data: Path, facts: str = SECOND_FACTS) -> None:
    (data / "sources" / "second.txt").write_text(SECOND_SOURCE, encoding="utf-8")
    (data / "facts" / "second.yaml").write_text(facts, encoding="utf-8")


def test_second_article_needs_no_code_and_shares_entities(scratch_data):
    _add_second_article(scratch_data)
    graph = build_graph(scratch_data, ONTOLOGY)
    catl = KGR["catl"]
    assert len(set(graph.objects(catl, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))) == 1
    arrivals = set(graph.subjects(KGO.company, catl))
    assert arrivals == {KGR["catl-arrival-in-yibin-2019"], KGR["catl-sichuan-plant"]}
    files = {str(row[0]) for row in graph.query("""
        SELECT DISTINCT ?file WHERE { ?st rdf:subject <https://kg.example.org/id/catl> ; rdf:predicate rdf:type ;
            <http://www.w3.org/ns/prov#wasDerivedFrom>/<http://www.w3.org/ns/prov#wasQuotedFrom>/<https://kg.example.org/ontology#fileName> ?file }""")}
    assert files == {"000_6877afdc895f6c52.txt", "second.txt"}


def test_conflicting_entity_declarations_are_refused(scratch_data):
    _add_second_article(scratch_data, SECOND_FACTS.replace("label: CATL\n", "label: Contemporary Amperex\n"))
    with pytest.raises(FactError, match=r"second.yaml:\d+ \(label\): entity 'catl' has label 'Contemporary Amperex' here"):
        build_graph(scratch_data, ONTOLOGY)


def test_every_minted_term_is_documented():
    """kg's own classes and properties: label and comment; properties also domain and range."""
    from rdflib.namespace import OWL, RDF, RDFS

    from kg.facts.ontology import load_ontology

    ontology = load_ontology(ONTOLOGY)
    minted = lambda kind: {t for t in ontology.subjects(RDF.type, kind) if str(t).startswith(str(KGO))}  # noqa: E731
    properties = minted(OWL.ObjectProperty) | minted(OWL.DatatypeProperty)
    classes = minted(OWL.Class)
    assert len(properties) > 50 and len(classes) > 30
    missing = [
        (ontology.namespace_manager.normalizeUri(term), what)
        for term in sorted(properties | classes)
        for what, prop in (("label", RDFS.label), ("comment", RDFS.comment), ("domain", RDFS.domain), ("range", RDFS.range))
        if (term in properties or what in ("label", "comment")) and ontology.value(term, prop) is None
    ]
    assert missing == []


def test_an_unwritable_output_is_refused_before_the_build(tmp_path, monkeypatch):
    """A file where the output folder should be: one line at once, before any facts file is read."""
    from click.testing import CliRunner

    import kg.facts.folder
    from kg.cli import main

    (tmp_path / "blocker").write_text("a file")
    monkeypatch.setattr(kg.facts.folder, "build", lambda *a, **k: pytest.fail("the build ran before the check"))
    result = CliRunner().invoke(main, ["build", "--data", str(DATA), "--ontology", str(ONTOLOGY),
                                       "--out", str(tmp_path / "blocker" / "out")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"kg: error: {tmp_path / 'blocker' / 'out'}: cannot write: {tmp_path / 'blocker'} is a file, not a folder"


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    import os

    from kg.files import write_atomic

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "graph.ttl", b"data")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_exits_130_with_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import kg.build.pipeline
    from kg.cli import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.build.pipeline, "build_corpus", interrupted)
    result = CliRunner().invoke(main, ["build", "--data", str(DATA), "--ontology", str(ONTOLOGY),
                                       "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (130, "kg: interrupted\n")
    assert not (tmp_path / "out").exists()


def test_an_entity_declared_twice_in_one_file_is_refused(scratch_data):
    from kg.errors import FactError

    facts = scratch_data / "facts" / "000_yibin-power-battery-capital.yaml"
    text = facts.read_text(encoding="utf-8")
    first = "  - id: catl\n"
    block = text[text.index(first): text.index("  - id:", text.index(first) + 1)]
    facts.write_text(text.replace(block, block + block, 1), encoding="utf-8")
    line = text[: text.index(first)].count("\n") + 1
    again = line + block.count("\n")
    with pytest.raises(FactError, match=rf"000_yibin-power-battery-capital.yaml:{again} \(id\): entity 'catl' is "
                                        rf"declared twice in this file \(also at line {line}\)"):
        build_graph(scratch_data, ONTOLOGY)
