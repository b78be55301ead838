"""Where graphs come from: a graph file, the project's default built graph, or a store.

Commands that read a graph (query, viz, validate, export, serve, ...) call
``open_graph``: with a file it parses that file; without one it opens the
store chosen by ``kg.store.spec.resolve_store``:

- ``embedded`` (the default): the Oxigraph store ``kg build`` keeps in ``out/oxigraph``;
- ``memory``: ``out/graph.ttl`` parsed into rdflib;
- ``oxigraph:DIR``: a persistent embedded Oxigraph store that
  ``kg build --store oxigraph:DIR`` filled (see ``kg.store.oxigraph``);
- an ``http(s)://`` URL: a remote SPARQL 1.1 endpoint (see ``kg.store.remote``).

Stores are opened as they are: making the project's own outputs current is
``kg.api.Project``'s step before it. This module is the one place that knows
which stores exist.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.memory import Memory

from kg.errors import StoreError
from kg.facts.namespaces import ONTOLOGY_GRAPH, bind_prefixes
from kg.facts.ontology import load_ontology
from kg.project import ProjectPaths, find_project_root  # noqa: F401  (ProjectPaths: kg.store.ProjectPaths, as before)
from kg.store.files import load_graph_file
from kg.store.spec import StoreSpec, parse_store
from kg.store.union import UnionGraph  # noqa: F401  (kg.store.graphs.UnionGraph, as before)


def open_graph(graph_file: Path | str | None = None, project: ProjectPaths = ProjectPaths(),
               store: StoreSpec | str | None = None, local: bool = False, timeout: float | None = None) -> Graph:
    """A graph file if one is given, else the graph in ``store`` (default: the project's built graph).

    A store's graph holds the data alone, like the built graph; ``with_ontology`` adds the ontology.
    ``local`` copies a remote store's default graph into memory in one Graph
    Store Protocol GET, for commands that walk every triple (export,
    validate) rather than query. ``timeout`` is the seconds a remote store's
    query may take (it is sent to servers that accept one; default 60).
    The store is opened as it is (``reading_store``): ``kg.api.Project`` makes the project's own outputs
    current first.
    """
    if graph_file:
        return load_graph_file(graph_file)
    spec = reading_store(store, project)
    if spec.kind == "memory":
        return load_graph_file(project.graph_path)
    if spec.kind == "oxigraph":
        from kg.store.oxigraph import open_store

        return open_store(Path(spec.location))
    if spec.kind == "remote":
        from kg.store.remote import RemoteStore

        if local:
            from kg.store.remote import fetch_graph, graph_store_url, split_endpoint

            graphs = split_endpoint(spec.location)[1]
            return bind_prefixes(fetch_graph(graph_store_url(spec.location), graphs[0] if graphs else None))
        remote = RemoteStore(spec.location) if timeout is None else RemoteStore(spec.location, timeout)
        return bind_prefixes(Graph(store=remote, identifier=DATASET_DEFAULT_GRAPH_ID))
    raise StoreError(f"unknown store {spec}")


def reading_store(store: StoreSpec | str | None, project: ProjectPaths = ProjectPaths()) -> StoreSpec:
    """The store a reading command opens: the embedded store (the default) is the project's ``out/oxigraph``;
    an ``oxigraph:DIR`` store that ``kg build --store`` filled is refused if the project's inputs changed since
    (one line naming the command that brings it up to date). Remote stores are taken as they are.

    This only reads: making the project's own outputs current (``kg.build.outputs.ensure_current``) is the
    caller's step before it, as ``kg.api.Project`` takes it.
    """
    spec = parse_store(store) if isinstance(store, str) else (store or StoreSpec())
    if spec.kind == "embedded":
        return StoreSpec("oxigraph", str(project.store_path))
    if spec.kind == "oxigraph" and Path(spec.location).resolve() != project.store_path.resolve():
        from kg.build.outputs import stale_store

        changed = stale_store(Path(spec.location), project)
        if changed:
            raise StoreError(f"{spec.location}: built before {changed[0]} changed; "
                             f"run 'kg build --store oxigraph:{spec.location}' to bring it up to date")
    return spec


def load_store(graph: Graph | list[bytes], store: StoreSpec, project: ProjectPaths = ProjectPaths(), named_graph: str | None = None,
               ontology: bool = True, gsp: str | None = None) -> str:
    """Put ``graph`` into ``store``, replacing what it held; returns where it went, for a message.

    Every store keeps the data apart from the ontology, which goes to the
    named graph ``ONTOLOGY_GRAPH`` (on a remote store, unless ``ontology``
    is False); a remote store receives the data in its default graph or
    ``named_graph``, through its Graph Store at ``gsp`` (by default the
    endpoint's sibling ``/store``); an endpoint URL naming one
    ``default-graph-uri`` puts the data in that graph. Data an earlier push
    left in another graph of the server (a graph holding a kgo:SourceDocument)
    is deleted, so the server never holds two copies.
    """
    if store.kind == "oxigraph":
        from kg.build.outputs import load_project_store

        load_project_store(Path(store.location), graph, project)
        return str(store)
    if isinstance(graph, list):  # N-Triples lines, as kg build makes them
        graph = bind_prefixes(Graph()).parse(data=b"\n".join(graph).decode("utf-8"), format="nt")
    if store.kind == "remote":
        from kg.store.remote import (
            delete_graph,
            graph_store_url,
            graphs_with_kg_data,
            push_graph,
            refuse_user_info,
            split_endpoint,
        )

        graphs = split_endpoint(store.location)[1]
        if not named_graph and len(graphs) > 1:
            raise StoreError(f"{store.location}: names {len(graphs)} default graphs; choose the one to replace with --named-graph")
        named_graph = named_graph or (graphs[0] if graphs else None)  # queries will ask for that graph
        if gsp is not None:
            refuse_user_info(gsp, "--gsp")
        url = gsp or graph_store_url(store.location)
        before = graphs_with_kg_data(store.location)
        push_graph(url, graph, named_graph)
        for old in before:
            # What a push put in another graph goes: one copy of the data on the server, not two.
            if old != named_graph and old != str(ONTOLOGY_GRAPH):
                delete_graph(url, old)
        if ontology:
            push_graph(url, load_ontology(project.ontology_path), str(ONTOLOGY_GRAPH))
        return f"{url} ({f'graph <{named_graph}>' if named_graph else 'default graph'})"
    raise StoreError("the memory store is the built graph file itself; choose oxigraph:DIR or an endpoint URL")


def check_writable(store: StoreSpec) -> None:
    """Fail now, before anything is built or written, if ``store`` cannot be loaded into (a bad or locked folder)."""
    if store.kind == "oxigraph":
        from kg.build.oxigraph import check_writable as check_oxigraph

        check_oxigraph(Path(store.location))


def with_ontology(graph: Graph, project: ProjectPaths = ProjectPaths()) -> Graph:
    """``graph`` with the ontology (for labels of classes and properties), as every store shows it.

    The data stays in the default graph and the ontology is the named graph
    ``ONTOLOGY_GRAPH``; queries see their union, and ``GRAPH ?g`` the
    ontology. In memory that is a new dataset; in an Oxigraph store the same
    store seen whole; on a remote store every query asks for the union of
    the server's graphs (``kg push`` sent the ontology to its graph).
    """
    from kg.store.remote import RemoteStore

    if isinstance(graph.store, RemoteStore):
        remote = RemoteStore(graph.store.endpoint, graph.store.timeout, union=True)
        return bind_prefixes(Graph(store=remote, identifier=graph.identifier))
    if type(graph.store).__module__.startswith("kg.store.oxigraph"):
        from kg.store.oxigraph import union_view

        return union_view(graph)
    store = Memory()
    data, ontology = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID), Graph(store=store, identifier=ONTOLOGY_GRAPH)
    data += graph
    ontology += load_ontology(project.ontology_path)
    return bind_prefixes(UnionGraph(store))
