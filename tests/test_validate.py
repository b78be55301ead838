"""SHACL validation: the built graph conforms; broken copies of it fail with the expected violation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY
from helpers import plant_awards
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg.build.validate import validate_graph
from kg.cli import main
from kg.facts.namespaces import KGO, KGR, SDMX_ATTRIBUTE, SDMX_MEASURE, bind_prefixes
from kg.facts.terms import statement_iri
from kg.project import ProjectPaths

XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
COUNT_OBSERVATION = KGR["observation/yibin-power-battery-capital-2023/charging-interfaces-yibin-2023"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _copy(graph: Graph) -> Graph:
    copy = bind_prefixes(Graph())
    for triple in graph:
        copy.add(triple)
    return copy


def _without_unit(g: Graph) -> None:
    g.remove((COUNT_OBSERVATION, SDMX_ATTRIBUTE.unitMeasure, None))


def _count_as_string(g: Graph) -> None:
    g.remove((COUNT_OBSERVATION, SDMX_MEASURE.obsValue, None))
    g.add((COUNT_OBSERVATION, SDMX_MEASURE.obsValue, Literal("9000", datatype=XSD_STRING)))


def _entity_without_label(g: Graph) -> None:
    g.remove((KGR.catl, RDFS.label, None))


def _fact_without_evidence(g: Graph) -> None:
    g.remove((statement_iri(KGR["catl-arrival-in-yibin-2019"], KGO.company, KGR.catl), PROV.wasDerivedFrom, None))


def _fact_not_reified(g: Graph) -> None:
    g.remove((statement_iri(KGR.yibin, KGO.holdsTitle, KGR["china-s-power-battery-capital"]), None, None))


def _excerpt_offsets_reversed(g: Graph) -> None:
    excerpt = KGR["excerpt/yibin-power-battery-capital-2023/5689-5760"]
    g.set((excerpt, KGO.startOffset, Literal(5760)))
    g.set((excerpt, KGO.endOffset, Literal(5689)))


# breakage -> (focus node, line the report must hold)
BROKEN = {
    "observation without a unit": (
        _without_unit, "kgr:observation/yibin-power-battery-capital-2023/charging-interfaces-yibin-2023",
        "sdmx-attribute:unitMeasure: expected at least 1 value(s); found 0 value(s)",
    ),
    "count given as a string": (
        _count_as_string, "kgr:observation/yibin-power-battery-capital-2023/charging-interfaces-yibin-2023",
        'sdmx-measure:obsValue: expected a value in kgo:Count must be a literal of xsd:integer; found "9000"^^xsd:string',
    ),
    "entity without a label": (
        _entity_without_label, "kgr:catl", "rdfs:label: expected at least 1 value(s); found 0 value(s)",
    ),
    "fact without evidence": (
        _fact_without_evidence, "kgr:catl-arrival-in-yibin-2019",
        "kgo:company: expected every fact needs a reified rdf:Statement with prov:wasDerivedFrom a kgo:Excerpt; "
        "found kgr:catl",
    ),
    "fact not reified": (
        _fact_not_reified, "kgr:yibin",
        "kgo:holdsTitle: expected every fact needs a reified rdf:Statement with prov:wasDerivedFrom a kgo:Excerpt; "
        "found kgr:china-s-power-battery-capital",
    ),
    "excerpt ending before it starts": (
        _excerpt_offsets_reversed, "kgr:excerpt/yibin-power-battery-capital-2023/5689-5760",
        'kgo:startOffset: expected less than its kgo:endOffset; found "5760"^^xsd:integer',
    ),
}


@pytest.fixture(scope="module")
def report(graph, project):
    return validate_graph(graph, project)


def test_built_graph_conforms(report):
    assert report.conforms, report.violations[:5]
    assert report.violations == []


def test_validate_command_conforms_on_built_graph(tmp_path, graph):
    file = tmp_path / "graph.nt"
    graph.serialize(file, format="nt", encoding="utf-8")
    result = run("validate", "--graph", str(file), "--ontology", str(ONTOLOGY))
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_fails_with_expected_violation(case, tmp_path, graph):
    breakage, focus, line = BROKEN[case]
    broken = _copy(graph)
    breakage(broken)
    file = tmp_path / "broken.ttl"
    broken.serialize(file, format="turtle")
    result = run("validate", "--graph", str(file), "--ontology", str(ONTOLOGY))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Does not conform")
    block = result.output.split(f"\n{focus} ", 1)[1].split("\n\n")[0]
    assert line in block, result.output


def test_the_report_names_the_label_of_the_focus_node(tmp_path, graph):
    broken = _copy(graph)
    _without_unit(broken)
    file = tmp_path / "broken.ttl"
    broken.serialize(file, format="turtle")
    data = json.loads(run("validate", "--graph", str(file), "--ontology", str(ONTOLOGY), "--format", "json").output)
    assert data["conforms"] is False and data["violations"] == 1
    [node] = data["nodes"]
    assert node["label"] == "Charging interfaces built, Yibin, 2023"
    assert node["results"][0]["path"] == "sdmx-attribute:unitMeasure"
    assert node["results"][0]["severity"] == "Violation"


def test_a_copy_stripped_of_labels_fails_on_every_entity(tmp_path, graph, report):
    stripped = _copy(graph)
    entities = {s for s in stripped.subjects(RDFS.label, None)
                if (s, RDF.type, KGO.Excerpt) not in stripped and str(s).startswith(str(KGR))}
    stripped.remove((None, RDFS.label, None))
    file = tmp_path / "stripped.ttl"
    stripped.serialize(file, format="turtle")
    result = run("validate", "--graph", str(file), "--ontology", str(ONTOLOGY), "--format", "json")
    assert result.exit_code == 1
    failed = {n["focus"] for n in json.loads(result.output)["nodes"]}
    assert len(failed) == len(entities) == 86 + 38 + 1 + 1 + 4  # entities, observations, the data set, the source, the link references


def test_unreadable_graph_exits_2(tmp_path):
    file = tmp_path / "bad.ttl"
    file.write_text("kgr:yibin a kgo:City", encoding="utf-8")
    result = run("validate", "--graph", str(file), "--ontology", str(ONTOLOGY))
    assert result.exit_code == 2
    assert result.output == f"kg: error: {file}:1: not valid Turtle (column 1): The prefix kgr: has not been declared\n"


def test_build_fails_on_violations_and_writes_nothing(tmp_path):
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    shutil.copy(ONTOLOGY, ontology / "kg.ttl")
    shapes = (ONTOLOGY.parent / "shapes.ttl").read_text(encoding="utf-8")
    # A stricter rule than the data meets: every company needs a jurisdiction.
    shapes += "\nkgs:Strict a sh:NodeShape ; sh:targetClass kgo:Company ; sh:property [ sh:path kgo:jurisdiction ; sh:minCount 1 ] .\n"
    (ontology / "shapes.ttl").write_text(shapes, encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", "--data", str(DATA), "--ontology", str(ontology / "kg.ttl"), "--out", str(out)]
    result = run(*args)
    assert result.exit_code == 1
    assert "kgr:catl" in result.output and "kgo:jurisdiction: expected at least 1 value(s)" in result.output
    assert "breaks 1 SHACL rule(s)" in result.output
    assert not out.exists()
    assert run(*args, "--no-validate").exit_code == 0
    assert (out / "graph.ttl").is_file()


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_sparql_constraints_on_oxigraph_report_what_pyshacl_reports(case, graph, project):
    """The SPARQL constraints run once over the graph on Oxigraph; pySHACL runs them per focus node: same report."""
    from kg.build.validate import validate_graph

    broken = _copy(graph)
    BROKEN[case][0](broken)
    whole = validate_graph(broken, project, sparql_constraints="oxigraph")
    per_node = validate_graph(broken, project, sparql_constraints="pyshacl")
    assert not whole.conforms and whole.violations == per_node.violations


def test_planted_errors_in_two_documents_are_reported_with_file_and_line(scratch_data):
    """Two documents each declare a title conferral that awards nothing (the shapes want a recipient and a
    title): both are reported, the same by either way of running the SPARQL constraints, each with the file
    and line that declares it."""
    from kg.build.validate import validate_graph
    from kg.facts.folder import build

    plant_awards(scratch_data)
    graph, locations = build(scratch_data, ONTOLOGY)
    project = ProjectPaths(data_dir=scratch_data, ontology_path=ONTOLOGY)
    report = validate_graph(graph, project, locations=locations)
    reference = validate_graph(graph, project, sparql_constraints="pyshacl", locations=locations)
    assert report.violations == reference.violations
    found = {(v.focus, v.path, v.where) for v in report.violations}
    assert found == {
        ("kgr:lanzhou-award", "kgo:recipient", f"{scratch_data / 'facts' / '001_lanzhou.yaml'}:8"),
        ("kgr:lanzhou-award", "kgo:awardedTitle", f"{scratch_data / 'facts' / '001_lanzhou.yaml'}:8"),
        ("kgr:xuzhou-award", "kgo:recipient", f"{scratch_data / 'facts' / '002_xuzhou.yaml'}:8"),
        ("kgr:xuzhou-award", "kgo:awardedTitle", f"{scratch_data / 'facts' / '002_xuzhou.yaml'}:8"),
    }
    result = run("build", "--data", str(scratch_data), "--ontology", str(ONTOLOGY), "--out", str(scratch_data / "out"))
    assert result.exit_code == 1
    assert f"kgr:xuzhou-award  \"Xuzhou ceremony\"  ({scratch_data / 'facts' / '002_xuzhou.yaml'}:8)" in result.output
    assert not (scratch_data / "out").exists()


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_stores_lines_give_the_report_of_the_graph_word_for_word(case, graph, project, tmp_path):
    """kg validate on a store reads its N-Triples as Oxigraph writes them and runs the SPARQL constraints
    in the store itself: the same report as validating the store's graph through rdflib (oxrdflib), as kg
    validate did."""
    from kg.build.validate import validate_lines
    from kg.store.graphs import load_store, open_graph
    from kg.store.native import data_lines, open_native
    from kg.store.spec import StoreSpec
    from kg.store.validation import validate_store

    broken = _copy(graph)
    BROKEN[case][0](broken)
    spec = StoreSpec("oxigraph", str(tmp_path / "oxigraph"))
    load_store(broken, spec, project)
    store = open_native(tmp_path / "oxigraph")
    from_store = validate_lines(data_lines(store), project, store=store)
    from_graph = validate_graph(open_graph(None, project, spec, local=True), project)
    assert not from_store.conforms and from_store.violations == from_graph.violations
    assert from_store.as_data() == from_graph.as_data()
    by_subject = validate_store(store, project)  # what kg validate --shapes runs: a subject at a time
    assert by_subject.violations == from_graph.violations and by_subject.as_data() == from_graph.as_data()


def test_every_kind_of_target_is_checked_a_subject_at_a_time_as_in_the_whole_graph(graph, project, tmp_path):
    """Shapes that target a node, the subjects and the objects of a predicate, and a class whose instances
    the ontology alone describes (units), with a literal among the focus nodes: the store checked a subject
    at a time reports what the whole graph's index reports."""
    from kg.build.validate import validate_lines
    from kg.store.graphs import load_store
    from kg.store.native import data_lines, open_native
    from kg.store.spec import StoreSpec
    from kg.store.validation import validate_store

    extra = tmp_path / "targets.ttl"
    extra.write_text((ONTOLOGY.parent / "shapes.ttl").read_text(encoding="utf-8") + """
@prefix kgr: <https://kg.example.org/id/> .
kgs:NodeTarget a sh:NodeShape ; sh:targetNode kgr:catl , kgr:nowhere-acme , "Bluewave" ;
    sh:property [ sh:path kgo:jurisdiction ; sh:minCount 1 ] .
kgs:SubjectsOf a sh:NodeShape ; sh:targetSubjectsOf kgo:company ; sh:property [ sh:path kgo:riverton ; sh:minCount 1 ] .
kgs:ObjectsOf a sh:NodeShape ; sh:targetObjectsOf kgo:company ; sh:class kgo:City .
kgs:Units a sh:NodeShape ; sh:targetClass kgo:Unit ; sh:property [ sh:path kgo:valueDatatype ; sh:maxCount 0 ] .
""", encoding="utf-8")
    spec = StoreSpec("oxigraph", str(tmp_path / "oxigraph"))
    load_store(graph, spec, project)
    store = open_native(tmp_path / "oxigraph")
    whole = validate_lines(data_lines(store), project, extra, store=store)
    by_subject = validate_store(store, project, extra)
    focus = {v.focus for v in whole.violations}
    assert {"kgr:catl", "kgr:nowhere-acme", "Bluewave", "kgo:Count"} <= focus
    assert {v.path for v in whole.violations if v.focus == "kgr:catl-arrival-in-yibin-2019"} >= {"kgo:riverton"}
    assert any("kgo:City" in v.expected for v in whole.violations if v.focus == "kgr:catl")
    assert by_subject.violations == whole.violations


