"""RDF files: the parser for a file's extension, and a file parsed into one graph, with errors that name the
line and column where it stops parsing."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from kg.errors import SourceError, one_line
from kg.facts.namespaces import bind_prefixes
from kg.project import ProjectPaths, find_project_root  # noqa: F401  (ProjectPaths: kg.store.ProjectPaths, as before)

# Extensions rdflib's guess_format does not know.
_EXTRA_FORMATS = {".jsonld": "json-ld", ".json": "json-ld", ".nq": "nquads", ".trig": "trig"}


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
        raise SourceError(_parse_error(path, fmt, exc)) from None
    return bind_prefixes(graph)


# rdflib's parser names -> Oxigraph's formats and the formats' names for people.
_OXIGRAPH_FORMATS = {"turtle": ("TURTLE", "Turtle"), "nt": ("N_TRIPLES", "N-Triples"),
                     "ntriples": ("N_TRIPLES", "N-Triples"), "nt11": ("N_TRIPLES", "N-Triples"),
                     "nquads": ("N_QUADS", "N-Quads"), "trig": ("TRIG", "TriG"), "n3": ("N3", "N3"),
                     "xml": ("RDF_XML", "RDF/XML"), "json-ld": ("JSON_LD", "JSON-LD")}


def _parse_error(path: Path, fmt: str, exc: Exception) -> str:
    """One line naming the file, the line and the column where it stops parsing, for any format.

    rdflib's parsers each report a position their own way (or not at all), so
    the file is parsed again with Oxigraph, whose errors carry line and column;
    RDF/XML errors (which Oxigraph does not place) take the position from the XML parser.
    """
    import re

    import pyoxigraph

    kind, name = _OXIGRAPH_FORMATS.get(fmt, (None, fmt))
    if kind is not None:
        try:
            for _ in pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, kind)):
                pass
        except SyntaxError as error:
            reason = error.msg.split(": ", 1)[1] if error.msg.startswith("Parser error") else error.msg
            if error.lineno is not None:
                return f"{path}:{error.lineno}: not valid {name} (column {error.offset}): {one_line(reason)}"
            placed = re.search(r":(\d+):(\d+): (.+)$", str(exc))  # the XML parser's file:line:column: reason
            if placed:
                return f"{path}:{placed[1]}: not valid {name} (column {placed[2]}): {one_line(placed[3])}"
            return f"{path}: not valid {name}: {one_line(reason)}"
        except (OSError, ValueError):
            pass
    return f"{path}: does not parse as {name}: {one_line(exc)}"
