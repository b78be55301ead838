"""kg validate --shapes as it scales: other nodes' types taken from the build's lines, the SPARQL constraints'
triple patterns joined by hashing. Each gives the report the whole graph gives, word for word."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import ONTOLOGY
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, XSD

from kg.build.sparql_constraints import _not_exists_as_minus
from kg.build.sparql_joins import hash_joined
from kg.build.validate import _split_shapes, load_shapes
from kg.facts.namespaces import KGO, KGR, SDMX_MEASURE, bind_prefixes
from kg.facts.terms import statement_iri

OBSERVATION = KGR["observation/yibin-power-battery-capital-2023/charging-interfaces-yibin-2023"]
ARRIVAL = statement_iri(KGR["catl-arrival-in-yibin-2019"], KGO.company, KGR.catl)


def _copy(graph: Graph) -> Graph:
    copy = bind_prefixes(Graph())
    for triple in graph:
        copy.add(triple)
    return copy


def _evidence_of_another_class(g: Graph) -> None:
    excerpt = g.value(ARRIVAL, PROV.wasDerivedFrom)
    g.remove((excerpt, RDF.type, None))
    g.add((excerpt, RDF.type, KGO.Report))


def _statement_of_a_missing_triple(g: Graph) -> None:
    g.remove((KGR["catl-arrival-in-yibin-2019"], KGO.company, KGR.catl))


def _year_not_the_periods(g: Graph) -> None:
    g.set((OBSERVATION, KGO.year, Literal(1999)))


def _count_as_string(g: Graph) -> None:
    g.set((OBSERVATION, SDMX_MEASURE.obsValue, Literal("9000", datatype=XSD.string)))


def _fact_without_evidence(g: Graph) -> None:
    g.remove((ARRIVAL, PROV.wasDerivedFrom, None))


# breakage -> what the report must say of it (every SPARQL constraint of the project's shapes, and sh:class)
BROKEN = {
    "evidence of another class": (_evidence_of_another_class, "prov:wasDerivedFrom", "an instance of kgo:Evidence"),
    "statement of a triple not in the graph": (_statement_of_a_missing_triple, "rdf:object",
                                               "a reified statement must describe a triple that is in the graph"),
    "year not the period's": (_year_not_the_periods, "kgo:year", "kgo:year must be the year of"),
    "count given as a string": (_count_as_string, "sdmx-measure:obsValue", "must be a literal of xsd:integer"),
    "fact without evidence": (_fact_without_evidence, "kgo:company", "every fact needs a reified rdf:Statement"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_builds_lines_give_the_report_of_the_store_word_for_word(case, graph, project, tmp_path, monkeypatch):
    """validate_store given the build's lines (other nodes' types from them, the SPARQL constraints joined by
    hashing) reports what it reports from the store's dump with every type looked up in the store and the
    constraints' queries as the shapes write them."""
    from kg.build import sparql_constraints
    from kg.store.graphs import load_store
    from kg.store.native import data_lines, open_native
    from kg.store.spec import StoreSpec
    from kg.store.validation import validate_store

    broken = _copy(graph)
    BROKEN[case][0](broken)
    load_store(broken, StoreSpec("oxigraph", str(tmp_path / "oxigraph")), project)
    store = open_native(tmp_path / "oxigraph")
    lines = tmp_path / "merged.lines"
    lines.write_bytes(b"".join(line + b"\n" for line in data_lines(store)))
    by_lines = validate_store(store, project, built=lines)
    monkeypatch.setattr(sparql_constraints, "hash_joined", lambda select: select)
    reference = validate_store(store, project)
    assert not by_lines.conforms and by_lines.as_data() == reference.as_data()
    _, path, expected = BROKEN[case]
    assert any(v.path == path and expected in v.expected for v in by_lines.violations)


def test_every_sparql_constraint_of_the_projects_shapes_is_joined_by_hashing():
    """The rewrite applies to each constraint the project's shapes hold (else their cost grows faster than
    the corpus again), and each rewritten query parses."""
    _, constraints = _split_shapes(load_shapes(ONTOLOGY.parent / "shapes.ttl"))
    assert len(constraints) >= 4
    for constraint in constraints:
        select = _not_exists_as_minus(constraint.select.replace("$this", "?this"))  # as they are run
        rewritten = hash_joined(select)
        assert rewritten != select and "{ SELECT * WHERE {" in rewritten
        ox.Store().query(constraint.prologue + rewritten)


STORE_DATA = b"""
<http://e/a> <http://e/p> "x"@en , "1"^^<http://www.w3.org/2001/XMLSchema#integer> , <http://e/b> .
<http://e/a> <http://e/q> 2 .
<http://e/b> <http://e/p> "x"@en ; <http://e/q> 3 ; <http://e/r> <http://e/a> .
<http://e/c> <http://e/p> "y" ; a <http://e/K> .
"""
PREFIX = "PREFIX e: <http://e/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
REWRITTEN = [
    "SELECT ?s ?o WHERE { ?s e:p \"x\"@en , ?o . ?s e:q ?n FILTER (?n > 1) }",
    "SELECT ?s WHERE { ?s e:p \"1\"^^xsd:integer ; e:q 2 . }",
    "SELECT ?s ?v WHERE { ?s ?p ?v . BIND (STR(?v) AS ?t) FILTER (?t != \"y\") MINUS { ?s e:r ?x . ?x e:q ?n } }",
    "SELECT ?s WHERE { ?s a e:K ; e:p ?l . FILTER NOT EXISTS { ?s e:q ?n } } ORDER BY ?s LIMIT 5",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s e:p ?o . ?o ?q ?r . ?o e:q ?n } GROUP BY ?s",
]
LEFT_ALONE = [
    "SELECT ?s WHERE { ?s e:p/e:q ?o }",
    "SELECT ?s WHERE { ?s e:p [ e:q ?o ] }",
    "SELECT ?s WHERE { ?s e:p _:b . _:b e:q ?o }",
    "SELECT ?s WHERE { ?s e:p ?o OPTIONAL { ?s e:q ?n } }",
    "SELECT ?s WHERE { { ?s e:p ?o } UNION { ?s e:q ?o } }",
    "SELECT ?s WHERE { VALUES ?s { e:a } ?s e:p ?o }",
    "SELECT ?s WHERE { ?s e:p ?o . { SELECT ?s WHERE { ?s e:q ?n } } }",
    "SELECT ?s WHERE { GRAPH ?g { ?s e:p ?o } }",
    "SELECT ?s WHERE { ?s ^e:r ?o }",
]


@pytest.mark.parametrize("query", REWRITTEN)
def test_a_rewritten_query_finds_the_same_rows(query):
    store = ox.Store()
    store.load(STORE_DATA, ox.RdfFormat.TURTLE)
    rewritten = hash_joined(query)
    assert rewritten != query and rewritten.count("{ SELECT * WHERE {") >= 2

    def rows(text):
        return sorted(tuple(str(value) for value in row) for row in store.query(PREFIX + text))

    assert rows(rewritten) == rows(query) and rows(query)


@pytest.mark.parametrize("query", LEFT_ALONE)
def test_a_query_with_more_than_triple_patterns_filters_and_minus_is_left_as_it_is(query):
    assert hash_joined(query) == query
