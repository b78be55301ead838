"""kg query through the command line: every format parses with a standard parser; user mistakes give one line."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from click.testing import CliRunner
from conftest import ONTOLOGY, ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.build.turtle import to_turtle
from kg.cli import main

KGR = "https://kg.example.org/id/"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture
def kg(graph_file):
    def run(*args: str, graph: bool = True):
        extra = ["--graph", str(graph_file), "--ontology", str(ONTOLOGY), "--queries", str(ROOT / "queries")]
        return CliRunner().invoke(main, ["query", *args, *(extra if graph else [])])
    return run


def test_done_when_default_graph_gives_sparql_json_with_3_bindings(monkeypatch):
    monkeypatch.chdir(ROOT)  # the default graph: out/graph.ttl, built if missing or stale
    result = CliRunner().invoke(main, ["query", "-e", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["s", "p", "o"]
    assert len(data["results"]["bindings"]) == 3
    assert all(set(b) == {"s", "p", "o"} for b in data["results"]["bindings"])


def test_list_shows_every_question(kg):
    result = kg("--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) >= 15
    assert any(line.split()[0] == "award" and line.endswith("at which event?") for line in lines)
    assert all(line.rstrip().endswith("?") for line in lines)


def test_json_results(kg):
    data = json.loads(kg("award", "--format", "json").stdout)
    bindings = data["results"]["bindings"]
    assert {b["awardedBy"]["value"] for b in bindings} == {
        "China National Light Industry Council", "China Battery Industry Association"}
    assert bindings[0]["date"] == {"type": "literal", "value": "2023-06-09",
                                   "datatype": "http://www.w3.org/2001/XMLSchema#date"}


def test_xml_results(kg):
    root = ET.fromstring(kg("company-arrival-2019", "--format", "xml").stdout_bytes)
    assert [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")] == ["company", "event", "arrivalYear"]
    (result,) = root.iter(f"{SPARQL_RESULTS}result")
    values = {b.get("name"): b[0].text for b in result}
    assert values == {"company": "CATL", "event": "Introduction of CATL to Yibin (2019)", "arrivalYear": "2019"}
    ask = ET.fromstring(kg("-e", "ASK { kgr:catl a kgo:Company }", "--format", "xml").stdout_bytes)
    assert ask.find(f"{SPARQL_RESULTS}boolean").text == "true"


def test_csv_results(kg):
    table = list(csv.reader(io.StringIO(kg("money", "--format", "csv").stdout)))
    assert table[0] == ["value", "indicator", "year", "statedAs"]
    assert [Decimal(row[0]) for row in table[1:4]] == [Decimal("250e9"), Decimal("210e9"), Decimal("210e9")]
    assert table[4][1:] == ["Operating income of the industrial high-tech industry above scale", "2022",
                            "163.522 billion yuan"]
    ask = list(csv.reader(io.StringIO(kg("-e", "ASK { kgr:catl a kgo:City }", "--format", "csv").stdout)))
    assert ask == [["boolean"], ["false"]]


def test_csv_is_the_default_when_piped(kg):
    assert _out(kg("places")) == "place,kind\r\nChina,Country\r\nSichuan,Province\r\n"


def test_tsv_results(kg):
    table = list(csv.reader(io.StringIO(kg("award", "--format", "tsv").stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert table[0] == ["?recipient", "?title", "?date", "?event", "?awardedBy"]
    assert table[1][0] == '"Yibin"@en'
    assert table[1][2] == '"2023-06-09"^^<http://www.w3.org/2001/XMLSchema#date>'
    numbers = list(csv.reader(io.StringIO(kg("science-technology", "--format", "tsv").stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert numbers[1][1:3] == ["2021", "168"]


def test_table_is_aligned_with_prefixed_names_and_plain_numbers(kg):
    lines = kg("entities-by-class", "--format", "table").stdout.splitlines()
    assert lines[0].split() == ["class", "label", "entities"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split() == ["kgo:Indicator", "Indicator", "27"]
    assert len({len(line) for line in lines[:3]}) == 1  # numbers right-aligned to the header's edge
    money = kg("money", "--format", "table").stdout.splitlines()
    assert money[2].split()[0] == "250000000000" and money[-1].split()[0] == "1038000000"
    assert money[-1].startswith("  1038000000")


def test_table_wraps_long_values_to_the_terminal_width(graph_file):
    args = ["query", "award", "--format", "table", "--graph", str(graph_file), "--ontology", str(ONTOLOGY),
            "--queries", str(ROOT / "queries")]
    narrow = CliRunner(env={"COLUMNS": "60"}).invoke(main, args)
    assert narrow.exit_code == 0, narrow.output
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert all(line == line.rstrip() for line in lines)  # no trailing padding
    assert lines[:6] == [
        "recipient  title        date        event        awardedBy",
        "---------  -----------  ----------  -----------  -----------",
        "Yibin      China's      2023-06-09  2023 World   China",
        "           Power                    Power        Battery",
        "           Battery                  Battery      Industry",
        "           Capital                  Conference   Association",
    ]
    # A file or a pipe (no terminal, no $COLUMNS): one line a row, full values, still no padding at the end.
    unlimited = CliRunner(env={"COLUMNS": None}).invoke(main, args).stdout.splitlines()
    assert unlimited[2].split("  ")[-1] == "China Battery Industry Association"
    assert all(line == line.rstrip() for line in unlimited)
    # csv and json hold full values whatever the terminal.
    full = CliRunner(env={"COLUMNS": "60"}).invoke(main, [*args[:2], *args[4:], "--format", "csv"]).stdout
    assert "China National Light Industry Council" in full.splitlines()[2]


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_formats_parse_and_are_deterministic(kg, fmt, parser):
    first = kg("entity", "--param", "entity=kgr:catl", "--format", fmt)
    assert first.exit_code == 0, first.output
    assert kg("entity", "--param", "entity=kgr:catl", "--format", fmt).stdout_bytes == first.stdout_bytes
    parsed = Graph().parse(data=first.stdout_bytes, format=parser)
    turtle = Graph().parse(data=kg("entity", "--param", "entity=kgr:catl", "--format", "ttl").stdout_bytes,
                           format="turtle")
    assert isomorphic(parsed, turtle)
    assert (URIRef(KGR + "catl"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("CATL", lang="en")) in parsed


def test_construct_as_jsonld_uses_kg_prefixes(kg):
    from kg.facts.namespaces import PREFIXES

    data = json.loads(kg("entity", "--param", "entity=kgr:catl", "--format", "jsonld").stdout)
    assert data["@context"] == {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}  # no brick:, csvw:...
    catl = next(node for node in data["@graph"] if node["@id"] == "kgr:catl")
    assert catl["@type"] == "kgo:Company"


def test_describe_gives_turtle_by_default(kg):
    parsed = Graph().parse(data=kg("-e", "DESCRIBE kgr:catl").stdout, format="turtle")
    assert (URIRef(KGR + "catl"), None, None) in parsed


def test_param_injection_stays_a_literal(kg):
    attack = 'name=x" } UNION { ?e ?p ?o } #'
    result = kg("-e", "SELECT ?e WHERE { ?e rdfs:label ?name }", "--param", attack)
    assert result.exit_code == 0 and _out(result) == "e\r\n"
    echoed = json.loads(kg("-e", "SELECT ?name WHERE {}", "--param", attack, "--format", "json").stdout)
    assert echoed["results"]["bindings"] == [{"name": {"type": "literal", "value": 'x" } UNION { ?e ?p ?o } #'}}]
    found = kg("-e", "SELECT ?e WHERE { ?e rdfs:label ?name }", "--param", 'name="CATL"@en')
    assert _out(found) == f"e\r\n{KGR}catl\r\n"


def test_param_overrides_a_library_default(kg):
    table = list(csv.reader(io.StringIO(_out(kg("provenance", "--param", "subject=kgr:catl", "--format", "csv")))))
    assert table[1:] == [[
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://kg.example.org/ontology#Company",
        "with the introduction of CATL in 2019", "350", "387",
        "Yibin named China's Power Battery Capital at the 2023 World Power Battery Conference",
    ]]


def test_year_filter_on_integer_years(kg):
    result = kg("-e", "SELECT (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ; kgo:year ?y FILTER(?y >= 2021) }")
    assert result.stdout.splitlines()[1] == "34"


def test_data_alone_without_the_ontology(kg):
    assert _out(kg("places", "--no-ontology")) == "place,kind\r\n"


def _out(result) -> str:
    """stdout exactly as written (click's ``Result.stdout`` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def _one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.stderr
    return lines[0]


def test_malformed_query_names_line_column_and_text(kg, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# Broken?\nSELECT ?x WHERE {\n  ?x a kgo:City .\n  FILTER(?x = )\n}\n", encoding="utf-8")
    line = _one_error_line(kg(str(path)))
    assert line == f'kg: error: {path}: syntax error at line 4, column 15: unexpected ")" in: FILTER(?x = )'


def test_malformed_inline_query(kg):
    line = _one_error_line(kg("-e", "SELECT ?x WHERE { ?x a kgo:City } LIMIT ten"))
    assert line == 'kg: error: query: syntax error at line 1, column 41: unexpected "ten" in: SELECT ?x WHERE { ?x a kgo:City } LIMIT ten'


def test_unknown_query_name_suggests(kg):
    assert "unknown query 'jing-maoming-said'" in _one_error_line(kg("jing-maoming-said"))
    assert "did you mean 'jing-maoming'?" in _one_error_line(kg("jing-maomin"))


def test_missing_graph_file_is_named(tmp_path):
    result = CliRunner().invoke(main, ["query", "award", "--graph", str(tmp_path / "nope.ttl"),
                                       "--queries", str(ROOT / "queries")])
    assert _one_error_line(result) == f"kg: error: {tmp_path / 'nope.ttl'}: graph file not found"


@pytest.mark.parametrize("args, message", [
    (("entity", "--format", "csv"), "format 'csv' does not suit a CONSTRUCT query; use one of ttl, nt, jsonld, rdf"),
    (("award", "--format", "ttl"), "format 'ttl' does not suit a SELECT query"),
    (("award", "--param", "oops"), "--param 'oops': expected NAME=VALUE"),
    (("-e", "SELECT ?x WHERE { ?x a foo:City }"), "unknown prefix 'foo:' at line 1, column 24"),
    (("-e", "DESCRIBE ?e", "--param", "e=kgr:catl"), "parameters do not apply to DESCRIBE"),
    (("entity", "--param", "entiti=kgr:catl"), "unknown parameter ?entiti: the query has no such variable"),
])
def test_other_mistakes(kg, args, message):
    assert message in _one_error_line(kg(*args))


def test_usage_errors_exit_2(kg):
    assert kg().exit_code == 2
    assert kg("award", "-e", "ASK {}").exit_code == 2


def test_reason_adds_what_the_ontology_entails(tmp_path):
    query = "SELECT ?o WHERE { ?o a schema:Organization } ORDER BY ?o"
    asserted = CliRunner().invoke(main, ["query", "-e", query, "--format", "csv"])
    reasoned = CliRunner().invoke(main, ["query", "-e", query, "--format", "csv", "--reason", "rdfs"])
    assert asserted.exit_code == 0 and reasoned.exit_code == 0, reasoned.output
    assert asserted.output.splitlines() == ["o"]
    organizations = set(reasoned.output.splitlines()[1:])
    assert "https://kg.example.org/id/catl" in organizations
    assert "https://kg.example.org/id/china-battery-industry-association" in organizations
    assert "https://kg.example.org/id/sichuan" not in organizations


def test_answers_do_not_depend_on_the_hash_seed(tmp_path):
    """SELECT * columns and the rows of a query without ORDER BY come out the same in every process."""
    import os
    import subprocess

    from kg.facts.folder import build_graph

    graph = tmp_path / "g.ttl"
    graph.write_bytes(to_turtle(build_graph(ROOT / "data", ONTOLOGY)))
    text = "SELECT * WHERE { ?entity rdfs:label ?label ; a ?class . ?class rdfs:subClassOf* schema:Place }"
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run([str(ROOT / ".venv" / "bin" / "kg"), "query", "--graph", str(graph), "-e", text,
                               "--format", "csv"], env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    lines = outputs.pop().splitlines()
    assert lines[0] == "entity,label,class"  # in the order the query names them
    assert lines[1:] == sorted(lines[1:])  # rows sorted by their values
