"""Small helpers for the tests: query results as Python values, and data planted with known errors."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal

from kg.sparql.run import run_query


def rows(graph: Graph, query: str, **bindings) -> list[tuple]:
    """Run a SELECT; literals become Python values (int, Decimal, date, str), IRIs str."""
    return [tuple(_py(v) for v in row) for row in run_query(graph, query, bindings)]


def _py(value):
    if isinstance(value, Literal):
        return value.toPython()
    return None if value is None else str(value)


PLANTED_AWARD = """
source:
  id: {id}
  file: {id}.txt
  title: "{title}"
  language: en
entities:
  - id: {id}-award
    class: kgo:TitleConferral
    label: "{title}"
    quote: "{quote}"
"""


def plant_awards(data: Path) -> None:
    """Two documents (001_lanzhou.yaml, 002_xuzhou.yaml) each declaring, at line 8, a title conferral that
    awards nothing: the shapes want a recipient and a title."""
    for number, name in ((1, "lanzhou"), (2, "xuzhou")):
        quote = f"{name.title()} was honoured at a ceremony."
        (data / "sources" / f"{name}.txt").write_text(quote + "\n", encoding="utf-8")
        (data / "facts" / f"00{number}_{name}.yaml").write_text(
            PLANTED_AWARD.format(id=name, title=f"{name.title()} ceremony", quote=quote), encoding="utf-8")


def synthetic_with_seed(folder: Path, documents: int = 3, seed: int = 7) -> Path:
    """Synthetic articles (benchmarks/corpus.py: entities shared across them) and the seed's, in ``folder``."""
    import shutil
    import sys

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "benchmarks"))
    from corpus import generate_corpus

    generate_corpus(documents, folder, seed=seed)
    for sub in ("facts", "sources", "links"):
        for path in (root / "data" / sub).iterdir():
            (folder / sub).mkdir(exist_ok=True)
            shutil.copy(path, folder / sub / path.name)
    return folder
