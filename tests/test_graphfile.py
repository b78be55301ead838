"""graph.ttl written in segments with an index, and patched after a change (kg.build.graphfile): the bytes of a
whole write, every time, with only the segments a change falls in written again."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from kg.build import graphfile
from kg.build.lines import with_vocabulary, write_lines
from kg.build.ntriples import line_order
from kg.build.turtle import write_turtle
from kg.facts.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
PREFIX = {p: str(ns) for p, ns in PREFIXES.items()}
UNIT = b"<urn:acme:unit:bluewatt>"  # sorts after every https: subject, far from the line that uses it
# The ontology names the unit; only lines added below use it, so its name comes and goes with them.
ONTOLOGY = UNIT + b' <http://www.w3.org/2000/01/rdf-schema#label> "Bluewatt"@en .\n'


@pytest.fixture(scope="module")
def corpus_lines(tmp_path_factory) -> list[bytes]:
    from corpus import generate_corpus

    from kg.build.pipeline import build_corpus

    data = tmp_path_factory.mktemp("corpus") / "data"
    generate_corpus(6, data, seed=11)
    return build_corpus(data, ROOT / "ontology" / "kg.ttl", executor="serial").lines


def _whole(path: Path) -> bytes:
    out = io.BytesIO()
    write_turtle(with_vocabulary(path, ONTOLOGY), out, PREFIX)
    return out.getvalue()


def _write(path: Path, lines: list[bytes]) -> Path:
    write_lines(path, sorted(set(lines), key=line_order))
    return path


def _stamped(path: Path, index):
    stat = path.stat()
    index.size, index.mtime = stat.st_size, stat.st_mtime_ns
    return index


def test_a_patched_graph_file_is_the_file_written_whole(corpus_lines, tmp_path, monkeypatch):
    monkeypatch.setattr(graphfile, "SEGMENT_LINES", 500)
    lines = _write(tmp_path / "a.nt", corpus_lines)
    graph = tmp_path / "graph.ttl"
    with open(graph, "wb") as out:
        index = graphfile.write_indexed(lines, out, PREFIX, ONTOLOGY)
    assert graph.read_bytes() == _whole(lines) and len(index.offsets) > 20
    index = _stamped(graph, index)

    # A subject's lines go, another's change, a new subject comes, a line uses the unit (its name comes).
    subjects = list(dict.fromkeys(line.split(b" ", 1)[0] for line in corpus_lines))
    gone, changed = subjects[len(subjects) // 3], subjects[2 * len(subjects) // 3]
    new = [b"<https://acme.example.org/riverton> <https://acme.example.org/power> \"5\" .",
           b"<https://acme.example.org/riverton> <https://acme.example.org/unit> " + UNIT + b" .",
           changed + b" <https://acme.example.org/note> \"edited\" ."]
    after = [line for line in corpus_lines if not line.startswith(gone + b" ")] + new
    for step, (old, now) in enumerate([(corpus_lines, after), (after, corpus_lines)]):  # and back: the name goes
        path = _write(tmp_path / f"{step}.nt", now)
        removed, added = sorted(set(old) - set(now), key=line_order), sorted(set(now) - set(old), key=line_order)
        written = []
        real = graphfile.write_turtle
        monkeypatch.setattr(graphfile, "write_turtle", lambda lines, *rest: written.append(1) or real(lines, *rest))
        staged = tmp_path / f"graph{step}.ttl"
        with open(staged, "wb") as out:
            index = graphfile.patch(graph, index, path, removed, added, out, PREFIX, ONTOLOGY)
        monkeypatch.setattr(graphfile, "write_turtle", real)
        assert staged.read_bytes() == _whole(path)
        assert 0 < len(written) <= 4 < len(index.offsets)  # the segments the change falls in, no more
        os.replace(staged, graph)
        index = _stamped(graph, index)


def test_a_graph_file_changed_since_is_not_patched(corpus_lines, tmp_path):
    lines = _write(tmp_path / "a.nt", corpus_lines)
    graph = tmp_path / "graph.ttl"
    with open(graph, "wb") as out:
        index = graphfile.write_indexed(lines, out, PREFIX, ONTOLOGY)
    index = _stamped(graph, index)
    assert graphfile.patch(graph, index, lines, [], [], io.BytesIO(), PREFIX, ONTOLOGY) is not None
    with open(graph, "ab") as out:
        out.write(b"# a note of one's own\n")
    assert graphfile.patch(graph, index, lines, [], [], io.BytesIO(), PREFIX, ONTOLOGY) is None


def test_lines_with_blank_nodes_are_written_whole_without_an_index(tmp_path):
    lines = _write(tmp_path / "b.nt", [b"_:b1 <https://acme.example.org/p> \"x\" .",
                                      b"<https://acme.example.org/a> <https://acme.example.org/p> _:b1 ."])
    out = io.BytesIO()
    assert graphfile.write_indexed(lines, out, PREFIX, ONTOLOGY) is None
    assert out.getvalue() == _whole(lines)
