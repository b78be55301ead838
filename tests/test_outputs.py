"""The store kg build keeps in out/ and every command reads: rebuilt when any input changes (and saying so),
never read stale, replaced together with graph.ttl, and picked up by a running kg serve."""

from __future__ import annotations

import json
import shutil
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from servers import free_port, running

from kg.cli import main

FACTS = "data/facts/000_yibin-power-battery-capital.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project, built once, with the working folder in it."""
    for folder in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "news"\n\n[tool.kg]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    assert kg("build").exit_code == 0
    return tmp_path


def kg(*args: str):
    return CliRunner().invoke(main, list(args))


def rename_catl(project: Path, label: str) -> None:
    facts = project / FACTS
    text = facts.read_text(encoding="utf-8")
    head = "  - id: catl\n    class: kgo:Company\n    label: "
    start = text.index(head) + len(head)
    facts.write_text(text[:start] + f'"{label}"' + text[text.index("\n", start):], encoding="utf-8")


CATL_LABEL = "SELECT ?label WHERE { kgr:catl rdfs:label ?label }"


def test_the_build_keeps_a_store_and_a_manifest_of_its_inputs(project):
    manifest = json.loads((project / "out" / "build.json").read_text(encoding="utf-8"))
    assert manifest["validated"] is True
    assert set(manifest["inputs"]) == {"kg", "facts/000_yibin-power-battery-capital.yaml",
                                       "sources/000_6877afdc895f6c52.txt", "links/wikidata.yaml", "ontology", "shapes"}
    assert (project / "out" / "oxigraph" / "CURRENT").is_file()
    answer = kg("query", "-e", CATL_LABEL, "--format", "csv")
    assert (answer.exit_code, answer.output, answer.stderr) == (0, "label\nCATL\n", "")


@pytest.mark.parametrize("command, shows", [
    (["query", "-e", CATL_LABEL, "--format", "csv"], lambda out, label: out.splitlines()[1] == label),
    (["path", "{label}", "Yibin", "--format", "json"],
     lambda out, label: label in [s[end] for s in json.loads(out)["steps"] for end in ("subject_label", "object_label")]),
    (["analyze", "--format", "json"],
     lambda out, label: label in [m["label"] for c in json.loads(out)["components"] for m in c]),
    (["viz", "--out", "page.html"], lambda out, label: label in Path("page.html").read_text(encoding="utf-8")),
    (["export", "--out", "kg.nt"], lambda out, label: f'"{label}"@en' in Path("kg.nt").read_text(encoding="utf-8")),
    (["validate", "--format", "json"], lambda out, label: json.loads(out)["conforms"] is True),
])
def test_every_reading_command_rebuilds_a_stale_store_first_and_says_so(project, command, shows):
    label = "CATL Energy"
    rename_catl(project, label)
    result = kg(*[label if part == "{label}" else part for part in command])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"kg: {project / FACTS} changed; rebuilding {project / 'out'} first\n"
    assert shows(result.stdout, label)
    again = kg("query", "-e", CATL_LABEL, "--format", "csv")  # current now: no second rebuild
    assert (again.stdout.splitlines()[1], again.stderr) == (label, "")


@pytest.mark.parametrize("changed", ["ontology/kg.ttl", "ontology/shapes.ttl", "data/links/wikidata.yaml",
                                     "data/sources/000_6877afdc895f6c52.txt"])
def test_any_input_makes_the_store_stale(project, changed):
    path = project / changed
    path.write_bytes(path.read_bytes() + b"\n")
    result = kg("query", "award", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"kg: {path} changed; rebuilding {project / 'out'} first\n"


def test_a_stale_store_whose_rebuild_fails_is_one_line_and_stays_as_it_was(project):
    graph_before = (project / "out" / "graph.ttl").read_bytes()
    facts = project / FACTS
    facts.write_text(facts.read_text(encoding="utf-8").replace("class: kgo:Company", "class: kgo:Compnay", 1))
    result = kg("query", "award", "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"kg: error: {facts}:")
    assert "unknown class 'kgo:Compnay'" in result.stderr
    assert (project / "out" / "graph.ttl").read_bytes() == graph_before


def test_a_store_the_user_named_is_refused_when_stale(project):
    assert kg("build", "--store", "oxigraph:elsewhere").exit_code == 0
    assert kg("query", "award", "--store", "oxigraph:elsewhere", "--format", "csv").exit_code == 0
    rename_catl(project, "CATL Ltd")
    result = kg("query", "award", "--store", "oxigraph:elsewhere")
    assert result.exit_code == 1
    assert result.stderr == (f"kg: error: elsewhere: built before {project / FACTS} changed; "
                             "run 'kg build --store oxigraph:elsewhere' to bring it up to date\n")


def test_memory_reads_graph_ttl_and_rebuilds_it_too(project):
    rename_catl(project, "CATL Co")
    result = kg("query", "-e", CATL_LABEL, "--store", "memory", "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1]) == (0, "CATL Co")
    assert '"CATL Co"@en' in (project / "out" / "graph.ttl").read_text(encoding="utf-8")


def _label(endpoint: str) -> str:
    query = urllib.parse.urlencode({"query": "PREFIX kgr: <https://kg.example.org/id/> "
                                             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + CATL_LABEL})
    request = urllib.request.Request(f"{endpoint}?{query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.read().decode("utf-8").splitlines()[1]


def test_a_running_server_answers_from_the_rebuilt_store(project):
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--workers", "1"]
    with running(command, port, cwd=project) as url:
        assert _label(f"{url}/sparql") == "CATL"
        rename_catl(project, "CATL Group")
        assert kg("build").exit_code == 0
        assert _label(f"{url}/sparql") == "CATL Group"


def test_an_edit_that_keeps_size_and_time_is_seen_when_made_in_the_record_s_clock_tick(project):
    """Reads skip hashing a file whose size and time are those recorded with its digest; a file changed
    less than two seconds before that record is hashed anyway, for its time may not have moved."""
    import os

    facts = project / FACTS
    os.utime(facts)  # changed now: the read below records its digest within the same second
    assert kg("query", "-e", CATL_LABEL, "--format", "csv").output == "label\nCATL\n"
    assert (project / "out" / ".cache" / "inputs.stat").is_file()
    recorded = facts.stat()
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("    label: CATL\n", "    label: CATX\n", 1), encoding="utf-8")  # the same size
    os.utime(facts, ns=(recorded.st_atime_ns, recorded.st_mtime_ns))
    answer = kg("query", "-e", CATL_LABEL, "--format", "csv")
    assert answer.exit_code == 0 and answer.stdout.endswith("label\nCATX\n")
    assert f"{FACTS} changed; rebuilding" in answer.stderr
