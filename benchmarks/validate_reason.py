"""Time validation, inference and analysis on the built graph; prints a table.

    .venv/bin/python benchmarks/validate_reason.py
"""

from __future__ import annotations

import time

from kg.analyze.network import entity_graph, ranking
from kg.build.reason import infer
from kg.build.validate import validate_graph
from kg.facts.folder import build_graph
from kg.project import ProjectPaths


def timed(label: str, action, rows: list) -> object:
    start = time.perf_counter()
    result = action()
    rows.append((label, time.perf_counter() - start))
    return result


def main() -> None:
    project = ProjectPaths()
    rows: list = []
    graph = timed("build (facts -> graph)", lambda: build_graph(project.data_dir, project.ontology_path), rows)
    timed("validate (first, with imports)", lambda: validate_graph(graph, project), rows)
    timed("validate (again)", lambda: validate_graph(graph, project), rows)
    timed("infer rdfs", lambda: infer(graph, project, "rdfs"), rows)
    timed("infer owlrl", lambda: infer(graph, project, "owlrl"), rows)
    g = timed("entity graph", lambda: entity_graph(graph, project), rows)
    timed("betweenness ranking", lambda: ranking(g, "betweenness"), rows)
    print(f"{len(graph)} triples")
    print(f"{'step':<32} {'seconds':>8}")
    for label, seconds in rows:
        print(f"{label:<32} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
