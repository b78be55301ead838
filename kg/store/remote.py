"""A remote SPARQL 1.1 store: queries over the SPARQL Protocol, loading over the Graph Store Protocol.

``RemoteStore`` is an rdflib store, so a remote endpoint is queried through
an ordinary ``Graph`` like every other store. It differs from rdflib's
``SPARQLStore`` in the ways that matter here: errors (unreachable server,
HTTP status) become one-line ``StoreError`` messages; requests have a
timeout, which servers that accept one per query also receive, so they stop
computing when kg stops waiting; kg's prefixes are declared in the text
sent; decimals come back spelled as kg writes them. Parameters reach it as a
VALUES block (``kg.sparql.params.with_values``), never as spliced text.

Where the data is: by default the server's default graph, and with the
ontology (``union=True``) a query asks for the union of the server's graphs
(Oxigraph's ``union-default-graph`` option). An endpoint URL that names
graphs with the protocol's own ``default-graph-uri`` parameter (a server
whose default graph is every graph it holds, like Virtuoso's) is asked for
those graphs alone, plus the ontology's. Credentials come from
``$KG_USER``/``$KG_PASSWORD`` or ``~/.netrc``, never from a URL or an argument.
"""

from __future__ import annotations

import functools
import io
import json
import netrc
import os
import re
import socket
from email.message import Message
from typing import Any, Iterator, Mapping
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from urllib.request import (
    HTTPBasicAuthHandler,
    HTTPDigestAuthHandler,
    HTTPPasswordMgrWithDefaultRealm,
    OpenerDirector,
    Request,
    build_opener,
)

from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import StoreError, one_line
from kg.facts.namespaces import ONTOLOGY_GRAPH, sparql_prologue
from kg.facts.terms import canonical_term
from kg.store.terms import map_terms

TIMEOUT_SECONDS = 60.0
# The query option that makes an Oxigraph server's default graph the union of all its graphs.
UNION_OPTION = "union-default-graph"
# Where credentials come from (beside ~/.netrc): named like $KG_STORE, which they go with.
USER_ENV, PASSWORD_ENV = "KG_USER", "KG_PASSWORD"
_RESULT_TYPES = "application/sparql-results+json"
# For CONSTRUCT and DESCRIBE: asked apart, as Virtuoso answers them in results JSON (rows of s, p, o) if allowed.
_GRAPH_TYPES = "application/n-triples, text/turtle;q=0.8"
# Servers that take a per-query time limit as a request parameter, found by their Server header:
# Virtuoso's ``timeout`` is in milliseconds, Fuseki's in seconds (honoured where the server allows it).
# Oxigraph has none (``oxigraph serve --timeout-s`` sets one for every query); others: see the README.
_TIMEOUT_PARAMETERS = {"virtuoso": ("timeout", 1000), "fuseki": ("timeout", 1)}
_BATCH = 5000  # triples serialised at a time while a graph is sent


class RemoteStore(SPARQLStore):
    """An rdflib store over a SPARQL 1.1 query endpoint (read-only here).

    >>> RemoteStore("http://127.0.0.1:8890/sparql?default-graph-uri=https://kg.example.org/graph/data").graphs
    ('https://kg.example.org/graph/data',)
    """

    def __init__(self, endpoint: str, timeout: float = TIMEOUT_SECONDS, union: bool = False) -> None:
        super().__init__(query_endpoint=endpoint, returnFormat="json")
        self.endpoint = endpoint
        self.timeout = timeout
        self.union = union
        self.url, self.graphs = split_endpoint(endpoint)

    def query(self, query: Any, initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's names)
              initBindings: Mapping[str, Node] | None = None, queryGraph: Any = None, **kwargs: Any) -> Result:
        if not isinstance(query, str):
            raise NotImplementedError("a remote store evaluates query text, not a parsed query")
        if initBindings:
            raise NotImplementedError("give a remote store parameters as VALUES (kg.sparql.params.with_values)")
        from rdflib.plugins.sparql.parser import parseQuery

        text = sparql_prologue() + query
        form = parseQuery(text)[1].name  # kg checked the query already: here it only says which answer to ask for
        return self._query(text, accept=_GRAPH_TYPES if form in ("ConstructQuery", "DescribeQuery") else _RESULT_TYPES)

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None,
               accept: str = _RESULT_TYPES) -> Result:
        # SPARQLStore.triples() and __len__ come here too.
        params: list[tuple[str, str]] = [("default-graph-uri", g) for g in self.graphs]
        if self.graphs and self.union:  # the data's graphs and the ontology's, which GRAPH ?g sees alone
            params += [("default-graph-uri", str(ONTOLOGY_GRAPH)), ("named-graph-uri", str(ONTOLOGY_GRAPH))]
        elif self.union:  # Oxigraph's option (its server's --union-default-graph, for this query alone)
            params.append((UNION_OPTION, ""))
        params += timeout_parameters(self.url, self.timeout)
        # A form, the one POST every server reads alike (Virtuoso 7 leaves a sparql-query body's answer open).
        request = Request(self.url, data=urlencode([("query", query), *params]).encode("ascii"), method="POST",
                          headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        body, headers = _send(request, self.timeout + 5, self.endpoint)  # the server's limit comes first
        if headers.get("X-SQL-State") == "S1TAT":
            # Virtuoso's "anytime" answer: what it found before its time limit, sent as if complete.
            raise StoreError(f"{self.endpoint}: the server stopped the query at its time limit "
                             f"({self.timeout:g} s) and sent a partial answer, which kg does not use; "
                             "narrow the query or add a LIMIT")
        return map_terms(Result.parse(io.BytesIO(body), content_type=headers.get_content_type()), canonical_term)


def split_endpoint(endpoint: str) -> tuple[str, tuple[str, ...]]:
    """An endpoint URL without its ``default-graph-uri`` parameters, and their values (the graphs kg's data is in).

    >>> split_endpoint("http://h:8890/sparql?default-graph-uri=https%3A%2F%2Fkg.example.org%2Fgraph%2Fdata")
    ('http://h:8890/sparql', ('https://kg.example.org/graph/data',))
    >>> split_endpoint("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/query', ())
    """
    parts = urlsplit(endpoint)
    params = parse_qsl(parts.query, keep_blank_values=True)
    graphs = tuple(value for key, value in params if key == "default-graph-uri")
    rest = urlencode([(key, value) for key, value in params if key != "default-graph-uri"])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, rest, "")), graphs


