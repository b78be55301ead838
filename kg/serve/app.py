"""The HTTP app of ``kg serve``: a read-only SPARQL 1.1 Protocol endpoint, a query page and the graph page.

``create_app(graph_or_store, settings)`` builds the app from its inputs, so
tests drive it in-process. Queries run in worker processes (pebble's pool):
rdflib's evaluation cannot be interrupted inside a thread, so a query that
outlives ``settings.timeout`` has its worker killed and replaced while the
other workers go on answering.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import socket
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl

from pebble import ProcessExpired, ProcessPool
from rdflib import Dataset, Graph
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from kg.errors import KgError, one_line
from kg.project import ProjectPaths
from kg.serve.guards import Guards, allowed_hosts
from kg.serve.query_page import query_page
from kg.sparql.protocol import (
    Answer,
    GraphRecipe,
    answer_in_worker,
    init_worker,
    url_too_long,
)
from kg.store.graphs import UnionGraph
from kg.store.spec import StoreSpec


# The folder of a large /graph page: its files are read from /graph_files/, beside /graph (kg.viz.folder.folder_of).
PAGE_FOLDER = "graph_files"


class ServeError(KgError):
    """The server cannot start: a port in use, a bad address."""


@dataclass(frozen=True)
class ServeSettings:
    """The limits and options of the endpoint."""

    timeout: float = 10.0
    max_rows: int = 10_000
    cors: str | None = None
    workers: int = 2
    queue: int = 8  # queries that may wait for a worker; past that, 503 at once
    max_bytes: int = 50_000_000  # the largest answer sent
    max_body: int = 1_000_000  # the largest request body read
    worker_memory: int | None = 2048  # MB a query may add to a worker (its address space is limited)
    host: str = "127.0.0.1"  # the address it listens on: bound to loopback, only loopback names are answered
    allow_hosts: tuple[str, ...] = ()  # other names a request's Host may give (kg.serve.guards)
    header_timeout: float = 10.0  # seconds a connection may take to send its request's headers
    max_connections: int = 200  # connections (and requests) at once; past that, 503
    queries_dir: Path = Path("queries")
    ontology_path: Path = Path("ontology/kg.ttl")
    graph_page: GraphPage | None = field(default=None, compare=False)


def create_app(graph_or_store: Graph | StoreSpec, settings: ServeSettings = ServeSettings()) -> Starlette:
    """The web app answering from ``graph_or_store`` (an rdflib Graph, or a store the workers open).

    Example: ``uvicorn.run(create_app(graph, ServeSettings(timeout=5)))``.
    """
    if isinstance(graph_or_store, UnionGraph):  # the data and, as a named graph, the ontology
        recipe = GraphRecipe(nquads=Dataset(store=graph_or_store.store).serialize(format="nquads", encoding="utf-8"))
    elif isinstance(graph_or_store, Graph):
        recipe = GraphRecipe(nquads=graph_or_store.serialize(format="nt", encoding="utf-8"))
    else:
        # A remote server receives the time limit too (where it takes one), so it stops when the worker does.
        recipe = GraphRecipe(store=graph_or_store, ontology_path=settings.ontology_path, timeout=settings.timeout)
    middleware = [Middleware(Guards, allowed=allowed_hosts(settings.host, settings.allow_hosts))]
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=[settings.cors], allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"]))
    routes = [Route("/", _index), Route("/sparql", _sparql, methods=["GET", "POST"]), Route("/graph", _graph_view),
              Route(f"/{PAGE_FOLDER}/{{name}}", _graph_part)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=_lifespan(recipe, settings))
    app.state.settings, app.state.page = settings, query_page(settings.queries_dir)
    app.state.max_url = settings.max_body  # a query sent by GET may be as long as one sent by POST
    app.state.header_timeout, app.state.max_connections = settings.header_timeout, settings.max_connections
    return app


def _lifespan(recipe: GraphRecipe, settings: ServeSettings) -> Callable:
    """The app's life: its pool of worker processes, each holding the graph, started before the first request."""

    @asynccontextmanager
    async def lifespan(app: Starlette):
        # Spawned, not forked: the server's threads and event loop must not be copied into workers.
        app.state.pool = ProcessPool(max_workers=settings.workers, initializer=init_worker,
                                     initargs=(recipe, settings.worker_memory),
                                     context=multiprocessing.get_context("spawn"))
        app.state.in_flight = 0
        # Start the workers (each opens the graph) before the first request, not during it.
        await asyncio.to_thread(lambda: app.state.pool.schedule(answer_in_worker, args=("ASK {}", "", None, "", 1)).result())
        try:
            yield
        finally:
            app.state.pool.stop()
            app.state.pool.join()

    return lifespan


