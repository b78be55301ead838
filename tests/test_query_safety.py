"""kg query reads the graph and nothing else, unless told: SERVICE, FROM and updates, against a real server."""

from __future__ import annotations

import http.server
import threading

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY, ROOT

from kg.cli import main


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self._answer()

    def do_POST(self):  # noqa: N802
        self._answer()

    def _answer(self):
        type(self).requests.append(self.path)
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    """A SPARQL endpoint on 127.0.0.1 that records every request it gets; stopped after the test."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def query(*args: str):
    return CliRunner().invoke(main, ["query", "--data", str(DATA), "--ontology", str(ONTOLOGY),
                                     "--queries", str(ROOT / "queries"), *args])


def test_service_is_refused_and_nothing_is_sent(endpoint):
    result = query("-e", f"SELECT * {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}", "--format", "csv")
    assert result.exit_code == 1
    assert result.output.strip() == ("kg: error: query: SERVICE refused: it would fetch a URL or a file; "
                                     "pass --allow-fetch to let it")
    assert _Recorder.requests == []


def test_service_with_allow_fetch_reaches_the_endpoint(endpoint, tmp_path):
    graph = tmp_path / "g.nt"
    graph.write_text("<https://kg.example.org/id/a> <https://kg.example.org/id/p> <https://kg.example.org/id/b> .\n")
    result = CliRunner().invoke(main, ["query", "--graph", str(graph), "--no-ontology", "--allow-fetch", "-e",
                                       f"SELECT * {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(_Recorder.requests) == 1


def test_from_a_local_file_is_refused_unless_allowed(tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<https://kg.example.org/id/x> <https://kg.example.org/id/says> "the secret" .\n')
    text = f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s <https://kg.example.org/id/says> ?o }}"
    refused = query("-e", text, "--format", "csv")
    assert refused.exit_code == 1
    assert refused.output.strip() == ("kg: error: query: FROM and FROM NAMED refused: it would fetch a URL or a file; "
                                      "pass --allow-fetch to let it")
    # rdflib reads what FROM names (an Oxigraph store, the default, takes FROM as a graph of its own and reads no file).
    allowed = query("-e", text, "--format", "csv", "--allow-fetch", "--store", "memory")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.output.splitlines() == ["o", "the secret"]


@pytest.mark.parametrize("update", [
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT DATA { <https://kg.example.org/id/a> <https://kg.example.org/id/b> 1 }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
])
def test_updates_are_not_supported(update):
    result = query("-e", update)
    assert result.exit_code == 1
    assert result.output.strip() == "kg: error: query: updates are not supported: kg only reads the graph (build it from data/)"
