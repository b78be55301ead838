"""Where a build's per-document tasks run: in this process, on every core, or on a Dask cluster.

``run_tasks(function, tasks, executor)`` yields the results in the order of
the tasks, whichever executor ran them, each as soon as it and those before
it are done (so the caller can store one while the others run); a task's error (a KgError naming its
file and line) is raised for the first failing task in that order, so the
same mistake gives the same message everywhere.

- ``serial``: one task after the other, in this process;
- ``local`` (the default): a pool of processes, one per core (forked, so
  they start at once and share what is already imported);
- ``dask://HOST:PORT``: the workers of a running Dask distributed
  scheduler (``pip install 'kgtrace[dask]'``); the tasks carry their inputs, so
  the workers need kg installed but not the project's files.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterator, Sequence, TypeVar

from kg.errors import KgError
from kg.extras import require

Task = TypeVar("Task")
Result = TypeVar("Result")
EXECUTORS = ("local", "serial", "dask://HOST:PORT")


def check_executor(executor: str) -> str:
    """Refuse an executor kg does not know, before any work; returns it.

    >>> check_executor("dask://127.0.0.1:8786")
    'dask://127.0.0.1:8786'
    """
    if executor in ("local", "serial"):
        return executor
    if executor.startswith("dask://") and executor[len("dask://"):]:
        require("dask")
        return executor
    raise KgError(f"--executor {executor!r}: unknown executor; use local, serial or dask://HOST:PORT")


def run_tasks(function: Callable[[Task], Result], tasks: Sequence[Task], executor: str = "local") -> Iterator[Result]:
    """``function(t) for t in tasks``, run by ``executor`` (checked now, before any task runs).

    >>> list(run_tasks(abs, [-2, 3], "serial"))
    [2, 3]
    """
    check_executor(executor)
    return _run(function, tasks, executor)


def _run(function, tasks, executor: str) -> Iterator:
    if not tasks:
        return
    if executor.startswith("dask://"):
        yield from _on_dask(function, tasks, executor[len("dask://"):])
        return
    workers = min(len(tasks), os.cpu_count() or 1)
    if executor == "serial" or workers < 2 or multiprocessing.current_process().daemon \
            or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(task) for task in tasks)
        return
    import gc
    from concurrent.futures import ProcessPoolExecutor

    # The forked workers inherit this process's objects (every facts file read). Frozen, the cycle collector
    # leaves them alone: otherwise each of its passes in a worker walks them all and copies their pages.
    gc.freeze()
    try:
        # A worker collects its own cycles, even if the build paused the collector here (kg.runtime).
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=gc.enable) as pool:
            # Chunks of a few tasks: fewer round trips than one by one, and still even shares at the end.
            yield from pool.map(function, tasks, chunksize=max(1, min(8, len(tasks) // (workers * 4))))
    finally:
        gc.unfreeze()


def _on_dask(function, tasks, address: str) -> Iterator:
    from distributed import Client

    try:
        client = Client(f"tcp://{address}", timeout=10, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise KgError(f"--executor dask://{address}: cannot reach the Dask scheduler: {exc}") from None
    try:
        futures = client.map(function, tasks, pure=False)
        for future in futures:  # in task order: the first failing task's error is raised
            yield future.result()
    finally:
        client.close()
