"""kg export and kg docs: the graph for other tools, the ontology for people."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    DATA_OPTION,
    ONTOLOGY_OPTION,
    STORE_OPTION,
    Choice,
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
@click.option("--format", "fmt", type=Choice(
    ["ttl", "nt", "nq", "trig", "jsonld", "rdf", "graphml", "gexf", "csv"]),
    help="Output format; by default the one the extension of --out names (.zip is csv).")
@click.option("--out", "out", type=OutputPath(), required=True,
              help="File to write (a folder, or a .zip, for csv); - for standard output (with --format). Its folder must exist.")
@click.option("--graph", "graph_file", type=GraphInput(), default=None,
              help="Export this RDF file instead of the project's built graph.")
@click.option("--with-ontology", is_flag=True, help="Include the ontology's terms (RDF formats).")
@click.option("--asserted-only", is_flag=True, help="Leave out inferred triples (out/inferred.ttl).")
@STORE_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@user_errors
def export(fmt: str | None, out: Path, graph_file: Path | None, with_ontology: bool, asserted_only: bool,
           store: str | None, data_dir: Path, ontology_path: Path) -> None:
    """Export the graph for other tools: RDF stores, Protégé, Gephi, Neo4j.

    RDF: ttl, nt, nq and trig (asserted and inferred triples, and the
    ontology with --with-ontology, as named graphs), jsonld, rdf (RDF/XML).
    Networks: graphml, gexf. csv: nodes.csv and relationships.csv for
    neo4j-admin database import, in a folder or a .zip. The same graph
    always gives the same bytes.

    \b
    Examples:
        kg export --out kg.ttl
        kg export --out kg.trig --with-ontology
        kg export --format csv --out neo4j
        kg export --out kg.nt --store oxigraph:out/oxigraph
    """
    if to_stdout():
        if fmt is None:
            raise click.UsageError("--out - (standard output) needs --format")
        out = out.with_suffix(".zip" if fmt == "csv" else f".{fmt}")  # csv: the zip of the two files
        to_stdout(out)
    kg_project = project(data_dir, ontology_path)
    with progress():
        path, fmt = kg_project.export(out, fmt, graph_file=graph_file, with_ontology=with_ontology,
                                      asserted_only=asserted_only, store=store_option(store, None, graph_file))
    say(f"Wrote {'<stdout>' if to_stdout() else path} ({fmt})")


@click.command()
@ONTOLOGY_OPTION
@click.option("--out", "out", type=OutputPath(), default=in_project("out/ontology.html"),
              show_default="out/ontology.html of the project",
              help="HTML file to write; - for standard output.")
@user_errors
def docs(ontology_path: Path, out: Path) -> None:
    """Write an HTML page documenting the ontology, readable offline.

    Lists every class and property with its label, comment, domain and
    range, the individuals (units, qualifiers), and how kg's terms align to
    schema.org, PROV-O, SKOS, W3C ORG and the RDF Data Cube.

    \b
    Example:
        kg docs --out out/ontology.html
    """
    path = project(Path("data"), ontology_path).docs(out)
    say(f"Wrote {'<stdout>' if to_stdout() else path}")
