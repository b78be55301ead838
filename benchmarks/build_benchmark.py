"""How `kg build` grows with a corpus: one table for N documents, stage by stage, beside pyoxigraph.

    .venv/bin/python benchmarks/build_benchmark.py                 # N = 1, 10, 50, 200, 400
    .venv/bin/python benchmarks/build_benchmark.py --sizes 1 10 50

For each N, a corpus made by benchmarks/corpus.py (N articles with their facts
files, entities shared across them) is built in a fresh process, so that each
row's peak memory is its own. Stages: reading the facts files and sources and
locating quotes; the graph; SHACL validation; writing sorted Turtle; loading an
Oxigraph store. "kg build" is the whole command, with and without validation.
Beside them, in the same run: pyoxigraph parsing the written Turtle and writing
it again, the practical lower bound of reading and writing that many triples.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

STAGES = r"""
import json, resource, sys, time
from pathlib import Path
data, ontology, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
t = {}
start = time.perf_counter()
from kg.build import facts_files, links_files, to_turtle, write_atomic
from kg.graph import GraphBuilder
from kg.ontology import Contract, load_ontology
from kg.sources import load_facts_file, load_links_file
from kg.store import Project
from kg.validate import validate_graph
t["import"] = time.perf_counter() - start
mark = time.perf_counter()
contract = Contract.from_graph(load_ontology(ontology))
files = [load_facts_file(p, data / "sources") for p in facts_files(data)]
links = [load_links_file(p) for p in links_files(data)]
t["read"] = time.perf_counter() - mark
mark = time.perf_counter()
builder = GraphBuilder(contract)
graph = builder.add_all(files, links)
t["graph"] = time.perf_counter() - mark
mark = time.perf_counter()
report = validate_graph(graph, Project(data_dir=data, ontology_path=ontology), locations=builder.locations())
t["validate"] = time.perf_counter() - mark
assert report.conforms, report.violations[:3]
mark = time.perf_counter()
turtle = to_turtle(graph)
write_atomic(out / "graph.ttl", turtle)
t["turtle"] = time.perf_counter() - mark
mark = time.perf_counter()
import pyoxigraph as ox
store = ox.Store(str(out / "store"))
store.bulk_load(turtle, ox.RdfFormat.TURTLE)
store.flush()
t["store"] = time.perf_counter() - mark
mark = time.perf_counter()
parsed = ox.Store()
parsed.bulk_load(turtle, ox.RdfFormat.TURTLE)
written = parsed.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
t["ox"] = time.perf_counter() - mark
t["triples"] = len(graph)
t["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(t))
"""


def _command(args: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one `kg` command in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "kg"), *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed: {done.stderr.strip()[:300]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50, 200, 400])
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    from corpus import generate_corpus

    ontology = ROOT / "ontology" / "kg.ttl"
    header = (f"{'docs':>5} {'triples':>9} {'build s':>8} {'no-val s':>8} {'peak MB':>8} | {'read':>6} {'graph':>6} "
              f"{'valid':>6} {'turtle':>6} {'store':>6} | {'ox parse+write':>14} {'build/ox':>8}")
    print(header)
    print("-" * len(header))
    for n in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            data, out = Path(folder) / "data", Path(folder) / "out"
            generate_corpus(n, data, seed=options.seed)
            out.mkdir()
            stages = subprocess.run([sys.executable, "-c", STAGES, str(data), str(ontology), str(out)],
                                    capture_output=True, text=True, cwd=ROOT)
            if stages.returncode != 0:
                raise SystemExit(stages.stderr.strip()[-500:])
            t = json.loads(stages.stdout.strip().splitlines()[-1])
            build, peak = _command(["build", "--data", str(data), "--ontology", str(ontology), "--out", str(out / "a")])
            fast, _ = _command(["build", "--data", str(data), "--ontology", str(ontology), "--out", str(out / "b"),
                                "--no-validate"])
            print(f"{n:>5} {t['triples']:>9,} {build:>8.1f} {fast:>8.1f} {max(peak, t['rss']):>8.0f} | {t['read']:>6.1f} "
                  f"{t['graph']:>6.1f} {t['validate']:>6.1f} {t['turtle']:>6.1f} {t['store']:>6.1f} | "
                  f"{t['ox']:>14.2f} {build / t['ox']:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
