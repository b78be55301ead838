"""kg init: a new project (kg.toml, data/, copies of the ontology, shapes, queries and lexicon), found from any
folder below it; one line for every refusal."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main
from kg.errors import StoreError
from kg.project import find_project_root
from kg.store.spec import StoreSpec, resolve_store


def kg(*args: str):
    return CliRunner().invoke(main, list(args))


def test_init_makes_a_project_with_copies_to_extend(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg("init", "news")
    assert result.exit_code == 0, result.output
    assert result.stdout == "made a kg project in news (32 files); next: cd news && kg extract FILE\n" \
        .replace("32", str(2 + sum(len(list((ROOT / f).glob(p))) for f, p in
                                   (("ontology", "*.ttl"), ("queries", "*.rq"), ("data/lexicon", "*.yaml")))))
    news = tmp_path / "news"
    for relative in ("ontology/kg.ttl", "ontology/shapes.ttl", "queries/award.rq", "data/lexicon/places.yaml"):
        assert (news / relative).read_bytes() == (ROOT / relative).read_bytes()
    assert (news / "data" / "facts").is_dir() and list((news / "data" / "facts").iterdir()) == []
    assert (news / "data" / "sources").is_dir()
    assert "out/" in (news / ".gitignore").read_text().splitlines()
    (news / "notes").mkdir()
    assert find_project_root(news / "notes") == news  # the kg.toml marks the project


def test_init_refuses_a_folder_that_is_not_empty_in_one_line(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me\n")
    result = kg("init", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"kg: error: {tmp_path}: not empty; pass --force to write kg's files into it anyway\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_init_force_writes_kgs_files_and_keeps_the_others(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me\n")
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "my-question.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n")
    assert kg("init", str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "mine.txt").read_text() == "keep me\n"
    assert (tmp_path / "queries" / "my-question.rq").is_file() and (tmp_path / "queries" / "award.rq").is_file()
    assert (tmp_path / "kg.toml").is_file()


def test_init_refuses_a_file(tmp_path):
    (tmp_path / "news").write_text("")
    result = kg("init", str(tmp_path / "news"))
    assert (result.exit_code, result.stderr.count("\n")) == (1, 1)
    assert "news: not a folder" in result.stderr


@pytest.mark.parametrize("settings, expected", [
    ('store = "oxigraph:db"\n', StoreSpec("oxigraph", "db")),
    ("# nothing set\n", StoreSpec("embedded")),
])
def test_kg_toml_holds_the_settings(tmp_path, settings, expected):
    (tmp_path / "kg.toml").write_text(settings)
    assert resolve_store(None, {}, tmp_path / "kg.toml") == expected


def test_a_broken_kg_toml_is_one_line(tmp_path):
    (tmp_path / "kg.toml").write_text("store = \n")
    with pytest.raises(StoreError) as raised:
        resolve_store(None, {}, tmp_path / "kg.toml")
    assert str(raised.value).startswith(f"{tmp_path / 'kg.toml'}: cannot read kg's settings: ")
