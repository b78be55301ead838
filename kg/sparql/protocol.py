"""The SPARQL 1.1 Protocol's answers, as plain values: a request's query and Accept header -> status, type, bytes.

No HTTP server here: ``kg.serve.app`` receives requests and runs ``answer`` in
worker processes (this module is all a worker imports). The endpoint is
read-only and fetches nothing: updates, SERVICE and FROM (which would make
rdflib download a URL) are refused by looking at the parsed query.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import RDF
from rdflib.query import Result

from kg.errors import KgError, QueryError, TooManyTriples
from kg.facts.namespaces import bind_prefixes
from kg.runtime import die_with_parent
from kg.sparql.parse import is_update, parse_query, what_it_fetches
from kg.sparql.results import GRAPH_FORMATS, MEDIA_TYPES, TABULAR_FORMATS, format_result
from kg.sparql.run import run_query

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")

# Media types a client may ask for -> kg.sparql.results format, in the server's order of preference.
TABULAR_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "text/n3": "ttl", "text/rdf+n3": "ttl",
    "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "jsonld", "application/json": "jsonld", "application/rdf+xml": "rdf",
}
# ``format=`` values (kg's names, and those SPARQLWrapper and other clients send) for each kind of query.
TABULAR_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
GRAPH_NAMES = {"ttl": "ttl", "turtle": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
               "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
               "rdf": "rdf", "xml": "rdf", "rdf+xml": "rdf", "rdfxml": "rdf"}  # SPARQLWrapper's default is xml
_W3C_FORMATS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
                "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD",
                "rdf": "RDF_XML"}


@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back."""

    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> "Answer":
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def url_too_long(limit: int) -> Answer:
    """The answer to a request whose URL (a query sent by GET) is longer than ``limit`` bytes.

    >>> url_too_long(1000).status
    414
    """
    return Answer.error(414, f"the URL is longer than {limit:,} bytes, the server's limit (--max-body); "
                             "send a long query by POST, as application/sparql-query or a form")


@dataclass(frozen=True)
class GraphRecipe:
    """How a worker process gets its graph: N-Triples to parse, or a store to open (picklable)."""

    nquads: bytes | None = None  # the default graph's triples, and the named graphs' (the ontology)
    store: Any = None  # a kg.store.spec.StoreSpec
    ontology_path: Path = Path("ontology/kg.ttl")
    timeout: float | None = None  # a remote store's time limit per query, which the server receives too

    def open(self) -> Graph:
        """The graph the endpoint answers from."""
        from kg.project import ProjectPaths
        from kg.store.graphs import UnionGraph, open_graph, with_ontology

        if self.nquads is not None:
            dataset = Dataset()
            dataset.parse(data=self.nquads, format="nquads")
            return bind_prefixes(UnionGraph(dataset.store))
        project = ProjectPaths(ontology_path=self.ontology_path)
        if getattr(self.store, "kind", None) == "oxigraph":  # the server checked it was current when it started
            from kg.store.oxigraph import open_store

            return with_ontology(open_store(Path(self.store.location)), project)
        return with_ontology(open_graph(None, project, self.store, timeout=self.timeout), project)


_graph: Graph | None = None


def init_worker(recipe: GraphRecipe, memory_mb: int | None = None) -> None:
    """Open the graph once in a worker process; with ``memory_mb``, the most memory a query may add to it.

    The limit is on the worker's address space (what it holds once its graph
    is open, plus ``memory_mb``), so a query that would grow past it fails
    with MemoryError in this worker instead of swapping out the machine. It
    applies to in-memory graphs: an Oxigraph store maps its files into memory.
    """
    global _graph, _memory_mb, _recipe, _opened
    # pebble's SIGTERM handler is Python code, which cannot run while Oxigraph evaluates in Rust: pebble
    # would wait its term_timeout, then SIGKILL. The default action stops a worker past its time at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    _recipe, _opened = recipe, _store_identity(recipe)
    _graph = recipe.open()
    if memory_mb and recipe.nquads is not None:
        import resource

        _memory_mb = memory_mb
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))


_memory_mb: int | None = None


_recipe: GraphRecipe | None = None
_opened: int | None = None  # the identity of the store folder the worker's graph was opened from


def _store_identity(recipe: GraphRecipe) -> int | None:
    """The inode of an Oxigraph store's folder: ``kg build`` puts a new folder in its place."""
    import os

    store = recipe.store
    if store is None or getattr(store, "kind", None) != "oxigraph":
        return None
    try:
        return os.stat(store.location).st_ino
    except OSError:  # being replaced right now: the next query looks again
        return None


def _reopen_if_rebuilt() -> None:
    """Answer from the new store after a rebuild, never from the deleted files of the old one."""
    global _graph, _opened
    now = _store_identity(_recipe) if _recipe is not None else None
    if now is not None and now != _opened:
        _graph, _opened = _recipe.open(), now


