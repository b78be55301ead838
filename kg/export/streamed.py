"""RDF exports of a store written from its N-Triples lines by Oxigraph's writers, without rdflib terms.

The store's data comes out as Oxigraph writes it (``kg.store.native.data_lines``:
sorted, unique, decimals in kg's spelling); the inferred triples and the
ontology, small, are written as lines by ``kg.build.ntriples_lines``. From
the lines: N-Triples and N-Quads are the sorted lines themselves (each
quad's graph name added); Turtle is what ``kg build`` writes for
``graph.ttl`` (``turtle_from_ntriples``: sorted, each subject's types
first); TriG is one such Turtle block per part; RDF/XML is Oxigraph's writer
given the triples in that order. So the same store gives the same bytes.
N-Triples and Turtle of a store as the build left it are read from the
build's merged lines instead (``built_lines``: already sorted for Turtle), the
same lines at a fraction of the cost of the store's dump.
JSON-LD (a compacted document with kg's context) and any graph holding blank
nodes (no stable names to sort by) are left to ``kg.export.formats``.

>>> parts = LineParts([b'<https://kg.example.org/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .'])
>>> render_lines("nq", parts).decode()
'<https://kg.example.org/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" <https://kg.example.org/graph/asserted> .\\n'
"""

from __future__ import annotations

import heapq
import itertools
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build.lines import line_blocks, read_lines, write_lines
from kg.build.ntriples import LinesReader, line_order, ntriples_lines
from kg.build.turtle import turtle_from_ntriples, write_turtle
from kg.errors import StoreError
from kg.facts.namespaces import ASSERTED_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from kg.facts.ontology import load_ontology
from kg.files import writing_atomic
from kg.project import ProjectPaths
from kg.store.files import load_graph_file
from kg.store.native import LineSink, data_lines, dump_lines

STREAMED_FORMATS = ("nt", "nq", "ttl", "trig", "rdf")


@dataclass
class LineParts:
    """An export's parts as unique N-Triples lines (in any order): asserted, and optionally inferred and
    ontology."""

    asserted: list[bytes]
    inferred: list[bytes] | None = None
    ontology: list[bytes] | None = None

    def named(self) -> list[tuple[str, list[bytes]]]:
        found = [(ASSERTED_GRAPH, self.asserted), (INFERRED_GRAPH, self.inferred), (ONTOLOGY_GRAPH, self.ontology)]
        return [(str(name), lines) for name, lines in found if lines is not None]

    def union(self, key=None) -> list[bytes]:
        """The parts' lines, each once, sorted (by ``key``, if given): one sort, whatever the format's order."""
        parts = [lines for _, lines in self.named()]
        return sorted(parts[0] if len(parts) == 1 else set().union(*parts), key=key)


def line_parts(store: ox.Store, project: ProjectPaths, with_ontology: bool, asserted_only: bool) -> LineParts | None:
    """The parts of an export of the project's store, as ``kg.export.formats.export_parts`` takes them
    (inferred triples that are also asserted stay in the asserted part only); None if a part holds blank
    nodes."""
    asserted = data_lines(store, sort=False)  # each format sorts the lines in its own order, once
    inferred = None
    if not asserted_only and project.inferred_path.is_file():
        inferred = sorted(set(ntriples_lines(load_graph_file(project.inferred_path))).difference(asserted))
    ontology = ntriples_lines(load_ontology(project.ontology_path)) if with_ontology else None
    parts = LineParts(asserted, inferred, ontology)
    if any(_blank(line) for _, lines in parts.named() for line in lines):
        return None
    return parts


# The store's N-Triples sorted in memory at once (about three times this at the peak, with the lines' and
# the keys' objects); a larger graph is sorted in runs of this size written beside the export, and merged.
RUN_BYTES = 128 << 20
SORTED_FORMATS = ("nt", "ttl")