async def _sparql(request: Request) -> Response:
    """The SPARQL endpoint: the request's query answered by a worker, within the server's limits."""
    state = request.app.state
    settings: ServeSettings = state.settings
    if len(request.scope.get("raw_path", b"")) + len(request.scope.get("query_string", b"")) > settings.max_body:
        return _response(url_too_long(settings.max_body))
    fields, refusal = await _protocol_fields(request, settings.max_body)
    if refusal:
        return _response(refusal)
    queries = [v for k, v in fields if k == "query"]
    if len(queries) > 1:
        return _response(Answer.error(400, "give one query parameter, not several"))
    if not queries and request.method == "POST":
        return _response(Answer.error(400, "no query: send query=... or an application/sparql-query body"))
    if state.in_flight >= settings.workers + settings.queue:
        # Every worker busy and the queue full: say so now rather than queue without end.
        return Response(f"the server is busy: {settings.workers} queries running and {settings.queue} waiting; "
                        f"try again shortly\n", status_code=503, media_type="text/plain; charset=utf-8",
                        headers={"Retry-After": str(max(1, round(settings.timeout)))})
    fmt = next((v for k, v in fields if k == "format"), None)
    args = (queries[0] if queries else None, request.headers.get("accept", ""), fmt,
            str(request.url.replace(query="")), settings.max_rows, settings.max_bytes)
    return _response(await _in_worker(request, args, settings))


async def _in_worker(request: Request, args: tuple, settings: ServeSettings) -> Answer:
    """``answer_in_worker(*args)`` on the pool, within the time limit; the answer, or the one saying why not."""
    state = request.app.state
    state.in_flight += 1  # counted before scheduling, which waits in a thread: no two requests take one place
    try:
        # pebble may start worker processes inside schedule(): off the event loop, which goes on serving.
        future = await asyncio.to_thread(state.pool.schedule, answer_in_worker, args=args, timeout=settings.timeout)
    except BaseException:
        state.in_flight -= 1
        raise
    future.add_done_callback(lambda _: _finished(state))
    try:
        result = await _unless_abandoned(future, request)
        if result is None:  # the client hung up: its query was stopped, nobody to answer
            return Answer(499, "text/plain; charset=utf-8", b"")
        return result
    except concurrent.futures.TimeoutError:
        return Answer.error(503, f"the query was stopped after {settings.timeout:g} s, the server's time "
                                 f"limit (--timeout); narrow it or add a LIMIT")
    except ProcessExpired as exc:
        return Answer.error(500, f"the query's worker died ({exc}); the server goes on")
    except Exception as exc:  # noqa: BLE001 (a bug, not the client's fault: one line, not a traceback)
        return Answer.error(500, f"the query failed: {type(exc).__name__}: {one_line(exc)}")


async def _index(request: Request) -> Response:
    return HTMLResponse(request.app.state.page)


async def _graph_view(request: Request) -> Response:
    settings: ServeSettings = request.app.state.settings
    if settings.graph_page is None:
        return _response(Answer.error(404, "no graph page"))
    return HTMLResponse(await asyncio.to_thread(settings.graph_page.page))


async def _graph_part(request: Request) -> Response:
    """A file of the large graph page's folder, as the page made last holds it."""
    settings: ServeSettings = request.app.state.settings
    found = None if settings.graph_page is None else settings.graph_page.part(request.path_params["name"])
    if found is None:
        return _response(Answer.error(404, "no such part of the graph page"))
    return Response(found, media_type="text/javascript")


def _finished(state) -> None:
    # pebble calls back from its own thread; one integer update under the GIL needs no lock here.
    state.in_flight -= 1


async def _unless_abandoned(future, request: Request, poll: float = 0.25):
    """The future's result, or None if the client disconnects first: the query is cancelled then, which
    stops its worker process (pebble replaces it), so an abandoned query holds no worker."""
    waiting = asyncio.wrap_future(future)
    while True:
        done, _ = await asyncio.wait({waiting}, timeout=poll)
        if done:
            return waiting.result()
        if await request.is_disconnected():
            future.cancel()
            return None


async def _protocol_fields(request: Request, max_body: int = 1_000_000) -> tuple[list[tuple[str, str]], Answer | None]:
    """The request's parameters (URL and form), or the answer refusing it."""
    fields = list(request.query_params.multi_items())
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        too_large = Answer.error(413, f"the request body is larger than {max_body:,} bytes, the server's limit "
                                      f"(--max-body); a query is rarely longer than a few kilobytes")
        if int(request.headers.get("content-length") or 0) > max_body:
            return fields, too_large  # said before reading it
        chunks, size = [], 0
        try:
            async for chunk in request.stream():  # a body sent without a length is counted as it comes
                size += len(chunk)
                if size > max_body:
                    return fields, too_large
                chunks.append(chunk)
        except ClientDisconnect:  # the client left (or sent a malformed body): this answer reaches nobody
            return fields, Answer.error(400, "the connection closed before the request body ended")
        body = b"".join(chunks).decode("utf-8", "replace")
        if media == "application/x-www-form-urlencoded":
            fields += parse_qsl(body, keep_blank_values=True)
        elif media == "application/sparql-query":
            fields.append(("query", body))
        elif media == "application/sparql-update":
            return fields, Answer.error(403, "updates are refused: this SPARQL endpoint is read-only")
        else:
            return fields, Answer.error(415, f"unsupported Content-Type {media or '(none)'}; send "
                                             "application/x-www-form-urlencoded or application/sparql-query")
    names = {k for k, _ in fields}
    if {"update", "using-graph-uri", "using-named-graph-uri"} & names:
        return fields, Answer.error(403, "updates are refused: this SPARQL endpoint is read-only")
    if {"default-graph-uri", "named-graph-uri"} & names:
        return fields, Answer.error(400, "default-graph-uri and named-graph-uri are not supported: this endpoint "
                                         "answers from its one graph; leave them out")
    return fields, None


