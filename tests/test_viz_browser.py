"""`kg viz` pages in a real browser: Debian's headless Chromium through Playwright, all network blocked.

Skipped only outside CI when /usr/bin/chromium is missing; in CI (CI=true) a missing browser fails.
Expected values come from the graph (SPARQL), never from copies of the data.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, ONTOLOGY
from helpers import rows
from rdflib import Graph, Literal
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from kg.cli import main
from kg.facts.namespaces import (
    KGO,
    KGR,
    QB,
    SCHEMA,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
)
from kg.facts.terms import statement_iri
from kg.project import ProjectPaths
from kg.viz.chart import readable
from kg.viz.page import make_page
from kg.viz.pagedata import OVERVIEW_MAX
from kg.viz.view import series_id

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = "<img src=x onerror=alert(1)>"
EVIL_TEXT = "The agency's report: <script>alert(2)</script> \"quoted\" 'single' </script><svg onload=alert(3)> ends here."
DOCS = Path(__file__).resolve().parent.parent / "docs"
INCOME = series_id(KGR["high-tech-industry-operating-income"], KGR.yibin)
AWARD = KGR["power-battery-capital-conferral-2023"]

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page opened from file:// at 1400x900 with every other request blocked and recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgReady === true", timeout=60_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file://") and url.endswith(".html"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def node_names(self) -> list[str]:
        return self.page.evaluate("nodes.get().map(function (n) { return n.name; })")

    def hidden(self, node_id: str) -> bool:
        return self.page.evaluate("id => nodes.get(id).hidden === true", node_id)

    def hover(self, node_id: str) -> str:
        """Move the mouse onto a node, as a person would, and return the tooltip's text."""
        self.page.evaluate("document.activeElement.blur(); network.fit({animation: false})")  # after a search
        self.page.mouse.move(5, 5)
        self.page.mouse.move(*self.point(node_id), steps=8)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        return tooltip.inner_text()

    def click_node(self, node_id: str) -> None:
        """Bring a node into view and click it with the mouse."""
        self.page.evaluate("id => network.focus(id, {scale: 1.5, animation: false})", node_id)
        self.page.mouse.click(*self.point(node_id))

    def point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        box = self.page.locator("#mynetwork").bounding_box()
        at = self.page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)
        return box["x"] + at["x"], box["y"] + at["y"]


