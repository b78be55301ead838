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
import functools
import multiprocessing
import socket
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
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from kg.errors import KgError, one_line
from kg.protocol import Answer, GraphRecipe, answer_in_worker, init_worker
from kg.query_page import query_page
from kg.store import Project, StoreSpec, UnionGraph


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
    queries_dir: Path = Path("queries")
    ontology_path: Path = Path("ontology/kg.ttl")
    graph_page: Callable[[], bytes] | None = field(default=None, compare=False)


def create_app(graph_or_store: Graph | StoreSpec, settings: ServeSettings = ServeSettings()) -> Starlette:
    """The web app answering from ``graph_or_store`` (an rdflib Graph, or a store the workers open).

    Example: ``uvicorn.run(create_app(graph, ServeSettings(timeout=5)))``.
    """
    if isinstance(graph_or_store, UnionGraph):  # the data and, as a named graph, the ontology
        recipe = GraphRecipe(nquads=Dataset(store=graph_or_store.store).serialize(format="nquads", encoding="utf-8"))
    elif isinstance(graph_or_store, Graph):
        recipe = GraphRecipe(nquads=graph_or_store.serialize(format="nt", encoding="utf-8"))
    else:
        recipe = GraphRecipe(store=graph_or_store, ontology_path=settings.ontology_path)
    page = query_page(settings.queries_dir)

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

    async def sparql(request: Request) -> Response:
        fields, refusal = await _protocol_fields(request, settings.max_body)
        if refusal:
            return _response(refusal)
        queries = [v for k, v in fields if k == "query"]
        if len(queries) > 1:
            return _response(Answer.error(400, "give one query parameter, not several"))
        if not queries and request.method == "POST":
            return _response(Answer.error(400, "no query: send query=... or an application/sparql-query body"))
        endpoint = str(request.url.replace(query=""))
        fmt = next((v for k, v in fields if k == "format"), None)
        state = request.app.state
        if state.in_flight >= settings.workers + settings.queue:
            # Every worker busy and the queue full: say so now rather than queue without end.
            return Response(f"the server is busy: {settings.workers} queries running and {settings.queue} waiting; "
                            f"try again shortly\n", status_code=503, media_type="text/plain; charset=utf-8",
                            headers={"Retry-After": str(max(1, round(settings.timeout)))})
        state.in_flight += 1  # counted before scheduling, which waits in a thread: no two requests take one place
        try:
            # pebble may start worker processes inside schedule(): off the event loop, which goes on serving.
            future = await asyncio.to_thread(
                state.pool.schedule, answer_in_worker,
                args=(queries[0] if queries else None, request.headers.get("accept", ""), fmt, endpoint,
                      settings.max_rows, settings.max_bytes), timeout=settings.timeout)
        except BaseException:
            state.in_flight -= 1
            raise
        future.add_done_callback(lambda _: _finished(state))
        try:
            result = await _unless_abandoned(future, request)
            if result is None:  # the client hung up: its query was stopped, nobody to answer
                return Response(status_code=499)
        except concurrent.futures.TimeoutError:
            result = Answer.error(503, f"the query was stopped after {settings.timeout:g} s, the server's time "
                                       f"limit (--timeout); narrow it or add a LIMIT")
        except ProcessExpired as exc:
            result = Answer.error(500, f"the query's worker died ({exc}); the server goes on")
        except Exception as exc:  # noqa: BLE001 (a bug, not the client's fault: one line, not a traceback)
            result = Answer.error(500, f"the query failed: {type(exc).__name__}: {one_line(exc)}")
        return _response(result)

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def graph_view(request: Request) -> Response:
        if settings.graph_page is None:
            return _response(Answer.error(404, "no graph page"))
        return HTMLResponse(await asyncio.to_thread(settings.graph_page))

    middleware = []
    if settings.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=[settings.cors], allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"]))
    routes = [Route("/", index), Route("/sparql", sparql, methods=["GET", "POST"]), Route("/graph", graph_view)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


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
        async for chunk in request.stream():  # a body sent without a length is counted as it comes
            size += len(chunk)
            if size > max_body:
                return fields, too_large
            chunks.append(chunk)
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


def viz_page(graph: Graph, project: Project) -> Callable[[], bytes]:
    """The /graph page: kg viz's offline page of ``graph`` with the ontology, made on first request."""

    @functools.lru_cache(maxsize=1)
    def page() -> bytes:
        from kg.store import with_ontology
        from kg.visualize import build_view
        from kg.vizpage import render_page

        full = with_ontology(graph, project)
        return render_page(build_view(full), full).encode("utf-8")

    return page


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

    # A short grace on shutdown: requests still running are answered by nobody, and the workers stop with the pool.
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2)
    uvicorn.Server(config).run(sockets=[sock])
