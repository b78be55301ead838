"""Check the development set's article texts: each gold file's source present, and every quote of it found there.

The texts are third-party and not committed (benchmarks/extraction/sources/ is
gitignored); README.md beside this script says how they are re-found from
articles.csv. For a missing text this prints the title and URL to search for.

    .venv/bin/python benchmarks/extraction/check_sources.py      # one line per article; exit 1 if any is wrong
    .venv/bin/python benchmarks/extraction/check_sources.py -v   # and each quote not found
    .venv/bin/python benchmarks/extraction/check_sources.py --set heldout  # the held-out set (heldout/)
    .venv/bin/python benchmarks/extraction/check_sources.py --set heldout2  # held-out set 2 (heldout2/)
    .venv/bin/python benchmarks/extraction/check_sources.py --set heldout3  # held-out set 3 (heldout3/)
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# Each set is a folder holding articles.csv, facts/ (the gold) and sources/ (the texts, gitignored).
SETS = {"dev": HERE, "heldout": HERE / "heldout", "heldout2": HERE / "heldout2", "heldout3": HERE / "heldout3"}


def _norm(text: str) -> str:
    # Curly and straight quotes compare equal, as kg's quote check treats them.
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def _quotes(node: object):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote" and isinstance(value, str):
                yield value
            else:
                yield from _quotes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _quotes(value)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print each quote not found")
    parser.add_argument("--set", choices=sorted(SETS), default="dev", help="dev (the default), heldout, heldout2 or heldout3")
    args = parser.parse_args(argv)
    verbose, base = args.verbose, SETS[args.set]
    with (base / "articles.csv").open(encoding="utf-8", newline="") as f:
        articles = {row["number"]: row for row in csv.DictReader(f)}
    bad = 0
    for gold in sorted((base / "facts").glob("*.yaml")):
        facts = yaml.safe_load(gold.read_text(encoding="utf-8"))
        source = base / "sources" / facts["source"]["file"]
        if not source.is_file():
            row = articles.get(gold.name[:3], {})
            print(f"{gold.stem}: MISSING {source.name}; search for \"{row.get('title')}\" ({row.get('url')})")
            bad += 1
            continue
        text = _norm(source.read_text(encoding="utf-8"))
        quotes = list(_quotes(facts))
        missing = [q for q in quotes if _norm(q) not in text]
        print(f"{gold.stem}: {len(quotes)} quotes, {len(missing)} not found")
        bad += bool(missing)
        if verbose:
            for quote in missing:
                print(f"    {quote}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
