"""The counts ``kg build`` prints: triples, sources, excerpts, observations, statements, entities by class."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.build.entries import cache_entry
from kg.build.ntriples import _TYPE, ntriples_lines
from kg.facts.namespaces import KGO, KGR, QB
from kg.facts.terms import RECORD_CLASSES
from kg.project import GRAPH_FILE, INFERRED_FILE  # noqa: F401  (kg.build.GRAPH_FILE, as before)


@cache_entry
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
    """``summarize`` of a graph given as N-Triples lines (a list, a file's; unique), without parsing them into
    rdflib."""
    tally: Counter = Counter()
    triples = 0
    for triples, line in enumerate(lines, 1):
        _tally(line, 1, tally)
    return _summary(tally, triples)


def changed_summary(previous: Summary, removed: list[bytes], added: list[bytes]) -> Summary:
    """The summary of ``previous``'s graph less the lines ``removed``, with those ``added``: each count is one
    of distinct type lines, so it changes by theirs without the graph being read again."""
    tally: Counter = Counter({("class", name): count for name, count in previous.entities_by_class.items()})
    tally.update({(kind, None): getattr(previous, kind) for kind in _KINDS.values()})
    for lines, sign in ((removed, -1), (added, 1)):
        for line in lines:
            _tally(line, sign, tally)
    return _summary(tally, previous.triples - len(removed) + len(added))


_SPACED_TYPE = b" " + _TYPE + b" "
_KINDS = {f"<{cls}>".encode(): kind for cls, kind in ((QB.Observation, "observations"), (KGO.SourceDocument, "sources"),
                                                     (KGO.Excerpt, "excerpts"), (RDF.Statement, "statements"))}
_ENTITY = f"<{KGR}".encode()
_RECORDS = {f"<{c}>".encode() for c in RECORD_CLASSES}


def _tally(line: bytes, sign: int, tally: Counter) -> None:
    """Count ``line`` (``sign``: 1 in, -1 out) in ``tally`` if it is a type line: the class of an entity
    (a kgr: node that is not a record), and the records' kinds."""
    if _SPACED_TYPE in line:  # a quick test first: most lines are not types
        subject, predicate, rest = line.split(b" ", 2)
        if predicate == _TYPE:
            cls = rest[:-2]
            if subject.startswith(_ENTITY) and cls not in _RECORDS:
                tally[("class", _class_name(cls))] += sign
            if cls in _KINDS:
                tally[(_KINDS[cls], None)] += sign


@functools.lru_cache(maxsize=4096)
def _class_name(cls: bytes) -> str:
    from kg.facts.namespaces import bind_prefixes

    return bind_prefixes(Graph()).namespace_manager.normalizeUri(URIRef(cls[1:-1].decode("utf-8")))


def _summary(tally: Counter, triples: int) -> Summary:
    by_class = {name: count for (kind, name), count in tally.items() if kind == "class" and count > 0}
    return Summary(triples=triples, entities_by_class=dict(sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0]))),
                   **{kind: tally[(kind, None)] for kind in _KINDS.values()})


def summarize(graph: Graph) -> Summary:
    """Count what the graph holds; entities are the kgr: nodes that are not records."""
    return summarize_ntriples(ntriples_lines(graph))
