"""Time `kg extract` on synthetic news articles of 600 to 1,200 words.

The articles come from sentence templates (benchmarks/article_templates.py),
the same for the same seed. Start-up (importing the extractor, building the
lexicon from data/, the first article) is timed apart from the rest; then
every article is extracted and written as YAML with the public interface,
and a table gives the throughput and the median and slowest article; the
article nearest 1,000 words is then timed again (median of five runs).

    .venv/bin/python benchmarks/extract_benchmark.py [--articles 200] [--seed 1]
    .venv/bin/python benchmarks/extract_benchmark.py --dry-run      # generate only: word counts
    .venv/bin/python benchmarks/extract_benchmark.py --show 3       # print article 3 and stop
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from article_templates import generate_article  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="how many articles (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generator (default 1)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data directory of the lexicon")
    parser.add_argument("--dry-run", action="store_true", help="generate the articles and print word counts only")
    parser.add_argument("--show", type=int, metavar="I", help="print article I and stop")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    return args


def dry_run(texts: list[str]) -> None:
    counts = [len(t.split()) for t in texts]
    for i, n in enumerate(counts):
        print(f"bench-{i:03d}.txt {n:>6}")
    print(f"{len(counts)} articles, {sum(counts):,} words, min {min(counts)}, median {statistics.median(counts):.0f}, "
          f"max {max(counts)}, distinct texts {len(set(texts))}")


def run(texts: list[str], data: Path, repeat: int = 5) -> None:
    words = [len(t.split()) for t in texts]
    started = time.perf_counter()
    # The public interface and nothing else; the rule extractor (and spaCy) loads on the first extract().
    from kg.extract import Document, Lexicon, draft_yaml, extract
    imported = time.perf_counter()
    lexicon = Lexicon.from_data(data)
    lexicon_built = time.perf_counter()

    def one(i: int):
        t0 = time.perf_counter()
        draft = extract(Document(name=f"bench-{i:03d}.txt", text=texts[i]), lexicon)
        t1 = time.perf_counter()
        draft_yaml(draft)
        return draft, t1 - t0, time.perf_counter() - t1

    extract_s, yaml_s, found = [], [], [0, 0, 0]
    for i in range(len(texts)):
        draft, e, y = one(i)
        extract_s.append(e)
        yaml_s.append(y)
        found[0] += len(draft.entities)
        found[1] += len(draft.facts)
        found[2] += len(draft.observations)
    first = extract_s[0] + yaml_s[0]

    print(f"start-up        {lexicon_built - started + first:8.3f} s")
    print(f"  import        {imported - started:8.3f} s")
    print(f"  lexicon       {lexicon_built - imported:8.3f} s")
    print(f"  first article {first:8.3f} s  ({words[0]} words, loading the rule extractor)")
    rest = list(range(1, len(texts)))
    if rest:
        per_article = [extract_s[i] + yaml_s[i] for i in rest]
        total, total_words = sum(per_article), sum(words[i] for i in rest)
        print(f"\nafter start-up ({len(rest)} articles)")
        print(f"{'articles':>9} {'words':>9} {'extract s':>10} {'yaml s':>8} {'total s':>8} {'articles/s':>11} "
              f"{'words/s':>9} {'median s':>9} {'max s':>7}")
        print(f"{len(rest):>9} {total_words:>9,} {sum(extract_s[1:]):>10.3f} {sum(yaml_s[1:]):>8.3f} {total:>8.3f} "
              f"{len(rest) / total:>11.1f} {total_words / total:>9,.0f} {statistics.median(per_article):>9.4f} "
              f"{max(per_article):>7.4f}")
        near = min(rest, key=lambda i: (abs(words[i] - 1000), i))
        again = [sum(one(near)[1:]) for _ in range(repeat)]
        print(f"\none ~1,000-word article after start-up: bench-{near:03d}.txt, {words[near]} words, "
              f"{statistics.median(again):.4f} s extract + yaml (median of {repeat} runs)")
    print(f"found in {len(texts)} articles: {found[0]:,} entities, {found[1]:,} facts, {found[2]:,} observations "
          f"({found[0] / len(texts):.1f}, {found[1] / len(texts):.1f} and {found[2] / len(texts):.1f} per article)")


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.show is not None:
        print(generate_article(args.seed, args.show), end="")
        return
    texts = [generate_article(args.seed, i) for i in range(args.articles)]
    if args.dry_run:
        dry_run(texts)
    else:
        run(texts, args.data)


if __name__ == "__main__":
    main(sys.argv[1:])
