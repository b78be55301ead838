"""Sorted N-Triples lines in files: a document's part, and the graph merged from every part.

A build at 4,000 documents holds millions of lines; kept in lists in one
process they were most of its memory (14 GB). Here each part's lines are a
file, sorted by ``kg.build.ntriples.line_order``, one line each; the graph is
their k-way merge (``merge_files``), read and written a line at a time, so
what the build holds is one line per part, not the corpus. A line holds no
newline (N-Triples escapes it), so a file is its lines each followed by one.
"""

from __future__ import annotations

import heapq
import itertools
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from kg.build.ntriples import line_order

# More part files than this are merged in rounds (through files of their own): each open file is a
# descriptor and a read buffer, and the system allows a process some thousands of descriptors.
OPEN_FILES = 500
SUFFIX = ".nt"


def write_lines(path: Path, lines: Iterable[bytes]) -> int:
    """Write ``lines`` to ``path`` (staged beside it and renamed: a reader never sees half a file); returns
    how many. The caller gives them in ``line_order``."""
    count = 0
    temporary = path.with_name(f".{path.name}.{os.getpid()}.writing")
    try:
        with open(temporary, "wb") as out:
            for line in lines:
                out.write(line + b"\n")
                count += 1
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count


def line_blocks(path: Path, size: int = 1 << 23) -> Iterator[bytes]:
    """The file at ``path`` in blocks of whole lines: ``size`` bytes at a time and on to the end of the line
    that piece ends in, each block ending in a newline (the last too), for a search or a parse of each
    without a pass over every line in Python.

    >>> import tempfile; folder = Path(tempfile.mkdtemp()); _ = (folder / "a.nt").write_bytes(b"<a> .\\n<bc> .")
    >>> list(line_blocks(folder / "a.nt", 3))
    [b'<a> .\\n', b'<bc> .\\n']
    """
    with open(path, "rb") as file:
        while block := file.read(size) + file.readline():
            yield block if block.endswith(b"\n") else block + b"\n"


def read_lines(path: Path) -> Iterator[bytes]:
    """The lines of a file ``write_lines`` wrote, without their newlines, a buffer at a time.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> write_lines(folder / "a.nt", [b"<a> <p> <o> .", b"<b> <p> <o> ."])
    2
    >>> list(read_lines(folder / "a.nt"))
    [b'<a> <p> <o> .', b'<b> <p> <o> .']
    """
    with open(path, "rb") as lines:
        for line in lines:
            yield line[:-1]


def merge_files(paths: list[Path], spool: Path | None = None) -> Iterator[tuple[bytes, int]]:
    """The lines of the sorted files ``paths``, in ``line_order``, each once with how many files hold it.
    Above ``OPEN_FILES`` files, they are first merged in groups into files in ``spool`` (a folder; by
    default the system's temporary one), keeping every copy, so that the counts stay right.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = write_lines(folder / "a.nt", [b"<a> <p> <o> .", b"<b> <p> <o> ."])
    >>> _ = write_lines(folder / "b.nt", [b"<b> <p> <o> ."])
    >>> list(merge_files([folder / "a.nt", folder / "b.nt"]))
    [(b'<a> <p> <o> .', 1), (b'<b> <p> <o> .', 2)]
    """
    with tempfile.TemporaryDirectory(dir=spool, prefix=".kg-merge-") as rounds:
        paths, number = list(paths), 0
        while len(paths) > OPEN_FILES:
            grouped = []
            for start in range(0, len(paths), OPEN_FILES):
                number += 1
                grouped.append(Path(rounds) / f"{number}{SUFFIX}")
                write_lines(grouped[-1], heapq.merge(*[read_lines(p) for p in paths[start:start + OPEN_FILES]],
                                                     key=line_order))
            paths = grouped
        # line_order is one-to-one: equal keys are equal lines, which the merge puts side by side.
        for line, copies in itertools.groupby(heapq.merge(*[read_lines(p) for p in paths], key=line_order)):
            yield line, sum(1 for _ in copies)


def first_at_or_after(lines: BinaryIO, size: int, key: bytes, low: int = 0, window: int = 1 << 16) -> int:
    """The offset in the sorted file ``lines`` (of ``size`` bytes) of its first line whose ``line_order``
    is not below ``key`` (``size`` if none), searching from ``low`` (the start of a line before which every
    line sorts below ``key``): a binary search by seeks, then a read of the last small window, so that one
    line is found in a file of a gigabyte without reading it.

    >>> import io
    >>> data = b"<a> <p> <o> .\\n<c> <p> <o> .\\n"
    >>> first_at_or_after(io.BytesIO(data), len(data), line_order(b"<b> <p> <o> ."), window=1)
    14
    """
    high = size  # every line before low sorts below key; every line from high does not
    while high - low > window:
        middle = (low + high) // 2
        lines.seek(middle - 1)
        lines.readline()  # to the start of the next line
        start = lines.tell()
        if start >= high:
            break
        line = lines.readline()
        if line_order(line[:-1]) < key:
            low = start + len(line)
        else:
            high = start
    lines.seek(low)
    position = low
    while position < high:
        line = lines.readline()
        if line_order(line[:-1]) >= key:
            return position
        position += len(line)
    return high


