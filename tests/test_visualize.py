"""The node and edge data of `kg viz`, and the page made from it (no browser: see test_viz_browser.py)."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest
from conftest import DATA
from helpers import rows
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

from kg.facts.namespaces import KGO, KGR
from kg.store.graphs import with_ontology
from kg.viz.layout import importance, layout, radial_layout
from kg.viz.page import make_page, page_data, render_page, source_texts
from kg.viz.style import FAMILIES, SERIES_CLASS, class_styles
from kg.viz.view import VizError, build_view, find_node, limit, neighbourhood, series_id

YIBIN = str(KGR.yibin)
DATA_SOURCES = DATA / "sources"


@pytest.fixture(scope="module")
def full(graph, project) -> Graph:
    return with_ontology(graph, project)


@pytest.fixture(scope="module")
def view(full):
    return build_view(full)


def test_nodes_are_the_entities_with_observations_folded_per_indicator_and_area(graph, view):
    entities = {r[0] for r in rows(graph, """SELECT DISTINCT ?e WHERE { ?e a ?c .
        FILTER(STRSTARTS(STR(?e), STR(kgr:)))
        FILTER(?c NOT IN (rdf:Statement, kgo:Excerpt, kgo:SourceDocument, kgo:Reference, qb:DataSet, qb:Observation)) }""")}
    indicators = {r[0] for r in rows(graph, "SELECT DISTINCT ?i WHERE { ?o kgo:indicator ?i }")}
    pairs = rows(graph, "SELECT DISTINCT ?i ?a WHERE { ?o kgo:indicator ?i ; sdmx-dimension:refArea ?a }")
    assert {n.id for n in view.nodes} == (entities - indicators) | {series_id(i, a) for i, a in pairs}
    assert len(view.nodes) == 86


def test_labels_and_classes_are_readable(view):
    yibin, catl = view.node(YIBIN), view.node(str(KGR.catl))
    assert (yibin.label, yibin.class_label) == ("Yibin", "City")
    assert (catl.label, catl.class_label) == ("CATL", "Company")
    assert not [n.label for n in view.nodes if n.label.startswith("http")]
    assert {e.label for e in view.edges} >= {"recipient", "awarded by", "contained in place", "reference area"}


def test_classes_fall_into_families_with_one_colour_each(view, full):
    styles = class_styles(view.nodes, full)
    by_class = {s.cls: s for s in styles}
    family = {s.cls: s.family for s in styles}
    assert family[str(KGO.City)] == family[str(KGO.Province)] == "places"
    assert family[str(KGO.Company)] == family[str(KGO.Person)] == family[str(KGO.GovernmentAgency)] == "organisations"
    assert family[str(KGO.TitleConferral)] == family[str(KGO.HonoraryTitle)] == "events"
    assert family[str(KGO.BatteryComponent)] == family[str(KGO.ChainStage)] == "industry"
    assert family[str(KGO.ResearchPlatform)] == family[str(KGO.ResearchTopic)] == "research"
    assert family[SERIES_CLASS] == "statistics" and family[str(KGO.Policy)] == "documents"
    assert by_class[SERIES_CLASS].count == 27
    assert sum(s.count for s in styles) == len(view.nodes)
    assert {s.family for s in styles} <= {f.key for f in FAMILIES}  # no class of this data is left in "other"
    colours = {f.key: f.color for f in FAMILIES}
    assert len(set(colours.values())) == len(FAMILIES)
    assert by_class[str(KGO.City)].color == colours["places"]
    assert [s.family for s in styles] == sorted((s.family for s in styles), key=[f.key for f in FAMILIES].index)


def _lab(color: str) -> tuple[float, float, float]:
    """sRGB hex -> CIE L*a*b* (D65)."""
    linear = [(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
              for c in (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))]
    r, g, b = linear
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _delta_e(a: str, b: str) -> float:
    """CIE76 colour difference: about 2.3 is just noticeable, 15 and more is clearly another colour."""
    return math.dist(_lab(a), _lab(b))


def test_a_class_looks_the_same_on_every_page_and_no_two_classes_alike(view, full):
    pages = [build_view(full, provenance=True), view, limit(view, 20), neighbourhood(view, YIBIN, 1)]
    looks: dict[str, tuple[str, str]] = {}
    for page in pages:
        styles = class_styles(page.nodes, full)
        for style in styles:  # the same look for a class on every page
            assert looks.setdefault(style.cls, (style.color, style.shape)) == (style.color, style.shape), style.label
        assert len({(s.color, s.shape) for s in styles}) == len(styles)  # two classes never look alike
    for a, b in itertools.combinations(FAMILIES, 2):  # families differ clearly in colour
        assert _delta_e(a.color, b.color) >= 15, (a.label, b.label)


def test_entity_tooltip_has_class_properties_and_evidence_with_source(graph, view):
    tooltip = view.node(YIBIN).tooltip
    assert tooltip.startswith("Yibin\nClass: City\n")
    assert "contained in place: Sichuan" in tooltip
    assert "holds title: China's Liquor Capital, China's Power Battery Capital" in tooltip
    [(quote, source)] = rows(graph, """SELECT ?q ?t WHERE { ?st rdf:subject kgr:yibin ; rdf:predicate rdf:type ;
        prov:wasDerivedFrom ?x . ?x kgo:quote ?q ; prov:wasQuotedFrom ?s . ?s rdfs:label ?t }""")
    assert f"Evidence from {source}:" in tooltip and f"“{quote}”" in tooltip


def test_edge_tooltip_has_the_evidence_of_that_triple(graph, view):
    [edge] = [e for e in view.edges if e.source == str(KGR["power-battery-capital-conferral-2023"])
              and e.label == "recipient"]
    [(quote,)] = rows(graph, """SELECT ?q WHERE { ?st rdf:subject kgr:power-battery-capital-conferral-2023 ;
        rdf:predicate kgo:recipient ; prov:wasDerivedFrom/kgo:quote ?q }""")
    assert edge.target == YIBIN
    assert edge.tooltip.startswith("Yibin awarded China's Power Battery Capital (2023) — recipient → Yibin")
    assert f"“{quote}”" in edge.tooltip


def test_series_tooltip_holds_the_time_series_with_units_and_qualifiers(view):
    patents = view.node(series_id(KGR["authorized-invention-patents"], KGR.yibin)).tooltip
    assert "\n2021: 168 count (stated as “168 pieces”)\n2022: 275 count\n" in patents
    charging = view.node(series_id(KGR["charging-interfaces"], KGR.yibin))
    assert "2023: more than 9,000 count" in charging.tooltip
    assert "“Up to now, more than 9,000 charging interfaces have been built in Yibin”" in charging.tooltip
    income = view.node(series_id(KGR["high-tech-industry-operating-income"], KGR.yibin)).tooltip
    assert "2022: 163,522,000,000 yuan (CNY) (stated as “163.522 billion yuan”)" in income
    assert any(e.source == charging.id and e.target == YIBIN and e.label == "reference area" for e in view.edges)


def test_series_edges_carry_the_quotes_of_their_observations(graph, view):
    patents = series_id(KGR["authorized-invention-patents"], KGR.yibin)
    quotes = {q for (q,) in rows(graph, """SELECT ?q WHERE { ?o kgo:indicator kgr:authorized-invention-patents ;
        sdmx-dimension:refArea kgr:yibin ; prov:wasDerivedFrom/kgo:quote ?q }""")}
    [(bulletin,)] = rows(graph, """SELECT DISTINCT ?b WHERE { ?o kgo:indicator kgr:authorized-invention-patents ;
        sdmx-dimension:refArea kgr:yibin ; kgo:basedOn ?b }""")
    area = next(e for e in view.edges if e.source == patents and e.target == YIBIN)
    based = next(e for e in view.edges if e.source == patents and e.target == str(bulletin))
    assert (area.label, based.label) == ("reference area", "based on")
    assert len(quotes) == 2
    for edge in (area, based):
        assert "\nEvidence from " in edge.tooltip
        assert all(f"“{q}”" in edge.tooltip for q in quotes), edge.tooltip


def test_focus_by_label_curie_or_iri_and_unknown_names_suggest(view):
    assert find_node(view, "yibin") == find_node(view, "kgr:yibin") == find_node(view, YIBIN) == YIBIN
    with pytest.raises(VizError, match=r"no entity named 'Yibn'.*did you mean 'Yibin'"):
        find_node(view, "Yibn")
    near = neighbourhood(view, YIBIN, 1)
    linked = {e.target for e in view.edges if e.source == YIBIN} | {e.source for e in view.edges if e.target == YIBIN}
    assert near.ids() == linked | {YIBIN}
    assert str(KGR.sichuan) in near.ids() and str(KGR.catl) not in near.ids()
    assert str(KGR.catl) in neighbourhood(view, YIBIN, 2).ids()


def test_max_nodes_keeps_the_best_connected_and_says_so(view):
    cut = limit(view, 10)
    assert len(cut.nodes) == 10 and YIBIN in cut.ids()
    assert cut.notices == ["Showing 10 of 86 nodes (--max-nodes 10): 76 left out, keeping the most connected."]
    assert all(e.source in cut.ids() and e.target in cut.ids() for e in cut.edges)
    assert limit(view, 500) is view


def test_provenance_draws_excerpts_and_sources(full):
    view = build_view(full, provenance=True)
    excerpts = [n for n in view.nodes if n.cls == str(KGO.Excerpt)]
    sources = [n for n in view.nodes if n.cls == str(KGO.SourceDocument)]
    assert len(excerpts) > 50 and len(sources) == 1
    assert any(e.source == YIBIN and e.label == "was derived from" for e in view.edges)
    assert all(any(e.source == x.id and e.target == sources[0].id for e in view.edges) for x in excerpts)


def test_page_is_offline_deterministic_and_escaped(view, full):
    html = render_page(view, full, "Test")
    assert render_page(view, full, "Test") == html
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "cdn." not in html and "bootstrap" not in html.lower()
    evil = Graph()
    for triple in full:
        evil.add(triple)
    evil.add((KGR.evil, RDF.type, KGO.Company))
    evil.add((KGR.evil, RDFS.label, Literal("<img src=x onerror=alert(1)>")))
    evil.add((KGR.evil, KGO.jurisdiction, KGR.yibin))
    evil_view = build_view(evil)
    page = render_page(evil_view, evil, "<b>title</b>", {d: "</script><script>alert(1)</script>" for d in evil_view.documents})
    assert page.count("</script>") == 4  # kg's two scripts and two blocks of data: a source text cannot close one
    assert "<img src=x" not in page and "<b>title" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page          # the search list, as text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page    # the node data, as JSON


def test_make_page_draws_a_construct_query_and_refuses_others(tmp_path, graph, project):
    graph_file = tmp_path / "graph.ttl"
    graph.serialize(graph_file, format="turtle")
    query = tmp_path / "awards.rq"
    query.write_text("CONSTRUCT { ?c ?p ?o } WHERE { ?c a kgo:TitleConferral ; ?p ?o . FILTER(isIRI(?o)) }")
    result = make_page(tmp_path / "q.html", graph_file=graph_file, query_file=query, project=project)
    html = (tmp_path / "q.html").read_text(encoding="utf-8")
    linked = rows(graph, """SELECT DISTINCT ?o WHERE { ?c a kgo:TitleConferral ; ?p ?o .
        FILTER(isIRI(?o) && ?p != rdf:type) }""")
    assert result.nodes == len(linked) + 1 == 6
    assert "China Battery Industry Association" in {n["name"] for n in _page_nodes(html)}
    query.write_text("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(VizError, match="needs a CONSTRUCT query"):
        make_page(tmp_path / "r.html", graph_file=graph_file, query_file=query, project=project)
    assert not (tmp_path / "r.html").exists()


def test_radial_layout_places_every_node_apart_and_the_same_each_time(view):
    positions = radial_layout(view)
    assert set(positions) == view.ids()
    assert len(set(positions.values())) == len(positions)
    assert radial_layout(view) == positions


def _page_nodes(html: str) -> list[dict]:
    """The node data a page hands to vis-network."""
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html).group(1))["nodes"]


def test_make_page_draws_a_library_query_with_its_param_defaults_and_given_params(tmp_path, graph, project, view):
    graph_file = tmp_path / "graph.ttl"
    graph.serialize(graph_file, format="turtle")
    queries = project.data_dir.parent / "queries"
    # entity.rq's "# param ?entity = kgr:yibin" is its default: unbound, ?entity would match every triple.
    make_page(tmp_path / "yibin.html", graph_file=graph_file, query_file="entity", queries_dir=queries, project=project)
    html = (tmp_path / "yibin.html").read_text(encoding="utf-8")
    assert "<title>Knowledge graph: entity.rq</title>" in html
    ids = {n["id"] for n in _page_nodes(html)}
    assert YIBIN in ids and ids <= neighbourhood(view, YIBIN, 1).ids()
    make_page(tmp_path / "catl.html", graph_file=graph_file, query_file="entity", queries_dir=queries,
              params={"entity": KGR.catl}, project=project)
    linked = {str(r[0]) for r in rows(graph, """SELECT ?n WHERE { { kgr:catl ?p ?n } UNION { ?n ?p kgr:catl }
        ?n a ?c FILTER(?c NOT IN (rdf:Statement, owl:Class)) }""")}
    assert {n["id"] for n in _page_nodes((tmp_path / "catl.html").read_text(encoding="utf-8"))} == linked | {str(KGR.catl)}


AWARD = KGR["power-battery-capital-conferral-2023"]
INCOME = series_id(KGR["high-tech-industry-operating-income"], KGR.yibin)


def test_an_edge_carries_its_fact_with_the_excerpts_offsets_and_source(graph, view):
    [edge] = [e for e in view.edges if e.source == str(AWARD) and e.label == "recipient"]
    [(excerpt, start, end, source)] = rows(graph, """SELECT ?x ?s ?e ?src WHERE { ?st rdf:subject kgr:power-battery-capital-conferral-2023 ;
        rdf:predicate kgo:recipient ; rdf:object kgr:yibin ; prov:wasDerivedFrom ?x .
        ?x kgo:startOffset ?s ; kgo:endOffset ?e ; prov:wasQuotedFrom ?src }""")
    [fact] = edge.facts
    assert fact.text == "Yibin awarded China's Power Battery Capital (2023) — recipient → Yibin"
    assert fact.excerpts == (str(excerpt),) and not fact.draft and not edge.draft
    quote = view.quotes[str(excerpt)]
    assert (quote.start, quote.end, quote.source) == (int(start), int(end), str(source))
    assert view.documents[str(source)].file_name == "000_6877afdc895f6c52.txt"
    assert fact in view.node(YIBIN).facts and fact in view.node(str(AWARD)).facts


def test_a_statistic_holds_its_points_read_as_a_person_reads_them(graph, view):
    expected = rows(graph, """SELECT ?year ?value WHERE { ?o kgo:indicator kgr:high-tech-industry-operating-income ;
        sdmx-dimension:refArea kgr:yibin ; kgo:year ?year ; sdmx-measure:obsValue ?value } ORDER BY ?year""")
    points = view.node(INCOME).points
    assert [(p.year, p.value) for p in points] == [(int(y), float(v)) for y, v in expected]
    assert [p.text for p in points] == ["103.1 billion yuan", "163.5 billion yuan"]
    assert points[1].stated == "163.522 billion yuan" and points[1].unit == str(KGO.CNY)
    charging = view.node(series_id(KGR["charging-interfaces"], KGR.yibin)).points
    assert [(p.qualifier, p.text) for p in charging] == [("more than", "9,000")]
    targets = [p for n in view.nodes for p in n.points if p.target]
    assert len(targets) == len(rows(graph, "SELECT ?o WHERE { ?o kgo:status kgo:Target }")) == 1


def test_page_data_charts_never_mix_units_and_facts_point_back(graph, view, full, source_text):
    data = page_data(view, class_styles(view.nodes, full), source_texts(view, DATA_SOURCES)[0])
    nodes = {n["id"]: n for n in data["nodes"]}
    yibin = nodes[YIBIN]
    units = [{data["series"][s]["unit"] for s in chart} for chart in yibin["charts"]]
    assert all(len(u) == 1 for u in units) and len(units) == len({u.pop() for u in units}) >= 3
    indicators = rows(graph, "SELECT DISTINCT ?i WHERE { ?o kgo:indicator ?i ; sdmx-dimension:refArea kgr:yibin }")
    assert sum(len(chart) for chart in yibin["charts"]) == len(indicators)  # every statistic of Yibin, a chart per unit
    [[income]] = nodes[INCOME]["charts"]
    assert data["series"][income]["axis"] == "billion yuan" and data["series"][income]["div"] == 1e9
    assert [p[2] for p in data["series"][income]["points"]] == [103073000000.0, 163522000000.0]
    for fact_index in nodes[INCOME]["f"]:
        assert data["facts"][fact_index][3] == INCOME  # an observation's fact leads back to its statistic
    recipient = next(e for e in data["edges"] if e["from"] == str(AWARD) and e["to"] == YIBIN)
    [fact_index] = recipient["f"]
    assert data["facts"][fact_index][3] == recipient["id"]
    [[doc, start, end, quote]] = [data["excerpts"][x] for x in data["facts"][fact_index][1]]
    assert data["docs"][doc]["text"] == source_text and source_text[start:end] == quote
    assert data["years"] == sorted({p.year for n in view.nodes for p in n.points})


def test_a_source_that_changed_since_the_build_is_not_used(view, tmp_path, source_text):
    (tmp_path / "000_6877afdc895f6c52.txt").write_text(source_text.replace("Yibin", "Yibim"), encoding="utf-8")
    texts, notices = source_texts(view, tmp_path)
    assert texts == {}
    assert notices == [f"{tmp_path}/000_6877afdc895f6c52.txt: differs from the text the graph was built from (SHA-256): "
                       "the reading pane shows its quotes alone; rebuild with kg build."]
    assert list(source_texts(view, DATA_SOURCES)[0].values()) == [source_text]


def test_drafted_statements_make_drafted_nodes_and_edges(full):
    drafted = Graph()
    for triple in full:
        drafted.add(triple)
    extraction = KGR["extraction/test"]
    for statement in drafted.subjects(RDF.subject, KGR.catl):
        drafted.add((statement, PROV.wasGeneratedBy, extraction))
    for statement in drafted.subjects(RDF.object, KGR.catl):
        drafted.add((statement, PROV.wasGeneratedBy, extraction))
    view = build_view(drafted)
    assert view.node(str(KGR.catl)).draft and not view.node(YIBIN).draft
    [edge] = [e for e in view.edges if e.target == str(KGR.catl)]
    assert edge.draft and all(f.draft for f in edge.facts)


def test_layout_and_importance_are_deterministic_and_rank_the_hub_first(view):
    scores = importance(view)
    assert max(scores, key=scores.get) == YIBIN
    positions = layout(view, scores)
    assert set(positions) == view.ids() and len(set(positions.values())) == len(positions)
    assert layout(view, scores) == positions
