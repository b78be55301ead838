"""kg analyze and kg path: the network of entities."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    FORMAT_OPTION,
    GRAPH_OPTION,
    ONTOLOGY_OPTION,
    STORE_OPTION,
    project,
    store_option,
    user_errors,
)


@click.command()
@GRAPH_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many entities to rank.")
@click.option("--engine", type=click.Choice(["auto", "networkx", "igraph"]), default="auto", show_default=True,
              help="The graph library: networkx, igraph (C), or auto: igraph from 1,000 entities on.")
@FORMAT_OPTION
@STORE_OPTION
@user_errors
def analyze(graph_file: Path | None, data_dir: Path, ontology_path: Path, top: int, engine: str, fmt: str,
            store: str | None) -> None:
    """Rank entities by degree, betweenness and PageRank; list components and communities.

    The entity graph joins two entities when a fact relates them; literals,
    excerpts, statements and sources are left out, and observations are
    counted on their area. Communities: greedy modularity (Clauset-Newman-
    Moore). Past 2,000 entities, igraph estimates betweenness from 1,000
    source entities drawn with a fixed seed (the same graph, the same
    figures); networkx's is exact.

    \b
    Examples:
        kg analyze
        kg analyze --top 5 --format json
        kg analyze --engine networkx
    """
    import json

    data = project(data_dir, ontology_path).analyze(top, graph_file=graph_file, engine=engine,
                                                    store=store_option(store, None, graph_file)).as_data()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"Entity graph: {data['entities']} entities, {data['relations']} related pairs")
    for measure, title, number in (("degree", "degree (related entities)", "{:>4.0f}"),
                                   ("betweenness", "betweenness centrality", "{:>6.3f}"),
                                   ("pagerank", "PageRank (kg viz sizes nodes by it)", "{:>6.3f}")):
        click.echo(f"\nTop {top} by {title}")
        for i, r in enumerate(data[measure], 1):
            click.echo(f"  {i:>2}. {number.format(r['score'])}  {r['label']}")
    for key, title in (("components", "Connected components"), ("communities", "Communities (greedy modularity)")):
        click.echo(f"\n{title}: {len(data[key])}")
        for group in data[key]:
            names = ", ".join(m["label"] for m in group[:6]) + (", ..." if len(group) > 6 else "")
            click.echo(f"  {len(group):>3}  {names}")


@click.command()
@click.argument("source")
@click.argument("target")
@GRAPH_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@FORMAT_OPTION
@STORE_OPTION
@user_errors
def path(source: str, target: str, graph_file: Path | None, data_dir: Path, ontology_path: Path, fmt: str,
         store: str | None) -> None:
    """Print the shortest chain of relations between two entities.

    SOURCE and TARGET are labels (any case), IRIs, prefixed names (kgr:catl)
    or ids (catl). Each step is printed as its fact states it, with the
    property's label. An unknown name (close matches are listed) or no path
    at all exits with status 1.

    \b
    Examples:
        kg path CATL "China Battery Industry Association"
        kg path kgr:catl kgr:sichuan --format json
    """
    import json
    from dataclasses import asdict

    steps = project(data_dir, ontology_path).path(source, target, graph_file=graph_file,
                                                  store=store_option(store, None, graph_file))
    if fmt == "json":
        click.echo(json.dumps({"length": len(steps), "steps": [asdict(s) for s in steps]}, indent=2, ensure_ascii=False))
        return
    if not steps:
        click.echo("0 relations: both names are the same entity.")
        return
    click.echo(f"{len(steps)} relation(s):")
    for s in steps:
        click.echo(f"  {s.subject_label}  --{s.property_label}-->  {s.object_label}")
