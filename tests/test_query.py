"""kg.query: parse errors that point at the mistake, safe parameter values, finding library queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT
from helpers import rows
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError
from kg.sparql.library import find_query, read_query_file
from kg.sparql.params import parse_param, parse_term
from kg.sparql.parse import parse_query
from kg.sparql.run import run_query

KGR = "https://kg.example.org/id/"


@pytest.mark.parametrize("text, where, unexpected", [
    ("SELECT ?x WHERE { ?x a kgo:City . FILTER(?x = ) }", "line 1, column 47", '")"'),
    ("SELECT ?x\nWHERE {\n  ?x a kgo:City ;\n     rdfs:label ?l ,, \n}", "line 4, column 21", '","'),
    ("SELECT ?x WHERE { ?x a kgo:City } LIMIT ten", "line 1, column 41", '"ten"'),
    ("SELEC ?x WHERE { ?x ?p ?o }", "line 1, column 1", '"SELEC"'),
    ("SELECT ?x WHERE {\n  ?x a kgo:City", "line 2, column 16", "end of query"),
])
def test_syntax_error_names_line_column_and_offending_text(text, where, unexpected):
    with pytest.raises(QueryError) as error:
        parse_query(text, "q.rq")
    message = str(error.value)
    assert message.startswith(f"q.rq: syntax error at {where}: unexpected {unexpected}"), message
    assert "\n" not in message


def test_the_grammar_is_left_as_it_was_after_an_error():
    with pytest.raises(QueryError):
        parse_query("SELECT ?x WHERE { ?x a }")
    from rdflib.plugins.sparql.parser import Query

    from kg.sparql.parse import _elements
    assert all(element.failAction is None for element in _elements(Query))
    assert parse_query("ASK { ?s ?p ?o }").algebra.name == "AskQuery"


def test_unknown_prefix_is_named_with_its_position():
    with pytest.raises(QueryError, match=r"unknown prefix 'foo:' at line 2, column 8; predeclared prefixes are kgo, kgr"):
        parse_query("SELECT ?x WHERE {\n  ?x a foo:City }")


def test_prefixes_are_predeclared(graph):
    assert rows(graph, "SELECT ?x WHERE { ?x a kgo:City }") == [(KGR + "yibin",)]


@pytest.mark.parametrize("value, term", [
    ("kgr:yibin", URIRef(KGR + "yibin")),
    ("<https://example.org/a>", URIRef("https://example.org/a")),
    ("kgr:observation/x/y", URIRef(KGR + "observation/x/y")),
    ("2022", Literal(2022)),
    ("-2.5", Literal(Decimal("-2.5"), datatype=XSD.decimal)),
    ('"Yibin"@en', Literal("Yibin", lang="en")),
    ('"2022"^^xsd:gYear', Literal("2022", datatype=XSD.gYear)),
    ("Yibin", Literal("Yibin")),
    ("https://example.org/a", Literal("https://example.org/a")),
    ('x" } UNION { ?s ?p ?o } #', Literal('x" } UNION { ?s ?p ?o } #')),
    ("kgr:yibin> } ; DROP ALL", Literal("kgr:yibin> } ; DROP ALL")),
])
def test_parameter_values(value, term):
    assert parse_term(value) == term
    assert type(parse_term(value)) is type(term)


@pytest.mark.parametrize("text, message", [
    ("entity", r"expected NAME=VALUE"),
    ("1x=2", r"expected NAME=VALUE"),
    ("e=foo:bar", r"--param e: unknown prefix 'foo:'"),
    ("e=<a b>", r"--param e: '<a b>' is not a valid IRI"),
])
def test_bad_parameters(text, message):
    with pytest.raises(QueryError, match=message):
        parse_param(text)


def test_injection_in_a_parameter_stays_a_literal(graph):
    attack = parse_term('x" } UNION { ?e ?p ?o } #')
    assert rows(graph, "SELECT ?e WHERE { ?e rdfs:label ?name }", name=attack) == []
    assert rows(graph, "SELECT ?e WHERE { ?e rdfs:label ?name }", name=parse_term('"CATL"@en')) == [(KGR + "catl",)]


def test_describe_with_parameters_is_refused(graph):
    with pytest.raises(QueryError, match="write a CONSTRUCT query instead"):
        run_query(graph, "DESCRIBE ?e", {"e": URIRef(KGR + "catl")})


def test_year_filters_use_the_integer_year(graph):
    # Why kgo:year exists: rdflib does not order xsd:gYear values in a FILTER.
    query = "SELECT (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ; %s ?y FILTER(?y >= %s) }"
    assert rows(graph, query % ("kgo:year", "2021")) == [(34,)]
    assert rows(graph, query % ("kgo:year", "2023")) == [(12,)]


def test_unknown_query_name_lists_close_matches():
    with pytest.raises(QueryError, match=r"unknown query 'awrd' \(no .*awrd.rq\); did you mean 'award'\?"):
        find_query("awrd", ROOT / "queries")


def test_query_file_by_path_with_params(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# What is X?\n# More words.\n# param ?x = kgr:catl\nSELECT ?x WHERE {}\n", encoding="utf-8")
    query = find_query(str(path))
    assert (query.name, query.question, query.notes) == ("mine", "What is X?", "More words.")
    assert query.params == {"x": URIRef(KGR + "catl")}
    with pytest.raises(QueryError, match=r"nope.rq: query file not found"):
        read_query_file(tmp_path / "nope.rq")
