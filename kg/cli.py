"""The command line: parses arguments, calls the library, prints results.

This is the only module that prints or exits. Every KgError becomes one line
on stderr and exit status 1; usage errors exit 2 (click's convention).
"""

from __future__ import annotations

import functools
import logging
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
        except KeyboardInterrupt:  # Ctrl-C: the shell's convention, no traceback (files are cleaned up on the way)
            click.echo("kg: interrupted", err=True)
            sys.exit(130)

    return wrapper


def _progress():
    """Show the stages of long work (reasoning, validating, writing) on stderr with their times, when stderr
    is a terminal: never in a pipe, a log or a test. Use: ``with _progress(): ...``."""
    from kg.progress import reporting

    stream = sys.stderr
    if not stream.isatty():
        return reporting(None)
    open_stage: list[str] = []  # the stage whose line waits for its time

    def show(name: str, seconds: float | None) -> None:
        if seconds is None:
            stream.write(("\n" if open_stage else "") + f"kg: {name}...")
            open_stage[:] = [name]
        else:
            stream.write((f"\rkg: {name}" if open_stage == [name] else f"kg: {name}") + f": {seconds:.1f} s\n")
            open_stage.clear()
        stream.flush()

    return reporting(show)


class _BadValue(click.BadParameter):
    """A value outside an option's choices: one line and exit 1, as every other bad value, not a usage message."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"kg: error: {self.message}", err=True)


class _Choice(click.Choice):
    """click.Choice whose refusal is one line naming the option, the value and the choices."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            option = param.opts[0] if param is not None else "value"
            error = _BadValue(f"{option} {value!r}: not one of {', '.join(self.choices)}", ctx=ctx, param=param)
            if ctx is not None and ctx.command.name == "validate":
                error.exit_code = 2  # kg validate's status for an error: its 1 means "does not conform"
            raise error from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: turn source documents into a trustworthy RDF knowledge graph.

    \b
    Example:
        kg build                # data/ -> out/graph.ttl
    """
    # What the library does on its own (a rebuild of stale outputs) is told on stderr, one line each.
    logger = logging.getLogger("kg")
    logger.handlers[:] = [_ToStderr()]
    logger.propagate = False


class _ToStderr(logging.Handler):
    """Log records as "kg: message" lines on the stderr of the moment (click's, so tests capture them)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"kg: {record.getMessage()}", err=True)


def _in_project(relative: str):
    """A default path in the project the working folder belongs to (found by walking up to the pyproject.toml
    with a [tool.kg] table), so that kg runs the same from any folder of the project; outside any project,
    relative to the working folder."""
    def default() -> Path:
        from kg.project import find_project_root

        root = find_project_root()
        return root / relative if root is not None else Path(relative)

    return default


def _project(data_dir: Path, ontology_path: Path, out_dir: Path | None = None):
    """The project's folders, ``out`` in the project when not given."""
    from kg.project import Project

    return Project(data_dir, ontology_path, out_dir if out_dir is not None else _in_project("out")())


DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path), default=_in_project("data"),
    show_default="data/ of the project", help="Folder with facts/*.yaml and sources/.",
)
STORE_OPTION = click.option(
    "--store", "store", metavar="STORE",
    help="embedded (out/oxigraph, kept by kg build), memory (out/graph.ttl in rdflib), oxigraph:DIR or an "
         "http(s):// SPARQL endpoint [default: $KG_STORE, else [tool.kg] store in pyproject.toml, else embedded].",
)
ONTOLOGY_OPTION = click.option(
    "--ontology", "ontology_path", type=click.Path(path_type=Path), default=_in_project("ontology/kg.ttl"),
    show_default="ontology/kg.ttl of the project", help="The ontology (OWL in Turtle).",
)

PARAM_OPTION = click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE: kgr:yibin, <IRI>, 2022, '\"text\"@en' or plain text. Repeatable.",
)
QUERIES_OPTION = click.option(
    "--queries", "queries_dir", type=click.Path(path_type=Path), default=_in_project("queries"),
    show_default="queries/ of the project", help="Folder of the query library (NAME.rq files).",
)


@main.command()
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=_in_project("out"),
              show_default="out/ of the project",
              help="Folder to write graph.ttl into.")
@click.option("--no-validate", "skip_validation", is_flag=True,
              help="Do not check the graph against ontology/shapes.ttl (SHACL) before writing it.")