def subject_order(subject: bytes) -> bytes:
    """What the ``line_order`` of every line of ``subject`` starts with (subjects sort by it)."""
    return (subject[1:-1] if subject[:1] == b"<" else subject) + b"\0"


def holds_subject(lines: BinaryIO, size: int, subject: bytes) -> bool:
    """Whether the sorted lines file ``lines`` (of ``size`` bytes) holds a line of ``subject``."""
    lines.seek(first_at_or_after(lines, size, subject_order(subject)))
    return lines.readline().startswith(subject + b" ")


def subject_lines(lines: BinaryIO, size: int, subject: bytes) -> list[bytes]:
    """The lines of ``subject`` in the sorted lines file ``lines`` (of ``size`` bytes): one run, found by
    ``first_at_or_after`` without reading the file.

    >>> import io
    >>> data = b"<a> <p> <o> .\\n<b> <p> <o> .\\n<b> <q> <o> .\\n<c> <p> <o> .\\n"
    >>> subject_lines(io.BytesIO(data), len(data), b"<b>")
    [b'<b> <p> <o> .', b'<b> <q> <o> .']
    """
    lines.seek(first_at_or_after(lines, size, subject_order(subject)))
    found, start = [], subject + b" "
    while (line := lines.readline()).startswith(start):
        found.append(line[:-1])
    return found


# What makes a term readable where it is used as a value: its names and its code (a unit's "GW", a scheme's).
_NAMING = (b"<http://www.w3.org/2000/01/rdf-schema#label>", b"<http://www.w3.org/2004/02/skos/core#prefLabel>",
           b"<http://www.w3.org/2004/02/skos/core#altLabel>", b"<http://www.w3.org/2004/02/skos/core#notation>")
# The object of a line when it is an IRI: the term before the final " ." (an IRI holds no space or ">").
_IRI_OBJECT = re.compile(rb" (<[^ >]*>) \.$", re.MULTILINE)


def with_vocabulary(path: Path, ontology: bytes, uses: dict[bytes, int] | None = None) -> Iterator[bytes]:
    """The lines of the sorted file ``path`` with the labels and notations the ontology (N-Triples) gives
    the terms they use as values (units, qualifiers, classes, schemes), in their places, so that the graph
    read alone, without the ontology, names what it points to. The file is read twice: once for the terms
    used (``uses``, if not given: ``vocabulary_uses``), once for the lines, where the few added are put at
    offsets found by ``first_at_or_after``.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = write_lines(folder / "a.nt", [b"<x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <C> .", b"<x> <u> <U> ."])
    >>> onto = b'<U> <http://www.w3.org/2000/01/rdf-schema#label> "GW" .\\n<V> <http://www.w3.org/2000/01/rdf-schema#label> "MW" .\\n'
    >>> [line.decode() for line in with_vocabulary(folder / "a.nt", onto)][0]
    '<U> <http://www.w3.org/2000/01/rdf-schema#label> "GW" .'
    >>> len(list(with_vocabulary(folder / "a.nt", onto)))  # MW's unit is not used: not copied
    3
    """
    naming = vocabulary(ontology)
    extra = vocabulary_lines(naming, vocabulary_uses(path, naming) if uses is None else uses)
    with open(path, "rb") as lines:
        size = lines.seek(0, os.SEEK_END)
        places = [first_at_or_after(lines, size, line_order(line)) for line in extra]
    position, at = 0, 0
    for line in read_lines(path):
        while at < len(extra) and places[at] == position:
            if extra[at] != line:  # unless the data states it already
                yield extra[at]
            at += 1
        position += len(line) + 1
        yield line
    yield from extra[at:]


def vocabulary(ontology: bytes) -> dict[bytes, list[bytes]]:
    """The ontology's (N-Triples) names and codes of its terms: term -> its lines that name it."""
    naming: dict[bytes, list[bytes]] = {}
    for line in ontology.splitlines():
        subject, predicate, _ = line.split(b" ", 2)
        if predicate in _NAMING and subject.startswith(b"<"):
            naming.setdefault(subject, []).append(line.rstrip())
    return naming


def vocabulary_uses(path: Path, naming: dict[bytes, list[bytes]]) -> dict[bytes, int]:
    """How many lines of the file ``path`` use each term ``naming`` names as their value (a term none uses
    left out), read 8 MB of whole lines at a time."""
    uses: dict[bytes, int] = {}
    for chunk in line_blocks(path):
        for term in _IRI_OBJECT.findall(chunk):
            if term in naming:
                uses[term] = uses.get(term, 0) + 1
    return uses


def vocabulary_lines(naming: dict[bytes, list[bytes]], uses: dict[bytes, int]) -> list[bytes]:
    """The lines naming the terms used (``uses``), in ``line_order``."""
    return sorted({line for term in uses if uses[term] > 0 and term in naming for line in naming[term]},
                  key=line_order)


def copy_range(source: BinaryIO, out: BinaryIO, start: int, end: int) -> None:
    """Bytes ``start`` to ``end`` of ``source`` to ``out``, a megabyte at a time."""
    source.seek(start)
    while start < end:
        chunk = source.read(min(1 << 20, end - start))
        if not chunk:
            raise OSError(f"{source.name}: shorter than its state says")
        out.write(chunk)
        start += len(chunk)
