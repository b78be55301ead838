"""Small helpers for asserting on query results."""

from __future__ import annotations

from rdflib import Graph, Literal

from kg.query import run_query


def rows(graph: Graph, query: str, **bindings) -> list[tuple]:
    """Run a SELECT; literals become Python values (int, Decimal, date, str), IRIs str."""
    return [tuple(_py(v) for v in row) for row in run_query(graph, query, bindings)]


def _py(value):
    if isinstance(value, Literal):
        return value.toPython()
    return None if value is None else str(value)
