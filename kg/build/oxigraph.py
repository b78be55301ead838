"""Writing an embedded Oxigraph store: staged beside its folder (loaded whole, or changed by the triples
removed and added) and put in place at once; the build's only way into a store."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from kg.build.lines import line_blocks
from kg.errors import StoreError, one_line
from kg.facts.namespaces import ONTOLOGY_GRAPH

# RocksDB writes this file first in every store folder.
_MARKER = "CURRENT"
# A file of lines is bulk-loaded this many bytes (whole lines) at a time: Oxigraph's bulk loader holds what it
# is given, so one call on the 4,000-document graph (5.3M triples) held 1.7 GB; in 64 MB pieces it holds about
# 400 MB, for a load a half to twice as long (measured: 32 MB 231 MB, 128 MB 767 MB), beside the shared nodes'
# validation. At 1,200 documents (330 MB of lines) the load held 368, 218 and 149 MB above the process's 43 MB
# in pieces of 64, 32 and 16 MB, for 14.4, 16.1 and 19.0 s of CPU (load average 11): 32 MB.
LOAD_CHUNK = 32 << 20


def load_store(path: Path, data: Graph, ontology: Graph) -> int:
    """Replace the content of the store in ``path`` (created if need be) with ``data`` and ``ontology``.

    The graph is loaded into a new store beside ``path`` that then takes its
    place, so a failure part-way leaves the old store as it was. Returns the
    number of data triples. Raises StoreError if the folder is locked (a
    running writer) or holds something other than a store.
    """
    loading = stage_store(path, data.serialize(format="nt", encoding="utf-8"),
                          ontology.serialize(format="nt", encoding="utf-8"))
    commit_store(loading, path)
    return len(data)


def stage_store(path: Path, data: bytes | BinaryIO | Path, ontology: bytes) -> Path:
    """Load N-Triples ``data`` (bytes, a binary file, or the path of a file, which Oxigraph reads itself: the
    default graph) and ``ontology`` (its named graph)
    into a new store beside ``path``, and return its folder, for ``commit_store`` to put in place. Raises
    StoreError."""
    check_writable(path)
    loading = path.with_name(f".{path.name}.loading")
    shutil.rmtree(loading, ignore_errors=True)
    store = _open_for_writing(loading)
    try:
        if isinstance(data, Path):
            _load_in_pieces(store, data)
        else:
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(ontology, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
        store.flush()
        failure = None
    except (OSError, SyntaxError) as exc:
        failure = one_line(exc)
    del store
    gc.collect()  # releases the folder's lock now, not whenever the store is collected
    if failure is not None:
        shutil.rmtree(loading, ignore_errors=True)
        raise StoreError(f"{path}: cannot load the graph into the Oxigraph store: {failure}")
    return loading


def _load_in_pieces(store: "ox.Store", path: Path) -> None:
    """Bulk-load the N-Triples file ``path`` into ``store``'s default graph ``LOAD_CHUNK`` bytes of whole
    lines at a time; whole, after all, at the first piece holding a blank node (``_:``, or those letters in
    a literal): each of Oxigraph's parses names the blank nodes it reads anew, so one node's lines in two
    pieces would become two nodes. (The build's graph has none: the file is read once.)"""
    for piece in line_blocks(path, LOAD_CHUNK):
        if b"_:" in piece:
            store.clear()
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
            return
        store.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES)


def stage_store_change(path: Path, removed: bytes, added: bytes) -> Path:
    """A copy of the store at ``path`` beside it (a checkpoint: hard links, made at once) with the N-Triples
    ``removed`` taken out of its default graph and ``added`` put in; its folder, for ``commit_store``.
    Raises StoreError."""
    loading = path.with_name(f".{path.name}.loading")
    shutil.rmtree(loading, ignore_errors=True)
    store = _open_for_writing(path)
    try:
        store.backup(str(loading))
    except OSError as exc:
        raise StoreError(f"{path}: cannot copy the Oxigraph store: {one_line(exc)}") from None
    finally:
        del store
        gc.collect()  # releases the folder's lock now, not whenever the store is collected
    store = _open_for_writing(loading)
    try:
        for quad in ox.parse(removed, format=ox.RdfFormat.N_TRIPLES):
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object))
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(added, format=ox.RdfFormat.N_TRIPLES))
        store.flush()
        failure = None
    except (OSError, SyntaxError) as exc:
        failure = one_line(exc)
    del store
    gc.collect()
    if failure is not None:
        shutil.rmtree(loading, ignore_errors=True)
        raise StoreError(f"{path}: cannot change the Oxigraph store: {failure}")
    return loading


def commit_store(loading: Path, path: Path) -> None:
    """Put the store staged in ``loading`` in the place of ``path`` (two renames; readers that opened the
    old one keep it until they close it)."""
    replaced = path.with_name(f".{path.name}.replaced")
    shutil.rmtree(replaced, ignore_errors=True)
    if path.exists():
        path.rename(replaced)
    loading.rename(path)
    shutil.rmtree(replaced, ignore_errors=True)


def check_writable(path: Path) -> None:
    """Fail now, before any work, if ``path`` cannot be loaded into: not a store, or locked by a writer.

    Example: ``check_writable(Path("out/oxigraph"))``. Raises StoreError.
    """
    check_store_folder(path, must_exist=False)
    if path.exists():
        _open_for_writing(path)  # opened and dropped at once: only the lock is tested
        gc.collect()  # releases the folder's lock now, not whenever the store is collected


def _open_for_writing(path: Path) -> "ox.Store":
    try:
        return ox.Store(str(path))
    except OSError as exc:
        message = one_line(exc)
        if "lock" in message.lower():
            raise StoreError(f"{path}: the Oxigraph store is locked by another process "
                             f"(a running 'kg build' or 'oxigraph serve'?); stop it and try again") from None
        raise StoreError(f"{path}: cannot open the Oxigraph store: {message}") from None


def check_store_folder(path: Path, must_exist: bool) -> None:
    """Refuse a folder that is not an Oxigraph store (and, unless ``must_exist``, not empty either)."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a folder, so not an Oxigraph store")
    is_store = (path / _MARKER).is_file()
    if must_exist and not is_store:
        what = "is not an Oxigraph store" if path.exists() else "does not exist"
        raise StoreError(f"{path}: {what}; create the store with 'kg build --store oxigraph:{path}'")
    if not is_store and path.exists() and any(path.iterdir()):
        raise StoreError(f"{path}: the folder is not empty and not an Oxigraph store; choose a new or empty folder")