@click.option("--reason", type=_Choice(["rdfs", "owlrl"]), default=None,
              help="Also write OUT/inferred.ttl: the triples the ontology entails (owlrl).")
@STORE_OPTION
@click.option("--executor", default="local", show_default=True, metavar="local|serial|dask://HOST:PORT",
              help="Where the per-document work runs: a process per core, this process, or a Dask cluster.")
@_user_errors
def build(data_dir: Path, ontology_path: Path, out_dir: Path, skip_validation: bool, reason: str | None,
          store: str | None, executor: str) -> None:
    """Build the knowledge graph from the facts files and write it as Turtle.

    Reads every data/facts/*.yaml with the source documents they quote,
    checks each fact against the ontology and its quote against the source,
    validates the graph against the SHACL shapes (ontology/shapes.ttl) and
    writes OUT/graph.ttl, the embedded store OUT/oxigraph that every command
    reads, and OUT/build.json (what they were built from). Nothing is
    written if anything fails.

    Each document is built and validated on its own, on every core (or a
    Dask cluster, with --executor dask://HOST:PORT), and kept in OUT/.cache
    under the digest of its inputs: after an edit, only the edited
    documents are done again.

    With --reason, OUT/inferred.ttl receives what the ontology entails and the
    graph does not assert (rdfs: subclasses, subproperties, domains and ranges;
    owlrl: OWL 2 RL); OUT/graph.ttl stays asserted-only. Without --reason a
    stale OUT/inferred.ttl is deleted, so the two files never disagree.

    With --store oxigraph:DIR (or a remote endpoint) the graph and the ontology
    are also loaded into that store, replacing what it held.

    \b
    Examples:
        kg build
        kg build --reason rdfs
        kg build --out /tmp/kg --data data --no-validate
        kg build --store oxigraph:/data/kg-copy
        kg build --executor dask://127.0.0.1:8786
    """
    from kg.build.executors import check_executor
    from kg.build.outputs import ValidationFailed, build_project
    from kg.store.graphs import check_writable, load_store
    from kg.store.spec import resolve_store

    spec = resolve_store(store)
    check_writable(spec)
    check_executor(executor)
    project = _project(data_dir, ontology_path, out_dir)
    try:
        with _progress():
            made = build_project(project, validate=not skip_validation, reason=reason, executor=executor)
    except ValidationFailed as failed:
        _echo_report(failed.report, err=True)
        raise KgError(f"the built graph breaks {len(failed.report.violations)} SHACL rule(s) (above); nothing written")
    if made.removed_inferred:
        click.echo(f"Removed stale {project.inferred_path} (built without --reason)", err=True)
    summary = made.summary
    click.echo(f"Wrote {_shown(made.graph_path)}")
    click.echo(f"  triples       {summary.triples}")
    click.echo(f"  sources       {summary.sources}")
    click.echo(f"  excerpts      {summary.excerpts}")
    click.echo(f"  observations  {summary.observations}")
    click.echo(f"  statements    {summary.statements} (reified, with evidence)")
    click.echo(f"  entities      {sum(summary.entities_by_class.values())}")
    for cls, count in summary.entities_by_class.items():
        click.echo(f"    {cls:<28} {count}")
    if made.inferred is not None:
        click.echo(f"Wrote {_shown(project.inferred_path)}: {made.inferred} inferred triples ({reason})")
    reused = f", {made.reused} of them from the cache" if made.reused else ""
    if made.store_change is None:
        click.echo(f"Loaded the store {_shown(project.store_path)}, which every command reads "
                   f"({made.documents} document(s){reused})")
    else:
        removed, added = made.store_change
        click.echo(f"Changed the store {_shown(project.store_path)}, which every command reads, by {removed} "
                   f"triple(s) out and {added} in ({made.documents} document(s){reused})")
    if spec.kind not in ("memory", "embedded") and Path(spec.location).resolve() != project.store_path.resolve():
        where = load_store(made.lines, spec, project)
        click.echo(f"Loaded {summary.triples} triples and the ontology into {where}")


