"""``kg.Project``: one object for a project, which a notebook and the command line use alike.

It finds its project as git and pytest find theirs (walking up to the ``pyproject.toml`` with a ``[tool.kg]``
table), makes ``out/`` current before anything reads it, and hands each stage what it needs: the build,
the stores, the query engine, the page, the exports, the endpoint, the extractor. Each method returns
values (a build's counts, an answer, a report, a path); nothing here prints or exits.

>>> import kg
>>> project = kg.open()
>>> project.query("award").to_dataframe()[["recipient", "awardedBy"]].values.tolist()
[['Yibin', 'China Battery Industry Association'], ['Yibin', 'China National Light Industry Council']]
"""

from __future__ import annotations

import datetime

import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Mapping

from kg.api.answers import Analysis, Page, QueryAnswer
from kg.errors import KgError, UsageError
from kg.extras import require
from kg.project import OUTSIDE_PROJECT, ProjectPaths, find_project_root, project_default, settings_file

SPARQL_KEYWORDS = ("PREFIX", "BASE", "SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def open_project(path: Path | str = ".") -> "Project":
    """The project that ``path`` (default: the working folder) belongs to, found by walking up to the
    ``kg.toml`` (or the ``pyproject.toml`` with a ``[tool.kg]`` table). Raises KgError outside any project.

    >>> open_project("/")
    Traceback (most recent call last):
    kg.errors.KgError: /: not inside a kg project (no kg.toml, nor a pyproject.toml with a [tool.kg] table, here or in a folder above)
    """
    root = find_project_root(path)
    if root is None:
        raise KgError(f"{path}: {OUTSIDE_PROJECT.split(';')[0]}")
    return Project(root)


@dataclass
class BuildResult:
    """What ``Project.build`` did: the build's counts and timings (``made``: its ``summary``, ``documents``,
    ``reused``, ``graph_path``..., also readable on this object), and the store it also loaded (``--store``)."""

    made: Any  # kg.build.outputs.ProjectBuild
    loaded_into: str | None = None

    def __getattr__(self, name: str) -> Any:
        if name == "made":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.made, name)


