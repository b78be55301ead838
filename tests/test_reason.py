"""Inference: what the ontology entails, kept apart from the asserted graph."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY
from helpers import rows
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.build.reason import infer
from kg.build.turtle import to_turtle
from kg.cli import main
from kg.facts.namespaces import KGR, SCHEMA, SDMX_DIMENSION, WD
from kg.facts.ontology import load_ontology
from kg.project import ProjectPaths
from kg.sparql.inference import with_inferences
from kg.store.files import load_graph_file

CONFERRAL = KGR["power-battery-capital-conferral-2023"]


@pytest.fixture(scope="module")
def inferred(graph, project) -> Graph:
    return infer(graph, project, "rdfs")


def test_catl_is_an_organization_through_its_subclasses(graph, inferred):
    assert (KGR.catl, RDF.type, SCHEMA.Organization) not in graph
    for cls in (SCHEMA.Corporation, SCHEMA.Organization, SCHEMA.Thing):
        assert (KGR.catl, RDF.type, cls) in inferred


def test_subproperties_and_places_are_entailed(inferred):
    assert (CONFERRAL, SCHEMA.recipient, KGR.yibin) in inferred  # kgo:recipient is a subproperty
    assert (KGR.yibin, RDF.type, SCHEMA.Place) in inferred  # kgo:City < schema:City < ... < schema:Place


def test_inferred_triples_are_new_and_about_the_graph(graph, project, inferred):
    ontology_terms = set(load_ontology(project.ontology_path).subjects())
    assert len(inferred) > 0
    for s, p, o in inferred:
        assert (s, p, o) not in graph
        assert s in set(graph.subjects()) and s not in ontology_terms
        assert p != OWL.sameAs
        assert not (p == RDF.type and o in (RDFS.Resource, OWL.Thing, RDFS.Class))


def test_owlrl_profile_entails_the_same_classes(graph, project, inferred):
    owl = infer(graph, project, "owlrl")
    assert (KGR.catl, RDF.type, SCHEMA.Organization) in owl
    assert not any(p == OWL.sameAs for p in owl.predicates())
    assert set(inferred) <= set(owl)
    # Facts are not copied onto the Wikidata aliases: an observation keeps its one area.
    assert not any(str(o).startswith(str(WD)) for o in owl.objects())
    merged = with_inferences(graph, project, "owlrl")
    assert len(set(merged.objects(None, SDMX_DIMENSION.refArea))) == len(set(graph.objects(None, SDMX_DIMENSION.refArea)))


def test_with_inferences_lets_queries_see_both(graph, project, inferred):
    query = "SELECT ?org WHERE { ?org a schema:Organization ; rdfs:label ?l } ORDER BY ?org"
    assert rows(graph, query) == []
    merged = with_inferences(graph, project, "rdfs")
    found = [org for (org,) in rows(merged, query)]
    assert str(KGR.catl) in found and str(KGR["china-battery-industry-association"]) in found
    assert len(merged) == len(graph) + len(inferred)


def test_build_reason_writes_inferred_file_apart_and_removes_it_when_stale(tmp_path, graph, inferred):
    out = tmp_path / "out"
    args = ["build", "--data", str(DATA), "--ontology", str(ONTOLOGY), "--out", str(out), "--no-validate"]
    result = CliRunner().invoke(main, [*args, "--reason", "rdfs"])
    assert result.exit_code == 0, result.output
    assert f"{len(inferred)} inferred triples (rdfs)" in result.output
    project = ProjectPaths(DATA, ONTOLOGY, out)
    assert (out / "inferred.ttl").read_bytes() == to_turtle(inferred)  # deterministic
    asserted = load_graph_file(out / "graph.ttl")
    assert (KGR.catl, RDF.type, SCHEMA.Organization) not in asserted
    assert (KGR.catl, RDF.type, SCHEMA.Organization) in with_inferences(asserted, project)
    assert CliRunner().invoke(main, args).exit_code == 0
    assert not project.inferred_path.exists()