def _shown(path: Path) -> str:
    """A path as a person would type it: relative to the working folder when it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# -- validate, analyze, path (SHACL, networkx) ----------------------------------------------

GRAPH_OPTION = click.option(
    "--graph", "graph_file", type=click.Path(path_type=Path), default=None,
    help="An RDF file (any format) instead of the built out/graph.ttl.",
)
FORMAT_OPTION = click.option(
    "--format", "fmt", type=_Choice(["text", "json"]), default="text", show_default=True,
    help="Text for people, JSON for programs.",
)


def _echo_report(report, err: bool = False) -> None:
    """Print a validation report grouped by focus node."""
    groups = report.by_focus()
    if report.conforms:
        click.echo("Conforms: the graph satisfies every shape.", err=err)
        return
    click.echo(f"Does not conform: {len(report.violations)} violation(s) on {len(groups)} node(s)", err=err)
    for focus, violations in groups.items():
        label = f'  "{violations[0].label}"' if violations[0].label else "  (no label)"
        where = f"  ({violations[0].where})" if violations[0].where else ""
        click.echo(f"\n{focus}{label}{where}", err=err)
        for v in violations:
            click.echo(f"  {v.path or '(node)'}: expected {v.expected}; found {v.found}", err=err)


@main.command()
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

    from kg.build.validate import validate_graph
    from kg.store.graphs import open_graph

    project = _project(data_dir, ontology_path)
    try:
        spec = _store_spec(store, None, graph_file)
        with _progress():
            # A stale build is rebuilt unvalidated here: this command's report is what shows its violations.
            graph = open_graph(graph_file, project, spec, local=True, validate=False)
            report = validate_graph(graph, project, shapes_file)
    except KgError as exc:
        click.echo(f"kg: error: {exc}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(report.as_data(), indent=2, ensure_ascii=False))
    else:
        _echo_report(report)
    sys.exit(0 if report.conforms else 1)


@main.command()
@GRAPH_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many entities to rank.")
@FORMAT_OPTION
@STORE_OPTION
@_user_errors
def analyze(graph_file: Path | None, data_dir: Path, ontology_path: Path, top: int, fmt: str,
            store: str | None) -> None:
    """Rank entities by degree, betweenness and PageRank; list components and communities.

    The entity graph joins two entities when a fact relates them; literals,
    excerpts, statements and sources are left out, and observations are
    counted on their area. Communities: greedy modularity (networkx).

    \b
    Examples:
        kg analyze
        kg analyze --top 5 --format json
    """
    import json
    from dataclasses import asdict

    from kg.analyze.network import communities, components, entity_graph, ranking
    from kg.store.graphs import open_graph

    project = _project(data_dir, ontology_path)
    g = entity_graph(open_graph(graph_file, project, _store_spec(store, None, graph_file)), project)
    data = {
        "entities": g.number_of_nodes(),
        "relations": g.number_of_edges(),
        "degree": [asdict(r) for r in ranking(g, "degree", top)],
        "betweenness": [asdict(r) for r in ranking(g, "betweenness", top)],
        "pagerank": [asdict(r) for r in ranking(g, "pagerank", top)],
        "components": [[{"iri": n, "label": g.nodes[n]["label"]} for n in c] for c in components(g)],
        "communities": [[{"iri": n, "label": g.nodes[n]["label"]} for n in c] for c in communities(g)],
    }
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


@main.command()
@click.argument("source")
@click.argument("target")
@GRAPH_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@FORMAT_OPTION
@STORE_OPTION
@_user_errors
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

    from kg.analyze.network import entity_graph, shortest_path
    from kg.store.graphs import open_graph

    project = _project(data_dir, ontology_path)
    g = entity_graph(open_graph(graph_file, project, _store_spec(store, None, graph_file)), project)
    steps = shortest_path(g, source, target)
    if fmt == "json":
        click.echo(json.dumps({"length": len(steps), "steps": [asdict(s) for s in steps]}, indent=2, ensure_ascii=False))
        return
    if not steps:
        click.echo("0 relations: both names are the same entity.")
        return
    click.echo(f"{len(steps)} relation(s):")
    for s in steps:
        click.echo(f"  {s.subject_label}  --{s.property_label}-->  {s.object_label}")


@main.command()
@click.argument("query", required=False)
@click.option("-e", "--execute", "text", metavar="SPARQL", help="Run this SPARQL text instead of a named query.")
@click.option("--list", "list_queries", is_flag=True, help="List the library's queries with their questions.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path),
              help="Query this RDF file (any format rdflib reads) instead of the built graph.")
@click.option("--format", "fmt", type=_Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "rdf"]),
              help="Output format [default: table on a terminal, csv when piped; ttl for CONSTRUCT/DESCRIBE].")
@PARAM_OPTION
@click.option("--no-ontology", is_flag=True, help="Query the data alone, without the ontology's labels.")
@click.option("--reason", "reason_profile", type=_Choice(["rdfs", "owlrl"]), default=None,
              help="Also query what the ontology entails (computed now with owlrl).")
@QUERIES_OPTION
@STORE_OPTION
@click.option("--endpoint", metavar="URL", help="Query this remote SPARQL endpoint (the same as --store URL).")
@click.option("--allow-fetch", is_flag=True,
              help="Let the query use SERVICE and FROM / FROM NAMED, which fetch URLs or read files (refused by default).")
@DATA_OPTION
@ONTOLOGY_OPTION
@_user_errors
def query(query: str | None, text: str | None, list_queries: bool, graph_file: Path | None, fmt: str | None,
          params: tuple[str, ...], no_ontology: bool, reason_profile: str | None, queries_dir: Path,
          store: str | None, endpoint: str | None, allow_fetch: bool, data_dir: Path, ontology_path: Path) -> None:
    """Ask the graph a question in SPARQL: a library query, a .rq file or inline text.

    QUERY is a name from the library (queries/NAME.rq) or a path to a .rq
    file. kg's prefixes (kgo, kgr, rdf, rdfs, xsd, skos, prov, schema, org,
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
        kg query -e 'SELECT ?o WHERE { ?o a schema:Organization }' --reason rdfs
        kg query award --store oxigraph:out/oxigraph
        kg query award --endpoint http://127.0.0.1:7878/query

    SERVICE and FROM / FROM NAMED (which fetch URLs or read files) are
    refused unless --allow-fetch is given; updates are not supported.
    """
    from kg.sparql.library import find_query, load_library
    from kg.sparql.params import parse_param
    from kg.sparql.parse import check_reads_only
    from kg.sparql.results import default_format, format_result
    from kg.sparql.run import run_query
    from kg.store.graphs import open_graph, with_ontology

    if list_queries:
        library = load_library(queries_dir)
        width = max((len(q.name) for q in library), default=0)
        for item in library:
            click.echo(f"{item.name:<{width}}  {item.question}")
        return
    if (query is None) == (text is None):
        raise click.UsageError("give a query name or file, or -e 'SPARQL' (one of them), or --list")
    if text is not None:
        name, sparql, bindings = "query", text, {}
    else:
        found = find_query(query, queries_dir)
        name, sparql, bindings = str(found.path), found.text, found.params
    bindings = {**bindings, **dict(parse_param(p) for p in params)}
    check_reads_only(sparql, name, allow_fetch)  # before any graph is opened or built
    project = _project(data_dir, ontology_path)
    spec = _store_spec(store, endpoint, graph_file)
    if no_ontology and spec.kind == "remote":
        raise click.UsageError("--no-ontology does not apply to a remote endpoint: it holds what 'kg push' sent")
    graph = open_graph(graph_file, project, spec)
    if reason_profile:
        from kg.sparql.inference import with_inferences

        with _progress():
            graph = with_inferences(graph, project, reason_profile)
    if not no_ontology:
        graph = with_ontology(graph, project)
    result = run_query(graph, sparql, bindings, name=name)
    output = format_result(result, fmt or default_format(result, sys.stdout.isatty()), graph.namespace_manager,
                           width=_terminal_width())
    click.echo(output, nl=False)


def _terminal_width() -> int | None:
    """The columns a table must fit: the terminal's, or $COLUMNS; None (no limit) when output goes to a file."""
    import shutil

    return shutil.get_terminal_size((0, 0)).columns or None


