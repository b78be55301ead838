"""kg: turn source documents into a trustworthy RDF knowledge graph.

Data flows one way: sources -> facts -> build -> store -> query / visualize / export / serve. The front
door is ``kg.Project`` (``kg.open()`` finds the project the working folder belongs to)::

    import kg
    project = kg.open()                # kg.init("news") makes a new project
    project.build()
    project.query("statistics-by-year").to_dataframe()
    project.viz()                      # in a notebook, the page shows inline

Every error a user can cause is a ``kg.KgError`` whose message names the file, line or option.
"""

from __future__ import annotations

from kg.version import __version__

__all__ = ["KgError", "Project", "__version__", "init", "open"]


def __getattr__(name: str):
    # The front door is imported when first asked for, so that `import kg` (and `kg --help`) stays instant.
    if name == "Project":
        from kg.api import Project

        return Project
    if name == "open":
        from kg.api import open_project

        return open_project
    if name == "init":
        from kg.api import init_project

        return init_project
    if name == "KgError":
        from kg.errors import KgError

        return KgError
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
