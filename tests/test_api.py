"""kg.Project, the front door: found from any folder of a project, the same answers as the command line, a
DataFrame and HTML for notebooks, a page that shows itself inline."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kg
from conftest import ROOT
from kg.api import Page, QueryAnswer
from kg.errors import KgError, QueryError


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """A copy of the project (data, ontology, queries, pyproject.toml) with an empty subfolder, built once."""
    root = tmp_path_factory.mktemp("api") / "battery-news"
    for part in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    (root / "notebooks").mkdir()
    kg.Project(root).build()
    return root


@pytest.fixture
def in_subfolder(project_copy, monkeypatch) -> Path:
    monkeypatch.chdir(project_copy / "notebooks")
    return project_copy


def test_open_from_a_subfolder_finds_the_project_as_git_does(in_subfolder):
    project = kg.open()
    assert project.root == in_subfolder
    assert project.paths.ontology_path == in_subfolder / "ontology" / "kg.ttl"
    assert project.paths.graph_path == in_subfolder / "out" / "graph.ttl"
    rows = [(row["recipient"].toPython(), row["awardedBy"].toPython()) for row in project.query("award")]
    assert rows == [("Yibin", "China Battery Industry Association"), ("Yibin", "China National Light Industry Council")]


def test_outside_a_project_open_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KgError) as raised:
        kg.open()
    assert str(raised.value) == ("./: not inside a kg project (no kg.toml, nor a pyproject.toml with a [tool.kg] table, "
                                 "here or in a folder above)").replace("./", ".")


def test_a_query_answers_as_kg_query_does(in_subfolder):
    from click.testing import CliRunner

    from kg.cli import main

    answer = kg.open().query("statistics-by-year")
    cli = CliRunner().invoke(main, ["query", "statistics-by-year", "--format", "csv"])
    assert cli.exit_code == 0, cli.output
    assert answer.format("csv") == cli.stdout_bytes
    assert isinstance(answer, QueryAnswer) and answer.kind == "SELECT"


def test_a_construct_answer_is_an_rdflib_graph_in_python(in_subfolder):
    from rdflib import Literal, URIRef

    query = ('CONSTRUCT { ?indicator rdfs:label ?label } WHERE { ?indicator a kgo:Indicator ; rdfs:label ?label }')
    answer = kg.open().query(query)
    assert answer.kind == "CONSTRUCT"
    labels = sorted(str(o) for o in answer.result.graph.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert labels and all(isinstance(o, Literal) for o in answer.result.graph.objects())
    assert labels == sorted(str(row["label"]) for row in kg.open().query(
        "SELECT ?label WHERE { ?indicator a kgo:Indicator ; rdfs:label ?label }"))


def test_parameters_bind_as_kg_query_param_does(in_subfolder):
    project = kg.open()
    by_keyword = project.query("entity", entity="kgr:catl")
    by_texts = project.query("entity", ["entity=kgr:catl"])
    assert by_keyword.kind == "CONSTRUCT"
    assert by_keyword.format("nt") == by_texts.format("nt")
    assert b'<https://kg.example.org/id/catl> <http://www.w3.org/2000/01/rdf-schema#label> "CATL"@en .' in \
        by_keyword.format("nt")
    with pytest.raises(QueryError) as raised:
        project.query("entity", ["entity"])
    assert str(raised.value) == "--param 'entity': expected NAME=VALUE, such as entity=kgr:yibin"


def test_answers_convert_to_a_dataframe_with_python_values(in_subfolder):
    frame = kg.open().query("statistics-by-year", {"from": 2000}).to_dataframe()  # a Python int bound as ?from
    assert list(frame.columns) == ["year", "observations"]
    assert frame.to_dict("records") == [{"year": 2020, "observations": 4}, {"year": 2021, "observations": 7},
                                        {"year": 2022, "observations": 15}, {"year": 2023, "observations": 12}]
    assert frame["observations"].sum() == 38  # every statistic of the article has a year


def test_answers_show_as_an_escaped_html_table_in_a_notebook(in_subfolder):
    answer = kg.open().query('SELECT ?text WHERE { VALUES ?text { "<script>alert(1)</script>" "Yibin" } }')
    shown = answer._repr_html_()
    assert shown.startswith("<table><thead><tr><th>text</th></tr></thead>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>" not in shown
    assert "<td>Yibin</td>" in shown


def test_viz_returns_the_page_path_which_shows_inline(in_subfolder):
    page = kg.open().viz()
    assert isinstance(page, Page) and isinstance(page, Path)
    assert page == in_subfolder / "out" / "graph.html" and page.is_file()
    assert (page.nodes, page.edges) == (86, 131)
    inline = page._repr_html_()
    assert inline.startswith('<iframe srcdoc="') and html.escape(page.read_text(encoding="utf-8"), quote=True) in inline


def test_validate_and_export_from_python(in_subfolder, tmp_path):
    project = kg.open()
    assert project.validate().conforms
    path, fmt = project.export(tmp_path / "graph.nt")
    assert fmt == "nt" and len(path.read_bytes().splitlines()) == 2497


def test_a_notebook_like_script_runs_from_a_subfolder(project_copy):
    """What a notebook's cells do, run as a script in a fresh interpreter, from the project's notebooks/ folder."""
    script = textwrap.dedent("""
        import kg
        project = kg.open()
        print(project)
        frame = project.query("statistics-by-year").to_dataframe()
        print(frame.columns.tolist())
        print(frame.loc[frame["year"] == 2022, "observations"].item())
        print(project.path("CATL", "Sichuan")[-1].object_label)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=project_copy / "notebooks", capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"kg.Project('{project_copy}')", "['year', 'observations']", "15", "Sichuan"]
