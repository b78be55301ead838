"""The build's form of a graph: sorted, unique N-Triples lines, in subject order, written the way rdflib
writes them (so that every writer of kg's outputs gives the same bytes)."""

from __future__ import annotations

import io
import itertools
import re
from typing import Iterable

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
    """N-Triples lines (a list, or any iterable: a file's, a merge's) as a binary file, read a chunk at a
    time: Oxigraph parses them without the lines being joined into one copy first (100 MB at 400 documents).

    >>> LinesReader([b"<a> <b> <c> .", b"<d> <e> <f> ."]).read()
    b'<a> <b> <c> .\\n<d> <e> <f> .\\n'
    """

    CHUNK_LINES = 8192

    def __init__(self, lines: Iterable[bytes]):
        self._lines = iter(lines)
        self._pending, self._offset = b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._offset == len(self._pending):
            chunk = list(itertools.islice(self._lines, self.CHUNK_LINES))
            if not chunk:
                return 0
            self._pending, self._offset = b"\n".join(chunk) + b"\n", 0
        size = min(len(buffer), len(self._pending) - self._offset)
        buffer[:size] = memoryview(self._pending)[self._offset:self._offset + size]
        self._offset += size
        return size


_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_TYPED = _TYPE + b" "


def line_order(line: bytes) -> bytes:
    """Subjects in IRI order (kgr:catl before kgr:catl-arrival...), each with its types first.

    One bytes key (an IRI holds no NUL byte, so NUL ends the subject and the
    predicate): sorting by it is twice as fast as by a tuple of the parts.

    >>> sorted([b"<x-y> <p> <o> .", b"<x> <p> <o> .", b"<x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <C> ."],
    ...        key=line_order)[0].split()[1][-5:], sorted([b"<x-y> <p> <o> .", b"<x> <p> <o> ."], key=line_order)[0][:4]
    (b'type>', b'<x> ')
    """
    subject, rest = line.split(b" ", 1)  # rest: the predicate, a space, the object and " ."
    if subject[:1] == b"<":
        subject = subject[1:-1]
    return subject + (b"\0\0" if rest.startswith(_TYPED) else b"\0\1") + rest.replace(b" ", b"\0", 1)


# An entity's IRI whose local part is an id (no slash): written as a prefixed name.
_KGR_IRI = re.compile(rb"<" + re.escape(str(KGR).encode()) + rb"([a-z0-9][a-z0-9-]*)>")


