"""What `kg viz` imports before it draws: the page module and pyvis's vis-network files, timed in new processes.

    python benchmarks/viz_import_benchmark.py [--source DIR] [--runs 9]

``--source`` times the kg of another checkout (a ``git archive`` of an older commit, say), so that before and
after run on the same interpreter and site-packages. Prints the fastest and median wall time of a process
that imports ``kg.viz.page`` and reads the vis-network script, the number of modules it loaded, and whether
IPython was among them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

PROBE = """
import json, sys
import kg.viz.page as page
page._vis_asset("vis-network.min.js")
print(json.dumps({"modules": len(sys.modules), "ipython": "IPython" in sys.modules, "kg": page.__file__}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=None, help="a checkout whose kg to time (default: the installed one)")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = dict(os.environ)
    if args.source:
        env["PYTHONPATH"] = args.source
    times, facts = [], {}
    for _ in range(args.runs):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True,
                             cwd="/").stdout
        times.append(time.perf_counter() - started)
        facts = json.loads(out)
    print(f"{'kg':<40} {'fastest s':>9} {'median s':>9} {'modules':>8} {'IPython':>8}")
    print(f"{facts['kg'][-40:]:<40} {min(times):>9.3f} {statistics.median(times):>9.3f} {facts['modules']:>8} "
          f"{'yes' if facts['ipython'] else 'no':>8}")


if __name__ == "__main__":
    main()
