"""kg serve over real HTTP: the SPARQL 1.1 Protocol, read-only, limits, concurrency; the app in-process."""

from __future__ import annotations

import csv
import io
import json
import sys
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from conftest import ONTOLOGY, ROOT
from rdflib import Graph, URIRef
from rdflib.namespace import Namespace
from servers import free_port, running
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper
from starlette.testclient import TestClient

from kg.project import ProjectPaths
from kg.serve.app import ServeSettings, create_app
from kg.serve.query_page import query_page
from kg.store.graphs import with_ontology

RESULTS = "{http://www.w3.org/2005/sparql-results#}"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
KGR = "https://kg.example.org/id/"
CITIES = "SELECT ?city ?label WHERE { ?city a kgo:City ; rdfs:label ?label }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_ROWS = 500


@pytest.fixture(scope="module")
def served(graph, graph_file):
    """``kg serve`` as a subprocess on a free loopback port; the served graph is the data with the ontology."""
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph_file), "--port", str(port),
               "--timeout", "3", "--max-rows", str(MAX_ROWS), "--workers", "2", "--ontology", str(ONTOLOGY)]
    with running(command, port) as url:
        yield url + "/sparql"


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body) of a request, error statuses included."""
    try:
        with urlopen(Request(url, data=data, headers=headers or {}, method=method), timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def get(endpoint: str, query: str, accept: str = "", **params):
    return fetch(f"{endpoint}?{urlencode({'query': query, **params})}", headers={"Accept": accept} if accept else {})


def total_triples(endpoint: str) -> int:
    status, _, body = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_select_in_each_results_format_parses_with_its_standard_parser(served):
    status, kind, body = get(served, CITIES, "application/sparql-results+json")
    assert (status, kind) == (200, "application/sparql-results+json")
    bindings = json.loads(body)["results"]["bindings"]
    assert [(b["city"]["value"], b["label"]["value"]) for b in bindings] == [(KGR + "yibin", "Yibin")]

    status, kind, body = get(served, CITIES, "application/sparql-results+xml")
    assert kind == "application/sparql-results+xml"
    uris = [e.text for e in ET.fromstring(body).iter(f"{RESULTS}uri")]
    assert uris == [KGR + "yibin"]

    status, kind, body = get(served, CITIES, "text/csv")
    assert kind == "text/csv"
    assert list(csv.reader(io.StringIO(body.decode()))) == [["city", "label"], [KGR + "yibin", "Yibin"]]

    status, kind, body = get(served, CITIES, "text/tab-separated-values")
    assert kind == "text/tab-separated-values"
    assert body.decode().splitlines() == ["?city\t?label", f"<{KGR}yibin>\t\"Yibin\"@en"]


@pytest.mark.parametrize("accept, rdf_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                ("application/ld+json", "json-ld")])
def test_construct_in_each_rdf_format_parses_with_rdflib(served, accept, rdf_format):
    query = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a kgo:City ; rdfs:label ?l }"
    status, kind, body = get(served, query, accept)
    assert (status, kind) == (200, accept)
    parsed = Graph().parse(data=body, format=rdf_format)
    assert [(str(s), str(o)) for s, _, o in parsed] == [(KGR + "yibin", "Yibin")]


def test_post_form_and_sparql_query_body_answer_alike(served):
    form = fetch(served, urlencode({"query": CITIES}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    direct = fetch(served, CITIES.encode(), {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert form == direct
    assert form[2].decode().splitlines()[1] == f"{KGR}yibin,Yibin"


def test_sparqlwrapper_client_gets_select_ask_and_construct_answers(served):
    client = SPARQLWrapper(served)
    client.setQuery("SELECT ?date WHERE { ?award kgo:recipient kgr:yibin ; schema:startDate ?date }")
    client.setReturnFormat(JSON)
    dates = {b["date"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}
    assert dates == {"2023-06-09"}
    client.setQuery("ASK { kgr:catl a kgo:Company }")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("CONSTRUCT { kgr:catl rdfs:label ?l } WHERE { kgr:catl rdfs:label ?l }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert {str(o) for o in graph.objects()} == {"CATL"}
    client.setQuery(CITIES)
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().splitlines()[1] == f"{KGR}yibin,Yibin"


def test_service_description_on_get_without_query(served, graph):
    status, kind, body = fetch(served)
    assert (status, kind) == (200, "text/turtle")
    sd = Graph().parse(data=body, format="turtle")
    service = URIRef(served)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in sd
    assert (service, SD.endpoint, service) in sd
    assert next(sd.objects(None, VOID.triples)).toPython() == len(with_ontology(graph, ProjectPaths(ontology_path=ONTOLOGY)))


@pytest.mark.parametrize("data, headers", [
    (urlencode({"update": "INSERT DATA { kgr:x a kgo:City }"}), "application/x-www-form-urlencoded"),
    ("INSERT DATA { <https://kg.example.org/id/x> a <https://kg.example.org/ontology#City> }",
     "application/sparql-update"),
    ("PREFIX kgr: <https://kg.example.org/id/> DELETE WHERE { kgr:yibin ?p ?o }", "application/sparql-query"),
    ("LOAD <http://example.org/data.ttl>", "application/sparql-query"),
])
def test_updates_are_refused_and_change_nothing(served, data, headers):
    before = total_triples(served)
    status, _, body = fetch(served, data.encode(), {"Content-Type": headers})
    assert status == 403
    assert b"read-only" in body
    assert total_triples(served) == before


@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", b"SERVICE is refused"),
    ("SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/q> { ?s ?p ?o } } }", b"SERVICE is refused"),
    ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }", b"FROM and FROM NAMED are refused"),
])
def test_queries_that_would_fetch_a_url_are_refused(served, query, message):
    status, _, body = get(served, query)
    assert status == 403
    assert body.startswith(message)


def test_malformed_query_gets_400_with_line_and_column(served):
    status, _, body = get(served, "SELECT ?c WHERE {\n  ?c a kgo:City .\n  FILTER(?c = )\n}")
    assert status == 400
    assert body.decode().startswith("query: syntax error at line 3, column 15: unexpected \")\"")


def test_dataset_parameters_are_refused_clearly(served):
    status, _, body = get(served, CITIES, **{"default-graph-uri": "https://kg.example.org/graph/asserted"})
    assert status == 400
    assert b"default-graph-uri and named-graph-uri are not supported" in body


def test_unacceptable_format_gets_406(served):
    status, _, body = get(served, CITIES, "image/png")
    assert status == 406
    assert b"application/sparql-results+json" in body


def test_too_many_rows_gets_a_clear_400(served):
    status, _, body = get(served, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400
    assert body.decode().startswith(f"the answer has more than {MAX_ROWS} rows")
    status, _, body = get(served, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", "text/csv")
    assert status == 200 and len(body.decode().splitlines()) == MAX_ROWS + 1


def test_slow_query_is_stopped_while_a_simple_one_still_answers(served):
    slow: dict = {}

    def run_slow():
        started = time.monotonic()
        slow["answer"] = get(served, SLOW)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    status, _, body = get(served, CITIES, "text/csv")
    quick = time.monotonic() - started
    thread.join()
    assert (status, body.decode().splitlines()[1]) == (200, f"{KGR}yibin,Yibin")
    assert quick < 3, "the simple query waited for the slow one"
    status, _, body = slow["answer"]
    assert status == 503
    assert body.startswith(b"the query was stopped after 3 s")
    assert 3 <= slow["seconds"] < 15
    answer = get(served, "ASK { kgr:yibin a kgo:City }", "application/sparql-results+json")[2]
    assert json.loads(answer) == {"head": {}, "boolean": True}


def test_eight_threads_sending_200_queries_all_get_correct_answers(served, graph):
    # Each entity's label, asked as a parameterless query text per entity.
    entities = sorted({str(s) for s, o in graph.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
                       if str(s).startswith(KGR) and "/" not in str(s)[len(KGR):]})
    expected = {e: str(graph.value(URIRef(e), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for e in entities}
    jobs = [entities[i % len(entities)] for i in range(200)]

    def ask(entity: str):
        status, _, body = get(served, f"SELECT ?l WHERE {{ <{entity}> rdfs:label ?l }}",
                              "application/sparql-results+json")
        return entity, status, [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, jobs))
    assert len(answers) == 200
    assert all(status == 200 and labels == [expected[e]] for e, status, labels in answers)


def test_port_in_use_gives_one_clear_line(tmp_path):
    import socket
    import subprocess

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--graph", str(tmp_path / "none.ttl"),
                                 "--port", str(port)], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1
        assert "graph file not found" in result.stderr  # the graph is checked first
        (tmp_path / "g.ttl").write_text("<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n")
        result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--graph", str(tmp_path / "g.ttl"),
                                 "--port", str(port), "--ontology", str(ONTOLOGY)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"kg: error: port {port} on 127.0.0.1 is in use; stop what uses it "
                             "or choose another with --port\n")


# -- in process ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_graph():
    return Graph().parse(data='<https://e.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .', format="nt")


def test_cors_is_off_unless_an_origin_is_given(small_graph):
    origin = {"Origin": "https://yasgui.example"}
    with TestClient(create_app(small_graph, ServeSettings(workers=1)), base_url="http://localhost") as client:
        response = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
        assert response.status_code == 200
        assert "access-control-allow-origin" not in response.headers
    with TestClient(create_app(small_graph, ServeSettings(workers=1, cors="https://yasgui.example")), base_url="http://localhost") as client:
        response = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
        assert response.headers["access-control-allow-origin"] == "https://yasgui.example"
        assert response.json() == {"head": {}, "boolean": True}


def test_query_page_escapes_library_text_and_downloads_by_format(tmp_path):
    (tmp_path / "award.rq").write_text('# Who won? </script><script>alert(1)</script>\nSELECT ?x WHERE { ?x ?p "<b>" }\n')
    page = query_page(tmp_path).decode()
    assert "<script>alert(1)" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # the question, shown as text
    assert "SELECT ?x WHERE { ?x ?p &quot;&lt;b&gt;&quot; }" in page  # the starter query in the textarea
    assert "/sparql?format=" in page and "https://" not in page  # downloads from the endpoint; no CDN


def test_query_page_and_download_links_work_in_process(small_graph):
    with TestClient(create_app(small_graph, ServeSettings(workers=1, queries_dir=ROOT / "queries")), base_url="http://localhost") as client:
        page = client.get("/")
        assert page.status_code == 200 and "Who awarded Yibin" in page.text
        csv_answer = client.get("/sparql", params={"query": "SELECT ?l WHERE { ?s rdfs:label ?l }", "format": "csv"})
        assert csv_answer.text.splitlines() == ["l", "A"]
        assert client.get("/graph").status_code == 404  # no graph page given


def test_graph_page_is_kg_viz_offline_page(served):
    status, kind, body = fetch(served.removesuffix("/sparql") + "/graph")
    assert (status, kind) == (200, "text/html")
    page = body.decode()
    assert "Yibin" in page and "vis-network" in page.lower()
    assert "<script src=" not in page  # offline: scripts inline


# -- review fixes: stores, GRAPH, formats, the query page ------------------------------------------


def test_graph_patterns_see_the_ontology_graph_as_on_oxigraph(served):
    status, _, body = get(served, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")
    assert status == 200
    assert body.decode().splitlines() == ["g", "https://kg.example.org/graph/ontology"]
    status, _, body = get(served, "ASK { GRAPH ?g { kgr:yibin ?p ?o } }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False  # the data is in the default graph only


def test_sparqlwrapper_default_format_on_construct_gets_rdf_xml(served):
    client = SPARQLWrapper(served)  # its default return format, XML
    client.setQuery("CONSTRUCT { kgr:catl rdfs:label ?l } WHERE { kgr:catl rdfs:label ?l }")
    graph = client.queryAndConvert()
    assert {str(o) for o in graph.objects(URIRef(KGR + "catl"))} == {"CATL"}


def test_unsatisfiable_format_gets_406(served):
    status, _, body = get(served, "CONSTRUCT WHERE { kgr:catl rdfs:label ?l }", format="csv")
    assert status == 406
    assert b"application/rdf+xml" in body


def test_an_unexpected_failure_in_a_worker_is_one_line_500(served):
    # rdflib's RDF/XML writer cannot write a predicate IRI ending in "/": a bug-shaped failure, not the client's.
    query = "CONSTRUCT { kgr:catl <http://example.org/> ?l } WHERE { kgr:catl rdfs:label ?l }"
    status, kind, body = get(served, query, "application/rdf+xml")
    assert (status, kind) == (500, "text/plain")
    assert body.decode() == "the query failed: ValueError: Can't split 'http://example.org/'\n"
    assert get(served, "ASK { kgr:yibin a kgo:City }", "application/sparql-results+json")[0] == 200


def test_unreachable_remote_store_fails_at_start_with_one_line():
    import subprocess

    endpoint = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", endpoint, "--port", str(free_port()),
                             "--ontology", str(ONTOLOGY)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"kg: error: {endpoint}/query: cannot reach the SPARQL endpoint: "
                             "[Errno 111] Connection refused\n")


@pytest.fixture(scope="module")
def served_oxigraph(graph, project, tmp_path_factory):
    """``kg serve`` on an oxigraph:DIR store, with a 2 s time limit."""
    from kg.store.graphs import load_store
    from kg.store.spec import StoreSpec

    location = tmp_path_factory.mktemp("serve-oxigraph") / "db"
    load_store(graph, StoreSpec("oxigraph", str(location)), project)
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", f"oxigraph:{location}", "--port", str(port),
               "--timeout", "2", "--workers", "1", "--ontology", str(ONTOLOGY)]
    with running(command, port) as url:
        yield url + "/sparql"


def test_slow_query_on_an_oxigraph_store_is_stopped_on_time(served_oxigraph):
    started = time.monotonic()
    status, _, body = get(served_oxigraph, SLOW)
    seconds = time.monotonic() - started
    assert status == 503 and body.startswith(b"the query was stopped after 2 s")
    assert 2 <= seconds < 3.5, f"stopped after {seconds:.1f} s"
    status, _, body = get(served_oxigraph, CITIES, "text/csv")
    assert (status, body.decode().splitlines()[1]) == (200, f"{KGR}yibin,Yibin")


def test_a_construct_past_the_row_cap_stops_at_the_cap_on_an_oxigraph_store(served_oxigraph):
    """Ten million triples (every triple's subject with every other's object): built whole, the answer would
    pass the 2 s limit (503); Oxigraph gives them one by one and kg stops at the 10,000th and first (400)."""
    status, _, body = get(served_oxigraph, "CONSTRUCT { ?a ?p ?y } WHERE { ?a ?p ?x . ?b ?q ?y }", "text/turtle")
    assert (status, body) == (400, b"the answer has more than 10000 rows, the server's limit (--max-rows); "
                                   b"add a LIMIT or narrow the query\n")
    status, _, body = get(served_oxigraph, "CONSTRUCT { ?c a kgo:City } WHERE { ?c a kgo:City }", "text/turtle")
    assert status == 200 and b"kgr:yibin" in body


def test_each_library_query_on_the_page_answers_as_kg_query(library_graph, library_graph_file):
    from click.testing import CliRunner

    from kg.cli import main
    from kg.sparql.library import load_library
    from kg.sparql.parse import parse_query

    graph, graph_file = library_graph, library_graph_file
    full = with_ontology(graph, ProjectPaths(ontology_path=ONTOLOGY))
    settings = ServeSettings(workers=1, queries_dir=ROOT / "queries", ontology_path=ONTOLOGY)
    with TestClient(create_app(full, settings), base_url="http://localhost") as client:
        page = client.get("/").text
        data = page.split('<script type="application/json" id="queries">', 1)[1].split("</script>", 1)[0]
        texts = {q["name"]: q["text"] for q in json.loads(data)}
        library = load_library(ROOT / "queries")
        assert sorted(texts) == [q.name for q in library]
        for item in library:
            fmt = "nt" if parse_query(item.text).algebra.name in ("ConstructQuery", "DescribeQuery") else "csv"
            on_page = client.post("/sparql", content=texts[item.name].encode(), params={"format": fmt},
                                  headers={"Content-Type": "application/sparql-query"})
            assert on_page.status_code == 200, (item.name, on_page.text)
            cli = CliRunner().invoke(main, ["query", item.name, "--graph", str(graph_file), "--format", fmt,
                                            "--queries", str(ROOT / "queries"), "--ontology", str(ONTOLOGY)])
            assert cli.exit_code == 0, cli.output
            expected, got = cli.output.encode().splitlines(), on_page.content.splitlines()
            if fmt == "nt" or "ORDER BY" not in item.text.upper():
                expected, got = sorted(expected), sorted(got)
            assert got == expected, item.name
            assert len(expected) > 1, f"{item.name} answers nothing"


def test_an_empty_query_gets_400_not_403(served):
    for query in ("", "   "):
        status, _, body = get(served, query)
        assert (status, body) == (400, b"the query is empty\n")


def test_n3_is_answered_as_turtle(served):
    construct = "CONSTRUCT { ?c a kgo:City } WHERE { ?c a kgo:City }"
    for answer in (get(served, construct, format="n3"), get(served, construct, "text/n3")):
        status, kind, body = answer
        assert (status, kind) == (200, "text/turtle")
        assert set(Graph().parse(data=body, format="turtle").subjects()) == {URIRef(KGR + "yibin")}


def test_a_format_refused_with_q_0_is_not_sent(served):
    assert get(served, CITIES, "application/sparql-results+json;q=0")[0] == 406
    status, kind, _ = get(served, CITIES, "application/sparql-results+json;q=0, */*")
    assert (status, kind) == (200, "application/sparql-results+xml")


@pytest.mark.parametrize("query, reason", [
    ("SELECT ?s ?p { ?s ?p ?o } GROUP BY ?s", "the SELECT contains a variable that is unbound"),
    ("SELECT (1 AS ?x) (2 AS ?x) {}", "duplicated variable name in SELECT"),
])
def test_invalid_sparql_that_rdflib_would_run_is_refused_as_oxigraph_refuses_it(served, query, reason):
    status, _, body = get(served, query)
    assert status == 400
    assert body.decode().strip().endswith(reason)


NEVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def busy_server(graph_file):
    """kg serve with two workers, a queue of one and a long time limit, on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph_file), "--port", str(port),
               "--timeout", "120", "--workers", "2", "--queue", "1", "--ontology", str(ONTOLOGY)]
    with running(command, port) as url:
        yield url + "/sparql"


