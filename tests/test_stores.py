"""The same answers on every store: memory, an embedded Oxigraph store and a remote Oxigraph server."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pyoxigraph
import pytest
from click.testing import CliRunner
from conftest import ONTOLOGY, ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from servers import free_port, running

from kg.cli import main
from kg.errors import StoreError
from kg.sparql.library import load_library
from kg.sparql.parse import parse_query
from kg.sparql.results import format_result
from kg.sparql.run import run_query
from kg.store.graphs import load_store, open_graph, with_ontology
from kg.store.spec import StoreSpec, parse_store, resolve_store

LIBRARY = load_library(ROOT / "queries")
YIBIN = URIRef("https://kg.example.org/id/yibin")
_NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.float}


@pytest.fixture(scope="module")
def oxigraph_dir(library_graph, project, tmp_path_factory):
    path = tmp_path_factory.mktemp("stores") / "oxigraph"
    load_store(library_graph, StoreSpec("oxigraph", str(path)), project)
    return path


def _oxigraph_binary() -> str:
    return shutil.which("oxigraph") or str(ROOT / ".venv" / "bin" / "oxigraph")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server (the PyPI package's binary) on a free loopback port."""
    port = free_port()
    location = tmp_path_factory.mktemp("server")
    with running([_oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"], port) as url:
        yield url


@pytest.fixture(scope="module")
def remote(library_graph, project, oxigraph_server):
    spec = parse_store(oxigraph_server)
    load_store(library_graph, spec, project)
    return spec


@pytest.fixture(scope="module")
def stores(library_graph, project, oxigraph_dir, remote):
    return {
        "memory": with_ontology(library_graph, project),
        "oxigraph": with_ontology(open_graph(None, project, f"oxigraph:{oxigraph_dir}"), project),
        "remote": with_ontology(open_graph(None, project, remote), project),
    }


def _normal(term):
    # Numbers compare by value (for graphs from elsewhere; stores' own answers must match byte for byte).
    if isinstance(term, Literal) and term.datatype in _NUMBERS:
        return ("number", Decimal(str(term.toPython())))
    return term


@pytest.mark.parametrize("item", LIBRARY, ids=[q.name for q in LIBRARY])
def test_library_query_gives_the_same_bytes_on_every_store(stores, item):
    graph_result = parse_query(item.text).algebra.name in ("ConstructQuery", "DescribeQuery")
    fmt = "nt" if graph_result else "csv"
    answers = {name: format_result(run_query(g, item.text, item.params, name=item.name), fmt).splitlines()
               for name, g in stores.items()}
    if graph_result or "ORDER BY" not in item.text.upper():
        answers = {name: sorted(lines) for name, lines in answers.items()}
    expected = answers.pop("memory")
    assert len(expected) > 1, f"{item.name} answers nothing in memory"
    for name, got in answers.items():
        assert got == expected, name


def test_graph_patterns_see_the_ontology_graph_on_every_store(stores):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    answers = {name: format_result(run_query(g, query), "csv") for name, g in stores.items()}
    assert answers["memory"].decode().splitlines()[1].startswith("https://kg.example.org/graph/ontology,")
    assert answers["oxigraph"] == answers["memory"] and answers["remote"] == answers["memory"]


def test_graph_pattern_on_a_graph_without_named_graphs_is_a_query_error(graph_file):
    result = CliRunner().invoke(main, ["query", "-e", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
                                       "--graph", str(graph_file), "--no-ontology", "--format", "csv"])
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: query: cannot evaluate: ")
    assert len(result.output.splitlines()) == 1


def test_parameters_reach_every_store_as_terms_and_text_stays_a_literal(stores):
    query = "SELECT ?place WHERE { ?place rdfs:label ?name }"
    for name, g in stores.items():
        assert [row[0] for row in run_query(g, query, {"name": Literal("Yibin", lang="en")})] == [YIBIN], name
        hostile = Literal('Yibin"@en } ?place ?p ?o . { ?place ?q "x')
        assert list(run_query(g, query, {"name": hostile})) == [], name


def test_parameter_in_a_filter_is_bound_on_every_store(stores):
    query = "SELECT ?obs WHERE { ?obs kgo:year ?y FILTER(?y = ?year) }"
    counts = {name: len(list(run_query(g, query, {"year": Literal(2019)}))) for name, g in stores.items()}
    assert counts["memory"] > 0 and set(counts.values()) == {counts["memory"]}


def test_store_data_without_the_ontology_equals_the_built_graph(library_graph, project, oxigraph_dir):
    data = open_graph(None, project, f"oxigraph:{oxigraph_dir}")
    assert len(data) == len(library_graph)
    normal = lambda g: {tuple(_normal(t) for t in triple) for triple in g}  # noqa: E731
    assert normal(data) == normal(library_graph)


def test_store_setting_precedence_flag_env_pyproject_embedded(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.kg]\nstore = "oxigraph:from-pyproject"\n')
    env = {"KG_STORE": "oxigraph:from-env"}
    assert resolve_store("oxigraph:from-flag", env, pyproject).location == "from-flag"
    assert resolve_store(None, env, pyproject).location == "from-env"
    assert resolve_store(None, {}, pyproject).location == "from-pyproject"
    assert resolve_store(None, {}, tmp_path / "none.toml") == StoreSpec("embedded")
    with pytest.raises(StoreError, match="unknown store 'sqlite:x'"):
        resolve_store(None, {"KG_STORE": "sqlite:x"}, pyproject)


def test_folder_that_is_not_a_store_is_refused_and_left_alone(graph, project, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match="not empty and not an Oxigraph store"):
        load_store(graph, StoreSpec("oxigraph", str(folder)), project)
    with pytest.raises(StoreError, match="is not an Oxigraph store"):
        open_graph(None, project, f"oxigraph:{folder}")
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_locked_store_gives_one_clear_line(graph, project, tmp_path):
    path = tmp_path / "locked"
    load_store(graph, StoreSpec("oxigraph", str(path)), project)
    holder = pyoxigraph.Store(str(path))  # a writer holding the lock
    try:
        result = CliRunner().invoke(main, ["build", "--data", str(ROOT / "data"), "--ontology", str(ONTOLOGY),
                                           "--out", str(tmp_path / "out"), "--store", f"oxigraph:{path}"])
    finally:
        del holder
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"kg: error: {path}: the Oxigraph store is locked by another process "
        "(a running 'kg build' or 'oxigraph serve'?); stop it and try again")


def test_failed_load_leaves_the_old_store_as_it_was(graph, project, tmp_path):
    path = tmp_path / "db"
    load_store(graph, StoreSpec("oxigraph", str(path)), project)
    broken = Graph()
    broken.add((URIRef("relative-iri"), URIRef("https://kg.example.org/p"), Literal(1)))
    with pytest.raises(StoreError, match="cannot load the graph into the Oxigraph store"):
        load_store(broken, StoreSpec("oxigraph", str(path)), project)
    assert len(open_graph(None, project, f"oxigraph:{path}")) == len(graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db"]


def test_cli_build_into_oxigraph_then_query_it(tmp_path):
    store = f"oxigraph:{tmp_path / 'db'}"
    common = ["--data", str(ROOT / "data"), "--ontology", str(ONTOLOGY)]
    built = CliRunner().invoke(main, ["build", *common, "--out", str(tmp_path / "out"), "--store", store])
    assert built.exit_code == 0, built.output
    assert f"into {store}" in built.output
    asked = CliRunner().invoke(main, ["query", "company-arrival-2019", "--store", store, "--format", "csv",
                                      "--queries", str(ROOT / "queries"), *common])
    assert asked.exit_code == 0, asked.output
    assert asked.output.splitlines()[1] == "CATL,Introduction of CATL to Yibin (2019),2019"


def test_cli_push_then_query_the_endpoint(graph_file, tmp_path):
    port = free_port()
    with running([_oxigraph_binary(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                 port) as oxigraph_server:
        _push_then_query(graph_file, oxigraph_server)


def _push_then_query(graph_file, oxigraph_server):
    common = ["--ontology", str(ONTOLOGY)]
    pushed = CliRunner().invoke(main, ["push", "--endpoint", oxigraph_server, "--graph", str(graph_file),
                                       "--named-graph", "https://kg.example.org/graph/test", *common])
    assert pushed.exit_code == 0, pushed.output
    assert "graph <https://kg.example.org/graph/test>" in pushed.output
    count = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://kg.example.org/graph/test> "
             "{ ?s a kgo:City } }")
    asked = CliRunner().invoke(main, ["query", "-e", count, "--endpoint", f"{oxigraph_server}/query",
                                      "--format", "csv", *common])
    assert asked.exit_code == 0, asked.output
    assert asked.output.splitlines() == ["n", "1"]


def test_pushing_twice_keeps_one_copy_of_the_data(graph_file, tmp_path):
    """The README's sequence: push to the default graph, push again to a named graph, query: the answers of one copy."""
    port = free_port()
    common = ["--ontology", str(ONTOLOGY)]
    with running([_oxigraph_binary(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                 port) as server:
        for extra in ([], ["--named-graph", "https://kg.example.org/graph/asserted"]):
            pushed = CliRunner().invoke(main, ["push", "--endpoint", server, "--graph", str(graph_file), *extra, *common])
            assert pushed.exit_code == 0, pushed.output
        award = CliRunner().invoke(main, ["query", "award", "--endpoint", f"{server}/query", "--format", "csv",
                                          "--queries", str(ROOT / "queries"), *common])
        assert award.exit_code == 0, award.output
        assert len(award.output.splitlines()) == 3  # a header and the two awarding bodies
        count = "SELECT (COUNT(DISTINCT ?i) AS ?n) (COUNT(?i) AS ?rows) WHERE { ?i a kgo:Indicator }"
        counted = CliRunner().invoke(main, ["query", "-e", count, "--endpoint", f"{server}/query", "--format", "csv",
                                            *common])
        assert counted.output.splitlines() == ["n,rows", "27,27"]
        # and back to the default graph: the named graph is emptied, still one copy
        CliRunner().invoke(main, ["push", "--endpoint", server, "--graph", str(graph_file), *common])
        counted = CliRunner().invoke(main, ["query", "-e", count, "--endpoint", f"{server}/query", "--format", "csv",
                                            *common])
        assert counted.output.splitlines() == ["n,rows", "27,27"]


def _export(tmp_path, *source):
    out = tmp_path / f"kg-{len(list(tmp_path.iterdir()))}.nt"
    exported = CliRunner().invoke(main, ["export", "--out", str(out), "--asserted-only", *source,
                                         "--data", str(ROOT / "data"), "--ontology", str(ONTOLOGY)])
    assert exported.exit_code == 0, exported.output
    return out.read_bytes()


def test_validate_and_export_read_an_oxigraph_store(library_graph, library_graph_file, oxigraph_dir, tmp_path):
    store = f"oxigraph:{oxigraph_dir}"
    checked = CliRunner().invoke(main, ["validate", "--store", store, "--ontology", str(ONTOLOGY)])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("Conforms")
    exported = _export(tmp_path, "--store", store)
    assert len(exported.splitlines()) == len(library_graph)
    assert exported == _export(tmp_path, "--graph", str(library_graph_file))  # decimals spelled alike, byte for byte


def test_export_from_a_remote_store_is_the_data_alone_as_in_memory(library_graph, library_graph_file, remote,
                                                                   tmp_path):
    exported = _export(tmp_path, "--store", remote.location)
    assert len(exported.splitlines()) == len(library_graph)
    from_memory = _export(tmp_path, "--graph", str(library_graph_file))
    assert isomorphic(Graph().parse(data=exported, format="nt"), Graph().parse(data=from_memory, format="nt"))
    assert exported == from_memory


def test_build_refuses_a_store_locked_by_oxigraph_serve_and_writes_nothing(tmp_path):
    location, out = tmp_path / "db", tmp_path / "out"
    port = free_port()
    with running([_oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"], port):
        result = CliRunner().invoke(main, ["build", "--data", str(ROOT / "data"), "--ontology", str(ONTOLOGY),
                                           "--out", str(out), "--store", f"oxigraph:{location}"])
    assert result.exit_code == 1
    assert result.output == (f"kg: error: {location}: the Oxigraph store is locked by another process "
                             "(a running 'kg build' or 'oxigraph serve'?); stop it and try again\n")
    assert not out.exists()


def test_unreachable_endpoint_gives_one_clear_line():
    port = free_port()
    result = CliRunner().invoke(main, ["query", "-e", "ASK {}", "--endpoint", f"http://127.0.0.1:{port}/query"])
    assert result.exit_code == 1
    assert result.output == (f"kg: error: http://127.0.0.1:{port}/query: cannot reach the SPARQL endpoint: "
                             "[Errno 111] Connection refused\n")


def test_push_of_a_large_graph_streams_one_request_and_the_server_counts_every_triple(tmp_path):
    """50,000 triples in one PUT whose N-Triples are made batch by batch as they are sent (the body is
    an iterable of chunks with its length said first, never one bytes object), counted back by the server."""
    from rdflib import Namespace

    from kg.store.remote import NTriplesBody, push_graph

    ex = Namespace("https://kg.example.org/test/")
    big = Graph()
    for i in range(50_000):
        big.add((ex[f"s{i % 997}"], ex[f"p{i % 13}"], Literal(f"value {i} \"quoted\"\nline")))
    body = NTriplesBody(big)
    chunks = list(body)
    assert len(chunks) == 10 and sum(len(c) for c in chunks) == len(body)
    port = free_port()
    with running([_oxigraph_binary(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                 port) as server:
        push_graph(f"{server}/store", big, "https://kg.example.org/graph/big")
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://kg.example.org/graph/big> { ?s ?p ?o } }"
        asked = CliRunner().invoke(main, ["query", "-e", count, "--endpoint", f"{server}/query", "--format", "csv",
                                          "--ontology", str(ONTOLOGY)])
        assert asked.output.splitlines() == ["n", "50000"]
