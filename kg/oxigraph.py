"""An embedded Oxigraph store in a folder, seen through rdflib (oxrdflib), and loading one.

The store keeps the data in its default graph and the ontology in the named
graph ``ONTOLOGY_GRAPH``, so a command sees the data alone (like a graph
file) or, through ``union_view``, the data with the ontology's labels.
Readers open the folder read-only, so any number of them (``kg query``,
``kg serve``'s workers) share it; the writer (``kg build --store``) takes
its lock. Imported only when an Oxigraph store is used.
"""

from __future__ import annotations

import gc
import shutil
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Iterator

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node, Variable

from kg.namespaces import ONTOLOGY_GRAPH, bind_prefixes
from kg.errors import StoreError, TooManyTriples, one_line
from kg.graph import canonical_term
from kg.query import map_terms

# RocksDB writes this file first in every store folder.
_MARKER = "CURRENT"


class KgOxigraphStore(OxigraphStore):
    """oxrdflib's store, giving back literals as rdflib writes them: simple ones without ``xsd:string``,
    decimals in kg's spelling.

    Oxigraph follows RDF 1.1, where "x" and "x"^^xsd:string are one term,
    and keeps decimals in its canonical form (``163522000000``); rdflib keeps
    them apart and keeps the text it read, so a result would not equal the
    same result from an in-memory graph without this.
    """

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        for triple, contexts in super().triples(triple_pattern, context):
            yield tuple(_simple(t) for t in triple), contexts

    # The most triples a CONSTRUCT or DESCRIBE may give (kg serve's --max-rows): past it the query stops at
    # once and raises TooManyTriples, instead of building the whole graph first. None: no limit.
    construct_limit: int | None = None

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Result:  # noqa: N803
        if self.construct_limit is None or not isinstance(query, str) or kwargs:
            return map_terms(super().query(query, initNs, initBindings, queryGraph, **kwargs), _simple)
        from oxrdflib._converter import from_ox, to_ox

        found = self._inner.query(
            query, use_default_graph_as_union=queryGraph == "__UNION__",
            default_graph=to_ox(queryGraph) if isinstance(queryGraph, Node) else None,
            prefixes=dict(self._namespace_for_prefix, **initNs),
            substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()})
        if not isinstance(found, ox.QueryTriples):
            return map_terms(_as_result(found), _simple)
        triples = list(islice(found, self.construct_limit + 1))
        if len(triples) > self.construct_limit:
            raise TooManyTriples(f"the answer has more than {self.construct_limit} triples")
        result = Result("CONSTRUCT")
        result.graph = Graph()
        result.graph += (from_ox(t) for t in triples)
        return map_terms(result, _simple)