def _hang_up_after(endpoint: str, query: str, seconds: float) -> None:
    try:
        urlopen(f"{endpoint}?{urlencode({'query': query})}", timeout=seconds).read()
    except OSError:
        pass  # the client gives up, as a browser tab closed


def test_queries_whose_clients_hang_up_are_stopped(busy_server):
    """Six never-ending queries whose clients leave after 1 s hold no worker: ASK {} is answered at once."""
    with ThreadPoolExecutor(6) as clients:
        list(clients.map(lambda _: _hang_up_after(busy_server, NEVER, 1), range(6)))
    time.sleep(1)  # the server notices the hang-ups within its poll (0.25 s) and stops those workers
    started = time.monotonic()
    status, _, body = get(busy_server, "ASK {}", "application/sparql-results+json")
    assert (status, json.loads(body)["boolean"]) == (200, True)
    assert time.monotonic() - started < 10


def test_a_full_queue_gets_503_with_retry_after_at_once(busy_server):
    """Two workers busy and one query waiting: the next is told to come back, within a second."""
    def occupy():  # they hang up after 4 s, so their queries stop before the server does
        try:
            urlopen(f"{busy_server}?{urlencode({'query': NEVER})}", timeout=4).read()
        except OSError:
            pass

    occupiers = [threading.Thread(target=occupy, daemon=True) for _ in range(3)]  # two running, one waiting
    for thread in occupiers:
        thread.start()
    time.sleep(2)
    started = time.monotonic()
    try:
        with urlopen(f"{busy_server}?{urlencode({'query': 'ASK {}'})}", timeout=10) as response:
            status, retry = response.status, response.headers.get("Retry-After")
    except HTTPError as exc:
        status, retry = exc.code, exc.headers.get("Retry-After")
    assert time.monotonic() - started < 1
    assert (status, retry) == (503, "120")


