"""kg validate: the graph against the SHACL shapes and the ontology."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    FORMAT_OPTION,
    GRAPH_OPTION,
    ONTOLOGY_OPTION,
    STORE_OPTION,
    echo_report,
    progress,
    project,
    store_option,
)
from kg.errors import KgError


@click.command()
@GRAPH_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--shapes", "shapes_file", type=click.Path(path_type=Path), default=None,
              help="SHACL shapes (Turtle)  [default: shapes.ttl beside the ontology]")
@FORMAT_OPTION
@STORE_OPTION
def validate(graph_file: Path | None, data_dir: Path, ontology_path: Path, shapes_file: Path | None, fmt: str,
             store: str | None) -> None:
    """Check a graph against the SHACL shapes and the ontology.

    Prints each failed rule, grouped by node: its label, the property, what
    was expected and what was found. Exit status (as pySHACL's): 0 the graph
    conforms, 1 it does not, 2 an error such as a file that does not parse.

    \b
    Examples:
        kg validate
        kg validate --graph copy.ttl --format json
        kg validate --store oxigraph:out/oxigraph
    """
    import json

    kg_project = project(data_dir, ontology_path)
    try:
        store = store_option(store, None, graph_file)
        with progress():
            report = kg_project.validate(graph_file=graph_file, shapes=shapes_file, store=store)
    except KgError as exc:
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(report.as_data(), indent=2, ensure_ascii=False))
    else:
        echo_report(report)
    sys.exit(0 if report.conforms else 1)
