"""A rebuild's check of the nodes several documents share (kg.build.shared.recheck_shared): from the last
build's state, only the nodes an edit touches are checked again, and the report and the state kept are those
a fresh build gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import synthetic_with_seed

from kg.build import shared as shared_module
from kg.build.merge import read_state, write_state
from kg.build.pipeline import build_corpus

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"

# Riverton declared again with a second containing place: each file is right alone; together they give
# Riverton two containing places (the shapes allow one), a violation of a node two documents describe.
SECOND = """
source:
  id: second-riverton
  file: second-riverton.txt
  title: "Riverton again"
  language: en
entities:
  - id: {city}
    class: kgo:City
    label: "{label}"
    quote: "{label} is a city."
  - id: bluewave-province
    class: kgo:Province
    label: "Bluewave"
    quote: "Bluewave is a province."
facts:
  - quote: "{label} is a city."
    triples:
      - [{city}, schema:containedInPlace, bluewave-province]
"""


@pytest.fixture()
def data(tmp_path) -> Path:
    return synthetic_with_seed(tmp_path / "data")


def _build(data: Path, cache: Path | None):
    corpus = build_corpus(data, ONTOLOGY, SHAPES, cache_dir=cache, executor="serial")
    if cache is not None:
        write_state(cache, corpus.merged)
    return corpus


def test_a_rebuild_checks_the_shared_nodes_an_edit_touches_and_reports_what_a_fresh_build_reports(
        data, tmp_path, monkeypatch):
    monkeypatch.setattr(shared_module, "SHARED_GROUP_TRIPLES", 30)  # many groups: which ones run is seen
    checked: list[str] = []
    real = shared_module.validate_shared

    def counting(task):
        checked.extend(str(node) for node in task.focus)
        return real(task)

    monkeypatch.setattr(shared_module, "validate_shared", counting)
    cache = tmp_path / "cache"
    cache.mkdir()
    first = _build(data, cache)
    assert first.report.conforms
    every = set(checked)
    city = next(node for node in sorted(every) if _declared_as_city(data, node))
    city_id, label = city.rsplit("/", 1)[1], _label(data, city.rsplit("/", 1)[1])

    # A document that gives a shared city a second containing place: the rebuild finds the violation.
    (data / "sources" / "second-riverton.txt").write_text(f"{label} is a city. Bluewave is a province.\n",
                                                          encoding="utf-8")
    (data / "facts" / "009_second-riverton.yaml").write_text(SECOND.format(city=city_id, label=label),
                                                            encoding="utf-8")
    checked.clear()
    again = _build(data, cache)
    assert again.merged.previous is not None  # merged from the last build's lines, checked from its state
    assert city in checked and 0 < len(set(checked)) < len(every) / 10
    fresh = build_corpus(data, ONTOLOGY, SHAPES, executor="serial")
    assert again.report.violations == fresh.report.violations
    assert any(v.focus == f"kgr:{city_id}" and v.path == "schema:containedInPlace"
               for v in again.report.violations)
    kept, whole = read_state(cache).shared, fresh.merged.state.shared
    assert (kept.violations, kept.statements, kept.named, kept.namers) == \
        (whole.violations, whole.statements, whole.named, whole.namers)
    assert read_state(cache).subject_holders == fresh.merged.state.subject_holders

    # Taken out again: the violation goes, and the state is a fresh build's again.
    (data / "facts" / "009_second-riverton.yaml").unlink()
    checked.clear()
    last = _build(data, cache)
    assert last.report.conforms and last.merged.previous is not None
    assert city in checked and len(set(checked)) < len(every) / 10
    kept = read_state(cache).shared
    was = first.merged.state.shared
    assert (kept.violations, kept.statements, kept.named, kept.namers) == \
        (was.violations, was.statements, was.named, was.namers)


def _declared_as_city(data: Path, iri: str) -> bool:
    """Whether a facts file declares the entity ``iri`` names as a kgo:City."""
    entity = iri.rsplit("/", 1)[1]
    for path in (data / "facts").glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines[:-1]):
            if line.strip() == f"- id: {entity}" and lines[i + 1].strip() == "class: kgo:City":
                return True
    return False


def _label(data: Path, entity: str) -> str:
    """The label a facts file gives ``entity``."""
    for path in sorted((data / "facts").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines[:-2]):
            if line.strip() == f"- id: {entity}":
                return next(line.split("label:", 1)[1].strip().strip('"') for line in lines[i + 1:i + 4]
                            if "label:" in line)
    raise AssertionError(entity)


def test_a_recheck_follows_a_named_nodes_type_and_a_newly_shared_nodes_statements(tmp_path):
    """Lines of their own: Riverton (shared) is contained in Bluewave, whose type then changes to one that
    is no place, and Acme becomes shared with a statement already in the lines. The recheck checks Riverton
    again (it read Bluewave's type) and Acme (new), and gives what a check of every node gives."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.build.lines import write_lines
    from kg.build.ntriples import line_order, ntriples_lines
    from kg.build.tasks import SharedInputs
    from kg.facts.namespaces import KGO, KGR, SCHEMA

    city, province, company, statement = KGR["riverton"], KGR["bluewave"], KGR["acme"], URIRef(f"{KGR}statement/1")
    triples = [(city, RDF.type, KGO.City), (city, RDFS.label, Literal("Riverton")),
               (city, SCHEMA.containedInPlace, province), (province, RDFS.label, Literal("Bluewave")),
               (company, RDF.type, KGO.Company), (company, RDFS.label, Literal("Acme")),
               (statement, RDF.type, RDF.Statement), (statement, RDF.subject, company),
               (statement, RDF.predicate, RDFS.label), (statement, RDF.object, Literal("Acme"))]
    before, after = (ntriples_lines(triples + [(province, RDF.type, kind)]) for kind in (KGO.Province, KGO.Industry))
    for name, lines in (("before.nt", before), ("after.nt", after)):
        write_lines(tmp_path / name, sorted(lines, key=line_order))
    inputs = SharedInputs(ONTOLOGY.read_text(encoding="utf-8"), SHAPES.read_text(encoding="utf-8"))
    node = f"<{city}>".encode()
    first = shared_module.check_shared(tmp_path / "before.nt", {node}, inputs, None, "serial")
    # (Lines without evidence or language tags: the check finds that too, alike in both.)
    assert not any(v.expected.startswith("a value of class") or "schema:Place" in v.expected for v in first.found())
    shared = {node, f"<{company}>".encode()}
    again = shared_module.recheck_shared(tmp_path / "after.nt", shared, first, sorted(set(before) - set(after)),
                                         sorted(set(after) - set(before)), inputs, None, "serial")
    whole = shared_module.check_shared(tmp_path / "after.nt", shared, inputs, None, "serial")
    assert [v.found for v in again.found() if v.path == "schema:containedInPlace" and "schema:Place" in v.expected] \
        == ["kgr:bluewave (kgo:Industry)"]
    assert (again.violations, again.statements, again.named, again.namers) == \
        (whole.violations, whole.statements, whole.named, whole.namers)
    assert again.statements[f"<{company}>".encode()] == [f"<{statement}>".encode()]
    assert sorted(again.found(), key=repr) == sorted(whole.found(), key=repr)
