"""How `kg build` grows with a corpus: one table for N documents, stage by stage, beside pyoxigraph.

    .venv/bin/python benchmarks/build_benchmark.py                 # N = 1, 10, 50, 200, 400
    .venv/bin/python benchmarks/build_benchmark.py --sizes 1 10 50
    flock /work/locks/bigmem.lock .venv/bin/python benchmarks/build_benchmark.py --sizes 2000 4000 --no-fast \
        --queries award plants     # the large rows (not in CI: an hour or more, GBs)
    .venv/bin/python benchmarks/build_benchmark.py --corpus /work/corpus/c4000 --no-fast
                                                                   # a corpus made already (copied: it is edited)

For each N, a corpus made by benchmarks/corpus.py (N articles with their facts
files, entities shared across them) is built in a fresh process, as `kg build`
builds it (kg.build.outputs.build_project: every core, validation in parts), into an
empty out/ folder, so nothing comes from the cache. Columns:

- build s, no-val s: the whole build with and without SHACL validation, imports included;
- peak MB: the most memory the build's processes held at once (the sum of their
  proportional set sizes, PSS, sampled every 200 ms: pages that forked workers
  share with their parent are counted once);
- read, docs, merge, shared, write: its stages (reading the facts files, the
  documents' graphs and validation on every core, merging their triples, the
  shared nodes' validation, writing graph.ttl and the store);
- edit s: the build again after one document's label was edited (the cache redoes that document);
- query s: the median of a cold `kg query NAME` (a fresh process) over every library query (or those named by
  --queries: at 4,000 documents `curated-vs-draft` answers a million rows, sorted, for more than 8 minutes);
- serve s: from starting `kg serve` to its first answer;
- ox s: pyoxigraph parsing the written Turtle and writing it again (the floor
  for reading and writing that many triples), and build s / ox s;
- load: the machine's load average over the last 5 minutes when the row ends (the ratios
  above mean little on a machine others are using).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"
sys.path.insert(0, str(ROOT / "benchmarks"))

BUILD = r"""
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from kg.build.outputs import build_project
from kg.project import ProjectPaths
data, ontology, out, validate = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1"
made = build_project(ProjectPaths(data, ontology, out), validate=validate)
print(json.dumps({"total": time.perf_counter() - start, "triples": made.summary.triples, "reused": made.reused,
                  **made.timings}))