class Project:
    """A kg project: its data, ontology, queries and outputs, and everything kg does with them.

    ``root`` is the project folder; by default the one the working folder belongs to (outside any project,
    the working folder itself, so that a command names the option to pass). ``data``, ``ontology``, ``out``
    and ``queries`` say otherwise, each relative to the working folder; ``store`` is the store commands read
    (``embedded``, ``memory``, ``oxigraph:DIR`` or an endpoint URL; default: ``$KG_STORE``, ``[tool.kg]
    store``, else embedded).
    """

    def __init__(self, root: Path | str | None = None, *, data: Path | str | None = None,
                 ontology: Path | str | None = None, out: Path | str | None = None,
                 queries: Path | str | None = None, store: str | None = None) -> None:
        base = Path(root) if root is not None else (find_project_root() or Path("."))
        self.root = base
        self.paths = ProjectPaths(Path(data) if data is not None else base / "data",
                                  Path(ontology) if ontology is not None else project_default(base, "ontology/kg.ttl"),
                                  Path(out) if out is not None else base / "out")
        self.queries_dir = Path(queries) if queries is not None else project_default(base, "queries")
        self.store = store

    def __repr__(self) -> str:
        return f"kg.Project({str(self.root)!r})"

    # -- the build ---------------------------------------------------------------------------------------

    def build(self, *, validate: bool = True, reason: str | None = None, executor: str = "local",
              store: str | None = None, wait: float = 600.0, max_facts_bytes: int | None = None,
              max_entities: int | None = None) -> BuildResult:
        """Build the graph from the facts files into ``out/`` (graph.ttl, the embedded store, build.json);
        with ``store`` (oxigraph:DIR or an endpoint URL) load it there too. Raises ValidationFailed (with the
        report) if the graph breaks the shapes, another KgError naming file and line for any other problem;
        nothing is written then. Another build of the same ``out/`` running, waits up to ``wait`` seconds for
        it (saying so on the ``kg`` logger), then raises KgError. ``max_facts_bytes`` and ``max_entities``: how
        large one facts file may be (kg.facts.bounds: 10 MB and 20,000 entities by default)."""
        from kg.build.executors import check_executor
        from kg.build.outputs import build_project
        from kg.store.graphs import check_writable, load_store

        spec = self._spec(store)
        check_writable(spec)
        check_executor(executor)
        from kg.facts.bounds import Bounds

        given = {"max_file_bytes": max_facts_bytes, "max_entities": max_entities}
        made = build_project(self.paths, validate=validate, reason=reason, executor=executor, wait=wait,
                             notify=logging.getLogger("kg").warning,
                             bounds=Bounds(**{k: v for k, v in given.items() if v is not None}))
        loaded = None
        if spec.kind not in ("memory", "embedded") and Path(spec.location).resolve() != self.paths.store_path.resolve():
            loaded = load_store(made.lines, spec, self.paths)
        return BuildResult(made, loaded)

    def make_current(self, *, validate: bool = True) -> None:
        """Rebuild ``out/`` if an input changed since it was built (or nothing is built yet), saying so on the
        ``kg`` logger; what every reading method does first when it reads the project's own outputs."""
        from kg.build.outputs import ensure_current

        ensure_current(self.paths, notify=logging.getLogger("kg").warning, validate=validate)

    def graph(self, *, graph_file: Path | str | None = None, store: str | None = None, ontology: bool = False,
              local: bool = False, timeout: float | None = None, validate: bool = True):
        """The graph (an rdflib Graph): ``graph_file``, else the store's (default: the project's built graph,
        made current first); with ``ontology`` the ontology's terms beside it (a union, as queries see it)."""
        from kg.store.graphs import open_graph, with_ontology

        spec = self._reading(store, graph_file, validate)
        graph = open_graph(graph_file, self.paths, spec, local=local, timeout=timeout)
        return with_ontology(graph, self.paths) if ontology else graph

    # -- questions ---------------------------------------------------------------------------------------

    def queries(self) -> list:
        """The query library (``queries/*.rq``): each with its ``name``, ``question`` and ``text``."""
        from kg.sparql.library import load_library

        return load_library(self.queries_dir)

    def query(self, name_or_text: str, params: Mapping[str, Any] | list[str] | None = None, *,
              sparql: bool | None = None,
              graph_file: Path | str | None = None, store: str | None = None, ontology: bool = True,
              reason: str | None = None, allow_fetch: bool = False, **bindings: Any) -> QueryAnswer:
        """Ask a library query (its name, or a .rq file) or SPARQL text (``sparql=True`` forces either way).

        Parameters bind variables: ``project.query("entity", entity="kgr:catl")``; a text value is read as
        ``kg query --param`` reads it (kgr:yibin, <IRI>, 2022, '"text"@en'), numbers and dates as literals;
        ``params`` may also be ``--param`` texts (``["entity=kgr:catl"]``).
        SERVICE and FROM are refused unless ``allow_fetch``; ``reason`` (rdfs, owlrl) adds what the ontology
        entails. Raises QueryError for a bad or unknown query or parameter.
        """
        from kg.sparql.library import find_query

        text_given = _looks_like_sparql(name_or_text) if sparql is None else sparql
        if text_given:
            name, text, defaults = "query", name_or_text, {}
        else:
            found = find_query(name_or_text, self.queries_dir)
            name, text, defaults = str(found.path), found.text, found.params
        given = parse_params(params) if isinstance(params, (list, tuple)) else dict(params or {})
        values = {**defaults, **{k: _term(v) for k, v in {**given, **bindings}.items()}}
        spec = self._spec(store, graph_file)
        if spec.kind in ("embedded", "oxigraph") and not reason:
            return self._native_query(spec, text, values, name, ontology, allow_fetch)
        from kg.sparql.parse import check_reads_only
        from kg.sparql.run import run_query

        check_reads_only(text, name, allow_fetch)  # before any graph is opened or built
        if not ontology and spec.kind == "remote":
            raise UsageError("--no-ontology does not apply to a remote endpoint: it holds what 'kg push' sent")
        graph = self.graph(graph_file=graph_file, store=store)
        if reason:
            from kg.sparql.inference import with_inferences

            graph = with_inferences(graph, self.paths, reason)
        if ontology:
            from kg.store.graphs import with_ontology

            graph = with_ontology(graph, self.paths)
        return QueryAnswer(run_query(graph, text, values, name=name), graph.namespace_manager)

    def _native_query(self, spec, text: str, values: dict, name: str, ontology: bool,
                      allow_fetch: bool) -> QueryAnswer:
        """A query on an Oxigraph store, handed to pyoxigraph: neither oxrdflib nor rdflib's SPARQL parser is
        loaded (a cold ``kg query`` is mostly imports). The store's union is the data with the ontology."""
        from kg.facts.namespaces import bind_prefixes
        from kg.sparql.native import check_reads_only, run_native
        from kg.store.graphs import reading_store
        from kg.store.native import open_native

        check_reads_only(text, name, allow_fetch)  # before any graph is opened or built
        if spec.kind == "embedded":
            self.make_current()
        engine = open_native(reading_store(spec, self.paths).location)
        from rdflib import Graph

        return QueryAnswer(run_native(engine, text, values, name, union=ontology),
                           bind_prefixes(Graph()).namespace_manager)

    def validate(self, *, graph_file: Path | str | None = None, shapes: Path | str | None = None,
                 store: str | None = None):
        """Check the graph against the SHACL shapes and the ontology; the report (``conforms``,
        ``violations``, ``by_focus()``, ``as_data()``). A stale build is rebuilt unvalidated first: this
        report is what shows its violations. An unchanged build that validated answers with its own report
        (``out/validation.json``); any other graph in a store is validated on the store's N-Triples lines, a
        subject at a time (``kg.store.validation``)."""
        from kg.build.validate import validate_graph, validate_lines

        spec = self._reading(store, graph_file, validate=False)
        if graph_file is None and spec.kind == "embedded" and (shapes is None or _same_file(shapes, self._shapes())):
            from kg.build.outputs import kept_report

            kept = kept_report(self.paths, current=True)  # _reading made the outputs current
            if kept is not None:
                return kept
        if graph_file is None and spec.kind in ("embedded", "oxigraph"):
            from kg.store.native import data_lines
            from kg.store.validation import validate_store

            native = self._native(None, store, validate=False)
            report = validate_store(native, self.paths, shapes, self._built(store))  # a subject at a time, where it can
            return report if report is not None else validate_lines(data_lines(native), self.paths, shapes,
                                                                    store=native)
        graph = self.graph(graph_file=graph_file, store=store, local=True, validate=False)
        return validate_graph(graph, self.paths, shapes)

    def _shapes(self) -> Path:
        from kg.build.validate import shapes_path

        return shapes_path(self.paths)

    def analyze(self, top: int = 10, *, graph_file: Path | str | None = None, store: str | None = None,
                engine: str = "auto") -> Analysis:
        """Rank entities by degree, betweenness and PageRank; list components and communities. ``engine``:
        networkx, igraph, or auto (igraph for a large network; see ``kg.analyze.engines``)."""
        from dataclasses import asdict

        from kg.analyze.network import communities, components, entity_graph, ranking

        g = entity_graph(self._native(graph_file, store), self.paths)

        def members(groups: list[list[str]]) -> list[list[dict]]:
            return [[{"iri": n, "label": g.nodes[n]["label"]} for n in group] for group in groups]

        return Analysis(g.number_of_nodes(), g.number_of_edges(),
                        *([asdict(r) for r in ranking(g, measure, top, engine)]
                          for measure in ("degree", "betweenness", "pagerank")),
                        members(components(g, engine)), members(communities(g, engine)))

    def path(self, source: str, target: str, *, graph_file: Path | str | None = None,
             store: str | None = None) -> list:
        """The shortest chain of relations between two entities (labels, IRIs, kgr: names or ids), as steps
        with ``subject_label``, ``property_label``, ``object_label``: a breadth-first search from both ends
        over the store (``kg.analyze.search``). Raises KgError for an unknown name or when no chain joins them."""
        from kg.analyze.search import StoreSearch

        return StoreSearch(self._native(graph_file, store)).shortest_path(source, target)

    # -- outputs -----------------------------------------------------------------------------------------

    def export(self, out: Path | str, format: str | None = None, *, graph_file: Path | str | None = None,
               with_ontology: bool = False, asserted_only: bool = False, store: str | None = None) -> tuple[Path, str]:
        """Write the graph to ``out`` in ``format`` (by default the one its extension names): ttl, nt, nq,
        trig, jsonld, rdf, graphml, gexf, csv (Neo4j). Returns the path written and the format."""
        from kg.export.formats import export_format, export_parts, write_export
        from kg.facts.ontology import load_ontology
        from kg.progress import stage

        fmt = export_format(out, format)
        spec = self._reading(store, graph_file)
        if graph_file is None and spec.kind in ("embedded", "oxigraph"):
            streamed = self._export_streamed(out, fmt, with_ontology, asserted_only, store)
            if streamed is not None:
                return streamed, fmt
        with stage("reading the graph"):
            parts = export_parts(graph_file, self.paths, with_ontology, asserted_only, spec)
        with stage(f"writing {fmt}"):
            path = write_export(fmt, parts, load_ontology(self.paths.ontology_path), out)
        return path, fmt

    def _export_streamed(self, out: Path | str, fmt: str, with_ontology: bool, asserted_only: bool,
                         store: str | None) -> Path | None:
        """An export of the store from its lines: RDF written by Oxigraph (``kg.export.streamed``), property
        graphs from one pass (``kg.export.property_store``); None for a format or a graph it leaves to
        ``kg.export.formats``."""
        from kg.export.formats import NETWORK_FORMATS, write_rendered
        from kg.export.streamed import SORTED_FORMATS, STREAMED_FORMATS, line_parts, render_lines, write_sorted
        from kg.progress import stage

        if fmt in (*NETWORK_FORMATS, "csv") and not with_ontology:
            from kg.export.formats import write_view
            from kg.export.property_store import store_property_graph
            from kg.facts.ontology import load_ontology
            from kg.runtime import cycle_collector_paused

            with stage("reading the graph"):
                view = store_property_graph(self._native(None, store), load_ontology(self.paths.ontology_path),
                                            built=self._built(store))
            with stage(f"writing {fmt}"), cycle_collector_paused():
                return write_view(fmt, view, out)
        if fmt in SORTED_FORMATS:
            from kg.export.formats import check_writable

            check_writable(Path(out))
            native = self._native(None, store)  # current: rebuilt first if an input changed
            with stage(f"writing {fmt}"):
                return write_sorted(fmt, native, self.paths, with_ontology, asserted_only, out, self._built(store))
        if fmt not in STREAMED_FORMATS:
            return None
        with stage("reading the graph"):
            parts = line_parts(self._native(None, store), self.paths, with_ontology, asserted_only)
        if parts is None:
            return None
        with stage(f"writing {fmt}"):
            return write_rendered(lambda: render_lines(fmt, parts), out)

    def docs(self, out: Path | str | None = None) -> Path:
        """Write the ontology's documentation page (HTML, readable offline); its path."""
        from kg.export.ontology_docs import ontology_html
        from kg.facts.ontology import load_ontology
        from kg.files import write_atomic

        out = Path(out) if out is not None else self.paths.out_dir / "ontology.html"
        write_atomic(out, ontology_html(load_ontology(self.paths.ontology_path)).encode("utf-8"))
        return out

    def viz(self, out: Path | str | None = None, *, graph_file: Path | str | None = None, focus: str | None = None,
            depth: int = 2, query: str | None = None, params: Mapping[str, Any] | list[str] | None = None,
            provenance: bool = False, max_nodes: int | None = None, store: str | None = None,
            form: str = "auto") -> Page:
        """Draw the graph as an interactive page that works offline, and write it (default out/graph.html).

        Returns the page's path; in a notebook it shows the page inline. ``focus`` and ``depth`` draw a
        neighbourhood, ``query`` (a CONSTRUCT from the library or a .rq file, with ``params``) its result.
        ``form``: ``file`` (one self-contained file), ``folder`` (a large page as the page and a folder of
        parts it reads on demand, ``<name>_files`` beside it) or ``auto`` (a folder above 15,000 nodes);
        ``page.folder`` is that folder, or None."""
        from kg.progress import stage
        from kg.viz.page import make_page

        out = Path(out) if out is not None else self.paths.out_dir / "graph.html"
        given = parse_params(params) if isinstance(params, (list, tuple)) else dict(params or {})
        with stage("drawing the graph"):
            spec = self._reading(store, graph_file)
            result = make_page(out, graph_file=graph_file, focus=focus, depth=depth, query_file=query,
                               provenance=provenance, max_nodes=max_nodes,
                               params={k: _term(v) for k, v in given.items()},
                               queries_dir=self.queries_dir, project=self.paths, store=spec, form=form)
        page = Page(result.path)
        page.nodes, page.edges, page.notices = result.nodes, result.edges, list(result.notices)
        page.folder = result.folder
        return page

    # -- stores and the endpoint -------------------------------------------------------------------------

    def push(self, endpoint: str, *, gsp: str | None = None, named_graph: str | None = None,
             graph_file: Path | str | None = None, ontology: bool = True) -> tuple[int, str]:
        """Load the graph into a remote SPARQL store (Graph Store Protocol), replacing its default or a named
        graph; returns how many triples and where."""
        from kg.store.graphs import load_store
        from kg.store.remote import refuse_user_info
        from kg.store.spec import parse_store

        spec = parse_store(endpoint, "--endpoint")  # both URLs checked before anything is built or resolved
        if gsp is not None:
            refuse_user_info(gsp, "--gsp")
        graph = self.graph(graph_file=graph_file)
        return len(graph), load_store(graph, spec, self.paths, named_graph, ontology=ontology, gsp=gsp)

    def serve(self, host: str = "127.0.0.1", port: int = 7878, *, graph_file: Path | str | None = None,
              store: str | None = None, ontology: bool = True, announce: Callable[[str], None] | None = None,
              **limits: Any) -> None:
        """Serve the graph over the SPARQL 1.1 Protocol (a query page at /, the graph view at /graph) until
        interrupted. ``limits`` are ``kg.serve.app.ServeSettings`` fields (timeout, max_rows, cors, workers,
        queue, max_bytes, max_body, worker_memory, allow_hosts, header_timeout, max_connections); ``announce``
        receives the line saying where it listens."""
        require("serve")
        from kg.serve.app import bind_socket, run
        from kg.serve.endpoint import endpoint_app

        app, where = endpoint_app(self.paths, self.queries_dir, self._reading(store, graph_file), graph_file,
                                  ontology, {**limits, "host": host})
        sock = bind_socket(host, port)
        shown = f"[{host}]" if ":" in host else host
        if announce is not None:
            announce(f"Serving {where} at http://{shown}:{sock.getsockname()[1]}/sparql (query page at /); Ctrl-C stops")
        run(app, sock)

    # -- drafts ------------------------------------------------------------------------------------------

    def extract(self, files: list[Path | str], *, out: Path | str | None = None, force: bool = False,
                validate: bool = True, write: bool = True, max_bytes: int | None = None,
                time_limit: float | None = None, date: datetime.date | int | None = None) -> list:
        """Draft the facts of new documents (.txt, .md, .html): each plan holds the ``draft``, its ``yaml``,
        where it goes (``facts_path``, ``source_path``), ``warnings`` (items dropped) and ``notices``. With
        ``write`` (the default) the drafts and source copies are written, all or none. ``max_bytes``: the
        largest document read (5 MB); ``time_limit``: seconds to draft one (300); ``date``: the documents'
        date of publication, which "last year", "this year" and months without a year count from (else a
        date the document states; without either, such periods are left out of the draft); an int is the year
        of publication alone, for a document dated only by its month or year."""
        require("extract")
        from kg.extract.drafting import draft_files, write_planned

        bounds = {"max_bytes": max_bytes, "time_limit": time_limit}
        plans = draft_files([Path(f) for f in files], self.paths.data_dir, self.paths.ontology_path,
                            Path(out) if out is not None else None, force=force, validate=validate,
                            date=date, **{k: v for k, v in bounds.items() if v is not None})
        if write:
            write_planned(plans)
        return plans

    def evaluate(self, gold: Path | str, pred: Path | str, *, sources: Path | str | None = None):
        """Score a draft facts file against the curated one of the same document (``kg eval``)."""
        require("extract")
        from kg.extract.evaluate import evaluate_files

        return evaluate_files(Path(gold), Path(pred), Path(sources) if sources is not None else None)

    # -- where graphs are read from ----------------------------------------------------------------------

    def _spec(self, store: str | None = None, graph_file: Path | str | None = None):
        from kg.store.spec import StoreSpec, resolve_store

        if graph_file is not None:
            return StoreSpec("memory")  # the file, parsed into memory
        return resolve_store(store or self.store, pyproject=settings_file(self.root))

    def _native(self, graph_file: Path | str | None, store: str | None, validate: bool = True):
        """The graph as a pyoxigraph Store (``kg.store.native``): the project's store opened as it is, any
        other graph copied into memory."""
        from kg.store.graphs import reading_store
        from kg.store.native import native_store

        spec = self._reading(store, graph_file, validate)
        return native_store(graph_file, self.paths, spec if graph_file is not None else reading_store(spec, self.paths))

    def _built(self, store: str | None) -> Path | None:
        """The build's merged lines if the store a read goes to holds exactly them (``kg.store.native.built_lines``):
        cheaper to read than the store's dump. Called once the outputs are current."""
        from kg.store import native
        from kg.store.graphs import reading_store

        spec = reading_store(self._spec(store), self.paths)
        return native.built_lines(Path(spec.location), self.paths) if spec.kind == "oxigraph" else None

    def _reading(self, store: str | None, graph_file: Path | str | None, validate: bool = True):
        """The store a read goes to, after making the project's own outputs current when it reads them."""
        spec = self._spec(store, graph_file)
        if graph_file is None and spec.kind in ("embedded", "memory"):
            self.make_current(validate=validate)
        return spec


