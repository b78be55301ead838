"""The entity graph in networkx: rankings, components, communities and paths."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ONTOLOGY
from helpers import rows

from kg.analyze.network import (
    EntityNotFound,
    NoPath,
    communities,
    components,
    entity_graph,
    ranking,
    resolve,
    shortest_path,
)
from kg.analyze import engines
from kg.cli import main
from kg.facts.namespaces import KGR
from kg.store.graphs import load_store
from kg.store.native import open_native
from kg.store.spec import StoreSpec


@pytest.fixture(scope="module")
def entities(graph, project):
    return entity_graph(graph, project)


def test_yibin_ranks_first_by_degree_and_betweenness(entities):
    degree = ranking(entities, "degree")
    assert degree[0].label == "Yibin"
    assert degree[0].score == entities.degree(str(KGR.yibin))
    assert len(degree) == 10 and degree[0].score > degree[1].score
    assert ranking(entities, "betweenness")[0].label == "Yibin"


def test_pagerank_ranks_the_hub_first_and_sums_to_one(entities):
    """PageRank, the measure kg viz sizes its nodes by: Yibin, the article's hub, first; scores a distribution."""
    ranked = ranking(entities, "pagerank", top=entities.number_of_nodes())
    assert ranked[0].label == "Yibin" and ranked[0].score > ranked[1].score
    assert sum(r.score for r in ranked) == pytest.approx(1.0, abs=1e-4)


def test_known_connections(entities):
    yibin = set(entities.neighbors(str(KGR.yibin)))
    for neighbour in ("sichuan", "catl-arrival-in-yibin-2019", "power-battery-capital-conferral-2023"):
        assert str(KGR[neighbour]) in yibin
    edge = entities.edges[str(KGR["power-battery-capital-conferral-2023"]), str(KGR.yibin)]
    assert (str(KGR["power-battery-capital-conferral-2023"]), "https://kg.example.org/ontology#recipient",
            str(KGR.yibin)) in edge["facts"]


def test_records_are_left_out_and_observations_folded(graph, entities):
    assert not any("/excerpt/" in n or "/statement/" in n or "/observation/" in n for n in entities)
    [(count,)] = rows(graph, "SELECT (COUNT(?o) AS ?n) WHERE { ?o sdmx-dimension:refArea kgr:yibin }")
    assert entities.nodes[str(KGR.yibin)]["observations"] == count > 0
    assert "Charging interfaces built" in entities.nodes[str(KGR.yibin)]["indicators"]


def test_components_and_communities_cover_every_entity_deterministically(graph, project, entities):
    parts = components(entities)
    assert sum(len(c) for c in parts) == entities.number_of_nodes()
    assert str(KGR.yibin) in parts[0]
    found = communities(entities)
    assert sorted(n for c in found for n in c) == sorted(entities)
    assert communities(entity_graph(graph, project)) == found


def test_path_from_catl_to_the_battery_association(entities):
    steps = shortest_path(entities, "CATL", "china battery industry association")
    # Two chains of four relations tie (through the inspection or the title conferral);
    # the one whose labels sort first is chosen.
    assert [(s.subject_label, s.property_label, s.object_label) for s in steps] == [
        ("Introduction of CATL to Yibin (2019)", "company", "CATL"),
        ("Introduction of CATL to Yibin (2019)", "location", "Yibin"),
        ("Expert inspection of Yibin", "inspected", "Yibin"),
        ("Expert inspection of Yibin", "organizer", "China Battery Industry Association"),
    ]


def test_names_resolve_by_label_iri_prefixed_name_and_id(entities):
    catl = str(KGR.catl)
    assert resolve(entities, "catl") == resolve(entities, "kgr:catl") == resolve(entities, catl) == catl


def test_unknown_name_lists_close_matches(entities):
    with pytest.raises(EntityNotFound, match="no entity named 'Sichuen'; did you mean 'Sichuan'"):
        resolve(entities, "Sichuen")


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--ontology", str(ONTOLOGY)])


