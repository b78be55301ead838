"""Sorted lines in files (kg.build.lines) and graph.ttl written as it is made (kg.build.turtle.write_turtle):
the merge of files gives every line once with its count, the search by seeks finds what a list search finds,
and the streamed Turtle is byte for byte the Turtle made whole in memory, as kg wrote graph.ttl before."""

from __future__ import annotations

import bisect
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.build import lines as lines_module
from kg.build.lines import first_at_or_after, merge_files, read_lines, with_vocabulary, write_lines
from kg.build.ntriples import _KGR_IRI, line_order
from kg.build.turtle import turtle_from_ntriples
from kg.facts.namespaces import KGR, PREFIXES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def corpus_lines(tmp_path_factory) -> list[bytes]:
    """The sorted lines of a generated corpus of twelve documents (benchmarks/corpus.py), built without validation."""
    from corpus import generate_corpus

    from kg.build.pipeline import build_corpus

    data = tmp_path_factory.mktemp("corpus") / "data"
    generate_corpus(12, data, seed=5)
    return build_corpus(data, ROOT / "ontology" / "kg.ttl", executor="serial").lines


def _whole_turtle(lines: list[bytes], prefixes: dict[str, str]) -> bytes:
    """graph.ttl as kg made it before it was streamed: Oxigraph's Turtle whole in memory, kgr: names put in by
    one substitution over it, the prefixes sorted. The reference the streamed writer must equal."""
    import pyoxigraph as ox

    from kg.build.ntriples import LinesReader

    triples = ox.parse(LinesReader(lines), format=ox.RdfFormat.N_TRIPLES)
    prefixes = {p: ns for p, ns in prefixes.items() if p != "kgr"}
    prefixes.update({p: str(ns) for p, ns in PREFIXES.items() if p != "kgr"})
    body = _KGR_IRI.sub(rb"kgr:\1", ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    end = 0
    while body.startswith(b"@prefix", end):
        end = body.index(b"\n", end) + 1
    return b"".join(sorted([f"@prefix kgr: <{KGR}> .\n".encode(), *body[:end].splitlines(keepends=True)])) + body[end:]


def test_streamed_turtle_is_the_turtle_made_whole(corpus_lines):
    assert len(corpus_lines) > 20_000
    prefixes = {"acme": "https://acme.example.org/ns#"}
    streamed = turtle_from_ntriples(iter(corpus_lines), prefixes)
    assert streamed == _whole_turtle(corpus_lines, prefixes)
    text = streamed.splitlines()
    head = [line for line in text if line.startswith(b"@prefix")]
    assert text[:len(head)] == head == sorted(head) and any(b"acme:" in line for line in head)  # one sorted head
    assert turtle_from_ntriples([]) == _whole_turtle([], {})


def test_merging_files_gives_each_line_once_with_how_many_files_hold_it(corpus_lines, tmp_path, monkeypatch):
    """Eleven overlapping slices of the corpus's lines, merged at once and in rounds of three files."""
    slices = [sorted(corpus_lines[i * 1500:i * 1500 + 4000], key=line_order) for i in range(11)]
    paths = [tmp_path / f"{i}.nt" for i in range(11)]
    for path, part in zip(paths, slices):
        write_lines(path, part)
    expected = Counter(line for part in slices for line in part)
    whole = list(merge_files(paths))
    assert [line for line, _ in whole] == sorted(expected, key=line_order)
    assert dict(whole) == expected and max(expected.values()) > 1
    monkeypatch.setattr(lines_module, "OPEN_FILES", 3)
    assert list(merge_files(paths, tmp_path)) == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)  # its rounds' files are gone


def test_a_search_by_seeks_finds_what_a_search_of_the_list_finds(corpus_lines, tmp_path):
    ordered = sorted(corpus_lines[::2], key=line_order)
    path = tmp_path / "lines.nt"
    write_lines(path, ordered)
    offsets = [0]
    for line in ordered:
        offsets.append(offsets[-1] + len(line) + 1)
    probes = corpus_lines[1::97] + ordered[::89] + [b"<> <p> <o> .", b"\xff <p> <o> ."]
    with open(path, "rb") as file:
        for window in (1, 512, 1 << 16):
            for probe in probes:
                expected = offsets[bisect.bisect_left(ordered, line_order(probe), key=line_order)]
                assert first_at_or_after(file, offsets[-1], line_order(probe), window=window) == expected


