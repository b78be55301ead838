"""kg query: SPARQL on the graph, from the library, a .rq file or inline text."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    ONTOLOGY_OPTION,
    PARAM_OPTION,
    QUERIES_OPTION,
    STORE_OPTION,
    Choice,
    GraphInput,
    progress,
    project,
    store_option,
    terminal_width,
    user_errors,
)
from kg.errors import KgError


def _library_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of QUERY: the names of the project's library queries."""
    try:
        names = [q.name for q in project(Path("data"), Path("ontology/kg.ttl")).queries()]
    except KgError:  # completion must never fail the shell: outside a project, no names
        return []
    return [name for name in names if name.startswith(incomplete)]


@click.command()
@click.argument("query", required=False, shell_complete=_library_names)
@click.option("-e", "--execute", "text", metavar="SPARQL", help="Run this SPARQL text instead of a named query.")
@click.option("--list", "list_queries", is_flag=True, help="List the library's queries with their questions.")
@click.option("--graph", "graph_file", type=GraphInput(),
              help="Query this RDF file (any format rdflib reads) instead of the built graph.")
@click.option("--format", "fmt", type=Choice(["text", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "rdf"],
                                            aliases={"table": "text"}),
              help="Output format [default: text (a table) on a terminal, csv when piped; ttl for CONSTRUCT/DESCRIBE].")
@PARAM_OPTION
@click.option("--no-ontology", is_flag=True, help="Query the data alone, without the ontology's labels.")
@click.option("--reason", "reason_profile", type=Choice(["rdfs", "owlrl"]), default=None,
              help="Also query what the ontology entails (computed now with owlrl).")
@QUERIES_OPTION
@STORE_OPTION
@click.option("--endpoint", metavar="URL", help="Query this remote SPARQL endpoint (the same as --store URL).")
@click.option("--allow-fetch", is_flag=True,
              help="Let the query use SERVICE and FROM / FROM NAMED, which fetch URLs or read files (refused by default).")
@DATA_OPTION
@ONTOLOGY_OPTION
@user_errors
def query(query: str | None, text: str | None, list_queries: bool, graph_file: Path | None, fmt: str | None,
          params: tuple[str, ...], no_ontology: bool, reason_profile: str | None, queries_dir: Path,
          store: str | None, endpoint: str | None, allow_fetch: bool, data_dir: Path, ontology_path: Path) -> None:
    """Ask the graph a question in SPARQL: a library query, a .rq file or inline text.

    QUERY is a name from the library (queries/NAME.rq), a path to a .rq
    file, or - for SPARQL text on standard input. kg's prefixes (kgo, kgr, rdf, rdfs, xsd, skos, prov, schema, org,
    qb, sdmx-*, ...) are predeclared. The built graph is queried together
    with the ontology (for labels of classes, units and qualifiers) unless
    --no-ontology is given; without --graph it is rebuilt first if it is
    missing or an input (data/, the ontology, the shapes) changed since.

    \b
    Examples:
        kg query --list
        kg query award
        kg query entity --param entity=kgr:catl --format ttl
        kg query -e 'SELECT ?city WHERE { ?city a kgo:City }' --format json
        echo 'SELECT ?s WHERE { ?s a kgo:City }' | kg query -
        kg query -e 'SELECT ?o WHERE { ?o a schema:Organization }' --reason rdfs
        kg query award --store oxigraph:out/oxigraph
        kg query award --endpoint http://127.0.0.1:7878/query

    SERVICE and FROM / FROM NAMED (which fetch URLs or read files) are
    refused unless --allow-fetch is given; updates are not supported.
    """
    kg_project = project(data_dir, ontology_path, queries_dir=queries_dir)
    if list_queries:
        library = kg_project.queries()
        width = max((len(q.name) for q in library), default=0)
        for item in library:
            click.echo(f"{item.name:<{width}}  {item.question}")
        return
    if (query is None) == (text is None):
        raise click.UsageError("give a query name or file, or -e 'SPARQL' (one of them), or --list")
    if "-" in (query, text):  # the SPARQL text on standard input
        query, text = None, sys.stdin.read()
    with progress():
        answer = kg_project.query(text if text is not None else query, list(params), sparql=text is not None,
                                  graph_file=graph_file, store=store_option(store, endpoint, graph_file),
                                  ontology=not no_ontology, reason=reason_profile, allow_fetch=allow_fetch)
    sys.stdout.flush()
    out = sys.stdout.buffer  # the answer's bytes as the engine writes them, not decoded and encoded again
    fmt = "table" if fmt == "text" else fmt  # the library's name for the text table
    answer.write(out, fmt or answer.default_format(sys.stdout.isatty()), width=terminal_width())
    out.flush()
