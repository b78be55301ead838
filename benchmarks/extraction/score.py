"""Score `kg extract` on the development set of #19: every article drafted, each draft scored against its gold.

For each gold facts file in benchmarks/extraction/facts/, the article it quotes
(benchmarks/extraction/sources/<source.file>, gitignored: see the README beside
this script for how the texts are re-found) is drafted the way `kg extract`
drafts it (kg.Project.extract: the data's lexicon, the build check, the SHACL
check), written to a temporary folder and scored with kg eval's scorer. A table
per article, then the totals per set (articles.csv's region: China, outside
China) and for all, then the relation kinds. Totals are micro-averages (summed
counts), so a long article weighs more than a short one.

    .venv/bin/python benchmarks/extraction/score.py                # the tables
    .venv/bin/python benchmarks/extraction/score.py --only 005,110 # some articles
    .venv/bin/python benchmarks/extraction/score.py --show 005     # one article's kg eval table (missed, extra)
    .venv/bin/python benchmarks/extraction/score.py --keep /tmp/drafts  # keep the drafts
    .venv/bin/python benchmarks/extraction/score.py --set heldout  # the held-out set (heldout/): never tuned on
    .venv/bin/python benchmarks/extraction/score.py --set heldout2 # held-out set 2 (heldout2/): never seen by the rules' authors
    .venv/bin/python benchmarks/extraction/score.py --set heldout3 # held-out set 3 (heldout3/): never seen by the rules' authors

Timing is printed too (seconds to draft each article, start-up included in the first).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import (  # noqa: E402 (the checkout's kg, found through sys.path above)
    LISTED,
    RELATION_KINDS,
    Evaluation,
    Score,
    evaluate_files,
)

# Each set is a folder holding articles.csv, facts/ (the gold) and sources/ (the texts, gitignored).
SETS = {"dev": HERE, "heldout": HERE / "heldout", "heldout2": HERE / "heldout2", "heldout3": HERE / "heldout3"}


@dataclass
class Tally:
    """Summed counts of several evaluations: each row's gold, pred, matched; figures' subject and period agreement."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    agree: list[int] = field(default_factory=lambda: [0, 0, 0])  # matched figures, subject right, period right

    def add(self, evaluation: Evaluation) -> None:
        for name, s in evaluation.scores.items():
            row = self.counts.setdefault(name, [0, 0, 0])
            row[0] += s.gold
            row[1] += s.pred
            row[2] += s.matched
        matched, subject, period = evaluation.agreement()
        self.agree[0] += matched
        self.agree[1] += subject
        self.agree[2] += period

    def score(self, name: str) -> Score:
        return Score(*self.counts.get(name, (0, 0, 0)))

    def shares(self) -> tuple[float | None, float | None]:
        n, subject, period = self.agree
        return (subject / n, period / n) if n else (None, None)


def _pr(s: Score, recall_only: bool = False) -> str:
    if recall_only:
        return f"{'-':>5} {s.recall:>5.2f}" if s.gold else f"{'-':>5} {'-':>5}"
    p = f"{s.precision:>5.2f}" if s.pred else f"{'-':>5}"
    r = f"{s.recall:>5.2f}" if s.gold else f"{'-':>5}"
    return f"{p} {r}"


def _share(x: float | None) -> str:
    return f"{x:>5.2f}" if x is not None else f"{'-':>5}"


HEADER = (f"{'':<44} {'entities':>11}  {'figures':>11} {'subj':>5} {'per.':>5}  {'relations':>11}  "
          f"{'events':>11}  {'drafted':>7}")
SUBHEAD = f"{'':<44} {'P':>5} {'R':>5}  {'P':>5} {'R':>5} {'':>5} {'':>5}  {'P':>5} {'R':>5}  {'P':>5} {'R':>5}  {'s':>7}"


def row(name: str, tally: Tally, seconds: float | None) -> str:
    subject, period = tally.shares()
    took = f"{seconds:>7.2f}" if seconds is not None else f"{'':>7}"
    return (f"{name[:44]:<44} {_pr(tally.score('entities'))}  {_pr(tally.score('figures'))} {_share(subject)} "
            f"{_share(period)}  {_pr(tally.score(LISTED))}  {_pr(tally.score('events'))}  {took}")