"""

OXIGRAPH = r"""
import sys, time
import pyoxigraph as ox
turtle = open(sys.argv[1], "rb").read()
start = time.perf_counter()
store = ox.Store()
store.bulk_load(turtle, ox.RdfFormat.TURTLE)
store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
print(time.perf_counter() - start)
"""


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def communicate_sampled(process: subprocess.Popen, interval: float = 0.2) -> tuple[str, str, float]:
    """``process.communicate()`` while sampling its memory: stdout, stderr and the peak (MB, PSS summed over
    its process tree, every ``interval`` seconds)."""
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    return stdout, stderr, peak[0] / 1024


def run_build(data: Path, out: Path, validate: bool) -> tuple[dict, float]:
    """The build's stage times and its peak memory (MB, PSS summed over its process tree)."""
    process = subprocess.Popen([sys.executable, "-c", BUILD, str(data), str(data.parent / "ontology" / "kg.ttl"), str(out),
                                "1" if validate else "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    stdout, stderr, peak = communicate_sampled(process)
    if process.returncode != 0:
        raise SystemExit(f"build of {data} failed: {stderr.strip()[-500:]}")
    return json.loads(stdout.strip().splitlines()[-1]), peak


def make_project(folder: Path) -> None:
    """``folder`` as a kg project (a pyproject.toml with [tool.kg], the ontology and the queries), so that
    every command finds its data/ and out/ there."""

    (folder / "pyproject.toml").write_text('[project]\nname = "corpus"\n\n[tool.kg]\n', encoding="utf-8")
    for part in ("ontology", "queries"):
        shutil.copytree(ROOT / part, folder / part)


def cold_queries(project: Path, names: list[str] | None = None) -> float:
    """The median seconds of `kg query NAME` for every library query (or those ``names``), each in a fresh process."""
    times = []
    for query in sorted(q for q in (ROOT / "queries").glob("*.rq") if names is None or q.stem in names):
        start = time.perf_counter()
        done = subprocess.run([str(KG), "query", query.stem], cwd=project, capture_output=True,
                              text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0 or done.stderr:
            raise SystemExit(f"kg query {query.stem} failed or rebuilt: {done.stderr.strip()[:300]}")
    return statistics.median(times)


def serve_ready(project: Path) -> float:
    """Seconds from starting `kg serve` to its first answer."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = time.perf_counter()
    server = subprocess.Popen([str(KG), "serve", "--port", str(port)], cwd=project, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=5) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start
            except OSError:
                if server.poll() is not None or time.perf_counter() - start > 60:
                    raise SystemExit("kg serve did not answer")
                time.sleep(0.02)
    finally:
        server.terminate()
        server.wait()


def edit_one(data: Path) -> None:
    """Change one document's label of its own (an event), as a person fixing a typo would."""
    facts = sorted((data / "facts").glob("*.yaml"))[len(list((data / "facts").glob("*.yaml"))) // 2]
    text = facts.read_text(encoding="utf-8")
    lines = text.splitlines()
    # A statement's label: statements are the document's own (pooled entities carry one label in every document).
    line = next(lines[i + 1] for i, line in enumerate(lines) if line == "    class: kgo:Statement")
    facts.write_text(text.replace(line, line.replace('label: "', 'label: "The '), 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50, 200, 400])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-fast", action="store_true", help="skip the build without validation (large rows)")
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="a data folder made by benchmarks/corpus.py (facts/, sources/): a row for it, instead of "
                             "--sizes (repeatable)")
    parser.add_argument("--queries", nargs="+", metavar="NAME",
                        help="the library queries whose cold run the query column times (default: every one)")
    options = parser.parse_args()
    unknown = set(options.queries or ()) - {q.stem for q in (ROOT / "queries").glob("*.rq")}
    if unknown:
        parser.error(f"--queries: not in queries/: {', '.join(sorted(unknown))}")
    from corpus import generate_corpus

    # As pip leaves an installed kg: compiled. With PYTHONDONTWRITEBYTECODE set (as in some shells) every cold
    # command would otherwise compile kg's modules again, a third of a second.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True)
    header = (f"{'docs':>5} {'triples':>9} {'build s':>8} {'no-val s':>8} {'peak MB':>8} | {'read':>5} {'docs':>5} "
              f"{'merge':>5} {'shared':>6} {'write':>5} | {'edit s':>6} {'query s':>7} {'serve s':>7} | "
              f"{'ox s':>5} {'build/ox':>8} {'load':>5}")
    print(header)
    print("-" * len(header))
    for n, given in [(len(list((c / "facts").glob("*.yaml"))), c) for c in options.corpus] or \
            [(n, None) for n in options.sizes]:
        with tempfile.TemporaryDirectory() as folder:
            data, out = Path(folder) / "data", Path(folder) / "out"
            if given is not None:
                shutil.copytree(given, data)
            else:
                generate_corpus(n, data, seed=options.seed)
            make_project(Path(folder))
            fast = {"total": float("nan")} if options.no_fast else run_build(data, Path(folder) / "fast", validate=False)[0]
            full, peak = run_build(data, out, validate=True)
            edit_one(data)
            again, _ = run_build(data, out, validate=True)
            assert again["reused"] == n - 1, again
            query = cold_queries(Path(folder), options.queries)
            ready = serve_ready(Path(folder))
            ox = float(subprocess.run([sys.executable, "-c", OXIGRAPH, str(out / "graph.ttl")], capture_output=True,
                                      text=True, check=True).stdout)
            written = full["write"]
            print(f"{n:>5} {full['triples']:>9,} {full['total']:>8.1f} {fast['total']:>8.1f} {peak:>8.0f} | "
                  f"{full['read']:>5.1f} {full['documents']:>5.1f} {full['merge']:>5.1f} "
                  f"{full.get('shared validation', 0):>6.1f} {written:>5.1f} | {again['total']:>6.1f} {query:>7.2f} "
                  f"{ready:>7.2f} | {ox:>5.2f} {full['total'] / ox:>8.1f} {os.getloadavg()[1]:>5.1f}", flush=True)


if __name__ == "__main__":
    main()
