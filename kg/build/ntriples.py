"""The build's form of a graph: sorted, unique N-Triples lines, in subject order, written the way rdflib
writes them (so that every writer of kg's outputs gives the same bytes)."""

from __future__ import annotations

import io
import re

from kg.facts.namespaces import KGR
from kg.project import GRAPH_FILE, INFERRED_FILE  # noqa: F401  (kg.build.GRAPH_FILE, as before)


def ntriples_lines(triples) -> list[bytes]:
    """Triples (a Graph, a builder's set, any iterable) as sorted, unique N-Triples lines.

    The bytes of rdflib's nt serializer, whose ``_nt_row`` writes each term's
    ``n3()`` and each literal's ``_quoteLiteral``, without a store to iterate;
    an IRI is named once, not at each of its triples.
    """
    from rdflib import Literal
    from rdflib.plugins.serializers.nt import _quoteLiteral
    from rdflib.term import Node

    names: dict[Node, str] = {}

    def name(term: Node) -> str:
        found = names.get(term)
        if found is None:
            found = names[term] = term.n3()
        return found

    text = "".join(
        f"{name(s)} {name(p)} {_quoteLiteral(o) if isinstance(o, Literal) else name(o)} .\n" for s, p, o in triples
    ).encode("utf-8")
    return sorted({line for line in text.splitlines() if line})


class LinesReader(io.RawIOBase):
    """N-Triples lines as a binary file, read a chunk at a time: Oxigraph parses them without the lines
    being joined into one copy first (100 MB at 400 documents).

    >>> LinesReader([b"<a> <b> <c> .", b"<d> <e> <f> ."]).read()
    b'<a> <b> <c> .\\n<d> <e> <f> .\\n'
    """

    CHUNK_LINES = 8192

    def __init__(self, lines: list[bytes]):
        self._lines, self._next = lines, 0
        self._pending, self._offset = b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._offset == len(self._pending) and self._next < len(self._lines):
            chunk = self._lines[self._next:self._next + self.CHUNK_LINES]
            self._next += len(chunk)
            self._pending, self._offset = b"\n".join(chunk) + b"\n", 0
        size = min(len(buffer), len(self._pending) - self._offset)
        buffer[:size] = memoryview(self._pending)[self._offset:self._offset + size]
        self._offset += size
        return size


_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def line_order(line: bytes) -> bytes:
    """Subjects in IRI order (kgr:catl before kgr:catl-arrival...), each with its types first.

    One bytes key (an IRI holds no NUL byte, so NUL ends the subject and the
    predicate): sorting by it is twice as fast as by a tuple of the parts.

    >>> sorted([b"<x-y> <p> <o> .", b"<x> <p> <o> .", b"<x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <C> ."],
    ...        key=line_order)[0].split()[1][-5:], sorted([b"<x-y> <p> <o> .", b"<x> <p> <o> ."], key=line_order)[0][:4]
    (b'type>', b'<x> ')
    """
    subject, predicate, rest = line.split(b" ", 2)
    subject = subject[1:-1] if subject.startswith(b"<") else subject
    return subject + (b"\0\0" if predicate == _TYPE else b"\0\1") + predicate + b"\0" + rest


# An entity's IRI whose local part is an id (no slash): written as a prefixed name.
_KGR_IRI = re.compile(rb"<" + re.escape(str(KGR).encode()) + rb"([a-z0-9][a-z0-9-]*)>")


# What makes a term readable where it is used as a value: its names and its code (a unit's "GW", a scheme's).
_NAMING = (b"<http://www.w3.org/2000/01/rdf-schema#label>", b"<http://www.w3.org/2004/02/skos/core#prefLabel>",
           b"<http://www.w3.org/2004/02/skos/core#altLabel>", b"<http://www.w3.org/2004/02/skos/core#notation>")


def with_vocabulary(lines: list[bytes], ontology: bytes) -> list[bytes]:
    """``lines`` (in ``line_order``) with the labels and notations the ontology (N-Triples) gives the terms
    the lines use as values (units, qualifiers, classes, schemes), in their places, so that the graph read
    alone, without the ontology, names what it points to.

    >>> data = [b"<x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <C> .", b"<x> <u> <U> ."]
    >>> onto = b'<U> <http://www.w3.org/2000/01/rdf-schema#label> "GW" .\\n<V> <http://www.w3.org/2000/01/rdf-schema#label> "MW" .\\n'
    >>> [line.decode() for line in with_vocabulary(data, onto)][0]
    '<U> <http://www.w3.org/2000/01/rdf-schema#label> "GW" .'
    >>> len(with_vocabulary(data, onto))  # MW's unit is not used: not copied
    3
    """
    import bisect

    naming: dict[bytes, list[bytes]] = {}
    for line in ontology.splitlines():
        subject, predicate, _ = line.split(b" ", 2)
        if predicate in _NAMING and subject.startswith(b"<"):
            naming.setdefault(subject, []).append(line.rstrip())
    # The object of a line is its last term but the final dot; an IRI holds no space, so rsplit finds it whole.
    used = {line.rsplit(b" ", 2)[1] for line in lines}.intersection(naming)
    extra = sorted({line for term in used for line in naming[term]}, key=line_order)
    out: list[bytes] = []
    start = 0
    for line in extra:
        at = bisect.bisect_left(lines, line_order(line), lo=start, key=line_order)
        out.extend(lines[start:at])
        start = at
        if at < len(lines) and lines[at] == line:  # the data states it already
            continue
        out.append(line)
    out.extend(lines[start:])
    return out