def kinds_table(tally: Tally) -> list[str]:
    lines = ["", "Relations by kind (all articles)", f"{'kind':<14} {'gold':>5} {'pred':>5} {'matched':>7} {'P':>5} {'R':>5}"]
    for kind in (LISTED, *RELATION_KINDS):
        s = tally.score(kind)
        lines.append(f"{kind[:14]:<14} {s.gold:>5} {s.pred:>5} {s.matched:>7} {_pr(s)}")
    return lines


def draft_one(project, article: Path, out: Path, date: datetime.date | int | None = None) -> tuple[Path, int]:
    """Draft ``article`` as kg extract does (``kg extract --date``, when the list gives the article's date); write it
    to ``out`` naming the article itself as its source.

    Returns the path and the number of items the build or SHACL check dropped.
    """
    from kg.extract.writer import draft_yaml

    (plan,) = project.extract([article], out=out, write=False, date=date)
    # kg extract would copy the text into data/sources under a new number; the draft is scored where it is.
    plan.draft.source_file = article.name
    out.write_text(draft_yaml(plan.draft), encoding="utf-8")
    return out, len(plan.warnings)


def regions(folder: Path) -> dict[str, str]:
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as f:
        return {r["number"]: r["region"] for r in csv.DictReader(f)}


def dates(folder: Path) -> dict[str, datetime.date | int]:
    """The articles' dates of publication from the list: a full date (YYYY-MM-DD), or the year alone where the list
    gives only the month or the year (YYYY-MM, YYYY). The texts are kept as published, and the date a reader sees
    beside them is passed as ``kg extract --date`` passes it."""
    found: dict[str, datetime.date | int] = {}
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            date = r.get("date") or ""
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                found[r["number"]] = datetime.date.fromisoformat(date)
            elif re.fullmatch(r"\d{4}(?:-\d{2})?", date):
                found[r["number"]] = int(date[:4])
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated article numbers (001,105)")
    parser.add_argument("--show", metavar="N", help="print kg eval's full table for article N and stop")
    parser.add_argument("--keep", type=Path, help="write the drafts into this folder and keep them")
    parser.add_argument("--set", choices=sorted(SETS), default="dev",
                        help="dev: the development set (tuned on); heldout, heldout2, heldout3: the held-out sets (never tuned on)")
    args = parser.parse_args(argv)

    import yaml

    from kg.api import Project

    project = Project(ROOT)
    wanted = set(args.only.split(",")) if args.only else ({args.show} if args.show else None)
    base = SETS[args.set]
    sources = base / "sources"
    golds = [p for p in sorted((base / "facts").glob("*.yaml")) if wanted is None or p.name[:3] in wanted]
    region, published = regions(base), dates(base)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-devset-"))
    folder.mkdir(parents=True, exist_ok=True)
    sets = {"china": Tally(), "outside-china": Tally()}
    total, missing, dropped = Tally(), [], 0
    print(HEADER)
    print(SUBHEAD)
    for gold in golds:
        source = yaml.safe_load(gold.read_text(encoding="utf-8"))["source"]["file"]
        article = sources / source
        if not article.is_file():
            missing.append(source)
            continue
        started = time.perf_counter()
        pred, n_dropped = draft_one(project, article, folder / gold.name, published.get(gold.name[:3]))
        seconds = time.perf_counter() - started
        dropped += n_dropped
        evaluation = evaluate_files(gold, pred, sources)
        if args.show:
            print(evaluation.table())
            return 0
        one = Tally()
        one.add(evaluation)
        total.add(evaluation)
        sets.setdefault(region.get(gold.name[:3], "?"), Tally()).add(evaluation)
        print(row(gold.stem, one, seconds))
    print()
    print(row("China (set A)", sets["china"], None))
    print(row("outside China (set B)", sets["outside-china"], None))
    print(row(f"all ({len(golds) - len(missing)} articles)", total, None))
    print("\n".join(kinds_table(total)))
    print(f"\nitems the build or SHACL check dropped from the drafts: {dropped}")
    if missing:
        print(f"not scored, source text missing ({len(missing)}): {', '.join(missing)}")
    if not args.keep:
        for p in folder.glob("*.yaml"):
            p.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
