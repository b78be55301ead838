"""Exports: each format read back by rdflib and by pyoxigraph (or networkx, or as Neo4j CSV) with nothing lost."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY, ROOT
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.build.turtle import write_graph
from kg.cli import main
from kg.export.formats import (
    FORMATS,
    ExportError,
    Parts,
    export_format,
    export_parts,
    render,
    write_export,
)
from kg.facts.namespaces import (
    ASSERTED_GRAPH,
    INFERRED_GRAPH,
    KGO,
    KGR,
    ONTOLOGY_GRAPH,
    SCHEMA,
)
from kg.facts.ontology import load_ontology
from kg.project import ProjectPaths

TRIPLE_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                  "rdf": ox.RdfFormat.RDF_XML}
QUAD_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
RDFLIB_NAMES = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml", "nq": "nquads", "trig": "trig"}
YIBIN = str(KGR["yibin"])
CHARGING = str(KGR["observation/yibin-power-battery-capital-2023/charging-interfaces-yibin-2023"])


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology(ONTOLOGY)


@pytest.fixture(scope="session")
def inferred() -> Graph:
    """Stand-in inferred triples (as `kg build --reason` would add): entailed types."""
    graph = Graph()
    graph.add((KGR["yibin"], RDF.type, SCHEMA.City))
    graph.add((KGR["catl"], RDF.type, SCHEMA.Organization))
    return graph


def _term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise AssertionError(f"unexpected blank node or triple term {term}")


def _oxigraph_graphs(data: bytes, fmt) -> dict:
    """Parse with pyoxigraph: graph name (None for the default graph) -> rdflib Graph."""
    graphs: dict = {}
    for quad in ox.parse(data, format=fmt):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, Graph()).add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return graphs


@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_triple_formats_read_back_in_rdflib_and_pyoxigraph(graph, ontology, fmt):
    data = render(fmt, Parts(graph), ontology)
    assert isomorphic(Graph().parse(data=data, format=RDFLIB_NAMES[fmt]), graph)
    (only,) = _oxigraph_graphs(data, TRIPLE_FORMATS[fmt]).values()
    assert len(only) == len(graph) and isomorphic(only, graph)


@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_with_ontology_triple_formats_hold_data_and_ontology(graph, ontology, fmt):
    data = render(fmt, Parts(graph, ontology=ontology), ontology)
    assert isomorphic(Graph().parse(data=data, format=RDFLIB_NAMES[fmt]), graph + ontology)


@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_quad_formats_keep_asserted_inferred_and_ontology_as_named_graphs(graph, ontology, inferred, fmt):
    data = render(fmt, Parts(graph, inferred, ontology), ontology)
    expected = {str(ASSERTED_GRAPH): graph, str(INFERRED_GRAPH): inferred, str(ONTOLOGY_GRAPH): ontology}
    dataset = Dataset().parse(data=data, format=RDFLIB_NAMES[fmt])
    parsed = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    assert parsed.keys() == expected.keys()
    assert all(isomorphic(parsed[name], expected[name]) for name in expected)
    oxigraph = _oxigraph_graphs(data, QUAD_FORMATS[fmt])
    assert oxigraph.keys() == expected.keys()
    assert all(isomorphic(oxigraph[name], expected[name]) for name in expected)


def test_jsonld_has_a_context_a_web_developer_reads(graph, ontology):
    document = json.loads(render("jsonld", Parts(graph), ontology))
    context = document["@context"]
    assert context["kgo"] == "https://kg.example.org/ontology#"
    assert (context["id"], context["type"]) == ("@id", "@type")
    assert context["containedInPlace"] == {"@id": "schema:containedInPlace", "@type": "@id"}
    assert context["year"] == {"@id": "kgo:year", "@type": "xsd:integer"}
    yibin = next(node for node in document["@graph"] if node["id"] == "kgr:yibin")
    assert (yibin["type"], yibin["sameAs"], yibin["containedInPlace"]) == ("kgo:City", "wd:Q427265", "kgr:sichuan")
    assert isomorphic(Graph().parse(data=json.dumps(document), format="json-ld"), graph)


def _written(tmp_path: Path, graph: Graph, ontology: Graph, fmt: str, name: str) -> Path:
    return write_export(fmt, Parts(graph), ontology, tmp_path / name)


def test_graphml_loads_in_networkx_with_labels_classes_and_values(graph, ontology, tmp_path):
    g = nx.read_graphml(_written(tmp_path, graph, ontology, "graphml", "kg.graphml"))
    _check_network(g)


def test_gexf_loads_in_networkx_with_labels_classes_and_values(graph, ontology, tmp_path):
    g = nx.read_gexf(_written(tmp_path, graph, ontology, "gexf", "kg.gexf"))
    _check_network(g)


def _check_network(g) -> None:
    assert g.nodes[YIBIN]["label"] == "Yibin" and g.nodes[YIBIN]["class"] == "City"
    assert g.nodes[YIBIN]["sameAs"] == "http://www.wikidata.org/entity/Q427265"
    charging = g.nodes[CHARGING]
    assert charging["class"] == "Observation"
    assert (charging["obsValue"], charging["unitMeasure"], charging["qualifier"], charging["year"]) == (
        9000.0, "count", "more than", 2023)
    assert charging["statedAs"] == "more than 9,000"
    to_sichuan = [d for d in g.get_edge_data(YIBIN, str(KGR["sichuan"])).values()]
    assert [(d["label"], d["relationship"]) for d in to_sichuan] == [("contained in place", "CONTAINED_IN_PLACE")]
    indicators = [v for _, v, d in g.out_edges(CHARGING, data=True) if d["label"] == "indicator"]
    assert indicators == [str(KGR["charging-interfaces"])] and g.nodes[indicators[0]]["label"] == "Charging interfaces built"
    assert sum(1 for _, d in g.nodes(data=True) if d["class"] == "Observation") == 38
    assert not any("excerpt/" in n or "statement/" in n for n in g.nodes)


def _read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_neo4j_csv_follows_the_import_layout(graph, ontology, tmp_path):
    folder = _written(tmp_path, graph, ontology, "csv", "neo4j")
    assert sorted(p.name for p in folder.iterdir()) == ["import.txt", "nodes.csv", "relationships.csv"]
    nodes = _read_csv((folder / "nodes.csv").read_bytes())
    relationships = _read_csv((folder / "relationships.csv").read_bytes())
    assert list(nodes[0])[:3] == ["id:ID", ":LABEL", "label"]
    assert {"obsValue:double", "year:long", "startDate:date", "altLabel:string[]"} <= set(nodes[0])
    assert list(relationships[0]) == [":START_ID", ":END_ID", ":TYPE", "label", "property"]
    ids = [row["id:ID"] for row in nodes]
    assert len(ids) == len(set(ids))
    assert all(row[":START_ID"] in ids and row[":END_ID"] in ids for row in relationships)
    by_id = {row["id:ID"]: row for row in nodes}
    assert (by_id[YIBIN][":LABEL"], by_id[YIBIN]["label"], by_id[YIBIN]["sameAs:string"]) == (
        "AdministrativeArea;City;Place;Thing", "Yibin", "http://www.wikidata.org/entity/Q427265")
    assert (by_id[CHARGING]["obsValue:double"], by_id[CHARGING]["year:long"]) == ("9000.0", "2023")
    assert by_id[str(KGR["diaphragm"])]["altLabel:string[]"] == "Diaphragm;Separator"
    assert {"CONTAINED_IN_PLACE", "INDICATOR", "REF_AREA"} <= {row[":TYPE"] for row in relationships}
    assert "--array-delimiter=';'" in (folder / "import.txt").read_text()


def test_neo4j_nodes_carry_their_superclasses_as_labels(graph, ontology, tmp_path):
    """MATCH (:Organization) finds the companies: a node's labels are its classes and all their superclasses."""
    nodes = _read_csv((_written(tmp_path, graph, ontology, "csv", "neo4j") / "nodes.csv").read_bytes())
    labels = {row["id:ID"]: set(row[":LABEL"].split(";")) for row in nodes}
    assert {"Company", "Corporation", "Organization"} <= labels[str(KGR["catl"])]
    companies = {n for n, found in labels.items() if "Company" in found}
    assert companies and all("Organization" in labels[n] for n in companies)
    assert {"City", "Place"} <= labels[YIBIN] and "Organization" not in labels[YIBIN]


