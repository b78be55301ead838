"""Where graphs come from: a graph file, or the project's default built graph.

Commands that read a graph (query, viz, validate, export, ...) call
``open_graph``: with a file it parses that file; without one it uses
``out/graph.ttl``, building it first when it is missing or older than the
data or the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from kg.build import GRAPH_FILE, INFERRED_FILE, build_graph, write_graph
from kg.errors import SourceError
from kg.namespaces import bind_prefixes
from kg.ontology import load_ontology

# Extensions rdflib's guess_format does not know.
_EXTRA_FORMATS = {".jsonld": "json-ld", ".json": "json-ld", ".nq": "nquads", ".trig": "trig"}


@dataclass(frozen=True)
class Project:
    """The folders of a kg project; defaults are relative to the working directory."""

    data_dir: Path = Path("data")
    ontology_path: Path = Path("ontology/kg.ttl")
    out_dir: Path = Path("out")

    @property
    def graph_path(self) -> Path:
        """The asserted graph that ``kg build`` writes."""
        return self.out_dir / GRAPH_FILE

    @property
    def inferred_path(self) -> Path:
        """Triples entailed by the ontology (``kg build --reason``), kept apart from the asserted ones."""
        return self.out_dir / INFERRED_FILE


def rdf_format(path: Path | str) -> str | None:
    """The rdflib parser name for a file, from its extension (None if unknown).

    >>> rdf_format("graph.ttl"), rdf_format("x.nq"), rdf_format("x.txt")
    ('turtle', 'nquads', None)
    """
    suffix = Path(path).suffix.lower()
    return _EXTRA_FORMATS.get(suffix) or guess_format(str(path))


def load_graph_file(path: Path | str) -> Graph:
    """Parse an RDF file in any format rdflib reads; quads are merged into one graph.

    Raises SourceError if the file is missing, of unknown format, or does not parse.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: graph file not found")
    fmt = rdf_format(path)
    if fmt is None:
        raise SourceError(f"{path}: unknown RDF format; use .ttl, .nt, .nq, .trig, .jsonld, .rdf or .owl")
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph = Graph()
            graph.parse(path, format=fmt)
    except Exception as exc:  # each rdflib parser raises its own exception types
        raise SourceError(f"{path}: does not parse as {fmt}: {_one_line(exc)}") from None
    return bind_prefixes(graph)


def is_stale(project: Project) -> bool:
    """True if the built graph is missing or older than any data or ontology file."""
    target = project.graph_path
    if not target.is_file():
        return True
    built = target.stat().st_mtime
    inputs = [project.ontology_path, *[p for p in project.data_dir.rglob("*") if p.is_file()]]
    return any(p.stat().st_mtime > built for p in inputs if p.exists())


def default_graph(project: Project = Project()) -> Graph:
    """The project's built graph, rebuilt first if it is missing or stale."""
    if is_stale(project):
        graph = build_graph(project.data_dir, project.ontology_path)
        write_graph(graph, project.out_dir)
        return graph
    return load_graph_file(project.graph_path)


def open_graph(graph_file: Path | str | None = None, project: Project = Project()) -> Graph:
    """A graph file if one is given, else the project's default built graph."""
    return load_graph_file(graph_file) if graph_file else default_graph(project)


def with_ontology(graph: Graph, project: Project = Project()) -> Graph:
    """A new graph holding ``graph`` and the ontology (for labels of classes and properties)."""
    merged = bind_prefixes(Graph())
    for triple in graph:
        merged.add(triple)
    for triple in load_ontology(project.ontology_path):
        merged.add(triple)
    return merged


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
