"""A rebuild reads by the files' sizes and times (kg.build.reading): the files an edit did not touch are neither
read nor decoded again, and what it writes is what a fresh build writes."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from conftest import ONTOLOGY, ROOT

from kg.build.outputs import build_project
from kg.project import ProjectPaths

sys.path.insert(0, str(ROOT / "benchmarks"))


def _project(data: Path, out: Path) -> ProjectPaths:
    return ProjectPaths(data_dir=data, ontology_path=ONTOLOGY, out_dir=out)


@pytest.fixture
def data(tmp_path) -> Path:
    """Eight synthetic documents, written a minute ago (outside the clock's granularity of any build)."""
    from corpus import generate_corpus

    generate_corpus(8, tmp_path / "data", seed=5)
    _age(tmp_path / "data")
    return tmp_path / "data"


def _age(folder: Path, seconds: float = 60) -> None:
    then = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


def _statement_label(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(lines[i + 1] for i, line in enumerate(lines) if line == "    class: kgo:Statement")


def _rename(path: Path, old: str = "label: \"", new: str = "label: \"Renamed ") -> None:
    label = _statement_label(path)
    path.write_text(path.read_text(encoding="utf-8").replace(label, label.replace(old, new), 1), encoding="utf-8")


def _same_size_edit(path: Path) -> None:
    """Change one letter of a statement's label: the same size; then set the file's times back."""
    info = os.stat(path)
    label = _statement_label(path)
    at = label.index('"') + 1
    swapped = label[:at] + ("X" if label[at] != "X" else "Y") + label[at + 1:]
    path.write_text(path.read_text(encoding="utf-8").replace(label, swapped, 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_size == info.st_size


def test_a_rebuild_decodes_only_what_the_edit_touched_and_writes_what_a_fresh_build_writes(data, tmp_path,
                                                                                           monkeypatch):
    """After one edit of eight documents, no cached part and only the edited file's parses are decoded (its
    last one, to compare its declarations, and its new one, by its task); graph.ttl, the report, the merged
    lines and the reading's state are a fresh build's."""
    import kg.build.entries as entries
    from kg.build.reading import read_state

    out = tmp_path / "out"
    build_project(_project(data, out), executor="serial")
    decoded = []
    loads = entries.loads
    monkeypatch.setattr(entries, "loads", lambda data, kind, *base: (kind in ("facts", "part") and decoded.append(kind))
                        or loads(data, kind, *base))
    again = build_project(_project(data, out), executor="serial")
    assert again.reused == 8 and decoded == []  # nothing changed: nothing decoded
    facts = sorted((data / "facts").glob("*.yaml"))
    _rename(facts[3])
    edited = build_project(_project(data, out), executor="serial")
    assert edited.reused == 7 and sorted(decoded) == ["facts", "facts"]
    monkeypatch.undo()
    fresh = build_project(_project(data, tmp_path / "fresh"), executor="serial")
    for name in ("graph.ttl", "validation.json", ".cache/merged.lines"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    kept, whole = read_state(out / ".cache"), read_state(tmp_path / "fresh" / ".cache")
    assert kept["entities"] == whole["entities"]
    assert [row[3:] for row in kept["files"]] == [row[3:] for row in whole["files"]]  # but sizes and times
    assert edited.summary == fresh.summary


def test_a_change_that_keeps_the_size_and_the_time_is_seen_within_the_clocks_granularity(data, tmp_path):
    """Racy files, as git has them: a facts file changed (the same size, its time set back) just after the
    build that recorded it is hashed again and rebuilt; one whose recorded time was well before that build's
    record is taken as it was recorded (as documented), until its time moves."""
    out = tmp_path / "out"
    facts = sorted((data / "facts").glob("*.yaml"))
    os.utime(facts[2])  # now: within the granularity of the record the build makes
    before = build_project(_project(data, out)).graph_path.read_bytes()
    _same_size_edit(facts[2])
    seen = build_project(_project(data, out))
    assert seen.reused == 7 and seen.graph_path.read_bytes() != before
    # Well before the record: the same edit keeps the size and the time, and is not seen.
    _same_size_edit(facts[5])
    kept = (out / "graph.ttl").read_bytes()
    assert build_project(_project(data, out)).reused == 8 and (out / "graph.ttl").read_bytes() == kept
    os.utime(facts[5])  # touched: seen
    assert build_project(_project(data, out)).reused == 7
    fresh = build_project(_project(data, tmp_path / "fresh"))
    assert (out / "graph.ttl").read_bytes() == fresh.graph_path.read_bytes()


def test_a_declaration_that_clashes_after_a_rebuild_is_the_error_a_fresh_build_gives(data, tmp_path):
    """An entity several files declare, relabelled in one of them after a build: the rebuild stops with the
    error of a fresh build of the same files; set back, the rebuild writes the first build's bytes."""
    from kg.errors import FactError
    from kg.facts.folder import facts_files

    out = tmp_path / "out"
    first = build_project(_project(data, out)).graph_path.read_bytes()
    paths = facts_files(data)
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    shared = next(line[len("  - id: "):] for line in texts[paths[0]].splitlines() if line.startswith("  - id: ")
                  and sum(f"  - id: {line[len('  - id: '):]}\n" in t for t in texts.values()) >= 3)
    for holder in [p for p in paths if f"  - id: {shared}\n" in texts[p]][1:3]:  # not its first declaration
        start = texts[holder].index(f"  - id: {shared}\n")
        label = texts[holder].index("    label: \"", start)
        holder.write_text(texts[holder][:label] + "    label: \"Bluewave " + texts[holder][label + len("    label: \""):],
                          encoding="utf-8")
        with pytest.raises(FactError) as rebuilt:
            build_project(_project(data, out))
        with pytest.raises(FactError) as fresh:
            build_project(_project(data, tmp_path / "fresh"))
        assert str(rebuilt.value) == str(fresh.value) and "Bluewave" in str(rebuilt.value)
        holder.write_text(texts[holder], encoding="utf-8")
    assert build_project(_project(data, out)).graph_path.read_bytes() == first



def test_a_copied_project_rebuilds_nothing(data, tmp_path):
    """A project copied with its out/ (cp -a): its first build reads by the files' sizes and times as the
    original would, reuses every part, and changes nothing in graph.ttl; an edit there rebuilds one document."""
    project = tmp_path / "p"
    shutil.copytree(data, project / "data")
    build_project(_project(project / "data", project / "out"))
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, symlinks=True, copy_function=shutil.copy2)
    shutil.rmtree(project)
    again = build_project(_project(copy / "data", copy / "out"))
    assert again.reused == 8 and again.store_change == (0, 0)
    _rename(sorted((copy / "data" / "facts").glob("*.yaml"))[1])
    assert build_project(_project(copy / "data", copy / "out")).reused == 7
