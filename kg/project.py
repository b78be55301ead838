"""Which project a command runs in: the folder whose pyproject.toml has a ``[tool.kg]`` table.

kg finds it as git and pytest find theirs, walking up from the working
folder, so that every command reads the same data, ontology, queries and
built graph from any folder of the project.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

GRAPH_FILE = "graph.ttl"
INFERRED_FILE = "inferred.ttl"
STORE_FOLDER = "oxigraph"


def find_project_root(start: Path | str | None = None) -> Path | None:
    """The project a folder belongs to: the nearest folder at or above ``start`` (default: the working folder)
    whose pyproject.toml has a ``[tool.kg]`` table, as git and pytest find theirs; None outside any project.

    >>> find_project_root("/") is None
    True
    """
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                settings = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
            if isinstance(settings.get("tool", {}).get("kg"), dict):
                return candidate
    return None


OUTSIDE_PROJECT = ("not inside a kg project (no pyproject.toml with a [tool.kg] table here or in a folder above); "
                   "run kg in a project or pass")


def missing_hint(option: str) -> str:
    """The end of a "not found" message: where kg looked, and the option that says where to look.

    >>> missing_hint("--data").endswith("pass --data")
    True
    """
    if find_project_root() is None:
        return f"{OUTSIDE_PROJECT} {option}"
    return f"pass {option}"


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of a kg project; defaults are relative to the working directory (the command line
    resolves them against the project's root, ``find_project_root``)."""

    data_dir: Path = Path("data")
    ontology_path: Path = Path("ontology/kg.ttl")
    out_dir: Path = Path("out")

    @property
    def graph_path(self) -> Path:
        """The asserted graph that ``kg build`` writes."""
        return self.out_dir / GRAPH_FILE

    @property
    def store_path(self) -> Path:
        """The embedded Oxigraph store that ``kg build`` keeps beside the Turtle, which every command reads."""
        return self.out_dir / STORE_FOLDER

    @property
    def inferred_path(self) -> Path:
        """Triples entailed by the ontology (``kg build --reason``), kept apart from the asserted ones."""
        return self.out_dir / INFERRED_FILE
