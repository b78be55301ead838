"""A view (``kg.viz.model.ViewGraph``) -> one self-contained HTML page, drawn by vis-network.

The page makes no request to any host: vis-network's script and style come
inline from the pyvis package, and kg's own script and style
(``templates/graph.js``, ``graph.css``) are inlined too. Every text on the
page is escaped: Jinja autoescapes the HTML, data goes in as JSON with
``<``, ``>``, ``&`` and ``'`` escaped (so a source text holding
``</script>`` cannot end the script), and the page's script writes text
with ``textContent``, never as markup.

The page carries, besides nodes and edges, the facts behind each of them,
the excerpts those facts quote with their offsets, the source texts (read
from the project's ``data/sources``, checked against their SHA-256), and the
statistics' points: its side panel shows a chart for a statistic and the
article with the supporting quotes highlighted. Positions and sizes are
computed here (``kg.viz.layout``); the page runs no physics.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from rdflib import Graph
from rdflib.term import Node

from kg.errors import OutputError
from kg.facts.ontology import load_ontology
from kg.project import ProjectPaths
from kg.runtime import cycle_collector_paused
from kg.sparql.library import DEFAULT_QUERIES_DIR, LibraryQuery, find_query
from kg.store.graphs import open_graph, reading_store
from kg.store.native import data_triples, finished_lines, open_native, ontology_triples
from kg.store.spec import StoreSpec
from kg.viz.folder import FOLDER_ABOVE, folder_of, split_page, to_json, write_folder
from kg.viz.layout import radial_layout
from kg.viz.pagedata import page_data
from kg.viz.style import class_styles, class_triples, legend
from kg.store.plain import from_oxigraph, from_rdflib_triples, parse_lines
from kg.viz.triples import TripleIndex
from kg.viz.view import (
    ViewGraph,
    VizError,
    build_view,
    find_node,
    limit,
    neighbourhood,
)

VIS_ASSETS = Path("templates") / "lib" / "vis-9.1.2"
# What only a selection or a hover shows: the page parses it when first asked for (at 400 documents, most of the
# data).
DETAILS = ("facts", "excerpts", "docs", "series", "titles")

FORMS = ("auto", "file", "folder")

__all__ = ["FORMS", "PageResult", "make_page", "page_data", "radial_layout", "read_graph", "render_folder",
           "render_page", "source_texts", "write_page"]


@dataclass(frozen=True)
class PageResult:
    """What ``make_page`` wrote: the page, how much it shows, and notices for the user (such as a cut);
    ``folder``: the folder beside the page that it reads on demand (``kg.viz.folder``), or None (one file)."""

    path: Path
    nodes: int
    edges: int
    notices: list[str]
    folder: Path | None = None


def make_page(
    out_path: Path | str,
    graph_file: Path | str | None = None,
    focus: str | None = None,
    depth: int = 2,
    query_file: Path | str | None = None,
    provenance: bool = False,
    max_nodes: int | None = None,
    project: ProjectPaths = ProjectPaths(),
    params: Mapping[str, Node] | None = None,
    queries_dir: Path | str = DEFAULT_QUERIES_DIR,
    store=None,
    form: str = "auto",
) -> PageResult:
    """Read the graph (``graph_file`` or the built one), draw it and write the page to ``out_path``.

    ``query_file`` is a CONSTRUCT query to draw: a library query's name
    (``entity``, in ``queries_dir``) or a ``.rq`` path. Its ``# param``
    defaults, overridden by ``params``, are bound as initial bindings. The
    source texts come from ``project.data_dir / "sources"``.

    Raises VizError for an unknown focus entity or a query that is not a
    CONSTRUCT, QueryError for a bad or unknown query, SourceError for an
    unreadable graph; nothing is written then.

    ``form``: ``file`` one self-contained page; ``folder`` a large page (one
    that opens on its overview) as a page and a folder beside it
    (``kg.viz.folder``); ``auto`` (default) a folder above ``FOLDER_ABOVE``
    nodes, else one file.

    Example: ``make_page("out/yibin.html", focus="Yibin", depth=1)`` draws Yibin and its neighbours;
    ``make_page("out/catl.html", query_file="entity", params={"entity": KGR.catl})`` what the graph says about CATL.
    """
    found = find_query(str(query_file), queries_dir) if query_file else None
    graph, data = read_graph(graph_file, project, store, rdflib_graph=found is not None)  # store: default embedded
    triples = _construct(data, found, params) if found else None
    view = build_view(graph, triples, provenance=provenance)
    graph = class_triples(graph)  # all the page needs of the graph now: the corpus' triples are freed
    if not view.nodes:
        where = f"{found.path}: the query's result" if found else f"{graph_file or project.graph_path}: the graph"
        raise VizError(f"{where} has no entities to draw")
    title = f"Knowledge graph: {found.path.name}" if found else "Knowledge graph"
    center = None
    if focus:
        center = find_node(view, focus)
        view = neighbourhood(view, center, depth)
        title = f"{view.node(center).label}: neighbourhood of depth {depth}"
    if max_nodes:
        view = limit(view, max_nodes, center)
    texts, missing = source_texts(view, Path(project.data_dir) / "sources")
    result = PageResult(Path(out_path), len(view.nodes), len(view.edges), [*view.notices, *missing])
    if form == "folder" or (form == "auto" and len(view.nodes) > FOLDER_ABOVE):
        html, files = render_folder(view, graph, title, texts, folder_of(Path(out_path)).name)
        if files:  # a page small enough to show every node is one file still
            return replace(result, path=write_folder(Path(out_path), html, files), folder=folder_of(Path(out_path)))
    return replace(result, path=write_page(Path(out_path), render_page(view, graph, title, texts)))


def read_graph(graph_file: Path | str | None = None, project: ProjectPaths = ProjectPaths(),
               store: StoreSpec | str | None = None, rdflib_graph: bool = False) -> tuple[TripleIndex, Graph | None]:
    """The graph to draw with the ontology, read once (``kg.viz.triples``, its terms plain values), and the
    data as an rdflib graph for a ``--query`` (with ``rdflib_graph``; else None for a store, whose rdflib
    view, oxrdflib, imports rdflib's SPARQL engine: a third of a second of CPU for nothing). An Oxigraph store (the embedded one by default) is read
    natively (``kg.store.native``): the data from the build's merged lines (``kg.store.plain.parse_lines``)
    when the store is as that build left it (``finished_lines``), else from the store; the ontology from the
    store. A graph file, the memory store or a remote store's copy (one Graph Store Protocol GET) is read with the
    project's ontology beside it.

    Raises SourceError for an unreadable graph file, StoreError for a missing store.
    """
    if graph_file is None:
        spec = reading_store(store, project)
        if spec.kind == "oxigraph":
            native = open_native(spec.location)
            lines = finished_lines(spec.location, project)
            data = parse_lines(lines) if lines is not None else from_oxigraph(data_triples(native))
            return (TripleIndex(data, from_oxigraph(ontology_triples(native))),
                    open_graph(None, project, spec) if rdflib_graph else None)
    data = open_graph(graph_file, project, store, local=True)
    ontology = load_ontology(project.ontology_path)
    return TripleIndex(from_rdflib_triples(data), from_rdflib_triples(ontology)), data


def _construct(graph: Graph, query: LibraryQuery, params: Mapping[str, Node] | None) -> list:
    from kg.sparql.run import run_query  # rdflib's SPARQL engine (its grammar: a third of a second) for --query alone

    result = run_query(graph, query.text, query.bindings(params), name=str(query.path))
    if result.type != "CONSTRUCT":
        raise VizError(f"{query.path}: --query needs a CONSTRUCT query (this one is {result.type}); it draws the triples")
    return sorted(result)


def source_texts(view: ViewGraph, sources_dir: Path) -> tuple[dict[str, str], list[str]]:
    """The text of each document the view quotes, from ``sources_dir``, and a notice for each not found.

    A file whose SHA-256 differs from the graph's is not used: its offsets
    would point at other words. The reading pane then shows the quotes alone.

    >>> from kg.viz.view import Document
    >>> view = ViewGraph([], [], documents={"s": Document("s", "A report", "none.txt")})
    >>> source_texts(view, Path("data/sources"))[1]
    ['The text of A report (data/sources/none.txt) was not found: the reading pane shows its quotes alone.']
    """
    texts, notices = {}, []
    for doc in view.documents.values():
        path = sources_dir / doc.file_name if doc.file_name else None
        if path is None or not path.is_file():
            notices.append(f"The text of {doc.title} ({path or 'no file name'}) was not found: "
                           "the reading pane shows its quotes alone.")
            continue
        raw = path.read_bytes()
        if doc.sha256 and hashlib.sha256(raw).hexdigest() != doc.sha256:
            notices.append(f"{path}: differs from the text the graph was built from (SHA-256): "
                           "the reading pane shows its quotes alone; rebuild with kg build.")
            continue
        try:
            texts[doc.id] = raw.decode("utf-8")
        except UnicodeDecodeError:
            notices.append(f"{path}: not UTF-8 text: the reading pane shows its quotes alone.")
    return texts, notices


def render_page(view: ViewGraph, graph: Graph | TripleIndex, title: str = "Knowledge graph",
                texts: Mapping[str, str] | None = None) -> str:
    """The HTML page for ``view``; ``graph`` (with the ontology) gives the classes' looks.

    ``texts`` maps a document's IRI to its text (``source_texts``); without
    it the reading pane shows the quotes alone. The page loads nothing from
    elsewhere: it holds no ``<script src=`` or stylesheet link.
    """
    with cycle_collector_paused():
        return _render(view, graph, title, texts or {}, None)[0]


def render_folder(view: ViewGraph, graph: Graph | TripleIndex, title: str, texts: Mapping[str, str] | None,
                  folder: str) -> tuple[str, dict[str, dict]]:
    """A large page as a folder (``kg.viz.folder``): the page's HTML, which reads its blocks from ``folder``
    (a name relative to the page), and the blocks (``{name: data}``); no blocks for a page that shows every
    node (it is one file then: the HTML of ``render_page``)."""
    with cycle_collector_paused():
        return _render(view, graph, title, texts or {}, folder)


def _render(view: ViewGraph, graph: Graph | TripleIndex, title: str, texts: Mapping[str, str],
            folder: str | None) -> tuple[str, dict[str, dict]]:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    styles = class_styles(view.nodes, graph)
    env = Environment(loader=PackageLoader("kg.viz", "templates"), autoescape=select_autoescape(default=True),
                      keep_trailing_newline=True)
    env.policies["json.dumps_function"] = lambda data, **_: to_json(data)  # tojson: then made safe in HTML
    data = page_data(view, styles, texts)
    files: dict[str, dict] = {}
    if folder is not None and "overview" in data:
        data, files = split_page(data, folder)
    details = {key: data[key] for key in DETAILS if key in data}
    scripts = ("graph.js", "overview.js", "folder.js") if files else ("graph.js", "overview.js")
    return env.get_template("graph.html").render(
        title=title,
        data={key: value for key, value in data.items() if key not in DETAILS},
        details=details,
        legend=legend(styles),
        # A large page's search offers its names from the script (tens of thousands of options would slow the page).
        labels=[] if "overview" in data else sorted({n.label for n in view.nodes}, key=lambda x: (x.casefold(), x)),
        regions=data.get("regions", []),
        node_count=len(view.nodes),
        edge_count=len(view.edges),
        notices=view.notices,
        documents=data["docs"],
        years=data["years"],
        has_drafts=any(n.draft for n in view.nodes) or any(e.draft for e in view.edges),
        vis_js=Markup(_vis_asset("vis-network.min.js")),
        vis_css=Markup(_vis_asset("vis-network.css")),
        kg_js=Markup("".join(_own_asset(name) for name in scripts)),
        kg_css=Markup(_own_asset("graph.css")),
    ), files


def write_page(path: Path, html: str) -> Path:
    """Write the page atomically (an old page survives a failure) and return its path."""
    from kg.files import write_atomic

    write_atomic(Path(path), html.encode("utf-8"))
    return Path(path)


def _vis_asset(name: str) -> str:
    # pyvis's folder, found without importing pyvis: its __init__ imports pyvis.network, which imports IPython
    # (hundreds of modules, most of a second) for notebooks; kg only reads the vis-network files it bundles.
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise OutputError("the pyvis package, which carries vis-network's files, is not installed: pip install pyvis")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return _inlinable(folder / VIS_ASSETS / name, "vis-network asset missing from the pyvis package")


def _own_asset(name: str) -> str:
    return _inlinable(Path(__file__).parent / "templates" / name, "kg's page asset missing")


def _inlinable(path: Path, what: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{path}: {what}: {exc.strerror}") from None
    if "</script" in text.lower() or "</style" in text.lower():  # would end the inline element early
        raise OutputError(f"{path}: cannot be inlined (contains a closing tag)")
    return text
