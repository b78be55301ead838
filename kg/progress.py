"""Progress of long work: the library names its stages, whoever called it decides what to show.

The library never prints. A long step is wrapped in ``stage("reasoning (owlrl)")``;
when nobody listens (tests, the server, a program using kg) that costs one
lookup. The CLI listens with ``reporting(callback)``: the callback hears each
stage start (``seconds`` None) and end (``seconds`` elapsed), and the CLI
prints them on stderr when stderr is a terminal.

>>> heard = []
>>> with reporting(lambda name, seconds: heard.append((name, seconds is None))):
...     with stage("reasoning (rdfs)"):
...         pass
>>> heard
[('reasoning (rdfs)', True), ('reasoning (rdfs)', False)]
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

# A listener hears (stage name, None) when a stage starts and (stage name, seconds) when it ends.
Listener = Callable[[str, "float | None"], None]

_listener: ContextVar[Listener | None] = ContextVar("kg_progress_listener", default=None)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Mark a stage of long work, so that a listener (the CLI) can show it and its time.

    >>> with stage("validating (SHACL)"):  # nobody listens: nothing happens
    ...     pass
    """
    listener = _listener.get()
    if listener is None:
        yield
        return
    start = time.perf_counter()
    listener(name, None)
    try:
        yield
    finally:  # an error ends the stage too, so a listener never leaves a stage open
        listener(name, time.perf_counter() - start)


@contextmanager
def reporting(listener: Listener | None) -> Iterator[None]:
    """Let ``listener`` hear every stage run inside this block (None: nobody hears them).

    >>> with reporting(None):
    ...     with stage("exporting"):
    ...         pass
    """
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
