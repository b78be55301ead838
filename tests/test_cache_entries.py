"""A cache that cannot be turned against its user: out/.cache holds data (kg.build.entries), not pickle. A corrupt
entry, one of another kind, random bytes, a pickle that would run code: each is dropped with one warning and
computed again, and the build writes the bytes of a clean one."""

from __future__ import annotations

import pickle
import random
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ONTOLOGY, ROOT

from kg.build.entries import BadEntry, dumps, loads
from kg.cli import main

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, bytes]:
    """Three synthetic articles and the seed, built: the data and the clean build's graph.ttl."""
    from corpus import generate_corpus

    root = tmp_path_factory.mktemp("cache")
    generate_corpus(3, root / "data", seed=7)
    for kind in ("facts", "sources"):
        shutil.copytree(ROOT / "data" / kind, root / "data" / kind, dirs_exist_ok=True)
    result = build(root / "data", root / "out")
    assert result.exit_code == 0, result.output
    return root / "data", (root / "out" / "graph.ttl").read_bytes()


def build(data: Path, out: Path):
    return CliRunner().invoke(main, ["build", "--data", str(data), "--ontology", str(ONTOLOGY), "--out", str(out)])


@pytest.fixture
def project(built, tmp_path) -> tuple[Path, Path, bytes]:
    data, clean = built
    shutil.copytree(data.parent / "out", tmp_path / "out")
    return data, tmp_path / "out", clean


class Marker:
    """A pickle that, loaded, would create a file: the attack an old cache allowed."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def entries(out: Path) -> list[Path]:
    return sorted((out / ".cache").glob("*.entry"))


def damage(kind: str, out: Path, tmp_path: Path) -> int:
    """Damage the cache in one way; returns how many entries were damaged."""
    cache, found = out / ".cache", entries(out)
    if kind == "garbage reading state":
        (cache / "read.state").write_bytes(b"kg-cache 1\nread-state 00\n{garbage")
        return 1
    # The build reads the entries of the files that changed since its reading's state (kg.build.reading): gone,
    # it reads every one.
    (cache / "read.state").unlink()
    if kind == "garbage merge state":
        (cache / "merged.state").write_bytes(b"kg-cache 1\nmerge-state 00\n{garbage")
        return 1
    if kind == "pickled merge state":
        (cache / "merged.state").write_bytes(pickle.dumps(Marker(tmp_path / "owned")))
        return 1
    if kind == "entry of another kind":  # each facts entry under a part's key and the other way round
        facts = [p for p in found if b"\nfacts " in p.read_bytes()[:20]]
        parts = [p for p in found if b"\npart " in p.read_bytes()[:20]]
        for a, b in zip(facts, parts):
            a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
            a.write_bytes(b_bytes)
            b.write_bytes(a_bytes)
        return len(facts)
    if kind == "random blobs":
        rng = random.Random(4)
        for path in found:
            path.write_bytes(bytes(rng.randrange(256) for _ in range(200)))
        return len(found)
    if kind == "pickle entries":
        for path in found:
            path.write_bytes(pickle.dumps(Marker(tmp_path / "owned")))
        return len(found)
    if kind == "a class not on the list":
        from kg.build.entries import MAGIC, _digest

        forged = b'{"c":["Popen",["touch","owned"]]}'  # its digest verifies: it is the class that is refused
        for path in found:
            path.write_bytes(MAGIC + f"part {_digest('part', forged)}\n".encode() + forged)
        return len(found)
    if kind == "a flipped byte":
        for path in found:
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 1
            path.write_bytes(bytes(data))
        return len(found)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["garbage reading state", "garbage merge state", "pickled merge state", "entry of another kind",
                                  "random blobs", "pickle entries", "a class not on the list", "a flipped byte"])
def test_a_bad_cache_entry_is_dropped_with_one_warning_and_the_build_is_clean(project, tmp_path, kind):
    data, out, clean = project
    assert damage(kind, out, tmp_path) >= 1
    result = build(data, out)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "dropped from the cache" in line]
    assert len(warnings) == 1, result.stderr
    assert (out / "graph.ttl").read_bytes() == clean
    assert not (tmp_path / "owned").exists() and not Path("owned").exists()
    again = build(data, out)  # and the cache it left is whole
    assert again.exit_code == 0 and "dropped" not in again.stderr
    assert again.output.count("from the cache") == 1  # "N document(s), N of them from the cache"


def test_an_entry_round_trips_kg_values_and_refuses_anything_else():
    from decimal import Decimal

    from kg.build.report import Violation

    value = [Violation("kgr:x", None, "rdfs:label", "a label", "none", "Violation", "a.yaml:3"), Decimal("2.50"),
             {b"<a> <b> <c> .": 2}, (Path("x/y"), None)]
    assert loads(dumps("part", value), "part") == value
    for data in (b"", b"kg-cache 1\n", pickle.dumps(value), dumps("part", value)[:-3]):
        with pytest.raises(BadEntry):
            loads(data, "part")


def test_a_read_command_leaves_a_merge_state_it_cannot_read_to_the_next_build(project, tmp_path):
    """A merge state of an older format (a MergeState of fewer fields: its digest verifies, its content does not
    parse): the read commands take it as absent and change nothing under out/; the next build drops it, with
    its one warning, and writes its own."""
    from kg.api import Project
    from kg.build.entries import MAGIC, _digest

    data, out, _ = project
    older = b'{"c":["MergeState","inputs",{"d":[]},{"d":[]},0,0]}'
    state = out / ".cache" / "merged.state"
    state.write_bytes(MAGIC + f"merge-state {_digest('merge-state', older)}\n".encode() + older)
    # (out/.cache/inputs.stat, the record of the inputs' digests by size and time, a read may bring up to date.)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file() and path.name != "inputs.stat"}
    kg = Project(data.parent, data=data, ontology=ONTOLOGY, out=out)
    kg.export(tmp_path / "graph.nt")
    kg.export(tmp_path / "graph.ttl")
    assert int(next(iter(kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].toPython()) > 0
    assert kg.validate().conforms
    kg.viz(tmp_path / "viz.html")
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file() and path.name != "inputs.stat"} == before
    result = build(data, out)
    assert result.exit_code == 0 and "merged.state: dropped from the cache" in result.stderr
    assert state.read_bytes().startswith(MAGIC + b"merge-state ") and state.read_bytes() != before[state]
