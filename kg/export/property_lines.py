"""The property-graph view (``kg.export.property_graph``) of a build's merged lines, read in passes, never
held whole.

The build's merged lines (``kg.build.merge``) hold each subject's lines
together, its types first, the subjects in IRI order: the order of the
view's nodes. So the writers take the view from three passes over the file,
each parsed by Oxigraph a block at a time:

1. the type and label lines (picked out of each block by one search): which
   subjects are nodes, and every subject's label;
2. the nodes' lines: what the columns are (kinds, lists, names), which of the
   array delimiters the values hold, the order GEXF numbers attributes in,
   and the edges, three numbers each, sorted once the pass ends;
3. the nodes' lines again, as the writer asks for the nodes: each made, written
   and dropped.

What is held is what a format needs before its first node: the nodes' ids,
the labels, the columns and the edges' numbers (at 4,000 documents some
230,000 nodes and 800,000 edges), not the view (2.2 GB there). The view is
the one ``kg.export.property_store`` reads from the store holding the same
lines (tests compare the bytes of every format).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from sys import intern

import numpy as np
import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from kg.build.lines import line_blocks
from kg.export.property_graph import (
    _PROVENANCE,
    ARRAY_DELIMITERS,
    SKIPPED_PROPERTIES,
    ColumnStats,
    Edge,
    Node,
    PropertyGraph,
    _Names,
    attribute,
)
from kg.facts.namespaces import bind_prefixes
from kg.store.plain import Lit, as_written

_TYPE = str(RDF.type)
# skos:prefLabel before rdfs:label, as kg.facts.terms.preferred_label ranks them.
_LABELS = {str(SKOS.prefLabel): 0, str(RDFS.label): 1}
# Where rdf:type or a label IRI stands between spaces: as a line's predicate (or object: told apart once parsed).
_HEADS = re.compile(b" <(?:" + b"|".join(re.escape(p.encode()) for p in [_TYPE, *_LABELS]) + b")> ")
_NO_LABEL = (2, True, "")


def lines_property_graph(lines: Path, ontology: Graph) -> PropertyGraph | None:
    """The view of the build's merged lines ``lines``; ``ontology`` gives class, property and unit labels.
    None if the file's subjects are not in the order of the view's nodes (then the store is read)."""
    heads = _Heads(lines)
    if not heads.ordered:
        return None
    names = _Names(heads.label, ontology, bind_prefixes(Graph()).namespace_manager)
    scan = _Scan(lines, heads.nodes, names)
    if not scan.complete:
        return None
    column, columns = scan.stats.columns(names)
    met = [column[p] for p in sorted(scan.met, key=lambda p: (scan.met[p], column[p]))]
    return PropertyGraph(_LineNodes(lines, heads.nodes, names, scan.index, column, columns),
                         _LineEdges(scan, heads.nodes, names), [columns[n] for n in sorted(columns)],
                         met=met, delimiters=frozenset(scan.delimiters))


_BLOCK = 1 << 22


def _blocks(path: Path) -> Iterator[bytes]:
    """The file's whole lines, about ``_BLOCK`` bytes of them at a time."""
    return line_blocks(path, _BLOCK)


def _parse(lines: bytes) -> Iterator[ox.Triple]:
    return ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)


class _Heads:
    """Pass 1: the nodes (IRIs typed with a class other than a provenance record's, and with none of
    those), in the file's order, and each subject's preferred label."""

    def __init__(self, lines: Path) -> None:
        self.nodes: list[str] = []
        self.best: dict[str, tuple[int, bool, str]] = {}  # kg.facts.terms.preferred_label's ranking
        self.ordered = True
        # one stream: a subject's lines may end a block and start the next
        self._read(itertools.chain.from_iterable(_parse(_head_lines(block)) for block in _blocks(lines)))

    def _read(self, triples: Iterator[ox.Triple]) -> None:
        subject, classed, provenance = None, False, False
        best = self.best
        for triple in triples:
            s, o = triple.subject, triple.object
            p = triple.predicate.value
            if p == _TYPE:
                if s.__class__ is not ox.NamedNode:
                    continue
                if s.value != subject:
                    self._end(subject, classed, provenance)
                    subject, classed, provenance = s.value, False, False
                if o.value in _PROVENANCE:
                    provenance = True
                else:
                    classed = True
            elif p in _LABELS:
                found = (_LABELS[p], getattr(o, "language", None) != "en", o.value)
                if found < best.get(s.value, _NO_LABEL):
                    best[s.value] = found
        self._end(subject, classed, provenance)

    def _end(self, subject: str | None, classed: bool, provenance: bool) -> None:
        if subject is None or not classed or provenance:
            return
        if self.nodes and subject <= self.nodes[-1]:
            self.ordered = False  # a subject's types apart, or not in the nodes' order: the store is read
        self.nodes.append(subject)

    def label(self, iri: str) -> str | None:
        found = self.best.get(iri)
        return None if found is None else found[2]


def _head_lines(block: bytes) -> bytes:
    """The block's lines that hold rdf:type or a label IRI (one search of the block, no step a line)."""
    found, previous = [], -1
    for match in _HEADS.finditer(block):
        start = block.rfind(b"\n", 0, match.start()) + 1
        if start != previous:  # a line holding two of them once
            previous = start
            found.append(block[start:block.find(b"\n", match.end()) + 1])
    return b"".join(found)


def _node_lines(path: Path, nodes: list[str]) -> Iterator[ox.Triple]:
    """The triples of the nodes (in the file's order), their lines found by a search of each block for each
    node's subject at a line's start; the lines of other subjects (most of a corpus') are never looked at."""
    return itertools.chain.from_iterable(_parse(lines) for lines in _node_blocks(path, nodes))


