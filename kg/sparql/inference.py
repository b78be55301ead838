"""A graph with what the ontology entails, for ``kg query --reason``: computed now, or read from the
``inferred.ttl`` that ``kg build --reason`` wrote."""

from __future__ import annotations

from rdflib import Graph

from kg.build.reason import infer
from kg.errors import KgError
from kg.facts.namespaces import bind_prefixes
from kg.project import ProjectPaths
from kg.store.files import load_graph_file


def with_inferences(graph: Graph, project: ProjectPaths = ProjectPaths(), profile: str | None = None) -> Graph:
    """A new graph with ``graph`` and its inferred triples, for ``kg query --reason``.

    Without a profile the inferred triples are those ``kg build --reason`` wrote
    to ``project.inferred_path`` (for the default built graph); with one they are
    computed now (for a ``--graph FILE``). Raises KgError if the file is missing.
    """
    if profile is not None:
        inferred = infer(graph, project, profile)
    elif project.inferred_path.is_file():
        inferred = load_graph_file(project.inferred_path)
    else:
        raise KgError(f"{project.inferred_path}: no inferred triples; run `kg build --reason rdfs` first")
    merged = bind_prefixes(Graph())
    for triple in graph:
        merged.add(triple)
    for triple in inferred:
        merged.add(triple)
    return merged
