"""Running a query on a graph: kg's prefixes predeclared, parameters bound as VALUES, rows in a stable
order where the query gives none."""

from __future__ import annotations

import re
from typing import Mapping

from rdflib import BNode, Graph, URIRef, Variable
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError, QueryError, one_line
from kg.facts.namespaces import PREFIXES
from kg.facts.terms import canonical_term
from kg.sparql.params import _SKIP, query_variables, with_values
from kg.sparql.parse import _parts, parse_query
from kg.store.terms import map_terms


def run_query(
    graph: Graph, text: str, bindings: Mapping[str, Node] | None = None, name: str = "query"
) -> Result:
    """Evaluate ``text`` on ``graph``; ``bindings`` are initial bindings (never spliced into text).

    >>> from rdflib import Graph
    >>> list(run_query(Graph(), "ASK { ?s ?p ?o }"))
    [False]
    """
    query = parse_query(text, name)
    unknown = sorted(set(bindings or {}) - query_variables(text))
    if unknown:
        known = ", ".join(f"?{v}" for v in sorted(query_variables(text))) or "none"
        raise QueryError(f"{name}: unknown parameter ?{unknown[0]}: the query has no such variable (its variables: {known})")
    if bindings and query.algebra.name == "DescribeQuery":
        # rdflib ignores initial bindings in DESCRIBE: fail rather than describe nothing.
        raise QueryError(f"{name}: parameters do not apply to DESCRIBE on rdflib; write a CONSTRUCT query instead")
    try:
        if _evaluates_sparql(graph):
            # The store's own engine (Oxigraph, a remote endpoint) takes the text; it was checked above.
            prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
            result = graph.query(with_values(text, dict(bindings or {})), initNs=prefixes)
        else:
            result = graph.query(query, initBindings=dict(bindings or {}))
        # rdflib computes SELECT rows while they are read: errors then are query errors too.
        return _in_stable_order(map_terms(result, canonical_term, name), query, text)
    except (QueryError, KgError, MemoryError):  # out of memory is the caller's to report, not a query error
        raise
    except Exception as exc:  # evaluation errors from rdflib's engine
        raise QueryError(f"{name}: cannot evaluate: {one_line(exc)}") from None


def _in_stable_order(result: Result, query: Query, text: str) -> Result:
    """A SELECT answer whose columns and rows do not depend on the hash seed or the store.

    ``SELECT *`` lists its variables in the order they first appear in the
    query (rdflib takes them from a set); rows of a query without ORDER BY are
    sorted by their values, column by column (stores return them in their own
    order). A query with ORDER BY keeps its order.
    """
    if result.type != "SELECT":
        return result
    variables = list(result.vars or [])
    if _SELECT_ALL.search(_SKIP.sub(" ", text)):
        seen = [Variable(v) for v in dict.fromkeys(re.findall(r"[?$](\w+)", _SKIP.sub(" ", text)))]
        variables = [v for v in seen if v in variables] + [v for v in variables if v not in seen]
    if any(getattr(part, "name", None) == "OrderBy" for part in _parts(query.algebra)):
        rows = result.bindings
    else:
        rows = sorted(result.bindings, key=lambda row: tuple(_term_order(row.get(v)) for v in variables))
    ordered = Result("SELECT")
    ordered.vars = variables
    ordered.bindings = rows
    return ordered


_SELECT_ALL = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)


def _term_order(term: Node | None) -> tuple:
    if term is None:
        return (0, "", "")
    kind = 1 if isinstance(term, URIRef) else 2 if isinstance(term, BNode) else 3
    extra = str(getattr(term, "datatype", None) or getattr(term, "language", None) or "")
    return (kind, str(term), extra)


def _evaluates_sparql(graph: Graph) -> bool:
    """True if the graph's store runs SPARQL itself rather than leaving it to rdflib's engine."""
    from rdflib.store import Store

    return type(graph.store).query is not Store.query
