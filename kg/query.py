"""SPARQL over a graph: kg's prefixes predeclared, errors with line and column."""

from __future__ import annotations

from typing import Mapping

from pyparsing import ParseException
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError
from kg.namespaces import PREFIXES


class QueryError(KgError):
    """A query that does not parse or cannot be evaluated."""


def parse_query(text: str, name: str = "query") -> Query:
    """Parse SPARQL with kg's prefixes predeclared.

    Raises QueryError naming the line and column (in ``text``) and the offending text.

    >>> parse_query("SELECT ?c WHERE { ?c a kgo:City }").algebra.name
    'SelectQuery'
    """
    try:
        return prepareQuery(text, initNs={p: str(ns) for p, ns in PREFIXES.items()})
    except ParseException as exc:
        near = exc.line.strip()
        raise QueryError(
            f"{name}: syntax error at line {exc.lineno}, column {exc.col}: near \"{near[:80]}\""
        ) from None
    except Exception as exc:  # rdflib raises plain Exception for e.g. unknown prefixes
        raise QueryError(f"{name}: {exc}") from None


def run_query(
    graph: Graph, text: str, bindings: Mapping[str, Node] | None = None, name: str = "query"
) -> Result:
    """Evaluate ``text`` on ``graph``; ``bindings`` are initial bindings (never spliced into text).

    >>> from rdflib import Graph
    >>> list(run_query(Graph(), "ASK { ?s ?p ?o }"))
    [False]
    """
    query = parse_query(text, name)
    try:
        return graph.query(query, initBindings=dict(bindings or {}))
    except QueryError:
        raise
    except Exception as exc:  # evaluation errors from rdflib's engine
        raise QueryError(f"{name}: cannot evaluate: {exc}") from None