def _graph_file(graph, tmp_path: Path, extra=()) -> Path:
    path = tmp_path / "graph.ttl"
    copy = graph.__class__()
    for triple in [*graph, *extra]:
        copy.add(triple)
    copy.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def yibin_page(graph, project, tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("viz")
    out = tmp_path / "graph.html"
    make_page(out, graph_file=_graph_file(graph, tmp_path), project=project)
    return out


# Code points before a mark in the reading pane (kg's offsets count code points, JavaScript's strings UTF-16 units).
MARK_OFFSET = """m => { const walker = document.createTreeWalker(document.getElementById('reading-text'), NodeFilter.SHOW_TEXT);
  let count = 0; while (walker.nextNode()) { if (m.contains(walker.currentNode)) return count;
  count += Array.from(walker.currentNode.data).length; } return -1; }"""


def test_page_draws_the_graph_offline_fitted_with_no_overlapping_labels(browser, yibin_page):
    visit = Visit(browser, yibin_page)
    names = visit.node_names()
    assert visit.page.evaluate("Object.keys(network.getPositions()).length") == len(names) == 86
    assert {"Yibin", "CATL", "Sichuan"} <= set(names)
    assert visit.page.evaluate("network.physics.physicsEnabled") is False  # positions came with the page
    assert visit.requests == [] and visit.errors == []

    # The first view holds the whole graph, and the labels drawn never overlap one another.
    size = visit.page.evaluate("[container.clientWidth, container.clientHeight]")
    inside = visit.page.evaluate("""() => Object.entries(network.getPositions()).every(([id, p]) => {
        const at = network.canvasToDOM(p); return at.x >= 0 && at.y >= 0 && at.x <= %d && at.y <= %d; })""" % tuple(size))
    assert inside
    labels = visit.page.evaluate("kgLabels")
    assert "https://kg.example.org/id/yibin" in {b["id"] for b in labels} and len(labels) >= 5
    for a, b in itertools.combinations(labels, 2):
        apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"]
        assert apart, (a["id"], b["id"])
    # A small node (CATL, one link) is named once zoomed in.
    labelled = "id => kgLabels.some(b => b.id === id)"
    assert not visit.page.evaluate(labelled, str(KGR.catl))
    visit.page.evaluate(f"network.focus('{KGR.catl}', {{scale: 3, animation: false}})")
    visit.page.wait_for_timeout(100)
    assert visit.page.evaluate(labelled, str(KGR.catl))

    text = visit.hover(str(KGR.yibin))
    assert text.startswith("Yibin\nClass: City") and "Evidence from" in text
    visit.page.fill("#search", "catl")  # lower case: the search ignores case
    visit.page.press("#search", "Enter")
    assert visit.page.evaluate("network.getSelectedNodes()") == [str(KGR.catl)]
    visit.page.wait_for_timeout(700)  # the zoom animation
    assert visit.page.text_content("#details").startswith("CATL\nClass: Company")
    visit.page.close()


def test_a_statistic_shows_a_chart_of_its_points_with_unit_and_evidence(browser, graph, yibin_page):
    expected = rows(graph, """SELECT ?year ?value ?stated ?quote WHERE {
        ?o kgo:indicator kgr:high-tech-industry-operating-income ; sdmx-dimension:refArea kgr:yibin ;
           kgo:year ?year ; sdmx-measure:obsValue ?value ; kgo:statedAs ?stated ; prov:wasDerivedFrom/kgo:quote ?quote }
        ORDER BY ?year""")
    visit = Visit(browser, yibin_page)
    visit.click_node(INCOME)
    chart = visit.page.locator("#charts .chart")
    assert chart.count() == 1
    points = chart.locator(".point")
    assert points.count() == len(expected) == 2
    for i, (year, value, stated, _) in enumerate(expected):
        point = points.nth(i)
        assert point.get_attribute("data-year") == str(year)
        assert float(point.get_attribute("data-value")) == float(value)
        words = point.locator("title").text_content()
        assert readable(float(value), str(KGO.CNY)) in words and f"stated as “{stated}”" in words
    assert chart.locator(".axis-title").text_content() == "billion yuan"
    assert chart.locator(".value").all_text_contents() == ["103.1", "163.5"]

    # Each point leads to its evidence: the reading pane shows that quote, highlighted.
    points.nth(1).click()
    focused = visit.page.locator("#reading-text mark.focus")
    assert "".join(focused.all_text_contents()) == str(expected[1][3])
    assert visit.errors == [] and visit.requests == []
    visit.page.close()


def test_an_entity_with_statistics_shows_one_chart_per_unit(browser, graph, yibin_page):
    units = rows(graph, """SELECT DISTINCT ?u WHERE { ?o sdmx-dimension:refArea kgr:yibin ; sdmx-attribute:unitMeasure ?u }""")
    visit = Visit(browser, yibin_page)
    visit.click_node(str(KGR.yibin))
    axes = visit.page.locator("#charts .axis-title").all_text_contents()
    assert len(axes) == len(units) and len(set(axes)) == len(axes)  # never two units on one axis
    visit.page.close()


def test_selecting_the_award_highlights_its_quotes_at_their_offsets(browser, graph, yibin_page, source_text):
    found = rows(graph, """SELECT ?start ?end ?quote WHERE { ?st rdf:subject kgr:power-battery-capital-conferral-2023 ;
        rdf:predicate kgo:recipient ; rdf:object kgr:yibin ; prov:wasDerivedFrom ?x .
        ?x kgo:startOffset ?start ; kgo:endOffset ?end ; kgo:quote ?quote }""")
    [(start, end, quote)] = found
    visit = Visit(browser, yibin_page)
    visit.click_node(str(AWARD))
    assert visit.page.text_content("#reading-doc") == str(graph.value(KGR["source/yibin-power-battery-capital-2023"], RDFS.label))
    assert visit.page.text_content("#reading-text") == source_text  # the whole article, as text
    marks = visit.page.locator(f"#reading-text mark[data-start='{start}']")
    first = marks.first
    assert visit.page.evaluate(MARK_OFFSET, first.element_handle()) == int(start)
    last = visit.page.locator(f"#reading-text mark[data-end='{end}']").last
    assert visit.page.evaluate(MARK_OFFSET, last.element_handle()) + len(last.text_content()) == int(end)
    assert source_text[int(start):int(end)] == str(quote)
    assert "Yibin awarded China's Power Battery Capital (2023) — recipient → Yibin" in first.get_attribute("title")
    # Scrolled to the first quote: it is inside the pane's visible part.
    first_mark = visit.page.locator("#reading-text mark").first
    assert visit.page.evaluate("""m => { const pane = document.getElementById('reading-text').getBoundingClientRect();
        const r = m.getBoundingClientRect(); return r.top >= pane.top && r.bottom <= pane.bottom; }""", first_mark.element_handle())

    # From a highlight back to the fact in the graph: a fact it names is selected, the award's recipient link
    # from its line in the list of facts.
    targets = visit.page.evaluate("m => m.getAttribute('data-facts').split(' ').map(f => kg.facts[f][3])",
                                  first.element_handle())
    first.click()
    now = visit.page.evaluate("selected")
    assert now in targets and now != str(AWARD)
    assert visit.page.evaluate("[...network.getSelectedNodes(), ...network.getSelectedEdges()]")[0] == now
    visit.click_node(str(AWARD))
    visit.page.locator("#reading-facts li", has_text="— recipient → Yibin").click()
    selected = visit.page.evaluate("network.getSelectedEdges().map(id => [edges.get(id).from, edges.get(id).to])")
    assert selected == [[str(AWARD), str(KGR.yibin)]]
    assert visit.page.text_content("#details").startswith("Yibin awarded China's Power Battery Capital (2023) — recipient → Yibin")
    assert visit.page.locator("#reading-text mark.focus").first.get_attribute("data-start") == str(start)
    assert visit.errors == []
    visit.page.close()


def test_families_toggle_as_one(browser, yibin_page):
    visit = Visit(browser, yibin_page)
    assert visit.page.locator("#legend li.family").count() == 7
    visit.page.uncheck("#legend li.family > label input[data-family='places']")
    assert visit.hidden(str(KGR.yibin)) and visit.hidden(str(KGR.sichuan)) and not visit.hidden(str(KGR.catl))
    assert visit.page.locator("#legend input[data-in='places']:checked").count() == 0
    visit.page.check("#legend li.family > label input[data-family='places']")
    assert not visit.hidden(str(KGR.yibin))
    visit.page.click("#legend li.family[data-family='places'] button.open")  # the classes within
    visit.page.uncheck(f"#legend input[data-class='{KGO.City}']")
    assert visit.hidden(str(KGR.yibin)) and not visit.hidden(str(KGR.sichuan))
    assert visit.page.evaluate("document.querySelector(\"#legend input[data-family='places']\").indeterminate")
    visit.page.close()


def test_the_year_filter_hides_the_statistics_of_other_years(browser, graph, yibin_page):
    years = sorted({int(y) for (y,) in rows(graph, "SELECT DISTINCT ?y WHERE { ?o a qb:Observation ; kgo:year ?y }")})
    of_2021 = {series_id(i, a) for i, a in rows(graph, """SELECT DISTINCT ?i ?a WHERE { ?o kgo:indicator ?i ;
        sdmx-dimension:refArea ?a ; kgo:year 2021 }""")}
    visit = Visit(browser, yibin_page)
    slider = visit.page.locator("#year")
    assert slider.get_attribute("max") == str(len(years))
    slider.fill(str(years.index(2021) + 1))
    assert visit.page.text_content("#year-label") == "2021"
    shown = set(visit.page.evaluate("nodes.get().filter(n => n.years && !n.hidden).map(n => n.id)"))
    hidden = set(visit.page.evaluate("nodes.get().filter(n => n.years && n.hidden).map(n => n.id)"))
    assert shown == of_2021 and hidden and not hidden & of_2021
    assert not visit.hidden(str(KGR.yibin))  # entities are not statistics: they stay
    slider.fill("0")
    assert visit.page.evaluate("nodes.get().filter(n => n.hidden).length") == 0
    visit.page.close()


# An article of our own, for the drafts: `kg extract` drafts its facts beside the curated Yibin file.
DRAFT_ARTICLE = """\
Suining bets on sodium-ion batteries

SUINING, May 14, 2024 - The city of Suining, a prefecture-level city in Sichuan Province, is building a cluster of \
battery material makers.

In 2023, the output value of Suining's lithium battery industry reached 41.2 billion yuan, an increase of 23.5% over \
the previous year.

Contemporary Amperex Technology Co., Limited has signed an agreement to build an electrolyte plant in Suining.

Tianqi Lithium said that it produced 8,300 tons of lithium hydroxide in Suining in 2023.
"""
DRAFTED = "prov:wasGeneratedBy/rdf:type kgo:Extraction"  # how the graph marks what an extractor drafted


def _kg(*args: str | Path) -> None:
    result = CliRunner().invoke(main, [*map(str, args), "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> tuple[Path, Graph]:
    """A project of the curated Yibin file plus a draft of DRAFT_ARTICLE: extracted, built, drawn by the CLI."""
    folder = tmp_path_factory.mktemp("drafts")
    data, out = folder / "data", folder / "out"
    shutil.copytree(DATA, data)
    article = folder / "Suining Sodium.txt"
    article.write_text(DRAFT_ARTICLE, encoding="utf-8")
    _kg("extract", article, "--data", data)
    _kg("build", "--data", data, "--out", out, "--executor", "serial")
    _kg("viz", "--data", data, "--graph", out / "graph.ttl", "--out", out / "graph.html")
    return out / "graph.html", Graph().parse(out / "graph.ttl")


def _drafted_items(graph: Graph) -> tuple[set[str], Counter]:
    """The nodes and the links (from, to) that only drafted statements and observations support, by SPARQL.

    A statement counts when it has evidence; an indicator with observations is drawn as its series, not itself.
    """
    entities = {e for (e,) in rows(graph, f"""SELECT DISTINCT ?e WHERE {{
        ?st a rdf:Statement ; rdf:subject ?e ; prov:wasDerivedFrom [] . FILTER NOT EXISTS {{ ?any kgo:indicator ?e }}
        FILTER NOT EXISTS {{ ?c a rdf:Statement ; rdf:subject ?e ; prov:wasDerivedFrom [] .
                             FILTER NOT EXISTS {{ ?c {DRAFTED} }} }} }}""")}
    links = Counter((s, o) for s, _, o in rows(graph, f"""SELECT DISTINCT ?s ?p ?o WHERE {{
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom [] .
        FILTER(isIRI(?o) && ?p != rdf:type)
        FILTER NOT EXISTS {{ ?c a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                             prov:wasDerivedFrom [] . FILTER NOT EXISTS {{ ?c {DRAFTED} }} }} }}"""))
    series = rows(graph, f"""SELECT DISTINCT ?i ?a ?to WHERE {{ ?ob kgo:indicator ?i ; sdmx-dimension:refArea ?a .
        {{ ?ob sdmx-dimension:refArea ?to }} UNION {{ ?ob kgo:basedOn ?to }}
        FILTER NOT EXISTS {{ ?x kgo:indicator ?i ; sdmx-dimension:refArea ?a . FILTER NOT EXISTS {{ ?x {DRAFTED} }} }} }}""")
    links.update((series_id(i, a), to) for i, a, to in series)
    return entities | {series_id(i, a) for i, a, _ in series}, links


def test_the_facts_switch_shows_drafts_alone_or_hides_them(browser, drafted):
    page, graph = drafted
    draft_nodes, draft_links = _drafted_items(graph)
    assert draft_nodes >= {str(KGR.suining)} and draft_links[(str(KGR.suining), str(KGR.sichuan))] == 1
    visit = Visit(browser, page)
    shown_nodes = "nodes.get().filter(n => !n.hidden).map(n => n.id)"
    shown_edges = "edges.get().filter(e => !e.hidden).map(e => [e.from, e.to])"
    every_node, every_edge = set(visit.page.evaluate(shown_nodes)), Counter(map(tuple, visit.page.evaluate(shown_edges)))
    assert draft_nodes <= every_node and not draft_links - every_edge  # all drawn, at first

    visit.page.check("#mode input[value='draft']")
    ends = {end for link in draft_links for end in link}
    assert set(visit.page.evaluate(shown_nodes)) == draft_nodes | ends  # a curated node a draft links to stays
    assert Counter(map(tuple, visit.page.evaluate(shown_edges))) == draft_links
    # Drafted means dashed: every edge left, and every drafted node, is drawn with dashes.
    assert visit.page.evaluate("edges.get().filter(e => !e.hidden).every(e => Array.isArray(e.dashes))")
    assert visit.page.evaluate("ids => ids.every(id => nodes.get(id).shapeProperties.borderDashes.length === 2)",
                               sorted(draft_nodes))
    counts = visit.page.text_content("#counts")
    assert counts.startswith(f"{len(draft_nodes | ends)} of {len(every_node)} nodes shown")

    visit.page.check("#mode input[value='curated']")
    assert set(visit.page.evaluate(shown_nodes)) == every_node - draft_nodes
    assert Counter(map(tuple, visit.page.evaluate(shown_edges))) == every_edge - draft_links
    assert ends - draft_nodes and not visit.hidden(str(KGR.catl))  # CATL: curated, and drafted about

    visit.page.check("#mode input[value='all']")
    assert visit.page.evaluate("nodes.get().filter(n => n.hidden).length + edges.get().filter(e => e.hidden).length") == 0
    # The drafted article is a document of its own in the reading pane.
    visit.click_node(str(KGR.suining))
    [(title,)] = rows(graph, "SELECT ?t WHERE { ?s kgo:fileName '001_suining-sodium.txt' ; rdfs:label ?t }")
    assert visit.page.text_content("#reading-doc") == title
    assert visit.errors == [] and visit.requests == []
    visit.page.close()


def test_hostile_text_shows_as_text_in_chart_legend_and_reading_pane(browser, graph, tmp_path):
    evil, cls, indicator = KGR["evil"], KGO["EvilClass"], KGR["evil-indicator"]
    source, obs = KGR["source/evil"], KGR["observation/evil/2023"]
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "sources" / "evil.txt").write_text(EVIL_TEXT, encoding="utf-8")
    start = EVIL_TEXT.index("<script>")
    end = EVIL_TEXT.index(" ends here")
    excerpt = KGR[f"excerpt/evil/{start}-{end}"]
    statement = statement_iri(evil, KGO.jurisdiction, KGR.yibin)
    extra = [
        (cls, RDF.type, OWL.Class), (cls, RDFS.label, Literal(EVIL, lang="en")), (cls, RDFS.subClassOf, SCHEMA.Organization),
        (evil, RDF.type, cls), (evil, RDFS.label, Literal(EVIL, lang="en")), (evil, KGO.jurisdiction, KGR.yibin),
        (statement, RDF.type, RDF.Statement), (statement, RDF.subject, evil),
        (statement, RDF.predicate, KGO.jurisdiction), (statement, RDF.object, KGR.yibin),
        (statement, PROV.wasDerivedFrom, excerpt), (excerpt, RDF.type, KGO.Excerpt),
        (excerpt, KGO.quote, Literal(EVIL_TEXT[start:end], lang="en")), (excerpt, PROV.wasQuotedFrom, source),
        (excerpt, KGO.startOffset, Literal(start)), (excerpt, KGO.endOffset, Literal(end)),
        (source, RDF.type, KGO.SourceDocument), (source, RDFS.label, Literal(f"{EVIL} </script>", lang="en")),
        (source, KGO.fileName, Literal("evil.txt")),
        (source, KGO.sha256, Literal(hashlib.sha256(EVIL_TEXT.encode("utf-8")).hexdigest())),
        (indicator, RDF.type, KGO.Indicator), (indicator, RDFS.label, Literal(f"{EVIL}</script>", lang="en")),
        (obs, RDF.type, QB.Observation), (obs, KGO.indicator, indicator), (obs, SDMX_DIMENSION.refArea, evil),
        (obs, SDMX_DIMENSION.refPeriod, Literal("2023", datatype=XSD.gYear)), (obs, KGO.year, Literal(2023)),
        (obs, SDMX_MEASURE.obsValue, Literal(5)), (obs, SDMX_ATTRIBUTE.unitMeasure, KGO.Count),
        (obs, KGO.statedAs, Literal("<b>five</b>", lang="en")), (obs, PROV.wasDerivedFrom, excerpt),
    ]
    out = tmp_path / "evil.html"
    make_page(out, graph_file=_graph_file(graph, tmp_path, extra), focus=str(evil), depth=1,
              project=ProjectPaths(data_dir=data, ontology_path=ONTOLOGY, out_dir=tmp_path))
    visit = Visit(browser, out)
    assert EVIL in visit.node_names()
    assert visit.page.locator("#labels option").evaluate_all("os => os.map(o => o.value)").count(EVIL) == 1
    assert EVIL in visit.page.locator("#legend .name").all_text_contents()  # the legend
    text = visit.hover(str(evil))
    assert text.startswith(EVIL) and f"“{EVIL_TEXT[start:end]}”" in text
    visit.click_node(str(evil))
    assert visit.page.text_content("#details").startswith(EVIL)
    assert visit.page.text_content("#reading-text") == EVIL_TEXT  # the reading pane
    assert visit.page.locator("#reading-text mark").first.text_content().startswith("<script>")
    assert f"{EVIL} </script>" in visit.page.text_content("#reading-doc")
    series = series_id(indicator, evil)
    visit.click_node(series)
    assert visit.page.text_content("#charts h3") == f"{EVIL}</script>"  # the chart
    assert "“<b>five</b>”" in visit.page.locator("#charts .point title").text_content()
    visit.page.wait_for_timeout(300)
    # kg's two scripts and its two blocks of data; the hostile text added none.
    assert visit.page.locator("img, body script:not([src]):not([type='application/json']), #reading-text *:not(mark)").count() == 2
    assert visit.page.locator("body script[type='application/json']").count() == 2
    assert visit.page.locator("#charts svg b, #legend img, #legend script").count() == 0
    assert visit.dialogs == [] and visit.requests == [] and visit.errors == []
    assert visit.page.title().startswith(EVIL)
    visit.page.close()


def test_large_graph_opens_on_its_overview_with_its_positions_and_no_physics(browser, tmp_path):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from viz_benchmark import synthetic_graph

    from kg.viz.page import render_page, write_page
    from kg.viz.view import build_view

    graph = synthetic_graph(1000)
    out = write_page(tmp_path / "large.html", render_page(build_view(graph), graph, "Large"))
    visit = Visit(browser, out)
    # Every node is in the page; the network first holds the overview alone, with the links among it.
    assert visit.page.evaluate("kg.nodes.length") == 1000
    shown = visit.page.evaluate("nodes.getIds()")
    assert shown == visit.page.evaluate("kg.overview") and len(shown) <= OVERVIEW_MAX
    assert visit.page.evaluate("edges.get().every(e => nodes.get(e.from) !== null && nodes.get(e.to) !== null)")
    assert visit.page.evaluate("network.physics.physicsEnabled") is False
    assert visit.requests == [] and visit.errors == []
    visit.page.close()


@pytest.mark.skipif(os.environ.get("KG_UPDATE_SCREENSHOT") != "1", reason="regenerates the README's pictures")
def test_update_the_readme_screenshots(browser, yibin_page):
    visit = Visit(browser, yibin_page)
    visit.click_node(INCOME)
    visit.page.evaluate("network.fit({animation: false})")
    visit.page.screenshot(path=str(DOCS / "graph.png"))
    visit.click_node(str(AWARD))
    visit.page.locator("#reading").screenshot(path=str(DOCS / "reading-pane.png"))
    visit.click_node(INCOME)
    visit.page.evaluate("network.fit({animation: false})")
    visit.page.locator("#charts").screenshot(path=str(DOCS / "chart.png"))
    visit.page.close()
