"""A graph's triples read once into two dictionaries, answering the few questions a view asks of ``rdflib.Graph``.

A view (``kg.viz.view``) reads nearly every triple of a corpus' graph: the
entities' own, and the labels, types, statements and excerpts behind them.
Asked one pattern at a time through rdflib (and, for a store, oxrdflib), that
is a million lookups; read here in one pass, it is one loop. The terms are
plain values (``kg.store.plain``: an IRI a ``str``, a literal a ``Lit``),
whether they come from an rdflib graph, the build's Turtle or an Oxigraph
store, so the page drawn from any of them is the same.

>>> a, p, b = (f"https://kg.example.org/id/{x}" for x in "apb")
>>> index = TripleIndex([(a, p, b)], [(a, p, b)])
>>> len(index), index.value(a, p) == b, list(index.subjects(p)) == [a]
(1, True, True)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

from kg.runtime import cycle_collector_paused
from kg.store.plain import Term, Triple, from_rdflib_triples


class TripleIndex:
    """Triples by subject (then predicate) and by predicate (each triple once), with rdflib.Graph's reading
    methods.

    Only the patterns a view asks are answered: a subject, a predicate, or a
    subject and a predicate, with or without the object.
    """

    def __init__(self, *graphs: Iterable[Triple]):
        self._by_subject: dict[Term, dict[str, list[Term]]] = {}
        self._by_predicate: dict[str, list[tuple[Term, Term]]] = defaultdict(list)
        self._size = 0
        # Millions of small lists, dicts and tuples and no cycle among them: the collector, left on, would walk
        # them all again and again as they are made (a quarter of the reading's time at 400 documents), and
        # after, at its next passes (frozen: kg.runtime).
        with cycle_collector_paused(freeze=True):
            for triples in graphs:
                self.add(triples)

    @classmethod
    def of(cls, graph) -> TripleIndex:
        """``graph`` (an rdflib graph) read once, its terms made plain; an index is taken as it is."""
        return graph if isinstance(graph, TripleIndex) else cls(from_rdflib_triples(graph.triples((None, None, None))))

    def add(self, triples: Iterable[Triple]) -> None:
        """Add one graph's triples (an RDF graph holds each once); one already held from an earlier graph
        (the data and the ontology both label a class) is kept once."""
        by_subject, by_predicate = self._by_subject, self._by_predicate
        known = set(by_subject)  # only subjects held before this graph can repeat a triple
        added = 0
        for s, p, o in triples:
            values = by_subject.get(s)
            if values is None:
                values = by_subject[s] = {}
            found = values.get(p)
            if found is None:
                found = values[p] = []
            elif s in known and o in found:
                continue
            found.append(o)
            by_predicate[p].append((s, o))
            added += 1
        self._size += added

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Triple]:
        return self.triples((None, None, None))

    def triples(self, pattern: tuple[Term | None, Term | None, Term | None]) -> Iterator[Triple]:
        """The triples matching ``(s, p, o)``, None for any term."""
        s, p, o = pattern
        if s is not None:
            values = self._by_subject.get(s, {})
            pairs = ((q, x) for q, found in ([(p, values.get(p, ()))] if p is not None else values.items())
                     for x in found)
            return ((s, q, x) for q, x in pairs if o is None or x == o)
        if p is not None:
            return ((x, p, y) for x, y in self._by_predicate.get(p, ()) if o is None or y == o)
        return ((x, q, y) for x, values in self._by_subject.items() for q, found in values.items() for y in found
                if o is None or y == o)

    def subjects(self, predicate: str, obj: Term | None = None) -> Iterator[Term]:
        """The subjects of ``predicate`` (with ``obj`` if given), each once."""
        return iter(dict.fromkeys(s for s, _, _ in self.triples((None, predicate, obj))))

    def objects(self, subject: Term, predicate: str) -> Iterator[Term]:
        """The values of ``predicate`` on ``subject``."""
        return iter(self._by_subject.get(subject, {}).get(predicate, ()))

    def value(self, subject: Term, predicate: str) -> Term | None:
        """One value of ``predicate`` on ``subject``: the smallest by its text where there are several
        (rdflib's ``Graph.value`` gives whichever it meets first), None if there is none."""
        found = self._by_subject.get(subject, {}).get(predicate)
        if not found:
            return None
        return found[0] if len(found) == 1 else min(found, key=lambda o: (str(o), type(o).__name__))

    def subject_objects(self, predicate: str) -> Iterator[tuple[Term, Term]]:
        """The (subject, object) pairs of ``predicate``."""
        return iter(self._by_predicate.get(predicate, ()))

    def predicate_objects(self, subject: Term) -> Iterator[tuple[Term, Term]]:
        """The (predicate, object) pairs of ``subject``."""
        return ((p, o) for p, found in self._by_subject.get(subject, {}).items() for o in found)
