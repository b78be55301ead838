"""The query library: ``queries/NAME.rq`` files whose leading ``#`` comment states the question each answers;
``# param ?NAME = VALUE`` lines in that comment give a parameter's default value."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from rdflib.term import Node

from kg.errors import QueryError
from kg.project import missing_hint
from kg.sparql.params import parse_term

DEFAULT_QUERIES_DIR = Path("queries")


@dataclass(frozen=True)
class LibraryQuery:
    """A SPARQL query with the question it answers and its parameters' defaults."""

    name: str
    path: Path
    text: str
    question: str
    notes: str = ""
    params: dict[str, Node] = field(default_factory=dict)

    def bindings(self, given: Mapping[str, Node] | None = None) -> dict[str, Node]:
        """The defaults overridden by ``given``."""
        return {**self.params, **(given or {})}


_PARAM_LINE = re.compile(r"param\s+\??(\w+)\s*=\s*(\S+)\s*(?:--.*)?")


def read_query_file(path: Path | str) -> LibraryQuery:
    """Read a ``.rq`` file and its leading comment (question, notes, ``param`` defaults).

    Raises QueryError if the file is missing or unreadable.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: query file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query: {exc}") from None
    comment: list[str] = []
    params: dict[str, Node] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        match = _PARAM_LINE.fullmatch(body)
        if match:
            params[match.group(1)] = parse_term(match.group(2), f"{path}:{number} (param {match.group(1)})")
        else:
            comment.append(body)
    question = comment[0] if comment else ""
    notes = " ".join(line for line in comment[1:] if line)
    return LibraryQuery(path.stem, path, text, question, notes, params)


def load_library(queries_dir: Path | str = DEFAULT_QUERIES_DIR) -> list[LibraryQuery]:
    """Every ``*.rq`` in ``queries_dir``, in name order.

    >>> [q.name for q in load_library("queries")][:2]
    ['agreements', 'approximate-values']

    Raises QueryError if the folder holds no query.
    """
    paths = sorted(Path(queries_dir).glob("*.rq"))
    if not paths:
        raise QueryError(f"{queries_dir}: no queries (*.rq) found; {missing_hint('--queries')}")
    return [read_query_file(path) for path in paths]


def find_query(ref: str, queries_dir: Path | str = DEFAULT_QUERIES_DIR) -> LibraryQuery:
    """A library query by name (``award``), or a query file by path (``my/query.rq``).

    Raises QueryError for an unknown name, listing close matches.
    """
    if ref.endswith(".rq") or "/" in ref or "\\" in ref:
        return read_query_file(ref)
    path = Path(queries_dir) / f"{ref}.rq"
    if path.is_file():
        return read_query_file(path)
    if not Path(queries_dir).is_dir():
        raise QueryError(f"unknown query '{ref}': {queries_dir} is not a folder; {missing_hint('--queries')}")
    names = [p.stem for p in sorted(Path(queries_dir).glob("*.rq"))]
    close = difflib.get_close_matches(ref, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise QueryError(f"unknown query '{ref}' (no {path}){hint} ('kg query --list' shows them all)")
