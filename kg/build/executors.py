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

import itertools
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TypeVar
from urllib.parse import urlsplit

from kg.errors import KgError, one_line, without_user_info
from kg.extras import require

Task = TypeVar("Task")
Result = TypeVar("Result")
EXECUTORS = ("local", "serial", "dask://HOST:PORT")
DASK_TIMEOUT_ENV = "KG_DASK_TIMEOUT"
DEFAULT_DASK_TIMEOUT = 60.0  # seconds without a worker before a build on Dask stops
CONNECT_SECONDS = 10  # to reach the scheduler (and to close the connection)


def check_executor(executor: str) -> str:
    """Refuse an executor kg does not know, or a Dask address that is not HOST:PORT, before any work; returns it.

    >>> check_executor("dask://127.0.0.1:8786")
    'dask://127.0.0.1:8786'
    """
    if executor in ("local", "serial"):
        return executor
    if executor.startswith("dask://"):
        try:
            parts = urlsplit("tcp://" + executor[len("dask://"):])
            port = parts.port
        except ValueError:
            port = None
        if not parts.hostname or port is None or port == 0 or "@" in parts.netloc \
                or any((parts.path, parts.query, parts.fragment)):
            raise KgError(f"--executor {without_user_info(executor)!r}: not a Dask scheduler's address; "
                          "expected dask://HOST:PORT (e.g. dask://127.0.0.1:8786)")
        require("dask")
        return executor
    raise KgError(f"--executor {without_user_info(executor)!r}: unknown executor; use local, serial or dask://HOST:PORT")


def run_tasks(function: Callable[[Task], Result], tasks: Iterable[Task], executor: str = "local") -> Iterator[Result]:
    """``function(t) for t in tasks``, run by ``executor`` (checked now, before any task runs). ``tasks`` may be
    a generator: on this machine's cores it is read a few tasks ahead of the results, so that a build can
    make each document's task (its parsed file) only when it is about to run.

    >>> list(run_tasks(abs, [-2, 3], "serial"))
    [2, 3]
    """
    check_executor(executor)
    return _run(function, tasks, executor)


def _run(function, tasks, executor: str) -> Iterator:
    tasks = iter(tasks)
    ahead = list(itertools.islice(tasks, 2))  # none, one (run here), or more
    if not ahead:
        return
    tasks = itertools.chain(ahead, tasks)
    if executor.startswith("dask://"):
        yield from _on_dask(function, list(tasks), executor[len("dask://"):])  # a cluster's tasks carry their inputs
        return
    workers = os.cpu_count() or 1
    if executor == "serial" or workers < 2 or len(ahead) < 2 or multiprocessing.current_process().daemon \
            or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(task) for task in tasks)
        return
    yield from _on_cores(function, tasks, workers)


CHUNK = 4  # tasks sent to a worker at once: fewer round trips than one by one, and still even shares at the end


def _on_cores(function, tasks: Iterator, workers: int) -> Iterator:
    """The results of ``tasks`` run by a pool of forked processes, in order, with at most a few chunks of
    tasks sent ahead of the results taken."""
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from kg.runtime import start_worker

    # The forked workers inherit this process's objects (every facts file read). Frozen, the cycle collector
    # leaves them alone: otherwise each of its passes in a worker walks them all and copies their pages.
    gc.freeze()
    try:
        # A worker dies with this process, however it ends (kg.runtime.start_worker).
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=start_worker, initargs=(os.getpid(),)) as pool:
            pending: deque = deque()
            try:
                while chunk := list(itertools.islice(tasks, CHUNK)):
                    pending.append(pool.submit(_apply, function, chunk))
                    if len(pending) > 2 * workers:
                        yield from pending.popleft().result()
                while pending:
                    yield from pending.popleft().result()
            finally:
                for future in pending:  # a failure, or a caller that stopped reading: what has not started never will
                    future.cancel()
    finally:
        gc.unfreeze()


def _apply(function, chunk: list) -> list:
    return [function(task) for task in chunk]


def dask_timeout(environ=os.environ) -> float:
    """How long a build on Dask goes on without a single worker before it stops: $KG_DASK_TIMEOUT seconds
    (default 60).

    >>> dask_timeout({"KG_DASK_TIMEOUT": "5"}), dask_timeout({})
    (5.0, 60.0)
    """
    text = environ.get(DASK_TIMEOUT_ENV, "").strip()
    try:
        seconds = float(text) if text else DEFAULT_DASK_TIMEOUT
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise KgError(f"${DASK_TIMEOUT_ENV} {text!r}: expected a number of seconds above 0")
    return seconds


def _on_dask(function, tasks, address: str) -> Iterator:
    require("dask")
    from distributed import Client

    where, patience = f"the Dask scheduler at {address}", dask_timeout()
    with _distributed_quiet():
        try:
            client = Client(f"tcp://{address}", timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise KgError(f"--executor dask://{address}: cannot reach the Dask scheduler: {one_line(exc)}") from None
        try:
            try:
                client.wait_for_workers(1, timeout=patience)
            except TimeoutError:
                raise KgError(f"{where} has no workers after {patience:g} s (${DASK_TIMEOUT_ENV}); "
                              "start some with: dask worker tcp://" + address) from None
            futures = client.map(function, tasks, pure=False)
            for future in futures:  # in task order: the first failing task's error is raised
                yield _result(client, future, where, patience)
        finally:
            client.close(timeout=CONNECT_SECONDS)


def _result(client, future, where: str, patience: float):
    """A task's result, waiting while the cluster has workers: none for ``patience`` seconds, or the task lost
    with its workers more often than the scheduler allows (``distributed.scheduler.allowed-failures``), or
    the scheduler gone, is a KgError."""
    from distributed import KilledWorker

    alone_since = None
    while True:
        try:
            return future.result(timeout=1)
        except TimeoutError:
            pass
        except KilledWorker:
            raise KgError(f"{where}: a document's task was lost with every worker that ran it, more times than the "
                          "scheduler allows (distributed.scheduler.allowed-failures); are the workers short of "
                          "memory?") from None
        except (OSError, CancelledError) as exc:
            raise KgError(f"{where}: lost the scheduler ({one_line(exc) or type(exc).__name__})") from None
        try:
            workers = len(client.nthreads())
        except (OSError, TimeoutError) as exc:
            raise KgError(f"{where}: lost the scheduler ({one_line(exc) or type(exc).__name__})") from None
        now = time.monotonic()
        alone_since = None if workers else (alone_since or now)
        if alone_since is not None and now - alone_since >= patience:
            raise KgError(f"{where} has had no workers for {patience:g} s (${DASK_TIMEOUT_ENV}); "
                          "the build stops (nothing written)")


@contextmanager
def _distributed_quiet() -> Iterator[None]:
    """Keep distributed's own log lines and warnings ("Sending large graph ...": kg's tasks carry their inputs
    by design) off the user's stderr, unless the ``kg`` logger is set to DEBUG (``kg build --verbose``)."""
    import logging
    import warnings

    if logging.getLogger("kg").isEnabledFor(logging.DEBUG):
        yield
        return
    # distributed's configuration gives some of its loggers levels of their own ("distributed.client": warning),
    # which a level on "distributed" alone would not override: every one of them is quieted.
    names = [name for name in logging.root.manager.loggerDict if name.split(".")[0] in ("distributed", "tornado")]
    loggers = [logging.getLogger(name) for name in sorted({"distributed", "tornado", *names})]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"distributed(\.|$)")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