@pytest.fixture(scope="module")
def limited_server(graph_file):
    """kg serve with small limits in bytes and memory, on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph_file), "--port", str(port),
               "--timeout", "60", "--max-bytes", "20000", "--max-body", "5000", "--worker-memory", "150",
               "--ontology", str(ONTOLOGY)]
    with running(command, port) as url:
        yield url + "/sparql"


def test_a_request_body_over_the_limit_gets_413(limited_server):
    query = "ASK { ?s ?p ?o } #" + "x" * 10_000
    status, _, body = fetch(limited_server, query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and body.startswith(b"the request body is larger than 5,000 bytes")
    assert fetch(limited_server, b"ASK {}", {"Content-Type": "application/sparql-query"})[0] == 200


def test_an_answer_over_the_byte_limit_gets_400(limited_server):
    status, _, body = get(limited_server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 400", "text/csv")
    assert status == 400 and body.startswith(b"the answer is larger than 20,000 bytes")
    assert get(limited_server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "text/csv")[0] == 200


def test_a_query_past_the_worker_memory_is_refused_and_the_server_goes_on(limited_server):
    hungry = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y } ORDER BY ?a ?b LIMIT 1"
    status, _, body = get(limited_server, hungry, "text/csv")
    assert status == 503 and b"needed more than 150 MB" in body
    status, _, body = get(limited_server, "ASK {}", "application/sparql-results+json")
    assert (status, json.loads(body)["boolean"]) == (200, True)


def test_workers_do_not_outlive_their_server(graph_file):
    """A server killed while its workers run a never-ending query leaves no worker behind."""
    import signal
    import subprocess
    from pathlib import Path

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph_file), "--port", str(port),
                               "--timeout", "300", "--ontology", str(ONTOLOGY)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (_listening(port) and get(f"http://127.0.0.1:{port}/sparql", "ASK {}")[0] == 200):
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        threading.Thread(target=lambda: _hang_up_after(f"http://127.0.0.1:{port}/sparql", NEVER, 30), daemon=True).start()
        time.sleep(1)
        workers = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == server.pid]
        assert workers, "no worker process found"
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    time.sleep(1)
    assert [w for w in workers if Path(f"/proc/{w}").exists() and _state(w) != "Z"] == []


def _listening(port: int) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def _parent(proc) -> int | None:
    try:
        return int(next(line.split()[1] for line in (proc / "status").read_text().splitlines() if line.startswith("PPid")))
    except (OSError, StopIteration, ValueError):
        return None


def _state(pid: int) -> str:
    from pathlib import Path

    try:
        return next(line.split()[1] for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if line.startswith("State"))
    except (OSError, StopIteration):
        return "Z"


@pytest.mark.parametrize("size", [30_000, 1_010_000, 1_500_000])
def test_long_get_urls_are_answered_or_refused_with_414(served, size):
    """Past h11's default 16 KB a GET query is still read; past --max-body (1,000,000) the URL gets kg's 414,
    whether the app sees it or h11 gives up reading it first."""
    padded = CITIES + " #" + "x" * size  # a comment makes the query as long as wanted
    status, media, body = fetch(f"{served}?{urlencode({'query': padded})}", headers={"Accept": "text/csv"})
    if size < 1_000_000:
        assert status == 200 and body.splitlines()[0] == b"city,label"
    else:
        assert (status, media) == (414, "text/plain")
        assert body == (b"the URL is longer than 1,000,000 bytes, the server's limit (--max-body); "
                        b"send a long query by POST, as application/sparql-query or a form\n")


# -- the graph page of a served project: the source texts in its reading pane, made again after a rebuild --------

NEW_ARTICLE = """\
Suining bets on sodium-ion batteries

