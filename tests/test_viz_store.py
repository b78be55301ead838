"""`kg viz` reads a built Oxigraph store natively (kg.viz.page.read_graph), in one pass: the page it writes
is the page drawn from the same graph in memory through rdflib, for the seed and for a small corpus that
opens on its overview. After a finished build it reads the build's merged lines (kg.store.plain.parse_lines)
instead of the store's quads: the same page again. The lines' reader gives the values Oxigraph's parser gives,
escapes, languages, datatypes and lines of other shapes included."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import DATA, ONTOLOGY, ROOT

from kg.build.inputs import CACHE_FOLDER
from kg.build.merge import LINES_FILE
from kg.build.outputs import MANIFEST_FILE, STORE_ID_FILE, build_project
from kg.facts.folder import build_graph
from kg.project import ProjectPaths
from kg.store.graphs import load_store, with_ontology
from kg.store.native import finished_lines
from kg.store.plain import Lit, from_oxigraph, parse_lines
from kg.store.spec import StoreSpec
from kg.viz.page import read_graph, render_page, source_texts
from kg.viz.pagedata import OVERVIEW_ABOVE
from kg.viz.view import build_view


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """40 documents of the benchmark corpus (benchmarks/corpus.py, seed 1): more nodes than one screen shows."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate_corpus

    folder = tmp_path_factory.mktemp("corpus")
    generate_corpus(40, folder, seed=1)
    return folder


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_the_page_read_from_the_store_is_the_page_drawn_from_the_graph(which, small_corpus, tmp_path):
    data = DATA if which == "seed" else small_corpus
    project = ProjectPaths(data_dir=data, ontology_path=ONTOLOGY, out_dir=tmp_path)
    graph = build_graph(data, ONTOLOGY)
    in_memory = with_ontology(graph, project)
    expected_view = build_view(in_memory)
    texts, _ = source_texts(expected_view, data / "sources")
    expected = render_page(expected_view, in_memory, "Graph", texts)

    spec = StoreSpec("oxigraph", str(tmp_path / "oxigraph"))
    load_store(graph, spec, project)
    index, _ = read_graph(None, project, spec)
    view = build_view(index)
    assert len(index) == len(in_memory)
    assert render_page(view, index, "Graph", source_texts(view, data / "sources")[0]) == expected
    if which == "corpus":  # the overview's path is compared too
        assert len(view.nodes) > OVERVIEW_ABOVE and '"overview":' in expected


def _page(index, data: Path) -> str:
    view = build_view(index)
    return render_page(view, index, "Graph", source_texts(view, data / "sources")[0])


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_a_finished_build_is_read_from_its_lines_and_gives_the_same_page(which, small_corpus, tmp_path):
    data = DATA if which == "seed" else small_corpus
    project = ProjectPaths(data_dir=data, ontology_path=ONTOLOGY, out_dir=tmp_path / "out")
    build_project(project, validate=False)
    spec = StoreSpec("oxigraph", str(project.store_path))
    assert finished_lines(spec.location, project) == project.out_dir / CACHE_FOLDER / LINES_FILE
    from_lines = _page(read_graph(None, project, spec)[0], data)
    assert from_lines == _page(with_ontology(build_graph(data, ONTOLOGY), project), data)

    # For another store, a store that does not hold the build's lines (its id is not the one the build recorded)
    # or without the manifest (a build that did not finish puts it back last), the store is read.
    assert finished_lines(tmp_path / "elsewhere", project) is None
    recorded = (project.store_path / STORE_ID_FILE).read_text(encoding="ascii")
    (project.store_path / STORE_ID_FILE).write_text("0" * 32 + "\n", encoding="ascii")
    assert finished_lines(spec.location, project) is None
    assert _page(read_graph(None, project, spec)[0], data) == from_lines
    (project.store_path / STORE_ID_FILE).write_text(recorded, encoding="ascii")
    assert finished_lines(spec.location, project) == project.out_dir / CACHE_FOLDER / LINES_FILE
    (project.out_dir / MANIFEST_FILE).unlink()
    assert finished_lines(spec.location, project) is None


LINES = """<https://kg.example.org/id/acme> <http://www.w3.org/2000/01/rdf-schema#label> "Acme \\"Bluewave\\" \\u00e9\\n"@en .
<https://kg.example.org/id/acme> <http://www.w3.org/2000/01/rdf-schema#label> "Acme-Werke"@de-ch .
<https://kg.example.org/id/acme> <https://kg.example.org/ontology#revenue> "2"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<https://kg.example.org/id/acme> <https://kg.example.org/ontology#year> "2021"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<https://kg.example.org/id/acme> <https://kg.example.org/ontology#hq> <https://kg.example.org/id/riverton> .
<https://kg.example.org/id/acme> <https://kg.example.org/ontology#note> "Riverton . \u4e2d\u6587" .
<https://kg.example.org/id/acme> <https://kg.example.org/ontology#part> _:b1 .
_:b1 <http://www.w3.org/2000/01/rdf-schema#label> "" .
"""


@pytest.mark.parametrize("odd", ["", "# a comment line\n"])
def test_the_lines_reader_gives_the_values_oxigraphs_parser_gives(odd, tmp_path):
    path = tmp_path / "merged.lines"
    path.write_bytes((LINES + odd).encode("utf-8"))
    expected = list(from_oxigraph(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)))
    found = list(parse_lines(path))
    assert found == expected and len(found) == 8
    acme = "https://kg.example.org/id/acme"
    assert (acme, "http://www.w3.org/2000/01/rdf-schema#label", Lit('Acme "Bluewave" \u00e9\n', "", "en")) in found
    assert Lit("2.0", "http://www.w3.org/2001/XMLSchema#decimal") in {o for _, _, o in found}  # kg's spelling
    assert Lit("Riverton . \u4e2d\u6587") in {o for _, _, o in found}
