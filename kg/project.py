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


PROJECT_FILE = "kg.toml"
"""What ``kg init`` writes: a project needs no Python packaging (a pyproject.toml with a ``[tool.kg]`` table,
as this repository has, marks one too)."""


def find_project_root(start: Path | str | None = None) -> Path | None:
    """The project a folder belongs to: the nearest folder at or above ``start`` (default: the working folder)
    with a ``kg.toml``, or a pyproject.toml with a ``[tool.kg]`` table, as git and pytest find theirs; None
    outside any project.

    >>> find_project_root("/") is None
    True
    """
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / PROJECT_FILE).is_file():
            return candidate
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                settings = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
            if isinstance(settings.get("tool", {}).get("kg"), dict):
                return candidate
    return None


def settings_file(root: Path) -> Path:
    """The file that holds a project's settings: ``kg.toml`` (at its top level) if the project has one, else
    ``pyproject.toml`` (in its ``[tool.kg]`` table).

    >>> settings_file(Path("/nowhere"))
    PosixPath('/nowhere/pyproject.toml')
    """
    return root / PROJECT_FILE if (root / PROJECT_FILE).is_file() else root / "pyproject.toml"


def read_settings(path: Path) -> dict:
    """The kg settings in ``path``: a kg.toml's top level, a pyproject.toml's ``[tool.kg]`` table. Raises
    tomllib.TOMLDecodeError or UnicodeDecodeError for a file that is not TOML."""
    settings = tomllib.loads(path.read_text(encoding="utf-8"))
    table = settings if path.name == PROJECT_FILE else settings.get("tool", {}).get("kg", {})
    return table if isinstance(table, dict) else {}


def packaged_defaults() -> Path:
    """The folder of the default ontology (``ontology/``), query library (``queries/``) and lexicon
    (``lexicon/``): ``kg/defaults`` in an installed package (the build copies them there from this
    repository's ``ontology/``, ``queries/`` and ``data/lexicon/``), else, in a source checkout, the
    checkout itself, so that there is one copy of each, never two that drift.
    """
    here = Path(__file__).resolve().parent
    installed = here / "defaults"
    return installed if installed.is_dir() else here.parent


def packaged(relative: str) -> Path:
    """A default file or folder of the package, named as a project lays it out (``ontology/kg.ttl``,
    ``queries``, ``data/lexicon``).

    >>> packaged("ontology/kg.ttl").is_file(), packaged("queries").is_dir(), packaged("data/lexicon").is_dir()
    (True, True, True)
    """
    base = packaged_defaults()
    if base.name == "defaults" and relative.startswith("data/"):
        relative = relative[len("data/"):]  # the package has no data/: its lexicon is defaults/lexicon
    return base / relative


def project_default(root: Path, relative: str) -> Path:
    """``root/relative`` if the project has it, else the package's default (a project made by ``kg init``
    has its own copies to extend; one without ``ontology/`` or ``queries/`` uses the packaged ones).
    ``data`` and ``out`` are always the project's own.
    """
    own = root / relative
    if own.exists() or relative.split("/")[0] not in ("ontology", "queries"):
        return own
    default = packaged(relative)
    return default if default.exists() else own


OUTSIDE_PROJECT = ("not inside a kg project (no kg.toml, nor a pyproject.toml with a [tool.kg] table, here or in a "
                   "folder above); run kg init DIR to make one, run kg in a project, or pass")


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
