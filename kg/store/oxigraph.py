"""An embedded Oxigraph store in a folder, seen through rdflib (oxrdflib), and loading one.

The store keeps the data in its default graph and the ontology in the named
graph ``ONTOLOGY_GRAPH``, so a command sees the data alone (like a graph
file) or, through ``union_view``, the data with the ontology's labels.
Readers open the folder read-only, so any number of them (``kg query``,
``kg serve``'s workers) share it; the writer (``kg build --store``) takes
its lock. Imported only when an Oxigraph store is used.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any, Iterator

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node, Variable

from kg.build.oxigraph import check_store_folder
from kg.errors import StoreError, TooManyTriples, one_line
from kg.facts.namespaces import bind_prefixes
from kg.facts.terms import canonical_term
from kg.store.terms import map_terms
from kg.store.union import UnionGraph


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
    return bind_prefixes(UnionGraph(graph.store))


def is_oxigraph(graph: Graph) -> bool:
    """True if ``graph`` lives in an Oxigraph store."""
    return isinstance(graph.store, OxigraphStore)


def native_engine(graph: Graph) -> tuple[ox.Store, bool] | None:
    """The pyoxigraph store under ``graph`` and whether ``graph`` is its union view (data and ontology);
    None if ``graph`` is not in an Oxigraph store. Queries on it go to the engine directly."""
    if not isinstance(graph.store, KgOxigraphStore):
        return None
    return graph.store._inner, bool(getattr(graph, "default_union", False))
