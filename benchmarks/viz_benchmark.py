"""Time `kg viz` on synthetic graphs: making the page in Python, and opening it in Chromium.

Each entity has a class from the ontology, a label and one or two links to
earlier entities (preferential attachment, so there are hubs), and every
link is reified with an evidence excerpt, as kg's builder does. Prints a
table: building the view (graph -> nodes, edges, facts), the page (importance,
layout and HTML), their sum (what `kg viz` spends after reading the graph),
the page's size, and then, measured by the browser itself (Debian's
Chromium, headless, 1400x900, network blocked), the time from navigation to
the first drawing of the graph and to idle (the page's script done, the
graph drawn, ready for input).

    .venv/bin/python benchmarks/viz_benchmark.py [SIZES...]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.facts.namespaces import KGO, KGR, SCHEMA  # noqa: E402
from kg.facts.ontology import load_ontology  # noqa: E402
from kg.facts.terms import statement_iri  # noqa: E402
from kg.viz.page import render_page, write_page  # noqa: E402
from kg.viz.view import build_view  # noqa: E402

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"
CLASSES = [KGO.City, KGO.Company, KGO.Person, KGO.GovernmentAgency, KGO.Conference, KGO.Policy, KGO.Industry]
LINKS = [SCHEMA.containedInPlace, SCHEMA.location, KGO.implementedIn, SCHEMA.organizer, KGO.hasIndustry]
CHROMIUM = "/usr/bin/chromium"


def synthetic_graph(size: int, seed: int = 4) -> Graph:
    """``size`` entities with about 1.5 links each, every link with its reified evidence."""
    rng = random.Random(seed)
    graph = load_ontology(ONTOLOGY)
    source = KGR["source/synthetic"]
    graph.add((source, RDF.type, KGO.SourceDocument))
    graph.add((source, RDFS.label, Literal("Synthetic source", lang="en")))
    ends: list[int] = []  # endpoints of links so far: picking from it favours hubs
    for i in range(size):
        node = KGR[f"e{i}"]
        graph.add((node, RDF.type, CLASSES[i % len(CLASSES)]))
        graph.add((node, RDFS.label, Literal(f"Entity {i}", lang="en")))
        for _ in range(1 if i % 2 else 2) if i else ():
            j = rng.choice(ends) if ends and rng.random() < 0.7 else rng.randrange(i)
            target, prop = KGR[f"e{j}"], LINKS[(i + j) % len(LINKS)]
            graph.add((node, prop, target))
            statement, excerpt = statement_iri(node, prop, target), KGR[f"excerpt/synthetic/{i}-{j}"]
            graph.add((statement, RDF.type, RDF.Statement))
            graph.add((statement, RDF.subject, node))
            graph.add((statement, RDF.predicate, prop))
            graph.add((statement, RDF.object, target))
            graph.add((statement, PROV.wasDerivedFrom, excerpt))
            graph.add((excerpt, RDF.type, KGO.Excerpt))
            graph.add((excerpt, KGO.quote, Literal(f"Entity {i} is linked to entity {j}.", lang="en")))
            graph.add((excerpt, PROV.wasQuotedFrom, source))
            ends += [i, j]
    return graph


def browser_times(browser, path: Path) -> tuple[float, float]:
    """Seconds from navigation to the first drawing and to idle, as the page's own clock measures them."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page.goto(path.resolve().as_uri(), timeout=120_000)
    page.wait_for_function("window.kgReady === true", timeout=120_000)
    first, idle = page.evaluate("[kgTimes.firstDraw, kgTimes.idle]")
    page.close()
    return first / 1000, idle / 1000


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    print(f"{'nodes':>7} {'edges':>7} {'triples':>8} {'view s':>7} {'page s':>7} {'total s':>8} {'MB':>6} "
          f"{'first draw s':>13} {'idle s':>7}")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for size in sizes:
            graph = synthetic_graph(size)
            start = time.perf_counter()
            view = build_view(graph)
            built = time.perf_counter()
            html = render_page(view, graph, "Benchmark")
            done = time.perf_counter()
            path = write_page(Path(tmp) / f"viz-{size}.html", html)
            first, idle = browser_times(browser, path)
            print(f"{len(view.nodes):>7} {len(view.edges):>7} {len(graph):>8} {built - start:>7.2f} {done - built:>7.2f} "
                  f"{done - start:>8.2f} {len(html.encode()) / 1e6:>6.1f} {first:>13.2f} {idle:>7.2f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000, 5000, 20000])
