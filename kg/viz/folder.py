"""A large page as a folder: the overview in the page, the rest in script files beside it, read on demand.

At 4,000 documents of the benchmark corpus one self-contained page is 233 MB, and Chromium reads all of it
before its first drawing (17.7 s at load 10 to 12). Above ``FOLDER_ABOVE`` nodes (or when asked) ``kg viz``
writes the page with what its first view needs: the overview's items, every node's id, name, aliases and
community (the search reaches every node), the documents' titles. Beside it, in ``<page>_files/``, are script
files: per block of communities, its members' items with the links at them and their tooltips (``b<N>.js``:
what a click that adds a node's neighbours needs) and what a selection of them shows (``f<N>.js``: facts, quotes,
statistics); per group of documents, their texts and the nodes their quotes support (``d<N>.js``). A page opened from file:// may load a sibling script with ``<script src>`` (Chromium refuses fetch and
XMLHttpRequest there), so the folder works offline, as the one file does; the page's script
(``templates/folder.js``) loads a block when a click, a search or a filter first needs it.

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
# 29.6 MB) is ready in Chromium in 1.4 to 1.9 s, one of 4,000 (50,025 nodes, 233.5 MB) in 17.7 s; ready time
# grows with the file's size. Above this many nodes (about 60 MB as one file) the page is a folder.
FOLDER_ABOVE = 15_000
BLOCK_NODES = 400      # communities are packed into files of about this many nodes (a large one alone)
DOC_GROUP = 25         # documents per file of texts
MARKER = "README.txt"  # a folder kg viz wrote, which it may replace
CUT = ("nodes", "edges", "facts", "excerpts", "series", "titles", "docs")


def folder_of(page: Path) -> Path:
    """The folder beside ``page`` that holds its blocks: ``graph.html`` -> ``graph_files``."""
    return page.with_name(f"{page.stem}_files")


def split_page(data: dict, folder: str) -> tuple[dict, dict[str, dict]]:
    """The page's own data and the files of its folder (named without ``.js``) for a large page's ``data``.

    ``folder`` is the folder's name as the page refers to it. The page's data keeps what is not cut
    (regions, colours, years, options, the overview's ids) and gains ``folder``, ``ids``, ``names``,
    ``aliases`` (``{number: [alias...]}``), ``cs`` (each node's community), ``blockOf`` (each community's
    file), ``docs`` (titles alone), ``docGroup``, ``total`` (nodes, links) and ``first`` (the overview's
    items, the links between them and their tooltips, as a block).
    """
    nodes, edges = data["nodes"], data["edges"]
    block_of = _pack([region[4] for region in data["regions"]])
    node_block = [block_of[item["c"]] for item in nodes]
    blocks: list[dict] = [{} for _ in range(max(block_of, default=-1) + 1)]
    for number, item in enumerate(nodes):
        _take(blocks[node_block[number]], "nodes", number, item)
    for number, item in enumerate(edges):
        for block in {node_block[item["from"]], node_block[item["to"]]}:
            _take(blocks[block], "edges", number, item)
    files = {}
    for number, block in enumerate(blocks):
        files[f"f{number}"] = _details(block, data)
        block["titles"] = _titles(block, data)
        files[f"b{number}"] = block
    files.update(_documents(data))
    first: dict = {}
    overview = set(data["overview"])
    shown = {number for number, item in enumerate(nodes) if item["id"] in overview}
    for number in sorted(shown):
        _take(first, "nodes", number, nodes[number])
    for number, item in enumerate(edges):
        if item["from"] in shown and item["to"] in shown:
            _take(first, "edges", number, item)
    first["titles"] = _titles(first, data)
    page = {key: value for key, value in data.items() if key not in CUT}
    page.update(folder=quote(folder), ids=[n["id"] for n in nodes], names=[n["name"] for n in nodes],
                aliases={i: n["a"] for i, n in enumerate(nodes) if "a" in n}, cs=[n["c"] for n in nodes],
                blockOf=block_of, docs=[{"title": d["title"]} for d in data["docs"]], docGroup=DOC_GROUP,
                total=[len(nodes), len(edges)], first=first)
    return page, files


def _pack(sizes: list[int]) -> list[int]:
    """Each community's file: communities in order (largest first), packed until a file has BLOCK_NODES.

    >>> _pack([900, 300, 80, 50, 10, 1])
    [0, 1, 1, 2, 2, 2]
    """
    found, block, count = [], 0, 0
    for size in sizes:
        if count and count + size > BLOCK_NODES:
            block, count = block + 1, 0
        found.append(block)
        count += size
    return found


def _take(block: dict, key: str, number: int, item: dict) -> None:
    block.setdefault(key, {})[number] = item


def _titles(block: dict, data: dict) -> dict:
    return {kind: {n: data["titles"][kind][n] for n in block.get(kind, {})} for kind in ("nodes", "edges")}


def _details(block: dict, data: dict) -> dict:
    """What a selection of a block's items shows: statistics, facts, their quotes."""
    series = sorted({s for item in block.get("nodes", {}).values() for chart in item.get("charts", ()) for s in chart})
    facts = {f for kind in ("nodes", "edges") for item in block.get(kind, {}).values() for f in item["f"]}
    facts.update(point[7] for s in series for point in data["series"][s]["points"])
    excerpts = sorted({x for f in facts for x in data["facts"][f][1]})
    return {"series": {s: data["series"][s] for s in series}, "facts": {f: data["facts"][f] for f in sorted(facts)},
            "excerpts": {x: data["excerpts"][x] for x in excerpts}}


def _documents(data: dict) -> dict[str, dict]:
    """The documents' texts, DOC_GROUP to a file, with the nodes each document's quotes support."""
    supported: dict[int, list[int]] = {}
    for number, item in enumerate(data["nodes"]):
        for doc in item["d"]:
            supported.setdefault(doc, []).append(number)
    files = {}
    for start in range(0, len(data["docs"]), DOC_GROUP):
        numbers = range(start, min(start + DOC_GROUP, len(data["docs"])))
        files[f"d{start // DOC_GROUP}"] = {"texts": {d: data["docs"][d]["text"] for d in numbers},
                                           "supports": {d: supported.get(d, []) for d in numbers}}
    return files


def block_script(name: str, block: dict) -> str:
    r"""A block as the script the page loads: it hands its data to the page's ``kgBlock``, as JSON in a string
    (JSON.parse reads it faster than a script's object literal is compiled).

    >>> print(block_script("d0", {"t": "It's a\\b"}), end="")
    kgBlock("d0",JSON.parse('{"t":"It\'s a\\\\b"}'));
    """
    text = json.dumps(block, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
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
