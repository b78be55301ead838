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
