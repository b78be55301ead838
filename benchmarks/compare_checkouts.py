"""`kg build` of two checkouts side by side in one run, rounds interleaved, so that a busy machine slows both alike.

    .venv/bin/python benchmarks/compare_checkouts.py /path/to/other-checkout --docs 400 --rounds 3

Each round builds the same generated corpus (benchmarks/corpus.py) into an empty out/ with this checkout's code and
then with the other's (``PYTHONPATH`` set to each checkout, the same interpreter and packages), first one first on odd
rounds and the other first on even ones; it prints the seconds and the peak memory (MB, PSS summed over the build's
process tree) of every build and the median of each side. Use it to show that a change which should not change
speed (a refactoring) did not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_benchmark import communicate_sampled  # noqa: E402
from corpus import generate_corpus  # noqa: E402


def timed_build(checkout: Path, project: Path) -> tuple[float, float]:
    """Seconds and peak MB of `kg build` run by ``checkout``'s code in ``project`` (a fresh out/)."""
    shutil.rmtree(project / "out", ignore_errors=True)
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "build"], cwd=project,
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, stderr, peak = communicate_sampled(process)
    if process.returncode != 0:
        raise SystemExit(f"the build of {checkout} failed: {stderr.strip()[-500:]}")
    return time.perf_counter() - start, peak


def project_for(checkout: Path, folder: Path, data: Path) -> Path:
    """A kg project in ``folder`` with ``checkout``'s ontology and queries and the generated ``data``."""
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[project]\nname = "corpus"\n\n[tool.kg]\n', encoding="utf-8")
    for part in ("ontology", "queries"):
        shutil.copytree(checkout / part, folder / part)
    shutil.copytree(data, folder / "data")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the other checkout (a git worktree of another commit)")
    parser.add_argument("--docs", type=int, default=400, help="documents in the generated corpus (default 400)")
    parser.add_argument("--rounds", type=int, default=3, help="builds of each checkout (default 3)")
    options = parser.parse_args()
    sides = {"this": ROOT, "other": options.other.resolve()}
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        generate_corpus(options.docs, data)
        projects = {name: project_for(checkout, Path(scratch) / name, data) for name, checkout in sides.items()}
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        print(f"{'round':>5}  {'checkout':<8} {'build s':>8} {'peak MB':>8}")
        for round_number in range(1, options.rounds + 1):
            order = list(sides) if round_number % 2 else list(reversed(sides))
            for name in order:
                seconds, peak = timed_build(sides[name], projects[name])
                results[name].append((seconds, peak))
                print(f"{round_number:>5}  {name:<8} {seconds:>8.1f} {peak:>8.0f}", flush=True)
        for name, runs in results.items():
            print(f"median {name:<6} {statistics.median(s for s, _ in runs):>8.1f} "
                  f"{statistics.median(p for _, p in runs):>8.0f}  ({sides[name]})")


if __name__ == "__main__":
    main()