def write_sorted(fmt: str, store: ox.Store, project: ProjectPaths, with_ontology: bool, asserted_only: bool,
                 out: Path, built: Path | None = None) -> Path | None:
    """Write N-Triples or Turtle of the project's store to ``out``: the bytes ``render_lines`` makes of
    ``line_parts``, with memory bounded whatever the graph's size (the store's lines sorted in runs, merged
    as they are written). ``built``: the build's merged lines, when the store holds them
    (``kg.store.native.built_lines``):
    read from their file rather than from the store, which costs several times more (at 4,000 documents
    some 60 CPU s), and for Turtle in their order already. None, and nothing written, if a line holds a
    blank node. Raises OutputError."""
    key = line_order if fmt == "ttl" else None
    small = []  # the inferred triples and the ontology: their union with the data is what a triple format holds
    if not asserted_only and project.inferred_path.is_file():
        small += ntriples_lines(load_graph_file(project.inferred_path))
    if with_ontology:
        small += ntriples_lines(load_ontology(project.ontology_path))
    if any(_blank(line) for line in small) or built is not None and _holds_blank(built):
        return None
    out = Path(out)
    try:
        with writing_atomic(out) as file, tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as spool:
            if built is not None and fmt == "nt" and not small:
                for group in ntriples_order(built):  # the subjects' runs of lines, each sorted, in sorted order
                    file.write(group)
                return out
            if built is not None and fmt == "ttl" and not small:
                lines = read_lines(built)  # line_order, each line once: Turtle's order
            else:
                runs = _Runs(Path(spool), key)
                if built is not None:
                    source = read_lines(built)
                    while chunk := list(itertools.islice(source, 128)):  # about what a dump hands at a time
                        runs.take(chunk)
                else:
                    dump_lines(store, runs)
                if runs.blank:
                    raise _Blank  # writing_atomic removes what it staged
                lines = runs.merged(small)
            if fmt == "ttl":
                write_turtle(lines, file, _prefixes())
            else:
                for line in lines:
                    file.write(line + b"\n")
    except _Blank:
        return None
    return out


def _holds_blank(path: Path) -> bool:
    """Whether a line of the file holds a blank node: one search of each block, its lines looked at only
    where it holds "_:" at all."""
    return any(b"_:" in block and any(_blank(line) for line in block.split(b"\n"))
               for block in line_blocks(path, 1 << 24))


ORDER_BLOCK = 1 << 24  # bytes read at a time by ``ntriples_order``
# A subject's run of lines in the build's merged lines (``line_order``: a subject's lines together).
_RUN = re.compile(rb"(<[^>\n]*+>) [^\n]*+\n(?:\1 [^\n]*+\n)*+")


def ntriples_order(path: Path) -> Iterator[bytes]:
    """The lines of a file in ``line_order`` (no blank node), in N-Triples' sorted order, a subject's run of
    lines at a time (each found by one search, sorted by itself: a subject's types go among its other lines).

    The two orders differ only where an IRI extends another with a character sorting before ">" (in
    ``line_order`` ``x`` before ``x-y``, sorted ``<x-y>`` before ``<x>``): such a run is held until the
    runs of the IRIs that extend it so have passed.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = write_lines(folder / "m.nt", sorted([b"<x> <p> <o> .", b"<x> <a> <o> .", b"<x-y> <p> <o> .", b"<xz> <p> <o> ."],
    ...                                         key=line_order))
    >>> b"".join(ntriples_order(folder / "m.nt")).splitlines()
    [b'<x-y> <p> <o> .', b'<x> <a> <o> .', b'<x> <p> <o> .', b'<xz> <p> <o> .']
    """
    held: list[tuple[bytes, bytes]] = []  # (subject without its ">", its lines): a run each IRI extends
    with open(path, "rb") as file:
        pending = b""
        while True:
            block = file.read(ORDER_BLOCK)
            data = pending + block
            runs = list(_RUN.finditer(data))
            if block and runs:
                runs.pop()  # the block may end inside this subject's run: read again with the next block
            end = 0
            for run in runs:
                if run.start() != end:
                    raise StoreError(f"{path}: not N-Triples lines in line order near byte {end} of a block; run kg build again")
                end = run.end()
                head = run.group(1)[:-1]
                while held and not (head.startswith(held[-1][0]) and head[len(held[-1][0])] < 0x3E):
                    yield held.pop()[1]
                held.append((head, b"\n".join(sorted(run.group(0)[:-1].split(b"\n"))) + b"\n"))
            pending = data[end:]
            if not block:
                break
    if pending:
        raise StoreError(f"{path}: not N-Triples lines in line order at its end; run kg build again")
    while held:
        yield held.pop()[1]


