"""What the cache's data format (kg.build.entries, #22) costs beside the pickle it replaced: the entries of a
built corpus (parsed facts files, document parts, the merge state) written and read both ways.

    .venv/bin/python benchmarks/cache_benchmark.py 100          # documents of benchmarks/corpus.py
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate_corpus  # noqa: E402

from kg.build.cache import _Cache  # noqa: E402
from kg.build.entries import dumps, loads  # noqa: E402
from kg.build.merge import read_state  # noqa: E402
from kg.build.outputs import build_project  # noqa: E402
from kg.project import ProjectPaths  # noqa: E402


def entries_of(out: Path) -> list[tuple[str, object]]:
    """Every entry of a built project's cache, as (kind, value)."""
    cache = _Cache(out / ".cache")
    found = []
    for path in sorted((out / ".cache").glob("*.entry")):
        kind = path.read_bytes().split(b"\n", 2)[1].split(b" ")[0].decode()
        found.append((kind, cache.peek(path.stem, kind)))
    found.append(("merge-state", read_state(out / ".cache")))
    return found


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", type=int, nargs="?", default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data, out = Path(folder) / "data", Path(folder) / "out"
        generate_corpus(args.documents, data, seed=1)
        build_project(ProjectPaths(data_dir=data, ontology_path=ROOT / "ontology" / "kg.ttl", out_dir=out))
        values = entries_of(out)
    as_pickles = [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for _, v in values]
    as_entries = [dumps(k, v) for k, v in values]
    rows = [
        ("pickle", sum(map(len, as_pickles)),
         timed(lambda: [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for _, v in values]),
         timed(lambda: [pickle.loads(b) for b in as_pickles])),
        ("kg entries", sum(map(len, as_entries)),
         timed(lambda: [dumps(k, v) for k, v in values]),
         timed(lambda: [loads(b, k) for (k, _), b in zip(values, as_entries)])),
    ]
    print(f"{args.documents} documents, {len(values)} cache entries (facts, parts, merge state)\n")
    print("| format | bytes | write s | read s |")
    print("|---|---:|---:|---:|")
    for name, size, write, read in rows:
        print(f"| {name} | {size:,} | {write:.3f} | {read:.3f} |")


if __name__ == "__main__":
    main()
