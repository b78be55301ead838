"""Time and check `kg viz` on the benchmark corpus (benchmarks/corpus.py): the overview of a large page.

For each size, the corpus (seed 1) is generated, read into memory (kg.facts.folder.build_graph, as the
benchmark of the builder does), drawn, and opened in Debian's Chromium (headless, 1400x900, network blocked).
Prints two tables:

1. the page: nodes and edges of the view, seconds to build the view (graph -> nodes, edges, facts) and to
   make the page (importance, communities, layout, HTML), the page's size, the browser's time to the first
   drawing and to idle (ready for input), the nodes of the first view, how many of the 20 most referenced
   places, companies and events (counted by the triples that point at them) are named on it, and the
   milliseconds a click takes to add a node's neighbours and to open the largest community;
2. the layouts: today's rings against the community regions (seconds; how far apart two members of one
   community are, relative to two nodes of different communities: lower means communities show as regions).

With ``--built DATA OUT`` (repeatable) the page is made as `kg viz` makes it from a corpus built by `kg build`
(read as `kg viz` reads it, kg.viz.page.read_graph: its graph.ttl after a finished build), and the first table
has a row per built corpus (the reading in the last column, with the CPU seconds of reading, view and page).
With ``--form file|folder|both`` (default both) each corpus' page is written as one file, as a page with a folder
beside it (kg.viz.folder), or both, a row each; MB is then the page's, with the folder's beside it.
With ``--threshold [DOCS...]`` a third table decides the size above which a page opens on its overview:
corpora of a few documents (seed 1), each drawn whole (a force layout of every node) and as an overview, with
the browser's time to the first drawing, the nodes shown, the labels drawn and how many of the 20 most
referenced places, companies and events are named.

    .venv/bin/python benchmarks/viz_corpus_benchmark.py [SIZES...] [--keep DIR] [--built DATA OUT] [--form F]
        [--threshold [DOCS...]]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import MARKER, generate_corpus  # noqa: E402
from rdflib.namespace import RDF, RDFS  # noqa: E402

import kg.viz.pagedata as pagedata  # noqa: E402
from kg.facts.folder import build_graph  # noqa: E402
from kg.facts.namespaces import SCHEMA  # noqa: E402
from kg.facts.ontology import load_ontology  # noqa: E402
from kg.project import ProjectPaths  # noqa: E402
from kg.store.spec import StoreSpec  # noqa: E402
from kg.viz.layout import importance, radial_layout  # noqa: E402
from kg.viz.folder import folder_of, write_folder  # noqa: E402
from kg.viz.page import read_graph, render_folder, render_page, source_texts, write_page  # noqa: E402
from kg.viz.regions import communities, region_layout  # noqa: E402
from kg.store.plain import is_iri  # noqa: E402
from kg.viz.triples import TripleIndex  # noqa: E402
from kg.viz.view import build_view  # noqa: E402

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
CHROMIUM = "/usr/bin/chromium"
THRESHOLD_SIZES = (2, 4, 8, 16, 32)  # documents: from about 60 to about 700 nodes
KINDS = {str(k) for k in (SCHEMA.Place, SCHEMA.AdministrativeArea, SCHEMA.City, SCHEMA.Country, SCHEMA.Corporation,
                          SCHEMA.Event)}


def most_referenced(graph, count: int = 20) -> list[str]:
    """The places, companies and events that most triples point at (``graph``: rdflib's, or a TripleIndex)."""
    graph = TripleIndex.of(graph)
    kinds = set(KINDS)
    changed = True
    while changed:  # every subclass of the kinds
        found = {s for k in kinds for s in graph.subjects(str(RDFS.subClassOf), k) if is_iri(s)}
        changed = not found <= kinds
        kinds |= found
    entities = {s for k in kinds for s in graph.subjects(str(RDF.type), k)}
    counts = Counter(o for _, _, o in graph if o in entities)
    return [str(e) for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:count]]


def in_browser(browser, path: Path, top: list[str], clicks: bool = True) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page.goto(path.resolve().as_uri(), timeout=600_000)
    page.wait_for_function("window.kgReady === true", timeout=600_000)
    found = page.evaluate("""top => ({times: [kgTimes.firstDraw, kgTimes.idle], first: nodes.length,
        labels: kgLabels.length, named: top.filter(id => kgLabels.some(b => b.id === id)).length})""", top)
    if clicks and page.evaluate("kg.overview !== undefined"):
        found["expand"] = clicked(page, "expand(kg.overview[0])")
        found["open"] = clicked(page, "openRegion(0)")
    page.close()
    return found


