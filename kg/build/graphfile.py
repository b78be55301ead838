"""graph.ttl in segments: written whole with an index of where each segment starts, and after an edit patched.

graph.ttl is sorted: its prefixes, then each subject's block of Turtle in
``line_order``, and a block depends on nothing but its subject's lines (and
the prefixes). So the file is the prefixes followed by the Turtle of each
run of subjects written alone: ``write_indexed`` writes it so, a segment of
about ``SEGMENT_LINES`` lines at a time, noting where each starts
(``TurtleIndex``, kept with the merged lines' state). After an edit,
``patch`` copies the segments whose subjects no changed line names, byte
for byte, and writes again only the others: a rebuild at 4,000 documents
rewrites a few segments of its 370 MB, not the whole. The bytes are those a
whole write gives (a test compares them).
"""

from __future__ import annotations

import bisect
import heapq
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from kg.build.entries import cache_entry
from kg.build.lines import (
    _IRI_OBJECT,
    copy_range,
    first_at_or_after,
    subject_order,
    vocabulary,
    vocabulary_lines,
    vocabulary_uses,
    with_vocabulary,
)
from kg.build.ntriples import line_order
from kg.build.turtle import write_turtle

SEGMENT_LINES = 20_000  # about how many lines a segment holds: what a patch writes again for one changed line


@cache_entry
@dataclass
class TurtleIndex:
    """Where graph.ttl's segments start: segment ``i`` holds the subjects from ``starts[i]`` (the first:
    from the start) to the next segment's, and its Turtle starts at byte ``offsets[i]`` (the first, after
    the prefixes); the ontology's terms the graph uses as values, with how many lines use each (their names
    are in the file); and the file's size and modification time as written (another file is not patched)."""

    starts: list[bytes]
    offsets: list[int]
    uses: dict[bytes, int]
    size: int = 0
    mtime: int = 0


def write_indexed(lines: Path, out: BinaryIO, prefixes: dict[str, str], ontology: bytes) -> TurtleIndex | None:
    """Write to ``out`` the Turtle of the sorted lines file ``lines`` with the names ``ontology`` gives the
    terms they use (``with_vocabulary``), a segment at a time; returns its index, or None where the file
    cannot be patched (no line, or blank nodes, which Oxigraph names anew at each parse): then written
    whole."""
    naming = vocabulary(ontology)
    uses = vocabulary_uses(lines, naming)
    stream = with_vocabulary(lines, ontology, uses)
    if _has_blank_nodes(lines) or os.path.getsize(lines) == 0:
        write_turtle(stream, out, prefixes)
        return None
    index = TurtleIndex([b""], [], uses)
    out.write(_header(prefixes))
    for first, segment in _segments(stream):
        if index.offsets:
            index.starts.append(first)
        index.offsets.append(out.tell())
        write_turtle(segment, _Body(out), prefixes)
    return index


