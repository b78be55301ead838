"""The endpoint of a project: which graph or store it answers from, with which limits, and its pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from kg.errors import UsageError
from kg.project import ProjectPaths
from kg.serve.app import GraphPage, ServeSettings, create_app
from kg.store.spec import StoreSpec


def endpoint_app(project: ProjectPaths, queries_dir: Path, spec: StoreSpec, graph_file: Path | str | None = None,
                 ontology: bool = True, limits: dict[str, Any] | None = None) -> tuple[Starlette, str]:
    """The endpoint's app for ``spec`` (or ``graph_file``), and how to name what it serves.

    The graph is opened here, so that a bad store fails now, in one line. The embedded store is served as the
    Oxigraph store the build keeps, which the workers (and the /graph page) reopen after a rebuild; a memory
    graph is served from this process's copy, with the ontology unless ``ontology`` is False (which only a
    memory graph or a file allows: a store holds the ontology in its own graph).
    """
    from kg.store.graphs import open_graph, with_ontology

    graph = open_graph(graph_file, project, spec)
    if spec.kind == "embedded":
        spec = StoreSpec("oxigraph", str(project.store_path))
    if spec.kind == "remote":
        from kg.store.remote import check_endpoint

        check_endpoint(spec.location)  # an unreachable endpoint fails now, not on every query
    if spec.kind == "memory":
        source = graph if not ontology else with_ontology(graph, project)
    elif not ontology:
        raise UsageError("--no-ontology applies to --store memory or a --graph file only")
    else:
        source = spec
    settings = ServeSettings(**(limits or {}), queries_dir=queries_dir, ontology_path=project.ontology_path,
                             # The page of an Oxigraph store is made again after a rebuild, from the new store.
                             graph_page=GraphPage(spec if spec.kind == "oxigraph" and not graph_file else graph, project))
    if spec.kind == "oxigraph":
        del graph  # opened only to check it: holding it would keep a rebuilt store's old files open
    return create_app(source, settings), str(graph_file or spec)
