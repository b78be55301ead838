"""``kg init DIR``: a new project, with copies of the package's defaults for its user to extend.

The ontology, shapes, query library and lexicon are copied rather than referenced from the package: a
project's questions and classes are its own, and a copy is what a user opens, edits and commits beside the
facts (a project without ``ontology/`` or ``queries/`` still falls back to the packaged ones,
``kg.project.project_default``). Settings go in a ``kg.toml``, so that a corpus needs no Python packaging.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import OutputError
from kg.project import PROJECT_FILE, packaged

SETTINGS = """\
# A kg project: every kg command run in this folder or below it reads data/, ontology/ and queries/ here
# and writes out/.
#
# store = "oxigraph:out/oxigraph"   # the store commands read (default: the embedded one kg build keeps in out/)
"""

GITIGNORE = """\
# kg build's outputs: made again from data/ and ontology/ at any time.
out/
"""

# (the package's folder, the files, the project's folder)
COPIED = (("ontology", "*.ttl", "ontology"), ("queries", "*.rq", "queries"), ("data/lexicon", "*.yaml", "data/lexicon"))
EMPTY = ("data/facts", "data/sources")


def init_project(folder: Path | str, *, force: bool = False) -> list[Path]:
    """Make a kg project in ``folder`` (created if missing) and return the files written, in order. Raises
    OutputError if the folder is not empty (unless ``force``: then kg's files are written over, nothing else
    is touched) or cannot be written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [str(p.relative_to(tmp)) for p in init_project(Path(tmp) / "news")][:3]
    ['news/kg.toml', 'news/.gitignore', 'news/ontology/kg.ttl']
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: not a folder; kg init makes a project in a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputError(f"{folder}: not empty; pass --force to write kg's files into it anyway")
    plan: list[tuple[Path, bytes]] = [(folder / PROJECT_FILE, SETTINGS.encode()), (folder / ".gitignore", GITIGNORE.encode())]
    for source, pattern, target in COPIED:
        for path in sorted(packaged(source).glob(pattern)):
            plan.append((folder / target / path.name, path.read_bytes()))
    try:
        for relative in EMPTY:
            (folder / relative).mkdir(parents=True, exist_ok=True)
        for path, content in plan:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    except OSError as exc:
        raise OutputError(f"{exc.filename or folder}: cannot write the project: {exc.strerror}") from None
    return [path for path, _ in plan]


__all__ = ["init_project"]
