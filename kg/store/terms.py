"""Query results whose terms are changed on the way out (an engine's terms made rdflib's, canonical)."""

from __future__ import annotations

from typing import Callable, Iterator

from rdflib import Graph, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KgError, QueryError, one_line


def map_terms(result: Result, change: Callable[[Node | None], Node | None], name: str = "query") -> Result:
    """``result`` with ``change`` applied to every term; SELECT rows stay lazy.

    An error raised while rows are read (rdflib evaluates as they are asked
    for) becomes a QueryError naming ``name``.

    >>> from rdflib import Graph
    >>> [row[0] for row in map_terms(Graph().query("SELECT ?x WHERE { BIND(1.50 AS ?x) }"), str)]
    ['1.50']
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph(namespace_manager=result.graph.namespace_manager)
        for triple in result.graph:
            graph.add(tuple(change(term) for term in triple))
        result.graph = graph
        return result
    if result.type != "SELECT":
        return result
    variables = list(result.vars or [])

    def rows() -> Iterator[dict[Variable, Node]]:
        try:
            for row in result:
                yield {Variable(v): change(row[i]) for i, v in enumerate(variables) if row[i] is not None}
        except (KgError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 (rdflib's evaluation errors have no common type)
            raise QueryError(f"{name}: cannot evaluate: {one_line(exc)}") from None

    mapped = Result("SELECT")
    mapped.vars = result.vars
    mapped.bindings = rows()
    return mapped
