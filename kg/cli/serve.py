"""kg serve and kg push: the graph over the SPARQL 1.1 Protocol, and into a remote store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    ONTOLOGY_OPTION,
    QUERIES_OPTION,
    STORE_OPTION,
    GraphInput,
    project,
    say,
    store_option,
    user_errors,
)
from kg.errors import without_user_info


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--graph", "graph_file", type=GraphInput(),
              help="Serve this RDF file instead of the built graph.")
@STORE_OPTION
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (503); a remote store that takes a time limit "
                   "(Virtuoso, Fuseki) receives it too.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) an answer may have (400 beyond).")
@click.option("--cors", metavar="ORIGIN", help="Allow cross-origin requests from ORIGIN (off by default).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Worker processes answering queries in parallel.")
@click.option("--queue", default=8, show_default=True, type=click.IntRange(min=0),
              help="Queries that may wait for a busy worker; past that, 503 with Retry-After at once.")
@click.option("--max-bytes", default=50_000_000, show_default=True, type=click.IntRange(min=1),
              help="Largest answer in bytes (400 beyond).")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(min=1),
              help="Largest request body, and URL, in bytes (413 and 414 beyond).")
@click.option("--worker-memory", default=2048, show_default=True, type=click.IntRange(min=64), metavar="MB",
              help="Memory a query may add to its worker process (503 beyond).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests sent to NAME (a proxy's name); on loopback only loopback names are "
                   "answered (421 otherwise). Repeatable.")
@click.option("--header-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              metavar="SECONDS", help="Seconds a connection may take to send a request's headers before it is closed.")
@click.option("--max-connections", default=200, show_default=True, type=click.IntRange(min=1),
              help="Connections (and requests) at once; past that, 503.")
@click.option("--no-ontology", is_flag=True, help="Serve the data alone, without the ontology's labels.")
@QUERIES_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@user_errors
def serve(host: str, port: int, graph_file: Path | None, store: str | None, timeout: float, max_rows: int,
          cors: str | None, workers: int, queue: int, max_bytes: int, max_body: int, worker_memory: int,
          allow_hosts: tuple[str, ...], header_timeout: float, max_connections: int,
          no_ontology: bool, queries_dir: Path, data_dir: Path, ontology_path: Path) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol, with a query page.

    /sparql answers GET ?query=, POST forms and application/sparql-query,
    in the format the Accept header asks for (SPARQL JSON/XML, CSV, TSV;
    Turtle, N-Triples, JSON-LD), and describes the service on a GET
    without a query. It is read-only: updates get 403, and SERVICE and FROM
    (anything that would fetch a URL) are refused. A query whose client
    hangs up is stopped; when every worker is busy and --queue queries
    wait, the next gets 503 with Retry-After at once. / is a query page,
    and /graph the graph view. Stop with Ctrl-C.

    Bound to loopback (the default), it answers only requests sent to a
    loopback name (a web page cannot reach it by rebinding its own name to
    127.0.0.1); every answer carries a Content-Security-Policy,
    X-Content-Type-Options and Referrer-Policy. A connection that does not
    send its request's headers within --header-timeout seconds is closed.

    \b
    Examples:
        kg serve
        kg serve --port 8000 --timeout 5 --cors https://yasgui.triply.cc
        kg serve --store oxigraph:out/oxigraph
    """
    kg_project = project(data_dir, ontology_path, queries_dir=queries_dir)
    kg_project.serve(host, port, graph_file=graph_file, store=store_option(store, None, graph_file),
                     ontology=not no_ontology, announce=lambda line: click.echo(line, err=True),
                     timeout=timeout, max_rows=max_rows, cors=cors, workers=workers, queue=queue,
                     max_bytes=max_bytes, max_body=max_body, worker_memory=worker_memory,
                     allow_hosts=allow_hosts, header_timeout=header_timeout, max_connections=max_connections)


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The SPARQL endpoint (its Graph Store is URL's sibling /store, Oxigraph's layout).")
@click.option("--gsp", metavar="URL", help="The Graph Store Protocol URL, if not beside the endpoint.")
@click.option("--named-graph", metavar="IRI", help="Replace this named graph instead of the default graph.")
@click.option("--graph", "graph_file", type=GraphInput(), help="Push this RDF file instead.")
@click.option("--no-ontology", is_flag=True, help="Push the data alone, without the ontology.")
@DATA_OPTION
@ONTOLOGY_OPTION
@user_errors
def push(endpoint: str, gsp: str | None, named_graph: str | None, graph_file: Path | None, no_ontology: bool,
         data_dir: Path, ontology_path: Path) -> None:
    """Load the graph into a remote SPARQL store, replacing its default (or a named) graph.

    Uses the SPARQL 1.1 Graph Store Protocol (an HTTP PUT of N-Triples).
    The ontology goes to its own named graph (https://kg.example.org/graph/ontology),
    as in an Oxigraph store; kg's queries see the union of the server's graphs.
    An endpoint URL with ?default-graph-uri=IRI pushes to that graph (and
    queries through that URL ask for it): Virtuoso's way. A server asking for
    a password gets $KG_USER and $KG_PASSWORD, or the ~/.netrc entry for its host.

    \b
    Examples:
        kg push --endpoint http://127.0.0.1:7878/query
        kg push --endpoint http://127.0.0.1:7878 --named-graph https://kg.example.org/graph/asserted
        kg push --endpoint 'http://127.0.0.1:8890/sparql?default-graph-uri=https://kg.example.org/graph/data' \\
                --gsp http://127.0.0.1:8890/sparql-graph-crud-auth
    """
    if not endpoint.startswith(("http://", "https://")):
        raise click.UsageError(f"--endpoint {without_user_info(endpoint)!r}: expected an http:// or https:// URL")
    count, where = project(data_dir, ontology_path).push(endpoint, gsp=gsp, named_graph=named_graph,
                                                         graph_file=graph_file, ontology=not no_ontology)
    say(f"Pushed {count} triples{'' if no_ontology else ' and the ontology'} to {where}")
