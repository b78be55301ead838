"""Every reading command at corpus scale, beside the work of its anchor, at 50, 400 and 4,000 documents.

For each size, a corpus made by benchmarks/corpus.py, made a kg project and
built (``kg build``, and ``kg build --no-validate`` elsewhere: the difference
is the build's own validation time). Then each command runs in a fresh
process in the project folder, as a user types it, its wall time and peak
memory (PSS summed over its process tree) and CPU seconds (user and system; on a
shared machine less disturbed by the others' load than wall time) measured;
beside it, its anchor:

- ``kg analyze --top 5``: python-igraph's exact betweenness, PageRank and
  greedy-modularity communities of the same entity network (the C work alone;
  up to 400 documents: at 4,000 it took 455 CPU s);
- ``kg path Suining Lanzhou``: pyoxigraph opening the store and reading both
  entities' triples (a process's floor for any answer from the store);
- ``kg validate`` (unchanged build) and ``kg validate --shapes`` (the project's
  shapes and one more rule, so the store is checked): the build's validation;
- ``kg export`` to Turtle and N-Triples: pyoxigraph writing the store's default
  graph in that format to a file; to GraphML: the target (5 s) alone; to GEXF and
  a Neo4j zip (the same property-graph view as GraphML): none.

Anchors' times are the CPU seconds of their work alone, in their own process (the build's: the CPU seconds
of ``kg build`` less those of ``kg build --no-validate``), and "x anchor" divides a command's CPU seconds by
them: on this shared machine (2 cores, other benchmarks and test runs beside) wall times swell with the
load, CPU seconds much less. Targets (#24): at 400 documents
analyze <= 5 s, path <= 1 s, validate unchanged <= 1 s and with changed shapes <= the build's validation,
an RDF export <= 2x its anchor, GraphML <= 5 s, no command over 500 MB; at 4,000 each within 10x its 400 time.

    flock /work/locks/bench.lock .venv/bin/python benchmarks/commands_benchmark.py --sizes 50 400
    flock /work/locks/bigmem.lock .venv/bin/python benchmarks/commands_benchmark.py --sizes 4000 --work /tmp/kg-c
    ... --sizes 4000 --work /tmp/kg-c --built 4000 /work/corpus/c4000 /work/corpus/c4000-out  # built already
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_benchmark import communicate_sampled, make_project  # noqa: E402

IGRAPH = r"""
import sys, time
from kg.analyze.entities import entity_network
from kg.store.native import open_native
import igraph
g = entity_network(open_native(sys.argv[1]))
index = {n: i for i, n in enumerate(g)}
h = igraph.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in g.edges()])
start = time.process_time()
h.betweenness(directed=False)
h.pagerank(directed=False, implementation="arpack")
h.community_fastgreedy().as_clustering()
print(time.process_time() - start)
"""

LOOKUP = r"""
import sys, time
start = time.process_time()
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
for name in ("suining", "lanzhou"):
    list(store.quads_for_pattern(ox.NamedNode("https://kg.example.org/id/" + name), None, None))
print(time.process_time() - start)
"""

DUMP = r"""
import sys, time
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
start = time.process_time()
with open(sys.argv[2], "wb") as out:
    store.dump(out, format=getattr(ox.RdfFormat, sys.argv[3]), from_graph=ox.DefaultGraph())
print(time.process_time() - start)
"""

LAST_CPU = 0.0
EXACT_ANCHOR_DOCS = 400
STRICT = "\nkgs:Strict a sh:NodeShape ; sh:targetClass kgo:Company ; sh:property [ sh:path kgo:jurisdiction ; sh:minCount 1 ] .\n"


def measure(argv: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Wall seconds, peak MB (PSS over the process tree) and the last line of stdout of a command; its CPU
    seconds (user and system, its process tree) are kept in ``LAST_CPU``."""
    global LAST_CPU
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr, peak = communicate_sampled(process, interval=0.05)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({process.returncode}): {stderr.strip()[-500:]}")
    lines = stdout.strip().splitlines()
    return seconds, peak, lines[-1] if lines else ""


def anchor(script: str, *args: str) -> float:
    return float(measure([sys.executable, "-c", script, *args], ROOT)[2])


