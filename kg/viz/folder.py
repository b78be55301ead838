"""A large page as a folder: what the page draws in it, what a selection shows in files beside it, read on demand.

At 4,000 documents of the benchmark corpus one self-contained page is 233 MB, and Chromium reads all of it
before its first drawing (10 s at load 5 to 8, 17.7 s at load 10 to 12). Above ``FOLDER_ABOVE`` nodes (or when
asked) ``kg viz`` writes a page that holds what it draws and filters by (every node and link, their documents,
the regions: a sixth of the data), and beside it, in ``<page>_files/``, script files with what a selection or a
hover shows: per block of ``DETAIL_NODES`` nodes (``f<N>.js``) their tooltips and facts, the links' from them,
with the facts' quotes and the statistics the nodes chart; per group of ``DOC_GROUP`` documents (``d<N>.js``)
their texts. A page opened from file:// may load a sibling script with ``<script src>`` (Chromium refuses fetch
and XMLHttpRequest there), so the folder works offline as the one file does; the page's script
(``templates/folder.js``) reads a file when a selection first needs it. Expanding, opening a community, the
search and the filters read nothing: they work as on one file. (A first design cut the nodes and links by
community too: Leiden's communities hold thousands of nodes at 4,000 documents, and adding the hub's 8,062
neighbours read 100 MB of blocks, 178 s in Chromium.)

The data is the one-file page's (``kg.viz.pagedata.page_data``), cut: node, link, fact, quote and statistic
numbers are the same, each file holds its part as ``{number: item}``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from kg.errors import OutputError

# Measured (benchmarks/viz_corpus_benchmark.py, see the README): one file of 400 documents (8,579 nodes,
# 29.6 MB) is ready in Chromium in 1.4 to 1.9 s, one of 4,000 (50,025 nodes, 233.5 MB) in 10 to 18 s: ready time
# grows with the file's size. Above this many nodes (about 60 MB as one file) the page is a folder.
FOLDER_ABOVE = 15_000
DETAIL_NODES = 250     # nodes whose details share a file
DOC_GROUP = 25         # documents per file of texts
MARKER = "README.txt"  # a folder kg viz wrote, which it may replace
CUT = ("facts", "excerpts", "series", "titles", "docs")


def folder_of(page: Path) -> Path:
    """The folder beside ``page`` that holds its blocks: ``graph.html`` -> ``graph_files``."""
    return page.with_name(f"{page.stem}_files")


def split_page(data: dict, folder: str) -> tuple[dict, dict[str, dict]]:
    """The page's own data and the files of its folder (named without ``.js``) for a large page's ``data``.

    ``folder`` is the folder's name as the page refers to it. The page's data keeps what is not cut (nodes,
    links, regions, colours, years, options, the overview's ids) and gains ``folder``, ``docs`` (titles
    alone), ``detailNodes``, ``docGroup`` and ``titles`` of the overview's nodes and the links between them
    (a first hover reads nothing).
    """
    nodes, edges, titles = data["nodes"], data["edges"], data["titles"]
    blocks: list[dict] = [{} for _ in range((len(nodes) + DETAIL_NODES - 1) // DETAIL_NODES)]
    for number, item in enumerate(nodes):
        _take(blocks[number // DETAIL_NODES], "nodes", number, item)
    for number, item in enumerate(edges):  # a link's details with those of the node it leaves
        _take(blocks[item["from"] // DETAIL_NODES], "edges", number, item)
    files = {f"f{number}": _details(block, data) for number, block in enumerate(blocks)}
    files.update(_documents(data))
    overview = set(data["overview"])
    shown = {number for number, item in enumerate(nodes) if item["id"] in overview}
    page = {key: value for key, value in data.items() if key not in CUT}
    page.update(folder=quote(folder), docs=[{"title": d["title"]} for d in data["docs"]], detailNodes=DETAIL_NODES,
                docGroup=DOC_GROUP, titles={
                    "nodes": {n: titles["nodes"][n] for n in sorted(shown)},
                    "edges": {n: titles["edges"][n] for n, e in enumerate(edges) if e["from"] in shown and e["to"] in shown}})
    return page, files


def _take(block: dict, key: str, number: int, item: dict) -> None:
    block.setdefault(key, {})[number] = item


def _details(block: dict, data: dict) -> dict:
    """What a selection of a block's nodes and links shows: tooltips, statistics, facts, their quotes."""
    items = {kind: block.get(kind, {}) for kind in ("nodes", "edges")}
    series = sorted({s for item in items["nodes"].values() for chart in item.get("charts", ()) for s in chart})
    facts = {f for kind in items.values() for item in kind.values() for f in item["f"]}
    facts.update(point[7] for s in series for point in data["series"][s]["points"])
    excerpts = sorted({x for f in facts for x in data["facts"][f][1]})
    return {"titles": {kind: {n: data["titles"][kind][n] for n in found} for kind, found in items.items()},
            "series": {s: data["series"][s] for s in series}, "facts": {f: data["facts"][f] for f in sorted(facts)},
            "excerpts": {x: data["excerpts"][x] for x in excerpts}}


def _documents(data: dict) -> dict[str, dict]:
    """The documents' texts, DOC_GROUP to a file."""
    return {f"d{start // DOC_GROUP}": {"texts": {d: data["docs"][d]["text"]
                                                 for d in range(start, min(start + DOC_GROUP, len(data["docs"])))}}
            for start in range(0, len(data["docs"]), DOC_GROUP)}


def to_json(data: object) -> str:
    """``data`` as compact JSON, keys sorted (a number key by its text), not ASCII-escaped: written by orjson,
    in a quarter of the json module's time, the same text for the page's data (numbers of numpy too)."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
                        ).decode("utf-8")


def block_script(name: str, block: dict) -> str:
    r"""A block as the script the page loads: it hands its data to the page's ``kgBlock``, as JSON in a string
    (JSON.parse reads it faster than a script's object literal is compiled).

    >>> print(block_script("d0", {"t": "It's a\\b"}), end="")
    kgBlock("d0",JSON.parse('{"t":"It\'s a\\\\b"}'));
    """
    text = to_json(block)
    quoted = text.replace("\\", "\\\\").replace("'", "\\'")  # as a JavaScript string in single quotes
    return f"kgBlock({json.dumps(name)},JSON.parse('{quoted}'));\n"


def write_folder(page: Path, html: str, files: dict[str, dict]) -> Path:
    """Write the folder's files, then the page; an old folder of kg's is replaced whole, nothing else is.

    The files are written into a new folder beside the old one, which is swapped in when all are there; the
    page is written last (atomically), so a failure leaves the old page and its folder as they were.
    Raises OutputError when the folder's name is taken by something kg viz did not write.
    """
    from kg.files import write_atomic

    page = Path(page)
    folder = folder_of(page)
    if folder.exists() and not (folder / MARKER).is_file():
        raise OutputError(f"{folder}: exists and was not written by kg viz; move it, or write the page elsewhere "
                          "(--out)")
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=page.parent, prefix=f".{folder.name}."))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write: {exc.strerror}") from None
    try:
        (staging / MARKER).write_text(f"Written by kg viz: the parts of {page.name} that it reads on demand. "
                                      "Keep this folder beside the page.\n", encoding="utf-8")
        for name, block in files.items():
            (staging / f"{name}.js").write_text(block_script(name, block), encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(dir=page.parent, prefix=f".{folder.name}.old."))
            os.replace(folder, old / "folder")
        os.replace(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{folder}: cannot write: {exc.strerror}") from None
    except BaseException:  # Ctrl-C, or anything else: no half-written folder left behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    write_atomic(page, html.encode("utf-8"))
    return page


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
