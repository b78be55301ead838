"""Graph -> files in each format, byte-identical for the same graph.

RDF for triple stores and Protégé (ttl, nt, nq, trig, jsonld, rdf), networks
for Gephi, yEd and Cytoscape (graphml, gexf), and CSV in the layout of
``neo4j-admin database import`` (a folder, or a .zip of one).

Quad formats keep the parts of an export apart as named graphs: the asserted
triples in ``ASSERTED_GRAPH``, the inferred ones (``kg build --reason``) in
``INFERRED_GRAPH``, the ontology in ``ONTOLOGY_GRAPH``. Triple formats hold
their union. The network and CSV formats show the asserted graph only.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from kg.build.turtle import to_turtle
from kg.errors import KgError, OutputError
from kg.export.gexf import gexf_bytes, gexf_text
from kg.export.graphml import graphml_bytes, graphml_text
from kg.export.property_graph import PropertyGraph, property_graph
from kg.facts.namespaces import (
    ASSERTED_GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    bind_prefixes,
)
from kg.facts.ontology import load_ontology
from kg.files import write_atomic, writing_atomic
from kg.project import ProjectPaths
from kg.store.files import load_graph_file
from kg.store.graphs import open_graph
from kg.store.spec import StoreSpec

RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "rdf")
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = RDF_FORMATS + NETWORK_FORMATS + ("csv",)
EXTENSIONS = {
    ".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld", ".rdf": "rdf", ".owl": "rdf",
    ".graphml": "graphml", ".gexf": "gexf", ".zip": "csv",
}
# A fixed time for zip entries (the earliest zip can store), so that two exports are byte-identical.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ExportError(KgError):
    """An export that cannot be made: unknown format, or an option the format cannot honour."""


@dataclass
class Parts:
    """What an export holds: the asserted graph, and optionally inferred triples and the ontology."""

    asserted: Graph
    inferred: Graph | None = None
    ontology: Graph | None = None

    def union(self) -> Graph:
        graph = bind_prefixes(Graph())
        for part in (self.asserted, self.inferred, self.ontology):
            for triple in part if part is not None else ():
                graph.add(triple)
        return graph

    def named(self) -> list[tuple]:
        """(graph name, graph) for each part present, in a fixed order."""
        found = [(ASSERTED_GRAPH, self.asserted), (INFERRED_GRAPH, self.inferred), (ONTOLOGY_GRAPH, self.ontology)]
        return [(name, graph) for name, graph in found if graph is not None]


def export_parts(graph_file: Path | str | None, project: ProjectPaths, with_ontology: bool = False,
                 asserted_only: bool = False, store: StoreSpec | None = None) -> Parts:
    """The parts of an export: the graph (``--graph FILE`` or the project's built graph), the project's
    inferred triples when it has them (not with a graph file, nor ``asserted_only``), the ontology if asked.

    Inferred triples that are also asserted stay in the asserted part only.
    ``store`` is where the graph is read from when no file is given (default: memory).
    """
    asserted = open_graph(graph_file, project, store, local=True)
    inferred = None
    if graph_file is None and not asserted_only and project.inferred_path.is_file():
        inferred = bind_prefixes(Graph())
        for triple in load_graph_file(project.inferred_path):
            if triple not in asserted:
                inferred.add(triple)
    ontology = load_ontology(project.ontology_path) if with_ontology else None
    return Parts(asserted, inferred, ontology)


def export_format(out: Path | str, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else the one the extension of ``out`` names.

    >>> export_format("kg.nq"), export_format("neo4j.zip"), export_format("x", "csv")
    ('nq', 'csv', 'csv')
    >>> export_format("kg.nt", "ttl")
    Traceback (most recent call last):
    kg.export.formats.ExportError: kg.nt: the extension says nt but --format says ttl; make them agree

    Raises ExportError listing the supported formats.
    """
    supported = ", ".join(FORMATS)
    if fmt is not None:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format '{fmt}'; supported formats: {supported}")
        named = EXTENSIONS.get(Path(out).suffix.lower())
        if named is not None and named != fmt and not (fmt == "csv" and Path(out).suffix.lower() == ".zip"):
            raise ExportError(f"{out}: the extension says {named} but --format says {fmt}; make them agree")
        return fmt
    suffix = Path(out).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ExportError(
            f"{out}: cannot tell the format from the extension '{suffix}'; give --format, one of {supported} "
            f"(extensions {', '.join(EXTENSIONS)})"
        )
    return EXTENSIONS[suffix]


def render(fmt: str, parts: Parts, labels: Graph) -> bytes | dict[str, bytes]:
    """The bytes of an export; for csv the files of the Neo4j import folder by name.

    ``labels`` (the ontology) names classes, properties and units in network exports.

    >>> from rdflib import Graph
    >>> render("nt", Parts(Graph()), Graph())
    b''
    """
    if fmt in RDF_FORMATS:
        return _RDF_WRITERS[fmt](parts)
    if parts.ontology is not None:
        raise ExportError(f"--with-ontology is for RDF formats ({', '.join(RDF_FORMATS)}), not {fmt}")
    return render_view(fmt, property_graph(parts.asserted, labels))


def render_view(fmt: str, view: PropertyGraph) -> bytes | dict[str, bytes]:
    """A property graph's export: graphml, gexf, or csv (the files of the Neo4j import folder by name)."""
    if fmt == "csv":
        return neo4j_files(view)
    return graphml_bytes(view) if fmt == "graphml" else gexf_bytes(view)


def write_export(fmt: str, parts: Parts, labels: Graph, out: Path | str) -> Path:
    """Render and write an export to ``out``; a csv export is a folder, or a zip if ``out`` ends in .zip.

    The folder ``out`` is in is created if missing, as ``kg viz`` and ``kg docs``
    do. Nothing is half-written: files and folders are written aside and
    renamed into place. Raises OutputError.
    """
    return write_rendered(lambda: render(fmt, parts, labels), out)


def write_rendered(make: Callable[[], bytes | dict[str, bytes]], out: Path | str) -> Path:
    """Write what ``make()`` renders to ``out`` as ``write_export`` does (``make`` runs once the folder is
    known to be writable). Raises OutputError."""
    out = Path(out)
    check_writable(out)
    data = make()
    _make_parent(out)  # only now: a failed render leaves no new folder behind
    if isinstance(data, bytes):
        write_atomic(out, data)
        return out
    files = {name: (lambda stream, found=found: stream.write(found)) for name, found in data.items()}
    if out.suffix.lower() == ".zip":
        write_atomic(out, _zip(files))
    else:
        _write_folder(out, files)
    return out


def _make_parent(out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None


def check_writable(out: Path) -> None:
    """Refuse, before any work, an output whose folder is blocked by a file. Raises OutputError."""
    blocked = next((p for p in [out.parent, *out.parent.parents] if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise OutputError(f"{out}: cannot write: {blocked} is a file, not a folder")


# --- RDF ----------------------------------------------------------------------

def _canonical(graph: Graph) -> Graph:
    """The graph with blank nodes named by their content, so their labels do not change between runs."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    canonical = bind_prefixes(Graph())  # rdflib's canonical graph is a read-only aggregate: prefixes not bound
    canonical += to_canonical_graph(graph)
    return canonical


def _sorted_triples(graph: Graph) -> list:
    """Triples in N-Triples order (rdflib's own ordering of literals of different datatypes is not total)."""
    return sorted(_canonical(graph), key=lambda triple: tuple(term.n3() for term in triple))


def _sorted_graph(graph: Graph) -> Graph:
    """A copy whose store yields triples in sorted order, for serializers that write in store order.

    rdflib's default store keeps triples in sets (hash order); SimpleMemory keeps them in dicts (insertion order).
    """
    copy = bind_prefixes(Graph(store="SimpleMemory"))
    for triple in _sorted_triples(graph):
        copy.add(triple)
    return copy


def _sorted_lines(text: bytes) -> bytes:
    lines = sorted({line for line in text.decode("utf-8").splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _dataset(parts: Parts) -> Dataset:
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    for name, graph in parts.named():
        target = dataset.graph(name)
        for triple in _sorted_triples(graph):
            target.add(triple)
    return dataset


def _turtle(parts: Parts) -> bytes:
    return to_turtle(_canonical(parts.union()))


def _ntriples(parts: Parts) -> bytes:
    return _sorted_lines(_canonical(parts.union()).serialize(format="nt", encoding="utf-8"))


def _nquads(parts: Parts) -> bytes:
    return _sorted_lines(_dataset(parts).serialize(format="nquads", encoding="utf-8"))


def _trig(parts: Parts) -> bytes:
    """One graph at a time, since rdflib writes a dataset's graphs in hash order; prefixes merged on top."""
    prefixes: set[str] = set()
    bodies = []
    for name, graph in parts.named():
        text = _dataset(Parts(graph)).serialize(format="trig").replace(f"<{ASSERTED_GRAPH}>", f"<{name}>", 1)
        lines = text.splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        bodies.append("\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n"))
    order = {f"@prefix {prefix}:": index for index, prefix in enumerate(PREFIXES)}
    header = sorted(prefixes, key=lambda line: (order.get(line.split(" <")[0], len(order)), line))
    return ("\n".join(header) + "\n\n" + "\n\n".join(bodies) + "\n").encode("utf-8")


def _jsonld(parts: Parts) -> bytes:
    from kg.export.jsonld import readable_context

    graph = _sorted_graph(parts.union())
    text = graph.serialize(format="json-ld", context=readable_context(graph), auto_compact=True)
    return (json.dumps(_sort_json(json.loads(text)), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _sort_json(value):
    """Sort JSON-LD node lists and value sets (their order carries no meaning), not @list contents."""
    if isinstance(value, dict):
        return {key: (item if key == "@list" else _sort_json(item)) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_sort_json(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _rdfxml(parts: Parts) -> bytes:
    text = _sorted_graph(parts.union()).serialize(format="pretty-xml", encoding="utf-8").decode("utf-8")
    # rdflib declares the namespaces (one a line) in hash order: sort them
    declarations = re.search(r"(?:\n  xmlns:[^\n]*)+", text)
    if declarations:
        ordered = "".join("\n" + line for line in sorted(declarations[0].strip("\n").split("\n")))
        text = text[: declarations.start()] + ordered + text[declarations.end():]
    return text.encode("utf-8")


_RDF_WRITERS = {"ttl": _turtle, "nt": _ntriples, "nq": _nquads, "trig": _trig, "jsonld": _jsonld, "rdf": _rdfxml}


# --- networks -----------------------------------------------------------------

def network(view: PropertyGraph):
    """A networkx MultiDiGraph: node attributes label, class and the view's columns; edge label and property.

    Lists become text joined with "; " (GraphML and GEXF have no list type).
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    for node in view.nodes:
        attributes = {"label": node.label, "class": "; ".join(node.classes)}
        for column in view.columns:
            value = node.attributes.get(column.name)
            if value is not None:
                attributes[column.name] = "; ".join(map(str, value)) if isinstance(value, list) else (
                    value.isoformat() if column.kind == "date" else value)
        g.add_node(node.id, **attributes)
    for index, edge in enumerate(view.edges):
        # Not "type": in GEXF that attribute is the edge's direction, and readers drop other values.
        g.add_edge(edge.source, edge.target, key=f"e{index}", label=edge.label, property=edge.property,
                   relationship=edge.type)
    return g


# --- Neo4j CSV ----------------------------------------------------------------

NEO4J_TYPES = {"long": "long", "double": "double", "date": "date", "string": "string"}


def neo4j_files(view: PropertyGraph) -> dict[str, bytes]:
    """nodes.csv and relationships.csv with neo4j-admin's headers, and import.txt with the command
    (``neo4j_writers``), as bytes."""
    files = {}
    for name, write in neo4j_writers(view).items():
        buffer = io.BytesIO()
        write(buffer)
        files[name] = buffer.getvalue()
    return files


def neo4j_writers(view: PropertyGraph) -> dict[str, Callable[[BinaryIO], None]]:
    """The Neo4j import folder's files by name, each as a function writing it into a binary stream.

    A node's labels are its classes and their superclasses. Lists (and multiple labels) are joined with an
    array delimiter that occurs in no value.
    """
    delimiter = view.array_delimiter()
    command = (
        "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv "
        f"--array-delimiter='{delimiter}' --multiline-fields=true neo4j\n"
    )

    def nodes() -> Iterator[list[str]]:
        yield ["id:ID", ":LABEL", "label"] + [
            f"{c.name}:{NEO4J_TYPES[c.kind]}{'[]' if c.is_list else ''}" for c in view.columns]
        for node in view.nodes:
            row = [node.id, delimiter.join(node.labels or node.classes), node.label]
            for column in view.columns:
                value = node.attributes.get(column.name)
                row.append(delimiter.join(map(str, value)) if isinstance(value, list)
                           else "" if value is None else str(value))
            yield row

    def relationships() -> Iterator[list[str]]:
        yield [":START_ID", ":END_ID", ":TYPE", "label", "property"]
        yield from ([e.source, e.target, e.type, e.label, e.property] for e in view.edges)

    return {"import.txt": lambda stream: stream.write(command.encode("utf-8")),
            "nodes.csv": lambda stream: _csv(nodes(), stream),
            "relationships.csv": lambda stream: _csv(relationships(), stream)}


def _csv(rows: Iterable[list[str]], stream: BinaryIO) -> None:
    """The rows as CSV into ``stream``, a few thousand rows (a large write, one compression step) at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows = iter(rows)
    while batch := list(itertools.islice(rows, 4096)):
        writer.writerows(batch)
        stream.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()


def write_view(fmt: str, view: PropertyGraph, out: Path | str) -> Path:
    """Write a property graph's export (graphml, gexf, csv) to ``out`` as it is made, never whole in memory:
    a file, a zip or a folder written aside and renamed into place. Raises OutputError."""
    out = Path(out)
    check_writable(out)
    if fmt == "csv" and out.suffix.lower() != ".zip":
        _make_parent(out)
        _write_folder(out, neo4j_writers(view))
        return out
    with writing_atomic(out) as stream:
        if fmt == "csv":
            _zip(neo4j_writers(view), stream)
        else:
            pieces = graphml_text(view) if fmt == "graphml" else gexf_text(view)
            while chunk := "".join(itertools.islice(pieces, 4096)):
                stream.write(chunk.encode("utf-8"))
    return out


def _zip(files: dict[str, Callable[[BinaryIO], None]], stream: BinaryIO | None = None) -> bytes:
    """The files (each a function writing it) as a zip, written into ``stream`` if given (then b""), else
    returned."""
    buffer = io.BytesIO() if stream is None else stream
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as entry:
                files[name](entry)
    return buffer.getvalue() if stream is None else b""


def _write_folder(out: Path, files: dict[str, Callable[[BinaryIO], None]]) -> None:
    """Write the files into a new folder beside ``out``, then swap it into place."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: cannot write: it exists and is not a folder")
    try:
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None
    old = out.parent / f"{staging.name}.old"
    try:
        for name, write in files.items():
            with open(staging / name, "wb") as stream:
                write(stream)
        staging.chmod(0o755)
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out.exists():
            os.replace(old, out)
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from None
    shutil.rmtree(old, ignore_errors=True)