def test_the_vocabulary_goes_in_its_places_once(tmp_path):
    """Terms the lines use as values get the ontology's labels where they sort; a label the data states already
    is not repeated, and a term no line uses is not named."""
    label = b"<http://www.w3.org/2000/01/rdf-schema#label>"
    data = sorted([b"<https://acme.example.org/a> <https://acme.example.org/unit> <https://acme.example.org/gw> .",
                   b"<https://acme.example.org/z> <https://acme.example.org/unit> <https://acme.example.org/b> .",
                   b'<https://acme.example.org/b> ' + label + b' "Bluewave" .'], key=line_order)
    ontology = b"\n".join([b'<https://acme.example.org/gw> ' + label + b' "GW" .',
                           b'<https://acme.example.org/b> ' + label + b' "Bluewave" .',
                           b'<https://acme.example.org/mw> ' + label + b' "MW" .']) + b"\n"
    write_lines(tmp_path / "data.nt", data)
    got = list(with_vocabulary(tmp_path / "data.nt", ontology))
    assert got == sorted(set(data) | {b'<https://acme.example.org/gw> ' + label + b' "GW" .'}, key=line_order)
    assert list(read_lines(tmp_path / "data.nt")) == data


def test_lines_written_are_the_lines_read(corpus_lines, tmp_path):
    assert write_lines(tmp_path / "a.nt", corpus_lines) == len(corpus_lines)
    assert list(read_lines(tmp_path / "a.nt")) == corpus_lines


def _store_triples(folder: Path) -> set:
    import pyoxigraph as ox

    return {q.triple for q in ox.Store.read_only(str(folder)).quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_a_store_loaded_in_pieces_holds_every_line_and_one_node_per_blank_node(corpus_lines, tmp_path, monkeypatch):
    import pyoxigraph as ox

    from kg.build import oxigraph

    monkeypatch.setattr(oxigraph, "LOAD_CHUNK", 1 << 16)  # some tens of pieces for 12 documents
    path = tmp_path / "lines.nt"
    write_lines(path, corpus_lines)
    assert path.stat().st_size > 20 * oxigraph.LOAD_CHUNK
    loaded = oxigraph.stage_store(tmp_path / "store", path, b"")
    whole = ox.Store()
    whole.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    assert _store_triples(loaded) == {q.triple for q in whole} and len(whole) == len(corpus_lines)

    # A blank node named in two lines far apart stays one node: such a file is loaded whole.
    blank = [b'_:x <http://acme.example/p> "1" .'] + corpus_lines + [b"<http://acme.example/z> <http://acme.example/q> _:x ."]
    write_lines(path, blank)
    loaded = oxigraph.stage_store(tmp_path / "blank", path, b"")

    store = ox.Store.read_only(str(loaded))
    nodes = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode("http://acme.example/p"), None)}
    assert nodes == {q.object for q in store.quads_for_pattern(None, ox.NamedNode("http://acme.example/q"), None)}
    assert len(nodes) == 1 and len(store) == len(blank)


@pytest.mark.parametrize("open_files", [500, 2], ids=["at once", "in rounds"])
def test_the_shared_subjects_are_those_more_than_one_part_holds(corpus_lines, tmp_path, monkeypatch, open_files):
    from kg.build import shared

    monkeypatch.setattr(shared, "OPEN_FILES", open_files)
    # A subject's lines in one part, every third subject's in two, every fifth's in one more.
    number = {s: i for i, s in enumerate(dict.fromkeys(line.split(b" ", 1)[0] for line in corpus_lines))}

    def held(line: bytes) -> set[int]:
        i = number[line.split(b" ", 1)[0]]
        return {i % 7, (i + (i % 3 == 0)) % 7, (i + 2 * (i % 5 == 0)) % 7}

    parts = [[line for line in corpus_lines if k in held(line)] for k in range(7)]
    paths = [tmp_path / f"{k}.nt" for k in range(7)]
    for path, lines in zip(paths, parts):
        write_lines(path, lines)
    holders = Counter(subject for lines in parts for subject in {line.split(b" ", 1)[0] for line in lines})
    expected = {subject: count for subject, count in holders.items() if count > 1}
    assert shared.subject_holders(paths, tmp_path) == expected and 3 in expected.values()
    assert 0 < len(expected) < len(holders)