def timeout_parameters(url: str, timeout: float) -> list[tuple[str, str]]:
    """The request parameter that gives this server a query's time limit (none if it takes none).

    The server is recognised by its Server header, asked once per process
    (Virtuoso: milliseconds; Fuseki: seconds). Example:
    ``timeout_parameters("http://127.0.0.1:8890/sparql", 10)`` is ``[("timeout", "10000")]`` on Virtuoso.
    """
    software = server_software(url).lower()
    for name, (parameter, per_second) in _TIMEOUT_PARAMETERS.items():
        if name in software:
            return [(parameter, f"{timeout * per_second:g}")]
    return []


@functools.lru_cache(maxsize=16)
def server_software(url: str) -> str:
    """The Server header of a SPARQL endpoint ("" if it sends none), from one ``ASK {}``; StoreError if unreachable.

    Example: ``server_software("http://127.0.0.1:8890/sparql")`` starts ``'Virtuoso/07.20'``.
    """
    sep = "&" if urlsplit(url).query else "?"
    _, headers = _send(Request(f"{url}{sep}{urlencode({'query': 'ASK {}'})}",
                               headers={"Accept": "application/sparql-results+json"}), 10.0, url)
    return headers.get("Server", "")


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

    One PUT whose N-Triples are written as they are sent, never whole in
    memory. Example: ``push_graph("http://127.0.0.1:7878/store", graph)``. Raises StoreError.
    """
    body = NTriplesBody(graph)
    # The length is said up front: Virtuoso answers 201 to a chunked body and stores nothing.
    request = Request(_graph_url(gsp_url, named_graph), data=body, method="PUT",
                      headers={"Content-Type": "application/n-triples", "Content-Length": str(len(body))})
    try:
        _send(request, timeout)
    except StoreError as exc:
        if " 404 " in str(exc) or " 405 " in str(exc):
            raise StoreError(f"{exc}; is {gsp_url} the server's Graph Store? give its URL with --gsp "
                             "(Virtuoso: /sparql-graph-crud-auth)") from None
        raise


class NTriplesBody:
    """A graph's N-Triples as an HTTP request body: made in batches while it is sent, and made again if the
    request is sent again (urllib resends it after an authentication challenge).

    >>> from rdflib import Literal, URIRef
    >>> g = Graph().add((URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    >>> body = NTriplesBody(g); len(body), b"".join(body)
    (22, b'<urn:a> <urn:b> "c" .\\n')
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._length = sum(len(chunk) for chunk in self)  # a first pass, counting: the length goes first

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[bytes]:
        batch = Graph()
        for triple in self.graph:
            batch.add(triple)
            if len(batch) == _BATCH:
                yield batch.serialize(format="nt", encoding="utf-8")
                batch = Graph()
        if len(batch):
            yield batch.serialize(format="nt", encoding="utf-8")


def graphs_with_kg_data(endpoint: str, timeout: float = TIMEOUT_SECONDS) -> list[str | None]:
    """The graphs of a server that hold data kg pushed (a kgo:SourceDocument in them): None for the default graph.

    So that a push replaces what an earlier push put elsewhere: the data in
    the default graph, then in a named graph, must not be on the server twice.
    """
    url, _ = split_endpoint(endpoint)
    source = "<https://kg.example.org/ontology#SourceDocument>"
    named = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a {source} }} }}"
    found: list[str | None] = sorted(b["g"]["value"] for b in _ask(url, named, timeout)["results"]["bindings"])
    # In the default graph and in no named graph: where the default graph is the union of all graphs
    # (Virtuoso's), the data a push put in a named graph is not counted twice.
    default = f"ASK {{ ?s a {source} FILTER NOT EXISTS {{ GRAPH ?g {{ ?s a {source} }} }} }}"
    if _ask(url, default, timeout).get("boolean"):
        found.append(None)
    return found