def _as_result(found: Any) -> Result:
    """A SELECT or ASK answer of pyoxigraph as rdflib's Result, as oxrdflib makes it."""
    from oxrdflib._converter import from_ox

    if isinstance(found, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(found)
        return result
    result = Result("SELECT")
    result.vars = [Variable(v.value) for v in found.variables]
    result.bindings = ({v: from_ox(value) for v, value in zip(result.vars, solution)} for solution in found)
    return result


def _simple(term: Node | None) -> Node | None:
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return canonical_term(term)


def open_store(path: Path) -> Graph:
    """The data of the Oxigraph store in ``path`` (opened read-only) as an rdflib Graph.

    Raises StoreError if there is no store there. Example: ``open_store(Path("out/oxigraph"))``.
    """
    check_store_folder(path, must_exist=True)
    try:
        inner = ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: cannot open the Oxigraph store: {one_line(exc)}") from None
    return bind_prefixes(Graph(store=KgOxigraphStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID))


def union_view(graph: Graph) -> Graph:
    """The same store seen with every graph merged: the data and the ontology."""
    from kg.store import UnionGraph

    return bind_prefixes(UnionGraph(graph.store))


def is_oxigraph(graph: Graph) -> bool:
    """True if ``graph`` lives in an Oxigraph store."""
    return isinstance(graph.store, OxigraphStore)


def load_store(path: Path, data: Graph, ontology: Graph) -> int:
    """Replace the content of the store in ``path`` (created if need be) with ``data`` and ``ontology``.

    The graph is loaded into a new store beside ``path`` that then takes its
    place, so a failure part-way leaves the old store as it was. Returns the
    number of data triples. Raises StoreError if the folder is locked (a
    running writer) or holds something other than a store.
    """
    loading = stage_store(path, data.serialize(format="nt", encoding="utf-8"),
                          ontology.serialize(format="nt", encoding="utf-8"))
    commit_store(loading, path)
    return len(data)


def stage_store(path: Path, data: bytes | BinaryIO, ontology: bytes) -> Path:
    """Load N-Triples ``data`` (bytes, or a binary file: the default graph) and ``ontology`` (its named graph)
    into a new store beside ``path``, and return its folder, for ``commit_store`` to put in place. Raises
    StoreError."""
    check_writable(path)
    loading = path.with_name(f".{path.name}.loading")
    shutil.rmtree(loading, ignore_errors=True)
    store = _open_for_writing(loading)
    try:
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(ontology, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
        store.flush()
        failure = None
    except (OSError, SyntaxError) as exc:
        failure = one_line(exc)
    del store
    gc.collect()  # releases the folder's lock now, not whenever the store is collected
    if failure is not None:
        shutil.rmtree(loading, ignore_errors=True)
        raise StoreError(f"{path}: cannot load the graph into the Oxigraph store: {failure}")
    return loading


def stage_store_change(path: Path, removed: bytes, added: bytes) -> Path:
    """A copy of the store at ``path`` beside it (a checkpoint: hard links, made at once) with the N-Triples
    ``removed`` taken out of its default graph and ``added`` put in; its folder, for ``commit_store``.
    Raises StoreError."""
    loading = path.with_name(f".{path.name}.loading")
    shutil.rmtree(loading, ignore_errors=True)
    store = _open_for_writing(path)
    try:
        store.backup(str(loading))
    except OSError as exc:
        raise StoreError(f"{path}: cannot copy the Oxigraph store: {one_line(exc)}") from None
    finally:
        del store
        gc.collect()  # releases the folder's lock now, not whenever the store is collected
    store = _open_for_writing(loading)
    try:
        for quad in ox.parse(removed, format=ox.RdfFormat.N_TRIPLES):
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object))
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(added, format=ox.RdfFormat.N_TRIPLES))
        store.flush()
        failure = None
    except (OSError, SyntaxError) as exc:
        failure = one_line(exc)
    del store
    gc.collect()
    if failure is not None:
        shutil.rmtree(loading, ignore_errors=True)
        raise StoreError(f"{path}: cannot change the Oxigraph store: {failure}")
    return loading


def commit_store(loading: Path, path: Path) -> None:
    """Put the store staged in ``loading`` in the place of ``path`` (two renames; readers that opened the
    old one keep it until they close it)."""
    replaced = path.with_name(f".{path.name}.replaced")
    shutil.rmtree(replaced, ignore_errors=True)
    if path.exists():
        path.rename(replaced)
    loading.rename(path)
    shutil.rmtree(replaced, ignore_errors=True)


def check_writable(path: Path) -> None:
    """Fail now, before any work, if ``path`` cannot be loaded into: not a store, or locked by a writer.

    Example: ``check_writable(Path("out/oxigraph"))``. Raises StoreError.
    """
    check_store_folder(path, must_exist=False)
    if path.exists():
        _open_for_writing(path)  # opened and dropped at once: only the lock is tested
        gc.collect()  # releases the folder's lock now, not whenever the store is collected


def _open_for_writing(path: Path) -> "ox.Store":
    try:
        return ox.Store(str(path))
    except OSError as exc:
        message = one_line(exc)
        if "lock" in message.lower():
            raise StoreError(f"{path}: the Oxigraph store is locked by another process "
                             f"(a running 'kg build' or 'oxigraph serve'?); stop it and try again") from None
        raise StoreError(f"{path}: cannot open the Oxigraph store: {message}") from None


def check_store_folder(path: Path, must_exist: bool) -> None:
    """Refuse a folder that is not an Oxigraph store (and, unless ``must_exist``, not empty either)."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a folder, so not an Oxigraph store")
    is_store = (path / _MARKER).is_file()
    if must_exist and not is_store:
        what = "is not an Oxigraph store" if path.exists() else "does not exist"
        raise StoreError(f"{path}: {what}; create the store with 'kg build --store oxigraph:{path}'")
    if not is_store and path.exists() and any(path.iterdir()):
        raise StoreError(f"{path}: the folder is not empty and not an Oxigraph store; choose a new or empty folder")
