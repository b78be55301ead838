"""A second real engine: Virtuoso open source, started once for this module from an ini file of its own.

``kg push`` (through Virtuoso's digest-protected Graph Store, credentials from the environment or a
netrc file), ``kg query --endpoint`` and ``kg serve --store URL`` give the answers memory gives, for
every library query; a query past its time limit stops on the server too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from click.testing import CliRunner
from conftest import ONTOLOGY, ROOT
from servers import (
    VIRTUOSO,
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    free_port,
    running,
    virtuoso,
)

from kg.cli import main
from kg.errors import StoreError
from kg.sparql.library import load_library
from kg.sparql.params import with_values
from kg.sparql.parse import parse_query
from kg.sparql.results import format_result
from kg.sparql.run import run_query
from kg.store.graphs import open_graph, with_ontology
from kg.store.remote import server_software

pytestmark = pytest.mark.skipif(not Path(VIRTUOSO).exists(), reason="needs Debian's virtuoso-opensource")

LIBRARY = load_library(ROOT / "queries")
DATA_GRAPH = "https://kg.example.org/graph/data"
CREDENTIALS = {"KG_USER": VIRTUOSO_USER, "KG_PASSWORD": VIRTUOSO_PASSWORD, "NETRC": "/nonexistent"}
NEVER_ENDING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


@pytest.fixture(scope="module")
def endpoint(server, library_graph_file):
    """The query URL naming the graph kg pushed its data to (Virtuoso's default graph is every graph it holds)."""
    url = f"{server}/sparql?{urlencode({'default-graph-uri': DATA_GRAPH})}"
    pushed = CliRunner().invoke(main, ["push", "--endpoint", url, "--gsp", f"{server}/sparql-graph-crud-auth",
                                       "--graph", str(library_graph_file), "--ontology", str(ONTOLOGY)], env=CREDENTIALS)
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output.startswith("Pushed ") and f"(graph <{DATA_GRAPH}>)" in pushed.output
    return url


def _lines(result, graph_result: bool, ordered: bool) -> list[bytes]:
    lines = format_result(result, "nt" if graph_result else "csv").splitlines()
    return lines if ordered and not graph_result else sorted(lines)


@pytest.mark.parametrize("item", LIBRARY, ids=[q.name for q in LIBRARY])
def test_library_query_answers_on_virtuoso_as_in_memory(library_graph, project, endpoint, item):
    graph_result = parse_query(item.text).algebra.name in ("ConstructQuery", "DescribeQuery")
    ordered = "ORDER BY" in item.text.upper()
    memory = _lines(run_query(with_ontology(library_graph, project), item.text, item.params), graph_result, ordered)
    remote = with_ontology(open_graph(None, project, endpoint), project)
    got = _lines(run_query(remote, item.text, item.params), graph_result, ordered)
    assert len(memory) > 1
    assert got == memory


def _cli(*args, env=CREDENTIALS):
    return CliRunner().invoke(main, [*args, "--ontology", str(ONTOLOGY)], env=env)


def test_kg_query_endpoint_answers_as_in_memory(graph_file, endpoint):
    queries = ["--queries", str(ROOT / "queries")]
    remote = _cli("query", "award", "--endpoint", endpoint, "--format", "csv", *queries)
    memory = _cli("query", "award", "--graph", str(graph_file), "--format", "csv", *queries)
    assert remote.exit_code == 0, remote.output
    assert remote.output == memory.output and len(remote.output.splitlines()) == 3


@pytest.fixture(scope="module")
def served(endpoint):
    """``kg serve --store URL`` on Virtuoso, as a subprocess, with a 3 s time limit."""
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", endpoint, "--port", str(port), "--timeout", "3",
               "--ontology", str(ONTOLOGY), "--queries", str(ROOT / "queries")]
    with running(command, port) as url:
        yield url + "/sparql"