def _ask(url: str, query: str, timeout: float) -> dict:
    sep = "&" if urlsplit(url).query else "?"
    body, _ = _send(Request(f"{url}{sep}{urlencode({'query': query})}",
                            headers={"Accept": "application/sparql-results+json"}), timeout, url)
    return json.loads(body)


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

    Credentials in the URL are refused (they would show wherever the URL is
    printed): they go in $KG_USER/$KG_PASSWORD or ~/.netrc.

    >>> query_url("http://127.0.0.1:7878"), query_url("http://h/sparql")
    ('http://127.0.0.1:7878/query', 'http://h/sparql')
    """
    refuse_user_info(endpoint)
    parts = urlsplit(endpoint)
    if parts.path in ("", "/"):
        return urlunsplit((parts.scheme, parts.netloc, "/query", parts.query, ""))
    return endpoint


def refuse_user_info(url: str, what: str = "endpoint") -> None:
    """Raise StoreError if ``url`` holds a user name or password (``http://user:pw@host/``), before anything
    resolves or prints it: credentials go in $KG_USER/$KG_PASSWORD or ~/.netrc. ``what``: the URL's role in
    the message ("endpoint", "--gsp").

    >>> refuse_user_info("http://127.0.0.1:7878/store", "--gsp")
    """
    parts = urlsplit(url)
    if "@" in parts.netloc:
        raise StoreError(f"{parts.scheme}://{parts.hostname}: the {what} URL holds a user name or password; "
                         f"remove it and set ${USER_ENV} and ${PASSWORD_ENV} or a ~/.netrc entry instead")


def credentials(url: str, environ: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """The user name and password for ``url``'s server: $KG_USER and $KG_PASSWORD, else the ``~/.netrc``
    (or $NETRC) entry for its host, else None. Never from the command line, which others can read.

    >>> credentials("http://h:8890/sparql", {"KG_USER": "kg", "KG_PASSWORD": "s3cret"})
    ('kg', 's3cret')
    """
    user, password = environ.get(USER_ENV), environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password):
            raise StoreError(f"set both ${USER_ENV} and ${PASSWORD_ENV}, or neither (then ~/.netrc is read)")
        return user, password
    path = environ.get("NETRC")  # None: ~/.netrc, which Python checks is readable by its owner alone
    try:
        found = netrc.netrc(path).authenticators(urlsplit(url).hostname or "")
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as exc:
        # The parser's message may quote a token of the file (a password): it is not repeated.
        reason = exc.msg if "permissi" in exc.msg or "owner" in exc.msg else "not a netrc file"
        raise StoreError(f"{exc.filename}:{exc.lineno}: {reason}") from None
    if found is None or not found[0] or found[2] is None:
        return None
    return found[0], found[2]


def _opener(url: str) -> OpenerDirector:
    """An opener that answers the server's Digest or Basic challenge with the credentials for its host."""
    found = credentials(url)
    if found is None:
        return build_opener()
    parts = urlsplit(url)
    manager = HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", *found)  # this server alone
    return build_opener(HTTPDigestAuthHandler(manager), HTTPBasicAuthHandler(manager))


def _send(request: Request, timeout: float, where: str | None = None) -> tuple[bytes, Message]:
    """The body and headers of the answer; StoreError naming ``where`` (default: the URL) on failure."""
    where = where or request.full_url
    try:
        with _opener(request.full_url).open(request, timeout=timeout) as response:
            return response.read(), response.headers
    except HTTPError as exc:
        text = exc.read().decode("utf-8", "replace")
        if "html" in (exc.headers.get_content_type() if exc.headers else ""):
            text = re.sub(r"<title>.*?</title>|<[^>]+>", " ", text, flags=re.S)  # Virtuoso's errors are pages
        detail = " ".join(text.split())[:300]
        hint = (f" (check ${USER_ENV}/${PASSWORD_ENV} or ~/.netrc)" if exc.code == 401 else "")
        raise StoreError(f"{where}: the server answered {exc.code} {exc.reason}{hint}: {detail}") from None
    except (URLError, socket.timeout, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"{where}: cannot reach the SPARQL endpoint: {reason}") from None
