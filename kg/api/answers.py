"""What the front door hands back: a query's answer (a table for people, a DataFrame for pandas, HTML for a
notebook), the analysis of the network, and the page ``viz`` wrote (a path that shows itself in a notebook)."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.query import Result

NOTEBOOK_ROWS = 50  # rows an answer shows inline in a notebook; to_dataframe() has them all


class QueryAnswer:
    """The answer to a query: ``rows`` (each a dict of variable -> RDF term), ``format(fmt)`` as kg query
    writes it, ``to_dataframe()`` for pandas (optional), and an HTML table in Jupyter.

    >>> import kg
    >>> answer = kg.open().query("SELECT ?n WHERE { VALUES ?n { 1 2 } }")
    >>> [row["n"].toPython() for row in answer]
    [1, 2]
    """

    def __init__(self, result: Any, namespaces: NamespaceManager | None = None) -> None:
        # An rdflib Result, or a kg.sparql.native.NativeAnswer (an Oxigraph store's, written by Oxigraph).
        self.native = result if hasattr(result, "write") else None
        self._result = None if self.native is not None else result
        self.namespaces = namespaces

    @property
    def result(self) -> Result:
        """The answer as rdflib's Result (made from the engine's answer when the store is Oxigraph)."""
        if self._result is None:
            self._result = self.native.as_result()
        return self._result

    @property
    def kind(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return self.native.kind if self.native is not None else self.result.type

    @property
    def variables(self) -> list[str]:
        """The columns of a SELECT answer, in the query's order."""
        if self.native is not None:
            return list(self.native.variables)
        return [str(v) for v in self.result.vars or []]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self.kind == "SELECT":
            names = self.variables
            for row in self.result:  # rdflib keeps the rows it has read: an answer can be read again
                yield {name: row[i] for i, name in enumerate(names) if row[i] is not None}
        elif self.kind == "ASK":
            yield {"ask": Literal(bool(self.result.askAnswer))}
        else:
            for s, p, o in sorted(self.result.graph):
                yield {"subject": s, "predicate": p, "object": o}

    def format(self, fmt: str, width: int | None = None) -> bytes:
        """The answer as ``kg query --format FMT`` writes it (table, csv, tsv, json, xml; ttl, nt, jsonld, rdf)."""
        buffer = io.BytesIO()
        self.write(buffer, fmt, width)
        return buffer.getvalue()

    def write(self, out: IO[bytes], fmt: str, width: int | None = None) -> None:
        """Write the answer in ``fmt`` to ``out``; from an Oxigraph store, as the engine writes it, streamed
        where the query's own ORDER BY is the order."""
        from kg.sparql.results import check_format, format_result

        if self.native is not None and fmt != "table" and self.kind != "ASK":
            check_format(self.kind, fmt)
            self.native.write(fmt, out)
            return
        out.write(format_result(self.result, fmt, self.namespaces, width=width))

    def default_format(self, terminal: bool) -> str:
        """kg query's format when none is asked for: a table on a terminal, CSV in a pipe, Turtle for graphs."""
        if self.kind in ("CONSTRUCT", "DESCRIBE"):
            return "ttl"
        return "table" if terminal else "csv"

    def to_dataframe(self):
        """The answer as a pandas DataFrame: a column per variable, literals as Python values (numbers,
        dates, text) and IRIs as text. Needs pandas (``pip install pandas``)."""
        try:
            import pandas
        except ImportError:
            from kg.errors import KgError

            raise KgError("to_dataframe needs pandas; install it with 'pip install pandas'") from None
        rows = [{name: _python(term) for name, term in row.items()} for row in self]
        columns = self.variables if self.kind == "SELECT" else (["ask"] if self.kind == "ASK"
                                                                  else ["subject", "predicate", "object"])
        return pandas.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        rows = list(self)
        columns = self.variables if self.kind == "SELECT" else list(rows[0]) if rows else []
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(self._shown(row.get(c)))}</td>" for c in columns) + "</tr>"
                       for row in rows[:NOTEBOOK_ROWS])
        more = f"<p>{len(rows) - NOTEBOOK_ROWS} more rows: to_dataframe() has them all</p>" if len(rows) > NOTEBOOK_ROWS else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"

    def _shown(self, term) -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef) and self.namespaces is not None:
            return term.n3(self.namespaces)
        return str(term)


def _python(term):
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return None if term is None else str(term)


@dataclass
class Analysis:
    """``kg analyze``'s findings: the size of the entity graph, the top entities by each measure, the
    components and communities (each a list of {iri, label})."""

    entities: int
    relations: int
    degree: list[dict]
    betweenness: list[dict]
    pagerank: list[dict]
    components: list[list[dict]]
    communities: list[list[dict]]

    def as_data(self) -> dict:
        return dict(self.__dict__)


class Page(type(Path())):  # type: ignore[misc]  # the concrete Path class of this system
    """The page ``viz`` wrote: its path, and in a notebook the page itself, inline (an iframe of the
    self-contained file, which needs no server; a large page's folder cannot be read there: a line says so). ``nodes``, ``edges`` and ``notices`` say what it drew;
    ``folder`` is the folder of parts beside a large page (then the page is not self-contained), or None."""

    nodes: int = 0
    edges: int = 0
    notices: list[str] = []
    folder: Path | None = None

    def _repr_html_(self) -> str:
        page = html.escape(self.read_text(encoding="utf-8"), quote=True)
        frame = f'<iframe srcdoc="{page}" style="width: 100%; height: 720px; border: 0"></iframe>'
        if self.folder is None:
            return frame
        # An inline frame has the notebook's address, not the page's: it cannot load the files beside the page
        # (and inlining them would put the whole one-file page, hundreds of MB at corpus scale, in the notebook).
        note = (f"The page draws, searches and expands here; its facts, quotes and texts are in {self.folder}, "
                f"which a page inside a notebook cannot read: open {self} in a browser (or kg serve's /graph) "
                "to read them.")
        return f"<p>{html.escape(note)}</p>{frame}"