def _same_file(a: Path | str, b: Path | str) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def _looks_like_sparql(text: str) -> bool:
    """SPARQL text rather than a library query's name or a .rq path.

    >>> _looks_like_sparql("award"), _looks_like_sparql("SELECT * WHERE { ?s ?p ?o }")
    (False, True)
    """
    words = text.split(None, 1)
    return "{" in text or bool(words) and words[0].upper() in SPARQL_KEYWORDS


def _term(value: Any):
    """A parameter's value as an RDF term: text as ``kg query --param`` reads it, Python values as literals."""
    from rdflib import Literal
    from rdflib.term import Node

    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        from kg.sparql.params import parse_term

        return parse_term(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    return Literal(value)


def write_drafts(plans: list) -> None:
    """Write what ``Project.extract(..., write=False)`` planned: every draft and source copy, or none."""
    from kg.extract.drafting import write_planned

    write_planned(plans)


def explain_draft(draft) -> str:
    """A draft for review (``kg extract --explain``): each item with the rule that made it, least sure last."""
    from kg.extract.explain import explain

    return explain(draft)


def parse_params(texts: list[str] | tuple[str, ...]) -> dict:
    """``NAME=VALUE`` texts (``kg query --param``) as bindings; QueryError for one without a name."""
    from kg.sparql.params import parse_param

    return dict(parse_param(text) for text in texts)
