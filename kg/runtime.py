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
def cycle_collector_paused(freeze: bool = False) -> Iterator[None]:
    """The cycle collector off inside the block, and back as it was after.

    ``freeze``: every object alive when the block ends is moved out of the collector's sight (``gc.freeze``),
    for a block that makes millions that are kept, with no cycles among them (a view's index of a corpus):
    once the collector is back, its next pass would walk them all, and the one after again (at 400 documents
    half a second each time). They are still freed as ever when nothing refers to them; what has a cycle is
    then never collected: only for a process that ends soon after (a command), or makes such a block seldom.

    >>> with cycle_collector_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
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


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError inside the block once it has run ``seconds``: for work whose time grows with what a
    user gives it (drafting a long text). A real-time timer (SIGALRM) interrupts the Python code wherever it
    is; the previous handler and timer come back after. Outside the main thread (where signals cannot be
    handled) or without SIGALRM, no limit.

    >>> with time_limit(30):
    ...     sum(range(10))
    45
    """
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame) -> None:
        raise TimeoutError(f"stopped after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    # Again every quarter second after the first: an exception raised inside a C extension's callback can be
    # swallowed there ("Exception ignored in ..."), and one alarm would then leave the work running unlimited.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
