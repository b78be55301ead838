"""The article sets of #19 (benchmarks/extraction: the development set and held-out sets 1, 2 and 3) hang together.

score.py and check_sources.py find an article's row, gold and text by its number
and file name: a gold without a row is scored in no set, a row without a gold is
never scored, and a gold naming another file's text is scored against the wrong
article. The texts themselves are third-party and gitignored, so their quotes are
checked only where the texts are present (a developer's machine, not CI).
"""

from __future__ import annotations

import csv
import itertools
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXTRACTION = ROOT / "benchmarks" / "extraction"
sys.path.insert(0, str(EXTRACTION))

import check_sources  # noqa: E402  (a script beside score.py, not a package)

COLUMNS = {"number", "title", "publisher", "publisher_kind", "date", "url", "region", "industry", "words"}
# score.py totals the articles per region under these two names.
REGIONS = {"china", "outside-china"}


def _rows(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = COLUMNS - set(reader.fieldnames or ())
        assert not missing, f"{folder / 'articles.csv'} lacks the columns {sorted(missing)}"
        return {row["number"]: row for row in reader}


@pytest.mark.parametrize("name", sorted(check_sources.SETS))
def test_every_gold_has_its_row_and_names_its_own_text(name: str) -> None:
    folder = check_sources.SETS[name]
    rows = _rows(folder)
    golds = sorted((folder / "facts").glob("*.yaml"))
    assert golds, f"no gold in {folder / 'facts'}"
    numbers = [g.name[:3] for g in golds]
    assert sorted(rows) == numbers, f"{name}: articles.csv lists {sorted(rows)}, the golds are {numbers}"
    for gold in golds:
        source = yaml.safe_load(gold.read_text(encoding="utf-8"))["source"]
        assert source["file"] == gold.stem + ".txt", f"{gold.name} quotes {source['file']}"
        row = rows[gold.name[:3]]
        assert row["region"] in REGIONS, f"{gold.name}: region {row['region']!r}"
        assert int(row["words"]) > 0 and row["url"].startswith("http"), f"{gold.name}: {row}"


@pytest.mark.parametrize("one, other", list(itertools.combinations(sorted(check_sources.SETS), 2)))
def test_no_article_is_in_two_sets(one: str, other: str) -> None:
    a, b = (_rows(check_sources.SETS[name]) for name in (one, other))
    assert not set(a) & set(b), f"{one} and {other} share the numbers {sorted(set(a) & set(b))}"
    urls = {r["url"] for r in a.values()} & {r["url"] for r in b.values()}
    assert not urls, f"{one} and {other} share the articles {sorted(urls)}"
    titles = {r["title"].casefold() for r in a.values()} & {r["title"].casefold() for r in b.values()}
    assert not titles, f"{one} and {other} share the titles {sorted(titles)}"


@pytest.mark.parametrize("name", sorted(check_sources.SETS))
def test_every_quote_is_in_its_text_where_the_texts_are_here(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = check_sources.SETS[name]
    if not any((folder / "sources").glob("*.txt")):
        pytest.skip(f"the {name} set's texts are not on this machine (gitignored; README.md says how to re-find them)")
    assert check_sources.main(["--set", name, "-v"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(check_sources.SETS))
def test_every_gold_builds_and_passes_the_shapes_where_the_texts_are_here(name: str, tmp_path: Path) -> None:
    """The gold is what kg eval scores against: a gold the build refuses would score nothing, quietly."""
    from kg.api import Project

    folder = check_sources.SETS[name]
    golds = sorted((folder / "facts").glob("*.yaml"))
    texts = [folder / "sources" / (g.stem + ".txt") for g in golds]
    if not all(t.is_file() for t in texts):
        pytest.skip(f"the {name} set's texts are not all on this machine (gitignored)")
    data = tmp_path / "data"
    for sub, files in (("facts", golds), ("sources", texts)):
        (data / sub).mkdir(parents=True)
        for f in files:
            shutil.copy(f, data / sub / f.name)
    # The repository's own ontology and shapes, as kg build reads them in this checkout.
    made = Project(ROOT, data=data, out=tmp_path / "out").build()
    assert made is not None
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
