"""The command line, in-process with click's CliRunner: output, exit codes, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ONTOLOGY

from kg.cli import main

FACTS = "facts/000_yibin-power-battery-capital.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_every_command_has_help_with_an_example():
    for name, command in main.commands.items():
        assert command.help and "kg " + name in command.help, name


def test_build_writes_turtle_and_prints_summary(tmp_path):
    result = run("build", "--out", str(tmp_path / "out"), "--ontology", str(ONTOLOGY),
                 "--data", str(Path(__file__).parent.parent / "data"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "graph.ttl").is_file()
    assert "observations  38" in result.output
    assert "kgo:BatteryComponent" in result.output


def _edit(data: Path, old: str, new: str, path: str = FACTS) -> None:
    file = data / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_INPUTS = {
    "malformed YAML": (
        lambda d: _edit(d, "  - id: catl\n", "  - id: [catl\n"),
        r"000_yibin-power-battery-capital.yaml:\d+: malformed YAML",
    ),
    "unknown key": (
        lambda d: _edit(d, "    label: CATL\n", "    label: CATL\n    lable: CATL\n"),
        r"yaml:\d+ \(lable\): unknown key in entity",
    ),
    "unknown entity": (
        lambda d: _edit(d, "[catl-arrival-in-yibin-2019, kgo:company, catl]", "[catl-arrival-in-yibin-2019, kgo:company, catll]"),
        r"yaml:\d+ \(object\): unknown entity 'catll'; did you mean 'catl'",
    ),
    "unknown class": (
        lambda d: _edit(d, "class: kgo:Company", "class: kgo:Compny"),
        r"yaml:\d+ \(class\): unknown class 'kgo:Compny'; did you mean 'kgo:Company'",
    ),
    "unknown property": (
        lambda d: _edit(d, "kgo:company, catl]", "kgo:employs, catl]"),
        r"yaml:\d+ \(property\): unknown property 'kgo:employs'",
    ),
    "quote not found": (
        lambda d: _edit(d, 'quote: "with the introduction of CATL in 2019"', 'quote: "with the arrival of CATL in 2019"'),
        r"yaml:\d+ \(quote\): quote not found in source 'yibin-power-battery-capital-2023': \"with the arrival of CATL",
    ),
    "value not a number": (
        lambda d: _edit(d, 'stated_as: "275"', 'stated_as: "many"'),
        r"yaml:\d+ \(stated_as\): 'many' does not begin with a number",
    ),
    "number words that are not one number": (
        lambda d: _edit(d, 'stated_as: "275"', 'stated_as: "twenty and thirty"'),
        r"yaml:\d+ \(stated_as\): 'twenty and thirty' is not one number in words",
    ),
    "two numbers in one value": (
        lambda d: _edit(d, 'stated_as: "275"', 'stated_as: "275 30"'),
        r"yaml:\d+ \(stated_as\): '275 30' holds more than one number",
    ),
    "explicit value not a number": (
        lambda d: _edit(d, "    value: -2\n", "    value: minus two\n"),
        r"yaml:\d+ \(value\): 'minus two' is not a number",
    ),
    "bad language tag": (
        lambda d: _edit(d, "  language: en\n", "  language: en us!\n"),
        r"yaml:\d+ \(language\): 'en us!' is not a language tag",
    ),
    "list where text belongs": (
        lambda d: _edit(d, "    label: CATL\n", "    label: [CATL]\n"),
        r"yaml:\d+ \(label\): must be text, not a list",
    ),
    "missing source file": (
        lambda d: (d / "sources" / "000_6877afdc895f6c52.txt").unlink(),
        r"yaml:\d+ \(file\): source document .*000_6877afdc895f6c52.txt not found",
    ),
    "source not UTF-8": (
        lambda d: (d / "sources" / "000_6877afdc895f6c52.txt").write_bytes(b"Yibin \xff\xfe CATL\n"),
        r"000_6877afdc895f6c52.txt:1: not UTF-8 text",
    ),
    "facts file not UTF-8": (
        lambda d: (d / FACTS).write_bytes((d / FACTS).read_bytes().replace(b"Yibin", b"Yib\xe9n", 1)),
        r"000_yibin-power-battery-capital.yaml:\d+: not UTF-8 text",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_exit_1_and_no_output(case, scratch_data, tmp_path):
    damage, message = BAD_INPUTS[case]
    damage(scratch_data)
    out = tmp_path / "out"
    result = run("build", "--data", str(scratch_data), "--ontology", str(ONTOLOGY), "--out", str(out))
    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("kg: error:"), result.stderr
    assert re.search(message, errors[0]), errors[0]
    assert "Traceback" not in result.output
    assert not (out / "graph.ttl").exists()


def test_failed_build_keeps_the_previous_output(scratch_data, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--data", str(scratch_data), "--ontology", str(ONTOLOGY), "--out", str(out)).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    _edit(scratch_data, 'stated_as: "275"', 'stated_as: "many"')
    assert run("build", "--data", str(scratch_data), "--ontology", str(ONTOLOGY), "--out", str(out)).exit_code == 1
    assert (out / "graph.ttl").read_bytes() == before
    # Nothing else changed either: no temporary file, and the store and manifest of the first build.
    assert sorted(p.name for p in out.iterdir()) == [".build.lock", ".cache", "build.json", "graph.ttl", "oxigraph", "validation.json"]


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("build", "--out", str(blocker / "out"), "--ontology", str(ONTOLOGY),
                 "--data", str(Path(__file__).parent.parent / "data"))
    assert result.exit_code == 1
    assert "kg: error:" in result.stderr and "cannot write" in result.stderr


def test_viz_writes_a_page_and_reports_a_cut(tmp_path, graph):
    graph_file = tmp_path / "graph.ttl"
    graph.serialize(graph_file, format="turtle")
    out = tmp_path / "page.html"
    result = run("viz", "--graph", str(graph_file), "--out", str(out), "--focus", "Yibin", "--depth", "1",
                 "--max-nodes", "5")
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (5 nodes," in result.output
    assert "Showing 5 of " in result.output and "--max-nodes 5" in result.output
    assert '"name":"Yibin"' in out.read_text(encoding="utf-8")


def test_viz_unknown_focus_is_one_line_with_close_matches_and_writes_nothing(tmp_path, graph):
    graph_file = tmp_path / "graph.ttl"
    graph.serialize(graph_file, format="turtle")
    result = run("viz", "--graph", str(graph_file), "--out", str(tmp_path / "p.html"), "--focus", "Sichaun")
    assert result.exit_code == 1
    assert result.output.strip() == "kg: error: --focus: no entity named 'Sichaun' in the graph; did you mean 'Sichuan'?"
    assert not (tmp_path / "p.html").exists()


def test_viz_query_takes_a_library_name_and_params(tmp_path, graph):
    graph_file = tmp_path / "graph.ttl"
    graph.serialize(graph_file, format="turtle")
    out = tmp_path / "catl.html"
    queries = str(Path(__file__).parent.parent / "queries")
    result = run("viz", "--graph", str(graph_file), "--out", str(out), "--query", "entity", "--queries", queries,
                 "--param", "entity=kgr:catl")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '"name":"CATL"' in page and '"name":"Sichuan"' not in page
    result = run("viz", "--graph", str(graph_file), "--out", str(tmp_path / "x.html"), "--param", "entity=kgr:catl")
    assert result.exit_code == 2 and "--param applies to a --query" in result.output
    result = run("viz", "--graph", str(graph_file), "--out", str(tmp_path / "x.html"), "--query", "award",
                 "--queries", queries)
    assert result.exit_code == 1 and "needs a CONSTRUCT query (this one is SELECT)" in result.output
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("args, choices", [
    (["query", "award", "--format", "yaml"], "text, csv, tsv, json, xml, ttl, nt, jsonld, rdf"),
    (["export", "--out", "kg.yaml", "--format", "yaml"], "ttl, nt, nq, trig, jsonld, rdf, graphml, gexf, csv"),
    (["analyze", "--format", "yaml"], "text, json"),
    (["path", "CATL", "Yibin", "--format", "yaml"], "text, json"),
    (["eval", "--gold", "g.yaml", "--pred", "p.yaml", "--format", "yaml"], "text, json"),
    (["validate", "--format", "yaml"], "text, json"),
])
def test_an_unknown_format_is_one_line_like_every_bad_value(args, choices, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # refused before anything is read or written
    result = run(*args)
    assert result.exit_code == 2  # a usage error, as click's own
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"kg: error: --format 'yaml': not one of {choices}"]
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_reasoning_profile_is_one_line():
    result = run("query", "award", "--reason", "owl")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["kg: error: --reason 'owl': not one of rdfs, owlrl"]


@pytest.mark.parametrize("name, text, message", [
    ("bad.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\nex:d ex:e ex:f .\n',
     "bad.ttl:3: not valid Turtle (column 11): Unexpected end of file"),
    ("bad.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> http://e/c> .\n",
     "bad.nt:2: not valid N-Triples (column 27): The object of a triple must be an IRI, a blank node or a literal"),
    ("bad.trig", "@prefix ex: <http://e/> .\nex:g {\n ex:a ex:b ex:c \n", "bad.trig:4: not valid TriG (column 1): Unexpected end"),
    ("bad.jsonld", '{"@id": "http://e/a",\n "http://e/b": [1, }\n',
     "bad.jsonld:2: not valid JSON-LD (column 20): Unexpected closing curly bracket, no array to close"),
    ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="http://e/a">\n</rdf:RDF>\n', "bad.rdf:4: not valid RDF/XML (column 2): mismatched tag"),
])
def test_a_malformed_graph_file_is_one_line_with_its_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for command in (["query", "-e", "ASK {}"], ["analyze"], ["export", "--out", str(tmp_path / "x.nt")]):
        result = run(*command, "--graph", str(path))
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines() == [f"kg: error: {tmp_path}/{message}"]


def _on_a_terminal(command: list[str]) -> tuple[int, str]:
    """Run kg with stderr on a pseudo-terminal (as in a shell); return its status and what the terminal showed."""
    import os
    import pty
    import subprocess

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=follower, timeout=300)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed and read to its end
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    return done.returncode, shown.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("args, stages", [
    (["query", "-e", "ASK {}", "--reason", "owlrl", "--format", "json"], ["reasoning (owlrl)"]),
    (["validate"], ["validating"]),
    (["export", "--out", "{tmp}/kg.nt"], ["reading the graph", "writing nt"]),
    (["viz", "--out", "{tmp}/graph.html"], ["drawing the graph"]),
])
def test_long_commands_show_their_stages_on_a_terminal_only(tmp_path, graph, args, stages):
    import subprocess

    from conftest import ROOT

    graph_file = tmp_path / "graph.ttl"
    graph.serialize(graph_file, format="turtle")
    command = [str(ROOT / ".venv" / "bin" / "kg"), *(a.replace("{tmp}", str(tmp_path)) for a in args),
               "--graph", str(graph_file), "--ontology", str(ONTOLOGY)]
    status, shown = _on_a_terminal(command)
    assert status == 0, shown
    # Each stage's line is written when it starts and completed with its time (\r) when it ends.
    assert re.fullmatch("".join(rf"kg: {re.escape(s)}\.\.\.\rkg: {re.escape(s)}: \d+\.\d s\n" for s in stages), shown), shown
    piped = subprocess.run(command, capture_output=True, timeout=300)  # a pipe or a log: nothing but errors
    assert piped.returncode == 0 and piped.stderr == b""