def prepare(n: int, folder: Path, seed: int) -> dict:
    """The corpus of ``n`` documents as a built project in ``folder`` (kept if built already); build times."""
    from corpus import generate_corpus

    timings_file = folder / "build-times.json"
    if timings_file.is_file():
        return json.loads(timings_file.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    generate_corpus(n, folder / "data", seed=seed)
    make_project(folder)
    measure([str(KG), "build", "--no-validate", "--out", str(folder / "out-novalidate")], folder)
    fast = LAST_CPU
    shutil.rmtree(folder / "out-novalidate")
    full, peak, _ = measure([str(KG), "build"], folder)
    times = {"build": LAST_CPU, "no_validate": fast, "build_peak": peak, "build_wall": full}
    timings_file.write_text(json.dumps(times))
    return times


def adopt(folder: Path, data: Path, out: Path) -> None:
    """A project in ``folder`` around a corpus built elsewhere (``data`` and its ``out``, copied; of the build's
    cache only its merged lines and their state, which exports read), for a size whose build takes longer
    than a benchmark's turn. Its build's own validation time is not known: that anchor is left out."""
    if (folder / "build-times.json").is_file():
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(data, folder / "data")
    make_project(folder)
    shutil.copytree(out, folder / "out", ignore=lambda where, names: [
        name for name in names if name == ".build.lock" or Path(where).name == ".cache" and not name.startswith("merged.")])
    (folder / "build-times.json").write_text(json.dumps({"build": None, "no_validate": None}))


def run_size(n: int, folder: Path, seed: int) -> list[tuple]:
    """(command, seconds, CPU seconds, peak MB, load average at its start, anchor name, anchor seconds) for
    every command on ``n`` documents."""
    times = prepare(n, folder, seed)
    store = str(folder / "out" / "oxigraph")
    validation = max(times["build"] - times["no_validate"], 0.0) if times["build"] is not None else 0.0
    strict = folder / "strict.ttl"
    strict.write_text((folder / "ontology" / "shapes.ttl").read_text(encoding="utf-8") + STRICT, encoding="utf-8")
    exports = folder / "exports"
    exports.mkdir(exist_ok=True)
    def kg(*args: str, ok: tuple[int, ...] = (0,)) -> tuple[float, float, float, float]:
        load = os.getloadavg()[0]  # the machine's load as the command starts: wall times swell with it
        seconds, peak, _ = measure([str(KG), *args], folder, ok)
        return seconds, LAST_CPU, peak, load

    # igraph's exact betweenness of 4,000 documents' network took 455 CPU s (session 3): longer than every other
    # command of the size together; past EXACT_ANCHOR_DOCS it is left out.
    exact = anchor(IGRAPH, store) if n <= EXACT_ANCHOR_DOCS else 0.0
    rows = [
        ("analyze --top 5", *kg("analyze", "--top", "5"), "igraph exact" if exact else "-", exact),
        ("path Suining Lanzhou", *kg("path", "Suining", "Lanzhou"), "pyoxigraph lookups", anchor(LOOKUP, store)),
        ("validate (unchanged)", *kg("validate"), "build's validation", validation),
        ("validate --shapes (changed)", *kg("validate", "--shapes", str(strict), ok=(1,)), "build's validation",
         validation),
    ]
    for fmt, name in (("ttl", "TURTLE"), ("nt", "N_TRIPLES")):
        rows.append((f"export {fmt}", *kg("export", "--out", str(exports / f"kg.{fmt}")), f"pyoxigraph {fmt}",
                     anchor(DUMP, store, str(exports / f"anchor.{fmt}"), name)))
    rows.append(("export graphml", *kg("export", "--out", str(exports / "kg.graphml")), "target (wall)", 5.0))
    rows.append(("export gexf", *kg("export", "--out", str(exports / "kg.gexf")), "-", 0.0))
    rows.append(("export csv (Neo4j zip)", *kg("export", "--out", str(exports / "neo4j.zip")), "-", 0.0))
    shutil.rmtree(exports)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 400, 4000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None,
                        help="keep each size's built corpus in WORK/cN (reused when run again)")
    parser.add_argument("--built", nargs=3, action="append", default=[], metavar=("N", "DATA", "OUT"),
                        help="for N documents, the corpus DATA already built into OUT (needs --work)")
    options = parser.parse_args()
    for n, data, out in options.built:
        adopt(options.work / f"c{n}", Path(data), Path(out))
    header = (f"{'docs':>5}  {'command':<28} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'load':>5}  {'anchor':<19} "
              f"{'cpu s':>8} {'x anchor':>8}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as scratch:
        for n in options.sizes:
            folder = (options.work or Path(scratch)) / f"c{n}"
            for command, seconds, cpu, peak, load, name, base in run_size(n, folder, options.seed):
                ratio = f"{cpu / base:>8.1f}" if base > 0 else f"{'-':>8}"
                print(f"{n:>5}  {command:<28} {seconds:>7.2f} {cpu:>7.2f} {peak:>8.0f} {load:>5.1f}  {name:<19} "
                      f"{base:>8.2f} {ratio}", flush=True)


if __name__ == "__main__":
    main()
