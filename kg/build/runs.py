"""A subject's run of lines in a sorted lines file (``kg.build.lines``), found without a pass over every line
in Python: the file is read in blocks that end where a subject's run ends, and a run is found in a block by
a binary search of its lines.

The shared nodes' validation reads the runs of a few subjects in a file of millions of lines (5.3 million at
4,000 documents); reading every line to find them cost it most of its time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from kg.build.lines import subject_order


def subject_blocks(path: Path, size: int = 1 << 23) -> Iterator[tuple[int, bytes]]:
    """The sorted lines file ``path`` in blocks of whole runs: about ``size`` bytes, then on to the end of
    the run of the subject the piece ends in; each block with its offset in the file.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.nt").write_bytes(b"<a> <p> <o> .\\n<a> <q> <o> .\\n<b> <p> <o> .\\n")
    >>> [(offset, block.count(b"\\n")) for offset, block in subject_blocks(folder / "a.nt", 3)]
    [(0, 2), (28, 1)]
    """
    offset = 0
    with open(path, "rb") as file:
        while block := file.read(size) + file.readline():
            last = block[block.rfind(b"\n", 0, len(block) - 1) + 1:]
            same, more = last[:last.find(b" ") + 1], []
            while (line := file.readline()).startswith(same):
                more.append(line)
            file.seek(file.tell() - len(line))  # the next subject's first line, for the next block
            block = b"".join([block, *more])
            yield offset, block
            offset += len(block)


def last_subject(block: bytes) -> bytes:
    """The subject of the last line of ``block`` (whole lines, each ending in a newline)."""
    last = block[block.rfind(b"\n", 0, len(block) - 1) + 1:]
    return last[:last.find(b" ")]


def run_in(block: bytes, subject: bytes, low: int = 0) -> tuple[int, int]:
    """Where ``subject``'s lines are in ``block`` (whole sorted lines, each ending in a newline): the
    offsets (start, end) of its run, searching from ``low`` (the start of a line below which every subject
    sorts before it); start == end where it has none (start is then where its lines would be).

    >>> block = b"<a> <p> <o> .\\n<b> <p> <o> .\\n<b> <q> <o> .\\n<c> <p> <o> .\\n"
    >>> run_in(block, b"<b>"), run_in(block, b"<bb>"), run_in(block, b"<d>")
    ((14, 42), (42, 42), (56, 56))
    """
    key, high = subject_order(subject), len(block)
    while low < high:
        middle = (low + high) // 2
        start = max(block.rfind(b"\n", low, middle) + 1, low)
        end = block.index(b"\n", start)
        if subject_order(block[start:block.index(b" ", start, end)]) < key:
            low = end + 1
        else:
            high = start
    return _ends(block, subject + b" ", low, low)


def run_around(block: bytes, subject: bytes, line: int) -> tuple[int, int]:
    """The run (start, end) of ``subject``'s lines in ``block`` that holds the line starting at ``line``.

    >>> run_around(b"<a> <p> <o> .\\n<b> <p> <o> .\\n<b> <q> <o> .\\n<c> <p> <o> .\\n", b"<b>", 28)
    (14, 42)
    """
    mine, start = subject + b" ", line
    while start > 0 and block.startswith(mine, previous := block.rfind(b"\n", 0, start - 1) + 1):
        start = previous
    return _ends(block, mine, start, line)


def _ends(block: bytes, mine: bytes, start: int, end: int) -> tuple[int, int]:
    """(start, the end of the lines from ``end`` on that begin with ``mine``)."""
    while block.startswith(mine, end):
        end = block.index(b"\n", end) + 1
    return start, end
