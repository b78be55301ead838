"""PageRank on networkx's pure-Python path.

Chosen when the core install had no scipy (it has since kg viz's k-d tree, #23): networkx's ``pagerank`` hands
the work to scipy's sparse matrices; its pure-Python power iteration gives the same ranks (to the tolerance) and
is fast enough for the graphs kg draws with networkx (benchmarks/pagerank_benchmark.py: 20,000 nodes; larger
networks go to igraph, kg.analyze.engines).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping


def pagerank(graph, personalization: Mapping[Hashable, float] | None = None, max_iter: int = 500,
             tol: float = 1e-06) -> dict:
    """PageRank of every node of a networkx graph (an empty dict for an empty graph).

    >>> import networkx as nx
    >>> ranks = pagerank(nx.star_graph(3))
    >>> round(sum(ranks.values()), 6), ranks[0] > ranks[1] == ranks[2] == ranks[3]
    (1.0, True)
    """
    # networkx keeps its pure-Python PageRank as a private function; the public name takes scipy's path.
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    if not graph.number_of_nodes():
        return {}
    return _pagerank_python(graph, personalization=personalization, max_iter=max_iter, tol=tol)