def test_csv_zip_holds_the_same_files_as_the_folder(graph, ontology, tmp_path):
    folder = _written(tmp_path, graph, ontology, "csv", "neo4j")
    archive = zipfile.ZipFile(_written(tmp_path, graph, ontology, "csv", "neo4j.zip"))
    assert sorted(archive.namelist()) == sorted(p.name for p in folder.iterdir())
    assert all(archive.read(p.name) == p.read_bytes() for p in folder.iterdir())


def test_two_exports_are_byte_identical_across_processes(graph, tmp_path):
    """Each format rendered in two processes with different hash seeds (set and dict order differ)."""
    graph_file = write_graph(graph, tmp_path)
    script = (
        "import sys, hashlib; from pathlib import Path; from kg.export.formats import *; from kg.project import ProjectPaths;"
        "from kg.facts.ontology import load_ontology;"
        f"p = ProjectPaths(Path({str(DATA)!r}), Path({str(ONTOLOGY)!r}));"
        f"parts = export_parts(Path({str(graph_file)!r}), p, with_ontology=True); labels = load_ontology(p.ontology_path);"
        "plain = Parts(parts.asserted);"
        "[print(f, hashlib.sha256(d if isinstance(d, bytes) else b''.join(k.encode() + v for k, v in sorted(d.items())))"
        ".hexdigest())"
        " for f in FORMATS for d in [render(f, parts if f in RDF_FORMATS else plain, labels)]]"
    )
    digests = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")]
    assert len(digests[0].splitlines()) == len(FORMATS)
    assert digests[0] == digests[1]