def test_a_dump_is_handed_on_a_subject_at_a_time_whatever_its_chunks():
    """The sink Oxigraph's dump writes into gives each subject's lines once, complete, however the bytes are
    cut into chunks; a subject whose lines come apart is noticed (the caller then validates the whole
    graph)."""
    from kg.store.validation import _Subjects

    text = (b'<a> <p> "x y" .\n<a> <q> <b> .\n<b> <p> "2"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
            b'<c> <p> <a> .')
    for cut in range(1, len(text)):
        seen = []
        sink = _Subjects(lambda subject, lines: seen.append((subject, list(lines))))
        for start in range(0, len(text), cut):
            sink.write(text[start:start + cut])
        assert sink.close()
        assert seen == [(b"<a>", [b'<a> <p> "x y" .', b"<a> <q> <b> ."]),
                        (b"<b>", [b'<b> <p> "2.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .']),
                        (b"<c>", [b"<c> <p> <a> ."])]
    apart = _Subjects(lambda subject, lines: None)
    apart.write(b"<a> <p> <b> .\n<b> <p> <a> .\n<a> <q> <b> .\n")
    assert not apart.close()


def test_an_unchanged_build_answers_with_its_own_report_and_a_changed_shapes_file_is_checked(tmp_path):
    """The build keeps its report in out/: kg validate gives it while nothing changed. Other shapes (given
    with --shapes, or the project's own once edited) are checked on the store: the report that validating
    the graph file with them gives."""
    built = _built_project(tmp_path)
    project_dir = built.root
    kept = json.loads((project_dir / "out" / "validation.json").read_text(encoding="utf-8"))
    assert kept == {"conforms": True, "violations": []}
    assert built.validate().conforms
    strict = _strict_shapes(tmp_path)
    by_file = built.validate(graph_file=project_dir / "out" / "graph.ttl", shapes=strict)
    by_store = built.validate(shapes=strict)
    assert not by_store.conforms and by_store.as_data() == by_file.as_data()
    assert "kgr:catl" in by_store.by_focus()
    shutil.copy(strict, project_dir / "ontology" / "shapes.ttl")  # the project's shapes edited
    assert built.validate().as_data() == by_file.as_data()
    assert not (project_dir / "out" / "validation.json").exists()  # the rebuild did not validate: no stale report


