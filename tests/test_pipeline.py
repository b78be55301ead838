"""The per-document build (kg.build.pipeline): the same graph and report as one pass, a cache that redoes what an
edit touches and nothing else, and the same bytes from every executor, a real Dask cluster included."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from helpers import plant_awards, synthetic_with_seed
from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

from kg.build.outputs import build_project
from kg.build.pipeline import build_corpus
from kg.build.turtle import to_turtle
from kg.build.validate import validate_graph
from kg.errors import ValidationFailed
from kg.facts.folder import build
from kg.project import ProjectPaths

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Three synthetic articles (benchmarks/corpus.py: entities shared across them) and the seed article."""
    return synthetic_with_seed(tmp_path_factory.mktemp("corpus") / "data")


def _project(data: Path, out: Path, ontology: Path = ONTOLOGY) -> ProjectPaths:
    return ProjectPaths(data_dir=data, ontology_path=ontology, out_dir=out)


def test_parts_give_the_graph_and_the_bytes_of_one_pass(corpus, tmp_path):
    parts = build_corpus(corpus, ONTOLOGY, executor="serial")
    graph, _ = build(corpus, ONTOLOGY)
    assert len(parts.lines) == len(graph) > 8_000
    made = build_project(_project(corpus, tmp_path / "out"), validate=False)
    # graph.ttl also names the ontology's terms the graph uses as values, so that it stands alone
    ontology = Graph().parse(ONTOLOGY)
    for term in set(graph.objects()):
        for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
            for name in ontology.objects(term, predicate):
                graph.add((term, predicate, name))
    assert made.graph_path.read_bytes() == to_turtle(graph)
    assert made.documents == 4 and made.summary.sources == 4


# Yibin again, declared as the seed declares it, with a second province: each file is right alone, the two
# together give Yibin two containing places (the shapes allow one).
PLANTED_SHARED = """
source:
  id: second-yibin
  file: second-yibin.txt
  title: "Yibin again"
  language: en
entities:
  - id: yibin
    class: kgo:City
    label: "Yibin"
    quote: "Yibin is a city."
  - id: guizhou
    class: kgo:Province
    label: "Guizhou"
    quote: "Guizhou is a province."
facts:
  - quote: "Yibin is a city."
    triples:
      - [yibin, schema:containedInPlace, guizhou]
"""


@pytest.mark.parametrize("group", [20_000, 30], ids=["shared nodes in one group", "in many groups"])
def test_parts_report_what_validating_the_whole_graph_reports(tmp_path, monkeypatch, group):
    """Planted errors of three kinds: in a node one document holds (two documents), and in a node two
    documents describe, which neither shows alone. The parts' report is the whole graph's, file and line."""
    monkeypatch.setattr("kg.build.shared.SHARED_GROUP_TRIPLES", group)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    plant_awards(data)
    (data / "sources" / "second-yibin.txt").write_text("Yibin is a city. Guizhou is a province.\n", encoding="utf-8")
    (data / "facts" / "003_second-yibin.yaml").write_text(PLANTED_SHARED, encoding="utf-8")

    parts = build_corpus(data, ONTOLOGY, SHAPES, executor="local")
    graph, locations = build(data, ONTOLOGY)
    whole = validate_graph(graph, ProjectPaths(data, ONTOLOGY), locations=locations)
    assert parts.report.violations == whole.violations
    found = {(v.focus, v.path, v.expected) for v in parts.report.violations}
    assert ("kgr:yibin", "schema:containedInPlace", "at most 1 value(s)") in found
    assert {(v.focus, v.path) for v in parts.report.violations} >= {
        ("kgr:lanzhou-award", "kgo:recipient"), ("kgr:xuzhou-award", "kgo:awardedTitle")}
    where = {v.focus: v.where for v in parts.report.violations}
    assert where["kgr:xuzhou-award"] == f"{data / 'facts' / '002_xuzhou.yaml'}:8"


