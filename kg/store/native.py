"""The graph as a pyoxigraph ``Store``, read by pattern lookups and Oxigraph's own writers, not through rdflib.

Commands that walk a corpus' graph (analyze, path, validate, export) read it
here: the project's embedded store is opened read-only as it is, and any
other graph (a ``--graph`` file, the built graph in memory, a remote store's
copy) is put into an in-memory Oxigraph store first. Either way the data is
the default graph and the ontology the named graph ``ONTOLOGY_GRAPH``, as
``kg build`` lays them out.

>>> from rdflib import Graph, URIRef
>>> g = Graph().add((URIRef("https://kg.example.org/id/a"), URIRef("https://kg.example.org/ontology#p"), URIRef("https://kg.example.org/id/b")))
>>> store = store_of_graph(g, Graph())
>>> [t.value for t in next(data_triples(store)).triple]
['https://kg.example.org/id/a', 'https://kg.example.org/ontology#p', 'https://kg.example.org/id/b']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.build.oxigraph import check_store_folder
from kg.errors import StoreError, one_line
from kg.facts.namespaces import ONTOLOGY_GRAPH
from kg.facts.ontology import load_ontology
from kg.project import ProjectPaths
from kg.store.spec import StoreSpec

DEFAULT = ox.DefaultGraph()
ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))


def open_native(path: Path | str) -> ox.Store:
    """The Oxigraph store in the folder ``path``, opened read-only (any number of readers share it).

    Raises StoreError if there is no store there.
    """
    path = Path(path)
    check_store_folder(path, must_exist=True)
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: cannot open the Oxigraph store: {one_line(exc)}") from None


def store_of_graph(graph: Graph, ontology: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding ``graph`` (default graph) and ``ontology`` (its named graph)."""
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    store.bulk_load(ontology.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ONTOLOGY)
    return store


def native_store(graph_file: Path | str | None, project: ProjectPaths, spec: StoreSpec) -> ox.Store:
    """The graph a reading command sees, as a store: the embedded or an ``oxigraph:DIR`` store opened as it
    is; a graph file, the memory store or a remote store's default graph copied into memory with the
    project's ontology beside it. ``spec`` is the reading store (``kg.store.graphs.reading_store``)."""
    if graph_file is None and spec.kind == "oxigraph":
        return open_native(spec.location)
    from kg.store.graphs import open_graph

    return store_of_graph(open_graph(graph_file, project, spec, local=True), load_ontology(project.ontology_path))


