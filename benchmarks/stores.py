"""Open time and query time on each store: memory (rdflib parsing Turtle) and oxigraph:DIR; prints a table.

    .venv/bin/python benchmarks/stores.py [TRIPLES ...]     # default: the Yibin graph, 100000, 1000000

A synthetic graph has companies in cities with yearly observations, so the
queries join, filter and aggregate as the library's do.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.build.turtle import to_turtle
from kg.facts.folder import build_graph
from kg.facts.namespaces import KGO, KGR, bind_prefixes
from kg.project import ProjectPaths
from kg.sparql.run import run_query
from kg.store.files import load_graph_file
from kg.store.graphs import load_store, open_graph
from kg.store.spec import StoreSpec

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LOOKUP = "SELECT ?label WHERE { ?x rdfs:label ?label FILTER(?x = ?item) }"
AGGREGATE = "SELECT ?city (COUNT(?c) AS ?n) WHERE { ?c a kgo:Company ; kgo:city ?city } GROUP BY ?city ORDER BY DESC(?n) LIMIT 5"


def synthetic(triples: int) -> Graph:
    """About ``triples`` triples: companies (4 triples each) in 100 cities."""
    graph = bind_prefixes(Graph())
    for i in range(triples // 4):
        company = KGR[f"company-{i}"]
        graph.add((company, RDF.type, KGO.Company))
        graph.add((company, RDFS.label, Literal(f"Company {i}", lang="en")))
        graph.add((company, KGO.city, KGR[f"city-{i % 100}"]))
        graph.add((company, KGO.year, Literal(2000 + i % 24)))
    return graph


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def measure(name: str, graph: Graph, item: URIRef, folder: Path) -> list[tuple]:
    project = ProjectPaths()
    turtle = folder / f"{name}.ttl"
    turtle.write_bytes(to_turtle(graph))
    store = StoreSpec("oxigraph", str(folder / f"{name}-oxigraph"))
    _, load_seconds = timed(lambda: load_store(graph, store, project))
    rows = []
    for label, opener in (("memory", lambda: load_graph_file(turtle)), ("oxigraph", lambda: open_graph(None, project, store))):
        opened, open_seconds = timed(opener)
        times = [timed(lambda q=q, b=b, g=opened: list(run_query(g, q, b)))[1]
                 for q, b in ((COUNT, {}), (LOOKUP, {"item": item}), (AGGREGATE, {}))]
        rows.append((name, len(graph), label, open_seconds, *times, load_seconds if label == "oxigraph" else None))
        del opened
        gc.collect()
    return rows


def main(sizes: list[int]) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        yibin = build_graph("data", "ontology/kg.ttl")
        rows += measure("yibin", yibin, KGR["yibin"], Path(tmp))
        for size in sizes:
            rows += measure(f"synthetic-{size}", synthetic(size), KGR["company-7"], Path(tmp))
    header = ("graph", "triples", "store", "open s", "count s", "lookup s", "aggregate s", "load s")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for row in rows:
        print(" | ".join(str(v) if not isinstance(v, float) else f"{v:.3f}" for v in row[:3]) + " | "
              + " | ".join("" if v is None else f"{v:.3f}" for v in row[3:]))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
