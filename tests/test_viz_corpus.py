"""`kg viz` at corpus scale, in Chromium: 400 documents of the benchmark corpus open on an overview.

The corpus is generated (benchmarks/corpus.py, seed 1) and built by `kg build` (kg.build.outputs.build_project)
into pytest's cache, where it is kept between runs under a key made of what the build depends on (the
generator, kg's facts and build code, the ontology and shapes): building it is most of this file's cost, and a
change to any of those builds it again. The page is drawn from it as `kg viz` draws it (kg.viz.page.read_graph)
on every run, and opened from file:// at 1400x900 with every other request blocked. Expected values come from
the graph (SPARQL, on the built store), never from the page's own data: the most referenced entities, a
document's entities, the years. Skipped outside CI when /usr/bin/chromium is missing, as tests/test_viz_browser.py.
Every test runs on both forms of the page: one file, and the page with a folder of what a selection shows, read
on demand (kg.viz.folder, written by `kg viz` above 15,000 nodes, here forced): a test waits for those reads.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ONTOLOGY
from helpers import rows

from kg.build.outputs import MANIFEST_FILE, build_project
from kg.facts.namespaces import KGO
from kg.project import ProjectPaths
from kg.sparql.run import run_query
from kg.store.oxigraph import open_store, union_view
from kg.store.spec import StoreSpec
from kg.viz.folder import folder_of, write_folder
from kg.viz.page import read_graph, render_folder, render_page, source_texts, write_page
from kg.viz.pagedata import OVERVIEW_MAX
from kg.viz.view import build_view

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DOCUMENTS = 400
# Places, companies and events: what a reader of news on an industry looks for first.
KINDS = "schema:Place schema:AdministrativeArea schema:City schema:Country schema:Corporation schema:Event"

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)


def _build_key() -> str:
    """A digest of what the built corpus depends on: the generator, kg's facts and build code, the ontology."""
    digest = hashlib.sha256(f"{DOCUMENTS} documents, seed 1".encode())
    files = [ROOT / "benchmarks" / "corpus.py", *sorted((ROOT / "ontology").glob("*.ttl"))]
    for package in ("facts", "build"):
        files += sorted((ROOT / "kg" / package).rglob("*.py"))
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def built(request, tmp_path_factory) -> ProjectPaths:
    """The benchmark corpus of 400 documents built by `kg build`, from pytest's cache when it holds this key."""
    kept = getattr(request.config, "cache", None)  # None with -p no:cacheprovider: built for this run only
    cache = kept.mkdir("kg-viz-corpus") if kept is not None else tmp_path_factory.mktemp("cache")
    folder = Path(cache) / _build_key()
    project = ProjectPaths(data_dir=folder / "data", ontology_path=ONTOLOGY, out_dir=folder / "out")
    if not (project.out_dir / MANIFEST_FILE).is_file():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from corpus import generate_corpus

        for old in Path(cache).iterdir():  # another key's corpus, or a build that did not finish
            shutil.rmtree(old)
        staging = Path(cache) / "building"
        generate_corpus(DOCUMENTS, staging / "data", seed=1)
        build_project(ProjectPaths(data_dir=staging / "data", ontology_path=ONTOLOGY, out_dir=staging / "out"),
                      validate=False)
        staging.rename(folder)
    return project


@pytest.fixture(scope="module")
def drawn(built):
    """The built corpus read and drawn as `kg viz` does: (view, graph index, texts)."""
    index, _ = read_graph(None, built, StoreSpec("oxigraph", str(built.store_path)))
    view = build_view(index)
    texts, missing = source_texts(view, built.data_dir / "sources")
    assert missing == []
    return view, index, texts


@pytest.fixture(scope="module", params=["file", "folder"])
def corpus(request, built, drawn, tmp_path_factory):
    """(page, graph): the page in one form, and the corpus' store (data and ontology) for SPARQL."""
    view, index, texts = drawn
    out = tmp_path_factory.mktemp("page") / "graph.html"
    if request.param == "file":
        page = write_page(out, render_page(view, index, "Corpus", texts))
    else:
        page = write_folder(out, *render_folder(view, index, "Corpus", texts, folder_of(out).name))
    return page, union_view(open_store(built.store_path))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, corpus):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page.goto(corpus[0].resolve().as_uri())
    page.wait_for_function("window.kgReady === true", timeout=60_000)
    assert page.evaluate("kg.folder !== undefined") == folder_of(corpus[0]).is_dir()
    yield page
    assert errors == []
    page.close()


def settled(page):
    """The page once the blocks it reads from its folder are in (at once for one file)."""
    page.wait_for_function("kgLoading === 0", timeout=60_000)
    return page


def shown(page) -> set[str]:
    return set(settled(page).evaluate("nodes.getIds()"))


def every_item(page, test: str, arg=None) -> set[str]:
    """The ids of the nodes whose item passes ``test`` (a JavaScript function of the item and ``arg``)."""
    return set(page.evaluate(f"arg => kg.nodes.filter(n => ({test})(n, arg)).map(n => n.id)", arg))


