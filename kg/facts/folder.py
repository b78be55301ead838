"""A data folder as kg reads it: its facts files (``facts/*.yaml``), links files (``links/*.yaml``), and
the graph they make together, built in this process (the corpus build, ``kg.build``, makes the same graph
document by document)."""

from __future__ import annotations

import os
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
    files = _inside(facts_dir, (".yaml", ".yml"))
    if not files:
        raise SourceError(f"{facts_dir}: no facts files (*.yaml) found; {missing_hint('--data')}")
    return files


def links_files(data_dir: Path | str) -> list[Path]:
    """The links files of a data folder (``links/*.yaml``), in name order; there may be none."""
    links_dir = Path(data_dir) / "links"
    return _inside(links_dir, (".yaml", ".yml"))


def source_files(data_dir: Path | str) -> list[Path]:
    """The files of a data folder's ``sources/`` that a facts file may name (those inside it), in name order."""
    sources_dir = Path(data_dir) / "sources"
    if not sources_dir.is_dir():
        return []
    return [path for path, plain in _listed(sources_dir, ("",)) if plain or outside(path, sources_dir) is None]


def _inside(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """``_listed``'s paths, each checked to be a file inside ``folder`` (SourceError naming the first that is not)."""
    paths = []
    for path, plain in _listed(folder, suffixes):
        refused = None if plain else outside(path, folder)
        if refused is not None:
            raise SourceError(f"{path}: {refused}; kg reads only the files inside {folder}")
        paths.append(path)
    return paths


def _listed(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[Path, bool]]:
    """The names in ``folder`` that end with one of ``suffixes`` (as ``Path.glob("*.yaml")`` finds them), in name
    order, each with whether the listing saw a regular file (not a symlink: inside the
    folder without a further look). Sorted as strings, not as paths: every command that checks whether the build
    is current lists the corpus (8,000 files at 4,000 documents), and comparing Path objects cost it 0.2 s."""
    try:
        with os.scandir(folder) as listing:
            entries = [entry for entry in listing if entry.name.endswith(suffixes)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    entries.sort(key=lambda entry: entry.name)
    return [(folder / entry.name, entry.is_file(follow_symlinks=False)) for entry in entries]


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