@main.command()
@click.option("--format", "fmt", type=_Choice(
    ["ttl", "nt", "nq", "trig", "jsonld", "rdf", "graphml", "gexf", "csv"]),
    help="Output format; by default the one the extension of --out names (.zip is csv).")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="File to write (a folder, or a .zip, for csv). Its folder must exist.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Export this RDF file instead of the project's built graph.")
@click.option("--with-ontology", is_flag=True, help="Include the ontology's terms (RDF formats).")
@click.option("--asserted-only", is_flag=True, help="Leave out inferred triples (out/inferred.ttl).")
@STORE_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@_user_errors
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
    from kg.export.formats import export_format, export_parts, write_export
    from kg.facts.ontology import load_ontology
    from kg.progress import stage

    fmt = export_format(out, fmt)
    project = _project(data_dir, ontology_path)
    with _progress():
        with stage("reading the graph"):
            parts = export_parts(graph_file, project, with_ontology, asserted_only, _store_spec(store, None, graph_file))
        with stage(f"writing {fmt}"):
            path = write_export(fmt, parts, load_ontology(ontology_path), out)
    click.echo(f"Wrote {path} ({fmt})")


@main.command()
@ONTOLOGY_OPTION
@click.option("--out", "out", type=click.Path(path_type=Path), default=_in_project("out/ontology.html"),
              show_default="out/ontology.html of the project",
              help="HTML file to write.")
