"""How kg's long work uses its process: Python's cycle collector, paused while a corpus is read and built
and while a view of the graph is drawn.

A corpus build makes millions of small objects (parsed facts files, unpickled
results, N-Triples lines); so does a view (nodes, edges, facts). Each of their allocations can set the cycle
collector off, and each of its full passes walks every object the program
holds: at 400 documents, unpickling the parsed files took 2.7 s with it and
0.3 s without. What the build makes holds no cycles worth collecting before
it ends; any that exist wait for the collector's next run.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, and back as it was after.

    >>> with cycle_collector_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to kill this process (SIGKILL) when the process that started it ends, however it ends (even
    SIGKILL, which runs no clean-up): a build's workers and a server's workers must not outlive it, sleeping
    and holding what it held. ``parent``: the pid that started this process, if known (else a parent that is
    already gone is recognised by this process having been handed to init). Elsewhere than Linux, nothing.

    Call it first thing in a worker (a pool's ``initializer``).
    """
    import ctypes
    import os
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's own shutdown stops its workers
        return
    # The parent may have ended before the request took effect: then no signal will ever come.
    if (parent is not None and os.getppid() != parent) or os.getppid() == 1:
        os._exit(1)


def start_worker(parent: int) -> None:
    """The initializer of kg's forked worker pools: dies with ``parent`` (``die_with_parent``), and collects its
    own cycles even if the build paused the collector in the parent (``cycle_collector_paused``)."""
    die_with_parent(parent)
    gc.enable()


FAULT_VARIABLE = "KG_FAULT_STAGE"


def fault_point(name: str) -> None:
    """Stop here for good if $KG_FAULT_STAGE is ``name``, after saying so on stderr: how the tests kill a build
    at a chosen stage (reading, documents, merge, store, turtle, commit) and no sooner. Without the variable,
    nothing (one lookup).

    >>> fault_point("merge")  # $KG_FAULT_STAGE is not set in the doctests
    """
    import os

    if os.environ.get(FAULT_VARIABLE) != name:
        return
    import time

    os.write(2, f"kg: {FAULT_VARIABLE}={name}: process {os.getpid()} stops here\n".encode())
    while True:
        time.sleep(3600)


def call_with_time_limit(function, args: tuple, seconds: float):
    """``function(*args)`` in a forked process that dies with this one, stopped (SIGKILL) after ``seconds``:
    for work whose time grows with what a user gives it (extraction of a long text) and that Python cannot
    interrupt from outside. Returns its result, raises what it raised (both pickled back), TimeoutError past
    the limit. Where fork is missing, runs here without a limit.

    >>> call_with_time_limit(divmod, (7, 2), 30)
    (3, 1)
    """
    import multiprocessing
    import os

    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
        return function(*args)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_limited, args=(function, args, writer, os.getpid()), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(seconds):
            raise TimeoutError(f"stopped after {seconds:g} s")
        try:
            ok, value = reader.recv()
        except EOFError:
            raise RuntimeError(f"the process doing the work stopped (exit status {child.join(5) or child.exitcode})")
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        reader.close()
    if ok:
        return value
    raise value


def _limited(function, args: tuple, answer, parent: int) -> None:
    die_with_parent(parent)
    try:
        answer.send((True, function(*args)))
    except BaseException as exc:  # noqa: BLE001 (sent to the caller, which raises it)
        answer.send((False, exc))
    finally:
        answer.close()
