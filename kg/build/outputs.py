"""A project's build in ``out/``: made together, and never read stale.

``build_project`` builds the corpus (``kg.build.pipeline``) and writes, together
or not at all: ``graph.ttl`` (sorted Turtle, for people, diffs and other
tools), ``inferred.ttl`` with ``--reason``, the embedded Oxigraph store
``oxigraph/`` that every command reads, and last ``build.json``, the
manifest: the digest of every input the build read (facts files, sources,
links, the ontology, the shapes) and kg's version.

``ensure_current`` is what a reading command calls first: if an input
changed since the manifest was written (or nothing was built yet), it
rebuilds, and says why through ``notify``; two commands that find the same
stale build rebuild it once (a lock file in ``out/``).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from rdflib import Graph

from kg.build.merge import Merged, merged_summary
from kg.build.inputs import CACHE_FOLDER, STAT_FILE, input_digests, input_files  # noqa: F401  (kg.build.outputs.input_files, as before)
from kg.build.ntriples import LinesReader
from kg.build.summary import Summary
from kg.errors import KgError, OutputError, ValidationFailed
from kg.facts.bounds import Bounds
from kg.facts.folder import facts_files
from kg.files import check_output_folder
from kg.project import ProjectPaths
from kg.runtime import cycle_collector_paused, die_with_parent, fault_point
from kg.version import __version__

MANIFEST_FILE = "build.json"
REPORT_FILE = "validation.json"  # the build's validation report, which kg validate gives for an unchanged build
STORE_MANIFEST = "kg-build.json"  # inside an oxigraph:DIR store that kg build filled
Notify = Callable[[str], None]
DEFAULT_WAIT = 600.0  # seconds a build waits for another (kg build --wait)
LOCK_FILE = ".build.lock"
_THREADS = threading.Lock()


@dataclass
class ProjectBuild:
    """What ``build_project`` wrote, and what it counted."""

    graph_path: Path
    summary: Summary
    documents: int
    reused: int
    inferred: int | None  # inferred triples written, None without --reason
    removed_inferred: bool  # a stale inferred.ttl was deleted
    lines_path: Path  # the graph's sorted N-Triples lines (in out/.cache, until the next build)
    timings: dict[str, float]
    store_change: tuple[int, int] | None = None  # (removed, added) if the store was changed, None if loaded whole

    @property
    def lines(self) -> list[bytes]:
        """The graph's N-Triples lines, read from their file (to load them elsewhere)."""
        from kg.build.lines import read_lines

        return list(read_lines(self.lines_path))


def check_inputs(project: ProjectPaths) -> None:
    """Raise SourceError, naming the option that says where to look, if the ontology or the facts are missing."""
    from kg.facts.ontology import require_ontology_file

    require_ontology_file(project.ontology_path)
    facts_files(project.data_dir)


def changed_inputs(project: ProjectPaths) -> list[str]:
    """What differs between the inputs and the manifest of the last build, as paths (added, changed or
    removed files), ``kg`` for a new version, or ``out/build.json`` when nothing is built. Empty: current."""
    manifest = read_manifest(project)
    if manifest is None or not project.graph_path.is_file() or not (project.store_path / "CURRENT").is_file():
        return [str(project.out_dir / MANIFEST_FILE)]
    try:
        return _differences(project, manifest.get("inputs", {}))
    except KgError:
        return ["data"]  # no facts files: the build will say so


def _differences(project: ProjectPaths, built: dict[str, str]) -> list[str]:
    """The inputs whose digest differs from ``built``'s, as paths (a removed file by the path it had)."""
    files = input_files(project)
    now = input_digests(project, files)
    data = Path(project.data_dir)
    return sorted(str(files[name]) if name in files else str(data / name) if "/" in name else name
                  for name in set(now) | set(built) if now.get(name) != built.get(name))


def _why_stale(project: ProjectPaths, changed: list[str]) -> str:
    """Why the outputs are stale, for a person: the first changed input, or that nothing or only part of a
    build is in ``out/`` (a build stopped while it put its outputs in place leaves no manifest)."""
    if changed != [str(project.out_dir / MANIFEST_FILE)]:
        return changed[0] + (f" and {len(changed) - 1} more" if len(changed) > 1 else "") + " changed"
    if project.graph_path.is_file() or project.store_path.is_dir():
        return f"{project.out_dir} holds a build that did not finish"
    return f"{changed[0]} is not built yet"