@_user_errors
def docs(ontology_path: Path, out: Path) -> None:
    """Write an HTML page documenting the ontology, readable offline.

    Lists every class and property with its label, comment, domain and
    range, the individuals (units, qualifiers), and how kg's terms align to
    schema.org, PROV-O, SKOS, W3C ORG and the RDF Data Cube.

    \b
    Example:
        kg docs --out out/ontology.html
    """
    from kg.export.ontology_docs import ontology_html
    from kg.facts.ontology import load_ontology
    from kg.files import write_atomic

    write_atomic(out, ontology_html(load_ontology(ontology_path)).encode("utf-8"))
    click.echo(f"Wrote {out}")


@main.command()
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=_in_project("out/graph.html"),
              show_default="out/graph.html of the project",
              help="The HTML page to write.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Draw this RDF file instead of the built graph.")
@click.option("--focus", default=None, help="Draw only the neighbourhood of this entity (label or IRI).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Edges from --focus.")
@click.option("--query", "query_ref", metavar="NAME|FILE.rq", default=None,
              help="Draw the result of this SPARQL CONSTRUCT query: a library query's name or a .rq file.")
@PARAM_OPTION
@QUERIES_OPTION
@click.option("--provenance", is_flag=True, help="Also draw the excerpts and sources behind each fact.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Draw at most N nodes: a larger graph is drawn as its N most connected nodes, and says so.")
@STORE_OPTION
@_user_errors
def viz(data_dir: Path, ontology_path: Path, out_path: Path, graph_file: Path | None, focus: str | None, depth: int,
        query_ref: str | None, params: tuple[str, ...], queries_dir: Path, provenance: bool, max_nodes: int | None,
        store: str | None) -> None:
    """Draw the graph as an interactive HTML page that works offline.

    Nodes are coloured by family and shaped by class, sized by importance
    (PageRank), laid out beforehand; filters by family and class, source
    document, year and curated or drafted facts, and a search box. Selecting
    a statistic charts its values; selecting anything opens its source text
    with the supporting quotes highlighted (texts from DATA/sources).

    \b
    Examples:
        kg viz
        kg viz --focus Yibin --depth 1 --out out/yibin.html
        kg viz --query entity --param entity=kgr:catl --provenance
    """
    from kg.sparql.params import parse_param
    from kg.viz.page import make_page

    if params and not query_ref:
        raise click.UsageError("--param applies to a --query")
    from kg.progress import stage

    with _progress(), stage("drawing the graph"):
        result = make_page(out_path, graph_file=graph_file, focus=focus, depth=depth, query_file=query_ref,
                           provenance=provenance, max_nodes=max_nodes, params=dict(parse_param(p) for p in params),
                           queries_dir=queries_dir, project=_project(data_dir, ontology_path),
                           store=_store_spec(store, None, graph_file))
    for notice in result.notices:
        click.echo(f"kg: {notice}", err=True)
    click.echo(f"Wrote {result.path} ({result.nodes} nodes, {result.edges} edges)")


