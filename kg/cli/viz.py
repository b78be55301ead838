"""kg viz: the graph as an interactive page that works offline."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    ONTOLOGY_OPTION,
    PARAM_OPTION,
    QUERIES_OPTION,
    STORE_OPTION,
    GraphInput,
    OutputPath,
    in_project,
    progress,
    project,
    say,
    store_option,
    to_stdout,
    user_errors,
)


@click.command()
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--out", "out_path", type=OutputPath(), default=in_project("out/graph.html"),
              show_default="out/graph.html of the project",
              help="The HTML page to write; - for standard output.")
@click.option("--graph", "graph_file", type=GraphInput(), default=None,
              help="Draw this RDF file instead of the built graph.")
@click.option("--focus", default=None, help="Draw only the neighbourhood of this entity (label or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Edges from --focus.")
@click.option("--query", "query_ref", metavar="NAME|FILE.rq", default=None,
              help="Draw the result of this SPARQL CONSTRUCT query: a library query's name or a .rq file.")
@PARAM_OPTION
@QUERIES_OPTION
@click.option("--provenance", is_flag=True, help="Also draw the excerpts and sources behind each fact.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Draw at most N nodes: a larger graph is drawn as its N most connected nodes, and says so. "
                   "Default: every node (a graph of more than 400 opens on its overview).")
@click.option("--form", type=click.Choice(["auto", "file", "folder"]), default="auto", show_default=True,
              help="file: one self-contained page; folder: a large page as the page and a folder beside it "
                   "(NAME_files) that it reads on demand; auto: a folder above 15,000 nodes.")
@STORE_OPTION
@user_errors
def viz(data_dir: Path, ontology_path: Path, out_path: Path, graph_file: Path | None, focus: str | None, depth: int,
        query_ref: str | None, params: tuple[str, ...], queries_dir: Path, provenance: bool, max_nodes: int | None,
        form: str, store: str | None) -> None:
    """Draw the graph as an interactive HTML page that works offline.

    Nodes are coloured by family and shaped by class, sized by importance
    (PageRank), laid out beforehand; filters by family and class, source
    document, year and curated or drafted facts, and a search box. Selecting
    a statistic charts its values; selecting anything opens its source text
    with the supporting quotes highlighted (texts from DATA/sources). A graph
    of more than 400 nodes opens on an overview: its most important entities,
    its communities as regions; a click adds a node's neighbours or opens a
    community, the search reaches every node and document. A graph of more
    than 15,000 nodes is written as a page and a folder beside it
    (graph.html and graph_files/): as one file it would be tens of MB, which
    a browser reads whole before it draws; the page reads the folder's
    parts when a click, a search or a filter needs them (offline too).

    \b
    Examples:
        kg viz
        kg viz --focus Yibin --depth 1 --out out/yibin.html
        kg viz --query entity --param entity=kgr:catl --provenance
    """
    if params and not query_ref:
        raise click.UsageError("--param applies to a --query")
    if to_stdout() and form == "folder":
        raise click.UsageError("--form folder writes a folder beside the page: give --out a file name")
    kg_project = project(data_dir, ontology_path, queries_dir=queries_dir)
    with progress():
        page = kg_project.viz(out_path, graph_file=graph_file, focus=focus, depth=depth, query=query_ref,
                              params=list(params), provenance=provenance, max_nodes=max_nodes,
                              store=store_option(store, None, graph_file), form="file" if to_stdout() else form)
    for notice in page.notices:
        click.echo(f"kg: {notice}", err=True)
    if page.folder is not None:
        say(f"Wrote {page} and the folder beside it, {page.folder}{os.sep} ({page.nodes} nodes, {page.edges} edges): "
            "the page opens on its overview and reads the rest from that folder when "
            "asked; keep the two together.")
        return
    say(f"Wrote {'<stdout>' if to_stdout() else page} ({page.nodes} nodes, {page.edges} edges)")