def _node_blocks(path: Path, nodes: list[str]) -> Iterator[bytes]:
    keys = (f"\n<{s}> ".encode() for s in nodes)
    key, last = next(keys, None), None  # the next node's, and the last found's (may go on in the next block)
    for block in _blocks(path):
        data = b"\n" + block
        picked = []
        if last is not None and data.startswith(last):
            picked.append(data[1:_run_end(data, last, 0) + 1])
        position = 0
        while key is not None:
            start = data.find(key, position)
            if start < 0:
                break  # in a later block
            position = _run_end(data, key, start)  # the newline the next subject's key starts with
            picked.append(data[start + 1:position + 1])
            last, key = key, next(keys, None)
        yield b"".join(picked)


def _run_end(data: bytes, key: bytes, start: int) -> int:
    """The newline ending the lines from ``start`` that begin with ``key`` (a newline and a subject)."""
    end = data.find(b"\n", start + 1)
    while data.startswith(key, end):
        end = data.find(b"\n", end + 1)
    return end


def _groups(path: Path, nodes: list[str]) -> Iterator[tuple[int, list[ox.Triple]]]:
    """Each node's triples with its position; stops at a node out of its place (the caller checks the count)."""
    position = 0
    for subject, triples in itertools.groupby(_node_lines(path, nodes), key=attrgetter("subject")):
        if position >= len(nodes) or subject.value != nodes[position]:
            return
        yield position, triples
        position += 1


def _read_node(triples, index: dict[str, int], names: _Names):
    """A node's classes, values by property (``kg.store.plain.Lit``, or a label for an IRI that is no node), and
    links (property, target's position)."""
    classes, values, links = [], {}, []
    for triple in triples:
        p, o = intern(triple.predicate.value), triple.object
        kind = o.__class__
        if p in SKIPPED_PROPERTIES:
            if p == _TYPE:
                classes.append(o.value)
            continue
        if kind is ox.Literal:
            value = plain_literal(o)
        else:
            target = index.get(o.value) if kind is ox.NamedNode else None
            if target is not None:
                links.append((p, target))
                continue
            value = names.label(o.value)
        found = values.get(p)
        if found is None:
            values[p] = [value]
        else:
            found.append(value)
    return classes, values, links


def plain_literal(literal: ox.Literal) -> Lit:
    """The literal as the view reads it (``as_written``; its datatype's IRI one string for all its literals)."""
    return as_written(literal.value, intern(literal.datatype.value), literal.language or "")


class _Scan:
    """Pass 2: the columns, the order nodes first have them (``met``), the array delimiters some value holds,
    and the edges as (source, property, target) numbers."""

    def __init__(self, lines: Path, nodes: list[str], names: _Names) -> None:
        self.index = {s: i for i, s in enumerate(nodes)}
        self.stats = ColumnStats()
        self.met: dict[str, int] = {}  # property -> the first node with a value of it
        self.delimiters: set[str] = set()
        self.properties: dict[str, int] = {}  # edge properties, numbered as met
        sources, kinds, targets = [], [], []
        count = 0
        for position, triples in _groups(lines, nodes):
            count += 1
            _, values, links = _read_node(triples, self.index, names)
            key = f"<{nodes[position]}>"
            for p, found in values.items():
                self.stats.add(key, p, found)
                self.met.setdefault(p, position)
                self._note_delimiters(found)
            for p, target in links:
                sources.append(position)
                kinds.append(self.properties.setdefault(p, len(self.properties)))
                targets.append(target)
        self.complete = count == len(nodes)
        self.edges = (np.array(sources, dtype=np.int64), np.array(kinds, dtype=np.int64),
                      np.array(targets, dtype=np.int64))

    def _note_delimiters(self, found: list) -> None:
        for value in found:
            text = value if value.__class__ is str else value.value
            for d in ARRAY_DELIMITERS:
                if d in text:
                    self.delimiters.add(d)


class _LineNodes:
    """Pass 3, at each iteration: the nodes, made from their lines as they pass."""

    def __init__(self, lines: Path, nodes: list[str], names: _Names, index: dict[str, int],
                 column: dict[str, str], columns: dict) -> None:
        self.lines, self.nodes, self.names, self.index = lines, nodes, names, index
        self.column, self.columns = column, columns

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        names, column, columns = self.names, self.column, self.columns
        for position, triples in _groups(self.lines, self.nodes):
            classes, values, _ = _read_node(triples, self.index, names)
            s = self.nodes[position]
            own, labels = names.classed(classes)
            node = Node(s, names.node_label(s), list(own), labels=list(labels))
            for p, found in values.items():
                node.attributes[column[p]] = attribute(found, columns[column[p]])
            yield node


class _LineEdges:
    """The edges in (source, property, target) order, made as they are asked for."""

    def __init__(self, scan: _Scan, nodes: list[str], names: _Names) -> None:
        sources, kinds, targets = scan.edges
        properties = sorted(scan.properties, key=scan.properties.__getitem__)  # by number
        rank = np.argsort(np.argsort(np.array(properties, dtype=object)))  # each number's place by IRI
        ranked = rank[kinds] if len(kinds) else kinds
        self.order = np.lexsort((targets, ranked, sources))
        self.sources, self.kinds, self.targets = sources, kinds, targets
        self.nodes = nodes
        self.named = [(p, names.edge_type(p), names.label(p)) for p in properties]

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[Edge]:
        nodes, named = self.nodes, self.named
        for start in range(0, len(self.order), 1 << 16):  # as Python numbers a slice at a time
            chunk = self.order[start:start + (1 << 16)]
            for source, kind, target in zip(self.sources[chunk].tolist(), self.kinds[chunk].tolist(),
                                            self.targets[chunk].tolist()):
                p, relationship, label = named[kind]
                yield Edge(nodes[source], nodes[target], p, relationship, label)