def patch(previous: Path, index: TurtleIndex, lines: Path, removed: list[bytes], added: list[bytes],
          out: BinaryIO, prefixes: dict[str, str], ontology: bytes) -> TurtleIndex | None:
    """Write to ``out`` the graph.ttl of the sorted lines file ``lines`` from ``previous`` (the last build's,
    ``index`` its index), whose lines were those less ``removed``, plus ``added``: the segments no changed
    line (nor a term's name that comes or goes with them) falls in copied, the others written again from
    ``lines``. Returns the new index, or None (nothing written) if ``previous`` is not the file the index
    describes or the change holds blank nodes: then the caller writes the file whole."""
    try:
        stat = previous.stat()
    except OSError:
        return None
    if (stat.st_size, stat.st_mtime_ns) != (index.size, index.mtime) or \
            any(b"_:" in line for line in (*removed, *added)):
        return None
    naming = vocabulary(ontology)
    uses = dict(index.uses)
    for change, lines_changed in ((-1, removed), (1, added)):
        for term in _IRI_OBJECT.findall(b"\n".join(lines_changed) + b"\n"):
            if term in naming:
                uses[term] = uses.get(term, 0) + change
    uses = {term: count for term, count in uses.items() if count > 0}
    subjects = {line[:line.index(b" ")] for line in (*removed, *added)} | (uses.keys() ^ index.uses.keys())
    keys = [b""] + [subject_order(start) for start in index.starts[1:]]
    touched = {bisect.bisect_right(keys, subject_order(subject)) - 1 for subject in subjects}
    extra = vocabulary_lines(naming, uses)
    patched = TurtleIndex(index.starts, [], uses)
    with open(previous, "rb") as old, open(lines, "rb") as new:
        size = new.seek(0, os.SEEK_END)
        copy_range(old, out, 0, index.offsets[0])  # the prefixes
        for i, start in enumerate(index.offsets):
            patched.offsets.append(out.tell())
            if i not in touched:
                copy_range(old, out, start, index.offsets[i + 1] if i + 1 < len(index.offsets) else index.size)
                continue
            low, high = keys[i], keys[i + 1] if i + 1 < len(keys) else None
            begin = first_at_or_after(new, size, low) if low else 0
            end = first_at_or_after(new, size, high, low=begin) if high else size
            new.seek(begin)
            own = new.read(end - begin).splitlines()
            names = [line for line in extra if line_order(line) >= low and (high is None or line_order(line) < high)]
            write_turtle(_unique(heapq.merge(own, names, key=line_order)), _Body(out), prefixes)
    return patched


def write_graph(lines: Path, out: BinaryIO, prefixes: dict[str, str], ontology: bytes,
                previous: tuple | None = None) -> TurtleIndex | None:
    """graph.ttl to ``out``: patched from ``previous`` ((the last graph.ttl, its index, the lines removed,
    the lines added), see ``patch``) where it can be, else written whole (``write_indexed``); its index."""
    if previous is not None:
        index = patch(previous[0], previous[1], lines, previous[2], previous[3], out, prefixes, ontology)
        if index is not None:
            return index
    return write_indexed(lines, out, prefixes, ontology)


def _segments(lines: Iterable[bytes]) -> Iterator[tuple[bytes, list[bytes]]]:
    """``lines`` (sorted) in runs of whole subjects of about ``SEGMENT_LINES`` lines, each with its first
    subject."""
    segment: list[bytes] = []
    subject = b""
    for line in lines:
        this = line[:line.index(b" ")]
        if this != subject and len(segment) >= SEGMENT_LINES:
            yield segment[0][:segment[0].index(b" ")], segment
            segment = []
        segment.append(line)
        subject = this
    if segment:
        yield segment[0][:segment[0].index(b" ")], segment


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Sorted ``lines`` without a line twice in a row (a term's name the data states too)."""
    last = None
    for line in lines:
        if line != last:
            yield line
        last = line


def _has_blank_nodes(lines: Path) -> bool:
    """Whether the lines file may hold a blank node (``_:``, anywhere: a literal that holds it counts too)."""
    with open(lines, "rb") as file:
        while chunk := file.read(1 << 23):
            if b"_:" in chunk:
                return True
            file.seek(-1, os.SEEK_CUR)  # "_:" across two reads
            if len(chunk) == 1:
                return False
    return False


def _header(prefixes: dict[str, str]) -> bytes:
    """The prefixes a graph.ttl of any lines starts with (Oxigraph writes them all, used or not)."""
    out = io.BytesIO()
    write_turtle([b"<urn:kg:header> <urn:kg:header> <urn:kg:header> ."], out, prefixes)
    return b"".join(line for line in out.getvalue().splitlines(keepends=True) if line.startswith(b"@prefix"))


class _Body(io.RawIOBase):
    """``out`` without the prefixes Turtle starts with (``write_turtle`` writes them first, whole lines)."""

    def __init__(self, out: BinaryIO):
        self._out, self._head = out, True

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        text = bytes(data)
        if self._head:
            end = 0
            while text.startswith(b"@prefix", end):
                end = text.index(b"\n", end) + 1
            if end == len(text):
                return len(data)
            self._head, text = False, text[end:]
        self._out.write(text)
        return len(data)