def point(page, node_id: str) -> tuple[float, float]:
    box = page.locator("#mynetwork").bounding_box()
    at = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)
    return box["x"] + at["x"], box["y"] + at["y"]


def test_the_first_view_names_the_most_referenced_entities_without_overlap(page, corpus):
    graph = corpus[1]
    top = [str(e) for e, _ in rows(graph, f"""SELECT ?e (COUNT(*) AS ?n) WHERE {{
        VALUES ?kind {{ {KINDS} }} ?class rdfs:subClassOf* ?kind . ?e a ?class . ?s ?p ?e }}
        GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 20""")]
    assert len(top) == 20
    first = shown(page)
    assert len(first) <= OVERVIEW_MAX < page.evaluate("kg.nodes.length")
    labels = page.evaluate("kgLabels")
    named = [b["id"] for b in labels]
    assert sum(e in named for e in top) >= 15, [e for e in top if e not in named]
    width, height = page.evaluate("[container.clientWidth, container.clientHeight]")
    for box in labels:  # inside the canvas, at least 12 px high (a readable size)
        assert 0 <= box["x"] and box["x"] + box["w"] <= width and 0 <= box["y"] and box["y"] + box["h"] <= height
        assert box["h"] >= 15
    for a, b in itertools.combinations(labels, 2):
        apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"]
        assert apart, (a["id"], b["id"])
    # No statistic, statement or report in the first view: they are in the entities' panels.
    folded = every_item(page, "(n, kinds) => n.fam === 'statistics' || kinds.indexOf(n.group) >= 0",
                        [str(KGO.Statement), str(KGO.Report)])
    assert folded and not first & folded


def test_every_entity_is_found_by_its_name_and_a_search_shows_it(page, corpus):
    graph = corpus[1]
    labels = {str(e): str(label) for e, label in rows(graph, """SELECT ?e (MIN(?l) AS ?label) WHERE {
        ?e a ?c ; rdfs:label ?l . ?c a owl:Class . FILTER(STRSTARTS(STR(?e), STR(kgr:)))
        FILTER NOT EXISTS { ?e a rdf:Statement } FILTER NOT EXISTS { ?e a kgo:Excerpt } } GROUP BY ?e""")}
    in_page = set(page.evaluate("kg.nodes.map(n => n.id)"))
    drawn = {e: label for e, label in labels.items() if e in in_page}
    assert len(drawn) > 5000
    missed = page.evaluate("""names => Object.entries(names).filter(([id, name]) =>
        !findNodes(name).some(n => n.id === id)).map(([id]) => id)""", drawn)
    assert missed == []
    named = Counter(drawn.values())
    hidden = sorted(e for e in set(drawn) - shown(page) if named[drawn[e]] == 1)  # one entity of that name
    target = hidden[len(hidden) // 2]
    page.fill("#search", drawn[target])
    page.press("#search", "Enter")
    assert target in shown(page) and target in settled(page).evaluate("network.getSelectedNodes()")
    assert page.text_content("#details").startswith(drawn[target] + "\nClass: ")


def test_a_click_adds_a_nodes_neighbours_and_a_community_opens_into_its_members(page, corpus):
    graph = corpus[1]
    first = shown(page)
    hub = page.evaluate("kg.overview[0]")
    linked = {str(o) for (o,) in rows(graph, f"""SELECT DISTINCT ?o WHERE {{
        {{ <{hub}> ?p ?o }} UNION {{ ?o ?p <{hub}> }} ?o a ?c . ?c a owl:Class .
        FILTER(STRSTARTS(STR(?o), STR(kgr:))) FILTER NOT EXISTS {{ ?o a rdf:Statement }}
        FILTER NOT EXISTS {{ ?o a qb:Observation }} }}""")}
    page.evaluate("id => network.focus(id, {scale: 3, animation: false})", hub)
    box = page.locator("#mynetwork").bounding_box()
    x, y = point(page, hub)
    assert page.evaluate("p => network.getNodeAt(p)", {"x": x - box["x"], "y": y - box["y"]}) == hub
    # Its tooltip, which a large page keeps apart from its items and hands over at the first hover.
    names = {str(label) for (label,) in rows(graph, f"SELECT ?l WHERE {{ <{hub}> rdfs:label ?l }}")}
    page.mouse.move(5, 5)
    page.mouse.move(x, y, steps=8)
    page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5_000)
    assert any(page.inner_text("div.vis-tooltip").startswith(f"{name}\nClass: ") for name in names)
    page.mouse.click(x, y)
    assert settled(page).evaluate("network.getSelectedNodes()") == [hub]
    after = shown(page)
    in_page = set(page.evaluate("kg.nodes.map(n => n.id)"))
    assert linked & in_page - first  # some of its neighbours were hidden
    assert linked & in_page <= after
    assert "neighbours added" in page.text_content("#view-state")
    # Its source, with the quotes that support it highlighted (a folder's page reads the text from its folder).
    assert page.locator("#reading-text mark").count() > 0
    assert page.locator("#reading-text p.hint").count() == 0

    page.click("#to-overview")
    assert shown(page) == first
    page.click("#communities li:nth-child(2) button")
    members = set(page.evaluate("communityMembers(1)"))
    assert len(members) > 50 and members <= shown(page)
    # A click inside a community's disc opens it too.
    page.click("#to-overview")
    page.evaluate("network.fit({animation: false})")
    x, y, r = page.evaluate("kg.regions[2].slice(0, 3)")
    box = page.locator("#mynetwork").bounding_box()
    inside = page.evaluate(f"""() => {{ for (let a = 0; a < 64; a++) for (const f of [0.97, 0.9, 0.8, 0.6]) {{
        const p = {{x: {x} + Math.cos(a / 10) * {r} * f, y: {y} + Math.sin(a / 10) * {r} * f}};
        if (network.getNodeAt(network.canvasToDOM(p)) === undefined && network.getEdgeAt(network.canvasToDOM(p)) === undefined)
          return network.canvasToDOM(p); }} return null; }}""")
    assert inside is not None
    page.mouse.click(box["x"] + inside["x"], box["y"] + inside["y"])
    assert set(page.evaluate("communityMembers(2)")) <= shown(page)


