"""Which store a command reads: ``--store``, else ``$KG_STORE``, else ``[tool.kg] store``, else the embedded
store that ``kg build`` keeps in out/."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from kg.errors import StoreError, one_line, without_user_info
from kg.project import (  # noqa: F401  (ProjectPaths: kg.store.ProjectPaths, as before)
    PROJECT_FILE,
    ProjectPaths,
    find_project_root,
    read_settings,
    settings_file,
)

STORE_ENV = "KG_STORE"


@dataclass(frozen=True)
class StoreSpec:
    """Which store: ``embedded`` (the default: the Oxigraph store ``kg build`` keeps in out/), ``memory``
    (out/graph.ttl parsed into rdflib), ``oxigraph`` (``location`` is its folder) or ``remote`` (its query URL)."""

    kind: str = "embedded"
    location: str = ""

    def __str__(self) -> str:
        return {"memory": "memory", "embedded": "embedded", "oxigraph": f"oxigraph:{self.location}"}.get(
            self.kind, self.location)


def parse_store(text: str, origin: str = "--store") -> StoreSpec:
    """Read a store setting: ``embedded``, ``memory``, ``oxigraph:DIR`` or an ``http(s)://`` endpoint URL.

    >>> parse_store("oxigraph:out/store"), parse_store("http://127.0.0.1:7878").location
    (StoreSpec(kind='oxigraph', location='out/store'), 'http://127.0.0.1:7878/query')
    """
    from kg.store.remote import query_url

    text = text.strip()
    if text in ("embedded", "memory"):
        return StoreSpec(text)
    if text.startswith("oxigraph:") and text[len("oxigraph:"):]:
        return StoreSpec("oxigraph", text[len("oxigraph:"):])
    if text.startswith(("http://", "https://")):
        return StoreSpec("remote", query_url(text))
    raise StoreError(f"{origin}: unknown store {without_user_info(text)!r}; use embedded, memory, oxigraph:DIR or an http(s):// SPARQL endpoint URL")


def resolve_store(flag: str | None = None, environ: Mapping[str, str] = os.environ,
                  pyproject: Path | None = None) -> StoreSpec:
    """The store to use: ``--store`` flag, else $KG_STORE, else ``store`` in the project's settings
    (``pyproject``: its kg.toml or the pyproject.toml with ``[tool.kg]``; by default the one of the project
    ``find_project_root`` finds), else the embedded store.

    >>> resolve_store(None, {"KG_STORE": "oxigraph:db"}, Path("missing.toml"))
    StoreSpec(kind='oxigraph', location='db')
    """
    if pyproject is None:
        root = find_project_root()
        pyproject = settings_file(root) if root is not None else Path("pyproject.toml")
    if flag:
        return parse_store(flag)
    if environ.get(STORE_ENV):
        return parse_store(environ[STORE_ENV], f"${STORE_ENV}")
    if pyproject.is_file():
        try:
            setting = read_settings(pyproject).get("store")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise StoreError(f"{pyproject}: cannot read kg's settings: {one_line(exc)}") from None
        if setting:
            table = "" if pyproject.name == PROJECT_FILE else " [tool.kg]"
            return parse_store(str(setting), f"{pyproject}{table} store")
    return StoreSpec()