def clicked(page, call: str) -> float:
    """Milliseconds from a call to its end: for a page in a folder, until the blocks it reads are in (5 ms steps)."""
    return page.evaluate(f"""() => new Promise(done => {{ const t = performance.now(); {call};
        (function wait() {{ if (kgLoading === 0) done(performance.now() - t); else setTimeout(wait, 5); }})(); }})""")


def separation(view, groups, positions) -> float:
    """Mean distance between two members of one community over that between two nodes of different ones."""
    rng = random.Random(1)
    group_of = {n: i for i, g in enumerate(groups) for n in g}
    ids = sorted(positions)
    same, other = [], []
    for _ in range(20000):
        a, b = rng.choice(ids), rng.choice(ids)
        if a != b:
            d = math.dist(positions[a], positions[b])
            (same if group_of[a] == group_of[b] else other).append(d)
    return (sum(same) / len(same)) / (sum(other) / len(other))


def read(size: int, folder: Path, built: Path | None):
    """The graph to draw: generated and read into memory, or a built corpus' store read as `kg viz` reads it."""
    if built is not None:
        project = ProjectPaths(data_dir=folder, ontology_path=ONTOLOGY, out_dir=built)
        return read_graph(None, project, StoreSpec("oxigraph", str(built / "oxigraph")))[0]
    if not (folder / MARKER).is_file():
        generate_corpus(size, folder, seed=1)
    graph = build_graph(folder, ONTOLOGY)
    graph += load_ontology(ONTOLOGY)
    return graph


def write(view, graph, texts, title: str, path: Path, form: str) -> str:
    """Write the page in one form; its size in MB (a folder's: the page's + the folder's)."""
    if form == "file":
        return f"{write_page(path, render_page(view, graph, title, texts)).stat().st_size / 1e6:.1f}"
    write_folder(path, *render_folder(view, graph, title, texts, folder_of(path).name))
    inside = sum(p.stat().st_size for p in folder_of(path).iterdir())
    return f"{path.stat().st_size / 1e6:.1f}+{inside / 1e6:.0f}"


def run(size: int, folder: Path, browser, scratch: Path, built: Path | None = None,
        forms: tuple[str, ...] = ("file",), layouts: bool = True) -> tuple[list[str], str, object]:
    """The page's rows (one per form) and the layouts' row for one corpus; its pages are written in ``scratch``
    (the corpora and their built folders are only read)."""
    start, cpu = time.perf_counter(), [time.process_time()]
    graph = read(size, folder, built)
    done_reading = time.perf_counter()
    cpu.append(time.process_time())
    view = build_view(graph)
    built_view = time.perf_counter()
    cpu.append(time.process_time())
    texts, _ = source_texts(view, folder / "sources")
    top = most_referenced(graph)
    rows = []
    for form in forms:
        began, cpu_page = time.perf_counter(), time.process_time()
        megabytes = write(view, graph, texts, f"Corpus of {size} documents", scratch / f"graph-{folder.name}.html", form)
        done = time.perf_counter()
        # CPU seconds beside the wall's: on a shared machine the wall time is mostly other work's.
        spent = (" + ".join(f"{b - a:.1f}" for a, b in zip(cpu, cpu[1:])) + f" + {time.process_time() - cpu_page:.1f}"
                 f" = {cpu[-1] - cpu[0] + time.process_time() - cpu_page:.1f} s CPU")
        found = in_browser(browser, scratch / f"graph-{folder.name}.html", top)
        rows.append(f"{size or len(view.documents):>5} {len(view.nodes):>7} {len(view.edges):>7} {form:>6} "
                    f"{built_view - done_reading:>7.2f} {done - began:>7.2f} {megabytes:>9} "
                    f"{found['times'][0] / 1000:>8.2f} {found['times'][1] / 1000:>7.2f} {found['first']:>6} "
                    f"{found['named']:>6}/20 {found.get('expand', 0):>8.0f} {found.get('open', 0):>7.0f}   "
                    f"({'store' if built else 'in memory'}: read {done_reading - start:.1f} s;"
                    f" read + view + page {spent})")
    size = size or len(view.documents)
    if not layouts:
        return rows, "", view
    scores = importance(view)
    t0 = time.perf_counter()
    rings = radial_layout(view, scores)
    t1 = time.perf_counter()
    groups = communities(view)
    regions, _ = region_layout(view, groups, scores, {})
    t2 = time.perf_counter()
    layout_row = (f"{size:>5} {t1 - t0:>8.2f} {separation(view, groups, rings):>11.2f} {t2 - t1:>10.2f} "
                  f"{separation(view, groups, regions):>13.2f} {len(groups):>12}")
    return rows, layout_row, view