def test_the_document_filter_shows_one_documents_subgraph(page, corpus):
    graph = corpus[1]
    titles = page.evaluate("kg.docs.map(d => d.title)")
    number = 7
    source = rows(graph, f"""SELECT ?s WHERE {{ ?s a kgo:SourceDocument ; rdfs:label ?t . FILTER(STR(?t) = {titles[number]!r}) }}""")
    about = {str(e) for (e,) in rows(graph, f"""SELECT DISTINCT ?e WHERE {{
        ?x prov:wasQuotedFrom <{source[0][0]}> . ?st prov:wasDerivedFrom ?x . ?st rdf:subject ?e }}""")}
    about &= set(page.evaluate("kg.nodes.map(n => n.id)"))  # the entities among them (not the observations)
    assert len(about) > 20
    page.select_option("#doc", str(number))
    now = shown(page)
    visible = {i for i in now if not page.evaluate("id => nodes.get(id).hidden === true", i)}
    assert about <= visible and len(visible) < 300
    assert every_item(page, "(n, doc) => n.d.indexOf(doc) >= 0", number) == now
    # A search for the title does the same; "All documents" goes back to the overview.
    page.select_option("#doc", "")
    assert shown(page) == set(page.evaluate("kg.overview"))
    page.fill("#search", titles[number])
    page.press("#search", "Enter")
    assert page.input_value("#doc") == str(number) and shown(page) == now


def test_the_year_filter_and_the_colour_switch(page, corpus):
    graph = corpus[1]
    hub = page.evaluate("kg.overview.find(id => byId[id].charts)")  # a place with statistics, shown first
    page.evaluate("id => expand(id)", hub)
    settled(page)
    statistics = page.evaluate("nodes.get().filter(n => n.years).map(n => n.id)")
    assert statistics
    page_years = page.evaluate("kg.years")
    year = page_years[-1]
    page.evaluate(f"document.getElementById('year').value = {len(page_years)}; "
                  "document.getElementById('year').dispatchEvent(new Event('input'))")
    for node_id in statistics:  # a statistic stays when the graph has an observation of it that year
        indicator, area = node_id[len("series:"):].split("|")
        has_year = bool(run_query(graph, f"""ASK {{ ?o kgo:indicator <{indicator}> ; sdmx-dimension:refArea <{area}> ;
            kgo:year ?y . FILTER(?y = {year}) }}""", {}).askAnswer)
        assert page.evaluate("id => nodes.get(id).hidden === true", node_id) == (not has_year), node_id
    page.check("#colour-by input[value=community]")
    colours = page.evaluate("nodes.get().map(n => [n.color.background, byId[n.id].c])")
    palette = page.evaluate("PALETTE")
    assert all(colour == palette[c % len(palette)] for colour, c in colours)
    assert len({c for _, c in colours}) > 1 and len({colour for colour, _ in colours}) > 1
    # Back to families: every node has its class's colour, as the legend shows it.
    page.check("#colour-by input[value=family]")
    legend = page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll("input[data-class]"))
        .map(box => [box.getAttribute("data-class"), box.nextElementSibling.style.background]))""")
    drawn = page.evaluate("""() => { const probe = document.createElement("span"); document.body.appendChild(probe);
        const found = nodes.get().map(n => { probe.style.background = n.color.background; return [n.group, probe.style.background]; });
        probe.remove(); return found; }""")
    assert drawn and all(colour == legend[group] for group, colour in drawn)


@pytest.mark.skipif(os.environ.get("KG_UPDATE_SCREENSHOT") != "1", reason="regenerates the README's pictures")
def test_update_the_readme_screenshots_of_the_overview(page):
    docs = ROOT / "docs"
    page.screenshot(path=str(docs / "overview.png"))
    page.click("#communities li:nth-child(6) button")
    page.wait_for_timeout(200)
    page.screenshot(path=str(docs / "community.png"))