def _address_space() -> int:
    """The worker's virtual memory now (Linux's /proc), the base its limit is counted from."""
    import os

    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def answer_in_worker(query: str | None, accept: str, fmt: str | None, endpoint: str, max_rows: int,
                     max_bytes: int | None = None) -> Answer:
    """``answer`` on the worker's graph; a query that needs more memory than the worker may take is refused."""
    assert _graph is not None, "init_worker was not called"
    _reopen_if_rebuilt()
    try:
        return answer(_graph, query, accept, fmt, endpoint, max_rows, max_bytes)
    except MemoryError:
        return Answer.error(503, f"the query needed more than {_memory_mb} MB, the memory a query may take "
                                 f"(--worker-memory); narrow it or add a LIMIT")


def answer(graph: Graph, query: str | None, accept: str = "", fmt: str | None = None,
           endpoint: str = "http://127.0.0.1:7878/sparql", max_rows: int = 10_000,
           max_bytes: int | None = None) -> Answer:
    """Answer a SPARQL query (or, with none, describe the service) in the format ``accept`` or ``fmt`` asks for.

    >>> import json
    >>> json.loads(answer(Graph(), "ASK { ?s ?p ?o }", "application/sparql-results+json").body)
    {'head': {}, 'boolean': False}
    >>> answer(Graph(), "INSERT DATA { <a:b> <a:c> <a:d> }").status
    403
    """
    if query is None:
        return Answer(200, MEDIA_TYPES["ttl"], service_description(graph, endpoint))
    if not query.strip():
        return Answer.error(400, "the query is empty")
    if type(graph.store).__module__.startswith("kg.store.oxigraph"):
        from kg.store.oxigraph import native_engine

        engine = native_engine(graph)
        if engine is not None:
            return _native_answer(*engine, query, accept, fmt, max_rows, max_bytes)
    try:
        parsed = parse_query(query)
    except QueryError as exc:
        if is_update(query):
            return Answer.error(403, "updates are refused: this SPARQL endpoint is read-only")
        return Answer.error(400, str(exc))
    fetches = what_it_fetches(parsed)
    if fetches == "SERVICE":
        return Answer.error(403, "SERVICE is refused: this endpoint does not query other endpoints")
    if fetches:
        return Answer.error(403, "FROM and FROM NAMED are refused: this endpoint fetches no graphs; it answers from its own graph")
    graph_result = parsed.algebra.name in ("ConstructQuery", "DescribeQuery")
    chosen = _choose_format(accept, fmt, graph_result)
    if chosen is None:
        offered = ", ".join(dict.fromkeys(GRAPH_TYPES if graph_result else TABULAR_TYPES))
        return Answer.error(406, f"cannot answer in the format asked for ({fmt or accept}); offered: {offered}")
    limited = getattr(graph.store, "construct_limit", False) is not False  # an Oxigraph store stops at the cap
    try:
        if limited:
            graph.store.construct_limit = max_rows
        result = _capped(run_query(graph, query), max_rows)
        body = format_result(result, chosen)
        if max_bytes is not None and len(body) > max_bytes:
            return Answer.error(400, f"the answer is larger than {max_bytes:,} bytes, the server's limit "
                                     f"(--max-bytes); select fewer or shorter values, or add a LIMIT")
    except _TooManyRows as exc:
        return Answer.error(400, str(exc))
    except QueryError as exc:
        return Answer.error(400, str(exc))
    except TooManyTriples:  # the store stopped the CONSTRUCT at the cap, before building the whole graph
        return Answer.error(400, f"the answer has more than {max_rows} rows, the server's limit (--max-rows); "
                                 f"add a LIMIT or narrow the query")
    except KgError as exc:  # a remote store behind this one failed
        return Answer.error(502, str(exc))
    finally:
        if limited:
            graph.store.construct_limit = None
    return Answer(200, MEDIA_TYPES[chosen], body)