SUINING, May 14, 2024 - The city of Suining, a prefecture-level city in Sichuan Province, is building a cluster of \
battery material makers.

Contemporary Amperex Technology Co., Limited has signed an agreement to build an electrolyte plant in Suining.
"""


def test_graph_page_holds_the_source_texts_and_is_made_again_after_a_rebuild(tmp_path):
    import shutil

    from click.testing import CliRunner
    from jinja2.utils import htmlsafe_json_dumps

    from kg.cli import main

    def kg(*args) -> None:
        result = CliRunner().invoke(main, [*map(str, args), "--ontology", str(ONTOLOGY)])
        assert result.exit_code == 0, result.output

    def escaped(text: str) -> str:  # as the page's script data holds it: JSON, with < > & ' as \u escapes
        return htmlsafe_json_dumps(text, ensure_ascii=False)

    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(ROOT / "data", data)
    kg("build", "--data", data, "--out", out, "--executor", "serial")
    article = (data / "sources" / "000_6877afdc895f6c52.txt").read_text(encoding="utf-8")
    port = free_port()
    # The project's own embedded store (out/ beside the working folder), which kg build replaces.
    command = [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--workers", "1", "--store", "embedded",
               "--data", str(data), "--ontology", str(ONTOLOGY), "--queries", str(ROOT / "queries")]
    with running(command, port, cwd=tmp_path) as url:
        status, kind, body = fetch(url + "/graph")
        page = body.decode("utf-8")
        assert (status, kind) == (200, "text/html")
        assert escaped(article) in page and "R&D" in article and "R&D" not in page
        assert "Suining" not in page

        new = tmp_path / "Suining Sodium.txt"
        new.write_text(NEW_ARTICLE, encoding="utf-8")
        kg("extract", new, "--data", data)
        kg("build", "--data", data, "--out", out, "--executor", "serial")
        page = fetch(url + "/graph")[2].decode("utf-8")
        assert escaped(article) in page and escaped(NEW_ARTICLE) in page
        cities = get(url + "/sparql", "SELECT ?l WHERE { ?c a kgo:City ; rdfs:label ?l }", "text/csv")[2].decode()
        assert "Suining" in cities.split() and "Suining" in page  # the page draws what the endpoint answers from
