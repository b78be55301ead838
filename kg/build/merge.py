"""The graph's N-Triples lines, merged from its documents' parts: whole, or from the last build's by what changed.

A corpus's graph is the union of its parts' lines (one part a document,
and one for the links), sorted by ``kg.build.ntriples.line_order``. Each part's
lines are a sorted file (``kg.build.lines``); merged whole, the graph is their
k-way merge, written to a file a line at a time, so the build's memory does
not grow with the corpus. After one edit, the last build's lines change by
one part: ``merge`` takes the last build's file (kept with a ``MergeState``
that counts the parts holding each line several hold), finds the lines of
the replaced and the new part in it by binary search, and copies it with
those taken out and put in. The result is the same file either way (a test
compares them), and the lines removed and added are what the store needs to
change.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from kg.build.entries import cache_entry
from kg.build.lines import copy_range, first_at_or_after, holds_subject, merge_files, read_lines, write_lines
from kg.build.ntriples import line_order
from kg.build.summary import Summary, changed_summary, summarize_ntriples
from kg.files import write_atomic

STATE_FILE = "merged.state"  # in the build's cache folder (not a *.entry: the cache's pruning leaves it)
# The state's store id and the lines' size, beside it: what a read command needs to know that the store holds the
# lines, without decoding the whole state (54 MB at 4,000 documents) for two values.
STAMP_FILE = "merged.stamp"
LINES_FILE = "merged.lines"  # beside it: the merged lines the state describes
# Above this share of changed parts, merging whole is as quick as merging the change.
INCREMENTAL_SHARE = 0.2


@cache_entry
@dataclass
class MergeState:
    """What a build's merged lines (``LINES_FILE``) were merged from, and the store they were loaded into."""

    inputs: str  # the digest of the ontology, shapes and kg version its parts were built with
    parts: dict[str, str]  # part name (a facts file's path, or "links") -> the part's cache key
    held_by_several: dict[bytes, int]  # lines that several parts hold, and how many; the others, one
    triples: int  # how many lines the file holds
    size: int  # its bytes: a file other than the one merged with this state is not merged from
    store: str = ""  # the id of the store these lines were loaded into (kg.build.outputs), "" if none
    # The subjects several parts hold (the shared nodes), and how many; the others, one or none. None:
    # not counted (a build that did not validate). Kept, like held_by_several, so that a rebuild counts
    # them from the parts it changes instead of every part's file.
    subject_holders: dict[bytes, int] | None = None
    shared: object = None  # kg.build.shared.SharedState: what validating the shared nodes found, or None
    turtle: object = None  # kg.build.graphfile.TurtleIndex: where graph.ttl's segments are, or None
    summary: Summary | None = None  # the counts kg build prints (kg.build.summary), or None


@dataclass
class Merged:
    """The merged lines, in a file (staged until ``write_state`` puts it in place); with ``removed`` and
    ``added`` (sorted) when they were merged from a previous build."""

    path: Path
    state: MergeState
    removed: list[bytes] | None = None
    added: list[bytes] | None = None
    previous_store: str = ""  # the store the previous lines are in, which the change applies to
    previous: MergeState | None = None  # the state of the lines these were merged from (by their change)

    def lines(self) -> Iterator[bytes]:
        """The merged lines, read from their file a buffer at a time."""
        return read_lines(self.path)


def merge(parts: dict[str, tuple[str, Path]], inputs: str, folder: Path, previous: MergeState | None = None,
          previous_part: Callable[[str], Path | None] = lambda key: None) -> Merged:
    """Merge ``parts`` (name -> (cache key, its sorted lines file)) into a file staged in ``folder``. From
    the last build's (``previous``, whose file is ``folder/LINES_FILE``) when few parts changed and
    ``previous_part(key)`` still has the file of each part they replace; whole otherwise.

    >>> import tempfile; from kg.build.lines import write_lines; folder = Path(tempfile.mkdtemp())
    >>> _ = [write_lines(folder / f"{n}.nt", lines) for n, lines in
    ...      [(1, [b"<x> <p> <o> ."]), (2, [b"<x> <p> <o> .", b"<y> <p> <o> ."]), (3, [])]]
    >>> first = merge({"a": ("1", folder / "1.nt"), "b": ("2", folder / "2.nt")}, "inputs", folder)
    >>> list(first.lines()), first.state.held_by_several
    ([b'<x> <p> <o> .', b'<y> <p> <o> .'], {b'<x> <p> <o> .': 2})
    >>> write_state(folder, first)
    >>> again = merge({"a": ("1", folder / "1.nt"), "b": ("3", folder / "3.nt")}, "inputs", folder,
    ...               read_state(folder), lambda key: folder / f"{key}.nt")
    >>> list(again.lines()), again.removed, again.added
    ([b'<x> <p> <o> .'], [b'<y> <p> <o> .'], [])
    """
    keys = {name: key for name, (key, _) in parts.items()}
    staged = folder / f".{LINES_FILE}.staged"
    if previous is not None and previous.inputs == inputs:
        changed = sorted(name for name in set(keys) | set(previous.parts) if keys.get(name) != previous.parts.get(name))
        if len(changed) <= max(1.0, INCREMENTAL_SHARE * max(len(keys), len(previous.parts))):
            old = [previous_part(previous.parts[name]) for name in changed if name in previous.parts]
            if all(path is not None for path in old):
                new = [parts[name][1] for name in changed if name in parts]
                merged = _merge_change(previous, folder / LINES_FILE, old, new, staged)
                if merged is not None:
                    merged.state.inputs, merged.state.parts = inputs, keys
                    return merged
    several: dict[bytes, int] = {}

    def unique() -> Iterator[bytes]:
        for line, copies in merge_files([path for _, path in parts.values()], folder):
            if copies > 1:
                several[line] = copies
            yield line

    triples = write_lines(staged, unique())
    return Merged(staged, MergeState(inputs, keys, several, triples, staged.stat().st_size))