def _get(url: str, query: str, accept: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with urlopen(Request(f"{url}?{urlencode({'query': query})}", headers={"Accept": accept}),
                     timeout=timeout) as response:
            return response.status, response.read()
    except HTTPError as exc:
        return exc.code, exc.read()


def test_kg_serve_on_virtuoso_answers_every_library_query_as_memory(library_graph, project, served):
    memory = with_ontology(library_graph, project)
    for item in LIBRARY:
        graph_result = parse_query(item.text).algebra.name in ("ConstructQuery", "DescribeQuery")
        ordered = "ORDER BY" in item.text.upper() and not graph_result
        status, body = _get(served, with_values(item.text, item.params),
                            "application/n-triples" if graph_result else "text/csv")
        assert status == 200, (item.name, body)
        expected = format_result(run_query(memory, item.text, item.params), "nt" if graph_result else "csv")
        got, expected = body.splitlines(), expected.splitlines()
        if not ordered:
            got, expected = sorted(got), sorted(expected)
        if item.name == "year-on-year-growth":  # Virtuoso's integer division, as above: the growth column differs
            got, expected = [r.rsplit(b",", 2)[0] for r in got], [r.rsplit(b",", 2)[0] for r in expected]
        assert got == expected, item.name


def _virtuoso_pid(server: str) -> int:
    """The Virtuoso process listening at ``server`` (found by its ini file's folder in its command line)."""
    port = server.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if proc.name.isdigit() and command[0].endswith(b"virtuoso-t") and \
                f"ServerPort = 127.0.0.1:{port}".encode() in Path(command[-2].decode()).read_bytes():
            return int(proc.name)
    raise AssertionError(f"no Virtuoso process for {server}")


def _cpu_seconds(pid: int) -> float:
    fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


def _assert_idle(server: str) -> None:
    """Virtuoso computes nothing now (under 0.3 s of CPU in 1.5 s) and answers a trivial query at once."""
    pid = _virtuoso_pid(server)
    time.sleep(1)  # its time limit is checked between steps of the query, not to the millisecond
    before = _cpu_seconds(pid)
    time.sleep(1.5)
    assert _cpu_seconds(pid) - before < 0.3
    started = time.monotonic()
    assert _get(f"{server}/sparql", "ASK {}", "application/sparql-results+json")[0] == 200
    assert time.monotonic() - started < 1


def test_a_query_past_kg_serves_limit_stops_on_virtuoso_too(server, served):
    started = time.monotonic()
    status, body = _get(served, NEVER_ENDING, "text/csv")
    assert status == 503 and b"stopped after 3 s" in body
    assert time.monotonic() - started < 8
    _assert_idle(server)  # without the timeout parameter, Virtuoso goes on for its own limit (600 s here)


def test_a_query_past_kg_querys_limit_stops_on_virtuoso_and_its_partial_answer_is_refused(server, project, endpoint):
    store = with_ontology(open_graph(None, project, endpoint, timeout=2), project)
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"stopped the query at its time limit \(2 s\) and sent a partial answer"):
        run_query(store, NEVER_ENDING)
    assert time.monotonic() - started < 8
    _assert_idle(server)
    assert "virtuoso" in server_software(f"{server}/sparql").lower()


def test_push_without_credentials_says_what_to_set_in_one_line(server, graph_file):
    pushed = _cli("push", "--endpoint", f"{server}/sparql?default-graph-uri={DATA_GRAPH}", "--gsp",
                  f"{server}/sparql-graph-crud-auth", "--graph", str(graph_file),
                  env={"KG_USER": None, "KG_PASSWORD": None, "NETRC": "/nonexistent"})
    assert pushed.exit_code == 1
    assert len(pushed.output.splitlines()) == 1
    assert "the server answered 401 Unauthorized (check $KG_USER/$KG_PASSWORD or ~/.netrc)" in pushed.output


def test_a_wrong_password_is_refused_and_never_printed(server, graph_file):
    wrong = "Not-The-Pw-91f3"
    pushed = _cli("push", "--endpoint", f"{server}/sparql?default-graph-uri={DATA_GRAPH}", "--gsp",
                  f"{server}/sparql-graph-crud-auth", "--graph", str(graph_file),
                  env={"KG_USER": VIRTUOSO_USER, "KG_PASSWORD": wrong})
    assert pushed.exit_code == 1 and " 401 " in pushed.output
    assert wrong not in pushed.output
    for command in ("push", "query", "serve"):
        helped = _cli(command, "--help", env={"KG_PASSWORD": VIRTUOSO_PASSWORD})
        assert VIRTUOSO_PASSWORD not in helped.output and "--password" not in helped.output


def test_credentials_from_a_netrc_file(server, graph_file, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {VIRTUOSO_USER} password {VIRTUOSO_PASSWORD}\n")
    netrc.chmod(0o600)
    named = "https://kg.example.org/graph/from-netrc"
    pushed = _cli("push", "--endpoint", f"{server}/sparql", "--gsp", f"{server}/sparql-graph-crud-auth",
                  "--named-graph", named, "--graph", str(graph_file), "--no-ontology",
                  env={"KG_USER": None, "KG_PASSWORD": None, "NETRC": str(netrc)})
    assert pushed.exit_code == 0, pushed.output
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{named}> {{ ?s a kgo:City }} }}"
    asked = _cli("query", "-e", count, "--endpoint", f"{server}/sparql", "--format", "csv")
    assert asked.output.splitlines() == ["n", "1"]
    _cli("push", "--endpoint", f"{server}/sparql?default-graph-uri={DATA_GRAPH}", "--gsp",  # back as it was
         f"{server}/sparql-graph-crud-auth", "--graph", str(graph_file))


def test_credentials_in_the_url_are_refused_and_not_echoed(graph_file):
    pushed = _cli("query", "-e", "ASK {}", "--endpoint", f"http://kgtest:{VIRTUOSO_PASSWORD}@127.0.0.1:1/sparql")
    assert pushed.exit_code == 1
    assert VIRTUOSO_PASSWORD not in pushed.output
    assert "the endpoint URL holds a user name or password" in pushed.output