@pytest.fixture(scope="module")
def graph_file(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "graph.ttl"
    graph.serialize(path, format="turtle")
    return str(path)


def test_path_command(graph_file):
    result = run("path", "CATL", "China Battery Industry Association", "--graph", graph_file)
    assert result.exit_code == 0, result.output
    assert "Expert inspection of Yibin  --organizer-->  China Battery Industry Association" in result.output
    data = json.loads(run("path", "kgr:catl", "kgr:yibin", "--graph", graph_file, "--format", "json").output)
    assert data["length"] == 2 and data["steps"][1]["object_label"] == "Yibin"


def test_path_command_errors(graph_file, entities):
    isolated = [c[0] for c in components(entities) if len(c) == 1][0]
    result = run("path", "CATL", isolated, "--graph", graph_file)
    assert result.exit_code == 1 and "no path between 'CATL'" in result.output
    result = run("path", "CATL", "catll", "--graph", graph_file)
    assert result.exit_code == 1 and "did you mean 'CATL'" in result.output


def test_an_unknown_name_with_spaces_is_one_line_without_warnings(graph_file, caplog):
    result = run("path", "No Such", "Yibin", "--graph", graph_file)
    assert (result.exit_code, result.output) == (1, "kg: error: no entity named 'No Such'\n")
    assert not [r for r in caplog.records if "valid URI" in r.getMessage()]


def test_analyze_command(graph_file):
    result = run("analyze", "--graph", graph_file)
    assert result.exit_code == 0, result.output
    assert "Top 10 by degree" in result.output.splitlines()[2]
    assert result.output.splitlines()[3].endswith("Yibin")
    data = json.loads(run("analyze", "--graph", graph_file, "--format", "json", "--top", "3").output)
    assert [r["label"] for r in data["degree"]][0] == "Yibin" and len(data["degree"]) == 3
    assert data["entities"] == sum(len(c) for c in data["components"])


def test_no_path_error_type(entities):
    with pytest.raises(NoPath):
        isolated = [c[0] for c in components(entities) if len(c) == 1][0]
        shortest_path(entities, "CATL", isolated)


@pytest.mark.parametrize("measure", ["degree", "betweenness", "pagerank"])
def test_igraph_ranks_every_entity_as_networkx_does(entities, measure):
    """The C engine that kg analyze takes for a large network: the same ranking of all 59 entities, the same
    scores (to the six digits printed), as networkx's."""
    everyone = entities.number_of_nodes()
    by_networkx = ranking(entities, measure, everyone, engine="networkx")
    by_igraph = ranking(entities, measure, everyone, engine="igraph")
    assert [r.label for r in by_igraph] == [r.label for r in by_networkx]
    assert [r.score for r in by_igraph] == pytest.approx([r.score for r in by_networkx], abs=2e-6)
    assert by_igraph[0].label == "Yibin"


def test_igraph_finds_the_same_components_and_communities(entities):
    assert components(entities, engine="igraph") == components(entities, engine="networkx")
    assert communities(entities, engine="igraph") == communities(entities, engine="networkx")
    assert len(communities(entities, engine="igraph")) > 1


def test_sampled_betweenness_is_seeded_and_close_to_the_exact_one(entities, monkeypatch):
    """Past EXACT_BETWEENNESS_NODES, igraph estimates betweenness from a seeded sample of sources: the same
    figures on every run, and here (40 of 59 sources) the same top three as the exact measure."""
    exact = ranking(entities, "betweenness", 3, engine="igraph")
    monkeypatch.setattr(engines, "EXACT_BETWEENNESS_NODES", 10)
    monkeypatch.setattr(engines, "BETWEENNESS_SAMPLES", 40)
    estimates = [ranking(entities.copy(), "betweenness", 3, engine="igraph") for _ in range(2)]
    assert estimates[0] == estimates[1]
    assert [r.label for r in estimates[0]] == [r.label for r in exact]
    assert estimates[0][0].score != exact[0].score  # an estimate indeed, not the exact figure again


def test_the_engine_is_chosen_by_size(entities, monkeypatch):
    assert engines.pick_engine(entities) == "networkx"
    monkeypatch.setattr(engines, "IGRAPH_FROM_NODES", 50)
    assert engines.pick_engine(entities) == "igraph"
    assert engines.pick_engine(entities, "networkx") == "networkx"


def test_the_network_read_from_the_store_is_the_one_read_from_the_graph(graph, project, entities, tmp_path):
    """kg analyze reads the built store by pattern lookups; its network equals the one made from the graph."""
    load_store(graph, StoreSpec("oxigraph", str(tmp_path / "oxigraph")), project)
    from_store = entity_graph(open_native(tmp_path / "oxigraph"))
    assert dict(from_store.nodes(data=True)) == dict(entities.nodes(data=True))
    assert sorted(from_store.edges(data="facts")) == sorted(entities.edges(data="facts"))
    assert from_store.graph["property_labels"] == entities.graph["property_labels"]


def test_analyze_command_engines_agree(graph_file):
    outputs = [run("analyze", "--graph", graph_file, "--engine", engine, "--format", "json") for engine in
               ("networkx", "igraph")]
    assert all(result.exit_code == 0 for result in outputs), outputs[0].output
    assert json.loads(outputs[0].output) == json.loads(outputs[1].output)


@pytest.fixture(scope="module")
def search(graph, project, tmp_path_factory):
    """kg path's search over a built store (the seed's graph loaded into an Oxigraph folder)."""
    from kg.analyze.search import StoreSearch

    folder = tmp_path_factory.mktemp("search") / "oxigraph"
    load_store(graph, StoreSpec("oxigraph", str(folder)), project)
    return StoreSearch(open_native(folder))


def test_the_search_over_the_store_finds_the_paths_of_the_whole_network(entities, search):
    """Every pair among a spread of the seed's entities (hubs, events, people, isolated nodes): the store's
    bidirectional search gives the chain (or the error) that networkx gives on the whole network."""
    nodes = sorted(entities)[::4]
    assert len(nodes) >= 14
    for a in nodes:
        for b in nodes:
            try:
                expected = shortest_path(entities, a, b)
            except NoPath as exc:
                with pytest.raises(NoPath, match=str(exc).replace("(", r"\(").replace(")", r"\)")):
                    search.shortest_path(a, b)
                continue
            assert search.shortest_path(a, b) == expected, (a, b)


def test_the_search_resolves_names_as_the_network_does(entities, search):
    for name in ("CATL", "catl", "kgr:catl", str(KGR.catl), "china battery industry association", "Yibin"):
        assert search.resolve(name) == resolve(entities, name)
    for name in ("Sichuen", "No Such", "catll"):
        with pytest.raises(EntityNotFound) as expected:
            resolve(entities, name)
        with pytest.raises(EntityNotFound) as found:
            search.resolve(name)
        assert str(found.value) == str(expected.value)
    assert search.shortest_path("CATL", "china battery industry association") == shortest_path(
        entities, "CATL", "china battery industry association")


def test_large_networks_get_seeded_leiden_communities(entities, monkeypatch):
    """Past LEIDEN_FROM_NODES, igraph's communities are Leiden's: every entity in one community, the same
    communities on every run whatever the random module's state, of no lower modularity than CNM's."""
    import random

    import networkx as nx

    by_cnm = communities(entities, engine="igraph")
    monkeypatch.setattr(engines, "LEIDEN_FROM_NODES", 10)
    by_leiden = communities(entities.copy(), engine="igraph")
    random.seed(7)
    assert communities(entities.copy(), engine="igraph") == by_leiden
    assert sorted(n for c in by_leiden for n in c) == sorted(entities)
    assert len(by_leiden) > 1 and by_leiden != by_cnm
    assert nx.community.modularity(entities, by_leiden) >= nx.community.modularity(entities, by_cnm)
    assert random.random() == random.Random(7).random()  # the caller's random numbers are left as they were


def test_observations_fold_alike_by_the_grouping_query_and_one_at_a_time(graph, project, entities, monkeypatch):
    """Areas' observation counts come from one grouping query when each observation has one area and one
    indicator; an observation with two areas is counted once, with its least area (as before the query)."""
    from rdflib import Graph

    from kg.analyze import entities as reading
    from kg.facts.namespaces import SDMX_DIMENSION

    yibin, sichuan = str(KGR.yibin), str(KGR.sichuan)
    monkeypatch.setattr(reading, "_one_each", lambda store: False)
    assert dict(entity_graph(graph, project).nodes(data=True)) == dict(entities.nodes(data=True))
    monkeypatch.undo()
    twice = Graph()
    for triple in graph:
        twice.add(triple)
    observation = next(graph.subjects(SDMX_DIMENSION.refArea, KGR.yibin))
    twice.add((observation, SDMX_DIMENSION.refArea, KGR.sichuan))  # "…/sichuan" sorts before "…/yibin"
    moved = entity_graph(twice, project)
    assert moved.nodes[yibin]["observations"] == entities.nodes[yibin]["observations"] - 1
    assert moved.nodes[sichuan]["observations"] == entities.nodes[sichuan]["observations"] + 1