def _store_spec(store: str | None, endpoint: str | None = None, graph_file: Path | None = None):
    """The store a command reads from: --graph FILE wins over the setting; --store with --graph is a usage error."""
    from kg.store.spec import StoreSpec, resolve_store

    if endpoint:
        if store:
            raise click.UsageError("give --store or --endpoint, not both")
        if not endpoint.startswith(("http://", "https://")):
            raise click.UsageError(f"--endpoint {endpoint!r}: expected an http:// or https:// URL")
        store = endpoint
    if graph_file is not None:
        if store:
            raise click.UsageError("give --graph FILE or --store/--endpoint, not both")
        return StoreSpec("memory")  # the file, parsed into memory
    return resolve_store(store)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path),
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
@click.option("--no-ontology", is_flag=True, help="Serve the data alone, without the ontology's labels.")
@QUERIES_OPTION
@DATA_OPTION
@ONTOLOGY_OPTION
@_user_errors
def serve(host: str, port: int, graph_file: Path | None, store: str | None, timeout: float, max_rows: int,
          cors: str | None, workers: int, queue: int, max_bytes: int, max_body: int, worker_memory: int,
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

    \b
    Examples:
        kg serve
        kg serve --port 8000 --timeout 5 --cors https://yasgui.triply.cc
        kg serve --store oxigraph:out/oxigraph
    """
    from kg.serve.app import ServeSettings, bind_socket, create_app, run, viz_page
    from kg.store.graphs import open_graph, with_ontology

    project = _project(data_dir, ontology_path)
    spec = _store_spec(store, None, graph_file)
    graph = open_graph(graph_file, project, spec)  # opened here too, so a bad store fails now, in one line
    if spec.kind == "embedded":  # the workers open the store that the build keeps (and reopen it after a rebuild)
        from kg.store.spec import StoreSpec

        spec = StoreSpec("oxigraph", str(project.store_path))
    if spec.kind == "remote":
        from kg.store.remote import check_endpoint

        check_endpoint(spec.location)  # an unreachable endpoint fails now, not on every query
    if spec.kind == "memory":
        source = graph if no_ontology else with_ontology(graph, project)
    elif no_ontology:
        raise click.UsageError("--no-ontology applies to --store memory or a --graph file only")
    else:
        source = spec
    settings = ServeSettings(timeout=timeout, max_rows=max_rows, cors=cors, workers=workers, queue=queue,
                             max_bytes=max_bytes, max_body=max_body, worker_memory=worker_memory,
                             queries_dir=queries_dir, ontology_path=ontology_path,
                             # The page of an Oxigraph store is made again after a rebuild, from the new store.
                             graph_page=viz_page(spec if spec.kind == "oxigraph" and not graph_file else graph, project))
    if spec.kind == "oxigraph":
        del graph  # opened only to check it: holding it would keep a rebuilt store's old files open
    sock = bind_socket(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {graph_file or spec} at http://{shown}:{sock.getsockname()[1]}/sparql "
               f"(query page at /); Ctrl-C stops", err=True)
    run(create_app(source, settings), sock)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The SPARQL endpoint (its Graph Store is URL's sibling /store, Oxigraph's layout).")
@click.option("--gsp", metavar="URL", help="The Graph Store Protocol URL, if not beside the endpoint.")
@click.option("--named-graph", metavar="IRI", help="Replace this named graph instead of the default graph.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), help="Push this RDF file instead.")
@click.option("--no-ontology", is_flag=True, help="Push the data alone, without the ontology.")
@DATA_OPTION
@ONTOLOGY_OPTION
@_user_errors
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
    from kg.store.graphs import load_store, open_graph
    from kg.store.spec import parse_store

    if not endpoint.startswith(("http://", "https://")):
        raise click.UsageError(f"--endpoint {endpoint!r}: expected an http:// or https:// URL")
    project = _project(data_dir, ontology_path)
    graph = open_graph(graph_file, project)
    spec = parse_store(endpoint, "--endpoint")
    where = load_store(graph, spec, project, named_graph, ontology=not no_ontology, gsp=gsp)
    click.echo(f"Pushed {len(graph)} triples{'' if no_ontology else ' and the ontology'} to {where}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_OPTION
@ONTOLOGY_OPTION
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Write the draft here: a .yaml file (one input) or a folder  [default: DATA/facts/NNN_NAME.yaml].")
@click.option("--dry-run", is_flag=True, help="Print the draft on stdout; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing draft or source copy.")
@click.option("--no-validate", "skip_validation", is_flag=True,
              help="Do not check the draft's graph against the SHACL shapes (the build check still runs).")
@_user_errors
def extract(files: tuple[Path, ...], data_dir: Path, ontology_path: Path, out: Path | None, dry_run: bool,
            force: bool, skip_validation: bool) -> None:
    """Draft the facts of new documents (.txt, .md or .html) for review.

    For each FILE, writes DATA/facts/NNN_NAME.yaml, a draft facts file that
    kg build reads as it stands, and copies the document's text (for a web
    page, its main text) to DATA/sources/. Entities the data already knows,
    by label or alternative label, keep their ids. Every fact quotes its
    sentence and carries a confidence; the file's `draft:` block marks it,
    and its facts in the graph, as a draft until a reviewer deletes it.

    The draft is checked before anything is written: built with the data's
    facts files and validated against the SHACL shapes; what the build
    refuses is left out and named on stderr. Offline and deterministic.

    \b
    Examples:
        kg extract ~/articles/catl-fuding.txt && kg build && kg query statistics-by-year
        kg extract page.html --dry-run
        kg extract a.txt b.md --out /tmp/drafts
        kg extract data/sources/000_6877afdc895f6c52.txt --out /tmp/yibin-draft.yaml
    """
    from kg.extract.drafting import draft_files, write_planned

    plans = draft_files(list(files), data_dir, ontology_path, out, force=force, validate=not skip_validation)
    for plan in plans:
        for warning in plan.warnings:
            click.echo(f"kg: warning: {warning}", err=True)
    if dry_run:
        for plan in plans:
            click.echo(plan.yaml, nl=False)
        return
    write_planned(plans)
    for plan in plans:
        draft = plan.draft
        click.echo(f"Wrote {plan.facts_path} (draft: {len(draft.entities)} entities, {len(draft.facts)} facts, "
                   f"{len(draft.observations)} observations)")
        if plan.copy_source:
            click.echo(f"  source copied to {plan.source_path}")
    click.echo("Review the draft, delete its `draft:` block when it is right, then run kg build.")


def _evaluation_table(evaluation) -> str:
    """kg eval's table: the scores in aligned columns, then the missed and the extra items with their file:line."""
    from kg.extract.evaluate import LISTED

    draft = evaluation.pred.draft
    by = f" (draft by {draft.extractor} {draft.version})" if draft else ""
    lines = [f"{evaluation.pred.path}{by} against {evaluation.gold.path}", ""]
    names = {name: name if name in ("entities", "observations", "relations", LISTED) else f"  {name}"
             for name in evaluation.scores}
    width = max(len(n) for n in names.values())
    lines.append(f"{'':<{width}}  {'gold':>5}  {'pred':>5}  {'matched':>7}  {'precision':>9}  {'recall':>6}  {'F1':>5}")
    for name, s in evaluation.scores.items():
        lines.append(f"{names[name]:<{width}}  {s.gold:>5}  {s.pred:>5}  {s.matched:>7}  "
                     f"{s.precision:>9.3f}  {s.recall:>6.3f}  {s.f1:>5.3f}")
    for title, items in (("Missed (in gold, not matched)", evaluation.missed),
                         ("Extra (in pred, not matched)", evaluation.extra)):
        lines += ["", title]
        for category, found in items.items():
            lines.append(f"  {category}: {len(found)}")
            lines += [f"    {i.text}  ({i.location})" for i in found]
    return "\n".join(lines) + "\n"


