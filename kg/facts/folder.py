"""A data folder as kg reads it: its facts files (``facts/*.yaml``), links files (``links/*.yaml``), and
the graph they make together, built in this process (the corpus build, ``kg.build``, makes the same graph
document by document)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import SourceError
from kg.files import outside
from kg.facts.graph import GraphBuilder
from kg.facts.loader import load_facts_file, load_links_file
from kg.facts.ontology import Contract, load_ontology
from kg.project import GRAPH_FILE, INFERRED_FILE, missing_hint  # noqa: F401  (kg.build.GRAPH_FILE, as before)


def facts_files(data_dir: Path | str) -> list[Path]:
    """The facts files of a data folder (``facts/*.yaml``), in name order.

    Raises SourceError if the folder has none, or if one is not a regular file inside it (a symlink out of it).
    """
    facts_dir = Path(data_dir) / "facts"
    files = _inside(sorted(list(facts_dir.glob("*.yaml")) + list(facts_dir.glob("*.yml"))), facts_dir)
    if not files:
        raise SourceError(f"{facts_dir}: no facts files (*.yaml) found; {missing_hint('--data')}")
    return files


def links_files(data_dir: Path | str) -> list[Path]:
    """The links files of a data folder (``links/*.yaml``), in name order; there may be none."""
    links_dir = Path(data_dir) / "links"
    return _inside(sorted(list(links_dir.glob("*.yaml")) + list(links_dir.glob("*.yml"))), links_dir)


def source_files(data_dir: Path | str) -> list[Path]:
    """The files of a data folder's ``sources/`` that a facts file may name (those inside it), in name order."""
    sources_dir = Path(data_dir) / "sources"
    if not sources_dir.is_dir():
        return []
    return sorted(path for path in sources_dir.glob("*") if outside(path, sources_dir) is None)


def _inside(paths: list[Path], folder: Path) -> list[Path]:
    for path in paths:
        refused = outside(path, folder)
        if refused is not None:
            raise SourceError(f"{path}: {refused}; kg reads only the files inside {folder}")
    return paths


def build_graph(data_dir: Path | str = "data", ontology_path: Path | str = "ontology/kg.ttl") -> Graph:
    """Read every facts file under ``data_dir`` and return the knowledge graph.

    Sources are read from ``data_dir/sources``, links to Wikidata from ``data_dir/links``. Raises a KgError subclass
    naming the file and line of the first problem found.

    Example (from the project folder): ``graph = build_graph("data", "ontology/kg.ttl")``.
    """
    return build(data_dir, ontology_path)[0]


def build(data_dir: Path | str = "data", ontology_path: Path | str = "ontology/kg.ttl") -> tuple[Graph, dict]:
    """``build_graph``, and where each entity and observation is written (IRI -> facts file and line)."""
    data_dir = Path(data_dir)
    contract = Contract.from_graph(load_ontology(ontology_path))
    loaded = [load_facts_file(path, data_dir / "sources") for path in facts_files(data_dir)]
    links = [load_links_file(path) for path in links_files(data_dir)]
    builder = GraphBuilder(contract)
    graph = builder.add_all(loaded, links)
    return graph, builder.locations()
