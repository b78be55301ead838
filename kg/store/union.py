"""Every graph of a store seen as one: the data and the ontology, for queries that need both."""

from __future__ import annotations

from typing import Any, Iterator

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.stores.memory import Memory
from rdflib.store import Store


class UnionGraph(Graph):
    """Every graph of a store merged (the data and the ontology): triples, length and queries alike.

    Queries run on the store as a dataset whose default graph is that union,
    so ``GRAPH ?g`` patterns see the named graphs (the ontology), in memory
    as in Oxigraph. Example: ``UnionGraph(Memory())``.
    """

    def __init__(self, store: Store) -> None:
        super().__init__(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
        self.default_union = True  # Graph.query then asks the store for the union of its graphs

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        subject, path, obj = triple
        if isinstance(path, PropertyPath):  # a property path, walked over this union
            for found_subject, found_object in path.eval(self, subject, obj):
                yield found_subject, path, found_object
            return
        for found, _ in self.store.triples(triple, None):
            yield found

    def __len__(self) -> int:
        return self.store.__len__(None)

    def query(self, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(self.store, Memory):  # the store runs SPARQL itself (Oxigraph)
            return super().query(*args, **kwargs)
        # rdflib's engine knows named graphs only in a dataset: the same store, seen as one.
        return Dataset(store=self.store, default_union=True).query(*args, **kwargs)
