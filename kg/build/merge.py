"""The graph's N-Triples lines, merged from its documents' parts: whole, or from the last build's by what changed.

A corpus's graph is the union of its parts' lines (one part a document,
and one for the links), sorted by ``kg.build.ntriples.line_order``. Merged whole,
that is a sort of every line: a second at 400 documents. After one edit,
the last build's lines change by one part: ``merge`` takes them (kept in
``MergeState`` with how many parts hold each line that several hold), drops
the lines only the replaced parts held, and inserts the new ones in place.
The result is the same list either way (a test compares them), and the
lines removed and added are what the store needs to change.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.build.entries import cache_entry
from kg.build.ntriples import line_order
from kg.files import write_atomic

STATE_FILE = "merged.state"  # in the build's cache folder (not a *.entry: the cache's pruning leaves it)
# Above this share of changed parts, merging whole is as quick as merging the change.
INCREMENTAL_SHARE = 0.2


@cache_entry
@dataclass
class MergeState:
    """A build's merged lines, what they were merged from, and the store they were loaded into."""

    inputs: str  # the digest of the ontology, shapes and kg version its parts were built with
    parts: dict[str, str]  # part name (a facts file's path, or "links") -> the part's cache key
    lines: list[bytes]
    held_by_several: dict[bytes, int]  # lines that several parts hold, and how many; the others, one
    store: str = ""  # the id of the store these lines were loaded into (kg.build.outputs), "" if none

    # Pickled with its lines as one bytes object: 571,000 small ones cost ten times as much. No line holds a newline.
    def __getstate__(self) -> dict:
        return {**self.__dict__, "lines": b"\n".join(self.lines)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, lines=state["lines"].split(b"\n") if state["lines"] else [])


@dataclass
class Merged:
    """The merged lines; with ``removed`` and ``added`` (sorted) when they were merged from a previous build."""

    lines: list[bytes]
    state: MergeState
    removed: list[bytes] | None = None
    added: list[bytes] | None = None
    previous_store: str = ""  # the store the previous lines are in, which the change applies to


def merge(parts: dict[str, tuple[str, list[bytes]]], inputs: str, previous: MergeState | None = None,
          previous_part: Callable[[str], list[bytes] | None] = lambda key: None) -> Merged:
    """Merge ``parts`` (name -> (cache key, lines)). From ``previous`` when few parts changed and
    ``previous_part(key)`` still has the lines of each part they replace; whole otherwise.

    >>> a, b = [b"<x> <p> <o> ."], [b"<x> <p> <o> .", b"<y> <p> <o> ."]
    >>> first = merge({"a": ("1", a), "b": ("2", b)}, "inputs")
    >>> first.lines
    [b'<x> <p> <o> .', b'<y> <p> <o> .']
    >>> again = merge({"a": ("1", a), "b": ("3", [])}, "inputs", first.state, {"2": b}.get)
    >>> again.lines, again.removed, again.added
    ([b'<x> <p> <o> .'], [b'<y> <p> <o> .'], [])
    """
    keys = {name: key for name, (key, _) in parts.items()}
    if previous is not None and previous.inputs == inputs:
        changed = sorted(name for name in set(keys) | set(previous.parts) if keys.get(name) != previous.parts.get(name))
        if len(changed) <= max(1.0, INCREMENTAL_SHARE * max(len(keys), len(previous.parts))):
            old = [previous_part(previous.parts[name]) for name in changed if name in previous.parts]
            if all(lines is not None for lines in old):
                new = [parts[name][1] for name in changed if name in parts]
                return _merge_change(previous, old, new, MergeState(inputs, keys, [], {}))
    held = Counter()
    for _, lines in parts.values():
        held.update(lines)
    lines = sorted(held, key=line_order)
    return Merged(lines, MergeState(inputs, keys, lines, {line: n for line, n in held.items() if n > 1}))


def _merge_change(previous: MergeState, old: list[list[bytes]], new: list[list[bytes]], state: MergeState) -> Merged:
    several = dict(previous.held_by_several)
    present = set(previous.lines)
    removed: set[bytes] = set()
    added: set[bytes] = set()
    for lines in old:
        for line in lines:
            count = several.get(line, 1)
            if count == 1:
                present.discard(line)
                removed.add(line)
            elif count == 2:
                del several[line]
            else:
                several[line] = count - 1
    for lines in new:
        for line in lines:
            if line in present:
                several[line] = several.get(line, 1) + 1
            else:
                present.add(line)
                if line in removed:
                    removed.discard(line)
                else:
                    added.add(line)
    kept = [line for line in previous.lines if line not in removed] if removed else list(previous.lines)
    inserted = sorted(added, key=line_order)
    lines, start = [], 0
    for line in inserted:
        at = bisect.bisect_left(kept, line_order(line), lo=start, key=line_order)
        lines.extend(kept[start:at])
        lines.append(line)
        start = at
    lines.extend(kept[start:])
    state.lines, state.held_by_several = lines, several
    return Merged(lines, state, sorted(removed, key=line_order), inserted, previous.store)


def read_state(cache_dir: Path) -> MergeState | None:
    """The last build's state in ``cache_dir``, or None: none, or one that does not verify or parse (kg.build.entries:
    then dropped, with a warning on the ``kg`` logger, and the lines are merged whole)."""
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

        path.unlink(missing_ok=True)
        logging.getLogger("kg").warning(f"{path}: dropped from the cache ({exc}); the lines are merged whole")
        return None
    return state


def write_state(cache_dir: Path, state: MergeState) -> None:
    from kg.build.entries import dumps

    write_atomic(cache_dir / STATE_FILE, dumps("merge-state", state))