def _response(result: Answer) -> Response:
    return Response(result.body, status_code=result.status, media_type=result.media_type)


class GraphPage:
    """The /graph page: kg viz's offline page of ``source`` with the ontology, its reading pane holding the
    source texts (from the project's data/sources), made on the first request.

    ``source`` is what the endpoint answers from: a graph, or a store. An Oxigraph store is opened anew for
    each page, and the page is made again once ``kg build`` has put a new store in its folder, as the workers
    reopen theirs: the page never draws a graph the endpoint no longer holds. Above ``folder_above`` nodes the
    page is kg viz's folder form (``kg.viz.folder``): the page, and the files it reads on demand from
    ``/graph_files/`` (``part``), those of the page made last, held in memory.
    Example: ``GraphPage(StoreSpec("oxigraph", "out/oxigraph"), ProjectPaths()).page()`` is the page as UTF-8
    HTML.
    """

    def __init__(self, source: Graph | StoreSpec, project: ProjectPaths, folder_above: int | None = None):
        from kg.viz.folder import FOLDER_ABOVE

        self.source, self.project = source, project
        self.folder_above = FOLDER_ABOVE if folder_above is None else folder_above
        self._lock, self._made = threading.Lock(), {}

    def page(self) -> bytes:
        """The page, made again if the store was replaced since it was made."""
        with self._lock:  # one page made at a time: a burst of first requests waits for it instead of each making one
            key = _store_identity(self.source)
            if "page" not in self._made or (key is not None and key != self._made["key"]):
                self._made["page"], self._made["parts"] = _graph_page(self.source, self.project, self.folder_above)
                self._made["key"] = key
            return self._made["page"]

    def part(self, name: str) -> bytes | None:
        """A file of the folder of the page made last (``f0.js``), None if it has none of that name."""
        with self._lock:
            return self._made.get("parts", {}).get(name)


def _store_identity(source: Graph | StoreSpec) -> int | None:
    """The inode of an Oxigraph store's folder (``kg build`` puts a new folder in its place); None for a graph
    in memory or a remote store (made once), or for a folder being replaced right now (the page kept)."""
    if not isinstance(source, StoreSpec) or source.kind != "oxigraph":
        return None
    try:
        return os.stat(source.location).st_ino
    except OSError:
        return None


def _graph_page(source: Graph | StoreSpec, project: ProjectPaths, folder_above: int) -> tuple[bytes, dict[str, bytes]]:
    from kg.store.graphs import with_ontology
    from kg.viz.folder import block_script
    from kg.viz.page import read_graph, render_folder, render_page, source_texts
    from kg.viz.triples import TripleIndex
    from kg.viz.view import build_view

    # A store is read natively in one pass (kg.viz.page.read_graph), as kg viz reads it; a graph in memory is
    # read once too, for the view and the page's styles alike.
    full = (TripleIndex.of(with_ontology(source, project)) if isinstance(source, Graph)
            else read_graph(None, project, source)[0])
    view = build_view(full)
    texts, _ = source_texts(view, Path(project.data_dir) / "sources")  # a text not found: its quotes alone
    if len(view.nodes) > folder_above:
        html, files = render_folder(view, full, "Knowledge graph", texts, PAGE_FOLDER)
        if files:  # as kg viz writes out/graph.html and out/graph_files/
            return html.encode("utf-8"), {f"{name}.js": block_script(name, block).encode("utf-8")
                                           for name, block in files.items()}
    return render_page(view, full, texts=texts).encode("utf-8"), {}


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; ServeError (one line) if the port is taken or the address is bad."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == 98 or "in use" in str(exc):
            raise ServeError(f"port {port} on {host} is in use; stop what uses it or choose another with --port") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except UnicodeError:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: not a host name or address") from None
    return sock


def run(app: Starlette, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` until interrupted."""
    import uvicorn

    from kg.serve.connections import HEADERS, protocol

    max_url = getattr(app.state, "max_url", 1_000_000)
    header_timeout = getattr(app.state, "header_timeout", 10.0)
    # A short grace on shutdown: requests still running are answered by nobody, and the workers stop with the pool.
    # h11 reads a request line and headers up to this size (16 KB by default): a long GET query reaches the app.
    # Past max_connections connections and requests at once, uvicorn answers 503: file descriptors stay for
    # the server's own work, whatever a client holds open.
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2,
                            http=protocol(max_url, header_timeout), h11_max_incomplete_event_size=max_url + HEADERS,
                            timeout_keep_alive=max(1, round(header_timeout)),
                            limit_concurrency=getattr(app.state, "max_connections", 200))
    uvicorn.Server(config).run(sockets=[sock])


