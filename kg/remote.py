"""A remote SPARQL 1.1 store: queries over the SPARQL Protocol, loading over the Graph Store Protocol.

``RemoteStore`` is an rdflib store, so a remote endpoint is queried through
an ordinary ``Graph`` like every other store. It differs from rdflib's
``SPARQLStore`` in the ways that matter here: errors (unreachable server,
HTTP status) become one-line ``StoreError`` messages; requests have a
timeout; kg's prefixes are declared in the text sent; decimals come back
spelled as kg writes them. Parameters reach it as a VALUES block
(``kg.query.with_values``), never as spliced text. With the ontology
(``union=True``) a query asks for the union of the server's graphs
(Oxigraph's ``union-default-graph`` option); ``fetch_graph`` reads the
default graph alone through the Graph Store Protocol.
"""

from __future__ import annotations

import io
import re
import socket
from typing import Any, Mapping
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import StoreError, one_line
from kg.graph import canonical_term
from kg.namespaces import sparql_prologue
from kg.query import map_terms

TIMEOUT_SECONDS = 60.0
# The query option that makes an Oxigraph server's default graph the union of all its graphs.
UNION_OPTION = "union-default-graph"
_RESULT_TYPES = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


class RemoteStore(SPARQLStore):
    """An rdflib store over a SPARQL 1.1 query endpoint (read-only here).

    >>> RemoteStore("http://127.0.0.1:7878/query").endpoint
    'http://127.0.0.1:7878/query'
    """

    def __init__(self, endpoint: str, timeout: float = TIMEOUT_SECONDS, union: bool = False) -> None:
        super().__init__(query_endpoint=endpoint, returnFormat="json")
        self.endpoint = endpoint
        self.timeout = timeout
        self.union = union

    def query(self, query: Any, initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's names)
              initBindings: Mapping[str, Node] | None = None, queryGraph: Any = None, **kwargs: Any) -> Result:
        if not isinstance(query, str):
            raise NotImplementedError("a remote store evaluates query text, not a parsed query")
        if initBindings:
            raise NotImplementedError("give a remote store parameters as VALUES (kg.query.with_values)")
        return self._query(sparql_prologue() + query)

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
        # SPARQLStore.triples() and __len__ come here too.
        url = self.endpoint
        if self.union:  # Oxigraph's option (its server's --union-default-graph, for this query alone)
            url += ("&" if urlsplit(url).query else "?") + UNION_OPTION
        request = Request(url, data=query.encode("utf-8"), method="POST",
                          headers={"Content-Type": "application/sparql-query", "Accept": _RESULT_TYPES})
        body, content_type = _send(request, self.timeout, self.endpoint)
        return map_terms(Result.parse(io.BytesIO(body), content_type=content_type), canonical_term)


def check_endpoint(endpoint: str, timeout: float = 10.0) -> None:
    """Ask ``endpoint`` ``ASK {}``: a StoreError (one line) now if it cannot answer.

    Example: ``check_endpoint("http://127.0.0.1:7878/query")``.
    """
    RemoteStore(endpoint, timeout)._query("ASK {}")


def fetch_graph(gsp_url: str, named_graph: str | None = None, timeout: float = TIMEOUT_SECONDS) -> Graph:
    """The default graph (or ``named_graph``) of a Graph Store Protocol service, read in one GET.

    The Graph Store gives the default graph itself even where SPARQL
    queries see a union. Example: ``fetch_graph("http://127.0.0.1:7878/store")``. Raises StoreError.
    """
    body, _ = _send(Request(_graph_url(gsp_url, named_graph), headers={"Accept": "application/n-triples"}), timeout)
    graph = Graph()
    try:
        graph.parse(data=body, format="nt")
    except Exception as exc:  # rdflib's parser errors have no common type
        raise StoreError(f"{gsp_url}: the graph store sent no N-Triples: {one_line(exc)}") from None
    copy = Graph()
    for triple in graph:
        copy.add(tuple(canonical_term(term) for term in triple))
    return copy


def push_graph(gsp_url: str, graph: Graph, named_graph: str | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
    """Replace the default graph (or ``named_graph``) of a Graph Store Protocol service with ``graph``.

    Example: ``push_graph("http://127.0.0.1:7878/store", graph)``. Raises StoreError.
    """
    data = graph.serialize(format="nt", encoding="utf-8")
    _send(Request(_graph_url(gsp_url, named_graph), data=data, method="PUT",
                  headers={"Content-Type": "application/n-triples"}), timeout)


def graphs_with_kg_data(endpoint: str, timeout: float = TIMEOUT_SECONDS) -> list[str | None]:
    """The graphs of a server that hold data kg pushed (a kgo:SourceDocument in them): None for the default graph.

    So that a push replaces what an earlier push put elsewhere: the data in
    the default graph, then in a named graph, must not be on the server twice.
    """
    import json

    source = "<https://kg.example.org/ontology#SourceDocument>"
    found: list[str | None] = []
    named = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a {source} }} }}"
    body, _ = _send(Request(f"{query_url(endpoint)}?{urlencode({'query': named})}",
                            headers={"Accept": "application/sparql-results+json"}), timeout)
    found += sorted(b["g"]["value"] for b in json.loads(body)["results"]["bindings"])
    default = f"ASK {{ ?s a {source} }}"  # without union-default-graph: the default graph alone
    body, _ = _send(Request(f"{query_url(endpoint)}?{urlencode({'query': default})}",
                            headers={"Accept": "application/sparql-results+json"}), timeout)
    if json.loads(body).get("boolean"):
        found.append(None)
    return found


def delete_graph(gsp_url: str, named_graph: str | None, timeout: float = TIMEOUT_SECONDS) -> None:
    """Delete the default graph (or ``named_graph``) of a Graph Store; a graph already gone is no error."""
    try:
        _send(Request(_graph_url(gsp_url, named_graph), method="DELETE"), timeout)
    except StoreError as exc:
        if " 404 " not in str(exc):
            raise


def _graph_url(gsp_url: str, named_graph: str | None) -> str:
    return f"{gsp_url}?{urlencode({'graph': named_graph})}" if named_graph else f"{gsp_url}?default"


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL beside a query endpoint, in Oxigraph's layout.

    >>> graph_store_url("http://127.0.0.1:7878/query"), graph_store_url("http://h:1")
    ('http://127.0.0.1:7878/store', 'http://h:1/store')
    """
    parts = urlsplit(endpoint)
    path = re.sub(r"/(query|sparql)/?$", "", parts.path.rstrip("/") if parts.path != "/" else "")
    return urlunsplit((parts.scheme, parts.netloc, f"{path}/store", "", ""))


def query_url(endpoint: str) -> str:
    """A server's query URL: the URL itself, or ``/query`` on a bare server address.

    >>> query_url("http://127.0.0.1:7878"), query_url("http://h/sparql")
    ('http://127.0.0.1:7878/query', 'http://h/sparql')
    """
    parts = urlsplit(endpoint)
    if parts.path in ("", "/"):
        return urlunsplit((parts.scheme, parts.netloc, "/query", parts.query, ""))
    return endpoint


def _send(request: Request, timeout: float, where: str | None = None) -> tuple[bytes, str]:
    """The body and content type of the answer; StoreError naming ``where`` (default: the URL) on failure."""
    where = where or request.full_url
    try:
        with urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get_content_type()
    except HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
        raise StoreError(f"{where}: the server answered {exc.code} {exc.reason}: {detail}") from None
    except (URLError, socket.timeout, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"{where}: cannot reach the SPARQL endpoint: {reason}") from None
