"""The counts ``kg build`` prints: triples, sources, excerpts, observations, statements, entities by class."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.build.ntriples import _TYPE, ntriples_lines
from kg.facts.namespaces import KGO, KGR, QB
from kg.facts.terms import RECORD_CLASSES
from kg.project import GRAPH_FILE, INFERRED_FILE  # noqa: F401  (kg.build.GRAPH_FILE, as before)


@dataclass
class Summary:
    """What a build produced, for a person to check at a glance."""

    triples: int
    entities_by_class: dict[str, int]
    observations: int
    sources: int
    excerpts: int
    statements: int


def summarize_ntriples(lines: Iterable[bytes]) -> Summary:
    """``summarize`` of a graph given as N-Triples lines (a list, a file's), without parsing them into rdflib."""
    from kg.facts.namespaces import bind_prefixes

    names = bind_prefixes(Graph()).namespace_manager
    types: dict[bytes, set[bytes]] = {}
    spaced = b" " + _TYPE + b" "
    triples = 0
    for triples, line in enumerate(lines, 1):
        if spaced in line:  # a quick test first: most lines are not types
            subject, predicate, rest = line.split(b" ", 2)
            if predicate == _TYPE:
                types.setdefault(subject, set()).add(rest[:-2])
    entity_prefix = f"<{KGR}".encode()
    records = {f"<{c}>".encode() for c in RECORD_CLASSES}
    by_class: Counter[str] = Counter()
    for subject, classes in types.items():
        if subject.startswith(entity_prefix):
            for cls in classes - records:
                by_class[names.normalizeUri(URIRef(cls[1:-1].decode("utf-8")))] += 1
    count = lambda cls: sum(1 for classes in types.values() if f"<{cls}>".encode() in classes)  # noqa: E731
    return Summary(
        triples=triples,
        entities_by_class=dict(sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        observations=count(QB.Observation),
        sources=count(KGO.SourceDocument),
        excerpts=count(KGO.Excerpt),
        statements=count(RDF.Statement),
    )


def summarize(graph: Graph) -> Summary:
    """Count what the graph holds; entities are the kgr: nodes that are not records."""
    return summarize_ntriples(ntriples_lines(graph))