class _Blank(Exception):
    """A line of the store holds a blank node (an export ``write_sorted`` leaves to rdflib)."""


class _Runs(LineSink):
    """The store's lines sorted (by ``key``) in runs of ``RUN_BYTES``, each past the first written to a file
    in ``spool``; ``merged`` gives them all, sorted and unique."""

    def __init__(self, spool: Path, key) -> None:
        super().__init__()
        self.spool, self.key = spool, key
        self.lines: list[bytes] = []
        self.size = 0
        self.files: list[Path] = []
        self.blank = False

    def take(self, lines: list[bytes]) -> None:
        # one search of the chunk; its lines are looked at one by one only where it holds "_:" at all
        if self.blank or (b"_:" in b"\n".join(lines) and any(_blank(line) for line in lines)):
            self.blank = True
            return
        self.lines += lines
        self.size += sum(map(len, lines))
        if self.size >= RUN_BYTES:
            self._spill()

    def _spill(self) -> None:
        self.lines.sort(key=self.key)
        self.files.append(self.spool / f"{len(self.files)}.nt")
        write_lines(self.files[-1], self.lines)
        self.lines, self.size = [], 0

    def merged(self, small: list[bytes]) -> Iterator[bytes]:
        """Every line once, sorted: the runs' and ``small``'s."""
        self.lines += small
        self.lines.sort(key=self.key)
        if not self.files:  # one run: sorted in memory, as a smaller graph always was
            return iter(dict.fromkeys(self.lines)) if small else iter(self.lines)
        runs = [read_lines(path) for path in self.files] + [iter(self.lines)]
        return (line for line, _ in itertools.groupby(heapq.merge(*runs, key=self.key)))


def _blank(line: bytes) -> bool:
    # "_:" in a line is one search; only the few lines with it (a literal may say "_:") are looked at closely.
    return b"_:" in line and (line.startswith(b"_:") or b" _:" in line)


def render_lines(fmt: str, parts: LineParts) -> bytes:
    """The bytes of an export in ``fmt`` (one of ``STREAMED_FORMATS``)."""
    if fmt == "nt":
        return _joined(parts.union())
    if fmt == "nq":
        return _joined(sorted({line[:-1] + f"<{name}> .".encode() for name, lines in parts.named() for line in lines}))
    if fmt == "ttl":
        return _turtle(parts.union(key=line_order))
    if fmt == "trig":
        return _trig(parts)
    if fmt == "rdf":
        triples = ox.parse(LinesReader(parts.union(key=line_order)), format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=_prefixes())
    raise ValueError(f"not a streamed format: {fmt}")


def _joined(lines: list[bytes]) -> bytes:
    # One buffer: joining line + b"\n" would first copy every line (at 400 documents 130 MB more at the peak).
    return b"\n".join([*lines, b""]) if lines else b""


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _turtle(lines: list[bytes]) -> bytes:
    """Turtle of ``lines`` in ``line_order``."""
    return turtle_from_ntriples(lines, _prefixes())


def _trig(parts: LineParts) -> bytes:
    """The prefixes once, then each part's Turtle as a graph block, in a fixed order."""
    header, blocks = b"", []
    for name, lines in parts.named():
        turtle = _turtle(sorted(lines, key=line_order))
        end = 0
        while turtle.startswith(b"@prefix", end):
            end = turtle.index(b"\n", end) + 1
        header = header or turtle[:end]
        body = turtle[end:].strip(b"\n")
        blocks.append(f"<{name}> {{\n".encode() + body + b"\n}\n")
    return header + b"\n" + b"\n".join(blocks)