@main.command(name="eval")
@click.option("--gold", "gold_path", type=click.Path(path_type=Path), required=True,
              help="The curated facts file of the document.")
@click.option("--pred", "pred_path", type=click.Path(path_type=Path), required=True,
              help="The draft facts file to score (an extractor's output).")
@click.option("--sources", "sources_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of the source documents  [default: sources/ beside each file's folder; "
                   "for a draft without one, the gold file's]")
@click.option("--format", "fmt", type=_Choice(["table", "json"]), default="table", show_default=True,
              help="A table for people, JSON for programs.")
@_user_errors
def eval_command(gold_path: Path, pred_path: Path, sources_dir: Path | None, fmt: str) -> None:
    """Score a draft facts file against the curated facts file of the same document.

    Prints precision, recall and F1 for entities, observations and relations
    (all of them, the kinds an extractor is asked to find, and each kind),
    then what the draft missed and what it added, each with its file:line.
    Items match by meaning: a draft's own id or wording for a gold entity
    counts, as do numbers stated differently and near-identical names.
    Both files must quote the same source text.

    \b
    Examples:
        kg eval --gold data/facts/000_yibin-power-battery-capital.yaml --pred /tmp/draft.yaml
        kg eval --gold data/facts/000_yibin-power-battery-capital.yaml --pred /tmp/draft.yaml --format json
    """
    import json

    from kg.extract.evaluate import evaluate_files

    evaluation = evaluate_files(gold_path, pred_path, sources_dir)
    if fmt == "json":
        click.echo(json.dumps(evaluation.as_data(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(_evaluation_table(evaluation), nl=False)


if __name__ == "__main__":
    main()
