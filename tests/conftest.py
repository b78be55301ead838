"""Shared fixtures: the project's real data, built once, and scratch copies to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build.turtle import to_turtle
from kg.facts.folder import build_graph
from kg.project import ProjectPaths

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SOURCE_FILE = DATA / "sources" / "000_6877afdc895f6c52.txt"
FACTS_FILE = DATA / "facts" / "000_yibin-power-battery-capital.yaml"


@pytest.fixture(scope="session")
def project() -> ProjectPaths:
    return ProjectPaths(data_dir=DATA, ontology_path=ONTOLOGY, out_dir=ROOT / "out")


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The knowledge graph built from the project's data (read-only: do not modify)."""
    return build_graph(DATA, ONTOLOGY)


@pytest.fixture(scope="session")
def graph_file(graph, tmp_path_factory) -> Path:
    """The built graph as a Turtle file, for commands and servers given ``--graph FILE`` (read-only)."""
    path = tmp_path_factory.mktemp("graph-file") / "graph.ttl"
    path.write_bytes(to_turtle(graph))
    return path


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE_FILE.read_text(encoding="utf-8")


@pytest.fixture
def scratch_data(tmp_path: Path) -> Path:
    """A copy of data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def library_graph(tmp_path_factory) -> Graph:
    """The project's data with the invented article of tests/data/relations (plants, investments, agreements,
    supply), so that every library query has rows to answer (read-only)."""
    import shutil

    data = tmp_path_factory.mktemp("library-data")
    for kind in ("facts", "sources"):
        for folder in (DATA / kind, ROOT / "tests" / "data" / "relations" / kind):
            shutil.copytree(folder, data / kind, dirs_exist_ok=True)
    return build_graph(data, ONTOLOGY)


@pytest.fixture(scope="session")
def library_graph_file(library_graph, tmp_path_factory) -> Path:
    """``library_graph`` as a Turtle file (read-only)."""
    path = tmp_path_factory.mktemp("library-graph-file") / "graph.ttl"
    path.write_bytes(to_turtle(library_graph))
    return path


@pytest.fixture(scope="session")
def lexicon():
    """The extractor's lexicon from the project's real data (read-only)."""
    from kg.extract import Lexicon

    return Lexicon.from_data(DATA)


def draft_of(lexicon, text: str, date=None):
    """The rule extractor's draft of ``text`` (a document named test-article.txt, of ``date`` if given)."""
    from kg.extract import Document, extract

    return extract(Document(name="test-article.txt", text=text, date=date), lexicon)


def of_class(draft, cls: str) -> set[str]:
    """The labels of a draft's entities of one class."""
    return {e.label for e in draft.entities if e.cls == cls}


def labelled(draft, prop: str) -> set[tuple[str, str]]:
    """A draft's (subject, object) pairs of one property, by their labels."""
    labels = {e.id: e.label for e in draft.entities}
    return {(labels[s], labels[o]) for f in draft.facts for s, p, o in f.triples if p == prop}

