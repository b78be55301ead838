"""PageRank without scipy: networkx's pure-Python power iteration (kg.ranking.pagerank, what kg viz and kg
analyze use) against its scipy path (nx.pagerank), on a seeded random graph shaped like a large view.

    python benchmarks/pagerank_benchmark.py [--nodes 20000] [--degree 3] [--runs 3]

Prints each path's fastest time and the largest difference between their ranks (scipy's path is timed only
where scipy is installed).
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from kg.ranking import pagerank


def graph(nodes: int, degree: int, seed: int = 20) -> tuple[nx.Graph, dict]:
    """A scale-free graph (preferential attachment, as entity graphs are: a few hubs) and quote weights."""
    g = nx.barabasi_albert_graph(nodes, degree, seed=seed)
    rng = random.Random(seed)
    return g, {n: 1.0 + rng.randint(0, 3) for n in g}


def fastest(function, runs: int) -> tuple[float, dict]:
    best, result = float("inf"), {}
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=20000)
    parser.add_argument("--degree", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    g, weights = graph(args.nodes, args.degree)
    print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, personalized by quote weights")
    print(f"{'path':<28} {'fastest s':>10}")
    python_time, python_ranks = fastest(lambda: pagerank(g, personalization=weights, max_iter=500), args.runs)
    print(f"{'pure Python (kg)':<28} {python_time:>10.3f}")
    try:
        import scipy  # noqa: F401
    except ImportError:
        print(f"{'scipy (nx.pagerank)':<28} {'not installed':>10}")
        return
    scipy_time, scipy_ranks = fastest(lambda: nx.pagerank(g, personalization=weights, max_iter=500), args.runs)
    print(f"{'scipy (nx.pagerank)':<28} {scipy_time:>10.3f}")
    print(f"largest difference in rank: {max(abs(python_ranks[n] - scipy_ranks[n]) for n in g):.2e}")


if __name__ == "__main__":
    main()
