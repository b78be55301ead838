"""`kg viz` pages in a real browser: Debian's headless Chromium through Playwright, all network blocked.

Skipped only outside CI when /usr/bin/chromium is missing; in CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS

from kg.graph import statement_iri
from kg.namespaces import KGO, KGR
from kg.visualize import series_id
from kg.vizpage import make_page

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = "<img src=x onerror=alert(1)>"
DOCS_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "graph.png"

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
    """A page opened from file:// with every other request blocked and recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1600, "height": 1000})
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

    def node_labels(self) -> list[str]:
        return self.page.evaluate("nodes.get().map(function (n) { return n.label; })")

    def hover(self, node_id: str) -> str:
        """Move the mouse onto a node, as a person would, and return the tooltip's text."""
        self.page.evaluate("document.activeElement.blur(); network.fit({animation: false})")  # after a search
        self.page.mouse.move(5, 5)
        self.page.mouse.move(*self.point(node_id), steps=8)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        return tooltip.inner_text()

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


def test_page_draws_the_graph_offline_without_errors(browser, graph, project, tmp_path):
    out = tmp_path / "graph.html"
    result = make_page(out, graph_file=_graph_file(graph, tmp_path), project=project)
    visit = Visit(browser, out)
    labels = visit.node_labels()
    assert visit.page.evaluate("Object.keys(network.getPositions()).length") == len(labels) == result.nodes == 86
    assert {"Yibin", "CATL", "Sichuan"} <= set(labels)
    assert visit.page.evaluate("network.physics.physicsEnabled") is False  # settled, then stopped
    assert visit.page.locator("#legend li").count() > 20
    assert visit.requests == [] and visit.errors == []

    text = visit.hover(str(KGR.yibin))
    assert text.startswith("Yibin\nClass: City") and "Evidence from" in text
    visit.page.fill("#search", "catl")  # lower case: the search ignores case
    visit.page.press("#search", "Enter")
    assert visit.page.evaluate("network.getSelectedNodes()") == [str(KGR.catl)]
    visit.page.wait_for_timeout(700)  # the zoom animation
    assert visit.page.text_content("#details").startswith("CATL\nClass: Company")

    visit.page.uncheck(f"#legend input[data-class='{KGO.City}']")
    assert visit.page.evaluate(f"nodes.get('{KGR.yibin}').hidden") is True
    visit.page.check(f"#legend input[data-class='{KGO.City}']")

    visit.page.screenshot(path=str(tmp_path / "graph.png"))
    if os.environ.get("KG_UPDATE_SCREENSHOT") == "1":  # regenerate the README's picture on purpose only
        fresh = Visit(browser, out)
        fresh.hover(series_id(KGR["high-tech-industry-operating-income"], KGR.yibin))
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        fresh.page.screenshot(path=str(DOCS_SCREENSHOT))
        fresh.page.close()
    assert (tmp_path / "graph.png").stat().st_size > 20_000
    visit.page.close()


def test_injected_markup_shows_as_text_and_runs_nothing(browser, graph, project, tmp_path):
    evil, excerpt = KGR["evil"], KGR["excerpt/evil"]
    statement = statement_iri(evil, KGO.jurisdiction, KGR.yibin)
    extra = [
        (evil, RDF.type, KGO.GovernmentAgency), (evil, RDFS.label, Literal(EVIL, lang="en")),
        (evil, KGO.jurisdiction, KGR.yibin),
        (statement, RDF.type, RDF.Statement), (statement, RDF.subject, evil),
        (statement, RDF.predicate, KGO.jurisdiction), (statement, RDF.object, KGR.yibin),
        (statement, PROV.wasDerivedFrom, excerpt), (excerpt, RDF.type, KGO.Excerpt),
        (excerpt, KGO.quote, Literal("<script>alert(2)</script><svg onload=alert(3)>", lang="en")),
    ]
    out = tmp_path / "evil.html"
    make_page(out, graph_file=_graph_file(graph, tmp_path, extra), focus=str(evil), depth=1, project=project)
    visit = Visit(browser, out)
    assert EVIL in visit.node_labels()
    assert visit.page.locator("#labels option").evaluate_all("os => os.map(o => o.value)").count(EVIL) == 1
    text = visit.hover(str(evil))
    assert text.startswith(EVIL) and "“<script>alert(2)</script><svg onload=alert(3)>”" in text
    visit.page.mouse.click(*visit.point(str(evil)))
    assert visit.page.text_content("#details").startswith(EVIL)
    visit.page.wait_for_timeout(300)
    assert visit.page.locator("img, svg, body script:not([src])").count() == 2  # only kg's own two scripts
    assert visit.dialogs == [] and visit.requests == [] and visit.errors == []
    assert visit.page.title().startswith(EVIL)
    visit.page.close()


def test_large_graph_is_laid_out_without_physics(browser, tmp_path):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from viz_benchmark import synthetic_graph
    from kg.visualize import build_view
    from kg.vizpage import render_page, write_page

    graph = synthetic_graph(1000)
    out = write_page(tmp_path / "large.html", render_page(build_view(graph), graph, "Large"))
    visit = Visit(browser, out)
    assert visit.page.evaluate("nodes.length") == 1000
    assert visit.page.evaluate("network.physics.physicsEnabled") is False
    assert visit.requests == [] and visit.errors == []
    visit.page.close()