def read_manifest(project: ProjectPaths) -> dict | None:
    try:
        return json.loads((project.out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def stale_store(path: Path, project: ProjectPaths) -> list[str]:
    """The inputs that changed since ``kg build --store oxigraph:PATH`` filled the store at ``path`` (empty if
    none did, or if kg did not fill it: a store loaded by other means is taken as it is)."""
    try:
        built = json.loads((path / STORE_MANIFEST).read_text(encoding="utf-8")).get("inputs", {})
    except (OSError, ValueError):
        return []
    try:
        return _differences(project, built)
    except KgError:
        return []


def load_project_store(path: Path, graph: Graph | list[bytes] | Path, project: ProjectPaths) -> None:
    """Replace the Oxigraph store at ``path`` with ``graph`` (or its N-Triples lines, or a file of them) and the ontology,
    recording in it the digests of the project's inputs, so that a read of it later can tell it is stale."""
    from kg.build.oxigraph import commit_store, stage_store
    from kg.facts.ontology import load_ontology

    data = (LinesReader(graph) if isinstance(graph, list) else graph if isinstance(graph, Path)
            else graph.serialize(format="nt", encoding="utf-8"))
    digests = input_digests(project)
    loading = stage_store(path, data, load_ontology(project.ontology_path).serialize(format="nt", encoding="utf-8"))
    (loading / STORE_MANIFEST).write_text(json.dumps({"kg": __version__, "inputs": digests}, indent=1, sort_keys=True) + "\n")
    commit_store(loading, path)


def ensure_current(project: ProjectPaths, notify: Notify | None = None, executor: str = "local",
                   validate: bool = True, wait: float = DEFAULT_WAIT) -> None:
    """Rebuild the project's outputs if an input changed since they were built (or none were), telling
    ``notify`` which input and that it rebuilds; ``validate=False`` for ``kg validate``, which reports the
    violations itself. Waits up to ``wait`` seconds for another build of the project (saying so through
    ``notify``). Raises KgError if the rebuild fails (nothing is written then)."""
    if not changed_inputs(project):
        return
    check_inputs(project)  # a missing ontology or data folder is the error, not a rebuild
    with _build_lock(project, wait, notify):
        changed = changed_inputs(project)  # another command may have rebuilt while this one waited
        if not changed:
            return
        if notify is not None:
            notify(f"{_why_stale(project, changed)}; rebuilding {project.out_dir} first")
        try:
            build_project(project, validate=validate, executor=executor, locked=True)
        except ValidationFailed as failed:
            raise KgError(f"{changed[0]} changed and the graph built from it breaks {len(failed.report.violations)} "
                          "SHACL rule(s); 'kg validate' lists them, 'kg build' rebuilds once they are mended") from None


def build_project(project: ProjectPaths, validate: bool = True, reason: str | None = None, executor: str = "local",
                  locked: bool = False, wait: float = DEFAULT_WAIT, notify: Notify | None = None,
                  bounds: Bounds = Bounds()) -> ProjectBuild:
    """Build the project's corpus and write its outputs in ``project.out_dir`` together.

    Raises ValidationFailed (with the report) if the graph breaks the shapes,
    and a KgError naming the file and line of any other problem; in both
    cases nothing in ``out/`` changes. Another build of the same ``out/``
    running, it waits up to ``wait`` seconds, saying so through ``notify``.
    ``bounds``: how large a facts file may be (kg.facts.bounds).

    Example: ``build_project(ProjectPaths())`` writes out/graph.ttl, out/oxigraph/ and out/build.json.
    """
    check_inputs(project)
    check_output_folder(project.out_dir)
    if not locked:
        fresh = not project.out_dir.exists()
        try:
            with _build_lock(project, wait, notify):
                return build_project(project, validate, reason, executor, locked=True, bounds=bounds)
        except BaseException:
            if fresh:  # a first build that fails leaves no out/ (not even its cache) behind
                shutil.rmtree(project.out_dir, ignore_errors=True)
            raise
    with cycle_collector_paused():
        return _build_project(project, validate, reason, executor, bounds)


def _build_project(project: ProjectPaths, validate: bool, reason: str | None, executor: str,
                   bounds: Bounds = Bounds()) -> ProjectBuild:
    from kg.build.merge import write_state
    from kg.build.pipeline import build_corpus
    from kg.build.validate import shapes_path
    from kg.facts.ontology import load_ontology
    from kg.progress import stage

    digests = input_digests(project)
    ontology = load_ontology(project.ontology_path).serialize(format="nt", encoding="utf-8")
    # From the moment the triples are merged, graph.ttl is written by a forked process and the store loaded by
    # Oxigraph in a thread (in Rust, without the GIL), beside the shared nodes' validation. What fails after
    # they started discards what they staged.
    with ThreadPoolExecutor(1) as thread:
        loading: list[Future] = []
        turtle: list[_StagedTurtle] = []

        def load_store(merged: Merged) -> None:
            last = merged.previous.turtle if merged.previous is not None and merged.removed is not None else None
            # forked before the thread starts; patching the last graph.ttl where its index is kept
            turtle.append(_StagedTurtle(merged.path, project.graph_path, ontology,
                                        (project.graph_path, last, merged.removed, merged.added) if last else None))
            loading.append(thread.submit(_stage_store, project.store_path, merged, ontology))

        try:
            corpus = build_corpus(project.data_dir, project.ontology_path, shapes_path(project) if validate else None,
                                  cache_dir=project.out_dir / CACHE_FOLDER, executor=executor, on_merged=load_store,
                                  bounds=bounds)
            if corpus.report is not None and not corpus.report.conforms:
                raise ValidationFailed(corpus.report)
            inferred = None
            if reason:
                from kg.build.reason import infer

                inferred = infer(corpus.graph(), project, reason)
            mark = time.perf_counter()
            with stage("writing graph.ttl and the store"):
                removed = _write_outputs(project, turtle[0], inferred, digests, corpus.report, loading[0])
                corpus.merged.state.turtle = turtle[0].stamped_index()
                summary = merged_summary(corpus.merged)
                # What the store now holds, for the next build to merge from. (Should it fail, the next build
                # finds the store's id unknown and loads the store whole.)
                write_state(project.out_dir / CACHE_FOLDER, corpus.merged)
            corpus.timings["write"] = time.perf_counter() - mark
        except BaseException:
            if turtle:
                turtle[0].discard()
            if loading and loading[0].exception() is None:  # waits for the load, whose staged folder goes too
                shutil.rmtree(loading[0].result()[0], ignore_errors=True)
            raise
    return ProjectBuild(project.graph_path, summary, corpus.documents, corpus.reused,
                        len(inferred) if inferred is not None else None, removed, corpus.merged.path, corpus.timings,
                        loading[0].result()[1])


STORE_ID_FILE = "kg-merged-id"  # in out/oxigraph: which merged lines (kg.build.merge.MergeState.store) it holds


def _stage_store(path: Path, merged: Merged, ontology: bytes) -> tuple[Path, tuple[int, int] | None]:
    """The store for ``merged`` staged beside ``path``: the current store changed by the lines removed and
    added, if it holds the lines they were merged from; else loaded whole. It records the id of its lines.
    Returns its folder and (removed, added) if it was changed, None if loaded whole."""
    import uuid

    from kg.build.oxigraph import stage_store, stage_store_change

    try:
        current = (path / STORE_ID_FILE).read_text(encoding="ascii").strip()
    except OSError:
        current = None
    if merged.removed is not None and merged.previous_store and current == merged.previous_store:
        loading = stage_store_change(path, b"\n".join(merged.removed) + b"\n", b"\n".join(merged.added) + b"\n")
        change = (len(merged.removed), len(merged.added))
    else:
        loading, change = stage_store(path, merged.path, ontology), None
    fault_point("store")
    merged.state.store = uuid.uuid4().hex
    (loading / STORE_ID_FILE).write_text(merged.state.store + "\n", encoding="ascii")
    return loading, change


def _write_outputs(project: ProjectPaths, turtle: "_StagedTurtle", inferred: Graph | None, digests: dict,
                   report, store: Future) -> bool:
    """Stage every output beside its place, then put them in place one after the other, the manifest last
    (``turtle`` and ``store``: graph.ttl and the store being staged; ``report``: the validation's, None if
    the build did not validate); a failure while staging changes nothing (the caller discards the store);
    returns True if a stale inferred.ttl was removed."""
    from kg.build.oxigraph import commit_store
    from kg.build.turtle import to_turtle

    out = project.out_dir
    staged: list[tuple[Path, Path]] = []
    try:
        staged.append((turtle.result(), project.graph_path))
        if inferred is not None:
            staged.append((_stage(project.inferred_path, to_turtle(inferred)), project.inferred_path))
        if report is not None:
            staged.append((_stage(out / REPORT_FILE, _report_json(report)), out / REPORT_FILE))
        manifest = {"kg": __version__, "validated": report is not None, "inputs": digests}
        staged.append((_stage(out / MANIFEST_FILE, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()),
                       out / MANIFEST_FILE))
        loading = store.result()[0]
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    (out / MANIFEST_FILE).unlink(missing_ok=True)  # until all is in place, the outputs count as stale
    if report is None:
        (out / REPORT_FILE).unlink(missing_ok=True)  # a report of other inputs would answer for this graph
    for temporary, path in staged[:-1]:
        os.replace(temporary, path)
        fault_point("commit")
    commit_store(loading, project.store_path)
    removed = inferred is None and project.inferred_path.is_file()
    if removed:
        project.inferred_path.unlink()
    os.replace(*staged[-1])
    return removed


def _report_json(report) -> bytes:
    """The report as ``kg validate`` gives it (without the facts files' lines, which it does not know)."""
    from dataclasses import asdict

    violations = [{**asdict(v), "where": None} for v in report.violations]
    return (json.dumps({"conforms": report.conforms, "violations": violations}, indent=1, sort_keys=True,
                       ensure_ascii=False) + "\n").encode("utf-8")


def kept_report(project: ProjectPaths, current: bool = False):
    """The report of the build in ``out/`` if it validated the graph it holds with the project's shapes and
    every input is as it was built (the shapes among them); else None. ``current``: the caller has just made
    the outputs current (``ensure_current``), so the inputs are not hashed again.

    >>> kept_report(ProjectPaths(out_dir=Path("/nonexistent"))) is None
    True
    """
    from kg.build.report import ValidationReport, Violation

    manifest = read_manifest(project)
    if not manifest or not manifest.get("validated") or not current and changed_inputs(project):
        return None
    try:
        kept = json.loads((project.out_dir / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return ValidationReport(kept["conforms"], [Violation(**v) for v in kept["violations"]])


class _StagedTurtle:
    """graph.ttl written beside its place (``_stage``) by a forked process. Turtle is Python's work (1.5 s at
    400 documents): in this process it would wait for the shared nodes' validation and leave a core idle."""

    def __init__(self, lines: Path, path: Path, ontology: bytes = b"", previous: tuple | None = None):
        import multiprocessing

        self.path, self._process, self._error, self.index = path, None, None, None
        if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
            self._error, self.index = _write_turtle(lines, path, ontology=ontology, previous=previous)
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        # Forked, the process has what it needs: nothing is pickled but its answer (an error line, an index).
        self._process = context.Process(target=_write_turtle, args=(lines, path, writer, os.getpid(), ontology,
                                                                    previous), daemon=True)
        self._process.start()
        writer.close()

    def result(self) -> Path:
        """The staged file; raises OutputError if it could not be written."""
        if self._process is not None:
            try:
                self._error, self.index = self._reader.recv()
            except EOFError:
                self._error = f"{self.path}: the process writing it stopped (exit status {self._process.exitcode})"
            self._process.join()
            self._process = None
        if self._error is not None:
            raise OutputError(self._error)
        return self.path.with_name(f".{self.path.name}.staged")

    def stamped_index(self):
        """The index of graph.ttl (kg.build.graphfile), once in place, with its size and time; or None."""
        if self.index is not None:
            stat = self.path.stat()
            self.index.size, self.index.mtime = stat.st_size, stat.st_mtime_ns
        return self.index

    def discard(self) -> None:
        """Wait for the process and remove what it staged."""
        try:
            self.result().unlink(missing_ok=True)
        except OutputError:
            pass


def _write_turtle(lines: Path, path: Path, answer=None, parent: int | None = None, ontology: bytes = b"",
                  previous: tuple | None = None) -> tuple[str | None, object]:
    """Stage ``path`` with the Turtle of the lines in the file ``lines`` (written as it is made; patched from
    ``previous``, kg.build.graphfile.write_graph) and the names the ``ontology`` (N-Triples) gives the terms
    they use as values, so that graph.ttl stands alone in another tool; the error, if any, as one line, and
    the file's index (sent to ``answer`` too). ``parent``: the build's pid, when this is the process forked
    to write it (which dies with the build)."""
    from kg.build.graphfile import write_graph
    from kg.facts.namespaces import bind_prefixes

    if parent is not None:
        die_with_parent(parent)
    fault_point("turtle")

    prefixes = {p: str(ns) for p, ns in bind_prefixes(Graph()).namespace_manager.namespaces() if p}
    index = None
    try:
        with _staging(path) as out:
            index = write_graph(lines, out, prefixes, ontology, previous)
        error = None
    except (KgError, SyntaxError, OSError) as exc:
        error = str(exc) if isinstance(exc, KgError) else f"{path}: cannot write: {exc}"
    if answer is not None:
        answer.send((error, index))
        answer.close()
    return error, index


def _stage(path: Path, data: bytes) -> Path:
    """``data`` written next to ``path`` under a temporary name, readable as ``write_atomic`` leaves files."""
    with _staging(path) as out:
        out.write(data)
    return path.with_name(f".{path.name}.staged")


@contextmanager
def _staging(path: Path) -> Iterator[BinaryIO]:
    """A file next to ``path`` under a temporary name to write (as it is made), readable as ``write_atomic``
    leaves files; removed if the writing fails. Raises OutputError if it cannot be written."""
    temporary = path.with_name(f".{path.name}.staged")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as out:
            yield out
        os.chmod(temporary, 0o644)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def _build_lock(project: ProjectPaths, wait: float = DEFAULT_WAIT, notify: Notify | None = None) -> Iterator[None]:
    """One build of a project's out/ at a time: others wait for it, up to ``wait`` seconds, saying so at once.

    A POSIX record lock (``lockf``), not ``flock``: the kernel drops it when
    its holder ends, however it ends, and a forked worker does not inherit it
    (a killed build's workers held an flock, and with it every later build).
    Record locks belong to a process, so threads of one process also take a
    lock of their own. The holder writes its pid in the file, for the message.
    """
    path = project.out_dir / LOCK_FILE
    try:
        project.out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"{project.out_dir}: cannot write: {exc.strerror}") from None
    try:
        if not _THREADS.acquire(timeout=wait):
            raise KgError(f"{path}: another build in this process still runs after {wait:g} s")
        try:
            _lock(fd, path, wait, notify)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            yield
        finally:
            _THREADS.release()
    finally:
        os.close(fd)  # which releases the record lock


def _lock(fd: int, path: Path, wait: float, notify: Notify | None) -> None:
    """Take the record lock on ``fd``, waiting up to ``wait`` seconds for the build that holds it."""
    deadline, holder = None, "another process"
    while True:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise OutputError(f"{path}: cannot lock: {exc.strerror}") from None
        if deadline is None:
            deadline = time.monotonic() + wait
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            holder = f"process {pid}" if pid.isdigit() else holder
            if notify is not None:
                notify(f"waiting for the build of {holder} to finish (it holds {path}; up to {wait:g} s, --wait)")
        left = deadline - time.monotonic()
        if left <= 0:
            raise KgError(f"{path}: the build of {holder} still runs after {wait:g} s; "
                          "try again when it has finished, or wait longer with --wait SECONDS")
        time.sleep(min(0.1, left))