def _native_answer(store: Any, union: bool, query: str, accept: str, fmt: str | None, max_rows: int,
                   max_bytes: int | None) -> Answer:
    """``answer`` from an Oxigraph store: the engine parses, evaluates and writes; kg refuses what would
    fetch, chooses the format and counts the rows on the engine's lines."""
    from kg.sparql.native import run_native
    from kg.sparql.native import what_it_fetches as fetches_in

    fetches = fetches_in(query)
    if fetches == "SERVICE":
        return Answer.error(403, "SERVICE is refused: this endpoint does not query other endpoints")
    if fetches:
        return Answer.error(403, "FROM and FROM NAMED are refused: this endpoint fetches no graphs; it answers from its own graph")
    try:
        found = run_native(store, query, union=union)
    except QueryError as exc:
        if is_update(query):
            return Answer.error(403, "updates are refused: this SPARQL endpoint is read-only")
        return Answer.error(400, str(exc))
    graph_result = found.kind in ("CONSTRUCT", "DESCRIBE")
    chosen = _choose_format(accept, fmt, graph_result)
    if chosen is None:
        offered = ", ".join(dict.fromkeys(GRAPH_TYPES if graph_result else TABULAR_TYPES))
        return Answer.error(406, f"cannot answer in the format asked for ({fmt or accept}); offered: {offered}")
    try:
        body = (format_result(found.as_result(), chosen) if found.kind == "ASK" else
                found.write(chosen, max_rows=max_rows))
    except QueryError as exc:
        return Answer.error(400, str(exc))
    except TooManyTriples:
        return Answer.error(400, f"the answer has more than {max_rows} rows, the server's limit (--max-rows); "
                                 f"add a LIMIT or narrow the query")
    if max_bytes is not None and len(body) > max_bytes:
        return Answer.error(400, f"the answer is larger than {max_bytes:,} bytes, the server's limit "
                                 f"(--max-bytes); select fewer or shorter values, or add a LIMIT")
    return Answer(200, MEDIA_TYPES[chosen], body)


def _choose_format(accept: str, fmt: str | None, graph_result: bool) -> str | None:
    """The kg.sparql.results format for an Accept header (or an explicit ``format=``); None if nothing fits.

    >>> _choose_format("text/csv;q=0.5, application/sparql-results+xml", None, False)
    'xml'
    >>> _choose_format("*/*", None, True), _choose_format("", "tsv", False), _choose_format("", "xml", True)
    ('ttl', 'tsv', 'rdf')
    >>> _choose_format("application/sparql-results+json;q=0, */*", None, False)
    'xml'
    >>> _choose_format("application/sparql-results+json;q=0", None, False) is None
    True
    """
    types = GRAPH_TYPES if graph_result else TABULAR_TYPES
    if fmt:
        fmt = fmt.strip().lower()
        return (GRAPH_NAMES if graph_result else TABULAR_NAMES).get(fmt) or types.get(fmt) or (
            fmt if fmt in (GRAPH_FORMATS if graph_result else TABULAR_FORMATS) else None)
    ranges, refused = [], set()
    for order, item in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in item.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, order, media.lower()))
        elif media:
            refused.add(types.get(media.lower()))
    if not ranges:
        # No Accept header: the default format; a header that refuses everything it names (q=0): nothing fits.
        return None if accept.strip() else next(iter(types.values()))
    for _, _, media in sorted(ranges):
        if media in types:
            return types[media]
        if media.endswith("/*"):
            kind = media[:-1]
            match = next((f for t, f in types.items()
                          if (media == "*/*" or t.startswith(kind)) and f not in refused), None)
            if match:
                return match
    return None


class _TooManyRows(Exception):
    pass


def _capped(result: Result, max_rows: int) -> Result:
    """The result, refused if it has more than ``max_rows`` rows (or triples); rows are read lazily."""
    message = (f"the answer has more than {max_rows} rows, the server's limit (--max-rows); "
               f"add a LIMIT or narrow the query")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if len(result.graph) > max_rows:
            raise _TooManyRows(message)
        return result
    if result.type != "SELECT":
        return result
    variables = list(result.vars or [])
    rows = list(islice(iter(result), max_rows + 1))
    if len(rows) > max_rows:
        raise _TooManyRows(message)
    capped = Result("SELECT")
    capped.vars = variables
    capped.bindings = [{Variable(v): row[i] for i, v in enumerate(variables) if row[i] is not None} for row in rows]
    return capped


def service_description(graph: Graph, endpoint: str) -> bytes:
    """A SPARQL 1.1 Service Description of this endpoint, in Turtle.

    >>> b"sd:SPARQL11Query" in service_description(Graph(), "http://127.0.0.1:7878/sparql")
    True
    """
    from kg.build.turtle import to_turtle

    sd = Graph()
    sd.bind("sd", SD)
    sd.bind("void", VOID)
    sd.bind("formats", FORMATS_NS)
    service = URIRef(endpoint)
    sd.add((service, RDF.type, SD.Service))
    sd.add((service, SD.endpoint, service))
    sd.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in _W3C_FORMATS.values():
        sd.add((service, SD.resultFormat, FORMATS_NS[name]))
    dataset, default = BNode("dataset"), BNode("defaultGraph")
    sd.add((service, SD.defaultDataset, dataset))
    sd.add((dataset, RDF.type, SD.Dataset))
    sd.add((dataset, SD.defaultGraph, default))
    sd.add((default, RDF.type, SD.Graph))
    sd.add((default, VOID.triples, Literal(len(graph))))
    return to_turtle(sd)
