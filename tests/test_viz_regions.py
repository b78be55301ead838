"""Communities and the region layout of a large view (kg.viz.regions), and a large page's data (kg.viz.pagedata)."""

from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path

import pytest

from kg.viz.layout import importance
from kg.viz.page import render_page
from kg.viz.pagedata import OVERVIEW_ABOVE, OVERVIEW_MAX, page_data
from kg.viz.regions import communities, region_layout
from kg.viz.style import class_styles
from kg.viz.view import build_view

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.fixture(scope="module")
def large():
    from viz_benchmark import synthetic_graph

    graph = synthetic_graph(1500)
    return graph, build_view(graph)


def test_communities_partition_the_view_and_regions_hold_their_members_apart(large):
    _, view = large
    groups = communities(view)
    assert sorted(n for g in groups for n in g) == sorted(n.id for n in view.nodes)
    assert 1 < len(groups) < len(view.nodes) / 10
    # More links inside the communities than a random split into groups of the same sizes would give.
    group_of = {n: i for i, g in enumerate(groups) for n in g}
    inside = sum(group_of[e.source] == group_of[e.target] for e in view.edges) / len(view.edges)
    assert inside > sum((len(g) / len(view.nodes)) ** 2 for g in groups) + 0.3
    scores = importance(view)
    positions, regions = region_layout(view, groups, scores, {n.id: n.label for n in view.nodes})
    assert [set(r.members) for r in regions] == [set(g) for g in groups]
    for region in regions:  # every member in its disc, the most important first, the disc named after it
        assert region.members[0] == max(region.members, key=lambda n: (scores[n], [-ord(c) for c in n]))
        assert region.name == view.node(region.members[0]).label
        for node in region.members:
            assert math.dist(positions[node], (region.x, region.y)) <= region.radius + 0.5
    for a, b in itertools.combinations(regions, 2):  # no two discs overlap
        assert math.dist((a.x, a.y), (b.x, b.y)) >= a.radius + b.radius - 1.0
    assert region_layout(view, communities(view), scores, {})[0] == positions  # seeded: the same every time


def test_a_large_page_opens_on_its_overview_and_is_the_same_every_time(large):
    graph, view = large
    assert len(view.nodes) > OVERVIEW_ABOVE
    data = page_data(view, class_styles(view.nodes, graph))
    first = data["overview"]
    assert len(first) <= OVERVIEW_MAX and len(set(first)) == len(first)
    ranks = {n["id"]: n["rank"] for n in data["nodes"]}
    assert [ranks[n] for n in first[:200]] == sorted(ranks[n] for n in first[:200])  # the most important first
    assert {data["nodes"][i]["c"] for i in range(len(data["nodes"]))} == set(range(len(data["regions"])))
    covered = {next(n["c"] for n in data["nodes"] if n["id"] == node) for node in first}
    assert covered == set(range(len(data["regions"]))) or len(first) == OVERVIEW_MAX
    assert render_page(view, graph, "Large") == render_page(build_view(graph), graph, "Large")
