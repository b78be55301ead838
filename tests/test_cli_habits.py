"""The habits of the ecosystem's command lines: ``-`` for the standard streams, one --format vocabulary,
-q/--quiet and -v/--verbose, usage errors exit 2, shell completion, table widths in terminal columns."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ONTOLOGY, ROOT
from rdflib import Graph
from rdflib.compare import isomorphic
from wcwidth import wcswidth

from kg.cli import main

COMMANDS = ["analyze", "build", "docs", "eval", "export", "extract", "init", "path", "push", "query", "serve",
            "validate", "viz"]


def kg(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_out_dash_writes_the_export_to_stdout_and_no_file(graph_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg("export", "--graph", str(graph_file), "--ontology", str(ONTOLOGY), "--format", "nt", "--out", "-")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Wrote <stdout> (nt)\n"  # the informational line moves off stdout
    assert isomorphic(Graph().parse(data=result.stdout, format="nt"), Graph().parse(graph_file))
    assert list(tmp_path.iterdir()) == []  # no file named "-", no temporary file left


def test_out_dash_needs_a_format(graph_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg("export", "--graph", str(graph_file), "--out", "-")
    assert result.exit_code == 2 and "--out - (standard output) needs --format" in result.stderr
    assert result.stdout == ""


def test_out_dash_writes_the_page_to_stdout(graph_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg("viz", "--graph", str(graph_file), "--ontology", str(ONTOLOGY), "--data", str(ROOT / "data"),
                "--out", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and "Yibin" in result.stdout
    assert result.stderr.startswith("Wrote <stdout> (")
    assert list(tmp_path.iterdir()) == []


def test_graph_dash_reads_the_graph_from_stdin(graph_file):
    query = ["query", "-e", "SELECT ?city WHERE { ?city a kgo:City } ORDER BY ?city", "--format", "csv",
             "--ontology", str(ONTOLOGY)]
    from_file = kg(*query, "--graph", str(graph_file))
    from_stdin = kg(*query, "--graph", "-", input=graph_file.read_bytes())
    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.stdout == from_file.stdout
    assert "https://kg.example.org/id/yibin" in from_stdin.stdout.splitlines()


def test_a_broken_graph_on_stdin_is_named_stdin():
    result = kg("query", "-e", "SELECT * WHERE { ?s ?p ?o }", "--graph", "-", "--ontology", str(ONTOLOGY),
                input="garbage\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: <stdin>:1: ") and result.stderr.count("\n") == 1


def test_query_dash_reads_the_sparql_text_from_stdin(graph_file):
    result = kg("query", "-", "--graph", str(graph_file), "--ontology", str(ONTOLOGY), "--format", "csv",
                input="SELECT (COUNT(?c) AS ?n) WHERE { ?c a kgo:City }\n")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [["n"], ["1"]]


@pytest.mark.parametrize("args", [
    ["query", "award", "--format", "yaml"],
    ["analyze", "--format", "yaml"],
    ["validate", "--format", "yaml"],
    ["export", "--format", "yaml", "--out", "x"],
    ["eval", "--gold", "a.yaml", "--pred", "b.yaml", "--format", "yaml"],
    ["build", "--reason", "owl"],
])
def test_a_bad_choice_is_a_usage_error_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not one of" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command, formats", [
    ("query", "text|csv|tsv|json|xml|ttl|nt|jsonld|rdf"), ("analyze", "text|json"), ("validate", "text|json"),
    ("path", "text|json"), ("eval", "text|json"),
])
def test_one_format_vocabulary_text_for_people_json_for_programs(command, formats):
    help_text = kg(command, "--help").stdout
    assert f"[{formats}]" in help_text


def test_table_is_still_taken_for_text(graph_file):
    args = ["query", "award", "--graph", str(graph_file), "--ontology", str(ONTOLOGY), "--queries",
            str(ROOT / "queries")]
    assert kg(*args, "--format", "table").stdout == kg(*args, "--format", "text").stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_quiet_and_verbose(command):
    help_text = kg(command, "--help").stdout
    assert "-q, --quiet" in help_text and "-v, --verbose" in help_text


def test_quiet_prints_nothing_but_errors(tmp_path):
    args = ["build", "--data", str(ROOT / "data"), "--ontology", str(ONTOLOGY), "--out", str(tmp_path / "out")]
    assert kg(*args).stdout.startswith("Wrote ")
    quiet = kg(*args, "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert kg("init", str(tmp_path / "p"), "--quiet").stdout == ""


def _complete(words: str) -> list[str]:
    env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1), "_KG_COMPLETE": "bash_complete"}
    out = subprocess.run([str(Path(sys.executable).parent / "kg")], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=60).stdout
    return [line.split(",", 1)[1] for line in out.splitlines()]


def test_shell_completion_of_commands_and_library_queries():
    assert _complete("kg qu") == ["query"]
    assert _complete("kg query aw") == ["award"]
    assert "--format" in _complete("kg query --for")


def test_table_columns_line_up_for_combining_accents_and_wide_characters(tmp_path):
    graph = tmp_path / "names.ttl"
    graph.write_text('@prefix r: <https://e.org/> .\n'
                     'r:a r:name "Cafe\u0301" ; r:n 1 .\nr:b r:name "宜宾市" ; r:n 22 .\nr:c r:name "Yibin" ; r:n 333 .\n',
                     encoding="utf-8")
    result = kg("query", "-e", "SELECT ?name ?n WHERE { ?s <https://e.org/name> ?name ; <https://e.org/n> ?n } "
                "ORDER BY ?n", "--graph", str(graph), "--no-ontology", "--format", "text")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[2:]] == ["Cafe\u0301", "宜宾市", "Yibin"]
    assert {wcswidth(line) for line in lines if not line.startswith("-")} == {wcswidth(lines[0])}
