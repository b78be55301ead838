"""out/graph.ttl stands alone: loaded without the ontology into another engine (pyoxigraph here, as Jena,
GraphDB or a notebook would), it answers every library query as kg query does, labels of units, qualifiers,
classes and schemes included."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from conftest import ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kg
from kg.facts.namespaces import PREFIXES
from kg.sparql.library import load_library
from kg.sparql.params import with_values

LIBRARY = load_library(ROOT / "queries")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project built into a folder of its own: (kg.Project, graph.ttl loaded alone in Oxigraph)."""
    project = kg.Project(ROOT, out=tmp_path_factory.mktemp("standalone") / "out")
    project.build()
    alone = ox.Store()
    alone.load(path=str(project.paths.graph_path), format=ox.RdfFormat.TURTLE)
    return project, alone


def _value(term) -> str | None:
    """A cell as a user reads it: a number by its value (2 and 2.0 are one decimal), anything else as text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = URIRef(term.datatype.value) if term.language is None else None
        term = Literal(term.value, datatype=datatype, lang=term.language)
    elif isinstance(term, ox.NamedNode):
        term = URIRef(term.value)
    value = term.toPython() if isinstance(term, Literal) else term
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


@pytest.mark.parametrize("query", LIBRARY, ids=[q.name for q in LIBRARY])
def test_every_library_query_answers_the_same_on_graph_ttl_alone(built, query):
    project, alone = built
    prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    answer = project.query(query.name)
    found = alone.query(prologue + with_values(query.text, query.bindings()))
    if isinstance(found, ox.QuerySolutions):
        names = [v.value for v in found.variables]
        alone_rows = sorted((tuple(_value(row[n]) for n in names) for row in found), key=repr)
        kg_rows = sorted((tuple(_value(row.get(n)) for n in names) for row in answer), key=repr)
        assert alone_rows == kg_rows
    elif isinstance(found, ox.QueryBoolean):
        assert bool(found) == next(iter(answer))["ask"].toPython()
    else:
        graph = Graph().parse(data=ox.serialize(found, format=ox.RdfFormat.N_TRIPLES), format="nt")
        assert isomorphic(graph, Graph().parse(data=answer.format("nt"), format="nt"))


def test_the_unit_and_qualifier_columns_are_filled_on_graph_ttl_alone(built):
    _, alone = built
    prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    query = next(q for q in LIBRARY if q.name == "approximate-values")
    rows = list(alone.query(prologue + query.text))
    assert rows and all(row["unit"].value and row["qualifier"].value for row in rows)