def test_cli_exports_twice_byte_identical_zip(graph, tmp_path):
    graph_file = write_graph(graph, tmp_path)
    outputs = []
    for name in ("a.zip", "b.zip"):
        result = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--out", str(tmp_path / name),
                                           "--ontology", str(ONTOLOGY)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_export_parts_take_inferred_triples_unless_asserted_only(graph, inferred, tmp_path):
    from kg.build.outputs import build_project

    project = ProjectPaths(DATA, ONTOLOGY, tmp_path)
    build_project(project)
    inferred.serialize(project.inferred_path, format="turtle")  # not an input: the build stays current
    parts = export_parts(None, project)
    assert parts.inferred is not None and isomorphic(parts.inferred, inferred)
    assert export_parts(None, project, asserted_only=True).inferred is None
    assert export_parts(project.graph_path, project).inferred is None


def test_format_comes_from_the_extension_or_is_refused_with_the_list():
    assert [export_format(f"x{ext}") for ext in (".ttl", ".owl", ".zip", ".gexf")] == ["ttl", "rdf", "csv", "gexf"]
    with pytest.raises(ExportError, match="supported formats: ttl, nt, nq, trig, jsonld, rdf, graphml, gexf, csv"):
        export_format("x.ttl", "turtle")
    with pytest.raises(ExportError, match=r"x\.txt: cannot tell the format .* one of ttl, nt, nq"):
        export_format("x.txt")


def run(*args: str):
    return CliRunner().invoke(main, ["export", "--ontology", str(ONTOLOGY), *args])


@pytest.mark.parametrize("out,extra,message", [
    ("blocker/kg.ttl", [], r"blocker/kg.ttl: cannot write: .*blocker is a file, not a folder"),
    ("kg.nt", ["--format", "ttl"], r"kg.nt: the extension says nt but --format says ttl; make them agree"),
    ("kg.txt", [], r"cannot tell the format from the extension '.txt'; give --format, one of ttl, nt"),
    ("kg.gexf", ["--with-ontology"], r"--with-ontology is for RDF formats"),
    ("blocker", ["--format", "csv"], r"blocker: cannot write: it exists and is not a folder"),
])
def test_bad_export_is_one_line_exit_1_and_writes_nothing(graph, tmp_path, out, extra, message):
    graph_file = write_graph(graph, tmp_path / "in")
    (tmp_path / "blocker").write_text("a file")
    before = sorted(tmp_path.rglob("*"))
    result = run("--graph", str(graph_file), "--out", str(tmp_path / out), *extra)
    assert result.exit_code == 1, result.output
    assert re.search(message, result.stderr), result.stderr
    assert sorted(tmp_path.rglob("*")) == before


def test_export_creates_its_output_folder(graph, tmp_path):
    graph_file = write_graph(graph, tmp_path / "in")
    result = run("--graph", str(graph_file), "--out", str(tmp_path / "new" / "folder" / "kg.nt"))
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "new" / "folder" / "kg.nt").read_text().splitlines()) == len(graph)