def test_a_valid_corpus_conforms_however_its_shared_nodes_are_grouped(corpus, monkeypatch):
    monkeypatch.setattr("kg.build.shared.SHARED_GROUP_TRIPLES", 30)
    report = build_corpus(corpus, ONTOLOGY, SHAPES).report
    assert (report.conforms, report.violations) == (True, [])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_redoes_its_document_and_gives_the_bytes_of_a_fresh_build(corpus, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    project = _project(data, tmp_path / "out")
    first = build_project(project)
    assert (first.documents, first.reused) == (4, 0)
    facts = sorted((data / "facts").glob("00[0-9]_*.yaml"))[1]  # a synthetic article
    text = facts.read_text(encoding="utf-8")
    event = next(line for line in text.splitlines() if "label:" in line and "conference" in line.lower())
    _edit(facts, event, event.replace('label: "', 'label: "The '))
    again = build_project(project)
    assert (again.documents, again.reused) == (4, 3)
    fresh = build_project(_project(data, tmp_path / "fresh"))
    assert fresh.reused == 0
    assert again.graph_path.read_bytes() == fresh.graph_path.read_bytes()
    assert (tmp_path / "out" / "build.json").read_bytes() == (tmp_path / "fresh" / "build.json").read_bytes()


@pytest.mark.parametrize("change, redone", [
    ("facts", 1), ("source", 1), ("ontology", 4), ("shapes", 4), ("kg version", 4), ("nothing", 0),
])
def test_the_cache_is_keyed_by_every_input(corpus, tmp_path, monkeypatch, change, redone):
    data, ontology_dir = tmp_path / "data", tmp_path / "ontology"
    shutil.copytree(corpus, data)
    shutil.copytree(ROOT / "ontology", ontology_dir)
    project = _project(data, tmp_path / "out", ontology_dir / "kg.ttl")
    assert build_project(project, executor="serial").reused == 0
    facts = next(f for f in sorted((data / "facts").glob("*.yaml")) if (data / "sources" / f"{f.stem}.txt").is_file())
    if change == "facts":
        facts.write_text(facts.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    elif change == "source":
        source = data / "sources" / f"{facts.stem}.txt"
        source.write_text(source.read_text(encoding="utf-8") + "\nA line added after the article.\n", encoding="utf-8")
    elif change == "ontology":
        (ontology_dir / "kg.ttl").write_text((ontology_dir / "kg.ttl").read_text(encoding="utf-8") + "\n# note\n")
    elif change == "shapes":
        (ontology_dir / "shapes.ttl").write_text((ontology_dir / "shapes.ttl").read_text(encoding="utf-8") + "\n# note\n")
    elif change == "kg version":
        monkeypatch.setattr("kg.build.tasks.__version__", "99.0")
        monkeypatch.setattr("kg.build.cache.__version__", "99.0")
    again = build_project(project, executor="serial")
    assert again.documents - again.reused == redone


def test_a_dask_cluster_builds_the_same_bytes(corpus, tmp_path):
    """A real dask.distributed cluster with worker processes, on loopback, stopped by this test."""
    import distributed  # a test dependency (pyproject's test extra)
    local = build_project(_project(corpus, tmp_path / "local"))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        on_dask = build_project(_project(corpus, tmp_path / "dask"), executor=f"dask://{address}")
        # The documents' work ran on the cluster: its scheduler saw one build_part per document, done and let go.
        assert cluster.scheduler.task_prefixes["build_part"].state_counts["forgotten"] == 4
    assert on_dask.reused == 0
    assert on_dask.graph_path.read_bytes() == local.graph_path.read_bytes()


def test_an_unknown_or_unreachable_executor_is_one_line(corpus, tmp_path):
    from kg.errors import KgError

    with pytest.raises(KgError, match="unknown executor; use local, serial or dask://HOST:PORT"):
        build_project(_project(corpus, tmp_path / "out"), executor="ray://x")
    from tests.servers import free_port

    with pytest.raises(KgError, match="cannot reach the Dask scheduler"):
        build_project(_project(corpus, tmp_path / "out"), executor=f"dask://127.0.0.1:{free_port()}")
    assert not (tmp_path / "out").exists()


def test_a_rebuild_after_edits_changes_the_store_and_writes_what_a_fresh_build_writes(tmp_path):
    """Ten documents; one label edited and one document removed: the rebuild merges from the last build's lines
    and changes its store by the difference. graph.ttl is byte-identical to a fresh build's, and the store
    answers the new label and no longer the removed document."""
    import pyoxigraph as ox
    from corpus import generate_corpus

    from kg.build.merge import read_state

    data = tmp_path / "data"
    generate_corpus(10, data, seed=3)
    out = tmp_path / "out"
    build_project(_project(data, out))
    first = read_state(out / ".cache")
    assert first is not None and len(first.parts) == 10 and first.store

    facts = sorted((data / "facts").glob("*.yaml"))
    text = facts[4].read_text(encoding="utf-8")
    lines = text.splitlines()  # a statement's label: statements are the document's own
    label = next(lines[i + 1] for i, line in enumerate(lines) if line == "    class: kgo:Statement")
    facts[4].write_text(text.replace(label, label.replace('label: "', 'label: "Renamed '), 1), encoding="utf-8")
    removed_source = facts[7].read_text(encoding="utf-8").split("id: ", 1)[1].split("\n", 1)[0].strip()
    facts[7].unlink()

    again = build_project(_project(data, out))
    state = read_state(out / ".cache")
    assert again.reused == 8 and len(state.parts) == 9 and state.store != first.store
    removed, added = again.store_change  # changed, not loaded whole
    assert 0 < added < removed < len(again.lines) / 5
    fresh = build_project(_project(data, tmp_path / "fresh"))
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()
    # The merged lines, changed in place by the edit, are the file a whole merge writes, with the same counts.
    assert again.lines == fresh.lines and (out / ".cache" / "merged.lines").read_bytes() == \
        (tmp_path / "fresh" / ".cache" / "merged.lines").read_bytes()
    assert state.held_by_several == read_state(tmp_path / "fresh" / ".cache").held_by_several
    # The counts kg build prints, changed by the lines removed and added, are those of the fresh build.
    assert again.summary == fresh.summary and again.summary.sources == 9

    store = ox.Store.read_only(str(out / "oxigraph"))
    assert len(store) == len(ox.Store.read_only(str(tmp_path / "fresh" / "oxigraph")))
    renamed = label.split('label: "', 1)[1].rstrip('"')
    labels = {row["label"].value for row in store.query('SELECT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }')}
    assert f"Renamed {renamed}" in labels and renamed not in labels
    kept_source = facts[3].read_text(encoding="utf-8").split("id: ", 1)[1].split("\n", 1)[0].strip()
    assert bool(store.query(f'ASK {{ <https://kg.example.org/id/source/{kept_source}> ?p ?o }}'))
    assert not bool(store.query(f'ASK {{ <https://kg.example.org/id/source/{removed_source}> ?p ?o }}'))


def test_a_sparql_constraint_of_ones_own_stops_the_build(corpus, tmp_path):
    """A SPARQL constraint of one's own that the corpus breaks, in several documents and in a node they share:
    reported with the file and line of its node, and nothing is written."""
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    shutil.copy(ONTOLOGY, ontology / "kg.ttl")
    (ontology / "shapes.ttl").write_text(SHAPES.read_text(encoding="utf-8") + """
kgs:CompanyNameShape a sh:NodeShape ;
    sh:targetClass kgo:Company ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "a company's label must not be in capitals" ;
        sh:prefixes <https://kg.example.org/shapes> ;
        sh:select \"\"\"SELECT $this ?path ?value WHERE {
            $this rdfs:label ?value . BIND (rdfs:label AS ?path) FILTER (UCASE(STR(?value)) = STR(?value)) }\"\"\" ;
    ] .
""", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed) as failed:
        build_project(_project(corpus, out, ontology / "kg.ttl"))
    found = {(v.focus, v.expected, v.found) for v in failed.value.report.violations}
    assert ("kgr:catl", "a company's label must not be in capitals", '"CATL"@en') in found
    catl = next(v for v in failed.value.report.violations if v.focus == "kgr:catl")
    assert catl.label == "CATL" and catl.where.startswith(str(corpus / "facts"))
    assert not out.exists()


def _declaration(text: str, entity_id: str) -> str:
    """The block of lines that declares ``entity_id`` in a facts file's text."""
    start = text.index(f"  - id: {entity_id}\n")
    ends = [i for i in (text.find("\n  - id:", start + 1), text.find("\n\n", start)) if i > 0]
    return text[start: min(ends) + 1]


@pytest.mark.parametrize("also_source", [False, True])
def test_the_entities_are_checked_as_one_pass_checks_them(corpus, tmp_path, also_source):
    """The build declares each file's entities as it reads it (its outline then keeps only their ids): the
    first error is the one pass's, a second declaration in one file after two other files' included, and a
    source id used twice before any entity's clash."""
    from kg.errors import FactError
    from kg.facts.folder import facts_files

    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    paths = facts_files(data)
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    shared = next(line[len("  - id: "):] for line in texts[paths[0]].splitlines() if line.startswith("  - id: ")
                  and sum(f"  - id: {line[len('  - id: '):]}\n" in t for t in texts.values()) >= 3)
    holders = [path for path in paths if f"  - id: {shared}\n" in texts[path]]
    block = _declaration(texts[holders[-1]], shared)
    holders[-1].write_text(texts[holders[-1]].replace(block, block + block, 1), encoding="utf-8")
    if also_source:  # the last file takes the first's source id
        first_id = texts[paths[0]].split("\n  id: ", 1)[1].split("\n", 1)[0]
        last = holders[-1].read_text(encoding="utf-8")
        own_id = last.split("\n  id: ", 1)[1].split("\n", 1)[0]
        holders[-1].write_text(last.replace(f"\n  id: {own_id}\n", f"\n  id: {first_id}\n", 1), encoding="utf-8")
    with pytest.raises(FactError) as expected:
        build(data, ONTOLOGY)
    assert ("is also declared" if also_source else "declared twice in this file") in str(expected.value)
    with pytest.raises(FactError) as found:
        build_corpus(data, ONTOLOGY, SHAPES, cache_dir=tmp_path / "cache", executor="serial")
    assert str(found.value) == str(expected.value)