def data_triples(store: ox.Store, subject: ox.NamedNode | None = None, predicate: ox.NamedNode | None = None,
                 obj: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    """The data's quads matching a pattern (None: any term); unpack each as ``s, p, o, _``."""
    return store.quads_for_pattern(subject, predicate, obj, DEFAULT)


def finished_lines(location: Path | str, project: ProjectPaths) -> Path | None:
    """The build's merged lines (``built_lines``) if the store at ``location`` holds exactly them and the build
    finished, else None (another store, a store changed since, a build that did not finish).

    ``kg build`` loads the store with its merged lines, recording one id in the store and in the lines' merge
    state, and puts its manifest (``build.json``) in place last, having removed the old one first: with both,
    the lines are the store's triples, sorted, one a line, and a reader that walks every triple reads them
    several times faster than the store gives its quads back (the store decodes every term).
    """
    from kg.build.outputs import MANIFEST_FILE

    if not (project.out_dir / MANIFEST_FILE).is_file():
        return None
    return built_lines(Path(location), project)


def ontology_triples(store: ox.Store, subject: ox.NamedNode | None = None, predicate: ox.NamedNode | None = None,
                     obj: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    """The ontology's quads matching a pattern (None: any term)."""
    return store.quads_for_pattern(subject, predicate, obj, ONTOLOGY)


# Oxigraph writes an integral xsd:decimal as "2"; kg (and rdflib) as "2.0" (kg.facts.terms.decimal_literal).
_INTEGRAL_DECIMAL = re.compile(rb'"(-?[0-9]+)"(\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>)')


def data_lines(store: ox.Store, sort: bool = True) -> list[bytes]:
    """The data as sorted, unique N-Triples lines, as ``kg.build.ntriples_lines`` writes them (decimals in
    kg's spelling), written by Oxigraph's serializer rather than term by term in Python. ``sort=False``: in
    the store's order, for a caller that sorts them its own way."""
    lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=DEFAULT).splitlines()
    # A store holds each triple once, so the lines are unique already; only the few decimals need a change, in
    # place: the dump is freed before the lines are sorted (at 400 documents 115 MB each).
    for i, line in enumerate(lines):
        if b"XMLSchema#decimal>" in line:
            lines[i] = kg_spelling(line)
    if sort:
        lines.sort()
    return lines


def kg_spelling(line: bytes) -> bytes:
    """N-Triples lines (or a term) as Oxigraph writes them, with decimals in kg's spelling.

    >>> kg_spelling(b'"2"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    b'"2.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    return _INTEGRAL_DECIMAL.sub(rb'"\1.0"\2', line) if b"XMLSchema#decimal>" in line else line


class LineSink:
    """Where ``Store.dump`` writes N-Triples (``dump_lines``): its bytes cut into whole lines, decimals in kg's
    spelling, handed to ``take`` a chunk's worth at a time, so that the dump is never whole in memory. An
    exception ``take`` raises is kept and raised again, as it was, once the dump ends (through Oxigraph it
    would come out as an I/O error of its own)."""

    def __init__(self) -> None:
        self._pending = b""
        self._error: BaseException | None = None

    def take(self, lines: list[bytes]) -> None:
        """Receive the next lines (without their newlines)."""
        raise NotImplementedError

    def write(self, chunk: bytes) -> int:
        if self._error is None:
            data = self._pending + chunk
            end = data.rfind(b"\n")
            if end < 0:
                self._pending = data
            else:
                self._pending = data[end + 1:]
                self._hand(data[:end])
        return len(chunk)

    def flush(self) -> None:
        pass

    def _hand(self, lines: bytes) -> None:
        # Whole lines at once: kg's spelling of decimals by one substitution over the chunk, then split (a
        # match never spans lines), not a test of each line in Python.
        try:
            self.take(kg_spelling(lines).split(b"\n"))
        except BaseException as exc:  # noqa: BLE001  (raised again, as it was, by dump_lines)
            self._error = exc

    def finish(self) -> None:
        """After the dump: hand on a last line without its newline; raise what ``take`` raised."""
        if self._error is None and self._pending:
            self._hand(self._pending)
            self._pending = b""
        if self._error is not None:
            raise self._error


def dump_lines(store: ox.Store, sink: LineSink) -> None:
    """Write the store's data (its default graph) as N-Triples into ``sink``, a chunk at a time."""
    store.dump(output=sink, format=ox.RdfFormat.N_TRIPLES, from_graph=DEFAULT)
    sink.finish()


def built_lines(store_folder: Path, project: ProjectPaths) -> Path | None:
    """The file of the project's last build's merged lines (``kg.build.merge``) if the Oxigraph store in
    ``store_folder`` holds exactly them: the build recorded the same id in the store and in the lines'
    merge state, and the file has the size the state gives. Else None (read the store)."""
    from kg.build.inputs import CACHE_FOLDER
    from kg.build.merge import LINES_FILE, read_stamp
    from kg.build.outputs import STORE_ID_FILE

    try:
        store_id = (Path(store_folder) / STORE_ID_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return None
    cache = project.out_dir / CACHE_FOLDER
    stamp = read_stamp(cache)  # the state's store id and size, without decoding the state
    if stamp is None or not store_id or stamp[0] != store_id:
        return None
    try:
        return cache / LINES_FILE if (cache / LINES_FILE).stat().st_size == stamp[1] else None
    except OSError:
        return None