def test_unknown_format_option_lists_the_supported_ones(tmp_path):
    result = run("--format", "xlsx", "--out", str(tmp_path / "kg.xlsx"))
    assert result.exit_code == 2  # a usage error (as click's), in one line rather than a usage message
    assert result.stderr.splitlines() == [f"kg: error: --format 'xlsx': not one of {', '.join(FORMATS)}"]
    assert not (tmp_path / "kg.xlsx").exists()


def test_unwritable_folder_is_a_clear_error_and_keeps_the_old_export(graph, tmp_path, monkeypatch):
    graph_file = write_graph(graph, tmp_path / "in")
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "kg.nt").write_bytes(b"old")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    # A read-only file system, as root meets it too (a chmod'ed folder does not stop root).
    monkeypatch.setattr(os, "replace", read_only)
    result = run("--graph", str(graph_file), "--out", str(folder / "kg.nt"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"kg: error: {folder / 'kg.nt'}: cannot write: Read-only file system"
    assert [p.name for p in folder.iterdir()] == ["kg.nt"] and (folder / "kg.nt").read_bytes() == b"old"


def test_network_labels_prefer_skos_pref_label_and_are_never_raw_iris(ontology, tmp_path):
    g = Graph()
    a, b = KGR["a"], KGR["b"]
    g.add((a, RDF.type, KGO.BatteryComponent))
    g.add((a, SKOS.prefLabel, Literal("Anode stuff", lang="en")))
    g.add((b, RDF.type, KGO.BatteryComponent))
    g.add((a, SKOS.broader, b))
    network = nx.read_graphml(write_export("graphml", Parts(g), ontology, tmp_path / "x.graphml"))
    assert network.nodes[str(a)]["label"] == "Anode stuff"
    assert network.nodes[str(b)]["label"] == "b"


def test_failed_csv_export_keeps_the_previous_folder(graph, ontology, tmp_path):
    out = _written(tmp_path, graph, ontology, "csv", "neo4j")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ExportError):
        write_export("csv", Parts(graph, ontology=ontology), ontology, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo4j"]


def test_formats_are_written_by_the_cli(graph, tmp_path):
    graph_file = write_graph(graph, tmp_path / "in")
    for fmt in ("nq", "rdf", "gexf", "csv"):
        out = tmp_path / f"kg-{fmt}"
        result = run("--graph", str(graph_file), "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, (fmt, result.output)
        assert out.is_dir() if fmt == "csv" else out.stat().st_size > 1000


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """A copy of the project built into its out/ (the store kg export streams from), with inferred triples
    (kg build --reason rdfs)."""
    import shutil

    import kg

    folder = tmp_path_factory.mktemp("streamed")
    shutil.copytree(DATA, folder / "data")
    shutil.copytree(ONTOLOGY.parent, folder / "ontology")
    (folder / "pyproject.toml").write_text("[tool.kg]\n", encoding="utf-8")
    project = kg.Project(folder)
    project.build(reason="rdfs")
    return project


def _as_graphs(data: bytes, fmt: str) -> dict:
    if fmt in QUAD_FORMATS:
        dataset = Dataset().parse(data=data, format=RDFLIB_NAMES[fmt])
        return {str(g.identifier): g for g in dataset.graphs() if len(g)}
    return {None: Graph().parse(data=data, format=RDFLIB_NAMES[fmt])}


@pytest.mark.parametrize("options", [{}, {"with_ontology": True}, {"asserted_only": True}])
@pytest.mark.parametrize("fmt", ["nt", "nq", "ttl", "trig", "rdf"])
def test_exports_streamed_from_the_store_hold_the_graphs_of_todays_exports(built_project, fmt, options, tmp_path):
    """An RDF export of the project's store is written from its lines by Oxigraph: the same graphs (each
    named graph of a quad format alike) as rendering the parts read through rdflib, and the same bytes twice."""
    from kg.store.graphs import reading_store

    paths = built_project.paths
    assert paths.inferred_path.is_file()
    written, _ = built_project.export(tmp_path / f"kg.{fmt}", **options)
    again, _ = built_project.export(tmp_path / f"again.{fmt}", **options)
    assert written.read_bytes() == again.read_bytes()
    spec = reading_store(None, paths)
    parts = export_parts(None, paths, options.get("with_ontology", False), options.get("asserted_only", False), spec)
    expected = _as_graphs(render(fmt, parts, load_ontology(paths.ontology_path)), fmt)
    found = _as_graphs(written.read_bytes(), fmt)
    assert found.keys() == expected.keys()
    assert len(found) == (1 if fmt not in QUAD_FORMATS else 3 if options.get("with_ontology") else
                          1 if options.get("asserted_only") else 2)
    for name, graph in expected.items():
        assert len(found[name]) == len(graph) > 0 and isomorphic(found[name], graph), name


@pytest.mark.parametrize("options", [{}, {"with_ontology": True}, {"asserted_only": True}])
@pytest.mark.parametrize("fmt", ["nt", "ttl"])
def test_a_graph_larger_than_a_run_is_sorted_on_disk_and_merged_to_the_same_bytes(built_project, fmt, options,
                                                                                  tmp_path, monkeypatch):
    """N-Triples and Turtle of a store too large to sort in memory are sorted in runs written beside the
    export and merged: the same bytes as sorted at once, and nothing left beside the export."""
    from kg.export import streamed
    from kg.store import native

    monkeypatch.setattr(native, "built_lines", lambda folder, project: None)  # the store's dump, not the build's lines
    whole, _ = built_project.export(tmp_path / f"whole.{fmt}", **options)
    spilled = []
    spill = streamed._Runs._spill
    monkeypatch.setattr(streamed, "RUN_BYTES", 4096)
    monkeypatch.setattr(streamed._Runs, "_spill", lambda runs: (spilled.append(len(runs.lines)), spill(runs)))
    merged, _ = built_project.export(tmp_path / f"runs.{fmt}", **options)
    assert len(spilled) > 10 and merged.read_bytes() == whole.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"runs.{fmt}", f"whole.{fmt}"]


@pytest.mark.parametrize("options", [{}, {"with_ontology": True}, {"asserted_only": True}])
@pytest.mark.parametrize("fmt", ["nt", "ttl"])
def test_exports_of_an_unchanged_build_read_its_lines_to_the_same_bytes(built_project, fmt, options, tmp_path,
                                                                        monkeypatch):
    """N-Triples and Turtle of the store as the build left it are read from the build's merged lines (the
    store's dump costs several times more): the bytes read from the store."""
    from kg.export import streamed
    from kg.store import native

    lines = native.built_lines(built_project.paths.store_path, built_project.paths)
    assert lines is not None and lines.name == "merged.lines"
    read = []
    reading, ordering = streamed.read_lines, streamed.ntriples_order
    monkeypatch.setattr(streamed, "read_lines", lambda path: (read.append(path), reading(path))[1])
    monkeypatch.setattr(streamed, "ntriples_order", lambda path: (read.append(path), ordering(path))[1])
    from_lines, _ = built_project.export(tmp_path / f"lines.{fmt}", **options)
    assert read == [lines]
    monkeypatch.setattr(native, "built_lines", lambda folder, project: None)
    from_store, _ = built_project.export(tmp_path / f"store.{fmt}", **options)
    assert read == [lines] and from_lines.read_bytes() == from_store.read_bytes()


def test_lines_in_line_order_come_out_in_n_triples_order_whatever_the_blocks(tmp_path, monkeypatch):
    """``ntriples_order`` gives the lines of a file in ``line_order`` sorted, as N-Triples are: IRIs that
    extend others (with "-", "/", a digit: before ">"; with a letter: after), a subject's types among its
    other lines, and blocks that end anywhere in a line or in a subject's lines."""
    from kg.build.lines import write_lines
    from kg.build.ntriples import line_order
    from kg.export import streamed

    subjects = ["https://acme.example/a", "https://acme.example/a-1", "https://acme.example/a/b",
                "https://acme.example/a/b/c", "https://acme.example/a/b0", "https://acme.example/ab",
                "https://acme.example/a0", "https://acme.example/b"]
    lines = [f"<{s}> <{p}> {o} .".encode() for s in subjects for p, o in
             [(RDF.type, f"<{KGO.City}>"), (RDFS.label, f'"{s[-3:]}"@en'), ("https://acme.example/near", "<https://acme.example/b>")]]
    path = tmp_path / "merged.lines"
    write_lines(path, sorted(lines, key=line_order))
    for block in (7, 100, 1 << 24):
        monkeypatch.setattr(streamed, "ORDER_BLOCK", block)
        assert b"".join(streamed.ntriples_order(path)).splitlines() == sorted(lines)


@pytest.mark.parametrize("name", ["kg.graphml", "kg.gexf", "neo4j.zip", "neo4j"])
def test_property_graphs_of_an_unchanged_build_are_written_from_passes_over_its_lines(built_project, name, tmp_path,
                                                                                    monkeypatch):
    """GraphML, GEXF and the Neo4j files (zip or folder) of the store as the build left it are written from
    passes over the build's merged lines, a node at a time, never held whole: the bytes of the view read
    from the store, even when every few lines end a block (a node's lines read from two blocks)."""
    from kg.export import property_lines
    from kg.store import native

    lines = native.built_lines(built_project.paths.store_path, built_project.paths)
    read = []
    monkeypatch.setattr(property_lines, "_BLOCK", 97)  # a prime, so blocks end anywhere in a line or a node
    blocks = property_lines._blocks
    monkeypatch.setattr(property_lines, "_blocks", lambda path: (read.append(path), blocks(path))[1])
    fmt = {"neo4j": "csv"}.get(name)
    from_lines, _ = built_project.export(tmp_path / "lines" / name, fmt)
    assert read and set(read) == {lines}
    monkeypatch.setattr(native, "built_lines", lambda folder, project: None)
    count = len(read)
    from_store, _ = built_project.export(tmp_path / "store" / name, fmt)
    assert len(read) == count
    if name == "neo4j":
        files = sorted(p.name for p in from_lines.iterdir())
        assert files == ["import.txt", "nodes.csv", "relationships.csv"]
        assert [(from_lines / f).read_bytes() for f in files] == [(from_store / f).read_bytes() for f in files]
    else:
        assert from_lines.read_bytes() == from_store.read_bytes()
    if name.endswith(("graphml", "gexf")):
        assert b'label="Yibin"' in from_lines.read_bytes() or b">Yibin</data>" in from_lines.read_bytes()


def test_lines_not_in_the_order_of_the_nodes_are_left_for_the_store(tmp_path):
    """The lines stand for the view only in their order (a subject's lines together, subjects in IRI order):
    out of it, None (the store is read instead); in it, the nodes, labels, columns and edges they hold."""
    from kg.export.property_lines import lines_property_graph

    acme, bluewave = "https://acme.example/acme", "https://acme.example/bluewave"
    city, name, in_place = str(KGO) + "City", str(RDFS.label), "https://acme.example/in"
    ordered = [f'<{acme}> <{RDF.type}> <{city}> .', f'<{acme}> <{name}> "Acme"@en .', f'<{acme}> <{in_place}> <{bluewave}> .',
               f'<{bluewave}> <{RDF.type}> <{city}> .', f'<{bluewave}> <{name}> "Bluewave" .']
    lines = tmp_path / "merged.lines"
    lines.write_text("\n".join(ordered) + "\n", encoding="utf-8")
    view = lines_property_graph(lines, Graph())
    assert [(n.id, n.label, n.classes) for n in view.nodes] == [(acme, "Acme", ["City"]), (bluewave, "Bluewave", ["City"])]
    assert [(e.source, e.target, e.type) for e in view.edges] == [(acme, bluewave, "IN")] and view.columns == []
    lines.write_text("\n".join(ordered[3:] + ordered[:3]) + "\n", encoding="utf-8")
    assert lines_property_graph(lines, Graph()) is None


def test_a_fresh_process_reads_the_builds_lines_state(built_project):
    """A command after the build runs in a new process, which has imported none of the build's modules: it
    still reads the merge state (every class it holds known to the cache) and so the merged lines, and
    leaves the state in place."""
    from kg.build.inputs import CACHE_FOLDER
    from kg.build.merge import STATE_FILE

    state = built_project.paths.out_dir / CACHE_FOLDER / STATE_FILE
    assert state.is_file()
    code = ("import sys; from pathlib import Path; from kg.project import ProjectPaths; "
            "from kg.store.native import built_lines; p = Path(sys.argv[1]); "
            "print(built_lines(p / 'out' / 'oxigraph', ProjectPaths(p / 'data', p / 'ontology' / 'kg.ttl', p / 'out')))")
    root = built_project.paths.out_dir.parent
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("merged.lines") and state.is_file()


def test_a_read_knows_the_lines_by_the_stamp_beside_the_state(built_project):
    """The state's store id and the lines' size are written beside it (a read decodes no state); without the
    state, or with a stamp of another size, the store is read itself."""
    from kg.build.inputs import CACHE_FOLDER
    from kg.build.merge import LINES_FILE, STAMP_FILE, STATE_FILE
    from kg.build.outputs import STORE_ID_FILE
    from kg.store.native import built_lines

    paths = built_project.paths
    cache = paths.out_dir / CACHE_FOLDER
    store_id = (paths.store_path / STORE_ID_FILE).read_text(encoding="ascii").strip()
    stamp = (cache / STAMP_FILE).read_text(encoding="ascii")
    assert stamp.split() == [store_id, str((cache / LINES_FILE).stat().st_size)]
    assert built_lines(paths.store_path, paths) == cache / LINES_FILE
    (cache / STATE_FILE).rename(cache / "state.aside")
    assert built_lines(paths.store_path, paths) is None
    (cache / "state.aside").rename(cache / STATE_FILE)
    (cache / STAMP_FILE).write_text(f"{store_id} 1\n", encoding="ascii")
    assert built_lines(paths.store_path, paths) is None
    (cache / STAMP_FILE).write_text(stamp, encoding="ascii")
    assert built_lines(paths.store_path, paths) == cache / LINES_FILE


def test_a_store_the_build_did_not_leave_as_it_is_is_read_itself(built_project, tmp_path):
    """The lines stand for a store only if it records their id: another store (or one loaded since) is read."""
    import shutil

    from kg.build.outputs import STORE_ID_FILE
    from kg.store.native import built_lines

    paths = built_project.paths
    copy = tmp_path / "oxigraph"
    shutil.copytree(paths.store_path, copy)
    assert built_lines(copy, paths) == built_lines(paths.store_path, paths) is not None
    (copy / STORE_ID_FILE).write_text("another\n", encoding="ascii")
    assert built_lines(copy, paths) is None
    (copy / STORE_ID_FILE).unlink()
    assert built_lines(copy, paths) is None


@pytest.mark.parametrize("fmt", ["nt", "ttl"])
def test_a_store_holding_a_blank_node_is_exported_through_rdflib_whole(graph, project, fmt, tmp_path):
    """A blank node has no name to sort by: the run-sorted writer gives way, leaves nothing behind, and the
    export (rdflib's, blank nodes named by their content) holds the store's graph."""
    from rdflib import BNode

    from kg.store.graphs import load_store
    from kg.store.spec import StoreSpec

    with_blank = Graph()
    with_blank += graph
    with_blank.add((KGR.yibin, KGO.quote, BNode("acme")))
    load_store(with_blank, StoreSpec("oxigraph", str(tmp_path / "db")), project)
    out = tmp_path / "out" / f"kg.{fmt}"
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--asserted-only", "--store",
                                       f"oxigraph:{tmp_path / 'db'}", "--data", str(DATA), "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == [f"kg.{fmt}"]
    assert isomorphic(Graph().parse(out, format=RDFLIB_NAMES[fmt]), with_blank)


def test_a_node_typed_as_a_provenance_record_too_is_left_out_as_through_rdflib(graph, ontology, project, tmp_path):
    """A subject with an entity's class and a provenance record's is no node, whichever its triples came
    first: the view read from the store is the one made through rdflib."""
    from kg.export.property_graph import property_graph
    from kg.export.property_store import store_property_graph
    from kg.store.graphs import load_store
    from kg.store.native import open_native
    from kg.store.spec import StoreSpec

    odd = Graph()
    odd += graph
    odd.add((KGR.yibin, RDF.type, KGO.Excerpt))
    load_store(odd, StoreSpec("oxigraph", str(tmp_path / "db")), project)
    view = store_property_graph(open_native(tmp_path / "db"), ontology)
    assert YIBIN not in {node.id for node in view.nodes} and view == property_graph(odd, ontology)


def test_graphml_written_as_text_reads_back_as_networkxs_own(graph, ontology, tmp_path):
    """kg's GraphML writer (text, a line per element) gives the network networkx's writer gives."""
    from kg.export.formats import network
    from kg.export.property_graph import property_graph

    view = property_graph(graph, ontology)
    ours = tmp_path / "ours.graphml"
    ours.write_bytes(render("graphml", Parts(graph), ontology))
    theirs = tmp_path / "theirs.graphml"
    theirs.write_text("\n".join(nx.generate_graphml(network(view), prettyprint=True)), encoding="utf-8")
    a, b = nx.read_graphml(ours), nx.read_graphml(theirs)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and a.number_of_nodes() == len(view.nodes)
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
    assert a.number_of_edges() == len(view.edges) > 0


def _networkx_gexf(view) -> bytes:
    """The GEXF networkx's own writer makes of the view's network (its creator line left out)."""
    from xml.etree.ElementTree import tostring

    from networkx.readwrite.gexf import GEXFWriter

    from kg.export.formats import network

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(network(view))
    writer.xml.find("meta").attrib.pop("lastmodifieddate")
    writer.indent(writer.xml)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(writer.xml, encoding="unicode").encode() + b"\n"


def _without_creator(data: bytes) -> bytes:
    return re.sub(rb"<creator>[^<]*</creator>", b"", data)


def test_gexf_written_as_text_is_networkxs_document(graph, ontology):
    """kg's GEXF writer (text) gives networkx's document byte for byte, the creator aside: on the seed, and
    on a view with characters to escape, an infinite value, lists, dates, and several edges between two
    nodes met out of the order of their targets."""
    import datetime

    from kg.export.gexf import gexf_bytes
    from kg.export.property_graph import Column, Edge, Node, PropertyGraph, property_graph

    seed = property_graph(graph, ontology)
    assert len(seed.edges) > 0 and _without_creator(gexf_bytes(seed)) == _without_creator(_networkx_gexf(seed))
    columns = [Column("founded", "date", False), Column("motto", "string", False), Column("ratio", "double", False),
               Column("tags", "string", True)]
    nodes = [Node("https://acme.example/a?x=1&y=2", 'Acme "A" <1>', ["Company"],
                  {"founded": datetime.date(1999, 3, 1), "motto": "line\none\ttab\r", "ratio": float("inf")}),
             Node("https://acme.example/b", "Bluewave", ["Company", "Brand"], {"tags": ["x & y", "z"]}),
             Node("https://acme.example/c", "Riverton", ["City"], {"ratio": 0.5})]
    edges = [Edge(nodes[0].id, nodes[2].id, "https://acme.example/p", "P", "p"),
             Edge(nodes[0].id, nodes[1].id, "https://acme.example/q", "Q", "q & r"),
             Edge(nodes[0].id, nodes[2].id, "https://acme.example/r", "R", "r"),
             Edge(nodes[1].id, nodes[0].id, "https://acme.example/p", "P", "p")]
    view = PropertyGraph(nodes, edges, columns)
    ours = gexf_bytes(view)
    assert _without_creator(ours) == _without_creator(_networkx_gexf(view))
    read = nx.read_gexf(io.BytesIO(ours))
    assert read.nodes[nodes[0].id]["label"] == 'Acme "A" <1>' and read.nodes[nodes[0].id]["motto"] == "line\none\ttab\r"
    assert read.number_of_edges() == 4


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_property_graphs_from_one_pass_over_the_store_are_todays(built_project, fmt, tmp_path):
    """GraphML, GEXF and Neo4j CSV of the project's store, made from its sorted lines: the same bytes as the
    view made through rdflib from the same store."""
    from kg.export.property_graph import property_graph
    from kg.export.property_store import store_property_graph
    from kg.store.graphs import open_graph, reading_store
    from kg.store.native import open_native

    paths = built_project.paths
    spec = reading_store(None, paths)
    ontology = load_ontology(paths.ontology_path)
    expected = property_graph(open_graph(None, paths, spec, local=True), ontology)
    assert store_property_graph(open_native(spec.location), ontology) == expected
    written, _ = built_project.export(tmp_path / ("neo4j" if fmt == "csv" else f"kg.{fmt}"), fmt)
    rendered = render(fmt, Parts(open_graph(None, paths, spec, local=True)), ontology)
    if fmt == "csv":
        assert {p.name: p.read_bytes() for p in written.iterdir()} == rendered
    else:
        assert written.read_bytes() == rendered