def threshold_rows(scratch: Path, browser, documents) -> list[str]:
    """Corpora of a few documents each drawn whole and as an overview: first drawing, labels, top 20 named."""
    rows, above = [], pagedata.OVERVIEW_ABOVE
    try:
        for count in documents:
            folder = scratch / f"threshold-corpus-{count}"
            graph = read(count, folder, None)
            view = build_view(graph)
            texts, _ = source_texts(view, folder / "sources")
            wanted = [e for e in most_referenced(graph) if e in view.ids()]
            cells = []
            for whole in (True, False):
                pagedata.OVERVIEW_ABOVE = 10**9 if whole else 0  # this benchmark's switch, restored below
                path = write_page(scratch / f"threshold-{count}.html", render_page(view, graph, "Threshold", texts))
                found = in_browser(browser, path, wanted, clicks=False)
                cells.append(f"{found['times'][0] / 1000:>7.2f} {found['first']:>5} {found['labels']:>6} "
                             f"{found['named']:>3}/{len(wanted):<3}")
            rows.append(f"{count:>5} {len(view.nodes):>6}   " + "   ".join(cells))
    finally:
        pagedata.OVERVIEW_ABOVE = above
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[])
    parser.add_argument("--keep", type=Path, default=None, help="generate the corpora here and keep them")
    parser.add_argument("--built", type=Path, nargs=2, action="append", default=[], metavar=("DATA", "OUT"),
                        help="a corpus built by kg build: its data folder and its out folder (repeatable)")
    parser.add_argument("--form", choices=["file", "folder", "both"], default="both",
                        help="the page as one file, as a page with a folder, or both (a row each)")
    parser.add_argument("--no-layouts", dest="layouts", action="store_false",
                        help="leave out the layouts' table (rings against regions)")
    parser.add_argument("--threshold", type=int, nargs="*", default=None, metavar="N",
                        help="also the overview threshold's table, for corpora of these many documents (default 2 to 32)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pages, layouts, thresholds = [], [], []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        runs = [(size, (args.keep or Path(tmp)) / f"corpus-{size}", None) for size in args.sizes]
        runs += [(0, data, out) for data, out in args.built]
        if not runs and args.threshold is None:
            runs = [(400, Path(tmp) / "corpus-400", None)]
        forms = ("file", "folder") if args.form == "both" else (args.form,)
        for size, folder, built in runs:
            page_rows, layout_row, _ = run(size, folder, browser, args.keep or Path(tmp), built, forms, args.layouts)
            pages.extend(page_rows)
            layouts += [layout_row] if layout_row else []
            print("\n".join(page_rows), flush=True)
        if args.threshold is not None:
            thresholds = threshold_rows(args.keep or Path(tmp), browser, args.threshold or THRESHOLD_SIZES)
        browser.close()
    print(f"\n{'docs':>5} {'nodes':>7} {'edges':>7} {'form':>6} {'view s':>7} {'page s':>7} {'MB':>9} {'first s':>8} {'idle s':>7} "
          f"{'shown':>6} {'top-20':>9} {'expand ms':>9} {'open ms':>7}")
    print("\n".join(pages))
    print(f"\n{'docs':>5} {'rings s':>8} {'rings ratio':>11} {'regions s':>10} {'regions ratio':>13} {'communities':>12}")
    print("\n".join(layouts))
    if thresholds:
        print(f"\n{'docs':>5} {'nodes':>6}   {'whole: first s, shown, labels, top named':>40}   "
              f"{'overview: first s, shown, labels, top named':>43}")
        print("\n".join(thresholds))


if __name__ == "__main__":
    main()
