"""Sorted, prefixed Turtle from a graph or from its N-Triples lines: the same graph, the same bytes."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.build.ntriples import _KGR_IRI, LinesReader, line_order, ntriples_lines
from kg.facts.namespaces import KGR, PREFIXES
from kg.files import write_atomic
from kg.project import GRAPH_FILE, INFERRED_FILE  # noqa: F401  (kg.build.GRAPH_FILE, as before)


def to_turtle(graph: Graph) -> bytes:
    """Sorted, prefixed Turtle: the same graph always gives the same bytes.

    rdflib writes the triples as N-Triples lines, which sort as bytes; Oxigraph
    writes them, in that order, as Turtle with kg's prefixes, grouping each
    subject's triples. Four times faster than rdflib's sorted "longturtle" on
    a corpus, and literals keep their spelling ("163522000000.0").
    """
    from rdflib import BNode

    if any(isinstance(term, BNode) for triple in graph for term in triple):
        # Blank nodes have no stable names for lines to sort by; rdflib nests them in sorted Turtle.
        return graph.serialize(format="longturtle", encoding="utf-8")
    lines = sorted(ntriples_lines(graph), key=line_order)
    prefixes = {p: str(ns) for p, ns in graph.namespace_manager.namespaces() if p}
    return turtle_from_ntriples(lines, prefixes)


def turtle_from_ntriples(lines: list[bytes], prefixes: dict[str, str] | None = None) -> bytes:
    """Sorted, prefixed Turtle from N-Triples lines in ``line_order`` (each subject's types first).

    ``prefixes`` are used besides kg's own. Raises SyntaxError if a line is not N-Triples.
    """
    import pyoxigraph as ox

    triples = ox.parse(LinesReader(lines), format=ox.RdfFormat.N_TRIPLES)
    # kgr: is left to the step below: Oxigraph would write kgr:observation\/... for IRIs with a slash.
    prefixes = {p: ns for p, ns in (prefixes or {}).items() if p != "kgr"}
    prefixes.update({p: str(ns) for p, ns in PREFIXES.items() if p != "kgr"})
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    body = _KGR_IRI.sub(rb"kgr:\1", body)
    # Oxigraph writes the prefixes in the order of a hash map: sort them so that every build writes the same bytes.
    end = 0
    while body.startswith(b"@prefix", end):
        end = body.index(b"\n", end) + 1
    head = [f"@prefix kgr: <{KGR}> .\n".encode(), *body[:end].splitlines(keepends=True)]
    return b"".join(sorted(head)) + body[end:]


def write_graph(graph: Graph, out_dir: Path | str) -> Path:
    """Write ``graph`` as Turtle to ``out_dir/graph.ttl`` and return the path."""
    path = Path(out_dir) / GRAPH_FILE
    write_atomic(path, to_turtle(graph))
    return path
