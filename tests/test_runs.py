"""Finding subjects' runs in a sorted lines file by blocks and binary search (kg.build.runs), as the shared
nodes' validation does (kg.build.shared._runs): the same runs, statements and named nodes as a look at every
line gives, across block boundaries."""

from __future__ import annotations

import functools
import random

import pytest

from kg.build import shared
from kg.build.lines import write_lines
from kg.build.ntriples import line_order
from kg.build.runs import subject_blocks

KGR = "https://kg.example.org/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SUBJECT, TYPE = f"<{RDF}subject>".encode(), f"<{RDF}type>".encode()


def corpus(seed: int) -> tuple[list[bytes], list[bytes]]:
    """Lines of nodes (Acme, Bluewave, ... with ids that are prefixes of each other) and of statements that
    reify some of them, with a literal that holds the words of a statement's predicate; and the nodes."""
    rng = random.Random(seed)
    nodes = [f"<{KGR}{name}>".encode() for base in ("acme", "bluewave", "riverton")
             for name in (base, f"{base}-1", f"{base}-10", f"{base}-plant")] + [b"_:b1"]
    lines = set()
    for node in nodes:
        for number in range(rng.randint(1, 6)):
            lines.add(node + b" " + TYPE + f" <{KGR}Class{number}> .".encode())
            lines.add(node + f' <{KGR}says> "{SUBJECT.decode()} {node.decode()} ."@en .'.encode())
    for number in range(40):
        node, statement = rng.choice(nodes), f"<{KGR}statement/{number:04x}>".encode()
        lines.update({statement + b" " + TYPE + f" <{RDF}Statement> .".encode(),
                      statement + b" " + SUBJECT + b" " + node + b" .",
                      statement + f" <{RDF}object> <{KGR}acme-{number}> .".encode(),
                      statement + f" <http://www.w3.org/ns/prov#wasDerivedFrom> <{KGR}excerpt/{number}> .".encode()})
    return sorted(lines, key=line_order), nodes


def by_every_line(lines: list[bytes], wanted: set[bytes], nodes: set[bytes]):
    """The runs, statements and named nodes that ``shared._runs`` finds, from a look at every line."""
    every, statements, named, position = {}, {}, set(), 0
    for line in lines:
        subject, predicate, rest = line.split(b" ", 2)
        start, _ = every.get(subject, (position, 0))
        every[subject] = (start, position + len(line) + 1)
        if predicate == SUBJECT and rest[:-2] in nodes:
            statements.setdefault(rest[:-2], []).append(subject)
        position += len(line) + 1
    kept = wanted | {statement for found in statements.values() for statement in found}
    runs = {subject: run for subject, run in every.items() if subject in kept}
    for subject in runs:
        for line in lines:
            if line.startswith(subject + b" ") and line.split(b" ", 2)[2][:1] in (b"<", b"_"):
                named.add(line.split(b" ", 2)[2][:-2])
    return runs, statements, named


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("block", [64, 300, 1 << 20])
def test_runs_found_by_blocks_are_those_of_every_line(seed, block, tmp_path, monkeypatch):
    lines, nodes = corpus(seed)
    path = tmp_path / "merged.nt"
    write_lines(path, lines)
    monkeypatch.setattr(shared, "subject_blocks", functools.partial(subject_blocks, size=block))
    rng = random.Random(seed)
    sharing = set(rng.sample(nodes, 5))
    wanted = sharing | {f"<{KGR}absent>".encode(), f"<{KGR}acme-0>".encode()}
    assert shared._runs(path, wanted, sharing) == by_every_line(lines, wanted, sharing)
    data = path.read_bytes()
    runs = shared._runs(path, wanted, sharing)[0]
    assert all(data[start:end].splitlines() == [line for line in lines if line.startswith(subject + b" ")]
               for subject, (start, end) in runs.items())
    assert len(runs) > 5


def test_blocks_end_where_a_run_ends(tmp_path):
    lines, _ = corpus(1)
    path = tmp_path / "merged.nt"
    write_lines(path, lines)
    blocks = list(subject_blocks(path, 100))
    assert b"".join(block for _, block in blocks) == path.read_bytes()
    assert [offset for offset, _ in blocks] == [sum(len(b) for _, b in blocks[:i]) for i in range(len(blocks))]
    firsts = [block.split(b" ", 1)[0] for _, block in blocks]
    lasts = [block.rstrip(b"\n").rsplit(b"\n", 1)[-1].split(b" ", 1)[0] for _, block in blocks]
    assert all(last != first for last, first in zip(lasts, firsts[1:]))