def test_other_shapes_on_an_unchanged_build_read_its_lines_to_the_same_report(tmp_path, monkeypatch):
    """kg validate --shapes on the store as the build left it reads the build's merged lines, not the store's
    dump (which costs several times more): the report the dump gives, word for word."""
    from kg.store import native, validation

    built = _built_project(tmp_path)
    project_dir = built.root
    strict = _strict_shapes(tmp_path)
    given = []
    checking = validation.validate_store
    monkeypatch.setattr(validation, "validate_store", lambda *args: (given.append(args[-1]), checking(*args))[1])
    from_lines = built.validate(shapes=strict)
    monkeypatch.setattr(native, "built_lines", lambda folder, project: None)
    from_dump = built.validate(shapes=strict)
    assert given == [project_dir / "out" / ".cache" / "merged.lines", None]
    assert not from_lines.conforms and from_lines.as_data() == from_dump.as_data()
    assert "kgr:catl" in from_lines.by_focus()


def _built_project(tmp_path: Path):
    """The seed data and ontology as a project in ``tmp_path``, built."""
    import kg

    project_dir = tmp_path / "project"
    shutil.copytree(DATA, project_dir / "data")
    shutil.copytree(ONTOLOGY.parent, project_dir / "ontology")
    (project_dir / "pyproject.toml").write_text("[tool.kg]\n", encoding="utf-8")
    built = kg.Project(project_dir)
    built.build()
    return built


def _strict_shapes(tmp_path: Path) -> Path:
    """The project's shapes and one more rule (every company names its jurisdiction), which the seed breaks."""
    strict = tmp_path / "strict.ttl"
    strict.write_text((ONTOLOGY.parent / "shapes.ttl").read_text(encoding="utf-8") + "\nkgs:Strict a sh:NodeShape ; "
                      "sh:targetClass kgo:Company ; sh:property [ sh:path kgo:jurisdiction ; sh:minCount 1 ] .\n",
                      encoding="utf-8")
    return strict