def _merge_change(previous: MergeState, path: Path, old: list[Path], new: list[Path], staged: Path) -> Merged | None:
    """The previous build's lines (in ``path``) less the lines only the ``old`` parts held, with those of
    the ``new`` parts no other part held; None if the file does not hold what its state says (then the
    lines are merged whole)."""
    before, after, subjects = Counter(), Counter(), Counter()
    for parts, lines, sign in ((old, before, -1), (new, after, 1)):
        for part in parts:
            held = list(read_lines(part))
            lines.update(held)
            for subject in {line[:line.index(b" ")] for line in held}:
                subjects[subject] += sign
    several = dict(previous.held_by_several)
    removed, added = [], []
    writing = staged.with_name(staged.name + ".writing")
    try:
        with open(path, "rb") as source, open(writing, "wb") as out:
            position = 0
            for line in sorted(before.keys() | after.keys(), key=line_order):
                at = first_at_or_after(source, previous.size, line_order(line), low=position)
                source.seek(at)
                present = source.readline()[:-1] == line
                count = (several.get(line, 1) if present else 0) - before[line] + after[line]
                if count < 0 or (present and before[line] > several.get(line, 1)):
                    return None  # a line the old parts held is missing, or counted fewer times
                copy_range(source, out, position, at)
                position = at + (len(line) + 1 if present else 0)
                if count:
                    out.write(line + b"\n")
                if count > 1:
                    several[line] = count
                else:
                    several.pop(line, None)
                if present and not count:
                    removed.append(line)
                elif count and not present:
                    added.append(line)
            copy_range(source, out, position, previous.size)
            holders = _holders_after(previous, source, subjects)
        os.replace(writing, staged)
    finally:
        writing.unlink(missing_ok=True)
    triples = previous.triples - len(removed) + len(added)
    state = MergeState(previous.inputs, {}, several, triples, staged.stat().st_size, subject_holders=holders)
    return Merged(staged, state, removed, added, previous.store, previous)


def _holders_after(previous: MergeState, source: BinaryIO, change: Counter) -> dict[bytes, int] | None:
    """``previous.subject_holders`` changed by ``change`` (subject -> parts that hold it now less parts that
    did); a subject it does not count was held by one part if the previous lines (``source``) hold it."""
    if previous.subject_holders is None:
        return None
    holders = dict(previous.subject_holders)
    for subject, difference in change.items():
        if difference:
            count = holders.get(subject) or int(holds_subject(source, previous.size, subject))
            if count + difference > 1:
                holders[subject] = count + difference
            else:
                holders.pop(subject, None)
    return holders


def merged_summary(merged: Merged) -> Summary:
    """The counts of ``merged``'s lines (kept in its state): changed by the lines removed and added from the
    last build's, where it has them, else counted from the file."""
    previous = merged.previous
    if merged.removed is not None and previous is not None and previous.summary is not None:
        merged.state.summary = changed_summary(previous.summary, merged.removed, merged.added)
    else:
        merged.state.summary = summarize_ntriples(merged.lines())
    return merged.state.summary


def read_state(cache_dir: Path, drop: bool = True) -> MergeState | None:
    """The last build's state in ``cache_dir``, or None: none, one that does not verify or parse (kg.build.entries:
    an older format, say; the build that reads it drops it, with a warning on the ``kg`` logger, and merges the
    lines whole), or one whose lines file is missing or of another size. ``drop=False``: a read command, which
    changes nothing under out/ (it takes such a state as absent and leaves it to the next build)."""
    import kg.build.graphfile  # noqa: F401  (the classes a state holds, known to kg.build.entries)
    import kg.build.shared  # noqa: F401
    from kg.build.entries import BadEntry, loads

    path = cache_dir / STATE_FILE
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        state = loads(data, "merge-state")
        if not isinstance(state, MergeState):
            raise BadEntry(f"it holds a {type(state).__name__}, not a merge state")
    except BadEntry as exc:
        import logging

        if not drop:
            return None
        path.unlink(missing_ok=True)
        (cache_dir / STAMP_FILE).unlink(missing_ok=True)
        logging.getLogger("kg").warning(f"{path}: dropped from the cache ({exc}); the lines are merged whole")
        return None
    try:
        return state if (cache_dir / LINES_FILE).stat().st_size == state.size else None
    except OSError:
        return None


def write_state(cache_dir: Path, merged: Merged) -> None:
    """Put the merged lines in place in ``cache_dir`` with their state, for the next build to merge from."""
    from kg.build.entries import dumps

    (cache_dir / STAMP_FILE).unlink(missing_ok=True)  # no stamp or state ever describes another file
    (cache_dir / STATE_FILE).unlink(missing_ok=True)
    if merged.path != cache_dir / LINES_FILE:
        os.replace(merged.path, cache_dir / LINES_FILE)
        merged.path = cache_dir / LINES_FILE
    write_atomic(cache_dir / STATE_FILE, dumps("merge-state", merged.state))
    write_atomic(cache_dir / STAMP_FILE, f"{merged.state.store} {merged.state.size}\n".encode("ascii"))


def read_stamp(cache_dir: Path) -> tuple[str, int] | None:
    """The store id and lines' size of the state in ``cache_dir`` (``STAMP_FILE``), or None: no stamp, no state
    beside it (a build stopped between the two, or a state dropped), or one it cannot read. Reads no state."""
    try:
        store, size = (cache_dir / STAMP_FILE).read_text(encoding="ascii").split()
        return (store, int(size)) if (cache_dir / STATE_FILE).is_file() else None
    except (OSError, ValueError):
        return None
