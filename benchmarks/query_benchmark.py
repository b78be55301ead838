"""kg's answers beside the engine under them: `kg query` and `kg serve` against pyoxigraph and `oxigraph
serve-read-only` on the same Oxigraph store, in one run.

    .venv/bin/python benchmarks/query_benchmark.py                    # a 400-document corpus, built first
    .venv/bin/python benchmarks/query_benchmark.py --project DIR      # a kg project already built (out/oxigraph)

Rows (seconds, each the best of --repeat runs, every run a fresh process writing to /dev/null):

- large: `SELECT ?s ?p ?o` over every triple (data and ontology), CSV out, no ORDER BY (kg sorts the rows);
- ordered: every triple but labels, `ORDER BY ?s`, CSV out;
- serve: the median latency of a small query (ten cities and their labels, SPARQL JSON) over --requests
  sequential HTTP requests, `kg serve` against `oxigraph serve-read-only --union-default-graph` on the same store.

kg's side is the `kg query` command as a user runs it (imports included); pyoxigraph's side is a script that
opens the store read-only, runs the same text and serialises with the same writer.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"
OXIGRAPH_CLI = ROOT / ".venv" / "bin" / "oxigraph"
sys.path.insert(0, str(ROOT / "benchmarks"))

PROLOGUE = ("PREFIX kgo: <https://kg.example.org/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
LARGE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
ORDERED = PROLOGUE + "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p != rdfs:label) } ORDER BY ?s"
SMALL = PROLOGUE + "SELECT ?city ?label WHERE { ?city a kgo:City ; rdfs:label ?label } ORDER BY ?city LIMIT 10"

PYOXIGRAPH = r"""
import sys, time
import pyoxigraph as ox
start = time.perf_counter()
store = ox.Store.read_only(sys.argv[1])
with open("/dev/null", "wb") as out:
    store.query(sys.argv[2], use_default_graph_as_union=True).serialize(out, ox.QueryResultsFormat.CSV)
print(time.perf_counter() - start)
"""

ROWS = r"""
import sys
import pyoxigraph as ox
print(sum(1 for _ in ox.Store.read_only(sys.argv[1]).query(sys.argv[2], use_default_graph_as_union=True)))
"""


def kg_seconds(project: Path, text: str) -> float:
    """Seconds of `kg query -e TEXT --format csv` in a fresh process, its answer to /dev/null."""
    start = time.perf_counter()
    with open("/dev/null", "wb") as out:
        done = subprocess.run([str(KG), "query", "-e", text, "--format", "csv"], cwd=project, stdout=out,
                              stderr=subprocess.PIPE, text=True)
    if done.returncode != 0 or done.stderr:
        raise SystemExit(f"kg query failed or rebuilt: {done.stderr.strip()[:300]}")
    return time.perf_counter() - start


def pyoxigraph_seconds(store: Path, text: str) -> float:
    """Seconds of pyoxigraph opening the store, running ``text`` and writing CSV, in a fresh process."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", PYOXIGRAPH, str(store), text], check=True, capture_output=True)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median_latency(url: str, query: str, requests: int) -> float:
    """The median seconds of GET ``url``?query=... (SPARQL JSON) over ``requests`` sequential requests,
    after the server answered once."""
    address = f"{url}?{urllib.parse.urlencode({'query': query})}"
    headers = {"Accept": "application/sparql-results+json"}
    deadline = time.perf_counter() + 120
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(address, headers=headers), timeout=10) as answer:
                answer.read()
                break
        except OSError:
            if time.perf_counter() > deadline:
                raise SystemExit(f"{url} did not answer")
            time.sleep(0.05)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(address, headers=headers), timeout=10) as answer:
            answer.read()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def serve_latencies(project: Path, requests: int) -> tuple[float, float]:
    """kg serve's and oxigraph serve-read-only's median latency for the small query."""
    results = []
    for command, path in (([str(KG), "serve", "--port", "{port}"], "/sparql"),
                          ([str(OXIGRAPH_CLI), "serve-read-only", "--location", str(project / "out" / "oxigraph"),
                            "--union-default-graph", "--bind", "127.0.0.1:{port}"], "/query")):
        port = free_port()
        server = subprocess.Popen([part.format(port=port) for part in command], cwd=project,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            results.append(median_latency(f"http://127.0.0.1:{port}{path}", SMALL, requests))
        finally:
            server.terminate()
            server.wait()
    return results[0], results[1]


def build(folder: Path, documents: int) -> Path:
    from build_benchmark import make_project
    from corpus import generate_corpus

    generate_corpus(documents, folder / "data", seed=1)
    make_project(folder)
    subprocess.run([str(KG), "build"], cwd=folder, check=True, capture_output=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a built kg project (default: a corpus built now)")
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    # As pip leaves an installed kg: compiled. With PYTHONDONTWRITEBYTECODE set (as in some shells) every cold
    # command would otherwise compile kg's modules again, a third of a second.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True)
    with tempfile.TemporaryDirectory() as scratch:
        project = options.project.resolve() if options.project else build(Path(scratch), options.documents)
        store = project / "out" / "oxigraph"
        print(f"{'':<28} {'rows':>9} {'kg':>9} {'oxigraph':>9} {'ratio':>6}")
        for label, text in (("large: SELECT ?s ?p ?o, CSV", LARGE), ("ORDER BY, CSV", ORDERED)):
            rows = int(subprocess.run([sys.executable, "-c", ROWS, str(store), text], check=True,
                                      capture_output=True, text=True).stdout)
            # Interleaved, the best of each: a machine whose load changes during the run moves both sides alike.
            runs = [(kg_seconds(project, text), pyoxigraph_seconds(store, text)) for _ in range(options.repeat)]
            kg, ox = min(k for k, _ in runs), min(o for _, o in runs)
            print(f"{label:<28} {rows:>9,} {kg:>8.2f}s {ox:>8.2f}s {kg / ox:>5.2f}x")
        kg_serve, ox_serve = serve_latencies(project, options.requests)
        print(f"{'serve, small query, median':<28} {10:>9,} {kg_serve * 1000:>7.2f}ms {ox_serve * 1000:>7.2f}ms "
              f"{kg_serve / ox_serve:>5.2f}x")


if __name__ == "__main__":
    main()
