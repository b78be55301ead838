"""``kg path`` on a store: a bidirectional breadth-first search by pattern lookups, reading only the entities
it reaches.

The answer is the one ``kg.analyze.network.shortest_path`` gives on the whole
entity network: of the shortest chains, the one whose entity labels
(lower-cased) sort first; each step the first of the (sorted) facts that
join its two entities. The search grows the smaller of the two frontiers a
layer at a time and stops at the layer where they meet; every neighbour
list is two index lookups (the node as subject, as object), and a neighbour
counts if it is an entity (``kg.analyze.entities``' rule, one lookup of its
types).
"""

from __future__ import annotations

import difflib

import pyoxigraph as ox

from kg.analyze.entities import _EXCLUDED, _KGR, _LABELS, _TYPE, _Names
from kg.analyze.network import EntityNotFound, NoPath, Step
from kg.facts.namespaces import expand_curie
from kg.store.native import data_triples


class StoreSearch:
    """The entity network of a store, read a node at a time."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.names = _Names(store)
        self._entity: dict[str, bool] = {}
        self._labels: dict[str, str] = {}
        self._by_label: dict[str, set[str]] | None = None

    def is_entity(self, iri: str) -> bool:
        """True if ``iri`` is a typed kgr: node that is not a record nor an indicator."""
        known = self._entity.get(iri)
        if known is None:
            try:
                node = ox.NamedNode(iri)
            except ValueError:  # a name that is no IRI (a label with spaces, a bare id)
                return False
            types = [t.value for _, _, t, _ in data_triples(self.store, node, _TYPE)]
            known = self._entity[iri] = iri.startswith(_KGR) and bool(types) and _EXCLUDED.isdisjoint(types)
        return known

    def label(self, iri: str) -> str:
        if iri not in self._labels:
            self._labels[iri] = self.names.label(iri)
        return self._labels[iri]

    def neighbours(self, iri: str) -> set[str]:
        """The entities one fact away from the entity ``iri``, in either direction."""
        node, found = ox.NamedNode(iri), set()
        for _, p, o, _ in data_triples(self.store, node):
            if isinstance(o, ox.NamedNode) and p != _TYPE and o.value != iri and self.is_entity(o.value):
                found.add(o.value)
        for s, p, _, _ in data_triples(self.store, None, None, node):
            if isinstance(s, ox.NamedNode) and p != _TYPE and s.value != iri and self.is_entity(s.value):
                found.add(s.value)
        return found

    def resolve(self, name: str) -> str:
        """As ``kg.analyze.network.resolve``: a label (any case), an IRI, a prefixed name or an id."""
        for candidate in (name, expand_curie(name)):
            if candidate and self.is_entity(candidate):
                return candidate
        wanted = name.strip().lower()
        named = self._named().get(wanted, ())
        matches = sorted(n for n in named if self.is_entity(n) and self.label(n).lower() == wanted)
        if len(matches) == 1:
            return matches[0]
        if not matches and self.is_entity(_KGR + name):
            return _KGR + name
        if matches:
            raise EntityNotFound(f"'{name}' names several entities: {', '.join(matches)}; give an IRI")
        raise EntityNotFound(f"no entity named '{name}'{self._hint(name)}")

    def _named(self) -> dict[str, set[str]]:
        """Lower-cased label -> the nodes that have it, read once (one pass over the label triples)."""
        if self._by_label is None:
            self._by_label = {}
            for predicate in _LABELS:
                for s, _, o, _ in data_triples(self.store, None, ox.NamedNode(predicate)):
                    if isinstance(s, ox.NamedNode):
                        self._by_label.setdefault(o.value.lower(), set()).add(s.value)
        return self._by_label

    def _hint(self, name: str) -> str:
        """Close matches among every entity's label (read only when a name is not found)."""
        subjects = {s.value for s, _, _, _ in data_triples(self.store, None, _TYPE) if isinstance(s, ox.NamedNode)}
        labels = sorted({self.label(s) for s in subjects if self.is_entity(s)})
        by_lower = {label.lower(): label for label in labels}
        close = difflib.get_close_matches(name.lower(), list(by_lower), n=5, cutoff=0.5)
        close += [by_lower[low] for low in sorted(by_lower) if name.lower() in low and by_lower[low] not in close]
        return f"; did you mean {', '.join(repr(by_lower.get(c, c)) for c in close[:5])}?" if close else ""

    def shortest_path(self, source: str, target: str) -> list[Step]:
        """The shortest chain of relations from ``source`` to ``target`` (names as for ``resolve``).

        Raises EntityNotFound or NoPath.
        """
        a, b = self.resolve(source), self.resolve(target)
        nodes = self._chain(a, b)
        steps = []
        for left, right in zip(nodes, nodes[1:]):
            s, p, o = self._first_fact(left, right)
            steps.append(Step(s, self.label(s), p, self.label(p), o, self.label(o)))
        return steps

    def _chain(self, a: str, b: str) -> list[str]:
        """The nodes of the shortest chain from ``a`` to ``b`` whose labels sort first."""
        if a == b:
            return [a]
        # For each side: distance from its end, and each reached node's neighbours one layer nearer its end.
        dist, parents, frontier = [{a: 0}, {b: 0}], [{a: []}, {b: []}], [[a], [b]]
        while frontier[0] and frontier[1]:
            side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
            reached: dict[str, list[str]] = {}
            for node in frontier[side]:
                for other in self.neighbours(node):
                    if other not in dist[side]:
                        reached.setdefault(other, []).append(node)
            depth = dist[side][frontier[side][0]] + 1
            for node, via in reached.items():
                dist[side][node], parents[side][node] = depth, via
            frontier[side] = sorted(reached)
            meeting = [n for n in frontier[side] if n in dist[1 - side]]
            if meeting:
                return self._least_chain(a, b, dist, parents, meeting, side)
        raise NoPath(f"no path between '{self.label(a)}' and '{self.label(b)}': they are in different components")

    def _least_chain(self, a: str, b: str, dist: list[dict], parents: list[dict], meeting: list[str],
                     side: int) -> list[str]:
        """Of all shortest chains through the ``meeting`` nodes, the one whose lower-cased labels sort first:
        position by position, the least label among the nodes that continue a least prefix."""
        length = min(dist[0][m] + dist[1][m] for m in meeting)
        middle = [m for m in meeting if dist[0][m] + dist[1][m] == length]
        # Forward links from a towards b: the a side's parent links reversed, then the b side's parent links.
        forward: dict[str, set[str]] = {}
        on_path, todo = set(middle), list(middle)
        while todo:  # the a side of every shortest chain, walked back from the middle
            node = todo.pop()
            for parent in parents[0][node]:
                forward.setdefault(parent, set()).add(node)
                if parent not in on_path:
                    on_path.add(parent)
                    todo.append(parent)
        todo = list(middle)
        while todo:  # the b side, walked on from the middle
            node = todo.pop()
            for nearer in parents[1][node]:
                forward.setdefault(node, set()).add(nearer)
                if nearer not in on_path:
                    on_path.add(nearer)
                    todo.append(nearer)
        chains = {a: [a]}
        for _ in range(length):
            following: dict[str, list[str]] = {}
            for chain_end in sorted(chains):
                for n in forward.get(chain_end, ()):
                    following.setdefault(n, chains[chain_end] + [n])
            least = min(self.label(n).lower() for n in following)
            chains = {n: chain for n, chain in following.items() if self.label(n).lower() == least}
        return chains[b]

    def _first_fact(self, left: str, right: str) -> tuple[str, str, str]:
        """The least (subject, property, object) that relates ``left`` and ``right``, either way round."""
        facts = [(s.value, p.value, o.value) for x, y in ((left, right), (right, left))
                 for s, p, o, _ in data_triples(self.store, ox.NamedNode(x), None, ox.NamedNode(y)) if p != _TYPE]
        return min(facts)
