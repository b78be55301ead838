"""Where graphs come from: a graph file, the project's default built graph, or a store.

Commands that read a graph (query, viz, validate, export, serve, ...) call
``open_graph``: with a file it parses that file; without one it uses the
store chosen by ``resolve_store``:

- ``memory`` (the default): ``out/graph.ttl`` parsed into rdflib, built
  first when it is missing or older than the data or the ontology;
- ``oxigraph:DIR``: a persistent embedded Oxigraph store that
  ``kg build --store oxigraph:DIR`` filled (see ``kg.oxigraph``);
- an ``http(s)://`` URL: a remote SPARQL 1.1 endpoint (see ``kg.remote``).

This module is the one place that knows which stores exist.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.memory import Memory
from rdflib.paths import Path as PropertyPath
from rdflib.store import Store
from rdflib.util import guess_format

from kg.build import GRAPH_FILE, INFERRED_FILE, build_graph, write_graph
from kg.errors import SourceError, StoreError, one_line
from kg.namespaces import ONTOLOGY_GRAPH, bind_prefixes
from kg.ontology import load_ontology
from kg.project import find_project_root

# Extensions rdflib's guess_format does not know.
_EXTRA_FORMATS = {".jsonld": "json-ld", ".json": "json-ld", ".nq": "nquads", ".trig": "trig"}


@dataclass(frozen=True)
class Project:
    """The folders of a kg project; defaults are relative to the working directory (the command line
    resolves them against the project's root, ``find_project_root``)."""

    data_dir: Path = Path("data")
    ontology_path: Path = Path("ontology/kg.ttl")
    out_dir: Path = Path("out")

    @property
    def graph_path(self) -> Path:
        """The asserted graph that ``kg build`` writes."""
        return self.out_dir / GRAPH_FILE

    @property
    def inferred_path(self) -> Path:
        """Triples entailed by the ontology (``kg build --reason``), kept apart from the asserted ones."""
        return self.out_dir / INFERRED_FILE


def rdf_format(path: Path | str) -> str | None:
    """The rdflib parser name for a file, from its extension (None if unknown).

    >>> rdf_format("graph.ttl"), rdf_format("x.nq"), rdf_format("x.txt")
    ('turtle', 'nquads', None)
    """
    suffix = Path(path).suffix.lower()
    return _EXTRA_FORMATS.get(suffix) or guess_format(str(path))


def load_graph_file(path: Path | str) -> Graph:
    """Parse an RDF file in any format rdflib reads; quads are merged into one graph.

    Raises SourceError if the file is missing, of unknown format, or does not parse.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: graph file not found")
    fmt = rdf_format(path)
    if fmt is None:
        raise SourceError(f"{path}: unknown RDF format; use .ttl, .nt, .nq, .trig, .jsonld, .rdf or .owl")
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph = Graph()
            graph.parse(path, format=fmt)
    except Exception as exc:  # each rdflib parser raises its own exception types
        raise SourceError(f"{path}: does not parse as {fmt}: {one_line(exc)}") from None
    return bind_prefixes(graph)


def is_stale(project: Project) -> bool:
    """True if the built graph is missing or older than any data or ontology file."""
    target = project.graph_path
    if not target.is_file():
        return True
    built = target.stat().st_mtime
    inputs = [project.ontology_path, *[p for p in project.data_dir.rglob("*") if p.is_file()]]
    return any(p.stat().st_mtime > built for p in inputs if p.exists())


def default_graph(project: Project = Project()) -> Graph:
    """The project's built graph, rebuilt first if it is missing or stale."""
    if is_stale(project):
        graph = build_graph(project.data_dir, project.ontology_path)
        write_graph(graph, project.out_dir)
        return graph
    return load_graph_file(project.graph_path)


# -- stores ----------------------------------------------------------------------------------

STORE_ENV = "KG_STORE"


@dataclass(frozen=True)
class StoreSpec:
    """Which store: ``memory``, ``oxigraph`` (``location`` is its folder) or ``remote`` (its query URL)."""

    kind: str = "memory"
    location: str = ""

    def __str__(self) -> str:
        return {"memory": "memory", "oxigraph": f"oxigraph:{self.location}"}.get(self.kind, self.location)


def parse_store(text: str, origin: str = "--store") -> StoreSpec:
    """Read a store setting: ``memory``, ``oxigraph:DIR`` or an ``http(s)://`` endpoint URL.

    >>> parse_store("oxigraph:out/store"), parse_store("http://127.0.0.1:7878").location
    (StoreSpec(kind='oxigraph', location='out/store'), 'http://127.0.0.1:7878/query')
    """
    from kg.remote import query_url

    text = text.strip()
    if text == "memory":
        return StoreSpec()
    if text.startswith("oxigraph:") and text[len("oxigraph:"):]:
        return StoreSpec("oxigraph", text[len("oxigraph:"):])
    if text.startswith(("http://", "https://")):
        return StoreSpec("remote", query_url(text))
    raise StoreError(f"{origin}: unknown store {text!r}; use memory, oxigraph:DIR or an http(s):// SPARQL endpoint URL")


def resolve_store(flag: str | None = None, environ: Mapping[str, str] = os.environ,
                  pyproject: Path | None = None) -> StoreSpec:
    """The store to use: ``--store`` flag, else $KG_STORE, else ``[tool.kg] store`` in the project's
    pyproject.toml (by default the one ``find_project_root`` finds), else memory.

    >>> resolve_store(None, {"KG_STORE": "oxigraph:db"}, Path("missing.toml"))
    StoreSpec(kind='oxigraph', location='db')
    """
    if pyproject is None:
        root = find_project_root()
        pyproject = root / "pyproject.toml" if root is not None else Path("pyproject.toml")
    if flag:
        return parse_store(flag)
    if environ.get(STORE_ENV):
        return parse_store(environ[STORE_ENV], f"${STORE_ENV}")
    if pyproject.is_file():
        try:
            setting = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("kg", {}).get("store")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise StoreError(f"{pyproject}: cannot read [tool.kg]: {one_line(exc)}") from None
        if setting:
            return parse_store(str(setting), f"{pyproject} [tool.kg] store")
    return StoreSpec()


def open_graph(graph_file: Path | str | None = None, project: Project = Project(),
               store: StoreSpec | str | None = None, local: bool = False) -> Graph:
    """A graph file if one is given, else the graph in ``store`` (default: the project's built graph).

    A store's graph holds the data alone, like the built graph; ``with_ontology`` adds the ontology.
    ``local`` copies a remote store's default graph into memory in one Graph
    Store Protocol GET, for commands that walk every triple (export,
    validate) rather than query.
    """
    if graph_file:
        return load_graph_file(graph_file)
    spec = parse_store(store) if isinstance(store, str) else (store or StoreSpec())
    if spec.kind == "oxigraph":
        from kg.oxigraph import open_store

        return open_store(Path(spec.location))
    if spec.kind == "remote":
        from kg.remote import RemoteStore

        if local:
            from kg.remote import fetch_graph, graph_store_url

            return bind_prefixes(fetch_graph(graph_store_url(spec.location)))
        return bind_prefixes(Graph(store=RemoteStore(spec.location), identifier=DATASET_DEFAULT_GRAPH_ID))
    return default_graph(project)


def load_store(graph: Graph, store: StoreSpec, project: Project = Project(), named_graph: str | None = None,
               ontology: bool = True, gsp: str | None = None) -> str:
    """Put ``graph`` into ``store``, replacing what it held; returns where it went, for a message.

    Every store keeps the data apart from the ontology, which goes to the
    named graph ``ONTOLOGY_GRAPH`` (on a remote store, unless ``ontology``
    is False); a remote store receives the data in its default graph or
    ``named_graph``, through its Graph Store at ``gsp`` (by default the
    endpoint's sibling ``/store``). Data an earlier push left in another
    graph of the server (a graph holding a kgo:SourceDocument) is deleted,
    so the server never holds two copies.
    """
    if store.kind == "oxigraph":
        from kg.oxigraph import load_store as load_oxigraph

        load_oxigraph(Path(store.location), graph, load_ontology(project.ontology_path))
        return str(store)
    if store.kind == "remote":
        from kg.remote import delete_graph, graph_store_url, graphs_with_kg_data, push_graph

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
        from kg.oxigraph import check_writable as check_oxigraph

        check_oxigraph(Path(store.location))


def with_ontology(graph: Graph, project: Project = Project()) -> Graph:
    """``graph`` with the ontology (for labels of classes and properties), as every store shows it.

    The data stays in the default graph and the ontology is the named graph
    ``ONTOLOGY_GRAPH``; queries see their union, and ``GRAPH ?g`` the
    ontology. In memory that is a new dataset; in an Oxigraph store the same
    store seen whole; on a remote store every query asks for the union of
    the server's graphs (``kg push`` sent the ontology to its graph).
    """
    from kg.remote import RemoteStore

    if isinstance(graph.store, RemoteStore):
        remote = RemoteStore(graph.store.endpoint, graph.store.timeout, union=True)
        return bind_prefixes(Graph(store=remote, identifier=graph.identifier))
    if type(graph.store).__module__.startswith("kg.oxigraph"):
        from kg.oxigraph import union_view

        return union_view(graph)
    store = Memory()
    data, ontology = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID), Graph(store=store, identifier=ONTOLOGY_GRAPH)
    data += graph
    ontology += load_ontology(project.ontology_path)
    return bind_prefixes(UnionGraph(store))


class UnionGraph(Graph):
    """Every graph of a store merged (the data and the ontology): triples, length and queries alike.

    Queries run on the store as a dataset whose default graph is that union,
    so ``GRAPH ?g`` patterns see the named graphs (the ontology), in memory
    as in Oxigraph. Example: ``UnionGraph(Memory())``.
    """

    def __init__(self, store: Store) -> None:
        super().__init__(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
        self.default_union = True  # Graph.query then asks the store for the union of its graphs

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        subject, path, obj = triple
        if isinstance(path, PropertyPath):  # a property path, walked over this union
            for found_subject, found_object in path.eval(self, subject, obj):
                yield found_subject, path, found_object
            return
        for found, _ in self.store.triples(triple, None):
            yield found

    def __len__(self) -> int:
        return self.store.__len__(None)

    def query(self, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(self.store, Memory):  # the store runs SPARQL itself (Oxigraph)
            return super().query(*args, **kwargs)
        # rdflib's engine knows named graphs only in a dataset: the same store, seen as one.
        return Dataset(store=self.store, default_union=True).query(*args, **kwargs)
