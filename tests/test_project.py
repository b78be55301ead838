"""kg runs the same from any folder of a project (the pyproject.toml with [tool.kg]), and says so outside one."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main
from kg.project import find_project_root


@pytest.fixture
def project(tmp_path):
    """A copy of the project: its data, ontology, queries and a pyproject.toml with a [tool.kg] table."""
    for folder in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "news"\n\n[tool.kg]\n', encoding="utf-8")
    (tmp_path / "notes" / "2024").mkdir(parents=True)
    return tmp_path


def kg(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_root_is_the_nearest_pyproject_with_a_kg_table(project, tmp_path_factory):
    assert find_project_root(project / "notes" / "2024") == project
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")  # no [tool.kg]
    assert find_project_root(outside) is None


def test_every_command_reads_the_project_from_a_folder_inside_it(project, monkeypatch):
    monkeypatch.chdir(project / "notes" / "2024")
    built = kg("build")
    assert built.exit_code == 0, built.output
    assert (project / "out" / "graph.ttl").is_file()  # the project's out/, not the working folder's
    award = kg("query", "award", "--format", "csv")
    assert award.exit_code == 0, award.output
    assert award.output.splitlines()[1].startswith("Yibin,China's Power Battery Capital,2023-06-09")
    drawn = kg("viz")
    assert drawn.exit_code == 0, drawn.output
    assert (project / "out" / "graph.html").is_file()
    for command in (["validate"], ["analyze", "--top", "1"], ["path", "CATL", "Yibin"], ["docs"]):
        result = kg(*command)
        assert result.exit_code == 0, (command, result.output)
    assert sorted(p.name for p in (project / "notes" / "2024").iterdir()) == []


@pytest.mark.parametrize("command, option", [
    (["query", "award"], "--queries"), (["viz"], "--ontology"), (["build"], "--ontology"),
    (["validate"], "--ontology"), (["extract", str(ROOT / "tests" / "data" / "articles" / "hefei-sodium-ion-joint-venture.txt")],
                                   "--ontology"),
])
def test_outside_any_project_one_line_says_so(tmp_path, monkeypatch, command, option):
    monkeypatch.chdir(tmp_path)
    result = kg(*command)
    assert result.exit_code in (1, 2)
    assert result.stderr.count("\n") == 1
    assert "not inside a kg project (no kg.toml, nor a pyproject.toml with a [tool.kg] table, here or in a folder " \
           f"above); run kg init DIR to make one, run kg in a project, or pass {option}" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["build", "validate", "analyze", "path", "query", "export", "viz", "serve", "push",
                                     "extract"])
def test_every_command_that_reads_the_project_takes_data_and_ontology(command):
    help_text = kg(command, "--help").output
    assert "--data" in help_text and "--ontology" in help_text
