"""The command line: parses arguments, calls the library, prints results.

This is the only module that prints or exits. Every KgError becomes one line
on stderr and exit status 1; usage errors exit 2 (click's convention).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError


def _user_errors(command):
    """Turn a KgError into one line on stderr and exit 1, with no traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: turn source documents into a trustworthy RDF knowledge graph.

    \b
    Example:
        kg build                # data/ -> out/graph.ttl
    """


DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
    help="Folder with facts/*.yaml and sources/.",
)
ONTOLOGY_OPTION = click.option(
    "--ontology", "ontology_path", type=click.Path(path_type=Path), default=Path("ontology/kg.ttl"),
    show_default=True, help="The ontology (OWL in Turtle).",
)


@main.command()
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder to write graph.ttl into.")
@_user_errors
def build(data_dir: Path, ontology_path: Path, out_dir: Path) -> None:
    """Build the knowledge graph from the facts files and write it as Turtle.

    Reads every data/facts/*.yaml with the source documents they quote,
    checks each fact against the ontology and its quote against the source,
    and writes OUT/graph.ttl. Nothing is written if anything fails.

    \b
    Examples:
        kg build
        kg build --out /tmp/kg --data data
    """
    from kg.build import build_graph, summarize, write_graph

    click.echo(f"Reading facts from {data_dir}/facts ...", err=True)
    graph = build_graph(data_dir, ontology_path)
    path = write_graph(graph, out_dir)
    summary = summarize(graph)
    click.echo(f"Wrote {path}")
    click.echo(f"  triples       {summary.triples}")
    click.echo(f"  sources       {summary.sources}")
    click.echo(f"  excerpts      {summary.excerpts}")
    click.echo(f"  observations  {summary.observations}")
    click.echo(f"  statements    {summary.statements} (reified, with evidence)")
    click.echo(f"  entities      {sum(summary.entities_by_class.values())}")
    for cls, count in summary.entities_by_class.items():
        click.echo(f"    {cls:<28} {count}")


@main.command()
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=Path("out/graph.html"), show_default=True,
              help="The HTML page to write.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Draw this RDF file instead of the built graph.")
@click.option("--focus", default=None, help="Draw only the neighbourhood of this entity (label or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Edges from --focus.")
@click.option("--query", "query_file", type=click.Path(path_type=Path), default=None,
              help="Draw the result of this SPARQL CONSTRUCT query (.rq).")
@click.option("--provenance", is_flag=True, help="Also draw the excerpts and sources behind each fact.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None, help="Draw at most N nodes.")
@_user_errors
def viz(out_path: Path, graph_file: Path | None, focus: str | None, depth: int, query_file: Path | None,
        provenance: bool, max_nodes: int | None) -> None:
    """Draw the graph as an interactive HTML page that works offline.

    Nodes are coloured and shaped by class, sized by their links, with a
    legend, a search box and a class filter; tooltips hold each entity's
    properties and the quotes behind it; statistics are one node per
    indicator and area holding the time series.

    \b
    Examples:
        kg viz
        kg viz --focus Yibin --depth 1 --out out/yibin.html
        kg viz --query queries/awards.rq --provenance
    """
    from kg.vizpage import make_page

    result = make_page(out_path, graph_file=graph_file, focus=focus, depth=depth, query_file=query_file,
                       provenance=provenance, max_nodes=max_nodes)
    for notice in result.notices:
        click.echo(f"kg: {notice}", err=True)
    click.echo(f"Wrote {result.path} ({result.nodes} nodes, {result.edges} edges)")


if __name__ == "__main__":
    main()
