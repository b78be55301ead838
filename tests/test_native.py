"""Answers from an Oxigraph store written by the engine (kg.sparql.native) hold what the rdflib path held:
every library query, in every format, parsed from both and compared."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import pytest
from conftest import ONTOLOGY, ROOT
from rdflib import Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from kg.errors import QueryError
from kg.facts.namespaces import ONTOLOGY_GRAPH
from kg.facts.terms import canonical_term
from kg.sparql.library import load_library
from kg.sparql.native import is_ordered, run_native
from kg.sparql.results import format_result
from kg.sparql.run import run_query
from kg.store.oxigraph import KgOxigraphStore, union_view

LIBRARY = load_library(ROOT / "queries")
PARSERS = {"csv": "csv", "tsv": "tsv", "json": "json", "xml": "xml"}
RDF = {"nt": "nt", "ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def engine(library_graph) -> ox.Store:
    """The library graph in an Oxigraph store, as kg build lays it out: data in the default graph, the
    ontology in its named graph."""
    store = ox.Store()
    store.bulk_load(library_graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    store.bulk_load(Graph().parse(ONTOLOGY).serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    return store


@pytest.fixture(scope="module")
def through_rdflib(engine) -> Graph:
    """The same store seen through rdflib (oxrdflib), as every query went before."""
    return union_view(Graph(store=KgOxigraphStore(store=engine), identifier=DATASET_DEFAULT_GRAPH_ID))


def _value(term):
    # The number forms differ (Oxigraph writes canonical decimals: 1.5, not 1.50): compare values.
    term = canonical_term(term) if term is not None else None
    if isinstance(term, Literal) and term.datatype is not None:
        return (str(term.datatype), term.toPython() if not isinstance(term.toPython(), Literal) else str(term))
    return term


def _number(text: str):
    try:
        return Decimal(str.__str__(text)).normalize()  # a Literal is a str whose Decimal() would be its value
    except InvalidOperation:
        return text


def _rows(body: bytes, fmt: str) -> tuple[list[str], list[tuple]]:
    if fmt == "tsv":  # rdflib's TSV parser fails on a negative decimal (-2.0): Oxigraph's reads it
        from oxrdflib._converter import from_ox

        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
        return [v.value for v in parsed.variables], [tuple(_value(None if t is None else from_ox(t)) for t in row)
                                                     for row in parsed]
    parsed = Result.parse(io.BytesIO(body), format=PARSERS[fmt])
    if fmt == "csv":  # CSV keeps text alone, and numbers in the engine's spelling (20, not 20.0)
        return [str(v) for v in parsed.vars], [tuple(_number("" if t is None else str(t)) for t in row) for row in parsed]
    return [str(v) for v in parsed.vars], [tuple(_value(t) for t in row) for row in parsed]


def _graph(body: bytes, fmt: str) -> set:
    return {tuple(_value(t) for t in triple) for triple in Graph().parse(data=body, format=RDF[fmt])}


@pytest.mark.parametrize("query", LIBRARY, ids=[q.name for q in LIBRARY])
def test_every_library_query_answers_the_same_in_every_format(query, engine, through_rdflib):
    native = run_native(engine, query.text, query.bindings(), query.name, union=True)
    old = run_query(through_rdflib, query.text, query.bindings(), query.name)
    graph_result = native.kind in ("CONSTRUCT", "DESCRIBE")
    assert native.kind == old.type
    if graph_result:
        for fmt in RDF:
            new_body = run_native(engine, query.text, query.bindings(), union=True).write(fmt)
            expected = _graph(format_result(old, fmt), fmt)
            assert _graph(new_body, fmt) == expected, fmt
            assert expected, query.name  # the library graph answers every query
        return
    for fmt in PARSERS:
        new_vars, new_rows = _rows(run_native(engine, query.text, query.bindings(), union=True).write(fmt), fmt)
        old_vars, expected = _rows(format_result(run_query(through_rdflib, query.text, query.bindings()), fmt), fmt)
        assert new_vars == old_vars, fmt
        assert expected, query.name
        if is_ordered(query.text):
            assert new_rows == expected, fmt
        else:
            assert sorted(new_rows, key=repr) == sorted(expected, key=repr), fmt


def test_rows_without_order_by_come_sorted_and_the_same_every_time(engine):
    text = "SELECT ?city ?label WHERE { ?city a kgo:City ; rdfs:label ?label }"
    first = run_native(engine, text, union=True).write("tsv")
    lines = first.splitlines()[1:]
    assert len(lines) > 1 and lines == sorted(lines)
    assert run_native(engine, text, union=True).write("tsv") == first


def test_order_by_keeps_the_engine_order_and_select_star_lists_columns_as_written(engine):
    answer = run_native(engine, "SELECT * WHERE { ?city a kgo:City ; rdfs:label ?name } ORDER BY DESC(?name)",
                        union=True)
    assert answer.variables == ["city", "name"]
    names = [row.split(",", 1)[1] for row in answer.write("csv").decode().splitlines()[1:]]
    assert names == sorted(names, reverse=True) and names


def test_the_row_cap_stops_the_engine(engine):
    from kg.errors import TooManyTriples

    with pytest.raises(TooManyTriples):
        run_native(engine, "SELECT * WHERE { ?s ?p ?o }", union=True).write("json", max_rows=10)
    assert run_native(engine, "SELECT * WHERE { ?s ?p ?o } LIMIT 10", union=True).write("csv", max_rows=10).count(b"\n") == 11


def test_a_syntax_error_names_line_and_column(engine):
    with pytest.raises(QueryError, match=r"^q: syntax error at line 2, column"):
        run_native(engine, "SELECT ?x WHERE {\n ?x ?p }", name="q")


def test_an_unknown_parameter_is_refused(engine):
    with pytest.raises(QueryError, match=r"unknown parameter \?nope"):
        run_native(engine, "SELECT ?x WHERE { ?x ?p ?o }", {"nope": Literal(1)})


def test_csv_rows_holding_line_breaks_stay_whole_and_sorted():
    import csv

    store = ox.Store()
    for text in ("b\r\nsecond", 'a "quoted"\r\nline', "c", "a"):
        store.add(ox.Quad(ox.NamedNode("https://kg.example.org/id/x"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                          ox.Literal(text)))
    body = run_native(store, "SELECT ?label WHERE { ?x rdfs:label ?label }").write("csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    # Sorted as CSV text: a quoted value (it holds a line break) sorts by its opening quote.
    assert rows == [["label"], ['a "quoted"\r\nline'], ["b\r\nsecond"], ["a"], ["c"]]


def test_the_endpoint_on_an_oxigraph_store_refuses_and_answers_as_on_rdflib(through_rdflib):
    from kg.sparql.protocol import answer

    json_type = "application/sparql-results+json"
    refused = {text: answer(through_rdflib, text, json_type) for text in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
        "DELETE WHERE { ?s ?p ?o }")}
    assert [(a.status, a.body.split(b" ")[0]) for a in refused.values()] == [(403, b"SERVICE"), (403, b"FROM"),
                                                                            (403, b"updates")]
    bad = answer(through_rdflib, "SELECT ?x WHERE {\n ?x ?p }", json_type)
    assert bad.status == 400 and b"line 2, column" in bad.body
    assert answer(through_rdflib, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv").status == 406
    capped = answer(through_rdflib, "SELECT * WHERE { ?s ?p ?o }", json_type, max_rows=5)
    assert (capped.status, capped.body.startswith(b"the answer has more than 5 rows")) == (400, True)
    cities = answer(through_rdflib, "SELECT ?c WHERE { ?c a kgo:City }", json_type)
    assert cities.status == 200 and cities.media_type == json_type
    assert b'"https://kg.example.org/id/yibin"' in cities.body
